"""Turning user-given numbers into exact SymPy numbers, with the same checks and messages in every solver.

A float is read through its decimal text (``0.1`` → 1/10), because that is the number the learner typed; reading
its binary value would put 3602879701896397/36028797018963968 into the worked steps.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy

from solvers.errors import SolverError

#: a number written as text (a JSON string, a typed literal): at most this many characters and a decimal exponent of
#: at most this size — Fraction("1e-99999999") builds a hundred-million-digit denominator and never returns
MAX_NUMBER_TEXT = 100
MAX_DECIMAL_EXPONENT = 400
_EXPONENT = re.compile(r"[eE]([+-]?\d+)\s*\Z")


def check_number_text(text: str, what: str) -> None:
    """SolverError for number text too long or with too large an exponent to be read without hanging."""
    if len(text) > MAX_NUMBER_TEXT:
        raise SolverError(f"{what}: number too long ({len(text)} characters, at most {MAX_NUMBER_TEXT})",
                          f"{what}: 数値が長すぎます ({len(text)} 文字、最大 {MAX_NUMBER_TEXT} 文字)")
    found = _EXPONENT.search(text)
    if found and abs(int(found.group(1))) > MAX_DECIMAL_EXPONENT:
        raise SolverError(f"{what}: exponent too large in '{text}' (at most 10^±{MAX_DECIMAL_EXPONENT})",
                          f"{what}: '{text}' は指数が大きすぎます (10^±{MAX_DECIMAL_EXPONENT} まで)")


def exact_real(value: Any, what: str) -> Any:
    """A finite real SymPy number from an int, Fraction, float or SymPy number; SolverError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction | sympy.Basic):
        raise SolverError(f"{what}: expected a number, got {value!r}", f"{what}: 数値を指定してください ({value!r})")
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        if value != value or abs(value) == float("inf"):
            raise SolverError(f"{what}: {value} is not finite", f"{what}: {value} は有限の数ではありません")
        return sympy.Rational(str(value))
    result = sympy.sympify(value)
    if not result.is_number or result.is_extended_real is False or result.has(sympy.zoo, sympy.nan, sympy.oo):
        raise SolverError(f"{what}: {value} is not a real number", f"{what}: {value} は実数ではありません")
    return result


def exact_rational(value: Any, what: str) -> Any:
    """Like :func:`exact_real`, but the number must be rational (quantization works on exact grid steps)."""
    result = exact_real(value, what)
    if not isinstance(result, sympy.Rational):
        raise SolverError(f"{what}: {value} must be a rational number", f"{what}: {value} は有理数で指定してください")
    return result


#: how far a list of probabilities may miss a sum of 1, the same in every solver: softmax output pasted as floats
#: (0.0900306 + 0.244728 + 0.665241 = 0.9999996) is a distribution, 0.1 + 0.7 + 0.3 is a typo
PROBABILITY_SUM_TOLERANCE = sympy.Rational(1, 10**6)


def require_sum_one(total: Any, what: str, what_ja: str, hint: str = "", hint_ja: str = "") -> None:
    """SolverError unless ``total`` is 1 within :data:`PROBABILITY_SUM_TOLERANCE`, saying by how much it is off.

    Both numbers are short decimals (``0.9999``, ``+0.1``, ``-2e-05``): a 17-digit fraction tells a learner nothing.
    """
    off = sympy.sympify(total) - 1
    if abs(off) <= PROBABILITY_SUM_TOLERANCE:
        return
    shown, gap = f"{float(total):.6g}", f"{float(off):+.3g}"
    raise SolverError(f"{what}: the probabilities sum to {shown}, not 1 (off by {gap}){hint}",
                      f"{what_ja}: 確率の合計が 1 ではなく {shown} です (1 との差 {gap}){hint_ja}")
