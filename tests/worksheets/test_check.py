"""``dldrill check``: answer files, grading with the app's grader, steps for wrong answers, and the progress store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ws_helpers import FIXTURE_BANK, right_answer, wrong_answer

from dldrill.cli import main
from dldrill.study.store import Store
from dldrill.worksheets.check import grade_answers, parse_answer_file, record, summary
from dldrill.worksheets.errors import WorksheetError


def _answer_file(sheet: Any, pick: Any) -> str:
    return "\n".join(f"{item.number}: {pick(item.presented)}" for item in sheet.items) + "\n"


def test_parse_answer_file() -> None:
    text = "# my answers\n1: b\n2. 3/4\n問3：○\n\nQ4) 1 2; 3 4\n5:\n"
    assert parse_answer_file(text, 5) == {1: "b", 2: "3/4", 3: "○", 4: "1 2; 3 4"}
    for bad in ("1: a\n1: b", "9: a", "just words"):
        with pytest.raises(WorksheetError):
            parse_answer_file(bad, 5)


def test_perfect_answers_score_full_marks(full_sheet: Any) -> None:
    checked, problems = grade_answers(full_sheet, parse_answer_file(_answer_file(full_sheet, right_answer), 11))
    assert problems == []
    assert all(c.grade.correct for c in checked), [(c.item.presented.id, c.grade.feedback) for c in checked
                                                    if not c.grade.correct]
    assert summary(checked) == {"total": 11, "correct": 11, "blank": 0, "score": 11.0, "percent": 100.0}


def test_wrong_answers_are_wrong(full_sheet: Any) -> None:
    checked, problems = grade_answers(full_sheet, parse_answer_file(_answer_file(full_sheet, wrong_answer), 11))
    assert problems == []
    assert not any(c.grade.correct for c in checked)


def test_unreadable_answer_is_a_format_problem_not_a_wrong_answer(full_sheet: Any) -> None:
    number = next(i.number for i in full_sheet.items if i.presented.kind == "number")
    checked, problems = grade_answers(full_sheet, {number: "twelve-ish"})
    assert [p.number for p in problems] == [number]
    assert all(c.grade is None for c in checked)


def test_record_counts_in_store(full_sheet: Any, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.db")
    answers = {i.number: right_answer(i.presented) for i in full_sheet.items[:4]}
    checked, _ = grade_answers(full_sheet, answers)
    session = record(full_sheet, checked, store)
    rows = store.attempts()
    assert [r["question_id"] for r in rows] == [i.presented.id for i in full_sheet.items[:4]]
    assert {r["mode"] for r in rows} == {"worksheet"} and {r["session_id"] for r in rows} == {session}
    assert [r["seed"] for r in rows] == [i.presented.seed for i in full_sheet.items[:4]]
    assert store.due_cards(until="9999") != []  # reviews were scheduled
    sessions = store.sessions("worksheet")
    assert json.loads(sessions[0]["data"])["code"] == full_sheet.code


# -- through the command line -------------------------------------------------------------------------------
def _make_sheet(tmp_path: Path, capsys: Any, *extra: str) -> str:
    out = tmp_path / "sheet.md"
    status = main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "11", "--seed", "5",
                   "--format", "md", "-o", str(out), "--lang", "ja", *extra])
    assert status == 0
    err = capsys.readouterr().err
    return err.split()[0]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DLDRILL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _sheet_for(code: str) -> Any:
    from dldrill.bank.load import load_bank
    from dldrill.worksheets.build import sheet_from_code

    return sheet_from_code(load_bank([FIXTURE_BANK]).questions, code)


def test_cli_round_trip_perfect(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    answers = tmp_path / "answers.txt"
    answers.write_text(_answer_file(sheet, right_answer), encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--json", "--bank", str(FIXTURE_BANK)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["percent"] == 100.0 and result["correct"] == 11
    store = Store.open(home / "progress.db")
    assert len(store.attempts()) == 11


def test_cli_wrong_answers_get_steps_and_are_recorded(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    answers = tmp_path / "answers.txt"
    answers.write_text(_answer_file(sheet, wrong_answer), encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--json", "--bank", str(FIXTURE_BANK)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["correct"] == 0
    for item in result["items"]:
        assert item["correct"] is False
        if item["id"].startswith("ws-gen"):
            assert item["steps"], item["id"]  # computational: every worked step
            assert any(step["substituted"] for step in item["steps"])
        else:
            assert item["explanation"]["ja"] and item["explanation"]["en"], item["id"]
    rows = Store.open(home / "progress.db").attempts()
    assert len(rows) == 11 and not any(r["correct"] for r in rows)


def test_cli_text_report_shows_steps_for_wrong_answers(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    generated = next(i for i in sheet.items if i.presented.id == "ws-gen-output-size")
    answers = tmp_path / "answers.txt"
    answers.write_text(f"{generated.number}: {wrong_answer(generated.presented)}\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--lang", "ja", "--bank", str(FIXTURE_BANK)]) == 0
    out = capsys.readouterr().out
    assert "途中式" in out and "⌊" in out  # the output-size formula, worked
    assert "未回答" in out  # the other ten were left blank
    assert len(Store.open(home / "progress.db").attempts()) == 1


def test_cli_format_error_records_nothing(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    number = next(i.number for i in sheet.items if i.presented.kind == "number")
    answers = tmp_path / "answers.txt"
    answers.write_text(f"1: {right_answer(sheet.items[0].presented)}\n{number}: lots\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--bank", str(FIXTURE_BANK)]) == 2
    err = capsys.readouterr().err
    assert "数値で答えてください" in err and "nothing was recorded" in err
    assert Store.open(home / "progress.db").attempts() == []


def test_cli_interactive(tmp_path: Path, capsys: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    first = sheet.items[0].presented
    # question 1: unreadable (asked again, costs nothing), then right; question 2 left blank; then end of input
    lines = ["???", right_answer(first), ""]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["check", code, "--json", "--bank", str(FIXTURE_BANK)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["correct"] == 1 and result["blank"] == 10
    assert len(Store.open(home / "progress.db").attempts()) == 1
    assert "???" not in [item["answer"] for item in result["items"]]


def test_cli_bad_code(capsys: Any, home: Path) -> None:
    assert main(["check", "NOT-A-CODE", "--bank", str(FIXTURE_BANK)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "コード" in err and "code" in err


def test_cli_english_report(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    answers = tmp_path / "answers.txt"
    answers.write_text(_answer_file(sheet, right_answer), encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--lang", "en", "--bank", str(FIXTURE_BANK)]) == 0
    out = capsys.readouterr().out
    assert "Score: 11 / 11 (100%)" in out and "saved" in out


def test_cli_code_from_changed_bank_is_refused(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    changed = tmp_path / "changed-bank"
    changed.mkdir()
    text = (FIXTURE_BANK / "sheet_bank.yaml").read_text(encoding="utf-8").replace("answer: 15", "answer: 16")
    (changed / "sheet_bank.yaml").write_text(text, encoding="utf-8")
    answers = tmp_path / "answers.txt"
    answers.write_text("1: a\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--bank", str(changed)]) == 2
    err = capsys.readouterr().err
    assert "問題バンクが変わっています" in err and "has changed" in err
    assert not (home / "progress.db").exists() or Store.open(home / "progress.db").attempts() == []


# -- repeated checks, blanks, long input, prompts ----------------------------------------------------------------
def test_cli_second_check_of_a_code_is_graded_but_not_recorded(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    answers = tmp_path / "answers.txt"
    answers.write_text(_answer_file(sheet, right_answer), encoding="utf-8")
    argv = ["check", code, "--answers", str(answers), "--json", "--bank", str(FIXTURE_BANK)]
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["recorded"] is True and first["session_id"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    again = json.loads(captured.out)
    assert again["recorded"] is False and again["session_id"] is None
    assert again["percent"] == 100.0 and again["items"] == first["items"]  # still graded in full
    assert "--record-again" in captured.err
    assert len(Store.open(home / "progress.db").attempts()) == 11
    assert main([*argv, "--record-again"]) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] is True
    assert len(Store.open(home / "progress.db").attempts()) == 22


def test_cli_text_report_says_already_recorded(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    answers = tmp_path / "answers.txt"
    answers.write_text(f"1: {right_answer(_sheet_for(code).items[0].presented)}\n", encoding="utf-8")
    argv = ["check", code, "--answers", str(answers), "--lang", "en", "--bank", str(FIXTURE_BANK)]
    assert main(argv) == 0 and "saved" in capsys.readouterr().out
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "already recorded" in out and "saved" not in out
    assert len(Store.open(home / "progress.db").attempts()) == 1


def test_cli_all_blank_sheet_records_nothing(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    answers = tmp_path / "answers.txt"
    answers.write_text("# nothing answered\n1:\n2:\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--json", "--bank", str(FIXTURE_BANK)]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["blank"] == 11 and result["recorded"] is False and result["session_id"] is None
    assert "空欄" in captured.err
    store = Store.open(home / "progress.db")
    assert store.attempts() == [] and store.sessions("worksheet") == []
    # and a later real check of the same sheet is still recorded
    answers.write_text(f"1: {right_answer(_sheet_for(code).items[0].presented)}\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--json", "--bank", str(FIXTURE_BANK)]) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] is True


def test_cli_huge_answer_is_not_echoed_whole(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    number = next(i.number for i in sheet.items if i.presented.kind == "number")
    answers = tmp_path / "answers.txt"
    answers.write_text(f"{number}: " + "9x" * 100_000 + "\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--bank", str(FIXTURE_BANK)]) == 2
    err = capsys.readouterr().err
    assert len(err) < 1000 and "9x9x" in err and "…" in err


def test_cli_huge_line_in_answer_file_is_not_echoed_whole(tmp_path: Path, capsys: Any, home: Path) -> None:
    code = _make_sheet(tmp_path, capsys)
    answers = tmp_path / "answers.txt"
    answers.write_text("words " * 50_000 + "\n", encoding="utf-8")
    assert main(["check", code, "--answers", str(answers), "--bank", str(FIXTURE_BANK)]) == 2
    err = capsys.readouterr().err
    assert len(err) < 1000 and err.count("\n") == 1


def test_cli_interactive_prompt_has_no_empty_parentheses(tmp_path: Path, capsys: Any, home: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from dldrill.worksheets.answers import answer_hint

    code = _make_sheet(tmp_path, capsys)
    sheet = _sheet_for(code)
    without_hint = [i.number for i in sheet.items if i.presented.kind != "free" and not answer_hint(i.presented, "ja")]
    assert without_hint  # the fixture sheet has a question with no format hint
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" * len(sheet.items)))
    assert main(["check", code, "--json", "--bank", str(FIXTURE_BANK), "--lang", "ja"]) == 0
    err = capsys.readouterr().err
    assert "()" not in err
    for number in without_hint:
        assert f"問 {number}: " in err
