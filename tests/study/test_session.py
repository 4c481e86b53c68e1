"""The session engine without any UI: practice, review with requeue, exam with timer and navigator."""

from __future__ import annotations

from typing import Any

import pytest

from dldrill.answer_parsing import AnswerFormatError
from dldrill.study.scheduler import Scheduler
from dldrill.study.session import SessionEngine, draw_exam
from dldrill.study.stats import compute_stats
from dldrill.study.store import Store


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def right_answer(engine: SessionEngine) -> str:
    item = engine.current
    assert item is not None
    return item.presented.answer_text("en")


def test_practice_records_each_answer_and_format_errors_cost_nothing(questions: list[Any], store: Store) -> None:
    engine = SessionEngine.practice(questions, store, syllabus=["T18"], count=10, seed=1)
    assert engine.total >= 3 and all("T18" in item.question.syllabus for item in engine.items)
    with pytest.raises(AnswerFormatError):
        engine.submit("???")
    assert store.attempts() == []
    grade = engine.submit(right_answer(engine))
    assert grade.correct
    assert len(store.attempts()) == 1
    assert store.card(engine.current.id) is not None


def test_review_requeues_failures_in_the_same_session(questions: list[Any], store: Store) -> None:
    sched = Scheduler(store, fuzz=False)
    for q in questions[:3]:
        sched.review(q.id, 1)  # failed before: due again soon
    import datetime as dt

    engine = SessionEngine.review(questions, store, Scheduler(store, fuzz=False), seed=2)
    engine.scheduler.due = lambda when=None: [q.id for q in questions[:3]]  # type: ignore[method-assign]
    engine = SessionEngine.review(questions, store, engine.scheduler, seed=2)
    first = engine.current
    assert first is not None and engine.total == 3
    wrong = "a" if right_answer(engine) != "a" else "b"
    assert not engine.submit(wrong).correct
    assert engine.total == 4 and engine.items[-1].id == first.id and engine.items[-1].requeued
    assert dt.datetime  # module used


def test_generated_questions_give_fresh_variants(questions: list[Any], store: Store) -> None:
    gen = next(q for q in questions if q.id == "t-gen")
    engine = SessionEngine(store, [(gen, 5)])
    before = engine.current.presented.prompt.en
    engine.another_like_this()
    assert engine.current is not None and engine.current.seed != 5
    assert engine.current.presented.prompt.en != before or engine.current.seed != 5


def test_free_response_self_grade(questions: list[Any], store: Store) -> None:
    free = next(q for q in questions if q.type == "free")
    engine = SessionEngine(store, [(free, 0)])
    with pytest.raises(AnswerFormatError):
        engine.submit("my essay")
    assert engine.submit_self_grade("good").correct
    assert store.attempts()[0]["answer"] == "[self:good]"


def test_exam_no_feedback_until_finish_then_by_section(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=1, seed=3, clock=clock)
    assert engine.total == 6
    engine.submit(right_answer(engine))
    assert store.attempts() == []  # nothing recorded before submission
    engine.toggle_flag()
    assert engine.current.flagged
    engine.goto(3)
    clock.t += 61
    assert engine.timed_out()
    result = engine.finish()
    assert result["timed_out"] and result["answered"] == 1 and result["correct"] == 1
    assert sum(s["total"] for s in result["by_section"].values()) == 6
    assert len(result["wrong"]) == 5
    assert len(store.attempts()) == 1 and store.sessions("exam")


def test_exam_draw_gives_law_a_quarter(questions: list[Any]) -> None:
    import numpy as np

    law_questions = [q for q in questions if q.syllabus[0].startswith("L")]
    many = questions + [q.model_copy(update={"id": f"{q.id}-{n}"}) for q in law_questions for n in range(5)]
    picks = draw_exam(many, "G", 40, np.random.default_rng(0))
    law = sum(1 for q, _ in picks if q.syllabus[0].startswith("L"))
    assert len(picks) == 40 and law == 10
    # a section short of questions hands its share to the others
    picks = draw_exam(questions, "G", 40, np.random.default_rng(0))
    assert len(picks) == 40
    assert sum(1 for q, _ in picks if q.syllabus[0].startswith("L")) == len(law_questions)


def test_stats_shape(questions: list[Any], store: Store) -> None:
    engine = SessionEngine.practice(questions, store, count=4, seed=4)
    for _ in range(4):
        if engine.current.presented.kind == "free":
            engine.submit_self_grade("good")
        else:
            engine.submit(right_answer(engine))
        engine.next()
    stats = compute_stats(store, questions)
    assert stats["attempts"] == 4 and stats["correct"] == 4
    assert {"by_syllabus", "due", "activity", "readiness", "weakest"} <= set(stats)
    assert stats["activity"][-1]["attempts"] == 4
    assert 0 < stats["readiness"]["score"] < 1
