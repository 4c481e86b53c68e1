"""Statistics against Python's ``statistics`` module and NumPy; probability against enumeration and odds form."""

from __future__ import annotations

import itertools
import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.statistics import bayes, binomial, describe, expectation

numbers = st.integers(-20, 20).map(lambda v: Fraction(v, 4))
samples = st.lists(numbers, min_size=2, max_size=12)


def exact(value: object) -> Fraction:
    return Fraction(str(value))


@given(samples)
def test_describe_matches_statistics_module(data: list[Fraction]) -> None:
    answer = describe(data).answer
    assert exact(answer["mean"]) == statistics.mean(data)
    assert exact(answer["median"]) == statistics.median(data)
    assert [exact(m) for m in answer["modes"]] == sorted(statistics.multimode(data))
    assert exact(answer["variance_population"]) == statistics.pvariance(data)
    assert exact(answer["variance_sample"]) == statistics.variance(data)
    assert float(answer["std_population"]) == pytest.approx(statistics.pstdev(data), abs=1e-12)
    assert float(answer["std_sample"]) == pytest.approx(statistics.stdev(data), abs=1e-12)


@given(samples, st.data())
def test_covariance_and_correlation_match_statistics_module(xs: list[Fraction], data: st.DataObject) -> None:
    ys = data.draw(st.lists(numbers, min_size=len(xs), max_size=len(xs)))
    answer = describe(xs, "all", ys).answer
    assert float(answer["covariance_sample"]) == pytest.approx(statistics.covariance(xs, ys), abs=1e-12)
    assert float(answer["covariance_population"]) == pytest.approx(
        float(np.cov(np.array(xs, dtype=float), np.array(ys, dtype=float), ddof=0)[0, 1]), abs=1e-12)
    assume(len(set(xs)) > 1 and len(set(ys)) > 1)
    assert float(describe(xs, "correlation", ys).answer) == pytest.approx(statistics.correlation(xs, ys), abs=1e-12)


@given(samples, st.sampled_from([0, 1]))
def test_zscores_match_numpy(data: list[Fraction], ddof: int) -> None:
    assume(len(set(data)) > 1)
    arr = np.array(data, dtype=float)
    expected = (arr - arr.mean()) / arr.std(ddof=ddof)
    got = [float(z) for z in describe(data, "zscore", ddof=ddof).answer]
    assert got == pytest.approx(expected.tolist(), abs=1e-12)


def test_describe_textbook() -> None:
    # the classic 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population σ = 2, sample s² = 32/7
    answer = describe([2, 4, 4, 4, 5, 5, 7, 9]).answer
    assert (answer["mean"], answer["median"], answer["modes"]) == (5, Fraction(9, 2), [4])
    assert (answer["variance_population"], answer["std_population"], answer["variance_sample"]) == (4, 2, Fraction(32, 7))
    # two modes tie: both are reported
    assert describe([1, 1, 2, 2, 3], "mode").answer == [1, 2]
    # perfectly linear data: r = 1 and −1
    assert describe([1, 2, 3], "correlation", [2, 4, 6]).answer == 1
    assert describe([1, 2, 3], "correlation", [3, 2, 1]).answer == -1
    assert describe([1, 2, 3, 4], "variance").answer == {"population": Fraction(5, 4), "sample": Fraction(5, 3)}


def test_the_step_says_which_variance() -> None:
    texts = " ".join(s.text.en for s in describe([1, 2, 3], "variance").steps)
    assert "Population variance (divide by n" in texts and "Sample (unbiased) variance (divide by n − 1" in texts


def test_bayes_disease_test_textbook() -> None:
    # sensitivity 99%, false positives 5%, prevalence 1%: P(ill | +) = 0.0099 / (0.0099 + 0.0495) = 1/6
    sol = bayes(Fraction(1, 100), Fraction(99, 100), Fraction(5, 100))
    assert sol.answer == Fraction(1, 6)
    trap = next(s for s in sol.steps if s.kind == "note")
    assert "99" in trap.text.en and "495" in trap.text.en and "16.7%" in trap.text.en and "基準率" in trap.text.ja
    # the same test with prevalence 50% is convincing: 0.99·0.5 / (0.99·0.5 + 0.05·0.5) = 99/104
    assert bayes(Fraction(1, 2), Fraction(99, 100), Fraction(5, 100)).answer == Fraction(99, 104)


probabilities = st.integers(0, 20).map(lambda v: Fraction(v, 20))


@given(probabilities, probabilities, probabilities)
def test_bayes_matches_odds_form(prior: Fraction, sensitivity: Fraction, false_positive: Fraction) -> None:
    assume(0 < prior < 1 and sensitivity > 0 and false_positive > 0)
    # posterior odds = prior odds × likelihood ratio
    odds = prior / (1 - prior) * sensitivity / false_positive
    assert exact(bayes(prior, sensitivity, false_positive).answer) == odds / (1 + odds)


@given(st.integers(0, 10), st.data(), probabilities)
def test_binomial_matches_enumeration(n: int, data: st.DataObject, p: Fraction) -> None:
    k = data.draw(st.integers(0, n))
    brute = sum((p ** sum(seq) * (1 - p) ** (n - sum(seq)) for seq in itertools.product((0, 1), repeat=n) if sum(seq) == k),
                Fraction(0))
    assert exact(binomial(n, k, p).answer) == brute


def test_binomial_textbook() -> None:
    assert binomial(10, 3, Fraction(1, 2)).answer == Fraction(math.comb(10, 3), 1024)  # 120/1024
    assert binomial(1, 1, Fraction(3, 10)).answer == Fraction(3, 10)  # Bernoulli
    assert binomial(3, 0, Fraction(1, 2)).answer == Fraction(1, 8)


@given(st.lists(st.tuples(numbers, st.integers(1, 9)), min_size=1, max_size=6))
def test_expectation_matches_numpy(pairs: list[tuple[Fraction, int]]) -> None:
    total = sum(w for _, w in pairs)
    values = [v for v, _ in pairs]
    probs = [Fraction(w, total) for _, w in pairs]
    answer = expectation(values, probs).answer
    x, p = np.array(values, dtype=float), np.array(probs, dtype=float)
    mean = float(np.dot(x, p))
    assert float(answer["expectation"]) == pytest.approx(mean, abs=1e-12)
    assert float(answer["variance"]) == pytest.approx(float(np.dot(p, (x - mean) ** 2)), abs=1e-12)


def test_expectation_textbook() -> None:
    answer = expectation([1, 2, 3, 4, 5, 6], [Fraction(1, 6)] * 6).answer  # a fair die
    assert answer["expectation"] == Fraction(7, 2) and answer["variance"] == Fraction(35, 12)
    assert expectation([0, 1], [Fraction(7, 10), Fraction(3, 10)]).answer["variance"] == Fraction(21, 100)  # p(1−p)
    assert sp.simplify(expectation([0, 2], [Fraction(1, 2)] * 2).answer["std"] - 1) == 0


def test_probabilities_not_summing_to_one_say_by_how_much() -> None:
    with pytest.raises(SolverError, match=r"sum to 0\.9, not 1") as info:
        expectation([1, 2, 3], [Fraction(3, 10)] * 3)
    assert "off by -0.1)" in str(info.value) and "0.9 です (1 との差 -0.1)" in info.value.message("ja")


def test_probability_sums_share_one_tolerance() -> None:
    """1e-6 either way is float round-off (pasted softmax output); 2e-6 is refused, in every solver that checks."""
    from solvers.backprop import softmax_with_loss
    from solvers.ctc import forward
    from solvers.information import entropy
    from solvers.losses import cross_entropy
    from solvers.rl import bellman_backup

    third = Fraction(1, 3)
    for gap, accepted in ((Fraction(1, 10**6), True), (Fraction(-1, 10**6), True), (Fraction(2, 10**6), False)):
        probs = [third, third, third + gap]
        calls = [
            lambda p=probs: expectation([1, 2, 3], p),
            lambda p=probs: entropy(p),
            lambda p=probs: cross_entropy(p, target=0),
            lambda p=probs: softmax_with_loss(0, probs=p),
            lambda p=probs: forward([p], ["-", "a", "b"], ["a"]),
            lambda p=probs: bellman_backup({"s": {"a": [["s", p[0], 0], ["t", p[1], 0], ["u", p[2], 0]]}},
                                           {"s": 0, "t": 0, "u": 0}, Fraction(1, 2)),
        ]
        for call in calls:
            if accepted:
                call()
            else:
                with pytest.raises(SolverError, match=r"off by \+2e-06"):
                    call()


@pytest.mark.parametrize("call", [
    lambda: describe([], "mean"),
    lambda: describe([1], "variance"),
    lambda: describe([1, 2], "correlation"),
    lambda: describe([1, 1, 1], "correlation", [1, 2, 3]),
    lambda: describe([1, 2], "covariance", [1, 2, 3]),
    lambda: describe([2, 2], "zscore"),
    lambda: describe([1, 2], "bogus"),
    lambda: bayes(Fraction(3, 2), Fraction(1, 2), Fraction(1, 2)),
    lambda: bayes(0, Fraction(1, 2), 0),
    lambda: binomial(3, 4, Fraction(1, 2)),
    lambda: binomial(-1, 0, Fraction(1, 2)),
    lambda: binomial(3, 1, Fraction(-1, 2)),
    lambda: expectation([1, 2], [1]),
])
def test_bad_input(call: object) -> None:
    with pytest.raises(SolverError):
        call()  # type: ignore[operator]


def test_number_text_with_a_huge_exponent_is_refused_not_computed() -> None:
    from solvers.statistics import exact_number

    assert exact_number("2.5e-3") == sp.Rational(1, 400)
    with pytest.raises(SolverError, match="exponent"):
        exact_number("1e-99999999", "reward")
    with pytest.raises(SolverError, match="too long"):
        exact_number("1" * 5000, "reward")
