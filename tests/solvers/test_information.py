"""Information measures against NumPy formulas, PyTorch's kl_div / cross_entropy, and textbook values."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.information import (
    conditional_entropy,
    cross_entropy,
    entropy,
    information,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
    perplexity,
    self_information,
)

LN_BASE = {"e": 1.0, "2": math.log(2), "10": math.log(10)}


def normalise(weights: list[int]) -> list[Fraction]:
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


distributions = st.lists(st.integers(0, 9), min_size=2, max_size=5).filter(lambda w: sum(w) > 0).map(normalise)
positive = st.lists(st.integers(1, 9), min_size=2, max_size=5).map(normalise)
bases = st.sampled_from(["e", "2", "10"])
tables = st.lists(st.lists(st.integers(0, 6), min_size=2, max_size=3), min_size=2, max_size=3).filter(
    lambda rows: len({len(r) for r in rows}) == 1 and sum(map(sum, rows)) > 0).map(
    lambda rows: [[Fraction(v, sum(map(sum, rows))) for v in r] for r in rows])


def np_entropy(p: np.ndarray, base: str) -> float:
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)) / LN_BASE[base])


def value(x: object) -> float:
    return float(sp.sympify(x))


@given(distributions, bases)
def test_entropy_matches_numpy(p: list[Fraction], base: str) -> None:
    got = entropy(p, base).answer
    assert value(got) == pytest.approx(np_entropy(np.array(p, dtype=float), base), abs=1e-12)


@given(distributions, positive, bases)
def test_kl_and_cross_entropy_match_numpy(p: list[Fraction], q: list[Fraction], base: str) -> None:
    assume(len(p) == len(q))
    pa, qa = np.array(p, dtype=float), np.array(q, dtype=float)
    mask = pa > 0
    kl = float(np.sum(pa[mask] * np.log(pa[mask] / qa[mask]))) / LN_BASE[base]
    answer = kl_divergence(p, q, base).answer
    assert value(answer["p||q"]) == pytest.approx(kl, abs=1e-12)
    ce = -float(np.sum(pa[mask] * np.log(qa[mask]))) / LN_BASE[base]
    assert value(cross_entropy(p, q, base).answer) == pytest.approx(ce, abs=1e-12)


@given(positive, positive)
def test_kl_and_cross_entropy_match_torch(p: list[Fraction], q: list[Fraction]) -> None:
    torch = pytest.importorskip("torch")
    functional = pytest.importorskip("torch.nn.functional")
    assume(len(p) == len(q))
    pt, qt = torch.tensor([float(v) for v in p], dtype=torch.float64), torch.tensor([float(v) for v in q], dtype=torch.float64)
    # F.kl_div takes log q as input and p as target and returns Σ p (log p − log q) = KL(p‖q)
    torch_kl = functional.kl_div(qt.log(), pt, reduction="sum").item()
    assert value(kl_divergence(p, q).answer["p||q"]) == pytest.approx(torch_kl, abs=1e-12)
    # F.cross_entropy with probability targets: −Σ p log softmax(z); with z = log q, softmax(z) = q
    torch_ce = functional.cross_entropy(qt.log().unsqueeze(0), pt.unsqueeze(0)).item()
    assert value(cross_entropy(p, q).answer) == pytest.approx(torch_ce, abs=1e-12)


@given(distributions, distributions, bases)
def test_js_is_symmetric_bounded_and_matches_numpy(p: list[Fraction], q: list[Fraction], base: str) -> None:
    assume(len(p) == len(q))
    pa, qa = np.array(p, dtype=float), np.array(q, dtype=float)
    m = (pa + qa) / 2

    def kl(a: np.ndarray, b: np.ndarray) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log(a[mask] / b[mask])))

    expected = (kl(pa, m) + kl(qa, m)) / 2 / LN_BASE[base]
    got = js_divergence(p, q, base).answer
    assert value(got) == pytest.approx(expected, abs=1e-12)
    assert value(js_divergence(q, p, base).answer) == pytest.approx(value(got), abs=1e-12)
    assert value(got) <= math.log(2) / LN_BASE[base] + 1e-12


@given(tables, bases)
def test_joint_conditional_and_mutual_information_match_numpy(table: list[list[Fraction]], base: str) -> None:
    pxy = np.array(table, dtype=float)
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    h_xy, h_x, h_y = np_entropy(pxy.ravel(), base), np_entropy(px, base), np_entropy(py, base)
    assert value(joint_entropy(table, base).answer) == pytest.approx(h_xy, abs=1e-12)
    assert value(conditional_entropy(table, base).answer) == pytest.approx(h_xy - h_x, abs=1e-12)
    assert value(conditional_entropy(table, base, given="Y").answer) == pytest.approx(h_xy - h_y, abs=1e-12)
    mi = 0.0
    for i in range(pxy.shape[0]):
        for j in range(pxy.shape[1]):
            if pxy[i, j] > 0:
                mi += pxy[i, j] * math.log(pxy[i, j] / (px[i] * py[j]))
    sol = mutual_information(table, base)
    assert value(sol.answer) == pytest.approx(mi / LN_BASE[base], abs=1e-12)
    # both forms shown in the steps are the same exact number
    assert sp.simplify(sol.steps[-1].result - sol.answer) == 0


@given(distributions)
def test_perplexity_is_base_independent(p: list[Fraction]) -> None:
    pa = np.array(p, dtype=float)
    expected = math.exp(np_entropy(pa, "e"))
    for base in ("e", "2", "10"):
        assert value(perplexity(p, base).answer) == pytest.approx(expected, rel=1e-12)


@given(st.lists(st.integers(1, 10), min_size=1, max_size=6))
def test_per_token_perplexity_is_inverse_geometric_mean(denominators: list[int]) -> None:
    probs = [Fraction(1, d) for d in denominators]
    geometric = float(np.prod([float(p) for p in probs])) ** (1 / len(probs))
    assert value(perplexity(probs, per_token=True).answer) == pytest.approx(1 / geometric, rel=1e-12)


def test_textbook_values() -> None:
    assert entropy([Fraction(1, 2), Fraction(1, 2)], "2").answer == 1  # fair coin: 1 bit
    assert entropy([Fraction(1, 8)] * 8, "2").answer == 3  # 8 equally likely outcomes: 3 bits
    assert entropy([1, 0], "2").answer == 0  # a certain outcome carries no information
    assert sp.simplify(entropy([Fraction(1, 2)] * 2).answer - sp.log(2)) == 0  # ln 2 nats
    assert self_information(Fraction(1, 8), "2").answer == 3
    assert self_information(1, "2").answer == 0
    # a fair die has perplexity 6; ½, ¼, ¼ has 2^1.5 = 2√2
    assert perplexity([Fraction(1, 6)] * 6, "2").answer == 6
    assert sp.simplify(perplexity([Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]).answer - 2 * sp.sqrt(2)) == 0
    # disjoint supports: KL infinite, JS exactly 1 bit
    assert js_divergence([1, 0], [0, 1], "2").answer == 1
    # X = Y uniform on two values: I(X;Y) = H(X) = 1 bit; independent: 0
    assert mutual_information([[Fraction(1, 2), 0], [0, Fraction(1, 2)]], "2").answer == 1
    assert mutual_information([[Fraction(1, 4)] * 2] * 2, "2").answer == 0
    # one-hot target: cross-entropy = −ln q_true (the classification loss)
    assert sp.simplify(cross_entropy([0, 1, 0], [Fraction(1, 10), Fraction(7, 10), Fraction(1, 5)]).answer
                       + sp.log(Fraction(7, 10))) == 0


def test_infinite_kl_is_explained_in_both_languages() -> None:
    sol = kl_divergence([Fraction(1, 2), Fraction(1, 2)], [1, 0], "2")
    assert sol.answer["p||q"] == sp.oo
    assert sol.answer["q||p"] == 1  # the other direction is finite: 1·log₂(1/(1/2))
    first = sol.steps[0]
    assert "∞" in first.text.en and "q = 0" in first.text.en and "∞" in first.text.ja
    assert sol.to_json()["answer"]["p||q"] == "inf"
    assert cross_entropy([Fraction(1, 2), Fraction(1, 2)], [1, 0]).answer == sp.oo


@pytest.mark.parametrize("call", [
    lambda: entropy([Fraction(1, 2), Fraction(1, 3)]),
    lambda: entropy([Fraction(3, 2), Fraction(-1, 2)]),
    lambda: entropy([Fraction(1, 2), Fraction(1, 2)], "3"),
    lambda: kl_divergence([Fraction(1, 2), Fraction(1, 2)], [1, 0, 0]),
    lambda: mutual_information([[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2)]]),
    lambda: information("kl", p=[1, 0]),
    lambda: information("bogus", p=[1]),
    lambda: information("self", p=[Fraction(1, 2), Fraction(1, 2)]),
])
def test_bad_input(call: object) -> None:
    with pytest.raises(SolverError):
        call()  # type: ignore[operator]


def test_sum_error_says_how_far_off() -> None:
    with pytest.raises(SolverError, match=r"sum to 0\.9, not 1") as info:
        entropy([Fraction(3, 10)] * 3)
    assert "off by -0.1)" in str(info.value)


def test_infinite_kl_is_written_as_infinity_not_sympy_oo() -> None:
    from solvers.numbers import fmt

    solution = information("kl", p=[Fraction(1, 2), Fraction(1, 2)], q=[1, 0])
    assert fmt(solution.answer["p||q"]) == "∞"
    assert all("oo" not in fmt(step.result) for step in solution.steps if step.result is not None)
