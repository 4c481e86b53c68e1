"""Snapshots of the main screens at 80×24 in Japanese and English (pytest-textual-snapshot).

Everything that could change between runs is fixed: the bank (conftest), the seed, the date, the exam
clock and the store's contents; the text cursor does not blink.  Update with ``--snapshot-update``
after checking the SVGs by eye.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import TODAY, FakeClock, static_text, wait_for_screen

from dldrill.study.store import Attempt

LANGS = ["ja", "en"]


async def settle(pilot: Any, screen: str | None = None) -> None:
    """Wait for the screen (built in a worker) and stop the cursor blinking so the picture is stable."""
    if screen is not None:
        await wait_for_screen(pilot, screen)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    pilot.app.clear_notifications()  # toasts expire on the wall clock: keep them out of the picture
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare: Any, make_app: Any, lang: str) -> None:
    assert snap_compare(make_app(lang=lang), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
def test_practice_question(snap_compare: Any, make_app: Any, lang: str) -> None:
    app = make_app("practice", lang=lang, options={"topic": ["cnn"], "count": 5})

    async def before(pilot: Any) -> None:
        await settle(pilot, "SessionScreen")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_practice_feedback(snap_compare: Any, make_app: Any, lang: str) -> None:
    app = make_app("practice", lang=lang, options={"topic": ["cnn"], "count": 5})

    async def before(pilot: Any) -> None:
        await settle(pilot, "SessionScreen")
        await pilot.press("c", "enter")  # a wrong choice: feedback with why the distractor is wrong
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_exam(snap_compare: Any, make_app: Any, lang: str) -> None:
    app = make_app("exam", lang=lang, options={"exam": "G", "count": 3, "minutes": 1}, clock=FakeClock())

    async def before(pilot: Any) -> None:
        await settle(pilot, "ExamScreen")
        await pilot.press("f2")
        await pilot.pause(0.6)  # let the countdown tick once (the fake clock stands still)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_stats(snap_compare: Any, make_app: Any, store: Any, lang: str) -> None:
    history = [("t-tf", True, "2026-03-01", "T18"), ("t-tf", False, "2026-03-02", "T18"),
               ("t-num", True, "2026-02-20", "T37"), ("t-single-law", False, "2026-03-02", "L01"),
               ("t-single-law", False, "2026-03-01", "L01")]
    for qid, ok, day, code in history:
        store.record_attempt(Attempt(qid, ok, float(ok), syllabus=(code,), answered_at=f"{day}T10:00:00.000+00:00"))
    app = make_app(lang=lang, today=TODAY)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot, "StatsScreen")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_solver_worked_steps(snap_compare: Any, make_app: Any, lang: str) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("6")  # Home: solver
        await settle(pilot, "SolverScreen")
        await pilot.press("enter")  # conv2d
        await settle(pilot, "SolverFormScreen")
        form = pilot.app.screen
        form.query_one("#f-input").value = "[[1,2,0],[0,1,3],[2,1,0]]"
        form.query_one("#f-kernel").value = "[[1,0],[0,1]]"
        await pilot.press("ctrl+s")
        for _ in range(100):  # the solver runs in a worker
            await pilot.pause(0.05)
            if re.search("途中式|Steps", static_text(form.query_one("#solution"))):
                break
        await settle(pilot)
        await pilot.pause(0.1)  # the form scrolls to the solution after a refresh

    assert snap_compare(make_app(lang=lang), terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_settings(snap_compare: Any, make_app: Any, lang: str) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot, "SettingsScreen")

    assert snap_compare(make_app(lang=lang), terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_exam_result(snap_compare: Any, make_app: Any, lang: str) -> None:
    app = make_app("exam", lang=lang, options={"exam": "G", "count": 3, "minutes": 5}, clock=FakeClock())

    async def before(pilot: Any) -> None:
        await settle(pilot, "ExamScreen")
        await pilot.press("a", "enter")  # answer the first question, leave the rest blank
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, "ResultScreen")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
