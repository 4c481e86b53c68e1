"""A file with planted mistakes: every one is reported, on the line it was planted on, in one run."""

from __future__ import annotations

import pytest
from bank_fixtures import FIXTURES, TOY_GENERATORS

from dldrill.bank.load import load_files
from dldrill.cli import main

PLANTED = FIXTURES / "planted"
GOOD = FIXTURES / "good"

#: (file, line, marker on that line, fragment of the message) — the lines were planted by hand
EXPECTED = [
    ("broken_syntax.yaml", 5, "yaml-syntax", "YAML syntax error"),
    ("list_top.yaml", 1, "top-level-list", "top level is a list"),
    ("mistakes.yaml", 3, "top-level-key", "unknown top-level key `meta`"),
    ("mistakes.yaml", 13, "unknown-key", "[pl-unknown-key] hint: unknown key `hint`"),
    ("mistakes.yaml", 28, "answer-range", "[pl-answer-range] answer: answer index 2 is out of range"),
    ("mistakes.yaml", 42, "duplicate-choice", "choices[2].text.ja: duplicated ja text"),
    ("mistakes.yaml", 53, "missing-language", "prompt.en: missing en text"),
    ("mistakes.yaml", 61, "unknown-syllabus", "unknown syllabus code 'T99'"),
    ("mistakes.yaml", 74, "unknown-generator", "unknown generator 'conv9d'"),
    ("mistakes.yaml", 85, "blanks-mismatch", "prompt.en: en prompt placeholders do not match the 2 blank(s)"),
    ("mistakes.yaml", 100, "missing-why", "choices[1]: choice 1 is not a key and has no `why`"),
    ("mistakes.yaml", 104, "duplicate-id-in-file", "[pl-unknown-key] duplicate id: already defined at"),
    ("mistakes.yaml", 114, "duplicate-id-across-files", "[fx-single-padding] duplicate id: already defined at"),
    ("mistakes.yaml", 132, "duplicate-key", "duplicate key `answer` (first at line 131)"),
    ("mistakes.yaml", 136, "unknown-type", "unknown question type 'singel'"),
    ("mistakes.yaml", 149, "ordering-short", "items: needs at least 3 item(s), has 2"),
    ("mistakes.yaml", 165, "tolerance-rounding", "rounding applies to sigfigs/decimals"),
    ("mistakes.yaml", 176, "empty-text", "prompt.en: text is empty"),
    ("mistakes.yaml", 182, "exam-mismatch", "exam: syllabus E3-1-4 belongs to exam E"),
    ("mistakes.yaml", 190, "bad-id", "[Bad_Id] id: id 'Bad_Id' must be a lowercase ASCII slug"),
    ("mistakes.yaml", 200, "not-a-mapping", "[questions[17]] a question is a mapping"),
    ("mistakes.yaml", 209, "numeric-word", "answer: 'three' is not a number"),
    ("mistakes.yaml", 222, "multiple-range", "answer[2]: answer index 5 is out of range"),
    ("mistakes.yaml", 235, "generator-param", "params.dilation: generator toy_conv takes no parameter 'dilation'"),
    ("mistakes.yaml", 248, "blank-choice-range", "blanks[0].answer: answer index 3 is out of range"),
    ("mistakes.yaml", 257, "question-mark", "unquoted `?`"),
    # one question, mistakes of four kinds: two field errors and two cross-field rules (which used to stay hidden
    # behind the field errors until the next run)
    ("mistakes.yaml", 271, "several-missing-key", "[pl-several-kinds] explanation: missing required key"),
    ("mistakes.yaml", 273, "several-exam", "[pl-several-kinds] exam: exam lists E but no syllabus code belongs to E"),
    ("mistakes.yaml", 280, "several-missing-why", "[pl-several-kinds] choices[1]: choice 1 is not a key and has no"),
    ("mistakes.yaml", 282, "several-misspelt-key", "unknown key `explaination` (did you mean `explanation`?)"),
    ("mistakes.yaml", 289, "cloze-difficulty", "[pl-cloze-several] difficulty: must be ≤ 3, got 7"),
    ("mistakes.yaml", 290, "cloze-placeholders", "prompt.en: en prompt placeholders do not match the 2 blank(s): "
                                                 "missing {{2}}"),
]


def load_planted() -> object:
    return load_files([GOOD, PLANTED], generators=TOY_GENERATORS, use_cache=False)


@pytest.mark.parametrize(("name", "line", "marker", "fragment"), EXPECTED)
def test_fixture_marks_the_planted_line(name: str, line: int, marker: str, fragment: str) -> None:
    """Guards the table: editing the fixture without updating the line numbers fails here first."""
    assert f"# PLANT {marker}" in (PLANTED / name).read_text(encoding="utf-8").splitlines()[line - 1]


def test_every_planted_mistake_is_reported_on_its_line_in_one_run() -> None:
    bank = load_planted()
    reported = [(p.path.rsplit("/", 1)[-1], p.line, str(p)) for p in bank.problems]  # type: ignore[attr-defined]
    for name, line, marker, fragment in EXPECTED:
        hits = [text for file, at, text in reported if file == name and at == line]
        assert hits, f"{marker}: nothing reported at {name}:{line}; got {reported}"
        assert any(fragment in text for text in hits), f"{marker}: {hits}"
    # nothing reported that was not planted: one problem per planted line
    assert sorted((file, at) for file, at, _ in reported) == sorted((name, line) for name, line, _, _ in EXPECTED)


def test_problem_lines_have_the_path_line_col_id_format() -> None:
    bank = load_planted()
    for problem in bank.problems:  # type: ignore[attr-defined]
        path, line, col, rest = str(problem).split(":", 3)
        assert path.endswith(".yaml") and int(line) >= 1 and int(col) >= 1
        assert rest.startswith(" [") and "] " in rest


def test_valid_questions_survive_next_to_broken_ones() -> None:
    bank = load_planted()
    ids = [q.id for q in bank.questions]  # type: ignore[attr-defined]
    assert "pl-valid-survivor" in ids
    # the first pl-unknown-key is broken, so its valid namesake further down is kept (and reported as duplicate)
    assert ids.count("pl-unknown-key") == 1
    assert bank.locations["pl-unknown-key"].line == 104  # type: ignore[attr-defined]
    # every good question is kept, and the duplicate in the planted file does not replace the original
    assert ids[:9] == [
        "fx-single-padding", "fx-multiple-ensembles", "fx-truefalse-relu", "fx-cloze-lstm", "fx-ordering-finetune",
        "fx-numeric-f1", "fx-numeric-units", "fx-free-skip", "fx-generated-conv"]
    assert bank.get("fx-single-padding").type == "single"  # type: ignore[attr-defined]


def test_cli_validate_prints_every_problem_and_a_count(
        capsys: pytest.CaptureFixture[str], toy_generators: object, no_builtin_bank: None) -> None:
    status = main(["bank", "validate", str(GOOD), str(PLANTED), "--no-cache"])
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if ".yaml:" in line]
    assert status == 1
    assert len(lines) == len(EXPECTED)
    assert f"{len(EXPECTED)} problem(s)" in out


def test_cli_validate_of_a_clean_file_exits_0(
        capsys: pytest.CaptureFixture[str], toy_generators: object, no_builtin_bank: None) -> None:
    assert main(["bank", "validate", str(GOOD)]) == 0
    assert "9 question(s) checked" in capsys.readouterr().out


def test_validate_paths_still_catches_ids_taken_by_the_bank(
        capsys: pytest.CaptureFixture[str], toy_generators: object, tmp_path: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate FILE` checks FILE alone but reports an id that clashes with the rest of the bank."""
    from pathlib import Path

    from dldrill.bank import load

    monkeypatch.setattr(load, "builtin_bank_dir", lambda: GOOD)
    mine = Path(str(tmp_path)) / "mine.yaml"
    text = (GOOD / "all_types.yaml").read_text(encoding="utf-8")
    mine.write_text(text.replace("fx-free-skip", "mine-free-skip"), encoding="utf-8")
    assert main(["bank", "validate", str(mine)]) == 1
    out = capsys.readouterr().out
    assert "mine.yaml:4:5: [fx-single-padding] duplicate id: also defined at" in out
    assert "mine-free-skip" not in out
    assert out.count("duplicate id") == 8  # every id but the renamed one; the bank's own file is not re-reported
