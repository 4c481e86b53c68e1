"""Activation solvers against the math module, finite differences and textbook values."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.activations import leaky_relu, relu, sigmoid, softmax, tanh

# Exact decimals with up to 2 places in [−8, 8], as a learner would type them.
decimals = st.integers(-800, 800).map(lambda n: Fraction(n, 100))


def slope(f: object, x: float, h: float = 1e-6) -> float:
    """Central finite difference, independent of any derivative formula."""
    return (f(x + h) - f(x - h)) / (2 * h)  # type: ignore[operator]


def py_sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@given(decimals)
def test_sigmoid_and_derivative(x: Fraction) -> None:
    assert float(sigmoid(x).answer) == pytest.approx(py_sigmoid(float(x)), rel=1e-12)
    assert float(sigmoid(x, derivative=True).answer) == pytest.approx(slope(py_sigmoid, float(x)), rel=1e-6, abs=1e-9)


@given(decimals)
def test_tanh_and_derivative(x: Fraction) -> None:
    assert float(tanh(x).answer) == pytest.approx(math.tanh(float(x)), rel=1e-12, abs=1e-15)
    assert float(tanh(x, derivative=True).answer) == pytest.approx(slope(math.tanh, float(x)), rel=1e-6, abs=1e-9)


@given(decimals, st.integers(1, 50).map(lambda n: Fraction(n, 100)))
def test_relu_and_leaky_relu(x: Fraction, alpha: Fraction) -> None:
    assert relu(x).answer == max(0, x)
    assert leaky_relu(x, alpha).answer == (x if x > 0 else alpha * x)
    if x != 0:  # away from the kink the slope is the finite difference
        assert float(relu(x, derivative=True).answer) == pytest.approx(slope(lambda v: max(0.0, v), float(x)))
        assert float(leaky_relu(x, alpha, derivative=True).answer) == pytest.approx(
            slope(lambda v: v if v > 0 else float(alpha) * v, float(x)))


def test_conventions_at_zero_and_exact_values() -> None:
    assert relu(0, derivative=True).answer == 0
    assert "0" in relu(0, derivative=True).steps[-1].text.en and "PyTorch" in relu(0, derivative=True).steps[-1].text.en
    assert leaky_relu(0, derivative=True).answer == sp.Rational(1, 100)
    assert sigmoid(0).answer == sp.Rational(1, 2)
    assert sigmoid(0, derivative=True).answer == sp.Rational(1, 4)  # the sigmoid's steepest slope
    assert tanh(0, derivative=True).answer == 1
    assert leaky_relu(-2).answer == sp.Rational(-1, 50)
    assert sp.simplify(sigmoid(2).answer - 1 / (1 + sp.exp(-2))) == 0


def py_softmax(xs: list[float], temperature: float = 1.0) -> list[float]:
    top = max(xs)
    exps = [math.exp((x - top) / temperature) for x in xs]
    return [e / sum(exps) for e in exps]


@given(st.lists(decimals, min_size=1, max_size=6), st.integers(1, 40).map(lambda n: Fraction(n, 10)))
def test_softmax_matches_floats_and_stable_form(xs: list[Fraction], temperature: Fraction) -> None:
    sol = softmax(xs, temperature)
    expected = py_softmax([float(x) for x in xs], float(temperature))
    assert sol.approx_value() == pytest.approx(expected, rel=1e-9, abs=1e-300)
    stable = next(s for s in sol.steps if "m = " in s.text.en)
    assert [float(v) for v in stable.result] == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_softmax_exact_form_and_steps() -> None:
    sol = softmax([1, 2, 3])
    e1, e2, e3 = sp.exp(1), sp.exp(2), sp.exp(3)
    assert all(sp.simplify(a - e / (e1 + e2 + e3)) == 0 for a, e in zip(sol.answer, [e1, e2, e3], strict=True))
    assert sol.approx_value() == pytest.approx(py_softmax([1.0, 2.0, 3.0]), rel=1e-12)
    stable = next(s for s in sol.steps if "m = 3" in s.text.en)
    assert stable.substituted.startswith("a − m = [-2, -1, 0];")
    assert sp.simplify(stable.result[0] - sol.answer[0]) == 0
    assert sum(next(s for s in sol.steps if "decimal" in s.text.en).result) == pytest.approx(1)


def test_softmax_large_inputs_stay_exact() -> None:
    sol = softmax([1000, 1001])
    assert sol.approx_value() == pytest.approx(py_softmax([1000.0, 1001.0]))


def test_temperature_flattens() -> None:
    cold, hot = softmax([1, 2], Fraction(1, 2)).approx_value(), softmax([1, 2], 10).approx_value()
    assert cold[1] > softmax([1, 2]).approx_value()[1] > hot[1] > 0.5


@pytest.mark.parametrize(("call", "fragment"), [
    (lambda: softmax([]), "at least one"),
    (lambda: softmax([1, 2], temperature=0), "temperature"),
    (lambda: sigmoid("x"), "not a number"),
    (lambda: tanh(float("nan")), "finite"),
    (lambda: leaky_relu(1, alpha=True), "alpha"),
])
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(SolverError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
