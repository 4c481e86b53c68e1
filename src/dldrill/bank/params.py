"""Shape checks for the parameter values of a generated question, judged by the kind of the generator's default.

A generator reads each parameter through ``Draw`` (``int``, ``decimal``, ``pick`` …), which accepts a fixed value,
an inclusive ``[lo, hi]`` range or ``{one_of: […]}``.  A value of the wrong shape (``size: banana``,
``stride: {one_of: []}``) used to pass validation and only fail, with a traceback, when a variant was drawn.
The default a generator declares tells what a parameter holds: numbers, texts or true/false.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

Loc = tuple[str | int, ...]
#: number texts in defaults are short decimals ("0.1"); longer texts are not numbers a generator draws
_MAX_NUMBER_TEXT = 60


def _is_number(value: Any) -> bool:
    """An int or finite float (not a YAML boolean), or a short decimal text such as ``"0.1"``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str) and len(value) <= _MAX_NUMBER_TEXT and "e" not in value.lower():
        try:
            Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return False
        return True
    return False


def _scalar_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "text"
    return None


def default_kind(default: Any) -> str | None:
    """``number``, ``text`` or ``bool`` for a generator default, or None when it is of no single kind."""
    if isinstance(default, Mapping):
        default = default.get("one_of") if set(default) == {"one_of"} else None
    if isinstance(default, list | tuple):
        kinds = {_scalar_kind(item) for item in default}
        return kinds.pop() if len(kinds) == 1 else None
    return _scalar_kind(default)


_SHAPES = {
    "number": "a number, a [lo, hi] range or {one_of: [numbers]}",
    "text": "a text or {one_of: [texts]}",
    "bool": "true, false or {one_of: [true, false]}",
}


def _fits(kind: str, value: Any) -> bool:
    """Whether one fixed value suits a parameter of this kind (texts may be numbers: generators read them as text)."""
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return _is_number(value)
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def value_problems(kind: str, value: Any, default: Any) -> list[tuple[Loc, str]]:
    """Problems with one parameter value, located relative to it; empty when the value has a shape of ``kind``."""
    expected = f"expected {_SHAPES[kind]} (default: {_show(default)})"
    if isinstance(value, Mapping):
        if "one_of" not in value:
            return [((), f"{expected}, got a mapping without `one_of`")]
        problems: list[tuple[Loc, str]] = [((str(key),), "only `one_of` may be given here") for key in value
                                           if key != "one_of"]
        options = value["one_of"]
        if not isinstance(options, list) or not options:
            return [*problems, (("one_of",), "`one_of` needs a non-empty list of values to pick from")]
        problems += [(("one_of", index), f"{expected}, got {_show(option)}")
                     for index, option in enumerate(options) if not _fits(kind, option)]
        return problems
    if isinstance(value, list):
        if kind != "number":
            return [((), f"{expected}, got a list (write {{one_of: [...]}} to pick one)")]
        if len(value) != 2:
            return [((), f"a range is [lo, hi] (two numbers), got {len(value)} item(s); "
                         "write {one_of: [...]} to pick one")]
        bad: list[tuple[Loc, str]] = [((index,), f"expected a number, got {_show(item)}") for index, item in enumerate(value)
               if not _is_number(item)]
        if bad:
            return bad
        lo, hi = (Fraction(str(item).strip()) for item in value)
        return [] if lo <= hi else [((), f"range [{value[0]}, {value[1]}] is empty: lo must be ≤ hi")]
    if not _fits(kind, value):
        return [((), f"{expected}, got {_show(value)}")]
    return []


def params_problems(params: Mapping[str, Any], defaults: Mapping[str, Any]) -> list[tuple[Loc, str]]:
    """Every shape problem in a question's ``params``, each located as ``(key, …)``; unknown keys are left to the
    key check, parameters whose default is of no single kind are not judged."""
    problems: list[tuple[Loc, str]] = []
    for key, value in params.items():
        if key not in defaults:
            continue
        kind = default_kind(defaults[key])
        if kind is not None:
            problems += [((key, *where), message) for where, message in value_problems(kind, value, defaults[key])]
    return problems


def _show(value: Any) -> str:
    """A value as the author wrote it, shortened."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
