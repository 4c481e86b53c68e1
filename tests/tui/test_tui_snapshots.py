"""Snapshots of the main screens at 80×24 in Japanese and English (pytest-textual-snapshot).

Everything that could change between runs is fixed: the bank (conftest), the seed, the date, the exam
clock and the store's contents; the text cursor does not blink.  Update with ``--snapshot-update``
after checking the SVGs by eye.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import TODAY, FakeClock, wait_for_screen

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
