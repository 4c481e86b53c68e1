"""An interrupted mock exam: offered on Home (n/N answered), resumed on the exam screen, or discarded; CLI flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList
from tui_helpers import FakeClock, wait_for_screen

from dldrill.study.exam_state import pending_exam
from dldrill.study.session import SessionEngine
from dldrill.study.store import Store

#: hand-set keys of the fixture bank (conftest): choice letters and ○ for the true/false question
KEYS = {"t-single-law": "a", "t-single-pad": "b", "t-tf": "o"}


def interrupted_exam(bank: Any, store: Store) -> SessionEngine:
    """A 3-question exam in which one question was answered before the app died (the engine is just dropped)."""
    engine = SessionEngine.exam(list(bank.questions), store, exam="G", count=3, minutes=5, seed=7, clock=FakeClock())
    n = next(n for n, item in enumerate(engine.items) if item.id in KEYS)
    engine.goto(n)
    engine.submit(KEYS[engine.items[n].id])
    return engine


def menu_labels(screen: Any) -> list[str]:
    menu = screen.query_one("#menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


@pytest.mark.parametrize(("lang", "label"), [("ja", "1. 中断した模擬試験を再開 (1/3 解答済み)"),
                                              ("en", "1. Resume interrupted mock exam (1/3 answered)")])
async def test_home_offers_the_interrupted_exam(make_app: Any, bank: Any, store: Store, lang: str, label: str) -> None:
    interrupted_exam(bank, store)
    app = make_app("home", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "HomeScreen")
        assert menu_labels(screen)[0] == label


async def test_home_has_no_entry_without_an_interrupted_exam(make_app: Any) -> None:
    async with make_app("home").run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "HomeScreen")
        assert not any("中断した模擬試験" in label for label in menu_labels(screen))


async def test_resume_from_home_keeps_answers_and_submits_once(make_app: Any, bank: Any, store: Store) -> None:
    old = interrupted_exam(bank, store)
    answered_before = {n for n, i in enumerate(old.items) if i.grade is not None}
    app = make_app("home", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        await pilot.press("1")
        screen = await wait_for_screen(pilot, "ExamScreen")
        engine = screen.engine
        assert engine.session_id == old.session_id
        assert {n for n, i in enumerate(engine.items) if i.grade is not None} == answered_before
        assert engine.index == next(iter(answered_before))  # back on the question the learner was at
        assert "1/3" in str(screen.query_one("#exam-status").content)
        open_ones = [n for n, i in enumerate(engine.items) if i.grade is None and i.id in KEYS]
        for n in open_ones:
            engine.goto(n)
            await screen.show_current()
            await pilot.press(KEYS[engine.items[n].id], "enter")
            await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        result = (await wait_for_screen(pilot, "ResultScreen")).result
        assert result["answered"] == len(answered_before) + len(open_ones) == result["correct"]
        await pilot.press("escape")
        home = await wait_for_screen(pilot, "HomeScreen")
        assert not any("中断した模擬試験" in label for label in menu_labels(home))
    assert len(store.attempts()) == result["answered"]
    assert pending_exam(store) is None


async def test_discard_from_home(make_app: Any, bank: Any, store: Store) -> None:
    interrupted_exam(bank, store)
    async with make_app("home").run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "HomeScreen")
        await pilot.press("x")
        await wait_for_screen(pilot, "ConfirmScreen")
        await pilot.press("y")
        await wait_for_screen(pilot, "HomeScreen")
        assert not any("中断した模擬試験" in label for label in menu_labels(screen))
    assert pending_exam(store) is None and store.attempts() == []


async def test_quitting_mid_exam_keeps_the_answers_for_later(make_app: Any, store: Store) -> None:
    app = make_app("exam", options={"exam": "G", "count": 3, "minutes": 5}, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "ExamScreen")
        engine = screen.engine
        n = next(n for n, item in enumerate(engine.items) if item.id in KEYS)
        engine.goto(n)
        await screen.show_current()
        await pilot.press(KEYS[engine.items[n].id], "enter")
        await pilot.pause()
        await pilot.press("f2")  # flag the question now shown
        flagged = engine.index
        await pilot.pause()
    state = pending_exam(store)
    assert state is not None and state.answered == 1 and state.items[n].answer == KEYS[engine.items[n].id]
    assert state.items[flagged].flagged and store.attempts() == []


async def test_resume_option_opens_the_exam_directly(make_app: Any, bank: Any, store: Store) -> None:
    old = interrupted_exam(bank, store)
    app = make_app("home", options={"resume_exam": old.session_id})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, "ExamScreen")
        assert screen.engine.session_id == old.session_id


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLDRILL_HOME": str(home), "DLDRILL_CACHE": str(home / "cache"), "DLDRILL_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "dldrill", *args], capture_output=True, text=True, env=env, timeout=60)


def test_cli_resume_and_discard(bank: Any, tmp_path: Path) -> None:
    out = run_cli("exam", "--resume", home=tmp_path)
    assert out.returncode == 2 and out.stderr.strip() == "dldrill: there is no interrupted mock exam."
    store = Store.open(tmp_path / "progress.db")
    try:
        interrupted_exam(bank, store)
    finally:
        store.close()
    out = run_cli("exam", "--resume", "--count", "3", home=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    out = run_cli("exam", "--discard", home=tmp_path)
    assert out.returncode == 0 and "(1/3 answered)" in out.stdout
    store = Store.open(tmp_path / "progress.db")
    try:
        assert pending_exam(store) is None
    finally:
        store.close()
