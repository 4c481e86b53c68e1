"""Parsing of solver inputs typed on the command line, with one-line bilingual errors.

Numbers are read exactly: ``0.1`` becomes ``Fraction(1, 10)`` and ``1/3`` ``Fraction(1, 3)`` so
that solvers can compute with rationals; ``inf``/``nan`` are refused.  Matrices come as JSON.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

Number = int | Fraction

MAX_JSON_CHARS = 200_000


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
        return text
    if isinstance(text, Fraction):
        return text if text.denominator != 1 else int(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise InputError(f"{what}: {text} is not a finite number", f"{what}: {text} は有限の数ではありません")
        value = Fraction(str(text))
        return int(value) if value.denominator == 1 else value
    raw = str(text).strip().replace("−", "-").replace("－", "-")
    try:
        if "/" in raw:
            num, den = raw.split("/", 1)
            value = Fraction(parse_number(num, what)) / Fraction(parse_number(den, what))
        else:
            value = Fraction(raw)
    except (ValueError, ZeroDivisionError, InputError):
        raise InputError(f"{what}: '{text}' is not a number", f"{what}: '{text}' は数値として読めません") from None
    return int(value) if value.denominator == 1 else value


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
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{what}: invalid JSON at column {exc.colno}: {exc.msg}",
            f"{what}: JSON として読めません ({exc.colno} 文字目: {exc.msg})",
        ) from None


def _to_exact(value: Any, what: str) -> Any:
    if isinstance(value, list):
        return [_to_exact(v, what) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
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
        raise InputError(f"{what}: expected a {want} array, got {len(shape)}-D", f"{what}: {want} の配列が必要です ({len(shape)}-D)")
    return _to_exact(data, what), shape
