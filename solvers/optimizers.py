"""Parameter updates of SGD, Momentum (textbook and PyTorch forms), Nesterov, AdaGrad, RMSProp, Adam, AdamW.

Every iteration's state (g, v, h, m, m̂, v̂, w) is a step.  Gradients come either as a given sequence
or from a function of the parameters that SymPy differentiates.  Values stay exact (rationals, or
SymPy expressions once a square root appears) as long as they stay short; when they grow too long
to read — a polynomial gradient doubles the digits every step — the run continues with 30-digit
floats and a note says from which step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeAlias

import sympy

from solvers.errors import SolverError
from solvers.exact import exact_real as _exact
from solvers.expr import parse_sympy
from solvers.numbers import fmt
from solvers.steps import Bilingual, Solution, Step

METHODS = ("sgd", "momentum", "momentum-torch", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
MAX_STEPS = 100
MAX_PARAMETERS = 10
EXACT_TEXT_LIMIT = 160  # characters of an exact value before switching to floats
FLOAT_DIGITS = 30
DIVERGENCE_LIMIT = 10**100

#: PyTorch's default ε per method (torch.optim.Adagrad 1e-10, RMSprop/Adam/AdamW 1e-8)
DEFAULT_EPS = {"adagrad": sympy.Rational(1, 10**10), "rmsprop": sympy.Rational(1, 10**8),
               "adam": sympy.Rational(1, 10**8), "adamw": sympy.Rational(1, 10**8)}

Number: TypeAlias = int | float | Fraction | sympy.Basic


def _check_range(name: str, value: Any, low: Any, high: Any | None, high_open: bool = True) -> None:
    too_high = high is not None and (value >= high if high_open else value > high)
    if value < low or too_high:
        bound = f"[{low}, {high})" if high is not None and high_open else (f"[{low}, {high}]" if high is not None else f"≥ {low}")
        raise SolverError(f"{name} must be in {bound}, got {value}", f"{name} は {bound} の範囲で指定してください ({value})")


def _show(value: Any) -> str:
    """A short display string: short rationals exactly, anything longer as 6 significant digits."""
    if isinstance(value, sympy.Rational) and len(str(value)) <= 12:
        return str(value)
    return fmt(float(value))


def _signed(value: Any) -> str:
    """``_show`` wrapped in parentheses when it is negative or a fraction, for use as an operand."""
    text = _show(value)
    return f"({text})" if text.startswith("-") or "/" in text else text


@dataclass
class _Run:
    """The state of one optimisation: parameters, per-method buffers, and the steps written so far."""

    method: str
    names: list[str]
    w: list[Any]
    lr: Any
    hyper: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    notes: list[Bilingual] = field(default_factory=list)
    buffers: dict[str, list[Any]] = field(default_factory=dict)
    exact: bool = True
    t: int = 0

    def vector(self, parts: Sequence[str]) -> str:
        return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"

    def value(self, values: list[Any]) -> Any:
        return values[0] if len(values) == 1 else list(values)

    def add(self, ja: str, en: str, formula: str, parts: Sequence[str], values: list[Any], quantity: str,
            final: bool = False) -> None:
        """Record one quantity of iteration t; after the first iteration only the w update stays unfolded."""
        kind = "step" if self.t == 1 or final else "iteration-detail"
        self.steps.append(Step(Bilingual(f"t = {self.t}: {ja}", f"t = {self.t}: {en}"), formula=formula,
                               substituted=self.vector(parts), result=self.value(values), kind=kind,
                               data={"t": self.t, "quantity": quantity}))


def _elementwise(run: _Run, name: str, values: list[Any]) -> list[Any]:
    run.buffers[name] = values
    return values


def _update_w(run: _Run, delta_text: Callable[[int], str], new_w: list[Any], formula: str) -> None:
    parts = [f"{_show(run.w[i])} {delta_text(i)}" for i in range(len(run.w))]
    run.w = new_w
    run.add("パラメータを更新", "update the parameters", formula, parts, new_w, "w", final=True)


def _sgd(run: _Run, g: list[Any]) -> None:
    lr = run.lr
    _update_w(run, lambda i: f"− {_signed(lr)}×{_signed(g[i])}", [w - lr * gi for w, gi in zip(run.w, g, strict=True)],
              "w ← w − η·g")


def _momentum_textbook(run: _Run, g: list[Any]) -> None:
    alpha, lr = run.hyper["momentum"], run.lr
    old = run.buffers.get("v", [sympy.Integer(0)] * len(g))
    v = _elementwise(run, "v", [alpha * vi - lr * gi for vi, gi in zip(old, g, strict=True)])
    run.add("速度 v を更新 (教科書の形、v₀ = 0)", "update the velocity v (textbook form, v₀ = 0)", "v ← αv − η·g",
            [f"{_signed(alpha)}×{_signed(o)} − {_signed(lr)}×{_signed(gi)}" for o, gi in zip(old, g, strict=True)], v, "v")
    _update_w(run, lambda i: f"+ {_signed(v[i])}", [w + vi for w, vi in zip(run.w, v, strict=True)], "w ← w + v")


def _momentum_buffer(run: _Run, g: list[Any]) -> list[Any]:
    mu = run.hyper["momentum"]
    old = run.buffers.get("v", [sympy.Integer(0)] * len(g))
    v = _elementwise(run, "v", [mu * vi + gi for vi, gi in zip(old, g, strict=True)])
    run.add("バッファ v を更新 (PyTorch の形、v₀ = 0 なので v₁ = g₁)",
            "update the buffer v (PyTorch form; v₀ = 0 so v₁ = g₁)", "v ← μv + g",
            [f"{_signed(mu)}×{_signed(o)} + {_signed(gi)}" for o, gi in zip(old, g, strict=True)], v, "v")
    return v


def _momentum_torch(run: _Run, g: list[Any]) -> None:
    v, lr = _momentum_buffer(run, g), run.lr
    _update_w(run, lambda i: f"− {_signed(lr)}×{_signed(v[i])}", [w - lr * vi for w, vi in zip(run.w, v, strict=True)],
              "w ← w − η·v")


def _nesterov(run: _Run, g: list[Any]) -> None:
    v, mu, lr = _momentum_buffer(run, g), run.hyper["momentum"], run.lr
    look = [gi + mu * vi for gi, vi in zip(g, v, strict=True)]
    run.add("Nesterov の先読み勾配 (PyTorch の nesterov=True)", "Nesterov look-ahead gradient (PyTorch nesterov=True)",
            "g′ = g + μv", [f"{_signed(gi)} + {_signed(mu)}×{_signed(vi)}" for gi, vi in zip(g, v, strict=True)], look, "g_nesterov")
    _update_w(run, lambda i: f"− {_signed(lr)}×{_signed(look[i])}", [w - lr * d for w, d in zip(run.w, look, strict=True)],
              "w ← w − η·g′")


def _scaled_step(run: _Run, g: list[Any], h: list[Any], formula: str) -> None:
    """w ← w − η·g/(√h + ε), refusing a zero denominator (possible only with ε = 0)."""
    lr, eps = run.lr, run.hyper["eps"]
    denominators = [sympy.sqrt(hi) + eps for hi in h]
    if any(d == 0 for d in denominators):
        raise SolverError(f"t = {run.t}: √h + ε = 0 (division by zero); use ε > 0",
                          f"t = {run.t}: √h + ε = 0 (ゼロ除算) です。ε > 0 を指定してください")
    new_w = [w - lr * gi / d for w, gi, d in zip(run.w, g, denominators, strict=True)]
    _update_w(run, lambda i: f"− {_signed(lr)}×{_signed(g[i])}/(√{_signed(h[i])} + {_signed(eps)})", new_w, formula)


def _adagrad(run: _Run, g: list[Any]) -> None:
    old = run.buffers.get("h", [sympy.Integer(0)] * len(g))
    h = _elementwise(run, "h", [hi + gi * gi for hi, gi in zip(old, g, strict=True)])
    run.add("勾配の二乗和 h を更新", "accumulate the squared gradients h", "h ← h + g⊙g",
            [f"{_signed(o)} + {_signed(gi)}²" for o, gi in zip(old, g, strict=True)], h, "h")
    _scaled_step(run, g, h, "w ← w − η·g/(√h + ε)")


def _rmsprop(run: _Run, g: list[Any]) -> None:
    rho = run.hyper["rho"]
    old = run.buffers.get("h", [sympy.Integer(0)] * len(g))
    h = _elementwise(run, "h", [rho * hi + (1 - rho) * gi * gi for hi, gi in zip(old, g, strict=True)])
    run.add("勾配の二乗の指数移動平均 h を更新", "update the moving average of squared gradients h",
            "h ← ρh + (1 − ρ)·g⊙g",
            [f"{_signed(rho)}×{_signed(o)} + {_signed(1 - rho)}×{_signed(gi)}²" for o, gi in zip(old, g, strict=True)], h, "h")
    _scaled_step(run, g, h, "w ← w − η·g/(√h + ε)")


def _adam(run: _Run, g: list[Any]) -> None:
    b1, b2, eps, lr, t = run.hyper["beta1"], run.hyper["beta2"], run.hyper["eps"], run.lr, run.t
    zeros = [sympy.Integer(0)] * len(g)
    old_m, old_v = run.buffers.get("m", zeros), run.buffers.get("v", zeros)
    m = _elementwise(run, "m", [b1 * mi + (1 - b1) * gi for mi, gi in zip(old_m, g, strict=True)])
    run.add("1次モーメント m (勾配の移動平均)", "first moment m (moving average of g)", "m ← β₁m + (1 − β₁)·g",
            [f"{_signed(b1)}×{_signed(o)} + {_signed(1 - b1)}×{_signed(gi)}" for o, gi in zip(old_m, g, strict=True)], m, "m")
    v = _elementwise(run, "v", [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(old_v, g, strict=True)])
    run.add("2次モーメント v (勾配の二乗の移動平均)", "second moment v (moving average of g²)", "v ← β₂v + (1 − β₂)·g⊙g",
            [f"{_signed(b2)}×{_signed(o)} + {_signed(1 - b2)}×{_signed(gi)}²" for o, gi in zip(old_v, g, strict=True)], v, "v")
    c1, c2 = 1 - b1**t, 1 - b2**t
    m_hat = [mi / c1 for mi in m]
    run.add("バイアス補正 m̂ (初期値 0 による過小評価を補正)", "bias correction m̂ (undoes the pull towards the zero start)",
            f"m̂ = m/(1 − β₁^t) = m/(1 − {_signed(b1)}^{t})", [f"{_signed(mi)}/{_signed(c1)}" for mi in m], m_hat, "m_hat")
    v_hat = [vi / c2 for vi in v]
    run.add("バイアス補正 v̂", "bias correction v̂", f"v̂ = v/(1 − β₂^t) = v/(1 − {_signed(b2)}^{t})",
            [f"{_signed(vi)}/{_signed(c2)}" for vi in v], v_hat, "v_hat")
    denominators = [sympy.sqrt(vh) + eps for vh in v_hat]
    if any(d == 0 for d in denominators):
        raise SolverError(f"t = {t}: √v̂ + ε = 0 (division by zero); use ε > 0",
                          f"t = {t}: √v̂ + ε = 0 (ゼロ除算) です。ε > 0 を指定してください")
    new_w = [w - lr * mh / d for w, mh, d in zip(run.w, m_hat, denominators, strict=True)]
    _update_w(run, lambda i: f"− {_signed(lr)}×{_signed(m_hat[i])}/(√{_signed(v_hat[i])} + {_signed(eps)})", new_w,
              "w ← w − η·m̂/(√v̂ + ε)")


def _decoupled_decay(run: _Run) -> None:
    lr, lam = run.lr, run.hyper["weight_decay"]
    if lam == 0:
        return
    new_w = [w - lr * lam * w for w in run.w]
    run.add("重み減衰を勾配と切り離して適用 (AdamW)", "decoupled weight decay (AdamW)", "w ← w − η·λ·w",
            [f"{_show(w)} − {_signed(lr)}×{_signed(lam)}×{_signed(w)}" for w in run.w], new_w, "w_decayed")
    run.w = new_w


UPDATES: dict[str, Callable[[_Run, list[Any]], None]] = {
    "sgd": _sgd, "momentum": _momentum_textbook, "momentum-torch": _momentum_torch, "nesterov": _nesterov,
    "adagrad": _adagrad, "rmsprop": _rmsprop, "adam": _adam, "adamw": _adam,
}

NOTES: dict[str, Bilingual] = {
    "momentum": Bilingual(
        "教科書 (ゼロから作るDeep Learning) の形: v ← αv − η∇L, w ← w + v。PyTorch の形 (momentum-torch) とは"
        " v の定義が −η 倍違うだけで、学習率が一定なら同じ軌跡になる。",
        "Textbook form (Deep Learning from Scratch): v ← αv − η∇L, w ← w + v. PyTorch's form (momentum-torch) only"
        " scales v by −η, so with a constant learning rate both give the same trajectory."),
    "momentum-torch": Bilingual(
        "PyTorch (torch.optim.SGD の momentum) の形: v ← μv + g, w ← w − ηv。教科書の形とは v の定義が −η 倍違う。",
        "PyTorch form (torch.optim.SGD with momentum): v ← μv + g, w ← w − ηv; the textbook v is −η times this v."),
    "nesterov": Bilingual(
        "PyTorch の nesterov=True の形 (Sutskever らの書き換え): 勾配は現在の w で計算し、先読みを g + μv として更新に含める。",
        "PyTorch's nesterov=True form (Sutskever et al.'s rewrite): the gradient is taken at the current w and the"
        " look-ahead enters the update as g + μv."),
    "adagrad": Bilingual("ε は平方根の外 (√h + ε)。PyTorch の Adagrad も同じ (既定 ε = 1e−10)。",
                         "ε sits outside the square root (√h + ε), as in torch.optim.Adagrad (default ε = 1e−10)."),
    "rmsprop": Bilingual("ε は平方根の外 (√h + ε)。PyTorch の RMSprop も同じで、ρ は引数 alpha (既定 0.99, ε = 1e−8)。",
                         "ε sits outside the square root (√h + ε), as in torch.optim.RMSprop, where ρ is the argument"
                         " alpha (default 0.99, ε = 1e−8)."),
    "adam": Bilingual("バイアス補正つき Adam (Kingma & Ba)。torch.optim.Adam と同じ (既定 β₁ = 0.9, β₂ = 0.999, ε = 1e−8)。",
                      "Adam with bias correction (Kingma & Ba), as torch.optim.Adam (defaults β₁ = 0.9, β₂ = 0.999,"
                      " ε = 1e−8)."),
    "adamw": Bilingual("AdamW: 重み減衰 w ← w − ηλw を勾配に混ぜずに先に適用する (torch.optim.AdamW、既定 λ = 0.01)。",
                       "AdamW: the weight decay w ← w − ηλw is applied first, decoupled from the gradient"
                       " (torch.optim.AdamW, default λ = 0.01)."),
}


def _as_vector(item: Any, what: str) -> list[Any]:
    values = list(item) if isinstance(item, list | tuple) else [item]
    if not values:
        raise SolverError(f"{what}: empty gradient", f"{what}: 勾配が空です")
    return [_exact(v, what) for v in values]


def _start_point(start: Any, dimension: int | None, function_names: list[str] | None) -> tuple[list[str], list[Any]]:
    """Names and exact values of the start point; zeros when no start is given for given gradients."""
    if isinstance(start, Mapping):
        names = [str(k) for k in start]
        values = [_exact(v, f"start {k}") for k, v in start.items()]
    elif start is None:
        if function_names is not None:
            raise SolverError("a start point is needed with a function (e.g. x=1,y=2)",
                              "関数を指定するときは初期値が必要です (例: x=1,y=2)")
        names, values = [], [sympy.Integer(0)] * (dimension or 1)
    else:
        values = _as_vector(start, "start")
        names = function_names if function_names is not None and len(function_names) == len(values) else []
    if not names:
        names = ["w"] if len(values) == 1 else [f"w{i + 1}" for i in range(len(values))]
    if dimension is not None and len(values) != dimension:
        raise SolverError(f"the start point has {len(values)} values but the gradients have {dimension}",
                          f"初期値は {len(values)} 個、勾配は {dimension} 個で一致しません")
    if len(values) > MAX_PARAMETERS:
        raise SolverError(f"at most {MAX_PARAMETERS} parameters", f"パラメータは {MAX_PARAMETERS} 個までです")
    return names, values


def _too_long(value: Any) -> bool:
    return len(str(value)) > EXACT_TEXT_LIMIT


def _check_finite(run: _Run, values: list[Any], what: str) -> None:
    for value in values:
        if value.has(sympy.zoo, sympy.nan, sympy.oo, sympy.I) or value.is_extended_real is False:
            raise SolverError(f"t = {run.t}: the {what} is not a finite real number here ({value})",
                              f"t = {run.t}: {what} がこの点で有限の実数になりません ({value})")
        if abs(float(value)) > DIVERGENCE_LIMIT:
            # at t = 1 nothing has had time to diverge: the given values themselves were already too large
            if run.t <= 1:
                raise SolverError(f"t = {run.t}: |{what}| exceeds 1e100 — the values overflowed (use smaller inputs)",
                                  f"t = {run.t}: |{what}| が 1e100 を超えました。値が大きすぎてあふれています"
                                  " (入力を小さくしてください)")
            raise SolverError(f"t = {run.t}: |{what}| exceeds 1e100 — the method diverges with this learning rate",
                              f"t = {run.t}: |{what}| が 1e100 を超えました。この学習率では発散します")


def _maybe_switch_to_floats(run: _Run) -> None:
    """Continue in 30-digit floats once an exact value is too long to be worth reading."""
    every = run.w + [v for values in run.buffers.values() for v in values]
    if not run.exact or not any(_too_long(v) for v in every):
        return
    run.exact = False
    run.w = [v.evalf(FLOAT_DIGITS) for v in run.w]
    run.buffers = {k: [v.evalf(FLOAT_DIGITS) for v in vs] for k, vs in run.buffers.items()}
    run.notes.append(Bilingual(
        f"t = {run.t} の後、厳密な値が長くなりすぎたため、以降は有効数字 {FLOAT_DIGITS} 桁の浮動小数点で計算した。",
        f"After t = {run.t} the exact values became too long to read, so the rest is computed with"
        f" {FLOAT_DIGITS}-digit floats."))


def optimize(method: str, lr: Number, *, grads: Sequence[Any] | None = None, function: str | None = None,
             start: Mapping[str, Number] | Sequence[Number] | Number | None = None, steps: int | None = None,
             momentum: Number = Fraction(9, 10), beta1: Number = Fraction(9, 10), beta2: Number = Fraction(999, 1000),
             rho: Number = Fraction(99, 100), eps: Number | None = None, weight_decay: Number | None = None) -> Solution:
    """Run ``steps`` iterations of ``method`` and show every state.

    Give either ``grads`` (one scalar or vector per step; ``start`` defaults to zeros, which does not
    change the updates Δw unless there is weight decay) or ``function`` (text such as
    ``x**2 + 3*y**2``, parsed safely) with a ``start`` point such as ``{"x": 1, "y": 2}``.
    ``weight_decay`` is coupled L2 (g ← g + λw, as ``torch.optim`` does) except for ``adamw``, where it
    is decoupled; ``adamw`` defaults to λ = 0.01 like PyTorch.
    """
    if method not in METHODS:
        raise SolverError(f"unknown method '{method}' (choose from {', '.join(METHODS)})",
                          f"手法 '{method}' は未対応です ({', '.join(METHODS)} から選択)")
    if (grads is None) == (function is None):
        raise SolverError("give either gradients or a function", "勾配の列か関数のどちらか一方を指定してください")
    eta = _exact(lr, "lr")
    _check_range("lr", eta, 0, None)
    if eta == 0:
        raise SolverError("lr must be positive", "学習率は正の値にしてください")
    hyper = {"momentum": _exact(momentum, "momentum"), "beta1": _exact(beta1, "beta1"), "beta2": _exact(beta2, "beta2"),
             "rho": _exact(rho, "rho"),
             "eps": _exact(eps, "eps") if eps is not None else DEFAULT_EPS.get(method, sympy.Integer(0)),
             "weight_decay": _exact(weight_decay, "weight_decay") if weight_decay is not None
             else (sympy.Rational(1, 100) if method == "adamw" else sympy.Integer(0))}
    for name in ("momentum", "beta1", "beta2", "rho"):
        _check_range(name, hyper[name], 0, 1)
    _check_range("eps", hyper["eps"], 0, None)
    _check_range("weight_decay", hyper["weight_decay"], 0, None)

    gradient_list: list[list[Any]] = []
    derivatives: list[Any] = []
    objective: Any = None
    symbols: list[sympy.Symbol] = []
    if grads is not None:
        gradient_list = [_as_vector(g, f"gradient {i + 1}") for i, g in enumerate(grads)]
        if not gradient_list or len(gradient_list) > MAX_STEPS:
            raise SolverError(f"give between 1 and {MAX_STEPS} gradients", f"勾配は 1〜{MAX_STEPS} 個で指定してください")
        if len({len(g) for g in gradient_list}) != 1:
            raise SolverError("all gradients must have the same length", "勾配の長さをそろえてください")
        if steps is not None and steps != len(gradient_list):
            raise SolverError(f"--steps {steps} but {len(gradient_list)} gradients were given",
                              f"ステップ数 {steps} と勾配の個数 {len(gradient_list)} が一致しません")
        count = len(gradient_list)
        names, w0 = _start_point(start, len(gradient_list[0]), None)
    else:
        assert function is not None
        count = 1 if steps is None else steps
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_STEPS:
            raise SolverError(f"steps must be an integer from 1 to {MAX_STEPS}", f"ステップ数は 1〜{MAX_STEPS} の整数です")
        given_names = [str(k) for k in start] if isinstance(start, Mapping) else None
        objective, by_name = parse_sympy(function, given_names)
        names, w0 = _start_point(start, None, list(by_name))
        if given_names is None and len(by_name) != len(w0):
            raise SolverError("name the start values (e.g. x=1,y=2)", "初期値に変数名をつけてください (例: x=1,y=2)")
        symbols = [by_name.get(n, sympy.Symbol(n, real=True)) for n in names]
        derivatives = [sympy.diff(objective, s) for s in symbols]

    run = _Run(method, names, list(w0), eta, hyper)
    trajectory: list[list[Any]] = [[0, *w0] + ([objective.subs(dict(zip(symbols, w0, strict=True)))] if function else [])]
    if function:
        run.steps.append(Step(
            Bilingual("勾配を偏微分で求める", "the gradient by partial differentiation"),
            formula="∇f = (" + ", ".join(f"∂f/∂{n}" for n in names) + ")",
            substituted=f"f = {objective}", result=run.value(derivatives), data={"gradient": [str(d) for d in derivatives]}))
    for t in range(1, count + 1):
        run.t = t
        if grads is not None:
            g = gradient_list[t - 1]
        else:
            point = dict(zip(symbols, run.w, strict=True))
            g = [d.subs(point) for d in derivatives]
        _check_finite(run, g, "gradient")
        where = "(" + ", ".join(f"{n} = {_show(w)}" for n, w in zip(names, run.w, strict=True)) + ")"
        run.add("勾配" if grads is not None else f"勾配を {where} で評価", "gradient" if grads is not None else f"gradient at {where}",
                "g = ∇L(w)", [_show(gi) for gi in g], g, "g")
        lam = hyper["weight_decay"]
        if lam != 0 and method != "adamw":
            g = [gi + lam * w for gi, w in zip(g, run.w, strict=True)]
            run.add("重み減衰 (L2) を勾配に加える (torch.optim の weight_decay)", "add L2 weight decay to the gradient"
                    " (torch.optim weight_decay)", "g ← g + λw", [_show(gi) for gi in g], g, "g_decayed")
        if method == "adamw":
            _decoupled_decay(run)
        UPDATES[method](run, g)
        _check_finite(run, run.w, "parameter")
        if function:
            trajectory.append([t, *run.w, objective.subs(dict(zip(symbols, run.w, strict=True)))])
        else:
            trajectory.append([t, *run.w])
        _maybe_switch_to_floats(run)

    header = ["t", *names] + (["f"] if function else [])
    run.steps.append(Step(Bilingual("パラメータの推移", "trajectory of the parameters"),
                          formula=" | ".join(header), result=trajectory, data={"columns": header}))
    notes = [NOTES[method], *run.notes] if method in NOTES else run.notes
    inputs: dict[str, Any] = {"method": method, "lr": eta, "steps": count, "names": names, "start": list(w0),
                              **{k: v for k, v in hyper.items() if _uses(method, k)}}
    if function:
        inputs["function"] = function
    else:
        inputs["grads"] = gradient_list
    return Solution("optimizer", inputs, run.value(run.w), run.steps, notes=notes)


def _uses(method: str, hyper: str) -> bool:
    """Which hyper-parameters a method reads, so that the echoed inputs show only those."""
    needs = {"momentum": ("momentum",), "momentum-torch": ("momentum",), "nesterov": ("momentum",),
             "adagrad": ("eps",), "rmsprop": ("rho", "eps"), "adam": ("beta1", "beta2", "eps"),
             "adamw": ("beta1", "beta2", "eps")}
    return hyper == "weight_decay" or hyper in needs.get(method, ())
