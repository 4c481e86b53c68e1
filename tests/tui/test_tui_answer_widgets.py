"""Pilot tests of the answer widgets for multiple choice, ordering and cloze (keys set by hand)."""

from __future__ import annotations

from typing import Any

from tui_helpers import bi, wait_for_screen

from dldrill.bank.load import Bank
from dldrill.bank.schema import QUESTION_ADAPTER
from dldrill.study.session import SessionEngine
from dldrill.tui.app import DldrillApp


def widget_questions() -> list[Any]:
    base = {"exam": ["G"], "topics": ["test"], "difficulty": 1, "syllabus": ["T18"], "explanation": bi("説明", "why")}
    raw = [
        {**base, "id": "w-multi", "type": "multiple", "prompt": bi("正しいものをすべて選べ。", "Select all that apply."),
         "answer": [0, 2], "choices": [{"text": bi("正1", "right 1")}, {"text": bi("誤", "wrong"), "why": bi("違う", "no")},
                                      {"text": bi("正2", "right 2")}]},
        {**base, "id": "w-order", "type": "ordering", "prompt": bi("古い順に並べよ。", "Oldest first."),
         "items": [bi("パーセプトロン", "perceptron"), bi("誤差逆伝播法", "backpropagation"), bi("AlexNet", "AlexNet")]},
        {**base, "id": "w-cloze", "type": "cloze", "prompt": bi("{{1}} は {{2}} を保つ。", "{{1}} keeps {{2}}."),
         "blanks": [{"answer": bi("パディング", "padding")},
                    {"choices": [bi("重み", "weights"), bi("出力サイズ", "output size")], "answer": 1}]},
    ]
    return [QUESTION_ADAPTER.validate_python(q) for q in raw]


async def run_one(store: Any, question: Any, drive: Any) -> Any:
    """Show one question, let ``drive(pilot, screen)`` answer it, return the screen after the feedback."""
    app = DldrillApp("home", None, "en", store=store, bank=Bank(tuple(widget_questions())), warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.show_session(SessionEngine(store, [(question, 5)], "practice"))
        screen = await wait_for_screen(pilot, "SessionScreen")
        await drive(pilot, screen)
        await pilot.pause()
        return screen


async def test_multiple_choice_toggles_and_submits_the_marked_labels(store: Any) -> None:
    question = widget_questions()[0]

    async def drive(pilot: Any, screen: Any) -> None:
        await pilot.press("a", "b", "c", "b", "enter")  # b toggled on and off again: a and c remain

    screen = await run_one(store, question, drive)
    assert screen.showing_feedback and screen.correct == 1
    assert [(r["answer"], r["correct"]) for r in store.attempts()] == [("a,c", 1)]


async def test_ordering_is_typed_as_the_shown_labels(store: Any) -> None:
    question = widget_questions()[1]

    async def drive(pilot: Any, screen: Any) -> None:
        shown = screen.engine.current.presented.order  # original index of the item shown at each label
        labels = "abc"
        typed = " ".join(labels[shown.index(original)] for original in range(3))  # oldest first, by hand
        await pilot.press(*typed, "enter")

    screen = await run_one(store, question, drive)
    assert screen.correct == 1
    assert [r["correct"] for r in store.attempts()] == [1]


async def test_cloze_moves_between_blanks_and_grades_both(store: Any) -> None:
    question = widget_questions()[2]

    async def drive(pilot: Any, screen: Any) -> None:
        await pilot.press(*"padding", "enter")  # Enter in blank 1 moves on to blank 2
        assert not screen.showing_feedback
        await pilot.press("b", "enter")  # blank 2 is a choice: b) output size
        await pilot.pause()

    screen = await run_one(store, question, drive)
    assert screen.showing_feedback and screen.correct == 1
    assert [r["correct"] for r in store.attempts()] == [1]
