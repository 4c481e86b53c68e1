"""`dldrill bank …` commands: help stays light, stats/list/show/schema output, errors in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
import yaml
from bank_fixtures import FIXTURES, REPO

from dldrill.cli import main

GOOD = FIXTURES / "good"
COVERAGE = FIXTURES / "coverage"


@pytest.fixture(autouse=True)
def fixture_banks_only(no_builtin_bank: None, toy_generators: object) -> None:
    """Every command here sees only the banks passed with --bank."""


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_bank_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, json, contextlib, io\n"
        "from dldrill.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['bank', '--help'])\n"
        "    except SystemExit: pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in json.loads(out)}
    assert not loaded & {"pydantic", "yaml", "rich", "numpy", "sympy", "textual"}


def test_stats_counts_match_an_independent_count(capsys: pytest.CaptureFixture[str]) -> None:
    stats = run_json(capsys, "bank", "stats", "--bank", str(GOOD))
    raw = yaml.safe_load((GOOD / "all_types.yaml").read_text(encoding="utf-8"))["questions"]
    assert stats["questions"] == len(raw) == 9
    assert stats["by_type"] == dict(Counter(q["type"] for q in raw))
    assert stats["by_difficulty"] == {str(d): sum(q["difficulty"] == d for q in raw) for d in (1, 2, 3)}
    assert stats["by_exam"] == {"G": sum("G" in q["exam"] for q in raw), "E": sum("E" in q["exam"] for q in raw),
                                "both": sum(len(q["exam"]) == 2 for q in raw)}
    expected_syllabus = Counter(code for q in raw for code in q["syllabus"])
    assert {code: n for code, n in stats["by_syllabus"].items() if n} == dict(expected_syllabus)
    assert len(stats["by_syllabus"]) == 128  # every item is listed, zeros included
    assert stats["not_single_share"] == round(8 / 9, 4)


def test_stats_keyword_coverage_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    stats = run_json(capsys, "bank", "stats", "--bank", str(COVERAGE))
    t08 = stats["coverage"]["items"]["T08"]
    # PCA → 主成分分析(PCA); 樹形図 → デンドログラム(樹形図); "k-means" is not "k-means法"
    assert t08["keywords_found"] == ["t-SNE", "クラスタリング", "次元削減", "主成分分析(PCA)", "デンドログラム(樹形図)"]
    assert t08["questions"] == 1 and t08["minimum"] == 3
    assert stats["coverage"]["items"]["T29"]["keywords_found"] == []  # "support" does not mention PPO
    assert stats["coverage"]["items"]["T24"]["keywords_found"] == ["次元削減"]  # a keyword of two items
    assert stats["coverage"]["g_keywords_found"] == 6
    g_total = sum(len(item["keywords_found"]) + len(item["keywords_missing"])
                  for item in stats["coverage"]["items"].values() if item["exam"] == "G")
    assert stats["coverage"]["g_keywords_total"] == g_total
    assert stats["coverage"]["g_keyword_coverage"] == round(6 / g_total, 4)
    below = {b["code"] for b in stats["coverage"]["below_minimum"]}
    assert "T08" in below and "E1-1-1" not in below and "E1-1-2" in below  # [opt] items have no minimum


def test_stats_table_renders(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stats", "--bank", str(COVERAGE), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "G keywords" in out and "T08" in out and "below their minimum" in out


@pytest.mark.parametrize(("options", "expected"), [
    (["--syllabus", "T18"], ["fx-single-padding", "fx-generated-conv"]),
    (["--syllabus", "t1"], []),                               # T01: no fixture question, and never T10…T18
    (["--syllabus", "T10"], ["fx-numeric-f1"]),
    (["--syllabus", "E3-4"], ["fx-single-padding", "fx-generated-conv"]),
    (["--syllabus", "E2"], ["fx-numeric-f1"]),
    (["--topic", "LSTM"], ["fx-cloze-lstm"]),
    (["--search", "パディング"], ["fx-single-padding"]),
    (["--search", "bagging"], ["fx-multiple-ensembles"]),
    (["--search", "FX-FREE"], ["fx-free-skip"]),
    (["--type", "numeric"], ["fx-numeric-f1", "fx-numeric-units"]),
    (["--syllabus", "T18", "--search", "zero"], ["fx-single-padding"]),
])
def test_list_filters(capsys: pytest.CaptureFixture[str], options: list[str], expected: list[str]) -> None:
    rows = run_json(capsys, "bank", "list", "--bank", str(GOOD), *options)
    assert [row["id"] for row in rows] == expected


def test_list_json_keeps_japanese_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "list", "--bank", str(GOOD), "--syllabus", "T12", "--json"]) == 0
    out = capsys.readouterr().out
    assert "ReLUは負の入力" in out and "\\u" not in out


def test_list_table_aligns_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "list", "--bank", str(GOOD), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "問題文" in out and "fx-ordering-finetune" in out
    from rich.cells import cell_len

    widths = {cell_len(line) for line in out.splitlines() if line.startswith(("┃", "│"))}
    assert len(widths) == 1, "every table row has the same display width"


def test_list_unknown_syllabus_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "list", "--bank", str(GOOD), "--syllabus", "T99"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "T99" in err


def test_show_renders_labels_answer_explanation_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "fx-single-padding", "--bank", str(GOOD), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for fragment in ["What is zero padding mainly for?", "a) To keep the output size", "d) As an activation function",
                     "Answer: a", "Filling the border with zeros", "b) ✗ The number of weights does not change.",
                     "Goodfellow", "all_types.yaml:4:5"]:
        assert fragment in out, fragment


@pytest.mark.parametrize(("qid", "fragments"), [
    ("fx-multiple-ensembles", ["正解: a, c", "c) ブースティング"]),
    ("fx-truefalse-relu", ["正解: 正しい (○)"]),
    ("fx-cloze-lstm", ["{{1}} 忘却", "別解: 忘却ゲート, forget gate", "{{2}} 出力"]),
    ("fx-ordering-finetune", ["1. 事前学習済みモデルを読み込む", "3. 新しい層を学習する"]),
    ("fx-numeric-f1", ["正解: 2/3", "小数第3位を四捨五入"]),
    ("fx-numeric-units", ["正解: 8 個", "厳密一致"]),
    ("fx-free-skip", ["模範解答", "• 恒等写像に触れている"]),
    ("fx-generated-conv", ["生成器: toy_conv", '"size": [4, 6]']),
])
def test_show_each_type_in_japanese(capsys: pytest.CaptureFixture[str], qid: str, fragments: list[str]) -> None:
    assert main(["bank", "show", qid, "--bank", str(GOOD), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    for fragment in fragments:
        assert fragment in out, fragment


def test_show_generated_with_unknown_generator_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "fx-generated-conv", "--seed", "7", "--bank", str(GOOD), "--lang", "en"]) == 0
    assert "is not part of this version of dldrill" in capsys.readouterr().err


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "bank", "show", "fx-cloze-lstm", "--bank", str(GOOD))
    assert data["blanks"][0]["accept"] == ["忘却ゲート", "forget gate"]
    assert data["source"].endswith("all_types.yaml:52:5")


def test_show_unknown_id_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "fx-single-paddin", "--bank", str(GOOD)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'fx-single-padding'" in err


def test_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((REPO / "src" / "dldrill" / "bank" / "question.schema.json").read_text(encoding="utf-8"))
    assert printed == committed


def test_missing_action_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["bank"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
