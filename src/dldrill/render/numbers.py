"""How an exact value is written in worked steps and keys, the same on screen and on paper (no Rich here)."""

from __future__ import annotations

from typing import Any

from solvers.numbers import exact_text, fmt, is_sympy

#: an exact irrational form longer than this is not instructive on the board: only its decimal is shown
SHORT_EXACT = 16


def _same_form(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return text.replace("−", "-").replace(" ", "")
    exact, line = norm(a), norm(b)
    return line == exact or line.endswith("=" + exact)


def number_text(value: Any, after: str = "") -> str:
    """An exact value as written in the answer: short exact forms as-is, long ones with ≈ a decimal.

    Irrational values (√430/5, e/(1 + e)) are written in board notation with their decimal (``√430/5 ≈ 4.14729``),
    or as the decimal alone when the exact form is long; SymPy's own syntax never reaches the learner.  ``after`` is
    the substituted line the value follows: an exact form that merely repeats it is left out (``−ln(17/25) ≈ 0.38``).
    """
    if is_sympy(value) and getattr(value, "is_number", False) and not getattr(value, "is_Rational", False) \
            and not getattr(value, "is_Float", False) and not getattr(value, "is_infinite", False):
        short = fmt(value, 6)
        exact = exact_text(value)
        return f"{exact} ≈ {short}" if len(exact) <= SHORT_EXACT and not _same_form(exact, after) else f"≈ {short}"
    text = fmt(value)
    if isinstance(value, int | float | str) or not any(ch in text for ch in "/√(e"):
        return text
    try:
        approx = float(value)
    except (TypeError, ValueError):
        return text
    short = fmt(approx, 6)
    return f"≈ {short}" if len(text) > 16 else f"{text} ≈ {short}"
