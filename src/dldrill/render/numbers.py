"""How an exact value is written in worked steps and keys, the same on screen and on paper (no Rich here)."""

from __future__ import annotations

from typing import Any

from solvers.numbers import fmt


def number_text(value: Any) -> str:
    """An exact value as written in the answer: short exact forms as-is, long ones with ≈ a decimal."""
    text = fmt(value)
    if isinstance(value, int | float | str) or not any(ch in text for ch in "/√(e"):
        return text
    try:
        approx = float(value)
    except (TypeError, ValueError):
        return text
    short = fmt(approx, 6)
    return f"≈ {short}" if len(text) > 16 else f"{text} ≈ {short}"
