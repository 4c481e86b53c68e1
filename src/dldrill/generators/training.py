"""Generators for training computations: optimizer updates, backpropagation on a small graph, batch
normalisation, and (model compression) quantization and distillation losses."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.cnn import shown_decimal
from dldrill.generators.conventions import INT_HINT, THREE_HINT, THREE_PLACES
from dldrill.generators.conventions import short_number as _num
from dldrill.generators.conventions import slip as _mistake
from dldrill.generators.conventions import vector_text as _vec
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _scalar(answer: Any) -> Any:
    return answer[0] if isinstance(answer, list) else answer


# --- optimizer step ---------------------------------------------------------------------------------------

EPS = {"adagrad": Fraction(1, 10**7), "rmsprop": Fraction(1, 10**7), "adam": Fraction(1, 10**8)}
RULES = {
    "sgd": ("w ← w − η·g", ""),
    "momentum": ("v ← αv − η·g,  w ← w + v  (v₀ = 0)", "α = 0.9"),
    "momentum-torch": ("v ← μv + g,  w ← w − η·v  (v₀ = 0)", "μ = 0.9"),
    "adagrad": ("h ← h + g²,  w ← w − η·g/(√h + ε)  (h₀ = 0)", "ε = 1e-7"),
    "rmsprop": ("h ← ρh + (1 − ρ)·g²,  w ← w − η·g/(√h + ε)  (h₀ = 0)", "ρ = 0.9, ε = 1e-7"),
    "adam": ("m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),  "
             "w ← w − η·m̂/(√v̂ + ε)  (m₀ = v₀ = 0)", "β₁ = 0.9, β₂ = 0.999, ε = 1e-8"),
}
NAMES = {"sgd": "SGD", "momentum": "Momentum", "momentum-torch": "Momentum (PyTorch)", "adagrad": "AdaGrad",
         "rmsprop": "RMSProp", "adam": "Adam"}


def _draw_optimizer(d: Draw) -> dict[str, Any]:
    method = str(d.pick("method"))
    if method == "momentum" and d.pick("momentum_form") == "pytorch":
        method = "momentum-torch"
    steps = d.int("steps")
    grads = [d.int("grad_values") for _ in range(steps)]
    if 0 in grads:
        raise Redraw("a zero gradient makes the step trivial")
    if method in ("adagrad", "adam") and steps == 1 and d.pick("need_two_for_adaptive"):
        raise Redraw("one adaptive step is only ±η")
    return {"method": method, "lr": d.decimal("lr", "0.01"), "w0": d.decimal("w0", "0.5"), "grads": grads}


def _solve_optimizer(p: dict[str, Any]) -> Solution:
    from solvers.optimizers import optimize

    extra: dict[str, Any] = {"momentum": Fraction(9, 10), "rho": Fraction(9, 10)}
    if p["method"] in EPS:
        extra["eps"] = EPS[p["method"]]
    return optimize(p["method"], p["lr"], grads=[[g] for g in p["grads"]], start=[p["w0"]], **extra)


def _run_plain(p: dict[str, Any], *, sign: float = -1.0, lr: float | None = None, method: str | None = None,
               root: bool = True, accumulate: bool = True, swap_rho: bool = False, correct_m: bool = True,
               correct_v: bool = True, mixed: bool = False) -> float:
    """The update rule written out directly in floats, with one slip switched on: an independent model of the
    learner's pencil work (the key itself always comes from the solver)."""
    method = method or p["method"]
    eta = float(p["lr"]) if lr is None else lr
    w, v, h, m = float(p["w0"]), 0.0, 0.0, 0.0
    eps = float(EPS.get(method, 0))
    rho = 0.9
    for t, g in enumerate(p["grads"], start=1):
        if method == "sgd":
            w += sign * eta * g
        elif method in ("momentum", "momentum-torch"):
            if mixed:  # textbook velocity, then the PyTorch update w ← w − ηv: η applied twice, sign flipped
                v = 0.9 * v - eta * g
                w -= eta * v
            else:
                v = 0.9 * v + g
                w += sign * eta * v
        elif method in ("adagrad", "rmsprop"):
            if method == "adagrad":
                h = h + g * g if accumulate else g * g
            else:
                h = (1 - rho) * h + rho * g * g if swap_rho else rho * h + (1 - rho) * g * g
            w += sign * eta * g / ((math.sqrt(h) if root else h) + eps)
        else:
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            m_hat = m / (1 - 0.9**t) if correct_m else m
            v_hat = v / (1 - 0.999**t) if correct_v else v
            w += sign * eta * m_hat / ((math.sqrt(v_hat) if root else v_hat) + eps)
    return float(w)


def _optimizer_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    method = p["method"]
    out = _mistake(_run_plain(p, sign=1.0), "sign-flip", "更新の符号が逆です。勾配と逆向き (w − η·…) に進みます。",
                   "The update has the wrong sign; parameters move against the gradient (w − η·…).")
    if method == "sgd":
        out += _mistake(_run_plain(p, lr=1.0), "forgot-lr", "学習率 η を掛け忘れています。", "You forgot to multiply by the learning rate η.")
        out += _mistake(_run_plain(p) - float(p["w0"]), "update-not-weight", "それは更新量 −η·g の合計です。更新後の重みは w + (更新量) です。",
                        "That is the update −η·g itself; the new weight is w plus the update.")
        out += _mistake(float(p["w0"]) * (1 - float(p["lr"])) if p["w0"] else None, "lr-times-weight",
                        "学習率を重み w に掛けています。掛けるのは勾配 g です: w ← w − η·g。",
                        "You multiplied the weight by the learning rate; η multiplies the gradient g: w ← w − η·g.")
        if len(p["grads"]) > 1:
            out += _mistake(float(p["w0"]) - float(p["lr"]) * p["grads"][-1], "last-step-only",
                            "最後の1ステップしか更新していません。各ステップの更新を順に積み重ねます。",
                            "You applied only the last step; the updates accumulate step by step.")
    if method in ("momentum", "momentum-torch"):
        out += _mistake(_run_plain(p, method="sgd"), "plain-sgd", "速度 (モーメンタム項) を使わず、SGD の更新になっています。",
                        "You left out the velocity (momentum term); that is plain SGD.")
        out += _mistake(_run_plain(p, mixed=True), "mixed-momentum-forms",
                        "教科書の形 (v ← αv − ηg, w ← w + v) と PyTorch の形 (v ← μv + g, w ← w − ηv) を混ぜています。",
                        "You mixed the textbook form (v ← αv − ηg, w ← w + v) with the PyTorch form (v ← μv + g, w ← w − ηv).")
        out += _mistake(_run_plain(p, lr=1.0), "forgot-lr", "学習率 η を掛け忘れています。", "You forgot the learning rate η.")
    if method in ("adagrad", "rmsprop", "adam"):
        out += _mistake(_run_plain(p, root=False), "forgot-sqrt", "分母の平方根を取り忘れています (√h、√v̂)。",
                        "You forgot the square root in the denominator (√h, √v̂).")
    if method == "adagrad":
        out += _mistake(_run_plain(p, accumulate=False), "no-accumulation", "h は過去の勾配の二乗を足し続けます (h ← h + g²)。",
                        "h keeps accumulating the squared gradients (h ← h + g²).")
        out += _mistake(_run_plain(p, method="sgd"), "plain-sgd", "勾配を √h で割っていません (SGD の更新です)。",
                        "You did not divide by √h (that is plain SGD).")
    if method == "rmsprop":
        out += _mistake(_run_plain(p, swap_rho=True), "swapped-rho", "ρ と 1 − ρ を逆にしています (h ← ρh + (1 − ρ)g²)。",
                        "You swapped ρ and 1 − ρ (h ← ρh + (1 − ρ)g²).")
        out += _mistake(_run_plain(p, method="adagrad"), "adagrad-instead", "それは AdaGrad (二乗和を減衰させない) の更新です。",
                        "That is AdaGrad's update (the squared sum does not decay).")
    if method == "adam":
        out += _mistake(_run_plain(p, correct_m=False, correct_v=False), "no-bias-correction",
                        "バイアス補正 m̂ = m/(1 − β₁ᵗ)、v̂ = v/(1 − β₂ᵗ) を忘れています。",
                        "You forgot the bias correction m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).")
        out += _mistake(_run_plain(p, correct_v=False), "corrected-m-only", "m だけ補正し、v の補正 (1 − β₂ᵗ で割る) を忘れています。",
                        "You corrected m but not v (divide v by 1 − β₂ᵗ too).")
    return out


def _optimizer_prompt(p: dict[str, Any]) -> Bilingual:
    rule, hyper = RULES[p["method"]]
    steps = len(p["grads"])
    grads = ", ".join(f"g{t + 1} = {g}" for t, g in enumerate(p["grads"]))
    hyper_text = f", {hyper}" if hyper else ""
    return Bilingual(
        f"{NAMES[p['method']]} でパラメータ w (初期値 w₀ = {_num(p['w0'])}) を更新する。更新式は {rule}、"
        f"学習率 η = {_num(p['lr'])}{hyper_text}。勾配が{'順に ' if steps > 1 else ' '}{grads} のとき、{steps} 回更新した後の w はいくつか "
        "(小数第4位を四捨五入)。",
        f"A parameter w (initially w₀ = {_num(p['w0'])}) is updated with {NAMES[p['method']]}: {rule}, learning rate "
        f"η = {_num(p['lr'])}{hyper_text}. " + (f"The gradients are {grads} in turn. " if steps > 1 else f"The gradient is {grads}. ")
        + f"What is w after {steps} update{'s' if steps > 1 else ''}? Round to 3 decimal places.")


OPTIMIZER_STEP = GeneratorSpec(
    name="optimizer_step",
    title=Bilingual("最適化手法の更新量", "One optimizer update by hand"),
    syllabus=("T16", "E3-2-1", "E3-2-3"),
    defaults={"method": {"one_of": ["sgd", "momentum", "adagrad", "rmsprop", "adam"]},
              "momentum_form": {"one_of": ["textbook", "pytorch"]}, "steps": [1, 2], "grad_values": [-3, 3],
              "lr": {"one_of": ["0.1", "0.1", "0.01", "0.5"]}, "w0": [-1, 2], "need_two_for_adaptive": True},
    draw=_draw_optimizer,
    solve=_solve_optimizer,
    prompt=_optimizer_prompt,
    mistakes=_optimizer_mistakes,
    answer=lambda p, s: _scalar(s.answer),
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)


# --- backpropagation on a computational graph ----------------------------------------------------------------

GRAPHS = {
    "shopping": "(a*x + b*y)*t",
    "shared_mul": "(x + y)*x",
    "shared_sum": "x*y + x*z",
}


def _draw_backprop(d: Draw) -> dict[str, Any]:
    graph = str(d.pick("graph"))
    if graph == "shopping":
        values: dict[str, Any] = {"a": d.int("price") * 10, "x": d.int("count"), "b": d.int("price") * 10,
                                  "y": d.int("count"), "t": Fraction(11, 10)}
        if values["a"] == values["b"] or values["x"] == values["y"]:
            raise Redraw("the two items should differ")
        wrt = str(d.rng.choice(["a", "x", "t"]))
    else:
        names = ["x", "y"] if graph == "shared_mul" else ["x", "y", "z"]
        values = {n: d.int("value") for n in names}
        if len(set(values.values())) < len(names):
            raise Redraw("equal inputs hide which branch was forgotten")
        wrt = "x"
    return {"graph": graph, "values": values, "wrt": wrt}


def _solve_backprop(p: dict[str, Any]) -> Solution:
    from solvers.backprop import backprop

    return backprop(GRAPHS[p["graph"]], p["values"])


def _backprop_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    """The slips as exact values, shown as decimals like the key (the tax 1.1 makes tenths)."""
    return [Mistake(shown_decimal(m.value), m.tag, m.explanation) for m in _backprop_slips(p)]


def _backprop_slips(p: dict[str, Any]) -> list[Mistake]:
    v = {k: Fraction(x) for k, x in p["values"].items()}
    forward_ja, forward_en = "それは順伝播の値 (出力 L) です。逆伝播では偏微分 (局所勾配の積) を流します。", \
        "That is the forward value (the output L); backpropagation passes partial derivatives (products of local gradients)."
    if p["graph"] == "shopping":
        total = (v["a"] * v["x"] + v["b"] * v["y"]) * v["t"]
        out = [Mistake(total, "forward-value", Bilingual(forward_ja, forward_en))]
        if p["wrt"] in ("a", "x"):  # the apples' price a or count x: one product a·x, then the tax t
            own = p["wrt"]
            partner = "x" if own == "a" else "a"
            oranges = "y" if own == "a" else "b"  # the matching factor on the other item's branch
            out += [Mistake(v[own] * v["t"], "own-value", Bilingual(
                        f"乗算ノードでは入力を入れ替えて掛けます: ∂(a·x)/∂{own} = {partner} ({own} ではない)。",
                        f"A multiply node swaps its inputs: ∂(a·x)/∂{own} = {partner}, not {own}.")),
                    Mistake(v[partner], "forgot-tax", Bilingual("上流の消費税ノードからの勾配 t を掛け忘れています。",
                                                                "You forgot the upstream gradient t from the tax node.")),
                    Mistake(v[oranges] * v["t"], "wrong-branch", Bilingual("もう一方の品物 (みかん) の経路を使っています。",
                                                                           "You followed the other item's (oranges') branch."))]
        else:
            out += [Mistake(v["a"] * v["x"], "forgot-branch", Bilingual(
                        "加算ノードの先の2つの経路 (りんごとみかん) の両方を足します: ∂L/∂t = ax + by。",
                        "Both branches into the add node count: ∂L/∂t = ax + by.")),
                    Mistake(v["t"], "own-value", Bilingual("乗算ノードでは入力を入れ替えます: ∂L/∂t はもう一方の入力 ax + by。",
                                                           "A multiply node swaps its inputs: ∂L/∂t is the other input, ax + by."))]
        return out
    if p["graph"] == "shared_mul":  # L = (x + y)·x: branches (x + y) through the product and x through the sum
        branch_a, branch_b, total = v["x"] + v["y"], v["x"], (v["x"] + v["y"]) * v["x"]
    else:  # L = x·y + x·z: branches y and z
        branch_a, branch_b, total = v["y"], v["z"], v["x"] * v["y"] + v["x"] * v["z"]
    forgot = Bilingual("x は2か所で使われています。両方の経路からの勾配を足し合わせます (多変数の連鎖律)。",
                       "x is used in two places; add the gradients of both branches (multivariable chain rule).")
    return [Mistake(branch_a, "forgot-branch", forgot), Mistake(branch_b, "forgot-branch", forgot),
            Mistake(total, "forward-value", Bilingual(forward_ja, forward_en)),
            Mistake(branch_a * branch_b, "multiplied-branches", Bilingual(
                "分岐した経路の勾配は掛けるのではなく足します。", "The gradients of the branches add; they do not multiply."))]


def _backprop_prompt(p: dict[str, Any]) -> Bilingual:
    v = p["values"]
    if p["graph"] == "shopping":
        what = {"a": ("りんご1個の値段 a", "the apple price a"), "x": ("りんごの個数 x", "the number of apples x"),
                "t": ("消費税 t", "the tax rate t")}[p["wrt"]]
        return Bilingual(
            f"1個 {v['a']} 円のりんご (a) を {v['x']} 個 (x)、1個 {v['b']} 円のみかん (b) を {v['y']} 個 (y) 買い、"
            f"消費税 t = {_num(v['t'])} を掛けた支払額 L = (a·x + b·y)·t を計算グラフで表す。誤差逆伝播法で"
            f"{what[0]} についての偏微分 ∂L/∂{p['wrt']} を求めよ。",
            f"You buy {v['x']} apples (x) at {v['a']} yen each (a) and {v['y']} oranges (y) at {v['b']} yen each (b), with "
            f"tax t = {_num(v['t'])}: the total is L = (a·x + b·y)·t, drawn as a computational graph. By backpropagation, "
            f"find the partial derivative ∂L/∂{p['wrt']} with respect to {what[1]}.")
    expr = GRAPHS[p["graph"]].replace("*", "·")
    vals = ", ".join(f"{k} = {x}" for k, x in v.items())
    return Bilingual(f"計算グラフ L = {expr} で {vals} のとき、誤差逆伝播法で ∂L/∂x を求めよ。",
                     f"For the computational graph L = {expr} with {vals}, find ∂L/∂x by backpropagation.")


BACKPROP_GRAPH = GeneratorSpec(
    name="backprop_graph",
    title=Bilingual("計算グラフの逆伝播", "Backpropagation on a computational graph"),
    syllabus=("T15", "E3-2-2"),
    defaults={"graph": {"one_of": ["shopping", "shopping", "shared_mul", "shared_sum"]}, "price": [10, 20],
              "count": [2, 5], "value": [1, 5]},
    draw=_draw_backprop,
    solve=_solve_backprop,
    prompt=_backprop_prompt,
    mistakes=_backprop_mistakes,
    answer=lambda p, s: shown_decimal(s.answer["gradients"][p["wrt"]]),
    answer_hint=Bilingual("数値で答える (分数・小数可)", "Answer with a number (fraction or decimal)"),
)


# --- batch normalisation -------------------------------------------------------------------------------------

BN_EPS = Fraction(1, 10**5)


def _draw_batchnorm(d: Draw) -> dict[str, Any]:
    n, f = d.int("batch"), d.int("features")
    x = d.matrix(n, f, "x_values")
    row, col = int(d.rng.integers(n)), int(d.rng.integers(f))
    column = [r[col] for r in x]
    if len(set(column)) < 2 or len(set(x[row])) < 2:
        raise Redraw("zero variance in the feature or the sample")
    if x[row][col] * len(column) == sum(column):
        raise Redraw("the entry equals its feature's mean: the output β needs no computation")
    return {"x": x, "row": row, "col": col, "gamma": d.int("gamma"), "beta": d.int("beta")}


def _solve_batchnorm(p: dict[str, Any], kind: str = "batch") -> Solution:
    from solvers.normalization import normalize

    return normalize(kind, p["x"], gamma=p["gamma"], beta=p["beta"], eps=BN_EPS)


def _batchnorm_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    column = [float(r[p["col"]]) for r in p["x"]]
    m = len(column)
    x = column[p["row"]]
    mean = sum(column) / m
    var = sum((c - mean) ** 2 for c in column) / m
    g, b, eps = p["gamma"], p["beta"], float(BN_EPS)

    def affine(x_hat: float) -> float:
        return float(g * x_hat + b)

    out = _mistake(affine((x - mean) / math.sqrt(sum((c - mean) ** 2 for c in column) / (m - 1) + eps)), "sample-variance",
                   f"分散を m − 1 = {m - 1} で割っています (不偏分散)。学習時の正規化は m = {m} で割る分散を使います。",
                   f"You divided the variance by m − 1 = {m - 1} (unbiased); training-mode normalisation divides by m = {m}.")
    out += _mistake(float(_scalar(_solve_batchnorm(p, "layer").answer[p["row"]][p["col"]])), "layer-norm-axis",
                    "サンプル内の特徴どうしで平均・分散をとっています (レイヤー正規化)。バッチ正規化は特徴ごとにバッチ方向でとります。",
                    "You normalised across the sample's features (layer norm); batch norm uses each feature across the batch.")
    out += _mistake(affine((x - mean) / (var + eps)), "forgot-sqrt", "分散の平方根 (標準偏差) で割ります: √(σ² + ε)。",
                    "Divide by the standard deviation √(σ² + ε), not the variance.")
    out += _mistake(affine((x - mean) / math.sqrt(var)), "forgot-eps", "分母の ε を忘れています: √(σ² + ε)。",
                    "You left ε out of the denominator √(σ² + ε).")
    if (g, b) != (1, 0):
        out += _mistake((x - mean) / math.sqrt(var + eps), "forgot-affine", f"最後のスケール γ = {g} とシフト β = {b} を忘れています。",
                        f"You forgot the final scale γ = {g} and shift β = {b}.")
    return out


def _batchnorm_prompt(p: dict[str, Any]) -> Bilingual:
    rows_ja = "\n".join(f"    サンプル {i + 1}: {_vec(r)}" for i, r in enumerate(p["x"]))
    rows = "\n".join(f"    sample {i + 1}: {_vec(r)}" for i, r in enumerate(p["x"]))
    return Bilingual(
        f"ミニバッチ ({len(p['x'])} サンプル × {len(p['x'][0])} 特徴) にバッチ正規化 (学習時、ε = 1e-5、γ = {p['gamma']}、"
        f"β = {p['beta']}) を適用する。サンプル {p['row'] + 1} の特徴 {p['col'] + 1} の出力はいくつか (小数第4位を四捨五入)。"
        f"\n\n{rows_ja}",
        f"Batch normalisation (training mode, ε = 1e-5, γ = {p['gamma']}, β = {p['beta']}) is applied to the mini-batch "
        f"below ({len(p['x'])} samples × {len(p['x'][0])} features). What is the output for sample {p['row'] + 1}, feature "
        f"{p['col'] + 1}? Round to 3 decimal places.\n\n{rows}")


BATCHNORM_VALUE = GeneratorSpec(
    name="batchnorm_value",
    title=Bilingual("バッチ正規化の出力", "Batch normalisation output"),
    syllabus=("T19", "E3-7-3"),
    defaults={"batch": [3, 4], "features": [2, 3], "x_values": [0, 6], "gamma": {"one_of": [1, 1, 2]},
              "beta": {"one_of": [0, 0, 1]}},
    draw=_draw_batchnorm,
    solve=_solve_batchnorm,
    prompt=_batchnorm_prompt,
    mistakes=_batchnorm_mistakes,
    answer=lambda p, s: s.answer[p["row"]][p["col"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)


# --- quantization -------------------------------------------------------------------------------------------

def _draw_quant(d: Draw) -> dict[str, Any]:
    n = d.int("count")
    values = [d.decimal("values", "0.1") for _ in range(n)]
    if len(set(values)) < n or all(v == 0 for v in values):
        raise Redraw("want distinct, non-zero values")
    scheme, index = str(d.pick("scheme")), int(d.rng.integers(n))
    x = values[index]
    if (scheme == "asymmetric-uint8" and x in (min(values), max(values))) or abs(x) == max(abs(v) for v in values):
        raise Redraw("the range's end maps to 0, 255 or ±127 without any computation")
    return {"scheme": scheme, "values": values, "index": index}


def _solve_quant(p: dict[str, Any]) -> Solution:
    from solvers.compression import quantize

    return quantize(p["values"], p["scheme"], "half-even")


def _round_half_even(x: Fraction) -> int:
    return round(x)  # Python's round on a Fraction rounds half to even, as torch.round does


def _quant_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    xs = [Fraction(v) for v in p["values"]]
    x = xs[p["index"]]
    out: list[Mistake] = []
    if p["scheme"] == "asymmetric-uint8":
        low, high = min([*xs, Fraction(0)]), max([*xs, Fraction(0)])
        scale = (high - low) / 255
        zero = min(max(_round_half_even(-low / scale), 0), 255)
        out.append(Mistake(_round_half_even(x / scale), "forgot-zero-point", Bilingual(
            f"ゼロ点 z = {zero} を足し忘れています: q = round(x/s) + z。", f"You forgot to add the zero point z = {zero}: q = round(x/s) + z.")))
        out.append(Mistake(_round_half_even(x / scale) - zero, "zero-point-sign", Bilingual(
            f"ゼロ点の符号を逆にしています。z = round(−min/s) = {zero} を足します。",
            f"You subtracted the zero point; add z = round(−min/s) = {zero}.")))
        s256 = (high - low) / 256
        out.append(Mistake(min(max(_round_half_even(x / s256) + _round_half_even(-low / s256), 0), 255), "256-levels", Bilingual(
            "uint8 は 0〜255 なので、範囲を 255 等分します (256 ではない)。", "uint8 runs from 0 to 255, so the range is split into 255 steps, not 256.")))
        out.append(Mistake(min(max(math.trunc(x / scale) + zero, 0), 255), "truncated", Bilingual(
            "小数部分を切り捨てています (0 方向)。最も近い整数に丸めます。", "You truncated towards zero; round to the nearest integer.")))
        if min(xs) > 0 or max(xs) < 0:
            lo2, hi2 = min(xs), max(xs)
            s2 = (hi2 - lo2) / 255
            out.append(Mistake(min(max(_round_half_even((x - lo2) / s2), 0), 255), "range-without-zero", Bilingual(
                "範囲は 0 を含むように広げます ([min(x_min, 0), max(x_max, 0)])。0 を誤差なく表すためです。",
                "The range is widened to contain 0 ([min(x_min, 0), max(x_max, 0)]) so that 0 is exact.")))
    else:
        peak = max(abs(v) for v in xs)
        scale = peak / 127
        out.append(Mistake(_round_half_even(x / (peak / 128)), "128-levels", Bilingual(
            "対称 int8 (狭い範囲) は最大絶対値を 127 に対応させます (128 ではない)。",
            "Symmetric int8 (narrow range) maps the largest magnitude to 127, not 128.")))
        out.append(Mistake(math.trunc(x / scale), "truncated", Bilingual(
            "小数部分を切り捨てています (0 方向)。最も近い整数に丸めます。", "You truncated towards zero; round to the nearest integer.")))
        out.append(Mistake(_round_half_even(x * 255 / peak), "255-levels", Bilingual(
            "int8 は符号付きなので、最大絶対値を 255 ではなく 127 に対応させます。",
            "int8 is signed, so the largest magnitude maps to 127, not 255.")))
        full = (max(xs) - min(xs)) / 255
        out.append(Mistake(_round_half_even(x / full), "range-not-max-abs", Bilingual(
            "対称量子化のスケールは max|x|/127 です (範囲/255 ではない)。", "The symmetric scale is max|x|/127, not range/255.")))
    other = "symmetric-int8" if p["scheme"] == "asymmetric-uint8" else "asymmetric-uint8"
    out.append(Mistake(_solve_quant({**p, "scheme": other}).answer["q"][p["index"]], "wrong-scheme", Bilingual(
        "もう一方の方式 (対称 / 非対称) で量子化しています。問題の方式のスケールとゼロ点を使います。",
        "You used the other scheme (symmetric / asymmetric); use the scale and zero point of the scheme asked.")))
    return out


def _quant_fallbacks(p_key: Any) -> list[Mistake]:
    """Off-by-one rounding slips, kept inside the integer range (never 256 or −128)."""
    why = Bilingual("丸めの向きの誤りで生じる値です (x/s を最も近い整数に丸める)。",
                    "This comes from rounding the wrong way (round x/s to the nearest integer).")
    return [Mistake(v, "rounding-slip", why) for v in (p_key - 1, p_key + 1, p_key - 2, p_key + 2) if -127 <= v <= 255]


def _quant_prompt(p: dict[str, Any]) -> Bilingual:
    x = _num(p["values"][p["index"]])
    if p["scheme"] == "asymmetric-uint8":
        rule_ja = ("非対称 uint8 量子化 (範囲 [min(x_min, 0), max(x_max, 0)] を 0〜255 に対応させる: s = (max − min)/255、"
                   "z = round(−min/s)、q = clamp(round(x/s) + z, 0, 255))")
        rule_en = ("asymmetric uint8 quantization (the range [min(x_min, 0), max(x_max, 0)] maps to 0…255: s = (max − min)/255, "
                   "z = round(−min/s), q = clamp(round(x/s) + z, 0, 255))")
    else:
        rule_ja = "対称 int8 量子化 (s = max|x|/127、ゼロ点 0、q = clamp(round(x/s), −127, 127))"
        rule_en = "symmetric int8 quantization (s = max|x|/127, zero point 0, q = clamp(round(x/s), −127, 127))"
    return Bilingual(
        f"値 {_vec(p['values'])} を{rule_ja}する。丸めは偶数丸め (PyTorch と同じ)。x = {x} の量子化後の整数 q はいくつか。",
        f"The values {_vec(p['values'])} are quantized with {rule_en}, rounding half to even (as PyTorch does). "
        f"What integer q does x = {x} become?")


QUANTIZATION_VALUE = GeneratorSpec(
    name="quantization_value",
    title=Bilingual("量子化の計算", "Quantizing a value"),
    syllabus=("T34", "E5-1-1"),
    defaults={"scheme": {"one_of": ["asymmetric-uint8", "symmetric-int8"]}, "count": [3, 4], "values": [-1, 2]},
    draw=_draw_quant,
    solve=_solve_quant,
    prompt=_quant_prompt,
    mistakes=_quant_mistakes,
    answer=lambda p, s: s.answer["q"][p["index"]],
    answer_hint=INT_HINT,
    fallback_mistakes=_quant_fallbacks,
)


# --- distillation -------------------------------------------------------------------------------------------

def _softmax(zs: list[float], t: float) -> list[float]:
    exps = [math.exp(z / t) for z in zs]
    return [e / sum(exps) for e in exps]


def _kl(p: list[float], q: list[float]) -> float:
    return sum(a * math.log(a / b) for a, b in zip(p, q, strict=True))


def _draw_distill(d: Draw) -> dict[str, Any]:
    n = d.int("classes")
    teacher = [d.int("logit_values") for _ in range(n)]
    student = [d.int("logit_values") for _ in range(n)]
    shift = [a - b for a, b in zip(teacher, student, strict=True)]
    if len(set(teacher)) < 2 or len(set(shift)) < 2:
        raise Redraw("teacher flat, or the student equals the teacher up to a shift (KL = 0)")
    return {"teacher": teacher, "student": student, "temperature": d.int("temperature")}


def _solve_distill(p: dict[str, Any]) -> Solution:
    from solvers.compression import distill

    return distill(p["teacher"], p["student"], p["temperature"])


def _distill_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    t = p["temperature"]
    pt, ps = _softmax(p["teacher"], t), _softmax(p["student"], t)
    kl = _kl(pt, ps)
    out = _mistake(kl, "forgot-t-squared", f"T² = {t * t} を掛け忘れています (勾配の大きさを温度によらずそろえるため)。",
                   f"You forgot to multiply by T² = {t * t} (it keeps the gradient scale independent of T).")
    out += _mistake(t * kl, "t-not-squared", f"掛けるのは T ではなく T² = {t * t} です。", f"Multiply by T² = {t * t}, not by T.")
    out += _mistake(t * t * _kl(_softmax(p["teacher"], 1), _softmax(p["student"], 1)), "no-softening",
                    "温度で割らずに (T = 1 の) ソフトマックスを使っています。両方のロジットを T で割ってから softmax を取ります。",
                    "You used the plain (T = 1) softmax; divide both sets of logits by T before the softmax.")
    out += _mistake(t * t * _kl(ps, pt), "reversed-kl", "KL の向きが逆です。KL(教師 ‖ 生徒) = Σ p_T log(p_T/p_S)。",
                    "The KL is the wrong way round; it is KL(teacher ‖ student) = Σ p_T log(p_T/p_S).")
    return out


def _distill_prompt(p: dict[str, Any]) -> Bilingual:
    t = p["temperature"]
    return Bilingual(
        f"知識蒸留で、教師のロジット {_vec(p['teacher'])}、生徒のロジット {_vec(p['student'])}、温度 T = {t} のとき、"
        "ソフトターゲット損失 L_soft = T²·KL(p_T ‖ p_S) (p = softmax(z/T)、自然対数) はいくつか (小数第4位を四捨五入)。",
        f"In knowledge distillation the teacher's logits are {_vec(p['teacher'])}, the student's {_vec(p['student'])}, and "
        f"the temperature is T = {t}. What is the soft-target loss L_soft = T²·KL(p_T ‖ p_S), with p = softmax(z/T) and "
        "natural logs? Round to 3 decimal places.")


DISTILLATION_VALUE = GeneratorSpec(
    name="distillation_value",
    title=Bilingual("知識蒸留の損失", "Knowledge-distillation loss"),
    syllabus=("T34", "E5-1-1"),
    defaults={"classes": [2, 3], "logit_values": [-1, 3], "temperature": {"one_of": [2, 2, 3, 4]}},
    draw=_draw_distill,
    solve=_solve_distill,
    prompt=_distill_prompt,
    mistakes=_distill_mistakes,
    answer=lambda p, s: s.answer["soft_loss"],
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)

SPECS = (OPTIMIZER_STEP, BACKPROP_GRAPH, BATCHNORM_VALUE, QUANTIZATION_VALUE, DISTILLATION_VALUE)
