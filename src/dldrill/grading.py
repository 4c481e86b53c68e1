"""Check parsed answers against keys and produce a :class:`Grade` (or an :class:`AnswerFormatError`).

A grade is ``correct``, ``score`` (0..1, partial credit for matrices, multiple choice and cloze),
bilingual ``feedback``, the ``expected`` answer as shown, and a ``mistake`` tag when the wrong answer
equals one produced by a modelled misconception (a generator's distractor).  A malformed answer is
not a wrong answer: the ``grade_*`` functions raise ``AnswerFormatError`` and the caller charges no
attempt.  Tolerance modes: exact, absolute, relative, significant figures, decimal places with a
rounding rule (half_up = 四捨五入, half_even, floor, ceil).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Protocol

from dldrill.answer_parsing import (
    AnswerFormatError,
    Number,
    normalize_term,
    parse_choice_label,
    parse_choice_set,
    parse_matrix,
    parse_number,
    parse_ordering,
    parse_truefalse,
)
from solvers.numbers import fmt
from solvers.steps import Bilingual, Step

__all__ = ["AnswerFormatError", "Grade", "Mistake", "Tolerance", "grade_choice", "grade_cloze", "grade_matrix",
           "grade_multiple", "grade_numeric", "grade_ordering", "grade_truefalse", "round_value"]

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}
ROUNDING_NAMES = {
    "half_up": ("四捨五入", "rounded half up"), "half_even": ("偶数丸め", "rounded half to even"),
    "floor": ("切り捨て", "rounded down"), "ceil": ("切り上げ", "rounded up"),
}


class ToleranceLike(Protocol):
    """What grading reads from a tolerance; read-only, so frozen dataclasses and pydantic models both fit."""

    @property
    def mode(self) -> str: ...

    @property
    def value(self) -> Any: ...

    @property
    def rounding(self) -> str: ...


@dataclass(frozen=True)
class Tolerance:
    """How close a numeric answer must be: ``exact`` (default; floats within 1e-9 relative),
    ``absolute`` (|a − k| ≤ value), ``relative`` (|a − k| ≤ value·|k|), ``sigfigs`` / ``decimals``
    (both rounded to ``value`` significant digits / decimal places by ``rounding`` must agree)."""

    mode: str = "exact"
    value: float | int = 0
    rounding: str = "half_up"


@dataclass(frozen=True)
class Mistake:
    """A wrong answer that a typical slip produces, with the tag and explanation shown when picked."""

    value: Any
    tag: str
    explanation: Bilingual


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one answer."""

    correct: bool
    score: float
    feedback: Bilingual
    expected: str
    mistake: str | None = None
    cells: tuple[tuple[bool, ...], ...] | None = None
    steps: Sequence[Step] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"correct": self.correct, "score": self.score, "feedback": self.feedback.to_json(),
                               "expected": self.expected, "mistake": self.mistake,
                               "steps": [s.to_json() for s in self.steps]}
        if self.cells is not None:
            out["cells"] = [list(r) for r in self.cells]
        return out


def _exact(x: Number | Any) -> Fraction | None:
    """An exact value to compare and round: Fractions as they are, floats by their decimal text (0.1 is 1/10,
    as typed), ``None`` for infinities and NaN, which only an exact-equality check can judge."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    f = float(x)
    return Fraction(repr(f)) if math.isfinite(f) else None


def floor_log10(x: Fraction) -> int:
    """⌊log10 |x|⌋ for x ≠ 0, exactly, at any magnitude (bit lengths give a guess within one or two)."""
    x = abs(x)
    guess = math.floor((x.numerator.bit_length() - x.denominator.bit_length()) * math.log10(2))
    while Fraction(10) ** guess > x:
        guess -= 1
    while Fraction(10) ** (guess + 1) <= x:
        guess += 1
    return guess


def _round_integer(x: Fraction, rounding: str) -> int:
    """``x`` rounded to a whole number: floor, ceil, half_up (ties away from zero, as 四捨五入), half_even."""
    if rounding == "floor":
        return math.floor(x)
    if rounding == "ceil":
        return math.ceil(x)
    low = math.floor(x)
    rest = x - low
    if rest != Fraction(1, 2):
        return low + (rest > Fraction(1, 2))
    if rounding == "half_even":
        return low + low % 2
    return low + (x > 0)  # a tie: away from zero


def round_value(x: Number | Any, digits: int, rounding: str = "half_up", significant: bool = False) -> Decimal:
    """``x`` rounded to ``digits`` decimal places (or significant digits) by the named rule, exactly, with
    integer arithmetic at any magnitude (no Decimal context precision to overflow).  Zero is never negative:
    −0.0004 to 3 places is 0.000."""
    exact = _exact(x)
    if exact is None:
        return Decimal(float(x))
    if significant and exact == 0:
        return Decimal(0)
    exponent = floor_log10(exact) - digits + 1 if significant else -digits
    scaled = exact * Fraction(10) ** -exponent
    whole = _round_integer(scaled, rounding if rounding in ROUNDING else "half_up")
    if significant and abs(whole) == 10**digits:  # 9.99 → 10.0: one digit more, written with one place fewer
        whole, exponent = whole // 10, exponent + 1
    return Decimal((int(whole < 0), tuple(int(c) for c in str(abs(whole))), exponent))


def _to_number(value: Any) -> Number:
    if isinstance(value, Fraction | float):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        return parse_number(value)
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    try:
        return _sympy_float(value)
    except TypeError:  # unhashable (e.g. a mutable matrix): convert directly
        return float(value)


@functools.lru_cache(maxsize=4096)
def _sympy_float(value: Any) -> float:
    """``float()`` of an exact SymPy value, memoised: SymPy's evalf costs about a millisecond per call, and the
    same key is converted again for every option, feedback line and comparison of a generated question."""
    return float(value)


def numbers_match(given: Number, key: Any, tolerance: ToleranceLike | None) -> bool:
    """Whether ``given`` is an acceptable answer for ``key`` under ``tolerance``.

    Compared exactly (Fractions), so an answer of any size the parser admits (``10**400``, ``1e80``) is simply
    right or wrong: no float overflow, no Decimal precision limit."""
    k = _to_number(key)
    mode = getattr(tolerance, "mode", "exact") if tolerance is not None else "exact"
    value = getattr(tolerance, "value", 0) if tolerance is not None else 0
    rounding = getattr(tolerance, "rounding", "half_up") if tolerance is not None else "half_up"
    g_exact, k_exact = _exact(given), _exact(k)
    if g_exact is None or k_exact is None:  # an infinite or NaN key (or answer): only equality can hold
        return float(given) == float(k)
    gap = abs(g_exact - k_exact)
    if mode == "absolute":
        return gap <= Fraction(repr(float(value))) + Fraction(1, 10**12)
    if mode == "relative":
        return gap <= Fraction(repr(float(value))) * abs(k_exact) + Fraction(1, 10**15)
    if mode == "decimals":
        digits = int(value)
        if gap > Fraction(10) ** -digits:  # also spares rounding a huge answer to many places
            return False
        return round_value(g_exact, digits, rounding) == round_value(k_exact, digits, rounding)
    if mode == "sigfigs":
        digits = int(value)
        return round_value(g_exact, digits, rounding, significant=True) == round_value(k_exact, digits, rounding, significant=True)
    if isinstance(given, Fraction) and isinstance(k, Fraction):
        return given == k
    # math.isclose(rel_tol=1e-9, abs_tol=1e-12), done exactly
    return gap <= max(Fraction(1, 10**9) * max(abs(g_exact), abs(k_exact)), Fraction(1, 10**12))


def format_expected(key: Any, tolerance: ToleranceLike | None) -> str:
    """The key as it should be written under the tolerance (e.g. rounded to the stated places)."""
    mode = getattr(tolerance, "mode", "exact") if tolerance is not None else "exact"
    if mode in ("decimals", "sigfigs"):
        rounded = round_value(_to_number(key), int(tolerance.value), tolerance.rounding, significant=mode == "sigfigs")  # type: ignore[union-attr]
        return format(rounded, "f")
    return fmt(key)


def tolerance_text(tolerance: ToleranceLike | None) -> Bilingual:
    """How the answer is compared, in words, for the feedback."""
    mode = getattr(tolerance, "mode", "exact") if tolerance is not None else "exact"
    if mode == "decimals":
        ja, en = ROUNDING_NAMES.get(tolerance.rounding, ROUNDING_NAMES["half_up"])  # type: ignore[union-attr]
        return Bilingual(f"小数第{int(tolerance.value)}位まで ({ja})", f"to {int(tolerance.value)} decimal places ({en})")  # type: ignore[union-attr]
    if mode == "sigfigs":
        ja, en = ROUNDING_NAMES.get(tolerance.rounding, ROUNDING_NAMES["half_up"])  # type: ignore[union-attr]
        return Bilingual(f"有効数字{int(tolerance.value)}桁 ({ja})", f"to {int(tolerance.value)} significant figures ({en})")  # type: ignore[union-attr]
    if mode == "absolute":
        return Bilingual(f"誤差 ±{fmt(tolerance.value)} まで", f"within ±{fmt(tolerance.value)}")  # type: ignore[union-attr]
    if mode == "relative":
        return Bilingual(f"相対誤差 {fmt(float(tolerance.value) * 100)}% まで", f"within {fmt(float(tolerance.value) * 100)}% relative error")  # type: ignore[union-attr]
    return Bilingual("正確な値", "the exact value")


RIGHT = Bilingual("正解です。", "Correct.")


def _wrong(expected: str) -> Bilingual:
    return Bilingual(f"不正解です。正解は {expected} です。", f"Not quite. The answer is {expected}.")


def _match_mistake(given: Any, mistakes: Sequence[Mistake], same: Any) -> Mistake | None:
    for mistake in mistakes:
        try:
            if same(given, mistake.value):
                return mistake
        except (AnswerFormatError, TypeError, ValueError, ArithmeticError):
            continue
    return None


def _with_mistake(base: Bilingual, mistake: Mistake | None) -> Bilingual:
    if mistake is None:
        return base
    return Bilingual(f"{base.ja} よくある間違い: {mistake.explanation.ja}", f"{base.en} A common slip: {mistake.explanation.en}")


def grade_numeric(text: str, key: Any, tolerance: ToleranceLike | None = None, mistakes: Sequence[Mistake] = (),
                  steps: Sequence[Step] = ()) -> Grade:
    """Grade a typed number; names the mistake when the answer equals a modelled wrong answer."""
    given = parse_number(text)
    expected = format_expected(key, tolerance)
    if numbers_match(given, key, tolerance):
        return Grade(True, 1.0, RIGHT, expected, steps=steps)
    mistake = _match_mistake(given, mistakes, lambda g, v: numbers_match(g, v, tolerance))
    how = tolerance_text(tolerance)
    base = _wrong(expected)
    base = Bilingual(f"{base.ja} (判定: {how.ja})", f"{base.en} (compared {how.en})")
    return Grade(False, 0.0, _with_mistake(base, mistake), expected, mistake.tag if mistake else None, steps=steps)


def grade_matrix(text: str, key: Sequence[Sequence[Any]] | Sequence[Any], tolerance: ToleranceLike | None = None,
                 mistakes: Sequence[Mistake] = (), steps: Sequence[Step] = ()) -> Grade:
    """Grade a vector or matrix cell by cell, with partial credit and per-cell feedback."""
    rows = parse_matrix(text)
    key_rows = [list(r) for r in key] if key and isinstance(key[0], list | tuple) else [list(key)]
    expected = "; ".join(" ".join(format_expected(c, tolerance) for c in r) for r in key_rows)
    shape, key_shape = (len(rows), len(rows[0])), (len(key_rows), len(key_rows[0]))
    if shape != key_shape:
        raise AnswerFormatError(f"{key_shape[0]}×{key_shape[1]} の形で答えてください (入力は {shape[0]}×{shape[1]})",
                                f"Answer with a {key_shape[0]}×{key_shape[1]} array (you typed {shape[0]}×{shape[1]})")
    cells = tuple(tuple(numbers_match(g, k, tolerance) for g, k in zip(gr, kr, strict=True)) for gr, kr in zip(rows, key_rows, strict=True))
    right = sum(sum(r) for r in cells)
    total = shape[0] * shape[1]
    if right == total:
        return Grade(True, 1.0, RIGHT, expected, cells=cells, steps=steps)
    wrong_at = [f"({i + 1},{j + 1})" for i, r in enumerate(cells) for j, ok in enumerate(r) if not ok]
    listed = ", ".join(wrong_at[:8]) + (" …" if len(wrong_at) > 8 else "")

    def same_matrix(g: list[list[Number]], v: Any) -> bool:
        vr = [list(r) for r in v] if v and isinstance(v[0], list | tuple) else [list(v)]
        return len(vr) == len(g) and all(len(a) == len(b) and all(numbers_match(x, y, tolerance) for x, y in zip(a, b, strict=True))
                                         for a, b in zip(g, vr, strict=True))

    mistake = _match_mistake(rows, mistakes, same_matrix)
    base = Bilingual(f"{total} 個中 {right} 個が正解。違うのは {listed} です。", f"{right} of {total} cells are right; wrong at {listed}.")
    return Grade(False, right / total, _with_mistake(base, mistake), expected, mistake.tag if mistake else None, cells, steps)


LABELS = "abcdefghij"


def grade_choice(text: str, key: int, n: int, why: Mapping[int, Bilingual] | None = None,
                 mistakes: Mapping[int, str] | None = None, steps: Sequence[Step] = ()) -> Grade:
    """Single choice: the label typed → right or wrong, with why the picked distractor is wrong."""
    picked = parse_choice_label(text, n)
    expected = LABELS[key]
    if picked == key:
        return Grade(True, 1.0, RIGHT, expected, steps=steps)
    base = _wrong(expected)
    reason = (why or {}).get(picked)
    if reason is not None:
        base = Bilingual(f"{base.ja} ({LABELS[picked]}) {reason.ja}", f"{base.en} ({LABELS[picked]}) {reason.en}")
    return Grade(False, 0.0, base, expected, (mistakes or {}).get(picked), steps=steps)


def grade_multiple(text: str, keys: frozenset[int] | set[int], n: int, why: Mapping[int, Bilingual] | None = None) -> Grade:
    """Select-all-that-apply: correct only when the sets are equal; score = (right marks − wrong marks)/|keys|, ≥ 0."""
    picked = parse_choice_set(text, n)
    keys = frozenset(keys)
    expected = ", ".join(LABELS[k] for k in sorted(keys))
    if picked == keys:
        return Grade(True, 1.0, RIGHT, expected)
    hits, false_marks = len(picked & keys), len(picked - keys)
    score = max(0.0, (hits - false_marks) / len(keys))
    notes_ja, notes_en = [], []
    for i in sorted(picked - keys):
        reason = (why or {}).get(i)
        if reason:
            notes_ja.append(f"({LABELS[i]}) {reason.ja}")
            notes_en.append(f"({LABELS[i]}) {reason.en}")
    missed = ", ".join(LABELS[k] for k in sorted(keys - picked))
    if missed:
        notes_ja.append(f"選び漏れ: {missed}")
        notes_en.append(f"missed: {missed}")
    base = _wrong(expected)
    return Grade(False, score, Bilingual(base.ja + " " + " ".join(notes_ja), base.en + " " + " ".join(notes_en)), expected)


def grade_truefalse(text: str, key: bool) -> Grade:
    """○/× (true/false)."""
    given = parse_truefalse(text)
    expected_ja, expected_en = ("○ (正しい)", "true") if key else ("× (誤り)", "false")
    if given == key:
        return Grade(True, 1.0, RIGHT, expected_en)
    return Grade(False, 0.0, Bilingual(f"不正解です。正解は {expected_ja} です。", f"Not quite. The statement is {expected_en}."), expected_en)


def grade_ordering(text: str, n: int) -> Grade:
    """Ordering: items are shown shuffled and labelled; ``correct_labels`` is the key order.

    The caller passes text written in terms of the shown labels, already mapped so that the correct
    order is 0, 1, …, n−1.  Score = fraction of positions right.
    """
    order = parse_ordering(text, n)
    right = sum(1 for pos, item in enumerate(order) if pos == item)
    expected = " ".join(LABELS[i] for i in range(n))
    if right == n:
        return Grade(True, 1.0, RIGHT, expected)
    return Grade(False, right / n, Bilingual(f"{n} 個中 {right} 個の位置が正しい。", f"{right} of {n} positions are right."), expected)


@dataclass(frozen=True)
class BlankKey:
    """One cloze blank: accepted terms (any language, compared after normalisation) or a choice index."""

    accepted: tuple[str, ...] = ()
    choice: int | None = None
    n_choices: int = 0
    shown: str = ""


def grade_cloze(texts: Sequence[str], blanks: Sequence[BlankKey]) -> Grade:
    """Cloze: each blank compared with its accepted synonyms (JA/EN) or choice; partial credit per blank."""
    if len(texts) != len(blanks):
        raise AnswerFormatError(f"空欄は {len(blanks)} 個あります。すべてに答えてください",
                                f"There are {len(blanks)} blanks; answer each of them")
    results: list[bool] = []
    for text, blank in zip(texts, blanks, strict=True):
        if not text.strip():
            raise AnswerFormatError("空欄が未入力です", "A blank is empty")
        if blank.choice is not None:
            results.append(parse_choice_label(text, blank.n_choices) == blank.choice)
        else:
            given = normalize_term(text)
            results.append(any(given == normalize_term(a) for a in blank.accepted))
    expected = " / ".join(b.shown for b in blanks)
    right = sum(results)
    if right == len(blanks):
        return Grade(True, 1.0, RIGHT, expected, cells=(tuple(results),))
    wrong = ", ".join(str(i + 1) for i, ok in enumerate(results) if not ok)
    return Grade(False, right / len(blanks),
                 Bilingual(f"空欄 {wrong} が違います。正解: {expected}", f"Blank {wrong} is wrong. Answers: {expected}"),
                 expected, cells=(tuple(results),))
