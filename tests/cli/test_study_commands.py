"""Study commands from the shell: --plain practice through stdin, stats --json, export/import, bad input."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest


def dldrill(*args: str, home: Path, stdin: str = "", lang_env: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLDRILL_HOME": str(home), "DLDRILL_CACHE": str(home / "cache"), "COLUMNS": "80"}
    if lang_env is not None:  # the locale, with no DLDRILL_LANG to override it
        env = {k: v for k, v in env.items() if k not in ("DLDRILL_LANG", "LC_ALL", "LC_MESSAGES")}
        env["LANG"] = lang_env
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


def test_n_on_a_static_question_is_explained_not_a_traceback(tmp_path: Path) -> None:
    out = dldrill("practice", "--plain", "--count", "2", "--lang", "en", *fixture_bank(tmp_path), home=tmp_path,
                  stdin=":n\na\n:n\n:q\n")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.count("generated questions only") == 2
    assert "Answered 1, correct 1" in out.stdout  # the :n on question 2 did not count the first answer again


@pytest.mark.parametrize("content", ["[1, 2]", '"text"', "[" * 100_000 + "]" * 100_000])
def test_import_of_a_file_that_is_not_an_export_is_one_line(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = dldrill("import", str(bad), home=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("dldrill import:")


def test_import_with_a_bad_row_writes_nothing_and_stats_still_work(tmp_path: Path) -> None:
    rows = [{"question_id": "good", "answered_at": "2026-01-01T00:00:00+00:00", "correct": 1, "score": 1.0},
            {"question_id": "bad", "answered_at": "x", "correct": 1, "score": 1.0}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "dldrill-progress", "attempts": rows}))
    out = dldrill("import", str(bad), home=tmp_path)
    assert out.returncode == 2 and "attempts[1].answered_at" in out.stderr
    stats = dldrill("stats", "--json", home=tmp_path)
    assert stats.returncode == 0 and json.loads(stats.stdout)["attempts"] == 0


def test_saved_language_applies_to_commands_unless_lang_is_given(tmp_path: Path) -> None:
    from dldrill.study.store import Store

    store = Store.open(tmp_path / "progress.db")
    store.set_setting("lang", "en")
    store.close()
    saved = dldrill("stats", home=tmp_path, lang_env="ja_JP.UTF-8")
    assert saved.returncode == 0 and "Attempts:" in saved.stdout and "解答数" not in saved.stdout
    flag = dldrill("stats", "--lang", "ja", home=tmp_path, lang_env="en_US.UTF-8")
    assert "解答数" in flag.stdout and "Attempts:" not in flag.stdout


def test_stats_explain_readiness_in_the_chosen_language_only(tmp_path: Path) -> None:
    english = dldrill("stats", "--lang", "en", home=tmp_path).stdout
    japanese = dldrill("stats", "--lang", "ja", home=tmp_path).stdout
    assert "Mean over syllabus items" in english and "平滑化" not in english
    assert "平滑化" in japanese and "Mean over syllabus items" not in japanese


def read_until(proc: subprocess.Popen[bytes], marker: bytes, timeout_s: float = 60) -> bytes:
    """Everything the process printed up to ``marker`` (prompts end without a newline, so read raw chunks)."""
    assert proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout_s
    while marker not in seen:
        assert time.monotonic() < deadline, f"never saw {marker!r}: {seen[-400:]!r}"
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"process ended early: {seen[-400:]!r}"
            seen += chunk
    return seen


def test_killed_plain_practice_keeps_the_answers_it_acknowledged(tmp_path: Path) -> None:
    env = {**os.environ, "DLDRILL_HOME": str(tmp_path), "DLDRILL_CACHE": str(tmp_path / "cache"), "COLUMNS": "80",
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "dldrill", "practice", "--plain", "--count", "2", "--lang", "en",
                             *fixture_bank(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    assert proc.stdin is not None
    try:
        first = read_until(proc, b"> ")
        proc.stdin.write(b"a\n")
        proc.stdin.flush()
        shown = read_until(proc, b"[2/2]")  # the first answer was graded and the next question is on screen
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert b"[1/2]" in first and b"[2/2]" in shown
    conn = sqlite3.connect(tmp_path / "progress.db")
    rows = conn.execute("SELECT question_id, correct, answer, mode FROM attempts").fetchall()
    cards = conn.execute("SELECT card_key FROM cards").fetchall()
    conn.close()
    assert len(rows) == 1 and rows[0][0].startswith("plain-fixture-") and rows[0][1:] == (1, "a", "practice")
    assert cards == [(rows[0][0],)]  # its review schedule was written too
