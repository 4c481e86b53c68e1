"""What generated questions share: the rounding rules they state, the hints shown under the answer box, how a
number is printed in a prompt, and how one modelled slip becomes a distractor."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from dldrill.grading import Mistake, Tolerance
from solvers.steps import Bilingual

#: the usual exam rule for a decimal answer: 3 places, the 4th rounded half up (小数第4位を四捨五入)
THREE_PLACES = Tolerance("decimals", 3, "half_up")
THREE_HINT = Bilingual("小数第3位まで (第4位を四捨五入)", "3 decimal places (round half up)")
INT_HINT = Bilingual("整数で答える", "Answer with an integer")


def short_number(x: Any) -> str:
    """A short decimal as an exam prints it: 0.5, −1.5, 2 (never 1/2 or 2.0)."""
    value = Fraction(x)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def vector_text(xs: list[Any]) -> str:
    """``(0.5, 1, 2)``."""
    return "(" + ", ".join(short_number(x) for x in xs) + ")"


def slip(value: float | None, tag: str, ja: str, en: str) -> list[Mistake]:
    """One modelled slip as a distractor, skipped when it has no finite value for these numbers."""
    if value is None or not math.isfinite(value):
        return []
    return [Mistake(value, tag, Bilingual(ja, en))]
