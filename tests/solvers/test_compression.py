"""Quantization against a Fraction/Decimal reference written here; distillation against float formulas."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.compression import distill, quantize


def round_half_up(r: Fraction) -> int:
    """四捨五入 via the decimal module (an implementation independent of the solver's)."""
    with localcontext() as ctx:
        ctx.prec = 60
        return int((Decimal(r.numerator) / Decimal(r.denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def reference(xs: list[Fraction], scheme: str, rounding: str) -> tuple[Fraction, int, list[int]]:
    rnd = round if rounding == "half-even" else round_half_up  # round(Fraction) rounds half to even
    if scheme == "asymmetric-uint8":
        lo, hi = min(*xs, Fraction(0)), max(*xs, Fraction(0))
        scale = (hi - lo) / 255
        zero = min(max(rnd(-lo / scale), 0), 255)
        return scale, zero, [min(max(rnd(x / scale) + zero, 0), 255) for x in xs]
    scale = max(abs(x) for x in xs) / 127
    return scale, 0, [min(max(rnd(x / scale), -127), 127) for x in xs]


values = st.fractions(min_value=-10, max_value=10, max_denominator=20)


@given(st.lists(values, min_size=1, max_size=8), st.sampled_from(["asymmetric-uint8", "symmetric-int8"]),
       st.sampled_from(["half-even", "half-up"]))
def test_matches_reference(xs: list[Fraction], scheme: str, rounding: str) -> None:
    if all(x == 0 for x in xs):
        xs = [*xs, Fraction(1)]
    scale, zero, qs = reference(xs, scheme, rounding)
    answer = quantize(xs, scheme, rounding).answer
    assert answer["scale"] == sympy.Rational(scale.numerator, scale.denominator)
    assert answer["zero_point"] == zero and answer["q"] == qs
    errors = [(q - zero) * scale - x for q, x in zip(qs, xs, strict=True)]
    assert [Fraction(int(e.p), int(e.q)) for e in answer["error"]] == errors
    # rounding to the grid costs at most s/2; only a clamped end value (asymmetric, z rounded) can cost up to s
    bound = scale / 2 if scheme == "symmetric-int8" else scale
    assert max(abs(e) for e in errors) <= bound


def test_asymmetric_textbook_case_and_the_tie() -> None:
    # range [−1, 2]: s = 3/255 = 1/85, z = round(85) = 85; 0.5/s = 42.5 is a tie
    even = quantize([-1, Fraction(1, 2), 2], "asymmetric-uint8", "half-even").answer
    up = quantize([-1, Fraction(1, 2), 2], "asymmetric-uint8", "half-up").answer
    assert even["scale"] == sympy.Rational(1, 85) and even["zero_point"] == 85
    assert even["q"] == [0, 127, 255] and up["q"] == [0, 128, 255]
    assert even["dequantized"][1] == sympy.Rational(42, 85)


def test_symmetric_textbook_case() -> None:
    # max|x| = 1.27 → s = 0.01; −0.5 → −50, 0.25 → 25, 1.27 → 127, zero point 0
    answer = quantize([Fraction(-1, 2), Fraction(1, 4), Fraction(127, 100)], "symmetric-int8").answer
    assert answer["scale"] == sympy.Rational(1, 100) and answer["zero_point"] == 0 and answer["q"] == [-50, 25, 127]
    assert answer["max_abs_error"] == 0


def test_rounding_the_scale_first_changes_the_result() -> None:
    # s = 1/85 = 0.011764… → 0.012; z = round(1/0.012) = round(83.3) = 83;
    # q = round(−83.3) + 83 = 0, round(41.7) + 83 = 125, round(166.7) + 83 = 250 → x̂ = −0.996, 0.504, 2.004
    solution = quantize([-1, Fraction(1, 2), 2], scale_decimals=3)
    answer = solution.answer
    assert answer["scale"] == sympy.Rational(12, 1000) and answer["zero_point"] == 83 and answer["q"] == [0, 125, 250]
    assert answer["dequantized"] == [sympy.Rational(-996, 1000), sympy.Rational(504, 1000), sympy.Rational(2004, 1000)]
    comparison = solution.steps[-1].result
    assert comparison["q_exact_scale"] == [0, 127, 255] and comparison["changed_indices"] == [1, 2]


@pytest.mark.parametrize(("args", "fragment"), [
    (([0, 0],), "all values are 0"),
    (([1], "int4"), "unknown scheme"),
    (([1], "symmetric-int8", "stochastic"), "unknown rounding"),
    (([], ), "1 to"),
    (([1, 2], "asymmetric-uint8", "half-even", 1), "rounds to 0"),
])
def test_quantize_bad_input(args: tuple[object, ...], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        quantize(*args)  # type: ignore[arg-type]


# --- distillation ------------------------------------------------------------------------------------

def softmax(z: list[float], t: float) -> list[float]:
    top = max(z)
    e = [math.exp((v - top) / t) for v in z]
    return [v / sum(e) for v in e]


logits = st.fractions(min_value=-5, max_value=5, max_denominator=4)


@given(st.integers(2, 5), st.data(), st.sampled_from([Fraction(1), Fraction(2), Fraction(5, 2), Fraction(10)]))
def test_distillation_matches_float_formula(k: int, data: st.DataObject, temperature: Fraction) -> None:
    teacher = data.draw(st.lists(logits, min_size=k, max_size=k))
    student = data.draw(st.lists(logits, min_size=k, max_size=k))
    target = data.draw(st.integers(0, k - 1))
    alpha = data.draw(st.sampled_from([Fraction(0), Fraction(3, 10), Fraction(1)]))
    t = float(temperature)
    p = softmax([float(v) for v in teacher], t)
    q = softmax([float(v) for v in student], t)
    soft = t * t * sum(pi * math.log(pi / qi) for pi, qi in zip(p, q, strict=True))
    hard = -math.log(softmax([float(v) for v in student], 1.0)[target])
    got = distill(teacher, student, temperature, target=target, alpha=alpha).approx_value()
    assert math.isclose(got["soft_loss"], soft, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(got["total_loss"], float(alpha) * hard + (1 - float(alpha)) * soft, rel_tol=1e-9, abs_tol=1e-12)


def test_identical_teacher_and_student_cost_nothing() -> None:
    assert sympy.simplify(distill([1, 2, 3], [1, 2, 3], 4).answer["soft_loss"]) == 0


def test_uniform_student_by_hand() -> None:
    # teacher [0, 2] at T = 2 → p = (1/(1+e), e/(1+e)); uniform student: KL = log 2 − H(p); soft loss = 4·KL
    p = [1 / (1 + math.e), math.e / (1 + math.e)]
    kl = math.log(2) + sum(pi * math.log(pi) for pi in p)
    answer = distill([0, 2], [5, 5], 2).approx_value()
    assert math.isclose(answer["teacher_probs"][1], p[1], rel_tol=1e-12)
    assert math.isclose(answer["kl"], kl, rel_tol=1e-12) and math.isclose(answer["soft_loss"], 4 * kl, rel_tol=1e-12)


def test_higher_temperature_softens_the_teacher() -> None:
    cold = distill([4, 1, 0], [0, 0, 0], 1).approx_value()["teacher_probs"]
    hot = distill([4, 1, 0], [0, 0, 0], 5).approx_value()["teacher_probs"]
    assert max(hot) < max(cold) and min(hot) > min(cold)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"teacher_logits": [1, 2], "student_logits": [1, 2, 3], "temperature": 1}, "same number"),
    ({"teacher_logits": [1, 2], "student_logits": [1, 2], "temperature": 0}, "positive"),
    ({"teacher_logits": [1, 2], "student_logits": [1, 2], "temperature": 1, "target": 2}, "class index"),
    ({"teacher_logits": [1, 2], "student_logits": [1, 2], "temperature": 1, "target": 0, "alpha": 2}, "alpha"),
])
def test_distill_bad_input(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        distill(**kwargs)  # type: ignore[arg-type]
