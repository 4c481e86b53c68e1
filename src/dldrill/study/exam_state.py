"""The saved state of a mock exam in progress: what is written to the store after every answer, and read back.

Why a separate module: Home must say "an interrupted exam exists (n/N answered)" on its first paint, before
the bank and NumPy are loaded, so reading the state needs nothing but the standard library.  The state lives
in the ``data`` JSON of the exam's row in the ``sessions`` table (written by :class:`~dldrill.study.store.Store`
as one committed transaction per change); a finished or discarded exam has ``finished_at`` set and is never
offered again.  Rows written by older versions (no ``exam_state`` key) are not resumable: they never held answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dldrill.study.store import Store

#: version of the saved shape; bump it (and read the old one) if the shape changes
STATE_VERSION = 1
#: answer kinds the engine accepts: a string, or a list of strings (cloze blanks, ordering)
Answer = str | list[str]


class ExamStateError(ValueError):
    """Saved exam data that cannot be read back (a hand-edited file, a newer dldrill)."""


@dataclass(frozen=True)
class ItemState:
    """One question's saved state: the raw answer as given (graded again only at submission), flag and time."""

    answer: Answer | None = None
    self_rating: str | None = None
    flagged: bool = False
    elapsed_ms: int = 0

    def to_data(self) -> dict[str, Any]:
        return {"answer": self.answer, "self_rating": self.self_rating, "flagged": self.flagged,
                "elapsed_ms": self.elapsed_ms}

    @classmethod
    def from_data(cls, data: Any) -> ItemState:
        if not isinstance(data, dict):
            raise ExamStateError("item state must be an object")
        answer = data.get("answer")
        if not (answer is None or isinstance(answer, str)
                or (isinstance(answer, list) and all(isinstance(a, str) for a in answer))):
            raise ExamStateError("answer must be a string or a list of strings")
        rating = data.get("self_rating")
        if rating is not None and not isinstance(rating, str):
            raise ExamStateError("self_rating must be a string")
        elapsed = data.get("elapsed_ms", 0)
        if not isinstance(elapsed, int) or elapsed < 0:
            raise ExamStateError("elapsed_ms must be a non-negative integer")
        return cls(answer, rating, bool(data.get("flagged", False)), elapsed)

    @property
    def answered(self) -> bool:
        return self.answer is not None or self.self_rating is not None


@dataclass(frozen=True)
class ExamState:
    """Everything needed to rebuild an exam: the variants in order, the clock, and each item's state.

    ``used_s`` is exam time already spent; the remaining time is ``time_limit_s - used_s``.  It only grows
    while an engine is running, so time between a kill and the restart is not counted.
    """

    session_id: str
    exam: str
    questions: list[tuple[str, int]]
    time_limit_s: float | None
    used_s: float = 0.0
    index: int = 0
    items: list[ItemState] = field(default_factory=list)
    started_at: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"exam_state": STATE_VERSION, "exam": self.exam, "questions": [[q, s] for q, s in self.questions],
                "time_limit_s": self.time_limit_s, "used_s": round(self.used_s, 3), "index": self.index,
                "items": [i.to_data() for i in self.items]}

    @classmethod
    def from_data(cls, session_id: str, data: Any, started_at: str = "") -> ExamState:
        """Read a saved state back; :class:`ExamStateError` when it is not one this version wrote."""
        if not isinstance(data, dict) or data.get("exam_state") != STATE_VERSION:
            raise ExamStateError("not a resumable exam state")
        try:
            questions = [(str(q), int(s)) for q, s in data["questions"]]
            limit = data.get("time_limit_s")
            time_limit_s = None if limit is None else float(limit)
            used_s = float(data.get("used_s", 0.0))
            index = int(data.get("index", 0))
            raw_items = data.get("items") or [{} for _ in questions]
        except (KeyError, TypeError, ValueError) as exc:
            raise ExamStateError(f"malformed exam state: {exc}") from None
        items = [ItemState.from_data(i) for i in raw_items]
        if len(items) != len(questions):
            raise ExamStateError("item states do not match the questions")
        return cls(session_id, str(data.get("exam") or "G"), questions, time_limit_s, max(0.0, used_s),
                   min(max(0, index), max(0, len(questions) - 1)), items, started_at)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(1 for i in self.items if i.answered)

    @property
    def remaining_s(self) -> float | None:
        return None if self.time_limit_s is None else max(0.0, self.time_limit_s - self.used_s)


def unfinished_exams(store: Store) -> list[ExamState]:
    """Interrupted exams that can be resumed, newest first (unreadable rows are skipped, not fatal)."""
    out = []
    for row in store.unfinished_sessions("exam"):
        try:
            out.append(ExamState.from_data(row["id"], store.session_data(row), row["started_at"]))
        except ExamStateError:
            continue
    return out


def pending_exam(store: Store, session_id: str | None = None) -> ExamState | None:
    """The exam to offer for resuming: ``session_id`` if given and still open, else the newest open one."""
    for state in unfinished_exams(store):
        if session_id is None or state.session_id == session_id:
            return state
    return None
