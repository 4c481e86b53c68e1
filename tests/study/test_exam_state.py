"""A mock exam survives a kill: its state is committed after every change and the engine is rebuilt from it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dldrill.study.exam_state import pending_exam
from dldrill.study.session import ResumeError, SessionEngine
from dldrill.study.store import Store

HERE = Path(__file__).parent


class FakeClock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def key_of(engine: SessionEngine, n: int) -> str:
    return engine.items[n].presented.answer_text("en")


def wrong_choice(engine: SessionEngine, n: int) -> str:
    return "b" if key_of(engine, n) == "a" else "a"


def choice_positions(engine: SessionEngine) -> list[int]:
    return [n for n, i in enumerate(engine.items) if i.presented.kind == "choice"]


def sit_part_of_an_exam(questions: list[Any], store: Store, clock: FakeClock) -> tuple[SessionEngine, list[int]]:
    """10-minute exam: right answer at 30 s, wrong one 20 s later, a flag 5 s after that; then the app dies."""
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=10, seed=3, clock=clock)
    first, second, third = choice_positions(engine)[:3]
    engine.goto(first)
    clock.t += 30
    engine.submit(key_of(engine, first))
    engine.goto(second)
    clock.t += 20
    engine.submit(wrong_choice(engine, second))
    engine.goto(third)
    clock.t += 5
    engine.toggle_flag()
    return engine, [first, second, third]


def test_state_is_saved_at_the_start_and_committed_after_each_change(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=10, seed=3, clock=clock)
    other = Store.open(store.path)  # a second connection sees only what was committed
    try:
        state = pending_exam(other)
        assert state is not None and state.session_id == engine.session_id
        assert state.questions == [(i.id, i.seed) for i in engine.items]
        assert state.time_limit_s == 600 and state.answered == 0 and state.total == 6
        n = choice_positions(engine)[0]
        engine.goto(n)
        engine.submit(key_of(engine, n))
        state = pending_exam(other)
        assert state is not None and state.answered == 1 and state.items[n].answer == key_of(engine, n)
        engine.toggle_flag()
        state = pending_exam(other)
        assert state is not None and state.items[n].flagged and state.index == n
    finally:
        other.close()
    assert store.attempts() == []  # nothing graded into the record before submission


def test_resume_brings_back_answers_flags_and_times(questions: list[Any], store: Store) -> None:
    old, (first, second, third) = sit_part_of_an_exam(questions, store, FakeClock())
    # the app is killed; a new process has a monotonic clock with another origin, and 2 hours went by
    clock = FakeClock(50.0)
    engine = SessionEngine.resume(questions, store, clock=clock)
    engine.begin()  # what the exam screen does when it shows the question
    assert engine.session_id == old.session_id and engine.exam_kind == "G"
    assert [(i.id, i.seed) for i in engine.items] == [(i.id, i.seed) for i in old.items]
    assert engine.items[first].answer == key_of(old, first) and engine.items[first].grade.correct
    assert engine.items[second].answer == wrong_choice(old, second) and not engine.items[second].grade.correct
    assert engine.items[third].flagged and engine.items[third].grade is None
    assert [engine.items[n].elapsed_ms for n in (first, second, third)] == [30_000, 20_000, 5_000]
    assert engine.index == third
    # time between the kill and the restart is not counted: 600 s - 55 s used
    assert engine.remaining_s() == pytest.approx(545.0)
    clock.t += 45
    assert engine.remaining_s() == pytest.approx(500.0)


def test_submit_after_resume_records_each_answer_once(questions: list[Any], store: Store) -> None:
    old, (first, second, _) = sit_part_of_an_exam(questions, store, FakeClock())
    engine = SessionEngine.resume(questions, store, clock=FakeClock())
    twin = SessionEngine.resume(questions, store, clock=FakeClock())  # the same exam resumed in a second window
    result = engine.finish()
    assert engine.recorded and result["answered"] == 2 and result["correct"] == 1
    rows = store.attempts()
    assert sorted((r["question_id"], r["correct"]) for r in rows) == sorted(
        [(old.items[first].id, 1), (old.items[second].id, 0)])
    assert all(r["mode"] == "exam" and r["session_id"] == old.session_id for r in rows)
    assert engine.finish() is result and len(store.attempts()) == 2
    twin.finish()
    assert not twin.recorded and len(store.attempts()) == 2
    assert len(store.conn.execute("SELECT * FROM review_log").fetchall()) == 2  # cards moved once per answer
    with pytest.raises(ResumeError):
        SessionEngine.resume(questions, store)


def test_discarded_exam_is_not_offered(questions: list[Any], store: Store) -> None:
    old, _ = sit_part_of_an_exam(questions, store, FakeClock())
    assert store.discard_session(old.session_id)
    assert pending_exam(store) is None and store.attempts() == []
    assert not store.discard_session(old.session_id)
    with pytest.raises(ResumeError):
        SessionEngine.resume(questions, store)


def test_checkpoint_saves_the_running_clock(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=10, seed=3, clock=clock)
    engine.begin()
    clock.t += 20
    engine.checkpoint(30)
    assert pending_exam(store).used_s == 0  # too soon: nothing written
    clock.t += 20
    engine.checkpoint(30)
    assert pending_exam(store).used_s == pytest.approx(40.0)
    assert SessionEngine.resume(questions, store, clock=FakeClock()).remaining_s() == pytest.approx(560.0)


def test_resumed_exam_with_no_time_left_times_out(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=1, seed=3, clock=clock)
    engine.begin()
    clock.t += 61
    engine.toggle_flag()
    resumed = SessionEngine.resume(questions, store, clock=FakeClock())
    assert resumed.timed_out() and resumed.finish()["timed_out"]


def test_questions_gone_from_the_bank_are_left_out(questions: list[Any], store: Store) -> None:
    old, (first, _, _) = sit_part_of_an_exam(questions, store, FakeClock())
    gone = old.items[first].id
    engine = SessionEngine.resume([q for q in questions if q.id != gone], store, clock=FakeClock())
    removed = sum(1 for i in old.items if i.id == gone)
    assert engine.dropped == removed and engine.total == old.total - removed
    assert pending_exam(store).total == engine.total  # the saved state follows


def test_old_unfinished_exam_rows_and_other_modes_are_not_offered(store: Store, tmp_path: Path) -> None:
    # what the previous version wrote at an exam's start: ids and seeds only, never any answer
    store.start_session("old-exam", "exam", {"questions": [["t-single-0", 5]], "time_limit_s": 60})
    store.start_session("sheet", "worksheet", {"code": "X"})
    store.conn.execute("INSERT INTO sessions (id, mode, started_at, data) VALUES ('bad', 'exam', '2026', 'not json')")
    assert pending_exam(store) is None


def test_no_exam_to_resume_is_a_clear_error(questions: list[Any], store: Store) -> None:
    with pytest.raises(ResumeError, match="no interrupted mock exam"):
        SessionEngine.resume(questions, store)


CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import make_questions
from dldrill.study.session import SessionEngine
from dldrill.study.store import Store

store = Store.open(Path({db!r}))
engine = SessionEngine.exam(make_questions(), store, exam="G", count=6, minutes=100, seed=11)
given = {{}}
for n, item in enumerate(engine.items):
    if item.presented.kind in ("choice", "truefalse", "number"):
        engine.goto(n)
        answer = item.presented.answer_text("en")
        engine.submit(answer)
        given[n] = answer
engine.goto(0)
engine.toggle_flag()
print(json.dumps({{"session": engine.session_id, "given": given}}), flush=True)
time.sleep(60)
"""


def test_a_killed_exam_process_loses_no_answer(questions: list[Any], tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    code = CHILD.format(tests=str(HERE), db=str(db))
    env = {**os.environ, "DLDRILL_HOME": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "no output"
        report = json.loads(line)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    given = {int(n): a for n, a in report["given"].items()}
    assert len(given) >= 3
    store = Store.open(db)
    try:
        engine = SessionEngine.resume(questions, store)
        assert engine.session_id == report["session"]
        assert {n: i.answer for n, i in enumerate(engine.items) if i.grade is not None} == given
        assert all(engine.items[n].grade.correct for n in given) and engine.items[0].flagged
        result = engine.finish()
        assert result["answered"] == len(given) == len(store.attempts())
    finally:
        store.close()


def test_a_database_from_schema_v1_migrates_and_can_hold_a_resumable_exam(questions: list[Any], tmp_path: Path) -> None:
    import sqlite3

    from dldrill.study.store import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(MIGRATIONS[0])  # what dldrill's first schema created, with one answer in it
    conn.execute("INSERT INTO attempts (question_id, answered_at, correct, score) VALUES ('t-num', '2026-01-01', 1, 1.0)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store = Store.open(db)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r["question_id"] for r in store.attempts()] == ["t-num"]
        old, (first, _, _) = sit_part_of_an_exam(questions, store, FakeClock())
        engine = SessionEngine.resume(questions, store, clock=FakeClock())
        assert engine.items[first].answer == key_of(old, first)
        engine.finish()
        assert len(store.attempts()) == 1 + 2
    finally:
        store.close()
