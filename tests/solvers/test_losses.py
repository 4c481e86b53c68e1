"""Loss solvers against plain Python loops (math.log), textbook values and one-line input errors."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.losses import binary_cross_entropy, cross_entropy, mae, mse, sse

values = st.integers(-500, 500).map(lambda n: Fraction(n, 100))
open_probs = st.integers(1, 99).map(lambda n: Fraction(n, 100))  # strictly inside (0, 1)
LOGS = {"e": math.log, "2": math.log2, "10": math.log10}


@st.composite
def regression_pair(draw: st.DrawFn) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(1, 8))
    return draw(st.lists(values, min_size=n, max_size=n)), draw(st.lists(values, min_size=n, max_size=n))


@given(regression_pair())
def test_regression_losses_exact(pair: tuple[list[Fraction], list[Fraction]]) -> None:
    ys, ts = pair
    squares = [(y - t) ** 2 for y, t in zip(ys, ts, strict=True)]
    assert mse(ys, ts).answer == sum(squares) / len(ys)
    assert sse(ys, ts).answer == sum(squares) / 2
    assert mae(ys, ts).answer == sum(abs(y - t) for y, t in zip(ys, ts, strict=True)) / len(ys)


@st.composite
def distribution(draw: st.DrawFn) -> list[Fraction]:
    weights = draw(st.lists(st.integers(1, 20), min_size=2, max_size=6))
    return [Fraction(w, sum(weights)) for w in weights]


@given(distribution(), st.data(), st.sampled_from(["e", "2", "10"]))
def test_cross_entropy_from_probabilities(ps: list[Fraction], data: st.DataObject, base: str) -> None:
    target = data.draw(st.integers(0, len(ps) - 1))
    weights = data.draw(st.lists(st.integers(0, 5), min_size=len(ps), max_size=len(ps)))
    plain = -LOGS[base](float(ps[target]))
    assert float(cross_entropy(ps, target=target, log_base=base).answer) == pytest.approx(plain, rel=1e-12, abs=1e-15)
    weighted = cross_entropy(ps, target=target, weights=weights, log_base=base).answer
    assert float(weighted) == pytest.approx(weights[target] * plain, rel=1e-12, abs=1e-15)


@given(st.lists(values, min_size=2, max_size=6), st.data(), st.sampled_from(["e", "2", "10"]))
def test_cross_entropy_from_logits(zs: list[Fraction], data: st.DataObject, base: str) -> None:
    target = data.draw(st.integers(0, len(zs) - 1))
    top = max(float(z) for z in zs)
    log_sum_exp = top + math.log(sum(math.exp(float(z) - top) for z in zs))
    natural = log_sum_exp - float(zs[target])
    sol = cross_entropy(logits=zs, target=target, log_base=base)
    assert float(sol.answer) == pytest.approx(natural / math.log(float(base)) if base != "e" else natural, rel=1e-10, abs=1e-12)
    # through probabilities gives the same value
    p = math.exp(float(zs[target]) - top) / sum(math.exp(float(z) - top) for z in zs)
    eps = Fraction(1, 10**7)
    assert float(cross_entropy(logits=zs, target=target, epsilon=eps).answer) == pytest.approx(-math.log(p + 1e-7), rel=1e-10)


@given(st.lists(st.tuples(open_probs, st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 4)])), min_size=1, max_size=6))
def test_binary_cross_entropy_mean(pairs: list[tuple[Fraction, Fraction]]) -> None:
    ps, ts = [p for p, _ in pairs], [t for _, t in pairs]
    plain = -sum(float(t) * math.log(float(p)) + (1 - float(t)) * math.log(1 - float(p)) for p, t in pairs) / len(pairs)
    assert float(binary_cross_entropy(ps, ts).answer) == pytest.approx(plain, rel=1e-12, abs=1e-15)
    plain2 = -sum(float(t) * math.log2(float(p)) + (1 - float(t)) * math.log2(1 - float(p)) for p, t in pairs) / len(pairs)
    assert float(binary_cross_entropy(ps, ts, log_base=2).answer) == pytest.approx(plain2, rel=1e-12, abs=1e-15)


def test_zerotsuku_sum_of_squares_and_cross_entropy() -> None:
    """ゼロから作るDeep Learning 4.2: E = ½Σ(y−t)² gives 0.0975 and 0.5975; with δ = 1e−7 inside the log the
    cross-entropy gives 0.510825457099338 and 2.302584092994546."""
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    good = [Fraction(x) for x in ("0.1", "0.05", "0.6", "0", "0.05", "0.1", "0", "0.1", "0", "0")]
    bad = [Fraction(x) for x in ("0.1", "0.05", "0.1", "0", "0.05", "0.1", "0", "0.6", "0", "0")]
    assert sse(good, t).answer == Fraction(975, 10000)
    assert sse(bad, t).answer == Fraction(5975, 10000)
    delta = Fraction(1, 10**7)
    assert float(cross_entropy(good, target=2, epsilon=delta).answer) == pytest.approx(0.510825457099338, rel=1e-12)
    assert float(cross_entropy(bad, target=2, epsilon=delta).answer) == pytest.approx(2.302584092994546, rel=1e-12)


def test_exact_answers_and_steps() -> None:
    sol = cross_entropy([Fraction(1, 10), Fraction(7, 10), Fraction(2, 10)], target=1)
    assert sp.simplify(sol.answer + sp.log(sp.Rational(7, 10))) == 0
    assert any(s.substituted == "−ln(0.7)" for s in sol.steps)
    logits = cross_entropy(logits=[1, 2, 3], target=2)
    assert sp.simplify(logits.answer - (sp.log(sp.exp(1) + sp.exp(2) + sp.exp(3)) - 3)) == 0
    assert any("log-softmax" in s.text.en for s in logits.steps)
    weighted = cross_entropy([Fraction(1, 4), Fraction(3, 4)], target=0, weights=[3, 1])
    assert sp.simplify(weighted.answer - 3 * sp.log(4)) == 0
    assert any("sum of the weights" in s.text.en for s in weighted.steps)


def test_log_of_zero_gives_infinity_with_a_note() -> None:
    assert cross_entropy([0, 1], target=0).answer == sp.oo
    assert binary_cross_entropy([0], [1]).answer == sp.oo
    assert binary_cross_entropy([0, 1], [0, 1]).answer == 0  # 0·log 0 counts as 0
    assert float(binary_cross_entropy([0], [1], epsilon=Fraction(1, 10**7)).answer) == pytest.approx(-math.log(1e-7))


@pytest.mark.parametrize(("call", "fragment"), [
    (lambda: cross_entropy([Fraction(1, 2), Fraction(3, 5)], target=0), "off by +0.1"),
    (lambda: cross_entropy([Fraction(1, 2), Fraction(1, 4)], target=0), "off by -0.25"),
    (lambda: cross_entropy([Fraction(3, 2), Fraction(-1, 2)], target=0), "outside [0, 1]"),
    (lambda: cross_entropy([Fraction(1, 2), Fraction(1, 2)], target=2), "class index"),
    (lambda: cross_entropy([Fraction(1, 2), Fraction(1, 2)], target=0, weights=[1]), "one weight per class"),
    (lambda: cross_entropy([1], logits=[1], target=0), "exactly one"),
    (lambda: cross_entropy(logits=[1, 2], target=0, log_base=3), "log base"),
    (lambda: cross_entropy(logits=[1, 2], target=0, epsilon=-1), "epsilon"),
    (lambda: binary_cross_entropy([Fraction(1, 2)], [1, 0]), "targets has 2"),
    (lambda: binary_cross_entropy([2], [1]), "outside [0, 1]"),
    (lambda: mse([1, 2], [1]), "target has 1"),
    (lambda: mae([], []), "at least one"),
])
def test_bad_input_is_one_clear_error(call: Any, fragment: str) -> None:
    with pytest.raises(SolverError) as info:
        call()
    assert fragment in str(info.value)
    assert "\n" not in str(info.value) and "\n" not in info.value.message("ja")
