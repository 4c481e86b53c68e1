"""Pilot tests: the app driven by key presses end to end, checked against the store and hand-set answer keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tui_helpers import FakeClock, static_text, wait_for_screen


async def test_practice_right_answer_shows_feedback_and_is_recorded(make_app: Any, store: Any) -> None:
    app = make_app("practice", options={"syllabus": ["L01"], "count": 5})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "SessionScreen")
        assert screen.engine.current.id == "t-single-law"
        await pilot.press("a", "enter")  # the key is option a (氏名と生年月日), set by hand in the fixture
        await pilot.pause()
        feedback = static_text(screen.query_one("#feedback"))
        assert "✔ 正解" in feedback
        assert "生存する個人を識別できる情報" in feedback  # the explanation
    rows = store.attempts()
    assert [(r["question_id"], r["correct"], r["answer"]) for r in rows] == [("t-single-law", 1, "a")]


async def test_practice_wrong_answer_says_why_the_distractor_is_wrong(make_app: Any, store: Any) -> None:
    app = make_app("practice", lang="en", options={"topic": ["cnn"], "count": 5})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "SessionScreen")
        assert screen.engine.current.id == "t-single-pad"
        await pilot.press("3", "enter")  # option c: "to raise the learning rate"; the key is b
        await pilot.pause()
        feedback = static_text(screen.query_one("#feedback"))
        assert "✘ Wrong" in feedback
        assert "Unrelated to the learning rate." in feedback
        await pilot.press("enter")  # next → end of a one-question session
        await pilot.pause()
        assert screen.done
    assert [(r["correct"], r["answer"]) for r in store.attempts()] == [(0, "c")]


async def test_wrong_generated_answer_shows_worked_steps_and_another_like_this(make_app: Any, store: Any) -> None:
    from dldrill.study.session import SessionEngine

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.bank.get("t-gen")
        engine = SessionEngine(store, [(question, 11)], "practice")
        app.show_session(engine)
        screen = await wait_for_screen(pilot, "SessionScreen")
        params = engine.current.presented.variant.params
        # independent key: O = (H + 2P − K)/S + 1 for the drawn size, kernel, padding and stride
        h, k = params["size"], params["kernel"]
        p, s = params.get("padding", 0), params.get("stride", 1)
        expected = (h + 2 * p - params.get("dilation", 1) * (k - 1) - 1) // s + 1
        await pilot.press(*str(expected + 1), "enter")
        await pilot.pause()
        feedback = static_text(screen.query_one("#feedback"))
        assert "✘ 不正解" in feedback and str(expected) in feedback
        assert "途中式" in feedback and "O = ⌊" in feedback
        first_seed = engine.current.seed
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert engine.current.id == "t-gen" and engine.current.seed != first_seed
        assert not screen.showing_feedback
    assert [r["correct"] for r in store.attempts()] == [0]


async def test_unreadable_number_costs_no_attempt(make_app: Any, store: Any) -> None:
    app = make_app("practice", options={"syllabus": ["T37"], "count": 5})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "SessionScreen")
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        assert not screen.showing_feedback
        assert store.attempts() == []
        screen.query_one("#answer").value = "0.125"  # 1/8, the key written by hand
        await pilot.press("enter")
        await pilot.pause()
        assert screen.showing_feedback
    assert [r["correct"] for r in store.attempts()] == [1]


async def test_free_response_is_self_graded(make_app: Any, store: Any) -> None:
    app = make_app("practice", options={"syllabus": ["T01"], "count": 5})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "SessionScreen")
        assert screen.engine.current.presented.kind == "free"
        await pilot.press("enter")  # reveal the model answer
        await pilot.pause()
        assert "訓練データに適合しすぎて" in static_text(screen.query_one("#feedback"))
        await pilot.press("3", "enter")  # Good
        await pilot.pause()
        assert screen.showing_feedback
    rows = store.attempts()
    assert [(r["question_id"], r["correct"], r["answer"]) for r in rows] == [("t-free", 1, "[self:good]")]
    ratings = [r[0] for r in store.conn.execute("SELECT rating FROM review_log")]
    assert ratings == [3]  # FSRS Good, as the learner chose


async def test_review_requeues_a_miss_and_reschedules(make_app: Any, store: Any) -> None:
    import fsrs

    past = datetime.now(UTC) - timedelta(days=2)
    store.put_card("t-tf", fsrs.Card(due=past).to_dict(), past.isoformat(timespec="milliseconds"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "今日の復習: 1 問" in static_text(app.screen.query_one("#home-info"))
        await pilot.press("1")  # Home entry 1: review
        screen = await wait_for_screen(pilot, "SessionScreen")
        assert screen.engine.mode == "review" and screen.engine.total == 1
        await pilot.press("x", "enter")  # the statement is true: × is wrong
        await pilot.pause()
        assert screen.engine.total == 2  # the miss comes back later in the session
        await pilot.press("enter")
        await pilot.pause()
        assert screen.engine.current.id == "t-tf"
        await pilot.press("o", "enter")
        await pilot.pause()
        assert screen.correct == 1 and screen.answered == 2
    assert [r["correct"] for r in store.attempts()] == [0, 1]
    assert store.due_cards() == []  # rescheduled into the future
    ratings = [r[0] for r in store.conn.execute("SELECT rating FROM review_log ORDER BY id")]
    assert ratings[0] == 1 and ratings[1] > 1  # FSRS Again for the miss, a passing rating for the retry


async def test_exam_times_out_and_grades_what_was_answered(make_app: Any, store: Any) -> None:
    clock = FakeClock()
    app = make_app("exam", options={"exam": "G", "count": 3, "minutes": 1}, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "ExamScreen")
        engine = screen.engine
        first = engine.current
        await pilot.press("f2")  # flag 見直し
        assert first.flagged
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert engine.index == 1
        await pilot.press("f3")  # the navigator: jump back to question 1, which shows its flag
        await wait_for_screen(pilot, "NavigatorScreen")
        await pilot.press("up", "enter")
        await wait_for_screen(pilot, "ExamScreen")
        assert engine.index == 0 and "⚑" in str(screen.query_one("#exam-status").content)
        clock.now += 61  # past the one-minute limit
        result_screen = await wait_for_screen(pilot, "ResultScreen")
        result = result_screen.result
    assert result["timed_out"] is True
    assert result["answered"] == 0 and result["total"] == 3 and result["wrong"] == [0, 1, 2]
    finished = store.sessions("exam")
    assert len(finished) == 1 and finished[0]["finished_at"] is not None


async def test_exam_submit_after_answers_shows_result_by_section(make_app: Any, store: Any) -> None:
    app = make_app("exam", options={"exam": "G", "count": 2, "minutes": 5}, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "ExamScreen")
        engine = screen.engine
        keys = {"t-single-law": "a", "t-single-pad": "b", "t-tf": "o"}  # hand-set keys of the fixture bank
        answered_right = 0
        for n in range(engine.total):
            engine.goto(n)
            await screen.show_current()
            item = engine.current
            if item.id in keys:
                await pilot.press(keys[item.id], "enter")
                await pilot.pause()
                answered_right += 1
        assert "✔" not in static_text(screen.query_one("#question"))  # no verdict during the exam
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        result_screen = await wait_for_screen(pilot, "ResultScreen")
        result = result_screen.result
    assert result["timed_out"] is False
    assert result["correct"] == answered_right
    assert sum(v["total"] for v in result["by_section"].values()) == 2
    assert len(store.attempts()) == result["answered"]  # exam answers are recorded when it is submitted
