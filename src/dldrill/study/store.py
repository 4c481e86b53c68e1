"""The progress store: SQLite in the user's data directory, durable and safe to share.

Why these choices: every answer is its own committed transaction (a crash or kill loses nothing
answered); WAL mode plus a busy timeout lets two running instances write without corrupting or
losing each other's rows, and card updates are read-modify-write inside ``BEGIN IMMEDIATE`` so one
instance never overwrites a review the other just made.  The schema version lives in
``PRAGMA user_version`` and ``MIGRATIONS`` upgrades old files in place.  A file that is not a
database or is damaged (SQLITE_NOTADB / SQLITE_CORRUPT, or a failed ``PRAGMA quick_check``) is moved aside under a
unique name with a message and a fresh one is started.  Any other error (locked by another program, disk full,
no permission) leaves the file where it is and ends in a one-line :class:`StoreError`: a healthy file is never moved.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs.card import CardDict

DB_NAME = "progress.db"

#: MIGRATIONS[i] upgrades a file from version i to i + 1
MIGRATIONS: tuple[str, ...] = (
    # v0 → v1: answers and FSRS cards
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL,
        seed INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL,
        correct INTEGER NOT NULL,
        score REAL NOT NULL,
        elapsed_ms INTEGER NOT NULL DEFAULT 0,
        answer TEXT NOT NULL DEFAULT '',
        mistake TEXT,
        mode TEXT NOT NULL DEFAULT 'practice',
        syllabus TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX attempts_question ON attempts(question_id);
    CREATE TABLE cards (
        card_key TEXT PRIMARY KEY,
        card_json TEXT NOT NULL,
        due TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX cards_due ON cards(due);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # v1 → v2: sessions (mock exams, worksheets) and the session of each attempt
    """
    ALTER TABLE attempts ADD COLUMN session_id TEXT;
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        mode TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_key TEXT NOT NULL,
        rating INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL,
        duration_ms INTEGER
    );
    CREATE INDEX attempts_time ON attempts(answered_at);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$DLDRILL_HOME`` or the platform's user data directory (platformdirs)."""
    env = os.environ if environ is None else environ
    if env.get("DLDRILL_HOME"):
        return Path(env["DLDRILL_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dldrill", appauthor=False))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Attempt:
    """One recorded answer."""

    question_id: str
    correct: bool
    score: float
    seed: int = 0
    elapsed_ms: int = 0
    answer: str = ""
    mistake: str | None = None
    mode: str = "practice"
    syllabus: Sequence[str] = ()
    session_id: str | None = None
    answered_at: str = ""


class StoreError(Exception):
    """A store problem a user can fix (unwritable directory, bad import file, file locked by another program)."""


class _IntegrityFailed(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` did not answer ``ok``: the file is damaged."""


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether an error means the file itself is damaged (and may be moved aside), not that it is busy or unwritable."""
    if isinstance(exc, _IntegrityFailed):
        return True
    name = getattr(exc, "sqlite_errorname", None) or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def is_locked(exc: sqlite3.Error) -> bool:
    """Whether an error means another program holds the file (SQLITE_BUSY / SQLITE_LOCKED)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _aside_name(path: Path) -> Path:
    """``progress.db.corrupt-20260701120000`` or, if that is taken (two in one second), ``…-2``, ``…-3``: never overwrite."""
    base = f"{path.name}.corrupt-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}"
    n = 1
    while True:
        aside = path.with_name(base if n == 1 else f"{base}-{n}")
        if not any(Path(str(aside) + suffix).exists() for suffix in ("", "-wal", "-shm")):
            return aside
        n += 1


class Store:
    """The progress database.  Open with :meth:`open`; ``notice`` says if a corrupt file was moved aside."""

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self.notice = notice

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None, environ: Mapping[str, str] | None = None, timeout_s: float = 10.0) -> Store:
        """Open (creating, migrating or replacing a damaged file as needed); ``timeout_s`` is how long to wait for a
        lock another instance holds before giving up with a :class:`StoreError`."""
        path = path or data_dir(environ) / DB_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from None
        notice = None
        try:
            conn = cls._connect(path, timeout_s)
        except sqlite3.Error as exc:
            if not is_corruption(exc):
                raise cls._open_error(path, exc) from None
            aside = _aside_name(path)
            for suffix in ("", "-wal", "-shm"):
                src = Path(str(path) + suffix)
                if src.exists():
                    src.replace(Path(str(aside) + suffix))
            notice = (f"学習記録のファイルが壊れていたため {aside.name} に退避し、新しく作り直しました。 / "
                      f"The progress file was damaged; it was moved to {aside.name} and a fresh one was started.")
            try:
                conn = cls._connect(path, timeout_s)
            except sqlite3.Error as again:
                raise cls._open_error(path, again) from None
        return cls(path, conn, notice)

    @staticmethod
    def _open_error(path: Path, exc: sqlite3.Error) -> StoreError:
        if is_locked(exc):
            return StoreError(f"学習記録 {path} は別のプログラムが使用中です (しばらくして再試行してください)。 / "
                              f"the progress file {path} is locked by another program; try again in a moment.")
        return StoreError(f"学習記録 {path} を開けません / cannot open the progress file {path}: {exc}")

    @staticmethod
    def _connect(path: Path, timeout_s: float = 10.0) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _IntegrityFailed("integrity check failed")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            Store._migrate(conn)
        except (sqlite3.Error, StoreError):
            conn.close()
            raise
        conn.row_factory = sqlite3.Row
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the progress file is from a newer dldrill (schema {version} > {SCHEMA_VERSION})")
        for target in range(version, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current == target:  # another instance may have migrated meanwhile
                    for statement in [s for s in MIGRATIONS[target].split(";") if s.strip()]:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {target + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock first, so read-modify-write is safe."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- attempts ----------------------------------------------------------------------------------
    def record_attempt(self, attempt: Attempt) -> int:
        """Store one answer, committed before returning."""
        with self.transaction() as conn:
            return self._insert_attempt(conn, attempt)

    @staticmethod
    def _insert_attempt(conn: sqlite3.Connection, attempt: Attempt) -> int:
        cur = conn.execute(
            "INSERT INTO attempts (question_id, seed, answered_at, correct, score, elapsed_ms, answer, mistake, mode,"
            " syllabus, session_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (attempt.question_id, attempt.seed, attempt.answered_at or now_iso(), int(attempt.correct), attempt.score,
             attempt.elapsed_ms, attempt.answer[:2000], attempt.mistake, attempt.mode, ",".join(attempt.syllabus),
             attempt.session_id))
        return int(cur.lastrowid or 0)

    def attempts(self, question_id: str | None = None) -> list[sqlite3.Row]:
        if question_id is None:
            return list(self.conn.execute("SELECT * FROM attempts ORDER BY id"))
        return list(self.conn.execute("SELECT * FROM attempts WHERE question_id = ? ORDER BY id", (question_id,)))

    def answer_totals(self) -> tuple[int, int]:
        """(answers recorded, of which correct): the Home screen's one-line summary."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM attempts").fetchone()
        return int(row[0]), int(row[1])

    def days_to_exam(self, today: date) -> tuple[int, str] | None:
        """(days left, the date as set) for the exam date in the settings; None when unset or unreadable."""
        text = self.setting("exam_date")
        if not text:
            return None
        try:
            return (date.fromisoformat(str(text)) - today).days, str(text)
        except ValueError:  # hand-edited or imported garbage: show nothing rather than fail the Home screen
            return None

    # -- cards ----------------------------------------------------------------------------------------
    def card(self, key: str) -> CardDict | None:
        """The stored FSRS card (what ``fsrs.Card.to_dict`` wrote), or None for a card never reviewed."""
        row = self.conn.execute("SELECT card_json FROM cards WHERE card_key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def card_text(self, key: str) -> str | None:
        """The stored card JSON as text, unparsed (the scheduler checks it: a bad card must not crash a review)."""
        row = self.conn.execute("SELECT card_json FROM cards WHERE card_key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put_card(self, key: str, card: Mapping[str, Any], due: str, rating: int | None = None,
                 duration_ms: int | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO cards (card_key, card_json, due, updated_at) VALUES (?,?,?,?) "
                         "ON CONFLICT(card_key) DO UPDATE SET card_json = excluded.card_json, due = excluded.due,"
                         " updated_at = excluded.updated_at", (key, json.dumps(dict(card)), due, now_iso()))
            if rating is not None:
                conn.execute("INSERT INTO review_log (card_key, rating, reviewed_at, duration_ms) VALUES (?,?,?,?)",
                             (key, rating, now_iso(), duration_ms))

    def due_cards(self, until: str | None = None) -> list[str]:
        until = until or now_iso()
        return [r[0] for r in self.conn.execute("SELECT card_key FROM cards WHERE due <= ? ORDER BY due", (until,))]

    def upcoming(self, limit: int = 20) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.conn.execute("SELECT card_key, due FROM cards ORDER BY due LIMIT ?", (limit,))]

    # -- settings and sessions ---------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, json.dumps(value)))

    def start_session(self, session_id: str, mode: str, data: Mapping[str, Any] | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO sessions (id, mode, started_at, data) VALUES (?,?,?,?)",
                         (session_id, mode, now_iso(), json.dumps(dict(data or {}), ensure_ascii=False)))

    def finish_session(self, session_id: str, data: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sessions SET finished_at = ?, data = ? WHERE id = ?",
                         (now_iso(), json.dumps(dict(data), ensure_ascii=False), session_id))

    def save_session_state(self, session_id: str, data: Mapping[str, Any]) -> bool:
        """Replace the saved state of an open session (committed at once); False if it is finished or unknown."""
        with self.transaction() as conn:
            cur = conn.execute("UPDATE sessions SET data = ? WHERE id = ? AND finished_at IS NULL",
                               (json.dumps(dict(data), ensure_ascii=False), session_id))
            return cur.rowcount == 1

    def finish_exam(self, session_id: str, attempts: Sequence[Attempt], result: Mapping[str, Any]) -> bool:
        """Record an exam's graded answers and close it, all in one transaction.

        Returns False (and writes nothing) when the session is already finished or discarded: an exam resumed in
        two windows, or submitted again after a crash, is recorded exactly once.
        """
        with self.transaction() as conn:
            row = conn.execute("SELECT finished_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is not None and row[0] is not None:
                return False
            for attempt in attempts:
                self._insert_attempt(conn, attempt)
            if row is None:  # started without a saved state (no store at the start): keep the result anyway
                conn.execute("INSERT INTO sessions (id, mode, started_at) VALUES (?, 'exam', ?)", (session_id, now_iso()))
            conn.execute("UPDATE sessions SET finished_at = ?, data = ? WHERE id = ?",
                         (now_iso(), json.dumps(dict(result), ensure_ascii=False), session_id))
        return True

    def discard_session(self, session_id: str) -> bool:
        """Close an abandoned session without recording its answers (its saved state is kept, marked discarded)."""
        with self.transaction() as conn:
            row = conn.execute("SELECT data FROM sessions WHERE id = ? AND finished_at IS NULL", (session_id,)).fetchone()
            if row is None:
                return False
            try:
                data = json.loads(row[0])
            except ValueError:
                data = {}
            data = data if isinstance(data, dict) else {}
            data["discarded"] = True
            conn.execute("UPDATE sessions SET finished_at = ?, data = ? WHERE id = ?",
                         (now_iso(), json.dumps(data, ensure_ascii=False), session_id))
        return True

    def unfinished_sessions(self, mode: str) -> list[sqlite3.Row]:
        """Open sessions of ``mode``, newest first."""
        return list(self.conn.execute("SELECT * FROM sessions WHERE mode = ? AND finished_at IS NULL"
                                      " ORDER BY started_at DESC, rowid DESC", (mode,)))

    @staticmethod
    def session_data(row: sqlite3.Row) -> Any:
        """The JSON ``data`` of a session row (None when it is not valid JSON)."""
        try:
            return json.loads(row["data"])
        except (TypeError, ValueError):
            return None

    def sessions(self, mode: str | None = None) -> list[sqlite3.Row]:
        if mode is None:
            return list(self.conn.execute("SELECT * FROM sessions ORDER BY started_at"))
        return list(self.conn.execute("SELECT * FROM sessions WHERE mode = ? ORDER BY started_at", (mode,)))

    # -- export / import ---------------------------------------------------------------------------------
    TABLES = ("attempts", "cards", "settings", "sessions", "review_log")

    def export_data(self) -> dict[str, Any]:
        """Everything as JSON-ready data (a lossless round trip with :meth:`import_data`)."""
        out: dict[str, Any] = {"format": "dldrill-progress", "schema": SCHEMA_VERSION}
        for table in self.TABLES:
            out[table] = [dict(row) for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        return out

    def import_data(self, data: Any) -> dict[str, int]:
        """Merge an export into this store; returns how many rows of each table were added or changed.

        The whole file is checked first (:mod:`dldrill.study.import_check`): a bad file raises :class:`StoreError`
        naming the first problems and writes nothing.  Answers and review-log rows already present are skipped; a
        card is replaced only by one reviewed later (an older export never rolls a schedule back); a finished session
        is never reopened by an unfinished copy; settings take the imported value.
        """
        from dldrill.study.import_check import export_problems, problems_message

        problems = export_problems(data)
        if problems:
            raise StoreError(problems_message(problems))
        counts: dict[str, int] = {}
        try:
            with self.transaction() as conn:
                for table in self.TABLES:
                    counts[table] = sum(self._merge_row(conn, table, row) for row in data.get(table, []))
        except sqlite3.Error as exc:
            raise StoreError(f"import failed, nothing was changed: {exc}") from None
        return counts

    @staticmethod
    def _merge_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> bool:
        """Merge one checked row; True when it changed the store."""
        if table in ("attempts", "review_log"):
            row = {k: v for k, v in row.items() if k != "id"}
            where = " AND ".join(f"{k} IS ?" for k in row)
            if conn.execute(f"SELECT 1 FROM {table} WHERE {where}", tuple(row.values())).fetchone():
                return False
            conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         tuple(row.values()))
            return True
        key_column = {"cards": "card_key", "settings": "key", "sessions": "id"}[table]
        existing = conn.execute(f"SELECT * FROM {table} WHERE {key_column} = ?", (row[key_column],)).fetchone()
        if existing is not None:
            old = dict(zip([d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description], existing,
                           strict=True))
            if all(old.get(k) == v for k, v in row.items()):
                return False
            if table == "cards" and not Store._imported_card_is_newer(old["card_json"], row["card_json"]):
                return False
            if table == "sessions" and old.get("finished_at") is not None and row.get("finished_at") is None:
                return False
        conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
        return True

    @staticmethod
    def _imported_card_is_newer(current_json: str, imported_json: str) -> bool:
        """Whether an imported card was reviewed later than the stored one (a stored card fsrs cannot read loses)."""
        from dldrill.study.scheduler import CardError, load_card

        imported = load_card(imported_json)  # checked before the transaction
        try:
            current = load_card(current_json)
        except CardError:
            return True
        if imported.last_review is None:
            return False
        return current.last_review is None or imported.last_review > current.last_review
