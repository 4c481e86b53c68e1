"""Opening the store: only a damaged file is moved aside (under a unique name); a locked or unreadable one is left
alone with a one-line error (issue 6, defect 5)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dldrill.study.store import Attempt, Store, StoreError


def asides(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


def test_a_locked_file_is_reported_and_never_moved(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE keep (x)")
    holder.execute("INSERT INTO keep VALUES (42)")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file (rollback journal: readers are locked out)
    try:
        with pytest.raises(StoreError) as info:
            Store.open(db, timeout_s=0.2)
        message = str(info.value)
        assert "locked" in message and "\n" not in message
        assert asides(tmp_path) == [] and db.exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    check = sqlite3.connect(db)
    assert check.execute("SELECT x FROM keep").fetchall() == [(42,)]  # the healthy data is where it was
    check.close()


def test_a_path_that_cannot_be_opened_is_not_moved(tmp_path: Path) -> None:
    folder = tmp_path / "p.db"
    folder.mkdir()  # not a file at all: SQLITE_CANTOPEN, not corruption
    with pytest.raises(StoreError):
        Store.open(folder)
    assert folder.is_dir() and asides(tmp_path) == []


def test_two_damaged_files_in_the_same_second_are_both_kept(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    for n in (1, 2):
        db.write_bytes(f"garbage {n} ".encode() * 500)  # SQLITE_NOTADB
        store = Store.open(db)
        assert store.notice and "moved" in store.notice
        store.close()
    kept = asides(tmp_path)
    assert len(kept) == 2
    assert sorted(p.read_bytes()[:9] for p in kept) == [b"garbage 1", b"garbage 2"]


def test_a_malformed_database_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    store = Store.open(db)
    for n in range(300):
        store.record_attempt(Attempt(f"q{n}", True, 1.0, answer="x" * 200))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    raw = bytearray(db.read_bytes())
    page = 4096
    raw[2 * page:6 * page] = b"\xff" * (4 * page)  # wreck a few b-tree pages, keep the header
    db.write_bytes(bytes(raw))
    store = Store.open(db)
    assert store.notice and len(asides(tmp_path)) == 1
    assert store.attempts() == []  # a fresh store
    store.close()
