"""Activation functions (sigmoid, tanh, ReLU, Leaky ReLU and their derivatives; softmax) with exact steps."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.numbers import exact_text
from solvers.steps import Bilingual, Solution, Step

#: Displayed decimals are rounded to this many significant digits (the exact value is the answer).
DIGITS = 6

DECIMALS = Bilingual(f"小数に直す (有効数字 {DIGITS} 桁に丸めて表示)", f"As a decimal (shown rounded to {DIGITS} significant digits)")

MAX_SOFTMAX_INPUTS = 200


def to_rational(value: Any, what: str = "x") -> sp.Rational:
    """An exact SymPy rational from an int, Fraction, decimal float (0.1 → 1/10) or SymPy number."""
    if isinstance(value, bool):
        raise SolverError(f"{what}: expected a number, got {value!r}", f"{what}: 数値が必要です ({value!r})")
    if isinstance(value, int | Fraction):
        return sp.Rational(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise SolverError(f"{what}: {value} is not a finite number", f"{what}: {value} は有限の数ではありません")
        return sp.Rational(str(value))
    if (type(value).__module__ or "").startswith("numpy") and hasattr(value, "item"):
        return to_rational(value.item(), what)
    if isinstance(value, sp.Basic):
        if value.is_Rational:
            return sp.Rational(value)
        if value.is_Float:
            return to_rational(float(value), what)
    raise SolverError(f"{what}: {value!r} is not a number", f"{what}: {value!r} は数値ではありません")


def number_text(value: sp.Expr) -> str:
    """A rational as people type it: terminating decimals as decimals (0.01), others as p/q; anything else in
    board notation (e^{2}, √2)."""
    if not isinstance(value, sp.Rational) or isinstance(value, sp.Integer):
        return exact_text(value)
    q, twos, fives = int(value.q), 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1:
        return str(value)
    places = max(twos, fives)
    scaled = abs(int(value * 10**places))
    sign = "-" if value < 0 else ""
    return f"{sign}{scaled // 10**places}.{scaled % 10**places:0{places}d}"


def paren(value: sp.Expr) -> str:
    """``number_text`` wrapped in parentheses when negative, for use inside a product or power."""
    text = number_text(value)
    return f"({text})" if text.startswith("-") else text


def decimal(value: sp.Expr) -> float:
    return float(sp.N(value, 17))


def _decimal_step(value: sp.Expr) -> Step:
    return Step(DECIMALS, substituted=exact_text(value), result=decimal(value))


def _scalar_solution(problem: str, x: sp.Rational, derivative: bool, answer: sp.Expr, steps: list[Step],
                     extra_inputs: dict[str, Any] | None = None) -> Solution:
    inputs: dict[str, Any] = {"x": x, "derivative": derivative, **(extra_inputs or {})}
    return Solution(problem, inputs, answer, steps)


def sigmoid(x: Any, derivative: bool = False) -> Solution:
    """σ(x) = 1/(1 + e^{−x}) and, if asked, σ'(x) = σ(x)(1 − σ(x)), both exact."""
    a = to_rational(x)
    value = 1 / (1 + sp.exp(-a))
    steps = [Step(Bilingual("シグモイド関数に代入する", "Substitute into the sigmoid"),
                  formula="σ(x) = 1 / (1 + e^{−x})", substituted=f"1 / (1 + e^{{{number_text(-a)}}})", result=value)]
    if not derivative:
        steps.append(_decimal_step(value))
        return _scalar_solution("sigmoid", a, derivative, value, steps)
    slope = sp.exp(-a) / (1 + sp.exp(-a)) ** 2  # = σ(1 − σ), in the form the textbook simplifies to
    steps.append(Step(
        Bilingual("シグモイドの微分は σ(x)(1 − σ(x)) (最大値は x = 0 での 0.25)",
                  "The derivative of the sigmoid is σ(x)(1 − σ(x)) (its maximum is 0.25, at x = 0)"),
        formula="σ'(x) = σ(x)·(1 − σ(x)) = e^{−x} / (1 + e^{−x})²", substituted=f"({exact_text(value)})·(1 − {exact_text(value)})", result=slope))
    steps.append(_decimal_step(slope))
    return _scalar_solution("sigmoid", a, derivative, slope, steps)


def tanh(x: Any, derivative: bool = False) -> Solution:
    """tanh(x) = (e^x − e^{−x})/(e^x + e^{−x}) and, if asked, tanh'(x) = 1 − tanh²(x)."""
    a = to_rational(x)
    value = sp.tanh(a)
    steps = [Step(Bilingual("tanh に代入する (値域は −1 から 1)", "Substitute into tanh (its range is −1 to 1)"),
                  formula="tanh(x) = (e^{x} − e^{−x}) / (e^{x} + e^{−x})",
                  substituted=f"(e^{{{number_text(a)}}} − e^{{{number_text(-a)}}}) / (e^{{{number_text(a)}}} + e^{{{number_text(-a)}}})",
                  result=value)]
    if not derivative:
        steps.append(_decimal_step(value))
        return _scalar_solution("tanh", a, derivative, value, steps)
    slope = 1 - value**2
    steps.append(Step(Bilingual("tanh の微分は 1 − tanh²(x) (最大値は x = 0 での 1)",
                                "The derivative of tanh is 1 − tanh²(x) (its maximum is 1, at x = 0)"),
                      formula="tanh'(x) = 1 − tanh²(x)", substituted=f"1 − ({exact_text(value)})²", result=slope))
    steps.append(_decimal_step(slope))
    return _scalar_solution("tanh", a, derivative, slope, steps)


def relu(x: Any, derivative: bool = False) -> Solution:
    """ReLU(x) = max(0, x); its derivative is 1 for x > 0 and 0 for x ≤ 0 (0 at x = 0, as PyTorch)."""
    a = to_rational(x)
    value = sp.Max(0, a)
    steps = [Step(Bilingual("ReLU は負の入力を 0 にし、正の入力はそのまま通す", "ReLU sets negative inputs to 0 and passes positive ones"),
                  formula="ReLU(x) = max(0, x)", substituted=f"max(0, {number_text(a)})", result=value)]
    if not derivative:
        return _scalar_solution("relu", a, derivative, value, steps)
    slope = sp.Integer(1 if a > 0 else 0)
    text = (Bilingual("x = 0 では微分できないので、慣例 (PyTorch と同じ) として 0 を使う",
                      "ReLU is not differentiable at x = 0; by the convention PyTorch uses, the derivative there is 0")
            if a == 0 else
            Bilingual("x > 0 なら傾き 1、x < 0 なら傾き 0", "The slope is 1 for x > 0 and 0 for x < 0"))
    steps.append(Step(text, formula="ReLU'(x) = 1 (x > 0), 0 (x ≤ 0)",
                      substituted=f"ReLU'({number_text(a)})", result=slope))
    return _scalar_solution("relu", a, derivative, slope, steps)


def leaky_relu(x: Any, alpha: Any = Fraction(1, 100), derivative: bool = False) -> Solution:
    """Leaky ReLU: x for x > 0, αx otherwise (α = 0.01 by default, as PyTorch); derivative 1 or α."""
    a = to_rational(x)
    slope_neg = to_rational(alpha, "alpha")
    positive = a > 0
    value = a if positive else slope_neg * a
    steps = [Step(Bilingual(f"Leaky ReLU: 負の側にも小さな傾き α = {number_text(slope_neg)} を残す",
                            f"Leaky ReLU keeps a small slope α = {number_text(slope_neg)} on the negative side"),
                  formula="f(x) = x (x > 0), α·x (x ≤ 0)",
                  substituted=number_text(a) if positive else f"{number_text(slope_neg)}·{paren(a)}", result=value)]
    extra = {"alpha": slope_neg}
    if not derivative:
        return _scalar_solution("leaky-relu", a, derivative, value, steps, extra)
    slope = sp.Integer(1) if positive else slope_neg
    text = (Bilingual("x = 0 では微分できないので、慣例 (PyTorch と同じ) として α を使う",
                      "Leaky ReLU is not differentiable at x = 0; by the convention PyTorch uses, the derivative there is α")
            if a == 0 else
            Bilingual("x > 0 なら傾き 1、x < 0 なら傾き α", "The slope is 1 for x > 0 and α for x < 0"))
    steps.append(Step(text, formula="f'(x) = 1 (x > 0), α (x ≤ 0)",
                      substituted=f"f'({number_text(a)})", result=slope))
    return _scalar_solution("leaky-relu", a, derivative, slope, steps, extra)


def softmax_terms(logits: Sequence[sp.Expr]) -> tuple[list[sp.Expr], sp.Expr]:
    """Exponentials e^{a_i} and their sum: the two pieces every softmax-based formula needs."""
    exps = [sp.exp(z) for z in logits]
    return exps, sp.Add(*exps)


def exponential_sum_text(logits: Sequence[sp.Expr]) -> str:
    """The softmax denominator term by term, equal exponents gathered as on the board: ``e^{1} + 2e^{2} + e^{3}``."""
    counts: dict[sp.Expr, int] = {}
    for z in logits:
        counts[z] = counts.get(z, 0) + 1
    return " + ".join(f"{n if n > 1 else ''}e^{{{number_text(z)}}}" for z, n in counts.items())


def softmax(xs: Sequence[Any], temperature: Any = 1) -> Solution:
    """y_k = e^{a_k}/Σ_i e^{a_i} with a = x/T, exact, plus the max-subtraction used in practice."""
    if not xs:
        raise SolverError("softmax needs at least one value", "ソフトマックスには値が1つ以上必要です")
    if len(xs) > MAX_SOFTMAX_INPUTS:
        raise SolverError(f"too many values ({len(xs)}; at most {MAX_SOFTMAX_INPUTS})",
                          f"値が多すぎます ({len(xs)} 個、上限 {MAX_SOFTMAX_INPUTS})")
    raw = [to_rational(x, "x") for x in xs]
    temp = to_rational(temperature, "temperature")
    if temp <= 0:
        raise SolverError(f"temperature must be positive, got {number_text(temp)}",
                          f"温度 T は正の数で指定してください ({number_text(temp)})")
    steps: list[Step] = []
    logits = [x / temp for x in raw]
    if temp != 1:
        steps.append(Step(
            Bilingual(f"温度 T = {number_text(temp)} で割る (T > 1 で分布がなだらかに、T < 1 で鋭くなる)",
                      f"Divide by the temperature T = {number_text(temp)} (T > 1 flattens the distribution, T < 1 sharpens it)"),
            formula="a_i = x_i / T", substituted=", ".join(f"{paren(x)}/{number_text(temp)}" for x in raw),
            result=logits))
    exps, total = softmax_terms(logits)
    names = "a" if temp != 1 else "x"
    steps.append(Step(Bilingual("各要素の指数を取る", "Exponentiate each element"), formula=f"e^{{{names}_i}}",
                      substituted=", ".join(f"e^{{{number_text(z)}}}" for z in logits), result=exps))
    terms = exponential_sum_text(logits)
    steps.append(Step(Bilingual("指数の和 (正規化の分母)", "Sum of the exponentials (the normaliser)"),
                      formula=f"Σ_i e^{{{names}_i}}", substituted=terms,
                      result=total))
    answer = [e / total for e in exps]
    for k, (z, y) in enumerate(zip(logits, answer, strict=True)):
        steps.append(Step(
            Bilingual(f"y_{k + 1}: 指数を和で割る", f"y_{k + 1}: divide the exponential by the sum"),
            formula=f"y_k = e^{{{names}_k}} / Σ_i e^{{{names}_i}}", substituted=f"e^{{{number_text(z)}}} / ({terms})",
            result=y, kind="cell", data={"index": k}))
    top = max(logits)
    shifted = [z - top for z in logits]
    stable = [sp.exp(s) / sp.Add(*[sp.exp(t) for t in shifted]) for s in shifted]
    steps.append(Step(
        Bilingual(f"数値計算では最大値 m = {number_text(top)} を引いてから指数を取る (大きな x で e^x があふれるのを防ぐ)。"
                  "分子と分母に同じ e^(−m) を掛けただけなので、結果は変わらない。",
                  f"In practice the maximum m = {number_text(top)} is subtracted before exponentiating (so e^x cannot overflow "
                  "for a large x); numerator and denominator are both multiplied by e^(−m), so the result is the same."),
        formula="y_k = e^{a_k − m} / Σ_i e^{a_i − m},  m = max_i a_i",
        substituted="a − m = [" + ", ".join(number_text(s) for s in shifted) + "];  y = e^{a − m} / Σ e^{a − m}",
        result=stable))
    steps.append(Step(Bilingual(f"小数に直す (有効数字 {DIGITS} 桁に丸めて表示、合計は 1)",
                                f"As decimals (shown rounded to {DIGITS} significant digits; they sum to 1)"),
                      result=[decimal(y) for y in answer]))
    inputs: dict[str, Any] = {"x": raw, "temperature": temp}
    return Solution("softmax", inputs, answer, steps)
