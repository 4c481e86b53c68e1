"""The session engine: chooses questions, times answers, grades, records and schedules.

Plain Python, no UI: the Textual screens, the ``--plain`` prompt loop and ``dldrill check`` all drive
the same :class:`SessionEngine`.  Practice and review give feedback after each answer; a mock exam
collects answers silently (with flags for 見直し and free navigation) and grades everything when it
is submitted or the time runs out.  Its state is saved to the store at the start and after every answer,
flag and move (each a committed write), so a killed app loses nothing answered: see :meth:`SessionEngine.resume`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from dldrill.answer_parsing import AnswerFormatError
from dldrill.grading import Grade
from dldrill.questions import Presented, grade, present, self_grade
from dldrill.study.exam_state import ExamState, ItemState, pending_exam
from dldrill.study.scheduler import Scheduler, derive_rating
from dldrill.study.sections import exam_of, section_for, section_of
from dldrill.study.store import Attempt, Store

#: mock-exam defaults: (questions, minutes)
EXAM_DEFAULTS = {"G": (145, 100), "E": (100, 120)}
#: share of the G検定 exam given to the law and ethics field (the syllabus notes "about 1/4")
G_LAW_SHARE = 0.25
REQUEUE_GAP = 3
#: seconds between background saves of the exam clock (answers, flags and moves are saved at once)
CHECKPOINT_S = 30.0


class ResumeError(Exception):
    """No interrupted exam can be rebuilt; the message is bilingual and fit for the learner."""


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
    raw_answer: str | list[str] | None = None
    self_rating: str | None = None

    @property
    def id(self) -> str:
        return str(self.question.id)


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
                 clock: Callable[[], float] = time.monotonic, session_id: str | None = None,
                 exam_kind: str = "G") -> None:
        self.store = store
        self.exam_kind = exam_kind
        self.mode = mode
        self.scheduler = scheduler if scheduler is not None else (Scheduler.from_settings(store) if store is not None else None)
        self.items: list[Item] = [Item(q, seed, present(q, seed)) for q, seed in items]
        self.index = 0
        self.clock = clock
        #: when the exam clock started (None until :meth:`begin`: building a long exam costs no exam time)
        self.started: float | None = None
        #: exam time already used before this engine's clock started (a resumed exam)
        self.used_before_s = 0.0
        self.time_limit_s = time_limit_s
        self.session_id = session_id or uuid.uuid4().hex[:12]
        self.finished = False
        self.result: dict[str, Any] | None = None
        #: whether ``finish`` wrote the attempts (False when another window had already submitted this exam)
        self.recorded = False
        #: questions of a resumed exam that are no longer in the bank (left out)
        self.dropped = 0
        self._saved_at = clock()
        if store is not None and mode == "exam":
            store.start_session(self.session_id, mode, self.exam_state().to_data())
        if mode != "exam":
            self.begin()

    def begin(self) -> None:
        """Start the clock (idempotent).  A mock exam's countdown and its first question's timer start here, when the
        screen shows the first question — not while a 100-question exam is being built.  Any answer, move or flag
        starts it too, so an engine driven without a screen still keeps time."""
        if self.started is None:
            self.started = self.clock() - self.used_before_s
        self._mark_shown()

    def used_s(self) -> float:
        """Exam time used so far (what was used before a resume, plus this run since :meth:`begin`)."""
        if self.started is None:
            return self.used_before_s
        return self.clock() - self.started

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
        scheduler = scheduler or Scheduler.from_settings(store)
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
        return cls(store, picks, "exam", time_limit_s=minutes * 60, clock=clock, exam_kind=exam)

    @classmethod
    def resume(cls, questions: Sequence[Any], store: Store, session_id: str | None = None,
               clock: Callable[[], float] = time.monotonic) -> SessionEngine:
        """Rebuild an interrupted mock exam from its saved state (the newest open one unless ``session_id``).

        Every saved answer, flag and per-question time comes back, on the question the learner was at.
        Time policy: the clock is not running while the app is closed — the remaining time continues from
        what was left at the last save (an answer, flag, move, or the 30-second checkpoint), like pausing
        a practice test; the time between a kill and the restart is not counted.  Answers are graded only
        when the exam is submitted and recorded once (see :meth:`finish`).  A question no longer in the bank
        is left out (``dropped`` counts them).  Raises :class:`ResumeError` when nothing can be resumed.
        """
        state = pending_exam(store, session_id)
        if state is None:
            raise ResumeError("中断した模擬試験はありません。 / There is no interrupted mock exam to resume.")
        by_id = {q.id: q for q in questions}
        kept = [(n, by_id[qid], seed) for n, (qid, seed) in enumerate(state.questions) if qid in by_id]
        if not kept:
            raise ResumeError("中断した模擬試験の問題が問題集にありません。 / "
                              "The interrupted exam's questions are no longer in the question bank.")
        # built without a store so the constructor does not start a new saved session over the old one
        engine = cls(None, [(q, seed) for _, q, seed in kept], "exam", time_limit_s=state.time_limit_s, clock=clock,
                     session_id=state.session_id, exam_kind=state.exam)
        engine.dropped = state.total - len(kept)
        for item, (n, _, _) in zip(engine.items, kept, strict=True):
            engine._restore_item(item, state.items[n])
        engine.store = store
        engine.scheduler = Scheduler.from_settings(store)
        engine.used_before_s = state.used_s  # the clock goes on from here when the exam is shown again (begin)
        engine._saved_at = clock()
        for item in engine.items:
            item.shown_at = None
        engine.index = min(sum(1 for n, _, _ in kept if n < state.index), len(engine.items) - 1)
        if engine.dropped:
            engine.save_state()
        return engine

    @staticmethod
    def _restore_item(item: Item, saved: ItemState) -> None:
        item.flagged = saved.flagged
        item.elapsed_ms = saved.elapsed_ms
        try:
            if saved.self_rating is not None:
                item.grade, item.self_rating, item.answer = self_grade(saved.self_rating), saved.self_rating, \
                    f"[self:{saved.self_rating}]"
            elif saved.answer is not None:
                item.grade = grade(item.presented, saved.answer)
                item.raw_answer = saved.answer
                item.answer = saved.answer if isinstance(saved.answer, str) else " / ".join(saved.answer)
        except (AnswerFormatError, KeyError, ValueError):  # the question changed since: ask it again
            item.grade, item.raw_answer, item.self_rating, item.answer = None, None, None, ""

    # -- the saved exam state ------------------------------------------------------------------------
    def exam_state(self) -> ExamState:
        """What is saved: variants in order, exam time used, and each item's raw answer, flag and time so far."""
        now = self.clock()
        items = [ItemState(i.raw_answer, i.self_rating, i.flagged,
                           i.elapsed_ms + (int((now - i.shown_at) * 1000) if i.shown_at is not None else 0))
                 for i in self.items]
        return ExamState(self.session_id, self.exam_kind, [(i.id, i.seed) for i in self.items], self.time_limit_s,
                         self.used_s(), min(self.index, max(0, len(self.items) - 1)), items)

    def save_state(self) -> None:
        """Write the exam's state to the store, committed before returning (exam mode with a store only)."""
        if self.store is None or self.mode != "exam" or self.finished:
            return
        self.store.save_session_state(self.session_id, self.exam_state().to_data())
        self._saved_at = self.clock()

    def checkpoint(self, min_interval_s: float = CHECKPOINT_S) -> None:
        """Save the running clock now and then (the exam screen calls this on its timer tick)."""
        if self.clock() - self._saved_at >= min_interval_s:
            self.save_state()

    # -- navigation --------------------------------------------------------------------------------
    @property
    def current(self) -> Item | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    @property
    def total(self) -> int:
        return len(self.items)

    def _mark_shown(self) -> None:
        item = self.current
        if item is not None and item.shown_at is None and self.started is not None:
            item.shown_at = self.clock()

    def _stop_clock(self, item: Item) -> None:
        if item.shown_at is not None:
            item.elapsed_ms += int((self.clock() - item.shown_at) * 1000)
            item.shown_at = None

    def goto(self, index: int) -> Item | None:
        """Move to question ``index`` (the exam navigator); time is counted per question."""
        self.begin()
        if not 0 <= index < len(self.items):
            return self.current
        if self.current is not None:
            self._stop_clock(self.current)
        self.index = index
        self._mark_shown()
        self.save_state()
        return self.current

    def next(self) -> Item | None:
        if self.index + 1 < len(self.items):
            return self.goto(self.index + 1)
        self._end()
        return None

    def previous(self) -> Item | None:
        return self.goto(self.index - 1)

    def _end(self) -> None:
        if self.current is not None:
            self._stop_clock(self.current)
        self.index = len(self.items)
        self.save_state()
        return None

    def toggle_flag(self) -> bool:
        item = self.current
        if item is None:
            return False
        self.begin()
        item.flagged = not item.flagged
        self.save_state()
        return item.flagged

    def remaining_s(self) -> float | None:
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - self.used_s())

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
        self.begin()
        self._stop_clock(item)
        item.answer = answer if isinstance(answer, str) else " / ".join(answer)
        item.raw_answer = answer if isinstance(answer, str) else list(answer)
        item.grade = result
        if self.mode != "exam":
            self._record(item)
            if self.mode == "review" and not result.correct and not item.requeued:
                self._requeue(item)
        else:
            item.shown_at = self.clock()  # still on screen; keep timing until the learner moves on
            self.save_state()
        return result

    def submit_self_grade(self, rating: str) -> Grade:
        """Free response: the learner compares with the model answer and grades themselves."""
        item = self.current
        if item is None:
            raise IndexError("no current question")
        result = self_grade(rating)
        self.begin()
        self._stop_clock(item)
        item.answer = f"[self:{rating}]"
        item.self_rating = rating
        item.grade = result
        if self.mode != "exam":
            self._record(item, self_rating=rating)
        else:
            self.save_state()
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

    def _attempt(self, item: Item) -> Attempt:
        assert item.grade is not None
        return Attempt(item.id, item.grade.correct, item.grade.score, item.seed, item.elapsed_ms, item.answer,
                       item.grade.mistake, self.mode, tuple(item.question.syllabus), self.session_id)

    def _record(self, item: Item, self_rating: str | None = None) -> None:
        if self.store is None or item.grade is None:
            return
        self.store.record_attempt(self._attempt(item))
        self._schedule(item, self_rating)

    def _schedule(self, item: Item, self_rating: str | None = None) -> None:
        if self.scheduler is not None and item.grade is not None:
            rating = derive_rating(item.grade.correct, item.grade.score, item.elapsed_ms / 1000, item.presented.kind, self_rating)
            self.scheduler.review(item.id, rating, datetime.now(UTC), item.elapsed_ms)

    # -- finishing ------------------------------------------------------------------------------------
    def _unscored(self, item: Item) -> bool:
        """A free-response item in a mock exam is not scored (shown as 採点対象外): not in total, wrong or sections.

        :func:`draw_exam` no longer draws them (the real exams are all multiple choice); this keeps exams saved by
        older versions, or built by hand, consistent."""
        return self.mode == "exam" and item.presented.kind == "free"

    def finish(self) -> dict[str, Any]:
        """Submit the session.  For an exam: grade-on-submit results by section, time, wrong answers.

        An exam's answers and its closing are one transaction, and only an open exam is recorded: submitting
        twice, or in two windows after a resume, records it once (``recorded`` says whether this call did).
        """
        if self.finished and self.result is not None:
            return self.result
        if self.current is not None:
            self._stop_clock(self.current)
        timed_out = self.timed_out()
        self.finished = True
        by_section: dict[str, dict[str, int]] = {}
        wrong: list[int] = []
        exam = self.exam_kind if self.mode == "exam" else None
        scored = [(n, item) for n, item in enumerate(self.items) if not self._unscored(item)]
        for n, item in scored:
            section = section_for(item.question, exam)
            entry = by_section.setdefault(section, {"total": 0, "correct": 0, "time_ms": 0})
            entry["total"] += 1
            entry["time_ms"] += item.elapsed_ms
            if item.grade is not None and item.grade.correct:
                entry["correct"] += 1
            else:
                wrong.append(n)
        correct = sum(v["correct"] for v in by_section.values())
        self.result = {"session_id": self.session_id, "mode": self.mode, "total": len(scored), "correct": correct,
                       "answered": sum(1 for _, i in scored if i.grade is not None),
                       "time_ms": sum(i.elapsed_ms for i in self.items), "by_section": by_section, "wrong": wrong,
                       "timed_out": timed_out}
        if self.store is not None and self.mode == "exam":
            graded = [item for _, item in scored if item.grade is not None]
            self.recorded = self.store.finish_exam(self.session_id, [self._attempt(i) for i in graded], self.result)
            if self.recorded:  # cards move only for the one submission that was recorded
                for item in graded:
                    self._schedule(item, item.self_rating)
        return self.result


def draw_exam(questions: Sequence[Any], exam: str, count: int, rng: np.random.Generator) -> list[tuple[Any, int]]:
    """Pick ``count`` questions in proportion to the syllabus sections.

    G検定: the law and ethics field gets a quarter (as the syllabus notes), the technical field the rest,
    each split over its sections by the number of syllabus items.  E資格: by the number of examinable
    items per part.  Free-response questions are left out (the real exams are all multiple choice and a mock
    exam cannot score them).  Each question is filed under its first code of ``exam`` (as the result files it).
    Generated templates may appear more than once (each time a different variant);
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
        if exam not in q.exam or q.type == "free":  # the real exams are all multiple choice: no free response
            continue
        if any(exam_of(c) == exam for c in q.syllabus):  # filed as the result will file it (section_for)
            pool.setdefault(section_for(q, exam), []).append(q)
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
    pick_order = rng.permutation(len(picks))
    return [picks[int(i)] for i in pick_order]


@dataclass
class Readiness:
    """An exam-readiness estimate and how it was computed."""

    score: float
    coverage: float
    accuracy: float
    explanation: dict[str, str] = field(default_factory=dict)
