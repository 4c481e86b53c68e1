"""Parsing of solver inputs typed on the command line, with one-line bilingual errors.

Numbers are read exactly: ``0.1`` becomes ``Fraction(1, 10)`` and ``1/3`` ``Fraction(1, 3)`` so
that solvers can compute with rationals; ``inf``/``nan`` are refused.  Matrices come as JSON.

Every number passes the same size checks before it becomes a Fraction: ``Fraction("1e-99999999")`` builds a
hundred-million-digit denominator and never returns, so exponents beyond ±:data:`MAX_EXPONENT` and number texts
longer than :data:`MAX_NUMBER_CHARS` are refused up front, as are JSON documents nested deeper than
:data:`MAX_JSON_DEPTH` (Python's decoder would raise RecursionError).
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from typing import Any

Number = int | Fraction

MAX_JSON_CHARS = 200_000
#: deepest nesting a JSON input may have (a batch of multi-channel images is 4-D; mappings add a level or two)
MAX_JSON_DEPTH = 8
#: largest |exponent| of a number, written or implied (10^400 is far beyond any exam question, and cheap to compute)
MAX_EXPONENT = 400
#: longest text of one number (a pasted float has about 20 characters)
MAX_NUMBER_CHARS = 100
#: a decimal number as people write it: sign, digits with an optional point, optional exponent
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


class InputError(ValueError):
    """A command-line input the user got wrong; printed as one line, exit status 2."""

    def __init__(self, message: str, message_ja: str | None = None) -> None:
        super().__init__(message)
        self.message_en = message
        self.message_ja = message_ja or message

    def message(self, lang: str = "en") -> str:
        return self.message_ja if lang == "ja" else self.message_en


def parse_number(text: str | int | float | Fraction, what: str = "value") -> Number:
    """An exact number from ``"3"``, ``"-0.25"``, ``"1/3"``, ``"1e-3"`` (or an already-parsed number)."""
    if isinstance(text, bool):
        raise InputError(f"{what}: expected a number, got {text!r}", f"{what}: 数値を指定してください ({text!r})")
    if isinstance(text, int):
        return _check_size(text, text, what)
    if isinstance(text, Fraction):
        _check_size(text.numerator, text, what)
        _check_size(text.denominator, text, what)
        return text if text.denominator != 1 else int(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise InputError(f"{what}: {text} is not a finite number", f"{what}: {text} は有限の数ではありません")
        value = Fraction(str(text))
        return int(value) if value.denominator == 1 else value
    raw = str(text).strip().replace("−", "-").replace("－", "-")
    if len(raw) > MAX_NUMBER_CHARS:
        raise InputError(f"{what}: number too long ({len(raw)} characters, at most {MAX_NUMBER_CHARS})",
                         f"{what}: 数値が長すぎます ({len(raw)} 文字、最大 {MAX_NUMBER_CHARS} 文字)")
    if "/" in raw:
        num, den = raw.split("/", 1)
        try:
            value = Fraction(parse_number(num, what)) / Fraction(parse_number(den, what))
        except ZeroDivisionError:
            raise InputError(f"{what}: '{text}' divides by zero", f"{what}: '{text}' は 0 で割っています") from None
    else:
        if not _DECIMAL.match(raw):
            raise InputError(f"{what}: '{text}' is not a number", f"{what}: '{text}' は数値として読めません")
        mantissa, _, exponent = raw.lower().partition("e")
        _check_exponent(int(exponent or 0) + len(mantissa.lstrip("+-").split(".")[0]) - 1, text, what)
        _check_exponent(int(exponent or 0) - len(mantissa.partition(".")[2]), text, what)
        value = Fraction(raw)
    _check_size(value.numerator, text, what)
    _check_size(value.denominator, text, what)
    return int(value) if value.denominator == 1 else value


def _check_exponent(exponent: int, text: Any, what: str) -> None:
    """Refuse a number whose size or precision needs more than :data:`MAX_EXPONENT` decimal digits."""
    if abs(exponent) > MAX_EXPONENT:
        raise InputError(f"{what}: exponent too large in '{_short(text)}' (at most 10^±{MAX_EXPONENT})",
                         f"{what}: '{_short(text)}' は指数が大きすぎます (10^±{MAX_EXPONENT} まで)")


def _check_size(value: int, text: Any, what: str) -> int:
    """Refuse an integer (or numerator/denominator) beyond 10^MAX_EXPONENT; bit_length keeps this check cheap."""
    if value.bit_length() > MAX_EXPONENT * 3.33 + 4 and abs(value) > 10 ** (MAX_EXPONENT + 1):
        raise InputError(f"{what}: number too large '{_short(text)}' (at most 10^±{MAX_EXPONENT})",
                         f"{what}: 数値が大きすぎます '{_short(text)}' (10^±{MAX_EXPONENT} まで)")
    return value


def _short(text: Any) -> str:
    """The start of an over-long input, so that the error stays one readable line."""
    if isinstance(text, int) and text.bit_length() > 200:
        return f"{'-' if text < 0 else ''}≈10^{int(text.bit_length() * math.log10(2))}"
    if isinstance(text, Fraction):
        return f"{_short(text.numerator)}/{_short(text.denominator)}"
    shown = str(text)
    return shown if len(shown) <= 40 else shown[:37] + "…"


#: what argparse should take for a negative number rather than an option: its own pattern (``-3``, ``-.5``) misses
#: scientific notation and fractions, so ``solve sigmoid -1e6`` failed with "the following arguments are required"
NEGATIVE_NUMBER = re.compile(r"^-(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)?$")


def parse_int(text: str | int, what: str = "value", minimum: int | None = None) -> int:
    """An integer, optionally at least ``minimum``."""
    value = parse_number(text, what)
    if not isinstance(value, int):
        raise InputError(f"{what}: expected an integer, got {text}", f"{what}: 整数を指定してください ({text})")
    if minimum is not None and value < minimum:
        raise InputError(f"{what}: must be ≥ {minimum}, got {value}", f"{what}: {minimum} 以上が必要です ({value})")
    return value


def parse_int_pair(text: str, what: str, minimum: int | None = None) -> tuple[int, int]:
    """``"2"`` → (2, 2); ``"2,3"`` or ``"2x3"`` → (2, 3)."""
    parts = [p for p in str(text).replace("x", ",").replace("×", ",").split(",") if p.strip()]
    if len(parts) == 1:
        v = parse_int(parts[0], what, minimum)
        return v, v
    if len(parts) == 2:
        return parse_int(parts[0], what, minimum), parse_int(parts[1], what, minimum)
    raise InputError(f"{what}: expected N or N,M, got '{text}'", f"{what}: N または N,M の形で指定してください ('{text}')")


def parse_number_list(values: list[str], what: str = "values") -> list[Number]:
    """Numbers given as separate arguments or as one comma/space separated string."""
    items: list[str] = []
    for v in values:
        items += [p for p in str(v).replace(",", " ").split() if p]
    if not items:
        raise InputError(f"{what}: at least one number is needed", f"{what}: 数値を1つ以上指定してください")
    return [parse_number(p, what) for p in items]


def parse_json(text: str, what: str) -> Any:
    """Parse JSON text with a one-line error that points at the position."""
    if len(text) > MAX_JSON_CHARS:
        raise InputError(f"{what}: input too large ({len(text)} characters)", f"{what}: 入力が大きすぎます ({len(text)} 文字)")
    try:
        # decimals are read from their text, so 1e400 is refused as too large (not turned into inf) and 0.1 is 1/10
        data = json.loads(text, parse_float=lambda literal: parse_number(literal, what))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{what}: invalid JSON at column {exc.colno}: {exc.msg}",
            f"{what}: JSON として読めません ({exc.colno} 文字目: {exc.msg})",
        ) from None
    except RecursionError:
        raise _too_deep(what) from None
    except ValueError:  # an integer literal beyond Python's 4300-digit conversion limit
        raise InputError(f"{what}: number too large in the JSON (at most 10^±{MAX_EXPONENT})",
                         f"{what}: JSON の中の数値が大きすぎます (10^±{MAX_EXPONENT} まで)") from None
    _check_depth(data, what)
    return data


def _too_deep(what: str) -> InputError:
    return InputError(f"{what}: JSON nested too deeply (at most {MAX_JSON_DEPTH} levels)",
                      f"{what}: JSON の入れ子が深すぎます (最大 {MAX_JSON_DEPTH} 段)")


def _check_depth(data: Any, what: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH`; iterative, so no depth can overflow the stack."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, list | dict):
            if depth >= MAX_JSON_DEPTH:
                raise _too_deep(what)
            pending += [(v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)]


def _to_exact(value: Any, what: str) -> Any:
    if isinstance(value, list):
        return [_to_exact(v, what) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float | str | Fraction):
        raise InputError(f"{what}: non-numeric entry {value!r}", f"{what}: 数値でない要素があります ({value!r})")
    return parse_number(value, what)


def _shape(value: Any, what: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    if not value:
        raise InputError(f"{what}: empty array", f"{what}: 空の配列です")
    shapes = {_shape(v, what) for v in value}
    if len(shapes) != 1:
        raise InputError(f"{what}: ragged array (rows of different lengths)", f"{what}: 行の長さがそろっていません")
    return (len(value), *shapes.pop())


def parse_array(text: str, what: str, ndims: tuple[int, ...] = (1, 2, 3, 4)) -> tuple[list[Any], tuple[int, ...]]:
    """A rectangular numeric JSON array with exact entries, and its shape."""
    data = parse_json(text, what) if isinstance(text, str) else text
    shape = _shape(data, what)
    if len(shape) not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        want_ja = "・".join(f"{d}次元" for d in ndims)
        raise InputError(f"{what}: expected a {want} array, got {len(shape)}-D",
                         f"{what}: {want_ja}の配列が必要です ({len(shape)}次元が指定されました)")
    return _to_exact(data, what), shape
