"""The session engine: chooses questions, times answers, grades, records and schedules.

Plain Python, no UI: the Textual screens, the ``--plain`` prompt loop and ``dldrill check`` all drive
the same :class:`SessionEngine`.  Practice and review give feedback after each answer; a mock exam
collects answers silently (with flags for 見直し and free navigation) and grades everything when it
is submitted or the time runs out.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from dldrill.grading import Grade
from dldrill.questions import Presented, grade, present, self_grade
from dldrill.study.scheduler import Scheduler, derive_rating
from dldrill.study.store import Attempt, Store

#: mock-exam defaults: (questions, minutes)
EXAM_DEFAULTS = {"G": (145, 100), "E": (100, 120)}
#: share of the G検定 exam given to the law and ethics field (the syllabus notes "about 1/4")
G_LAW_SHARE = 0.25
REQUEUE_GAP = 3


@dataclass
class Item:
    """One question in a session, with what happened to it."""

    question: Any
    seed: int
    presented: Presented
    answer: str = ""
    grade: Grade | None = None
    flagged: bool = False
    elapsed_ms: int = 0
    shown_at: float | None = None
    requeued: bool = False

    @property
    def id(self) -> str:
        return str(self.question.id)


def section_of(code: str) -> str:
    """The syllabus section a code belongs to: G items by field (T/L), E items by part (E1…E5)."""
    if code.startswith("E"):
        return code.split("-")[0]
    return code[:1]


def _filter(questions: Sequence[Any], syllabus: Sequence[str] = (), topics: Sequence[str] = (),
            exam: str | None = None) -> list[Any]:
    from dldrill.bank.syllabus import load_syllabus

    wanted: set[str] = set()
    if syllabus:
        syl = load_syllabus()
        for query in syllabus:
            wanted |= {item.code for item in syl.matching(query)} or {query.upper()}
    out = []
    for q in questions:
        if wanted and not wanted & set(q.syllabus):
            continue
        if topics and not set(t.lower() for t in topics) & set(q.topics):
            continue
        if exam and exam not in q.exam:
            continue
        out.append(q)
    return out


class SessionEngine:
    """A run of questions in one mode: ``practice``, ``review``, ``exam`` or ``worksheet``."""

    def __init__(self, store: Store | None, items: Sequence[tuple[Any, int]], mode: str = "practice",
                 scheduler: Scheduler | None = None, time_limit_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic, session_id: str | None = None) -> None:
        self.store = store
        self.mode = mode
        self.scheduler = scheduler if scheduler is not None else (Scheduler(store) if store is not None else None)
        self.items: list[Item] = [Item(q, seed, present(q, seed)) for q, seed in items]
        self.index = 0
        self.clock = clock
        self.started = clock()
        self.time_limit_s = time_limit_s
        self.session_id = session_id or uuid.uuid4().hex[:12]
        self.finished = False
        self.result: dict[str, Any] | None = None
        if store is not None and mode == "exam":
            store.start_session(self.session_id, mode, {"questions": [[i.id, i.seed] for i in self.items],
                                                        "time_limit_s": time_limit_s})
        if self.items:
            self._mark_shown()

    # -- building sessions -------------------------------------------------------------------------
    @classmethod
    def practice(cls, questions: Sequence[Any], store: Store | None, syllabus: Sequence[str] = (),
                 topics: Sequence[str] = (), exam: str | None = None, count: int = 20, seed: int | None = None) -> SessionEngine:
        """Random questions matching the filters (weak and unseen items first when a store is given)."""
        pool = _filter(questions, syllabus, topics, exam)
        rng = np.random.default_rng(seed)
        order = [pool[int(i)] for i in rng.permutation(len(pool))]
        if store is not None:
            seen = {r["question_id"]: r["correct"] for r in store.attempts()}
            order.sort(key=lambda q: (q.id in seen and bool(seen[q.id]), ))  # unseen / last wrong first, stable
        chosen = order[:count]
        return cls(store, [(q, int(rng.integers(1, 2**31))) for q in chosen], "practice")

    @classmethod
    def review(cls, questions: Sequence[Any], store: Store, scheduler: Scheduler | None = None, limit: int = 100,
               seed: int | None = None) -> SessionEngine:
        """Cards due now, most overdue first; a generated template gets a fresh variant each time."""
        scheduler = scheduler or Scheduler(store, desired_retention=float(store.setting("desired_retention", 0.9)))
        by_id = {q.id: q for q in questions}
        due = [by_id[k] for k in scheduler.due() if k in by_id][:limit]
        rng = np.random.default_rng(seed)
        return cls(store, [(q, int(rng.integers(1, 2**31))) for q in due], "review", scheduler)

    @classmethod
    def exam(cls, questions: Sequence[Any], store: Store | None, exam: str = "G", count: int | None = None,
             minutes: float | None = None, seed: int | None = None, clock: Callable[[], float] = time.monotonic) -> SessionEngine:
        """A mock exam drawn in proportion to the syllabus sections, with a time limit."""
        default_count, default_minutes = EXAM_DEFAULTS[exam]
        count = count or default_count
        minutes = minutes if minutes is not None else default_minutes
        rng = np.random.default_rng(seed)
        picks = draw_exam(questions, exam, count, rng)
        return cls(store, picks, "exam", time_limit_s=minutes * 60, clock=clock)

    # -- navigation --------------------------------------------------------------------------------
    @property
    def current(self) -> Item | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    @property
    def total(self) -> int:
        return len(self.items)

    def _mark_shown(self) -> None:
        item = self.current
        if item is not None and item.shown_at is None:
            item.shown_at = self.clock()

    def _stop_clock(self, item: Item) -> None:
        if item.shown_at is not None:
            item.elapsed_ms += int((self.clock() - item.shown_at) * 1000)
            item.shown_at = None

    def goto(self, index: int) -> Item | None:
        """Move to question ``index`` (the exam navigator); time is counted per question."""
        if not 0 <= index < len(self.items):
            return self.current
        if self.current is not None:
            self._stop_clock(self.current)
        self.index = index
        self._mark_shown()
        return self.current

    def next(self) -> Item | None:
        return self.goto(self.index + 1) if self.index + 1 < len(self.items) else self._end()

    def previous(self) -> Item | None:
        return self.goto(self.index - 1)

    def _end(self) -> None:
        if self.current is not None:
            self._stop_clock(self.current)
        self.index = len(self.items)
        return None

    def toggle_flag(self) -> bool:
        item = self.current
        if item is None:
            return False
        item.flagged = not item.flagged
        return item.flagged

    def remaining_s(self) -> float | None:
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - (self.clock() - self.started))

    def timed_out(self) -> bool:
        remaining = self.remaining_s()
        return remaining is not None and remaining <= 0

    # -- answering ---------------------------------------------------------------------------------
    def submit(self, answer: str | Sequence[str]) -> Grade:
        """Grade the current answer.  ``AnswerFormatError`` propagates: nothing is recorded, no attempt used.

        Practice/review: recorded and scheduled at once (committed before returning).  Exam: kept until
        :meth:`finish`; the learner may change it.
        """
        item = self.current
        if item is None:
            raise IndexError("no current question")
        result = grade(item.presented, answer)
        self._stop_clock(item)
        item.answer = answer if isinstance(answer, str) else " / ".join(answer)
        item.grade = result
        if self.mode != "exam":
            self._record(item)
            if self.mode == "review" and not result.correct and not item.requeued:
                self._requeue(item)
        else:
            item.shown_at = self.clock()  # still on screen; keep timing until the learner moves on
        return result

    def submit_self_grade(self, rating: str) -> Grade:
        """Free response: the learner compares with the model answer and grades themselves."""
        item = self.current
        if item is None:
            raise IndexError("no current question")
        result = self_grade(rating)
        self._stop_clock(item)
        item.answer = f"[self:{rating}]"
        item.grade = result
        if self.mode != "exam":
            self._record(item, self_rating=rating)
        return result

    def another_like_this(self) -> Item | None:
        """Replace the current generated question with a fresh variant (new seed)."""
        item = self.current
        if item is None or item.question.type != "generated":
            return item
        seed = (item.seed * 1103515245 + 12345) % (2**31) or 1
        fresh = Item(item.question, seed, present(item.question, seed))
        self.items.insert(self.index + 1, fresh)
        return self.next()

    def _requeue(self, item: Item) -> None:
        seed = item.seed + 1 if item.question.type == "generated" else item.seed
        again = Item(item.question, seed, present(item.question, seed), requeued=True)
        self.items.insert(min(len(self.items), self.index + 1 + REQUEUE_GAP), again)

    def _record(self, item: Item, self_rating: str | None = None) -> None:
        if self.store is None or item.grade is None:
            return
        self.store.record_attempt(Attempt(
            item.id, item.grade.correct, item.grade.score, item.seed, item.elapsed_ms, item.answer, item.grade.mistake,
            self.mode, tuple(item.question.syllabus), self.session_id))
        if self.scheduler is not None:
            rating = derive_rating(item.grade.correct, item.grade.score, item.elapsed_ms / 1000, item.presented.kind, self_rating)
            self.scheduler.review(item.id, rating, datetime.now(UTC), item.elapsed_ms)

    # -- finishing ------------------------------------------------------------------------------------
    def finish(self) -> dict[str, Any]:
        """Submit the session.  For an exam: grade-on-submit results by section, time, wrong answers."""
        if self.finished and self.result is not None:
            return self.result
        if self.current is not None:
            self._stop_clock(self.current)
        self.finished = True
        by_section: dict[str, dict[str, int]] = {}
        wrong: list[int] = []
        for n, item in enumerate(self.items):
            codes = list(item.question.syllabus) or ["?"]
            section = section_of(codes[0])
            entry = by_section.setdefault(section, {"total": 0, "correct": 0, "time_ms": 0})
            entry["total"] += 1
            entry["time_ms"] += item.elapsed_ms
            if item.grade is not None and item.grade.correct:
                entry["correct"] += 1
            else:
                wrong.append(n)
            if self.mode == "exam" and item.grade is not None:
                self._record(item)
        correct = sum(v["correct"] for v in by_section.values())
        self.result = {"session_id": self.session_id, "mode": self.mode, "total": len(self.items), "correct": correct,
                       "answered": sum(1 for i in self.items if i.grade is not None),
                       "time_ms": sum(i.elapsed_ms for i in self.items), "by_section": by_section, "wrong": wrong,
                       "timed_out": self.timed_out()}
        if self.store is not None and self.mode == "exam":
            self.store.finish_session(self.session_id, self.result)
        return self.result


def draw_exam(questions: Sequence[Any], exam: str, count: int, rng: np.random.Generator) -> list[tuple[Any, int]]:
    """Pick ``count`` questions in proportion to the syllabus sections.

    G検定: the law and ethics field gets a quarter (as the syllabus notes), the technical field the rest,
    each split over its sections by the number of syllabus items.  E資格: by the number of examinable
    items per part.  Generated templates may appear more than once (each time a different variant);
    a section short of questions hands its share to the others.
    """
    from dldrill.bank.syllabus import load_syllabus

    syl = load_syllabus()
    items = [i for i in syl.items if i.exam == exam and not i.optional]
    weights: dict[str, float] = {}
    for it in items:
        weights[section_of(it.code)] = weights.get(section_of(it.code), 0) + 1
    if exam == "G":
        tech, law = weights.get("T", 0), weights.get("L", 0)
        weights = {"T": 1 - G_LAW_SHARE if tech else 0, "L": G_LAW_SHARE if law else 0}
    pool: dict[str, list[Any]] = {}
    for q in questions:
        if exam not in q.exam:
            continue
        sections = {section_of(c) for c in q.syllabus if c.startswith(("T", "L")) == (exam == "G")}
        if sections:
            pool.setdefault(sorted(sections)[0], []).append(q)
    capacity = {s: (count if any(q.type == "generated" for q in qs) else len(qs)) for s, qs in pool.items()}
    sections = [s for s in weights if pool.get(s)]
    if not sections:
        return []
    target = min(count, sum(capacity[s] for s in sections))
    quota = dict.fromkeys(sections, 0)
    while sum(quota.values()) < target:
        open_sections = [s for s in sections if quota[s] < capacity[s]]
        total_w = sum(weights[s] for s in open_sections) or 1.0
        wanted = target - sum(quota[s] for s in sections if s not in open_sections)
        # the open section furthest below its proportional share of what the open sections must supply
        best = max(open_sections, key=lambda s: wanted * weights[s] / total_w - quota[s])
        quota[best] += 1
    picks: list[tuple[Any, int]] = []
    for section, n in quota.items():
        candidates = pool[section]
        order = [candidates[int(i)] for i in rng.permutation(len(candidates))]
        static = [q for q in order if q.type != "generated"]
        generated = [q for q in order if q.type == "generated"]
        chosen = (static + generated)[:n]
        while len(chosen) < n and generated:
            chosen.append(generated[int(rng.integers(len(generated)))])
        picks += [(q, int(rng.integers(1, 2**31))) for q in chosen]
    order = rng.permutation(len(picks))
    return [picks[int(i)] for i in order]


@dataclass
class Readiness:
    """An exam-readiness estimate and how it was computed."""

    score: float
    coverage: float
    accuracy: float
    explanation: dict[str, str] = field(default_factory=dict)
