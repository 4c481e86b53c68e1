"""`dldrill bank show ID --seed S` draws a generated variant; `dldrill bank stress ID` runs many seeds.

The bank is a small file written here (the built-in content changes over time); a template with every
parameter fixed has a key worked by hand: TP 40, FP 10, FN 20, TN 30 → precision 40/50 = 0.8.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dldrill.cli import main

BANK = """\
questions:
- id: t-precision-fixed
  type: generated
  generator: confusion_metrics
  form: choice
  exam: [G]
  syllabus: [T10]
  topics: [evaluation]
  difficulty: 1
  params: {tp: 40, fp: 10, fn: 20, tn: 30, unit: 1, metric: precision, layout: matrix}
- id: t-precision-input
  type: generated
  generator: confusion_metrics
  form: input
  exam: [G]
  syllabus: [T10]
  topics: [evaluation]
  difficulty: 1
  params: {tp: 40, fp: 10, fn: 20, tn: 30, unit: 1, metric: precision, layout: counts}
- id: t-iou-varied
  type: generated
  generator: iou_boxes
  form: choice
  exam: [E]
  syllabus: [E2-1-12]
  topics: [evaluation]
  difficulty: 1
- id: t-roc-impossible
  type: generated
  generator: roc_auc_small
  form: input
  exam: [E]
  syllabus: [E2-1-12]
  topics: [evaluation]
  difficulty: 1
  params: {samples: 2, positives: 2}
- id: t-static
  type: truefalse
  exam: [G]
  syllabus: [T10]
  topics: [evaluation]
  difficulty: 1
  prompt: {ja: 適合率は TP/(TP+FP) である。, en: Precision is TP/(TP+FP).}
  answer: true
  explanation: {ja: 正しい。, en: True.}
"""


@pytest.fixture
def bank(tmp_path: Path, no_builtin_bank: None) -> str:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "generated.yaml").write_text(BANK, encoding="utf-8")
    return str(folder)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0) -> Any:
    assert main([*argv, "--json"]) == status
    return json.loads(capsys.readouterr().out)


def test_show_seed_json_has_params_prompt_choices_answer_steps(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "bank", "show", "t-precision-fixed", "--seed", "5", "--bank", bank)
    assert data["params"] == {"tp": 40, "fp": 10, "fn": 20, "tn": 30, "metric": "precision", "layout": "matrix"}
    assert "適合率" in data["prompt"]["ja"] and "precision" in data["prompt"]["en"]
    texts = [c["text"] for c in data["choices"]]
    assert len(texts) == 4 and len(set(texts)) == 4
    assert data["answer"] == pytest.approx(0.8)  # 40 / (40 + 10)
    assert texts[data["key_index"]] == "0.800" and data["choices"][data["key_index"]]["correct"]
    assert "0.667" in texts  # recall 40/60: the precision/recall swap
    assert data["answer_shown"] == "abcd"[data["key_index"]]
    assert data["steps"] and data["seed"] == 5


def test_show_seed_is_deterministic_and_seeds_differ(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, "bank", "show", "t-iou-varied", "--seed", "3", "--bank", bank)
    again = run_json(capsys, "bank", "show", "t-iou-varied", "--seed", "3", "--bank", bank)
    assert first == again
    others = [run_json(capsys, "bank", "show", "t-iou-varied", "--seed", str(s), "--bank", bank)["params"] for s in range(4, 9)]
    assert any(p != first["params"] for p in others)


def test_show_seed_renders_prompt_key_and_steps(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "t-precision-input", "--seed", "1", "--bank", bank, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for fragment in ["Of the 60 actual positives it predicts 40", "Answer: 0.800", "Steps", "TP / (TP + FP)"]:
        assert fragment in out, fragment
    assert main(["bank", "show", "t-precision-fixed", "--seed", "1", "--bank", bank, "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    for fragment in ["混同行列", "正解:", "[precision-recall-swapped]", "途中式"]:
        assert fragment in out, fragment


def test_static_question_ignores_seed_with_a_note(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "t-static", "--seed", "9", "--bank", bank, "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "Precision is TP/(TP+FP)." in captured.out
    assert "--seed is ignored" in captured.err and captured.err.count("\n") == 1


@pytest.mark.parametrize("seed", ["-3", "abc", "1.5", str(2**63)])
def test_bad_seed_is_one_line_exit_2(bank: str, capsys: pytest.CaptureFixture[str], seed: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["bank", "show", "t-precision-fixed", f"--seed={seed}", "--bank", bank])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "seed" in err


def test_variant_that_cannot_be_drawn_is_one_line_exit_2(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "t-roc-impossible", "--seed", "0", "--bank", bank]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "t-roc-impossible" in err and "Traceback" not in err


def test_stress_json_reports_runs_time_answers_and_positions(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "bank", "stress", "t-precision-fixed", "--runs", "40", "--bank", bank)
    assert report["runs"] == 40 and report["errors"] == []
    # every parameter is fixed, so every seed has the same key 0.8; only its position moves
    assert report["answers"] == {"distinct": 1, "min": pytest.approx(0.8), "max": pytest.approx(0.8)}
    assert sum(report["key_positions"].values()) == 40 and set(report["key_positions"]) == set("abcd")
    assert sum(1 for n in report["key_positions"].values() if n) >= 3
    assert 0 < report["time_ms"]["mean"] <= report["time_ms"]["max"]
    assert sum(report["distractor_tags"].values()) == 3 * 40


def test_stress_input_form_has_no_key_positions(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "bank", "stress", "t-precision-input", "--runs", "5", "--bank", bank)
    assert report["errors"] == [] and "key_positions" not in report


def test_stress_reports_each_failing_seed_and_exits_1(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "bank", "stress", "t-roc-impossible", "--runs", "3", "--bank", bank, status=1)
    assert [e["seed"] for e in report["errors"]] == [0, 1, 2]
    assert all("no valid parameters" in e["error"] for e in report["errors"])


def test_stress_text_output(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stress", "t-iou-varied", "--runs", "20", "--bank", bank, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for fragment in ["Runs", "20", "Errors", "Time per variant", "Answer range", "Key position", "a:", "d:"]:
        assert fragment in out, fragment


def test_stress_static_or_unknown_is_one_line_exit_2(bank: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stress", "t-static", "--bank", bank]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "static" in err
    assert main(["bank", "stress", "t-precision-fixd", "--bank", bank]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 't-precision-fixed'" in err
    with pytest.raises(SystemExit) as caught:
        main(["bank", "stress", "t-iou-varied", "--runs", "0", "--bank", bank])
    assert caught.value.code == 2
