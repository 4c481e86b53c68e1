"""CTC solvers against brute-force enumeration over every path in alphabet^T."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers import SolverError
from solvers.ctc import MAX_LISTED_ALIGNMENTS, alignments, collapse, forward


def reference_collapse(path: str, blank: str = "-") -> str:
    out, prev = [], None
    for ch in path:
        if ch != prev and ch != blank:
            out.append(ch)
        prev = ch
    return "".join(out)


def brute_paths(label: str, frames: int, alphabet: str) -> list[str]:
    return sorted("".join(p) for p in itertools.product(alphabet, repeat=frames) if reference_collapse("".join(p)) == label)


def brute_probability(table: list[list[Fraction]], alphabet: str, label: str) -> Fraction:
    total = Fraction(0)
    for path in itertools.product(range(len(alphabet)), repeat=len(table)):
        if reference_collapse("".join(alphabet[i] for i in path)) == label:
            prod = Fraction(1)
            for t, i in enumerate(path):
                prod *= table[t][i]
            total += prod
    return total


def test_collapse_textbook() -> None:
    assert collapse(list("aa-ab-")).answer == "aab"
    assert collapse(list("-h-ee-ll-lo")).answer == "hello"
    assert collapse(list("----")).answer == ""


@given(st.text(alphabet="-ab", min_size=1, max_size=12))
def test_collapse_matches_reference(path: str) -> None:
    assert collapse(list(path)).answer == reference_collapse(path)


@given(st.text(alphabet="ab", min_size=1, max_size=3), st.integers(1, 7))
def test_alignments_match_brute_force(label: str, frames: int) -> None:
    expected = brute_paths(label, frames, "-ab")
    if not expected:
        with pytest.raises(SolverError):
            alignments(list(label), frames)
        return
    sol = alignments(list(label), frames)
    assert sol.answer == len(expected)
    listed = [s.result for s in sol.steps if s.kind == "cell"]
    assert listed == expected[: len(listed)]
    assert len(listed) == min(len(expected), MAX_LISTED_ALIGNMENTS)


def test_alignments_textbook_count() -> None:
    # "ab" over 3 frames: aab, abb, -ab, a-b, ab-
    assert alignments(list("ab"), 3).answer == 5


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[Fraction]], str]:
    frames = draw(st.integers(1, 5))
    rows = []
    for _ in range(frames):
        weights = [draw(st.integers(0, 5)) for _ in range(3)]
        if sum(weights) == 0:
            weights[0] = 1
        rows.append([Fraction(w, sum(weights)) for w in weights])
    label = draw(st.text(alphabet="ab", min_size=1, max_size=3))
    return rows, label


@settings(max_examples=40)
@given(tables())
def test_forward_matches_brute_force(case: tuple[list[list[Fraction]], str]) -> None:
    table, label = case
    expected = brute_probability(table, "-ab", label)
    need = len(label) + sum(1 for x, y in itertools.pairwise(label) if x == y)
    if len(table) < need or expected == 0:
        with pytest.raises(SolverError):
            forward(table, list("-ab"), list(label))
        return
    sol = forward(table, list("-ab"), list(label))
    assert sol.answer["probability"] == expected


def test_forward_textbook_case() -> None:
    table = [[Fraction(1, 2), Fraction(3, 10), Fraction(1, 5)],
             [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)],
             [Fraction(3, 10), Fraction(1, 10), Fraction(3, 5)]]
    sol = forward(table, list("-ab"), list("ab"))
    # paths aab, abb, -ab, a-b, ab-  →  .108 + .036 + .18 + .036 + .018
    assert sol.answer["probability"] == Fraction(378, 1000)
    assert float(sol.answer["loss"]) == pytest.approx(0.97286108, rel=1e-7)


def test_forward_rejects_bad_rows() -> None:
    with pytest.raises(SolverError, match="off by"):
        forward([[0.5, 0.2, 0.2]], list("-ab"), list("a"))
    with pytest.raises(SolverError):
        forward([[1, 0, 0]], list("-ab"), list("c"))


def test_label_probability_stays_an_exact_rational() -> None:
    # found by Hypothesis: sympy.nsimplify turned 367/1024 into a product of roots of about the same value
    probs = [[Fraction(1, 4), Fraction(3, 4), 0], [0, Fraction(1, 4), Fraction(3, 4)], [Fraction(5, 8), Fraction(1, 4), Fraction(1, 8)],
             [Fraction(1, 2), Fraction(3, 8), Fraction(1, 8)], [Fraction(2, 3), Fraction(1, 3), 0]]
    solution = forward(probs, ["-", "a", "b"], "aba")
    assert solution.answer["probability"] == Fraction(367, 1024)
