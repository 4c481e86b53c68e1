"""Defects found by the audit of issue 5: anything a user types ends in a grade or one AnswerFormatError, never
another exception, a hang or a silent misreading.  Expected values are worked out by hand in the comments."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from dldrill.answer_parsing import (
    AnswerFormatError,
    normalize_term,
    parse_choice_label,
    parse_choice_set,
    parse_matrix,
    parse_number,
    parse_ordering,
    parse_truefalse,
)
from dldrill.grading import BlankKey, Tolerance, format_expected, grade_cloze, grade_matrix, grade_numeric

HUGE_MIXED = ["10**400+e", "(10**400)**0.5", "pi*10**400", "10**400/e", "exp(1)*10**400", "sqrt(10**401)*pi", "ln(10**400)+e"]


@pytest.mark.parametrize("text", HUGE_MIXED)
def test_huge_exact_number_mixed_with_a_float_is_a_format_error(text: str) -> None:
    # 10**400 is exact but has no float; combining it with e or π used to raise OverflowError
    with pytest.raises(AnswerFormatError):
        parse_number(text)


def test_exact_results_beyond_about_2000_digits_are_refused() -> None:
    # 99**400 has 799 digits; six of them multiplied have ~4800 (str() of such an int raises ValueError)
    with pytest.raises(AnswerFormatError):
        parse_number("*".join(["99**400"] * 6))
    with pytest.raises(AnswerFormatError):
        parse_number("(" + "*".join(["99**400"] * 3) + ")**2")
    assert parse_number("10**400") == Fraction(10) ** 400


TOLERANCES = [Tolerance("exact"), Tolerance("absolute", 0.01), Tolerance("relative", 0.02),
              Tolerance("sigfigs", 3), Tolerance("decimals", 2), Tolerance("decimals", 3, "floor")]
HUGE = ["1e80", "exp(709)", "10**400", "10**39*10**39", "-10**400", "10**-400", "1e-300"]


@pytest.mark.parametrize("tolerance", TOLERANCES, ids=lambda t: f"{t.mode}-{t.value}")
@pytest.mark.parametrize("text", HUGE)
def test_answers_of_any_magnitude_are_simply_wrong(text: str, tolerance: Tolerance) -> None:
    # the key 0.368117 (a softmax probability); 1e80 used to raise decimal.InvalidOperation under "decimals"
    # and 10**400 OverflowError under absolute/relative
    grade = grade_numeric(text, 0.368117, tolerance)
    assert grade.correct is False and grade.score == 0.0
    assert grade_matrix(f"{text} 1", [[0.368117, 1]], tolerance).cells == ((False, True),)


@pytest.mark.parametrize("tolerance", TOLERANCES, ids=lambda t: f"{t.mode}-{t.value}")
def test_huge_keys_still_grade(tolerance: Tolerance) -> None:
    key = Fraction(10) ** 400 + Fraction(1, 10**6)  # within every bound and rounding below, but not equal
    assert grade_numeric("10**400", key, tolerance).correct is (tolerance.mode != "exact")
    assert grade_numeric("10**399", key, tolerance).correct is False


def test_sigfigs_at_huge_and_tiny_magnitudes() -> None:
    # 1.23456e80 to 3 significant figures is 1.23e80; 1.24e80 is not
    assert grade_numeric("1.23e80", Fraction(123456) * Fraction(10) ** 75, Tolerance("sigfigs", 3)).correct
    assert not grade_numeric("1.24e80", Fraction(123456) * Fraction(10) ** 75, Tolerance("sigfigs", 3)).correct
    # 9.996 to 3 significant figures is 10.0 (one more digit before the point, one fewer after)
    assert format_expected(Fraction(9996, 1000), Tolerance("sigfigs", 3)) == "10.0"
    assert grade_numeric("10.0", Fraction(9996, 1000), Tolerance("sigfigs", 3)).correct


def test_a_value_rounding_to_zero_is_written_without_a_minus_sign() -> None:
    # −1/300000001 ≈ −3.3e-9 to 3 places is 0.000 (the Adam example, seed 102), and −0.0004 likewise
    assert format_expected(Fraction(-1, 300000001), Tolerance("decimals", 3)) == "0.000"
    assert format_expected(-0.0004, Tolerance("decimals", 3)) == "0.000"
    assert format_expected(-0.0004, Tolerance("decimals", 3, "floor")) == "-0.001"
    assert format_expected(-0.0006, Tolerance("decimals", 3)) == "-0.001"


@pytest.mark.parametrize(("text", "value"), [
    ("2.5×10⁻³", Fraction(1, 400)),   # not 22
    ("10²", Fraction(100)),           # not 102
    ("2²", Fraction(4)),              # not 22
    ("１０⁻²", Fraction(1, 100)),      # full-width digits with a superscript exponent
    ("(1+2)²", Fraction(9)),
    ("½", Fraction(1, 2)), ("¼", Fraction(1, 4)), ("¾", Fraction(3, 4)), ("⅛", Fraction(1, 8)),
    ("1½", Fraction(3, 2)),           # a mixed number, not 1 × 1/2
    ("-2¼", Fraction(-9, 4)),
    ("1⁄2", Fraction(1, 2)),          # U+2044 FRACTION SLASH
    ("log₁₀(1000)", Fraction(3)),
])
def test_superscripts_and_vulgar_fractions_are_read_as_written(text: str, value: Fraction) -> None:
    assert float(parse_number(text)) == pytest.approx(float(value))


def test_e_with_a_superscript_exponent() -> None:
    assert float(parse_number("e⁻²")) == pytest.approx(math.exp(-2))  # not e − 2 ≈ 0.718
    assert float(parse_number("e²")) == pytest.approx(math.exp(2))


@pytest.mark.parametrize("text", ["10₂", "2.5½", "10⁻", "²", "x²"])
def test_unreadable_scripts_are_format_errors(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        parse_number(text)


# U+FDFA expands to 18 characters under NFKC: 200 000 of them normalised are 3.6 million.  A parser that checks
# the length as typed reports 200000; one that normalises first reports the expanded length (and took seconds).
PASTE = "\ufdfa" * 200_000


@pytest.mark.parametrize("parse", [
    parse_number, parse_matrix, parse_truefalse, normalize_term, lambda t: parse_choice_label(t, 4),
    lambda t: parse_choice_set(t, 4), lambda t: parse_ordering(t, 3),
], ids=["number", "matrix", "truefalse", "term", "label", "set", "ordering"])
def test_huge_pastes_are_refused_by_their_length_as_typed(parse: object) -> None:
    with pytest.raises(AnswerFormatError) as info:
        parse(PASTE)  # type: ignore[operator]
    assert "200000 characters" in info.value.en


def test_expanding_text_within_the_raw_limit_is_bounded_after_normalising() -> None:
    # 100 × U+FDFA passes the raw limit of a number (1000) but is 1800 characters after NFKC (limit 200)
    with pytest.raises(AnswerFormatError) as info:
        parse_number("\ufdfa" * 100)
    assert "1800 characters" in info.value.en


def test_cloze_blank_with_a_huge_paste_is_a_format_error() -> None:
    with pytest.raises(AnswerFormatError):
        grade_cloze([PASTE], [BlankKey(accepted=("忘却",), shown="忘却")])
