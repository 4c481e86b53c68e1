"""Every generator: deterministic per (id, seed), valid for many seeds, four distinct options whose wrong
ones differ from the key, a uniform key position, and an answer that the solver agrees with."""

from __future__ import annotations

import collections
import json

import pytest

from dldrill.answer_parsing import AnswerFormatError
from dldrill.generators.base import GeneratorError, display_value, make_variant
from dldrill.generators.catalog import all_specs
from dldrill.questions import Presented, grade

SPECS = sorted(all_specs().values(), key=lambda s: s.name)
SEEDS = range(50)  # default params; test_bank_templates runs every bank template for 200 seeds


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_same_seed_same_variant_and_seeds_vary(spec) -> None:
    a = make_variant(spec, "t-" + spec.name, 7, "choice").to_json()
    b = make_variant(spec, "t-" + spec.name, 7, "choice").to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    prompts = {make_variant(spec, "t-" + spec.name, s, "input").prompt.en for s in range(20)}
    assert len(prompts) > 1


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_many_seeds_choice_form(spec) -> None:
    positions: collections.Counter[int] = collections.Counter()
    for seed in SEEDS:
        v = make_variant(spec, "t-" + spec.name, seed, "choice")
        texts = [c.text for c in v.choices]
        assert len(texts) == 4 and len(set(texts)) == 4, texts
        assert sum(c.correct for c in v.choices) == 1
        key = v.choices[v.key_index]
        assert key.correct and key.text == display_value(v.answer, v.tolerance)
        for c in v.choices:
            if not c.correct:
                assert c.text != key.text and c.tag and c.explanation is not None
        positions[v.key_index] += 1
        assert v.solution.steps, "worked steps come from the solver"
    assert all(positions[i] > 0 for i in range(4)), positions  # uniformity is checked over 200 seeds per template


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_input_form_grades_key_and_names_mistakes(spec) -> None:
    for seed in range(30):
        v = make_variant(spec, "t-" + spec.name, seed, "input")

        class Q:  # the minimal question shape `grade` needs for a variant
            id = "t-" + spec.name
            type = "generated"

        kind = "matrix" if v.answer_kind in ("matrix", "vector") else "number"
        p = Presented(Q, seed, kind, v.prompt, variant=v)
        right = grade(p, v.expected_text())
        assert right.correct, (v.expected_text(), v.params)
        for m in v.mistakes:
            g = grade(p, display_value(m.value, v.tolerance))
            assert not g.correct
            assert g.mistake is not None


def test_bad_params_are_reported() -> None:
    spec = all_specs()["conv_output_size"]
    with pytest.raises(GeneratorError):
        make_variant(spec, "x", 1, "choice", {"nonsense": 3})
    with pytest.raises(GeneratorError):
        make_variant(spec, "x", 1, "choice", {"size": [2, 2], "kernel": 7, "padding": 0})


def test_format_error_is_not_a_wrong_answer() -> None:
    spec = all_specs()["conv_output_size"]
    v = make_variant(spec, "x", 3, "input")

    class Q:
        id = "x"
        type = "generated"

    with pytest.raises(AnswerFormatError):
        grade(Presented(Q, 3, "number", v.prompt, variant=v), "twelve-ish")
