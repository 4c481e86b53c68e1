"""Grading: tolerance modes against an independent rounding implementation, partial credit, mistakes."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dldrill.answer_parsing import AnswerFormatError
from dldrill.grading import (
    BlankKey,
    Mistake,
    Tolerance,
    grade_choice,
    grade_cloze,
    grade_matrix,
    grade_multiple,
    grade_numeric,
    grade_ordering,
    grade_truefalse,
)
from solvers.steps import Bilingual


def half_up(x: Fraction, places: int) -> Fraction:
    """四捨五入 done with exact integer arithmetic (sign-symmetric, as Decimal's ROUND_HALF_UP)."""
    scale = 10**places
    sign = -1 if x < 0 else 1
    return sign * Fraction(math.floor(abs(x) * scale + Fraction(1, 2)), scale)


@given(st.fractions(min_value=-100, max_value=100, max_denominator=2000), st.integers(0, 3))
def test_decimals_half_up_agrees_with_integer_rounding(key: Fraction, places: int) -> None:
    tol = Tolerance("decimals", places, "half_up")
    written = half_up(key, places)
    assert grade_numeric(str(float(written)) if places else str(int(written)), key, tol).correct


def test_decimals_textbook() -> None:
    tol = Tolerance("decimals", 2, "half_up")  # 小数第3位を四捨五入
    assert grade_numeric("0.73", Fraction(7311, 10000), tol).correct
    assert not grade_numeric("0.74", Fraction(7311, 10000), tol).correct
    assert grade_numeric("0.13", Fraction(1, 8), tol).correct          # 0.125 → 0.13 half up
    assert not grade_numeric("0.12", Fraction(1, 8), tol).correct
    assert grade_numeric("0.12", Fraction(1, 8), Tolerance("decimals", 2, "half_even")).correct


def test_other_tolerances() -> None:
    assert grade_numeric("3.14", math.pi, Tolerance("absolute", 0.01)).correct
    assert not grade_numeric("3.1", math.pi, Tolerance("absolute", 0.01)).correct
    assert grade_numeric("101", 100, Tolerance("relative", 0.02)).correct
    assert grade_numeric("0.000123", 0.00012345, Tolerance("sigfigs", 3)).correct
    assert grade_numeric("1/3", Fraction(1, 3)).correct
    assert not grade_numeric("0.333", Fraction(1, 3)).correct


def test_modelled_mistake_is_named() -> None:
    mistakes = [Mistake(3, "forgot-padding", Bilingual("パディングを忘れています。", "You forgot the padding."))]
    grade = grade_numeric("3", 5, mistakes=mistakes)
    assert not grade.correct and grade.mistake == "forgot-padding" and "padding" in grade.feedback.en
    assert grade_numeric("4", 5, mistakes=mistakes).mistake is None


def test_matrix_partial_credit() -> None:
    key = [[5, 20, 3], [10, 23, 10], [6, 23, 12]]
    grade = grade_matrix("5 20 3; 10 23 10; 6 23 11", key)
    assert not grade.correct and grade.score == pytest.approx(8 / 9) and grade.cells[2][2] is False
    assert grade_matrix("[[5,20,3],[10,23,10],[6,23,12]]", key).correct
    with pytest.raises(AnswerFormatError):
        grade_matrix("1 2; 3 4", key)


def test_choices() -> None:
    why = {1: Bilingual("Bは違う", "B is wrong because …")}
    grade = grade_choice("b", 2, 4, why=why, mistakes={1: "swap"})
    assert not grade.correct and grade.mistake == "swap" and "B is wrong" in grade.feedback.en
    assert grade_choice("ウ", 2, 4).correct
    assert grade_multiple("a,c", {0, 2}, 4).correct
    partial = grade_multiple("a", {0, 2}, 4)
    assert not partial.correct and partial.score == 0.5
    assert grade_multiple("a,b", {0, 2}, 4).score == 0.0
    assert grade_truefalse("×", False).correct


def test_cloze_and_ordering() -> None:
    blanks = [BlankKey(accepted=("忘却", "forget", "忘却ゲート", "forget gate"), shown="忘却"),
              BlankKey(choice=1, n_choices=3, shown="b")]
    assert grade_cloze(["Forget Gate", "b"], blanks).correct
    grade = grade_cloze(["入力", "b"], blanks)
    assert grade.score == 0.5
    with pytest.raises(AnswerFormatError):
        grade_cloze(["忘却"], blanks)
    assert grade_ordering("a b c", 3).correct
    assert grade_ordering("b a c", 3).score == pytest.approx(1 / 3)
