"""What the learner reads: every generated bank template, drawn for a few seeds and rendered in both languages
(terminal steps, the same number texts the answer keys use), holds no SymPy syntax, and irrational values are
written as decimals or as short √/e/ln forms with their decimal."""

from __future__ import annotations

import math
from io import StringIO
from typing import Any

import pytest
import sympy as sp
from rich.console import Console

from dldrill.bank.load import load_bank
from dldrill.generators.base import make_variant
from dldrill.generators.catalog import all_specs
from dldrill.render.numbers import number_text
from dldrill.render.terminal import solution_steps_renderable
from tests.solvers.test_step_notation import SYMPY_SYNTAX, step_texts

SEEDS = range(3)
TEMPLATES = sorted((q for q in load_bank(environ={}).questions if q.type == "generated"), key=lambda q: q.id)


def render(renderable: Any) -> str:
    out = StringIO()
    Console(file=out, width=200, color_system=None, legacy_windows=False).print(renderable)
    return out.getvalue()


def number_texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in number_texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in number_texts(v)]
    return [] if value is None or isinstance(value, str) else [number_text(value)]


@pytest.mark.parametrize("question", TEMPLATES, ids=lambda q: q.id)
def test_generated_steps_hold_no_sympy_syntax(question: Any) -> None:
    spec = all_specs()[question.generator]
    for seed in SEEDS:
        steps = make_variant(spec, question.id, seed, question.form, question.params or None).solution.steps
        leaks = [t for s in steps for t in [*step_texts(s), *number_texts(s.result)] if SYMPY_SYNTAX.search(t)]
        for lang in ("ja", "en"):
            leaks += [line for line in render(solution_steps_renderable(steps, lang)).splitlines()
                      if SYMPY_SYNTAX.search(line)]
        assert leaks == [], (seed, leaks)


def test_number_text_shows_short_exact_forms_with_their_decimal() -> None:
    assert number_text(sp.sqrt(430) / 5) == f"√430/5 ≈ {math.sqrt(430) / 5:.6g}"
    assert number_text(sp.E / (1 + sp.E)) == f"e/(1 + e) ≈ {math.e / (1 + math.e):.6g}"
    long = 1 / (sp.exp(-3) + 2 * sp.exp(-1) + 1)
    assert number_text(long) == f"≈ {1 / (math.exp(-3) + 2 * math.exp(-1) + 1):.6g}"
    assert number_text(sp.Rational(8, 11)) == "8/11 ≈ 0.727273"


def test_a_result_that_repeats_its_line_shows_only_the_decimal() -> None:
    loss = -sp.log(sp.Rational(17, 25))
    assert number_text(loss, after="−ln(17/25)") == f"≈ {-math.log(17 / 25):.6g}"
    assert number_text(sp.exp(2), after="n1 = e^{a} = e^{2}") == f"≈ {math.exp(2):.6g}"
    assert number_text(loss, after="−ln(0.68)") == f"-ln(17/25) ≈ {-math.log(17 / 25):.6g}"
