"""Issue 5, point 6: every generated template of the built-in bank runs for 200 seeds with its own form and
parameter ranges — no error, four distinct options with exactly one key, every modelled mistake different from
the key after the rounding shown — and every generator is used by at least one template."""

from __future__ import annotations

import collections
from typing import Any

import pytest

from dldrill.bank.load import load_bank
from dldrill.generators.base import display_value, make_variant
from dldrill.generators.catalog import all_specs

SEEDS = range(200)


def templates() -> list[Any]:
    bank = load_bank(environ={})
    return sorted((q for q in bank.questions if q.type == "generated"), key=lambda q: q.id)


TEMPLATES = templates()


def test_at_least_40_templates_and_every_generator_used() -> None:
    assert len(TEMPLATES) >= 40
    assert {q.generator for q in TEMPLATES} == set(all_specs())
    assert {q.form for q in TEMPLATES} == {"choice", "input"}


@pytest.mark.parametrize("question", TEMPLATES, ids=lambda q: q.id)
def test_template_runs_for_200_seeds(question: Any) -> None:
    spec = all_specs()[question.generator]
    positions: collections.Counter[int] = collections.Counter()
    for seed in SEEDS:
        v = make_variant(spec, question.id, seed, question.form, question.params or None)
        key = display_value(v.answer, v.tolerance)
        assert v.solution.steps
        assert all(display_value(m.value, v.tolerance) != key and m.tag for m in v.mistakes), seed
        if question.form == "choice":
            texts = [c.text for c in v.choices]
            assert len(texts) == 4 and len(set(texts)) == 4, (seed, texts)
            assert sum(c.correct for c in v.choices) == 1 and v.choices[v.key_index].text == key
            positions[v.key_index] += 1
    if question.form == "choice":
        assert all(positions[i] >= 25 for i in range(4)), positions  # about 50 each; never starved
