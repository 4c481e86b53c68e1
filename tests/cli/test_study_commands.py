"""Study commands from the shell: --plain practice through stdin, stats --json, export/import, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def dldrill(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLDRILL_HOME": str(home), "DLDRILL_CACHE": str(home / "cache"), "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "dldrill", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


FIXTURE_BANK = """\
questions:
""" + "".join(f"""\
- id: plain-fixture-{n}
  type: single
  exam: [G]
  syllabus: [T18]
  topics: [plain-fixture]
  difficulty: 1
  prompt: {{ja: 問{n}, en: Question {n}}}
  choices:
    - text: {{ja: 正しい, en: right}}
    - text: {{ja: 誤り, en: wrong}}
      why: {{ja: 誤りである。, en: It is wrong.}}
  answer: 0
  explanation: {{ja: 解説{n}, en: Explanation {n}}}
""" for n in (1, 2))


def fixture_bank(tmp_path: Path) -> list[str]:
    """Options that restrict a session to two known single-choice questions (the built-in bank is random)."""
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "fixture.yaml").write_text(FIXTURE_BANK, encoding="utf-8")
    return ["--bank", str(bank), "--topic", "plain-fixture"]


def test_plain_practice_records_answers_and_stats_show_them(tmp_path: Path) -> None:
    out = dldrill("practice", "--plain", "--count", "2", "--lang", "en", *fixture_bank(tmp_path), home=tmp_path,
                  stdin="a\nb\n:q\n")
    assert out.returncode == 0, out.stderr
    assert "Progress is saved" in out.stdout
    stats = json.loads(dldrill("stats", "--json", home=tmp_path).stdout)
    assert stats["attempts"] == 2 and stats["correct"] == 1
    assert {"attempts", "correct", "by_syllabus", "due"} <= set(stats)
    assert "T18" in stats["by_syllabus"]


def test_garbage_answers_use_no_attempt(tmp_path: Path) -> None:
    out = dldrill("practice", "--plain", "--count", "1", "--lang", "en", *fixture_bank(tmp_path), home=tmp_path,
                  stdin="%%%\n" + "x" * 100_000 + "\n:q\n")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert json.loads(dldrill("stats", "--json", home=tmp_path).stdout)["attempts"] == 0


def test_export_import_round_trip(tmp_path: Path) -> None:
    dldrill("practice", "--plain", "--count", "2", "--lang", "en", *fixture_bank(tmp_path), home=tmp_path / "a",
            stdin="a\nb\n:q\n")
    export = tmp_path / "progress.json"
    assert dldrill("export", str(export), home=tmp_path / "a").returncode == 0
    assert dldrill("import", str(export), home=tmp_path / "b").returncode == 0
    again = tmp_path / "again.json"
    dldrill("export", str(again), home=tmp_path / "b")
    attempts = json.loads(export.read_text())["attempts"]
    assert len(attempts) == 2 and attempts == json.loads(again.read_text())["attempts"]


@pytest.mark.parametrize("args", [["import", "/nonexistent/file.json"], ["practice", "--count", "0"],
                                  ["exam", "--minutes", "-3"], ["grade", "no-such-question", "--answer", "1"]])
def test_user_errors_are_one_line(tmp_path: Path, args: list[str]) -> None:
    out = dldrill(*args, home=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    # (warnings about invalid user bank files may precede it) the error itself is one line
    assert out.stderr.strip().splitlines()[-1].startswith("dldrill")


def test_import_rejects_non_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = dldrill("import", str(bad), home=tmp_path)
    assert out.returncode == 2 and "not JSON" in out.stderr
