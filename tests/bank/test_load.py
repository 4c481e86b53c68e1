"""Loader: merging banks, keeping valid questions beside broken ones, duplicates, and the content cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bank_fixtures import FIXTURES, REPO, TOY_GENERATORS

from dldrill.bank import load
from dldrill.bank.load import builtin_bank_dir, extra_bank_dirs, load_bank, load_files, validate_bytes

GOOD_FILE = FIXTURES / "good" / "all_types.yaml"

TRUEFALSE = """\
  - id: {id}
    type: truefalse
    exam: [G]
    syllabus: [T12]
    topics: [activation]
    difficulty: 1
    prompt: {{ja: 文, en: statement}}
    answer: true
    explanation: {{ja: 説明, en: explanation}}
"""


def bank_text(*ids: str) -> str:
    return "questions:\n" + "".join(TRUEFALSE.format(id=i) for i in ids)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_user_bank_next_to_a_good_one_keeps_the_good_questions(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "a_broken.yaml", "questions:\n  - id: x\n    prompt: {ja: [\n")
    write(user, "b_half.yaml", bank_text("user-ok-1") + "  - id: user-bad\n    type: truefalse\n"
          + bank_text("user-ok-2").removeprefix("questions:\n"))
    bank = load_files([FIXTURES / "good", user], generators=TOY_GENERATORS, use_cache=False)
    ids = {q.id for q in bank.questions}
    assert {"fx-single-padding", "fx-generated-conv", "user-ok-1", "user-ok-2"} <= ids
    assert "user-bad" not in ids
    assert {p.path.rsplit("/", 1)[-1] for p in bank.problems} == {"a_broken.yaml", "b_half.yaml"}
    assert all(p.qid == "user-bad" for p in bank.problems if p.path.endswith("b_half.yaml"))


def test_duplicate_id_across_two_files_reports_the_second(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", bank_text("dup-id", "only-a"))
    write(tmp_path, "b.yaml", bank_text("only-b", "dup-id"))
    bank = load_files([tmp_path], use_cache=False)
    assert [q.id for q in bank.questions] == ["dup-id", "only-a", "only-b"]
    [problem] = bank.problems
    assert (problem.path.rsplit("/", 1)[-1], problem.line, problem.qid) == ("b.yaml", 11, "dup-id")
    assert problem.message.startswith("duplicate id: already defined at") and "a.yaml:2:5" in problem.message
    assert bank.locations["dup-id"].path.endswith("a.yaml")


def test_extra_banks_from_option_and_environment_merge_with_the_builtin(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "builtin_bank_dir", lambda: FIXTURES / "good")
    first, second = tmp_path / "one", tmp_path / "two"
    write(first, "x.yaml", bank_text("from-option"))
    write(second, "y.yml", bank_text("from-env"))
    environ = {"DLDRILL_BANKS": os.pathsep.join([str(second), ""]), "DLDRILL_CACHE": "off"}
    bank = load_bank([str(first)], environ=environ, generators=TOY_GENERATORS)
    ids = [q.id for q in bank.questions]
    assert ids[0] == "fx-single-padding" and ids[-2:] == ["from-option", "from-env"]
    assert not bank.problems
    assert extra_bank_dirs(["~/b"], {"DLDRILL_BANKS": f"/x{os.pathsep}/y"}) == [
        Path("~/b").expanduser(), Path("/x"), Path("/y")]


def test_missing_extra_bank_is_reported_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "builtin_bank_dir", lambda: None)
    bank = load_bank([str(tmp_path / "nowhere")], environ={"DLDRILL_CACHE": "off"})
    [problem] = bank.problems
    assert problem.message == "no such file or directory" and bank.questions == ()


def test_hidden_and_non_yaml_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path / ".git", "x.yaml", "not: a bank")
    write(tmp_path, "notes.txt", "questions: oops")
    write(tmp_path / "sub", "deep.yaml", bank_text("deep-one"))
    bank = load_files([tmp_path], use_cache=False)
    assert [q.id for q in bank.questions] == ["deep-one"] and not bank.problems


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("", 1, "empty file"),
    ("# only a comment\n", 1, "empty file"),
    ("questions: 3\n", 1, "`questions` must be a list"),
    ("qestions: []\n", 1, "unknown top-level key `qestions`"),
    ("- 1\n", 1, "top level is a list"),
])
def test_top_level_shape_problems(text: str, line: int, fragment: str) -> None:
    result = validate_bytes(text.encode())
    assert result.entries == ()
    assert any(p[0] == line and fragment in p[3] for p in result.problems), result.problems


def test_builtin_bank_is_found_in_the_checkout() -> None:
    assert builtin_bank_dir() == REPO / "question_bank"


class CountingValidator:
    def __init__(self) -> None:
        self.calls = 0
        self.real = load.validate_bytes

    def __call__(self, raw: bytes, generators: object = None) -> object:
        self.calls += 1
        return self.real(raw, generators)  # type: ignore[arg-type]


def test_cache_is_used_and_invalidated_when_a_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_root, bank_dir = tmp_path / "cache", tmp_path / "bank"
    write(bank_dir, "a.yaml", bank_text("cache-a"))
    path_b = write(bank_dir, "b.yaml", bank_text("cache-b"))
    environ = {"DLDRILL_CACHE": str(cache_root)}
    counter = CountingValidator()
    monkeypatch.setattr(load, "validate_bytes", counter)

    first = load_files([bank_dir], environ=environ)
    assert counter.calls == 2 and len(list((cache_root / "bank").glob("*.pickle"))) == 2
    second = load_files([bank_dir], environ=environ)
    assert counter.calls == 2, "unchanged files must come from the cache"
    assert second.questions == first.questions

    path_b.write_text(bank_text("cache-b-renamed"), encoding="utf-8")
    third = load_files([bank_dir], environ=environ)
    assert counter.calls == 3, "only the changed file is validated again"
    assert [q.id for q in third.questions] == ["cache-a", "cache-b-renamed"]


def test_cached_problems_are_reported_again(tmp_path: Path) -> None:
    write(tmp_path / "bank", "bad.yaml", "questions:\n  - id: only-id\n")
    environ = {"DLDRILL_CACHE": str(tmp_path / "cache")}
    first = load_files([tmp_path / "bank"], environ=environ)
    second = load_files([tmp_path / "bank"], environ=environ)
    assert first.problems == second.problems and first.problems


def test_cache_depends_on_the_generator_table(tmp_path: Path) -> None:
    write(tmp_path / "bank", "g.yaml", GOOD_FILE.read_text(encoding="utf-8"))
    environ = {"DLDRILL_CACHE": str(tmp_path / "cache")}
    with_toy = load_files([tmp_path / "bank"], environ=environ, generators=TOY_GENERATORS)
    without = load_files([tmp_path / "bank"], environ=environ, generators={})
    assert not with_toy.problems
    assert [p.qid for p in without.problems] == ["fx-generated-conv"]


def test_corrupt_cache_entries_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "bank", "a.yaml", bank_text("corrupt-a"))
    environ = {"DLDRILL_CACHE": str(tmp_path / "cache")}
    load_files([tmp_path / "bank"], environ=environ)
    [entry] = (tmp_path / "cache" / "bank").glob("*.pickle")
    entry.write_bytes(b"\x80\x05garbage")
    counter = CountingValidator()
    monkeypatch.setattr(load, "validate_bytes", counter)
    bank = load_files([tmp_path / "bank"], environ=environ)
    assert [q.id for q in bank.questions] == ["corrupt-a"] and counter.calls == 1
    assert not list((tmp_path / "cache" / "bank").glob(".tmp-*")), "no temporary files left behind"


def test_cache_can_be_switched_off(tmp_path: Path) -> None:
    write(tmp_path / "bank", "a.yaml", bank_text("off-a"))
    bank = load_files([tmp_path / "bank"], environ={"DLDRILL_CACHE": "off", "HOME": str(tmp_path)})
    assert [q.id for q in bank.questions] == ["off-a"]
    assert not (tmp_path / "bank" / "cache").exists()


def test_unreadable_cache_directory_does_not_break_loading(tmp_path: Path) -> None:
    blocker = write(tmp_path, "not-a-dir", "x")  # the cache "directory" is a file: writes fail quietly
    write(tmp_path / "bank", "a.yaml", bank_text("ro-a"))
    bank = load_files([tmp_path / "bank"], environ={"DLDRILL_CACHE": str(blocker)})
    assert [q.id for q in bank.questions] == ["ro-a"]
