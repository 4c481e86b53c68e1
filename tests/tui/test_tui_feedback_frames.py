"""Feedback comes in two frames (the verdict at once, then explanation and steps), and the footer follows."""

from __future__ import annotations

from typing import Any

from textual.widgets._footer import FooterKey
from tui_helpers import static_text, wait_for_screen

from dldrill.i18n import tr
from dldrill.tui.widgets.answers import AnswerGiven


def footer_keys(screen: Any) -> list[tuple[str, str]]:
    return [(key.key, key.description) for key in screen.query(FooterKey) if not key.has_class("-disabled")]


async def test_verdict_comes_first_and_the_explanation_one_frame_later(make_app: Any, store: Any) -> None:
    from dldrill.study.session import SessionEngine

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.show_session(SessionEngine(store, [(app.bank.get("t-single-pad"), 0)], "practice"))
        screen = await wait_for_screen(pilot, "SessionScreen")
        screen.answer(AnswerGiven("c"))  # the handler itself, synchronously: what the first frame will show
        assert "✘ 不正解" in static_text(screen.query_one("#status"), width=200)
        first = static_text(screen.query_one("#feedback"))
        assert first.strip() == "✘ 不正解"
        await pilot.pause()
        await pilot.pause()
        full = static_text(screen.query_one("#feedback"))
        assert "✘ 不正解" in full and "解説" in full and "学習率とは無関係" in full
        assert screen.query_one("#answer").disabled and screen.focused is screen.query_one("#body")
    assert [r["correct"] for r in store.attempts()] == [0]


async def test_footer_keys_follow_the_state_of_the_question(make_app: Any, store: Any) -> None:
    from dldrill.study.session import SessionEngine

    def label(name: str) -> str:
        return tr(name, "ja")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        items = [(app.bank.get("t-single-pad"), 0), (app.bank.get("t-gen"), 3)]
        app.show_session(SessionEngine(store, items, "practice"))
        screen = await wait_for_screen(pilot, "SessionScreen")
        await pilot.pause()
        assert footer_keys(screen) == [("escape", label("key.home")), ("ctrl+n", label("key.skip"))]
        await pilot.press("b", "enter")
        await pilot.pause()
        assert footer_keys(screen) == [("escape", label("key.home")), ("enter", label("key.next"))]
        await pilot.press("enter")  # to the generated question: "another like this" appears
        await pilot.pause()
        assert footer_keys(screen) == [("escape", label("key.home")), ("ctrl+n", label("key.skip")),
                                       ("ctrl+r", label("key.another"))]
        await pilot.press("9", "9", "9", "enter")
        await pilot.pause()
        assert footer_keys(screen) == [("escape", label("key.home")), ("ctrl+r", label("key.another")),
                                       ("enter", label("key.next"))]
