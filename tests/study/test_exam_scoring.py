"""Mock exams: no free-response questions, and the countdown starts when the first question is shown (issue 6)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from dldrill.study.exam_state import pending_exam
from dldrill.study.session import SessionEngine, draw_exam
from dldrill.study.store import Store


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_draw_exam_leaves_out_free_response(questions: list[Any]) -> None:
    assert any(q.type == "free" and "G" in q.exam for q in questions)  # the fixture bank has one to leave out
    for seed in range(5):
        picks = draw_exam(questions, "G", 40, np.random.default_rng(seed))
        assert picks and all(q.type != "free" for q, _ in picks)


def test_a_free_item_in_an_exam_is_not_scored(questions: list[Any]) -> None:
    """An exam saved by an older version may still hold one: it is neither counted in the total nor wrong."""
    free = next(q for q in questions if q.type == "free")
    static = next(q for q in questions if q.id == "t-single-1")
    engine = SessionEngine(None, [(free, 1), (static, 2)], "exam", time_limit_s=600, clock=FakeClock())
    engine.goto(1)
    engine.submit(engine.current.presented.answer_text("en"))
    result = engine.finish()
    assert result["total"] == 1 and result["correct"] == 1 and result["wrong"] == []
    assert sum(e["total"] for e in result["by_section"].values()) == 1


def test_countdown_starts_when_the_first_question_is_shown(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=10, seed=3, clock=clock)
    clock.t += 30  # building and opening a long exam took time: not exam time
    assert engine.remaining_s() == pytest.approx(600.0)
    engine.begin()  # the exam screen shows question 1
    clock.t += 45
    assert engine.remaining_s() == pytest.approx(555.0)
    engine.toggle_flag()  # saved state: 45 s used, and the first question's own time is 45 s
    state = pending_exam(store)
    assert state is not None and state.used_s == pytest.approx(45.0) and state.items[0].elapsed_ms == 45_000


def test_a_resumed_exam_continues_from_the_saved_time_once_shown(questions: list[Any], store: Store) -> None:
    clock = FakeClock()
    engine = SessionEngine.exam(questions, store, exam="G", count=6, minutes=10, seed=3, clock=clock)
    engine.begin()
    clock.t += 100
    engine.toggle_flag()
    later = FakeClock()
    resumed = SessionEngine.resume(questions, store, clock=later)
    later.t += 20  # rebuilding the exam
    assert resumed.remaining_s() == pytest.approx(500.0)
    resumed.begin()
    later.t += 50
    assert resumed.remaining_s() == pytest.approx(450.0)
