"""Parameter values of generated questions: shapes checked against the generator's defaults, variants drawn by
``bank validate``, and drawing errors in ``bank show/stress`` as one line with exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dldrill.bank.load import validate_bytes
from dldrill.bank.params import default_kind, params_problems
from dldrill.cli import main

DEFAULTS = {"size": [3, 5], "stride": {"one_of": [1, 1, 2]}, "lr": {"one_of": ["0.1", "0.01"]},
            "ask": {"one_of": ["matrix", "cell"]}, "log_base": "e", "overlap": False}


@pytest.mark.parametrize(("default", "kind"), [
    ([3, 5], "number"), ({"one_of": [1, 2]}, "number"), (1, "number"), ({"one_of": ["0.1", "0.5"]}, "number"),
    ("e", "text"), ({"one_of": ["matrix", "cell"]}, "text"), (False, "bool"), ({"one_of": [False, True]}, "bool"),
    ([1, "a"], None), ({"one_of": []}, None),
])
def test_default_kind(default: Any, kind: str | None) -> None:
    assert default_kind(default) == kind


@pytest.mark.parametrize("params", [
    {"size": 4}, {"size": [2, 2]}, {"size": [-1.5, 2]}, {"size": {"one_of": [3, 4.5]}},
    {"lr": 0.05}, {"lr": {"one_of": [0.1, "0.2"]}}, {"ask": "cell"}, {"ask": {"one_of": ["sum"]}},
    {"log_base": 2}, {"overlap": True}, {"overlap": {"one_of": [True, False]}},
])
def test_well_shaped_values_pass(params: dict[str, Any]) -> None:
    assert params_problems(params, DEFAULTS) == []


@pytest.mark.parametrize(("params", "loc", "fragment"), [
    ({"size": "banana"}, ("size",), 'got "banana"'),
    ({"size": True}, ("size",), "got true"),
    ({"size": [5, 3]}, ("size",), "range [5, 3] is empty"),
    ({"size": [1, 2, 3]}, ("size",), "got 3 item(s)"),
    ({"size": [1, "x"]}, ("size", 1), 'expected a number, got "x"'),
    ({"size": {"pick": [1]}}, ("size",), "without `one_of`"),
    ({"stride": {"one_of": []}}, ("stride", "one_of"), "non-empty list"),
    ({"stride": {"one_of": 2}}, ("stride", "one_of"), "non-empty list"),
    ({"stride": {"one_of": [1, "two"]}}, ("stride", "one_of", 1), 'got "two"'),
    ({"stride": {"one_of": [1], "weights": [1]}}, ("stride", "weights"), "only `one_of`"),
    ({"ask": ["matrix"]}, ("ask",), "got a list"),
    ({"ask": {"x": 1}}, ("ask",), "without `one_of`"),
    ({"overlap": "yes please"}, ("overlap",), "true, false"),
    ({"size": float("nan")}, ("size",), "got NaN"),
])
def test_misshapen_values_are_located(params: dict[str, Any], loc: tuple[Any, ...], fragment: str) -> None:
    [(where, message)] = params_problems(params, DEFAULTS)
    assert where == loc and fragment in message


GENERATED = """\
questions:
- id: gp-ok
  type: generated
  generator: conv2d_values
  form: input
  exam: [G]
  syllabus: [T18]
  topics: [cnn]
  difficulty: 2
- id: gp-bad
  type: generated
  generator: conv2d_values
  form: input
  exam: [G]
  syllabus: [T18]
  topics: [cnn]
  difficulty: 2
  params:
    size: banana
    stride: {one_of: []}
    padding: -7
"""


def test_schema_reports_each_misshapen_value_on_its_line() -> None:
    result = validate_bytes(GENERATED.encode())  # the real generator table (conv2d_values is catalogued)
    located = [(line, qid, message.split(":")[0]) for line, _, qid, message in result.problems]
    assert located == [(19, "gp-bad", "params.size"), (20, "gp-bad", "params.stride.one_of")]
    assert [qid for qid, _, _, question in result.entries if question is not None] == ["gp-ok"]


def write_bank(tmp_path: Path, text: str) -> Path:
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "g.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "bank"


NEGATIVE_PADDING = GENERATED.replace("    size: banana\n    stride: {one_of: []}\n", "")


def test_validate_draws_variants_and_locates_a_template_that_cannot_draw(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_builtin_bank: None) -> None:
    bank = write_bank(tmp_path, NEGATIVE_PADDING)  # padding −7 has the right shape but no output size works
    assert main(["bank", "validate", str(bank)]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith(str(bank)) or "g.yaml:" in line]
    assert len(problems) == 1
    assert "g.yaml:10:3: [gp-bad] seed 0: no variant can be drawn" in problems[0]
    # the outcome is cached: a second run reports the same without drawing again
    assert main(["bank", "validate", str(bank)]) == 1
    assert problems[0] in capsys.readouterr().out


def test_show_and_stress_turn_any_drawing_error_into_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_builtin_bank: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    bank = write_bank(tmp_path, GENERATED.split("- id: gp-bad")[0])
    import dldrill.questions

    def broken(question: Any, seed: int = 0) -> Any:
        raise KeyError("banana")  # what a misread parameter used to raise from deep inside a generator

    monkeypatch.setattr(dldrill.questions, "present", broken)
    assert main(["bank", "show", "gp-ok", "--seed", "1", "--bank", str(bank)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["dldrill bank show: error: gp-ok seed 1: KeyError: 'banana' (see dldrill bank validate)"]
    assert main(["bank", "stress", "gp-ok", "--runs", "2", "--bank", str(bank), "--json"]) == 1
    assert "KeyError: 'banana'" in capsys.readouterr().out
