"""Loss functions with exact steps: MSE, ½-sum of squares, MAE, binary and (weighted) categorical cross-entropy."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.activations import DIGITS, number_text, paren, to_rational
from solvers.errors import SolverError
from solvers.exact import require_sum_one
from solvers.numbers import exact_text
from solvers.steps import Bilingual, Solution, Step

MAX_ELEMENTS = 1000

LOG_NAMES = {"e": "ln", "2": "log₂", "10": "log₁₀"}


def _numbers(values: Sequence[Any], what: str) -> list[sp.Rational]:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise SolverError(f"{what}: give at least one number", f"{what}: 数値を1つ以上指定してください")
    if len(values) > MAX_ELEMENTS:
        raise SolverError(f"{what}: too many values ({len(values)}; at most {MAX_ELEMENTS})",
                          f"{what}: 値が多すぎます ({len(values)} 個、上限 {MAX_ELEMENTS})")
    return [to_rational(v, what) for v in values]


def _pairs(pred: Sequence[Any], target: Sequence[Any]) -> tuple[list[sp.Rational], list[sp.Rational]]:
    ys, ts = _numbers(pred, "pred"), _numbers(target, "target")
    if len(ys) != len(ts):
        raise SolverError(f"pred has {len(ys)} values but target has {len(ts)}",
                          f"予測 (pred) は {len(ys)} 個、正解 (target) は {len(ts)} 個で数が合いません")
    return ys, ts


def probabilities(values: Sequence[Any], what: str = "probs", distribution: bool = False) -> list[sp.Rational]:
    """Exact probabilities, each in [0, 1]; with ``distribution`` they must also sum to 1."""
    ps = _numbers(values, what)
    for i, p in enumerate(ps):
        if p < 0 or p > 1:
            raise SolverError(f"{what}: value {number_text(p)} at position {i} is outside [0, 1]",
                              f"{what}: {i} 番目の値 {number_text(p)} が [0, 1] の範囲外です")
    if distribution:
        require_sum_one(sp.Add(*ps), what, what)
    return ps


def _log_base(base: Any) -> tuple[str, sp.Expr | None]:
    key = str(base).strip().lower()
    if key in ("e", "ln", "natural"):
        return "e", None
    if key in ("2", "10"):
        return key, sp.Integer(int(key))
    raise SolverError(f"log base must be e, 2 or 10, got {base!r}", f"対数の底は e・2・10 のいずれかです ({base!r})")


def _epsilon(epsilon: Any) -> sp.Rational:
    eps = to_rational(epsilon, "epsilon")
    if eps < 0:
        raise SolverError(f"epsilon must be ≥ 0, got {number_text(eps)}", f"epsilon は 0 以上です ({number_text(eps)})")
    return eps


def _log(x: sp.Expr, base: sp.Expr | None) -> sp.Expr:
    return sp.log(x) if base is None else sp.log(x) / sp.log(base)


def _log_text(inner: str, base_key: str) -> str:
    return f"{LOG_NAMES[base_key]}({inner})"


def _with_eps(p_text: str, eps: sp.Rational) -> str:
    return f"{p_text} + {number_text(eps)}" if eps else p_text


def _decimal_step(value: sp.Expr) -> Step:
    return Step(Bilingual(f"小数に直す (有効数字 {DIGITS} 桁に丸めて表示)", f"As a decimal (shown rounded to {DIGITS} significant digits)"),
                substituted=exact_text(value), result=float(sp.N(value, 17)) if value.is_finite else value)


# --------------------------------------------------------------------------- regression losses

def _difference_steps(ys: list[sp.Rational], ts: list[sp.Rational], absolute: bool) -> tuple[list[sp.Expr], list[Step]]:
    diffs = [y - t for y, t in zip(ys, ts, strict=True)]
    steps = [Step(Bilingual("予測と正解の差", "Differences between prediction and target"), formula="d_i = y_i − t_i",
                  substituted=", ".join(f"{number_text(y)} − {paren(t)}" for y, t in zip(ys, ts, strict=True)),
                  result=diffs)]
    if absolute:
        parts = [abs(d) for d in diffs]
        steps.append(Step(Bilingual("差の絶対値", "Absolute differences"), formula="|d_i|",
                          substituted=", ".join(f"|{number_text(d)}|" for d in diffs), result=parts))
    else:
        parts = [d**2 for d in diffs]
        steps.append(Step(Bilingual("差の2乗", "Squared differences"), formula="d_i²",
                          substituted=", ".join(f"{paren(d)}²" for d in diffs), result=parts))
    return parts, steps


def mse(pred: Sequence[Any], target: Sequence[Any]) -> Solution:
    """Mean squared error (1/N)Σ(y − t)², the mean as in PyTorch ``mse_loss`` and Keras ``MeanSquaredError``."""
    ys, ts = _pairs(pred, target)
    squares, steps = _difference_steps(ys, ts, absolute=False)
    value = sp.Add(*squares) / len(squares)
    steps.append(Step(Bilingual(f"{len(squares)} 個の平均を取る", f"Take the mean over the {len(squares)} values"),
                      formula="MSE = (1/N) Σ_i (y_i − t_i)²",
                      substituted=f"({' + '.join(number_text(s) for s in squares)}) / {len(squares)}", result=value))
    return Solution("mse", {"pred": ys, "target": ts}, value, steps)


def sse(pred: Sequence[Any], target: Sequence[Any]) -> Solution:
    """Sum of squared errors with ½, E = ½Σ(y − t)², as in ゼロから作るDeep Learning (the ½ cancels when differentiating)."""
    ys, ts = _pairs(pred, target)
    squares, steps = _difference_steps(ys, ts, absolute=False)
    value = sp.Add(*squares) / 2
    steps.append(Step(Bilingual("2乗の和に ½ を掛ける (微分したときに係数 2 が消えるように)",
                                "Multiply the sum of squares by ½ (so that the factor 2 cancels when differentiating)"),
                      formula="E = ½ Σ_k (y_k − t_k)²",
                      substituted=f"½ × ({' + '.join(number_text(s) for s in squares)})", result=value))
    return Solution("sse", {"pred": ys, "target": ts}, value, steps)


def mae(pred: Sequence[Any], target: Sequence[Any]) -> Solution:
    """Mean absolute error (1/N)Σ|y − t| (PyTorch ``l1_loss``)."""
    ys, ts = _pairs(pred, target)
    parts, steps = _difference_steps(ys, ts, absolute=True)
    value = sp.Add(*parts) / len(parts)
    steps.append(Step(Bilingual(f"{len(parts)} 個の平均を取る", f"Take the mean over the {len(parts)} values"),
                      formula="MAE = (1/N) Σ_i |y_i − t_i|",
                      substituted=f"({' + '.join(number_text(s) for s in parts)}) / {len(parts)}", result=value))
    return Solution("mae", {"pred": ys, "target": ts}, value, steps)


# --------------------------------------------------------------------------- cross-entropy

LOG_ZERO_NOTE = Bilingual(
    "log 0 = −∞ なので損失は無限大になる。実装では PyTorch が log を −100 で打ち切り、Keras が p を [1e−7, 1 − 1e−7] に"
    "切り詰める。ε を指定すると p + ε の対数で計算できる。",
    "log 0 = −∞, so the loss is infinite. In practice PyTorch clamps the log at −100 and Keras clips p to "
    "[1e−7, 1 − 1e−7]; give ε to take the log of p + ε instead.")


def _base_step(base_key: str) -> Step:
    return Step(Bilingual(f"対数の底は {base_key} (自然対数 ln で割って変換する)",
                          f"The log is taken to base {base_key} (converted from the natural log)"),
                formula=f"{LOG_NAMES[base_key]}(x) = ln(x) / ln({base_key})")


def binary_cross_entropy(probs: Sequence[Any], targets: Sequence[Any], log_base: Any = "e",
                         epsilon: Any = 0) -> Solution:
    """Binary cross-entropy averaged over the elements, as Keras ``binary_crossentropy`` and PyTorch
    ``binary_cross_entropy`` (reduction='mean') do; a term whose coefficient is 0 counts as 0."""
    ps, ts = probabilities(probs, "probs"), probabilities(targets, "targets")
    if len(ps) != len(ts):
        raise SolverError(f"probs has {len(ps)} values but targets has {len(ts)}",
                          f"probs は {len(ps)} 個、targets は {len(ts)} 個で数が合いません")
    base_key, base = _log_base(log_base)
    eps = _epsilon(epsilon)
    log = LOG_NAMES[base_key]
    steps = [Step(Bilingual("バイナリ交差エントロピー: 要素ごとの損失を平均する (Keras・PyTorch と同じ)",
                            "Binary cross-entropy: average the per-element losses (as Keras and PyTorch do)"),
                  formula=f"L = −(1/N) Σ_i [t_i·{log}(p_i) + (1 − t_i)·{log}(1 − p_i)]")]
    if base is not None:
        steps.append(_base_step(base_key))
    terms: list[sp.Expr] = []
    shown: list[str] = []
    infinite = False
    for i, (p, t) in enumerate(zip(ps, ts, strict=True)):
        pieces: list[str] = []
        total: sp.Expr = sp.Integer(0)
        zero_log = _has_zero_log(p, t, eps)
        for coefficient, arg, arg_text in ((t, p + eps, _with_eps(number_text(p), eps)),
                                           (1 - t, 1 - p + eps, _with_eps(f"1 − {number_text(p)}", eps))):
            if coefficient == 0:
                continue  # 0·log(0) is taken as 0, as PyTorch and Keras do
            pieces.append(f"{log}({arg_text})" if coefficient == 1 else f"{number_text(coefficient)}·{log}({arg_text})")
            if not zero_log:
                total += coefficient * _log(arg, base)
        infinite = infinite or zero_log
        term = sp.oo if zero_log else -total
        shown.append("−" + (pieces[0] if len(pieces) == 1 else "[" + " + ".join(pieces) + "]"))
        terms.append(term)
        steps.append(Step(Bilingual(f"要素 {i + 1} (t = {number_text(t)}, p = {number_text(p)})",
                                    f"Element {i + 1} (t = {number_text(t)}, p = {number_text(p)})"),
                          formula=f"−[t·{log}(p) + (1 − t)·{log}(1 − p)]",
                          substituted=shown[-1], result=term, kind="cell", data={"index": i}))
    value = sp.oo if infinite else sp.Add(*terms) / len(terms)
    if infinite:
        steps.append(Step(LOG_ZERO_NOTE, result=sp.oo, kind="note"))
    else:
        steps.append(Step(Bilingual(f"{len(terms)} 個の平均を取る", f"Take the mean over the {len(terms)} elements"),
                          formula="L = (1/N) Σ_i L_i",
                          substituted=f"({shown[0]}{''.join(f' − {s[1:]}' for s in shown[1:])}) / {len(terms)}",
                          result=value))
        steps.append(_decimal_step(value))
    inputs = {"probs": ps, "targets": ts, "log_base": base_key, "epsilon": eps}
    return Solution("binary-cross-entropy", inputs, value, steps)


def _has_zero_log(p: sp.Rational, t: sp.Rational, eps: sp.Rational) -> bool:
    """Whether an element takes the log of 0 with a non-zero coefficient (its loss is then +∞)."""
    return bool((t != 0 and p + eps == 0) or (t != 1 and 1 - p + eps == 0))


def _class_index(target: Any, classes: int) -> int:
    try:
        index = operator.index(target)
    except TypeError:
        raise SolverError(f"target must be a class index (an integer), got {target!r}",
                          f"target はクラス番号 (整数) で指定してください ({target!r})") from None
    if isinstance(target, bool) or not 0 <= index < classes:
        raise SolverError(f"target {target!r} is not a class index 0…{classes - 1} (indices start at 0, as in PyTorch)",
                          f"target {target!r} はクラス番号 0〜{classes - 1} の範囲外です (番号は PyTorch と同じく 0 から)")
    return index


def _class_weight(weights: Sequence[Any] | None, classes: int, index: int) -> sp.Rational | None:
    if weights is None:
        return None
    ws = _numbers(weights, "weights")
    if len(ws) != classes:
        raise SolverError(f"weights: expected one weight per class ({classes}), got {len(ws)}",
                          f"weights: クラスごとに1つ ({classes} 個) 必要です ({len(ws)} 個)")
    if any(w < 0 for w in ws):
        raise SolverError("weights must be ≥ 0", "weights は 0 以上で指定してください")
    return ws[index]


def _logit_steps(zs: list[sp.Rational], index: int, eps: sp.Rational) -> tuple[sp.Expr, list[Step]]:
    """Natural-log loss from logits: through log-softmax (log-sum-exp), or softmax then log(p + ε)."""
    exps = [sp.exp(z) for z in zs]
    total = sp.Add(*exps)
    zt = zs[index]
    exp_text = " + ".join(f"e^{{{number_text(z)}}}" for z in zs)
    steps = [Step(Bilingual(f"ソフトマックスで正解クラス {index} の確率を求める", f"Softmax probability of the target class {index}"),
                  formula="y_I = e^{z_I} / Σ_j e^{z_j}", substituted=f"e^{{{number_text(zt)}}} / ({exp_text})",
                  result=exps[index] / total)]
    if eps:
        p = exps[index] / total
        loss = -sp.log(p + eps)
        steps.append(Step(Bilingual("ε を足してから対数を取る", "Add ε, then take the log"), formula="L = −ln(y_I + ε)",
                          substituted=f"−ln({exact_text(p)} + {number_text(eps)})", result=loss))
        return loss, steps
    top = max(zs)
    shifted = " + ".join(f"e^{{{number_text(z - top)}}}" for z in zs)
    log_sum = sp.log(total)
    steps.append(Step(
        Bilingual(f"log-sum-exp: 実装では最大値 m = {number_text(top)} をくくり出してオーバーフローを防ぐ (値は同じ)",
                  f"log-sum-exp: implementations factor out the maximum m = {number_text(top)} to avoid overflow (same value)"),
        formula="ln Σ_j e^{z_j} = m + ln Σ_j e^{z_j − m}",
        substituted=f"ln({exp_text}) = {number_text(top)} + ln({shifted})", result=log_sum))
    log_prob = zt - log_sum
    steps.append(Step(Bilingual("log-softmax: 確率を経由せずに対数確率を直接求める", "log-softmax: the log-probability directly, without forming the probability"),
                      formula="ln y_I = z_I − ln Σ_j e^{z_j}", substituted=f"{number_text(zt)} − {exact_text(log_sum)}", result=log_prob))
    loss = -log_prob
    steps.append(Step(Bilingual("損失は符号を反転したもの", "The loss is its negative"), formula="L = −ln y_I = ln Σ_j e^{z_j} − z_I",
                      substituted=f"{exact_text(log_sum)} − {paren(zt)}", result=loss))
    return loss, steps


def cross_entropy(probs: Sequence[Any] | None = None, logits: Sequence[Any] | None = None, *, target: Any,
                  weights: Sequence[Any] | None = None, log_base: Any = "e", epsilon: Any = 0) -> Solution:
    """Categorical cross-entropy of one sample with a class-index target, from probabilities or logits.

    With one-hot targets −Σ t_k log y_k reduces to −log y_target.  ``weights`` (one per class)
    multiply the sample's loss by the target class's weight, as PyTorch's ``weight=`` does per
    sample (``reduction='none'`` or ``'sum'``; its ``'mean'`` also divides by the weights' sum).
    """
    if (probs is None) == (logits is None):
        raise SolverError("give either probabilities or logits (exactly one of them)",
                          "確率 (probs) かロジット (logits) のどちらか一方を指定してください")
    base_key, base = _log_base(log_base)
    eps = _epsilon(epsilon)
    log = LOG_NAMES[base_key]
    values = probabilities(probs, "probs", distribution=True) if probs is not None else _numbers(logits or [], "logits")
    index = _class_index(target, len(values))
    weight = _class_weight(weights, len(values), index)
    steps = [Step(Bilingual(f"交差エントロピー: 正解は one-hot (t_{index} = 1) なので、正解クラスの項だけが残る (クラス番号は 0 から)",
                            f"Cross-entropy: the target is one-hot (t_{index} = 1), so only the target class's term remains "
                            "(classes are numbered from 0)"),
                  formula=f"L = −Σ_k t_k·{log}(y_k) = −{log}(y_I)")]
    infinite = False
    if probs is not None:
        p = values[index]
        infinite = p + eps == 0
        loss = sp.oo if infinite else -_log(p + eps, base)
        steps.append(Step(Bilingual(f"正解クラス {index} の確率 y_{index} = {number_text(p)} を代入する",
                                    f"Substitute the target class's probability y_{index} = {number_text(p)}"),
                          formula=f"L = −{log}(y_I{' + ε' if eps else ''})",
                          substituted=f"−{log}({_with_eps(number_text(p), eps)})", result=loss))
        if base is not None:
            steps.insert(1, _base_step(base_key))
    else:
        natural, logit_steps = _logit_steps(values, index, eps)
        steps += logit_steps
        loss = natural
        if base is not None:
            loss = natural / sp.log(base)
            steps.append(Step(Bilingual(f"底を {base_key} に変える", f"Change the base to {base_key}"),
                              formula=f"{log}(x) = ln(x) / ln({base_key})", substituted=f"({exact_text(natural)}) / ln({base_key})",
                              result=loss))
    if infinite:
        steps.append(Step(LOG_ZERO_NOTE, result=sp.oo, kind="note"))
    if weight is not None:
        weighted = sp.oo if infinite and weight != 0 else (0 if infinite else weight * loss)
        steps.append(Step(
            Bilingual(f"クラスの重み w_{index} = {number_text(weight)} を掛ける。PyTorch の reduction='mean' は重みの和で"
                      "割るので、1 サンプルだと重みが打ち消される点に注意 (ここでは 'none' / 'sum' と同じ値)。",
                      f"Multiply by the class weight w_{index} = {number_text(weight)}. Note that PyTorch's reduction='mean' "
                      "divides by the sum of the weights, so for one sample the weight cancels (this is the 'none' / 'sum' value)."),
            formula="L_w = w_I · L", substituted=f"{number_text(weight)} × {'∞' if infinite else f'({loss})'}",
            result=weighted))
        loss = weighted
    if not infinite:
        steps.append(_decimal_step(loss))
    inputs: dict[str, Any] = {"probs" if probs is not None else "logits": values, "target": index,
                              "weights": [to_rational(w) for w in weights] if weights is not None else None,
                              "log_base": base_key, "epsilon": eps}
    return Solution("cross-entropy", inputs, loss, steps)
