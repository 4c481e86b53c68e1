"""Pilot tests of the solver, bank browser and settings screens."""

from __future__ import annotations

import re
from typing import Any

from tui_helpers import static_text, wait_for_screen


async def test_solver_form_runs_conv2d_with_worked_steps(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")  # Home: solver
        solver = await wait_for_screen(pilot, "SolverScreen")
        await pilot.press("enter")  # the first problem type: conv2d
        form = await wait_for_screen(pilot, "SolverFormScreen")
        assert form.problem == "conv2d"
        form.query_one("#f-input").value = "[[1,2,0],[0,1,3],[2,1,0]]"
        form.query_one("#f-kernel").value = "[[1,0],[0,1]]"
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.05)
            text = static_text(form.query_one("#solution"))
            if "答え" in text:
                break
        # by hand: out[i][j] = x[i][j] + x[i+1][j+1] → [[1+1, 2+3], [0+1, 1+0]]
        assert re.search(r"2\s+5", text) and re.search(r"1\s+1", text)
        assert "途中式" in text
        assert solver is not None


async def test_solver_bad_input_is_a_message_not_a_crash(make_app: Any) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from dldrill.tui.screens.solver import SolverFormScreen

        app.push_screen(SolverFormScreen("conv2d"))
        form = await wait_for_screen(pilot, "SolverFormScreen")
        form.query_one("#f-input").value = "[[1,2"
        form.query_one("#f-kernel").value = "[[1]]"
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        assert app.screen is form
        assert "Step" not in static_text(form.query_one("#solution"))
        form.query_one("#f-input").value = ""  # a required option left empty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form


async def test_browser_filters_by_topic_and_shows_the_key(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("7")
        browser = await wait_for_screen(pilot, "BrowserScreen")
        assert len(browser.shown) == 6
        await pilot.press(*"topic:cnn")
        await pilot.pause()
        assert [q.id for q in browser.shown] == ["t-single-pad"]
        detail = static_text(browser.query_one("#browser-question"))
        assert "正解: b" in detail and "ゼロパディング" in detail


async def test_settings_switch_language_and_persist(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("9")
        settings = await wait_for_screen(pilot, "SettingsScreen")
        settings.query_one("#retention").value = "1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.setting("desired_retention") is None  # refused: out of range, nothing saved
        settings.query_one("#retention").value = "0.85"
        settings.query_one("#exam-date").value = "2026-07-05"
        settings.query_one("#lang-en").value = True
        await pilot.press("ctrl+s")
        home = await wait_for_screen(pilot, "HomeScreen")
        assert app.lang == "en"
        info = static_text(home.query_one("#home-info"))
        assert "Due today" in info and "125 days to the exam" in info  # 2026-03-02 → 2026-07-05, counted by hand
    assert (store.setting("lang"), store.setting("desired_retention"), store.setting("exam_date")) == ("en", 0.85, "2026-07-05")


async def test_saved_language_is_used_at_start(bank: Any, store: Any) -> None:
    from dldrill.tui.app import DldrillApp

    store.set_setting("lang", "en")
    app = DldrillApp("home", None, None, store=store, bank=bank, warm=False)
    assert app.lang == "en"
    assert DldrillApp("home", None, "ja", store=store, bank=bank, warm=False).lang == "ja"  # --lang wins


async def test_practice_setup_starts_a_session_for_one_item(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")  # Home: practise by section, item or topic
        setup = await wait_for_screen(pilot, "PracticeSetupScreen")
        setup.query_one("#setup-filter").value = "個人情報保護法"  # the title of syllabus item L01
        await pilot.pause()
        options = setup.query_one("#setup-list")
        assert options.option_count == 1 and "L01" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, "SessionScreen")
        assert [i.id for i in screen.engine.items] == ["t-single-law"]


def test_first_screen_modules_do_not_import_sympy_or_markdown() -> None:
    """Home is drawn before any heavy import (issue 6, point 12): checked in a fresh interpreter."""
    import subprocess
    import sys

    code = ("import sys, dldrill.tui.app, dldrill.tui.screens.home; "
            "print(sorted(m for m in ('sympy', 'markdown_it', 'numpy', 'dldrill.bank.load') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
