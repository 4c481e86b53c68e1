"""Answer parsing: IME full-width input, fractions, percentages, expressions, matrices, labels, and
hostile input that must end in a format error quickly, never an exception or a hang."""

from __future__ import annotations

import contextlib
import math
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dldrill.answer_parsing import (
    AnswerFormatError,
    parse_choice_label,
    parse_choice_set,
    parse_matrix,
    parse_number,
    parse_ordering,
    parse_truefalse,
)


@pytest.mark.parametrize(("text", "value"), [
    ("３２", Fraction(32)), ("－０．５", Fraction(-1, 2)), ("3/4", Fraction(3, 4)), ("３／４", Fraction(3, 4)),
    ("25%", Fraction(1, 4)), ("２５％", Fraction(1, 4)), ("1e-3", Fraction(1, 1000)), ("2.5×10^-3", Fraction(1, 400)),
    ("1.5E-2", Fraction(3, 200)), ("（１＋２）×３", Fraction(9)), ("1,000", Fraction(1000)), ("−2", Fraction(-2)),
    ("2^10", Fraction(1024)), ("sqrt(9/4)", Fraction(3, 2)),
])
def test_exact_numbers(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("e", math.e), ("e^2", math.e**2), ("exp(1)", math.e), ("ln(2)", math.log(2)), ("ln2", math.log(2)),
    ("log(8, 2)", 3.0), ("log2(8)", 3.0), ("log10(1000)", 3.0), ("sqrt(2)", math.sqrt(2)), ("√2", math.sqrt(2)),
    ("2√3", 2 * math.sqrt(3)), ("2π", 2 * math.pi), ("1/(1+e^-2)", 1 / (1 + math.exp(-2))),
])
def test_expressions(text: str, value: float) -> None:
    assert float(parse_number(text)) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "0,5", "__import__('os').system('true')", "(1).__class__", "lambda: 1",
                                  "[1, 2]", "1 +", "x**2", "open('f')", "1/0", "ln(0)", "sqrt(-1)", "(-8)**(1/3)",
                                  "9**9**9**9", "10**10**10", "2**100000", "1" * 500, "(" * 300 + "1" + ")" * 300])
def test_refused_with_format_error(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        parse_number(text)


def test_huge_paste_is_refused_fast() -> None:
    start = time.perf_counter()
    for parse in (parse_number, parse_matrix):
        with pytest.raises(AnswerFormatError):
            parse("9" * 10_000_000)
    assert time.perf_counter() - start < 5  # generous: the check happens before any parsing


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_random_text_gives_value_or_format_error(text: str) -> None:
    for parse in (parse_number, parse_matrix, lambda t: parse_choice_label(t, 4), lambda t: parse_choice_set(t, 4),
                  parse_truefalse, lambda t: parse_ordering(t, 3)):
        with contextlib.suppress(AnswerFormatError):
            parse(text)


@settings(max_examples=150)
@given(st.text(alphabet="0123456789+-*/^().e%ln sqrtexp,πe√×－＊", max_size=60))
def test_random_expressions_are_bounded(text: str) -> None:
    start = time.perf_counter()
    try:
        value = parse_number(text)
        assert isinstance(value, Fraction) or math.isfinite(value)
    except AnswerFormatError:
        pass
    assert time.perf_counter() - start < 1.0


def test_matrices() -> None:
    expected = [[5, 20, 3], [10, 23, 10], [6, 23, 12]]
    for text in ("5 20 3; 10 23 10; 6 23 12", "5 20 3\n10 23 10\n6 23 12", "[[5,20,3],[10,23,10],[6,23,12]]",
                 "５　２０　３；１０　２３　１０；６　２３　１２", "5,20,3;10,23,10;6,23,12"):
        assert parse_matrix(text) == expected
    assert parse_matrix("1 2 3") == [[1, 2, 3]]
    with pytest.raises(AnswerFormatError):
        parse_matrix("1 2; 3")
    with pytest.raises(AnswerFormatError):
        parse_matrix("[[1, 2], [3, 'x']]")


def test_labels() -> None:
    for text, idx in [("a", 0), ("B", 1), ("3", 2), ("ウ", 2), ("エ", 3), ("(d)", 3), ("ｃ", 2), ("４", 3)]:
        assert parse_choice_label(text, 4) == idx
    with pytest.raises(AnswerFormatError):
        parse_choice_label("e", 4)
    assert parse_choice_set("a,c", 4) == {0, 2}
    assert parse_choice_set("ac", 4) == {0, 2}
    assert parse_choice_set("アウ", 4) == {0, 2}
    assert parse_ordering("b a c", 3) == [1, 0, 2]
    assert parse_ordering("213", 3) == [1, 0, 2]
    with pytest.raises(AnswerFormatError):
        parse_ordering("a a b", 3)
    assert parse_truefalse("○") is True and parse_truefalse("×") is False and parse_truefalse("False") is False
