"""Answer-key step lines: an exact result that only repeats its substituted line is shown as its decimal."""

from __future__ import annotations

import sympy as sp

from dldrill.worksheets.texts import StepView
from solvers.steps import Bilingual, Step


def _line(substituted: str, result: object) -> str:
    return StepView(1, Step(Bilingual("説明", "text"), formula="", substituted=substituted, result=result), "ja").line


def test_repeated_exact_form_is_not_written_twice() -> None:
    # −ln(17/25) = ln 25 − ln 17 ≈ 3.218876 − 2.833213 = 0.385662
    assert _line("−ln(17/25)", -sp.log(sp.Rational(17, 25))) == "−ln(17/25) ≈ 0.385662"


def test_new_exact_form_is_kept_with_its_decimal() -> None:
    # √430 ≈ 20.736441, / 5 = 4.147288
    assert _line("(x − μ)²の平均の平方根", sp.sqrt(430) / 5) == "(x − μ)²の平均の平方根 = √430/5 ≈ 4.14729"


def test_rationals_stay_exact_with_their_decimal() -> None:
    assert _line("3/8 + 1/8", sp.Rational(1, 2)) == "3/8 + 1/8 = 1/2 ≈ 0.5"
