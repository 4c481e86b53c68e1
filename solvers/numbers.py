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
    """Short display string: ints as ints, rationals as ``p/q``, floats and irrational exact numbers (√2, e^2)
    to ``digits`` significant digits (:func:`exact_text` gives their exact form in board notation).

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
        if getattr(value, "is_number", False):  # √2, e/(1 + e), ln 5: a decimal, never SymPy syntax on the board
            try:
                return fmt(float(value.evalf(17)), digits)
            except (TypeError, ValueError):
                return exact_text(value)
        return exact_text(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(fmt(v, digits) for v in value) + "]"
    return str(value)


def fmt_signed(value: Any, digits: int = 6) -> str:
    """Like :func:`fmt` but wraps negatives in parentheses, for use inside products: ``2×(−1)``."""
    text = fmt(value, digits)
    return f"({text})" if text.startswith("-") else text


_PRINTER: Any = None


def _board_printer() -> Any:
    """A SymPy printer writing board notation: ``√2``, ``e^{3/2}``, ``ln(5)``, ``2·e`` (built on first use)."""
    global _PRINTER
    if _PRINTER is not None:
        return _PRINTER
    import sympy
    from sympy.printing.precedence import PRECEDENCE, precedence
    from sympy.printing.str import StrPrinter

    class BoardPrinter(StrPrinter):  # type: ignore[misc]
        def _group(self, arg: Any) -> str:
            text = self._print(arg)
            return text if arg.is_Atom and not (arg.is_Rational and not arg.is_Integer) and not text.startswith("-") \
                else f"({text})"

        def _print_Exp1(self, expr: Any) -> str:
            return "e"

        def _print_Pi(self, expr: Any) -> str:
            return "π"

        def _print_exp(self, expr: Any) -> str:
            return f"e^{{{self._print(expr.args[0])}}}"

        def _print_log(self, expr: Any) -> str:
            return f"ln({self._print(expr.args[0])})"

        def _print_Pow(self, expr: Any, rational: bool = False) -> str:
            base, power = expr.as_base_exp()
            if base is sympy.E:
                return f"e^{{{self._print(power)}}}"
            if power == sympy.S.Half:
                return "√" + self._group(base)
            if power == -sympy.S.Half:
                return "1/√" + self._group(base)
            if power.is_Rational and power.q == 2:
                return f"√{self._group(base)}^{{{power.p}}}"
            if power.is_negative and power.is_Integer:
                return f"1/{self.parenthesize(sympy.Pow(base, -power), PRECEDENCE['Mul'])}"
            shown = self.parenthesize(base, PRECEDENCE["Pow"], strict=False)
            if precedence(base) <= PRECEDENCE["Pow"] and not base.is_Atom:
                shown = f"({self._print(base)})"
            return f"{shown}^{{{self._print(power)}}}"

    _PRINTER = BoardPrinter({"order": "none"})
    return _PRINTER


def exact_text(value: Any) -> str:
    """An exact value in the notation of the worked steps (``√430/5``, ``e/(1 + e)``, ``−ln(17/25)``).

    Why not ``str``: SymPy's own syntax (``sqrt(430)/5``, ``E``, ``exp(2)``, ``log``, ``**``, ``*``) is for code, not
    for a learner's answer key; these forms also stay parseable by the worksheet formula converter.
    """
    if not is_sympy(value) or getattr(value, "is_infinite", False):
        return fmt(value)
    text: str = _board_printer().doprint(value)
    return text.replace("*", "·")
