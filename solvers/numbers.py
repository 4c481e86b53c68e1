"""Exact numbers to JSON and to short display strings, without importing SymPy or NumPy eagerly.

Why no eager import: ``dldrill solve output-size`` must start in tens of milliseconds, so the
types are recognised by their module name and the libraries are only touched when such a value
is actually present (in which case they are already imported).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any


def _module(value: Any) -> str:
    return type(value).__module__ or ""


def is_sympy(value: Any) -> bool:
    return _module(value).startswith("sympy")


def is_numpy(value: Any) -> bool:
    return _module(value).startswith("numpy")


def _float_json(x: float) -> Any:
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def to_approx(value: Any) -> Any:
    """Same structure as ``value`` with exact non-integers turned into floats; ints stay ints."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, dict):
        return {k: to_approx(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_approx(v) for v in value]
    if is_numpy(value):
        if hasattr(value, "tolist"):
            return to_approx(value.tolist())
        return value
    if is_sympy(value):
        if getattr(value, "is_Integer", False):
            return int(value)
        if getattr(value, "is_Matrix", False):
            return [[to_approx(v) for v in row] for row in value.tolist()]
        if getattr(value, "is_number", False):
            if value.is_infinite:  # zoo, oo, -oo
                return math.inf if value.is_extended_positive else -math.inf
            try:
                return float(value.evalf(17))
            except TypeError:
                return str(value)
        return str(value)
    return value


def to_json_value(value: Any, exact: bool = False) -> Any:
    """A JSON-ready copy of ``value``.

    With ``exact=False`` numbers become ints or floats at full double precision.  With
    ``exact=True`` non-integer exact numbers become strings in SymPy syntax (``"3/4"``,
    ``"exp(2)/(1 + exp(2))"``) so that nothing is lost.
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _float_json(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return str(value) if exact else float(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v, exact) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v, exact) for v in value]
    if is_numpy(value):
        if hasattr(value, "tolist"):
            return to_json_value(value.tolist(), exact)
        return value
    if is_sympy(value):
        if getattr(value, "is_Integer", False):
            return int(value)
        if getattr(value, "is_Matrix", False):
            return [[to_json_value(v, exact) for v in row] for row in value.tolist()]
        if exact:
            return str(value)
        return to_json_value(to_approx(value))
    return str(value)


def fmt(value: Any, digits: int = 6) -> str:
    """Short display string: ints as ints, rationals as ``p/q``, floats to ``digits`` significant digits.

    Used inside ``Step.substituted`` so that a step reads like a hand calculation.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return format(value, f".{digits}g")
    if isinstance(value, Fraction):
        return str(value)
    if is_numpy(value):
        if hasattr(value, "tolist"):
            return fmt(value.tolist(), digits)
        return str(value)
    if is_sympy(value):
        if getattr(value, "is_infinite", False):  # oo, -oo, zoo: SymPy prints "oo"
            return "−∞" if getattr(value, "is_extended_negative", False) else "∞"
        if getattr(value, "is_Integer", False) or getattr(value, "is_Rational", False):
            return str(value)
        if getattr(value, "is_Float", False):
            return fmt(float(value), digits)
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(fmt(v, digits) for v in value) + "]"
    return str(value)


def fmt_signed(value: Any, digits: int = 6) -> str:
    """Like :func:`fmt` but wraps negatives in parentheses, for use inside products: ``2×(−1)``."""
    text = fmt(value, digits)
    return f"({text})" if text.startswith("-") else text
