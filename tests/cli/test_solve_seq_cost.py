"""`dldrill solve ctc | attention | attention-params | cost` through the CLI: JSON shape and one-line errors."""

from __future__ import annotations

import json

import pytest

from dldrill.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["solve", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ctc_forward_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ctc", "--label", "ab", "--alphabet=-ab", "--probs",
                   "[[0.5,0.3,0.2],[0.2,0.6,0.2],[0.3,0.1,0.6]]")
    assert out["problem"] == "ctc"
    assert out["answer"]["probability"] == pytest.approx(0.378)
    assert out["exact"]["probability"] == "189/500"
    assert all({"ja", "en"} <= set(step["text"]) for step in out["steps"])


def test_ctc_collapse_and_alignments(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "ctc", "--collapse", "aa-ab-")["answer"] == "aab"
    assert run_json(capsys, "ctc", "--label", "ab", "--frames", "3")["answer"] == 5


def test_attention_params_and_cost(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "attention-params", "--d-model", "512", "--heads", "8")
    assert out["answer"]["total"] == 4 * (512 * 512 + 512)
    assert run_json(capsys, "cost", "--kind", "receptive-field", "--layers", "3,1;3,1;3,1")["answer"] == 7
    out = run_json(capsys, "attention", "--q", "[[1,0]]", "--k", "[[1,0],[0,1]]", "--v", "[[1],[0]]")
    assert 0 < out["answer"]["output"][0][0] < 1


@pytest.mark.parametrize("argv", [
    ["ctc", "--label", "ab", "--alphabet=-ab", "--probs", "[[0.5,0.3,0.3]]"],
    ["ctc", "--label", "ab", "--alphabet=-ab", "--probs", "[[0.5,0.3],[1]]"],
    ["ctc", "--label", "aa", "--frames", "2"],
    ["attention", "--q", "[[1,0]]", "--k", "[[1,0,0]]", "--v", "[[1]]"],
    ["attention", "--q", "not json", "--k", "[[1]]", "--v", "[[1]]"],
    ["attention-params", "--d-model", "10", "--heads", "3"],
    ["cost", "--kind", "receptive-field", "--layers", "3,0"],
    ["cost", "--kind", "conv-macs", "--input", "4,4", "--filters", "2", "--kernel", "3"],
])
def test_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(["solve", *argv]) == 2 or False
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
