"""Schema: round trip through YAML, per-type rules, and the committed JSON Schema being up to date."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
import yaml
from bank_fixtures import FIXTURES, REPO, TOY_GENERATORS
from pydantic import ValidationError

from dldrill.bank.load import validate_bytes
from dldrill.bank.schema import QUESTION_ADAPTER, json_schema, question_to_data

GOOD = FIXTURES / "good" / "all_types.yaml"
SCHEMA_FILE = REPO / "src" / "dldrill" / "bank" / "question.schema.json"


def good_items() -> list[dict[str, Any]]:
    return yaml.safe_load(GOOD.read_text(encoding="utf-8"))["questions"]


def validate(item: dict[str, Any]) -> Any:
    return QUESTION_ADAPTER.validate_python(item, context={"generators": TOY_GENERATORS})


def rule_messages(item: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate(item)
    messages: list[str] = []
    for error in caught.value.errors():
        problems = (error.get("ctx") or {}).get("problems")
        messages += [m for _, m in problems] if problems else [error["msg"]]
    return messages


def item_of(kind: str) -> dict[str, Any]:
    return copy.deepcopy(next(i for i in good_items() if i["type"] == kind))


def test_fixture_has_every_type() -> None:
    assert sorted({i["type"] for i in good_items()}) == sorted(
        ["single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free", "generated"])


def test_round_trip_model_dict_yaml_load() -> None:
    models = [validate(item) for item in good_items()]
    text = yaml.safe_dump({"questions": [question_to_data(m) for m in models]}, allow_unicode=True, sort_keys=False)
    result = validate_bytes(text.encode("utf-8"), TOY_GENERATORS)
    assert result.problems == ()
    assert [entry[3] for entry in result.entries] == models
    # and the plain data survives the trip unchanged, key for key
    assert [question_to_data(entry[3]) for entry in result.entries] == [question_to_data(m) for m in models]


def test_models_are_frozen() -> None:
    question = validate(item_of("single"))
    with pytest.raises(ValidationError):
        question.answer = 1


def test_exam_order_is_normalised() -> None:
    item = item_of("single")
    item["exam"] = ["E", "G"]
    assert validate(item).exam == ("G", "E")


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda q: q.update(answer=4), "answer index 4 is out of range: there are 4 choices"),
    (lambda q: q["choices"][3]["text"].update(en="To keep the output size"), "duplicated en text: same as item 0"),
    (lambda q: q["choices"][2].pop("why"), "choice 2 is not a key and has no `why`"),
    (lambda q: q.update(syllabus=["T18", "E9-9-9"]), "unknown syllabus code 'E9-9-9'"),
    (lambda q: q.update(syllabus=["T18", "T18", "E3-4-1"]), "syllabus code T18 listed twice"),
    (lambda q: q.update(exam=["G"]), "belongs to exam E, which `exam` does not list"),
    (lambda q: q.update(exam=["G", "G"]), "lists the same exam twice"),
])
def test_single_choice_rules(mutate: Any, fragment: str) -> None:
    item = item_of("single")
    mutate(item)
    assert any(fragment in m for m in rule_messages(item)), rule_messages(item)


def test_several_rule_problems_of_one_question_are_all_reported() -> None:
    item = item_of("single")
    item["exam"] = ["G"]
    item["choices"][1].pop("why")
    item["choices"][2].pop("why")
    messages = rule_messages(item)
    assert len(messages) == 3


def test_multiple_answer_rules() -> None:
    item = item_of("multiple")
    item["answer"] = [0, 0, 7]
    messages = rule_messages(item)
    assert any("listed twice" in m for m in messages) and len(messages) == 1
    item["answer"] = [0, 7]
    assert any("answer index 7 is out of range" in m for m in rule_messages(item))
    item["answer"] = [0]  # choice 2 is no key any more and has no why
    assert any("choice 2 is not a key" in m for m in rule_messages(item))


def test_cloze_placeholders_must_match_blanks_in_both_languages() -> None:
    item = item_of("cloze")
    item["prompt"]["ja"] = item["prompt"]["ja"].replace("{{2}}", "{{ 2 }}")
    messages = rule_messages(item)
    assert any("malformed placeholder {{ 2 }}" in m for m in messages)
    assert any("ja prompt placeholders do not match the 2 blank(s): missing {{2}}" in m for m in messages)
    item = item_of("cloze")
    item["blanks"] = item["blanks"][:1]
    assert any("no blank for {{2}}" in m for m in rule_messages(item))


def test_cloze_choice_blank_rules() -> None:
    item = item_of("cloze")
    item["blanks"][1]["answer"] = 2
    assert any("answer index 2 is out of range" in m for m in rule_messages(item))
    item = item_of("cloze")
    item["blanks"][1]["choices"][1] = {"ja": "入力", "en": "output"}
    assert any("duplicated ja text" in m for m in rule_messages(item))


def test_ordering_needs_three_to_eight_distinct_items() -> None:
    item = item_of("ordering")
    item["items"].append(dict(item["items"][0]))
    assert any("duplicated ja text: same as item 0" in m for m in rule_messages(item))
    item["items"] = item["items"][:2]
    with pytest.raises(ValidationError, match="at least 3"):
        validate(item)
    item["items"] = [{"ja": f"手順{n}", "en": f"step {n}"} for n in range(9)]
    with pytest.raises(ValidationError, match="at most 8"):
        validate(item)


@pytest.mark.parametrize(("tolerance", "fragment"), [
    ({"mode": "absolute", "value": 0}, "must be greater than 0"),
    ({"mode": "relative", "value": 0.01, "rounding": "floor"}, "rounding applies to sigfigs/decimals"),
    ({"mode": "sigfigs", "value": 0}, "at least 1 significant figure"),
    ({"mode": "decimals", "value": 1.5}, "whole number of digits"),
    ({"mode": "decimals", "value": -1}, "0 or more decimal places"),
    ({"mode": "percent", "value": 1}, "Input should be"),
    ({"mode": "decimals", "value": 2, "rounding": "banker"}, "Input should be"),
    ({"mode": "absolute", "value": "0.1"}, "expected a number"),
])
def test_numeric_tolerance_rules(tolerance: dict[str, Any], fragment: str) -> None:
    item = item_of("numeric")
    item["tolerance"] = tolerance
    assert any(fragment in m for m in rule_messages(item)), rule_messages(item)


@pytest.mark.parametrize(("answer", "exact"), [
    ("2/3", Fraction(2, 3)), ("-3/4", Fraction(-3, 4)), (0.1, Fraction(1, 10)), (8, Fraction(8)),
    ("1e-3", Fraction(1, 1000)),
])
def test_numeric_exact_answer(answer: Any, exact: Fraction) -> None:
    item = item_of("numeric")
    item["answer"] = answer
    assert validate(item).exact_answer == exact


@pytest.mark.parametrize("answer", ["three", "1/0", True, None, float("nan")])
def test_numeric_answer_must_be_a_number(answer: Any) -> None:
    item = item_of("numeric")
    item["answer"] = answer
    with pytest.raises(ValidationError):
        validate(item)


def test_default_rounding_is_half_up() -> None:
    item = item_of("numeric")
    item["tolerance"] = {"mode": "decimals", "value": 2}
    assert validate(item).tolerance.effective_rounding == "half_up"


def test_unit_may_leave_one_language_empty_but_not_both() -> None:
    item = next(i for i in good_items() if i["id"] == "fx-numeric-units")
    assert validate(item).unit.en == ""
    item["unit"] = {"ja": " ", "en": ""}
    assert any("unit is empty in both languages" in m for m in rule_messages(item))


@pytest.mark.parametrize("text", ["", "   ", None, 3])
def test_bilingual_texts_must_be_non_empty_text(text: Any) -> None:
    item = item_of("truefalse")
    item["prompt"]["en"] = text
    with pytest.raises(ValidationError):
        validate(item)


def test_free_needs_rubric_points() -> None:
    item = item_of("free")
    item["rubric"] = []
    with pytest.raises(ValidationError, match="at least 1"):
        validate(item)


def test_generated_checks_generator_and_params() -> None:
    item = item_of("generated")
    assert validate(item).params == {"size": [4, 6], "kernel": [2, 3]}
    item["params"]["padding"] = [0, 1]
    assert any("takes no parameter 'padding'" in m for m in rule_messages(item))
    item["generator"] = "toy_conf"
    assert any("unknown generator 'toy_conf' (did you mean toy_conv?)" in m for m in rule_messages(item))
    with pytest.raises(ValidationError, match="no generators are registered"):
        QUESTION_ADAPTER.validate_python(item, context={"generators": {}})


@pytest.mark.parametrize("bad_id", ["Cnn-x", "-x", "cnn x", "ｃｎｎ", ""])
def test_id_must_be_a_lowercase_slug(bad_id: str) -> None:
    item = item_of("truefalse")
    item["id"] = bad_id
    with pytest.raises(ValidationError):
        validate(item)


def test_texts_cover_every_bilingual_field() -> None:
    question = validate(item_of("single"))
    texts = {t.en for t in question.texts()}
    assert {"What is zero padding mainly for?", "To reduce the weights", "It adds no non-linearity."} <= texts


def test_committed_json_schema_is_up_to_date() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate: uv run dldrill bank schema > src/dldrill/bank/question.schema.json"


def test_json_schema_lists_syllabus_codes_and_types() -> None:
    schema = json_schema()
    mapping = schema["properties"]["questions"]["items"]["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(["single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free",
                                      "generated"])
    codes = schema["$defs"]["SingleQuestion"]["properties"]["syllabus"]["items"]["enum"]
    assert "T18" in codes and "E3-4-1" in codes and "T1" not in codes


def test_json_schema_accepts_the_good_fixture_and_rejects_unknown_keys() -> None:
    """Cross-check with an independent validator when the jsonschema package is installed."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    document = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    document["questions"][0]["hint"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_japanese_fields_are_normalised_when_loaded() -> None:
    from dldrill.bank.schema import Bilingual

    text = Bilingual(ja="畳み込み層は\n特徴を取り出す CNN の層。", en="wrapped\nEnglish")
    assert text.ja == "畳み込み層は特徴を取り出すCNNの層。"
    assert text.en == "wrapped\nEnglish"  # English wraps become spaces in Markdown anyway
