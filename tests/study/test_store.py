"""The progress store: durability under kill, two concurrent writers, corruption, migration, export/import."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dldrill.study.scheduler import Scheduler, derive_rating
from dldrill.study.store import MIGRATIONS, SCHEMA_VERSION, Attempt, Store, StoreError

WRITER = """
import sys, time
from pathlib import Path
from dldrill.study.store import Store, Attempt
from dldrill.study.scheduler import Scheduler
store = Store.open(Path(sys.argv[1]))
sched = Scheduler(store, fuzz=False)
name, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    store.record_attempt(Attempt(f"{name}-{i}", i % 2 == 0, 1.0, syllabus=["T18"]))
    if i % 4 == 0:
        sched.review("shared-card", 3)
    print(i, flush=True)
"""


def test_kill_mid_session_loses_nothing_answered(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "k", "100000"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store.open(db)
    ids = {r["question_id"] for r in store.attempts()}
    assert {f"k-{i}" for i in range(acknowledged + 1)} <= ids  # every answer acknowledged was on disk


def test_two_writers_at_once(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    Store.open(db).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), name, "150"], stdout=subprocess.DEVNULL)
             for name in ("a", "b")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    store = Store.open(db)
    assert len(store.attempts()) == 300
    reviews = store.conn.execute("SELECT COUNT(*) FROM review_log WHERE card_key = 'shared-card'").fetchone()[0]
    assert reviews == 2 * len(range(0, 150, 4))
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    db.write_bytes(b"this is not sqlite " * 500)
    store = Store.open(db)
    assert store.notice and "moved" in store.notice
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside and aside[0].read_bytes().startswith(b"this is not sqlite")
    store.record_attempt(Attempt("q", True, 1.0))
    assert len(store.attempts()) == 1


def test_old_schema_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO attempts (question_id, answered_at, correct, score) VALUES ('old', '2025-01-01T00:00:00+00:00', 1, 1.0)")
    conn.commit()
    conn.close()
    store = Store.open(db)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [r["question_id"] for r in store.attempts()] == ["old"]
    store.start_session("s1", "exam")  # a v2 table works
    assert len(store.sessions()) == 1


def test_export_import_round_trip(store: Store, tmp_path: Path) -> None:
    store.record_attempt(Attempt("q1", True, 1.0, seed=3, answer="b", syllabus=["T18", "E3-4-1"]))
    store.record_attempt(Attempt("q2", False, 0.5, mistake="forgot-padding"))
    Scheduler(store, fuzz=False).review("q1", 3)
    store.set_setting("desired_retention", 0.85)
    data = json.loads(json.dumps(store.export_data()))
    other = Store.open(tmp_path / "other.db")
    other.import_data(data)
    assert json.loads(json.dumps(other.export_data())) == data
    other.import_data(data)  # importing twice adds nothing
    assert len(other.attempts()) == 2
    with pytest.raises(StoreError):
        other.import_data({"format": "something else"})


def test_rating_rules() -> None:
    assert derive_rating(False, 0.0, 10, "choice") == 1
    assert derive_rating(True, 0.5, 10, "matrix") == 2
    assert derive_rating(True, 1.0, 500, "choice") == 2
    assert derive_rating(True, 1.0, 5, "choice") == 4
    assert derive_rating(True, 1.0, 20, "choice") == 3
    assert derive_rating(True, 1.0, 20, "free", "again") == 1


def test_failed_card_comes_due_sooner_than_a_good_one(store: Store) -> None:
    sched = Scheduler(store, fuzz=False)
    sched.review("good", 3)
    good_due = sched.review("good", 3)
    sched.review("bad", 3)
    bad_due = sched.review("bad", 1)
    assert bad_due < good_due
    # both reviews of each card are logged, with the ratings given
    logged = store.conn.execute("SELECT card_key, rating FROM review_log ORDER BY id").fetchall()
    assert [tuple(r) for r in logged] == [("good", 3), ("good", 3), ("bad", 3), ("bad", 1)]


def test_scheduler_uses_the_desired_retention_from_settings(tmp_path) -> None:
    from dldrill.study.scheduler import Scheduler
    from dldrill.study.store import Store

    store = Store.open(tmp_path / "p.db")
    assert Scheduler.from_settings(store).desired_retention == 0.9
    store.set_setting("desired_retention", 0.8)
    assert Scheduler.from_settings(store).desired_retention == 0.8
    store.set_setting("desired_retention", "garbage")
    assert Scheduler.from_settings(store).desired_retention == 0.9
    store.close()


def test_answer_totals_and_days_to_exam(store: Store) -> None:
    from datetime import date

    assert store.answer_totals() == (0, 0)
    for qid, ok in [("a", True), ("b", False), ("a", True)]:
        store.record_attempt(Attempt(qid, ok, float(ok)))
    assert store.answer_totals() == (3, 2)
    assert store.days_to_exam(date(2026, 3, 2)) is None  # not set
    store.set_setting("exam_date", "2026-07-05")
    # March 2 → July 5: 29 (rest of March) + 30 + 31 + 30 + 5 = 125 days
    assert store.days_to_exam(date(2026, 3, 2)) == (125, "2026-07-05")
    store.set_setting("exam_date", "next spring")  # garbage from a hand-edited or imported store
    assert store.days_to_exam(date(2026, 3, 2)) is None
