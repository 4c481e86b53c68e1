"""Home: what is due today, and the way into every task of the app."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.tui.screens.common import bind_keys


class HomeScreen(Screen[None]):
    """The menu, with today's due count, the overall record and the days left to the exam."""


    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-info")
        yield OptionList(id="menu")
        yield Static(self.app.t("home.hint"), id="home-hint")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("q", "app.quit", "app.quit")])
        self.refresh_info()
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_info()

    @property
    def dapp(self) -> Any:
        return self.app

    def refresh_info(self) -> None:
        """Redraw the counts and the menu (called again when the bank has loaded or a session ended)."""
        app = self.dapp
        t = app.t
        lines: list[str] = []
        store = app.store
        if store is not None:
            from dldrill.study.store import now_iso

            due = len(store.due_cards(now_iso()))
            row = store.conn.execute("SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM attempts").fetchone()
            attempts, correct = int(row[0]), int(row[1])
            acc = f"{correct / attempts:.0%}" if attempts else "—"
            lines.append(f"[b]{t('home.due', n=due)}[/b]   {t('home.answered', n=attempts, acc=acc)}")
            exam_date = store.setting("exam_date")
            if exam_date:
                try:
                    days = (date.fromisoformat(str(exam_date)) - app.now_date()).days
                    lines.append(t("home.exam_date", n=days, date=exam_date))
                except ValueError:
                    pass
        lines.append(t("home.bank", n=len(app.bank.questions)) if app.bank is not None else t("app.loading"))
        self.query_one("#home-info", Static).update("\n".join(lines))
        self.set_hint(t("home.hint"))
        self._fill_menu()

    def set_hint(self, text: str) -> None:
        """The line under the menu: how to use it, or what the app is busy with."""
        self.query_one("#home-hint", Static).update(text)

    def _fill_menu(self) -> None:
        app = self.dapp
        t = app.t
        # the engine module pulls in NumPy: read its exam defaults only once the bank is there (first paint stays light)
        defaults = {"G": ("…", "…"), "E": ("…", "…")}
        if app.bank is not None:
            from dldrill.study.session import EXAM_DEFAULTS

            defaults = {k: (str(c), str(m)) for k, (c, m) in EXAM_DEFAULTS.items()}
        entries: list[tuple[str, str]] = [("review", t("home.review"))]
        last = app.last_session
        if last is not None and not last.finished and last.current is not None:
            entries.append(("resume", t("home.resume", done=last.index, total=last.total)))
        entries += [
            ("continue", t("home.continue")),
            ("practice", t("home.practice")),
            ("exam-G", t("home.exam_g", count=defaults["G"][0], minutes=defaults["G"][1])),
            ("exam-E", t("home.exam_e", count=defaults["E"][0], minutes=defaults["E"][1])),
            ("solver", t("home.solver")),
            ("browser", t("home.browser")),
            ("stats", t("home.stats")),
            ("settings", t("home.settings")),
        ]
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options([Option(f"{n}. {label}" if n < 10 else f"   {label}", id=key)
                          for n, (key, label) in enumerate(entries, 1)])
        menu.highlighted = min(highlighted or 0, len(entries) - 1)

    def on_key(self, event: Any) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            menu = self.query_one("#menu", OptionList)
            index = int(event.character) - 1
            if index < menu.option_count:
                menu.highlighted = index
                menu.action_select()
                event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open(str(event.option.id))

    def open(self, key: str) -> None:
        """Go where a menu entry leads."""
        app = self.dapp
        if key == "review":
            app.start_session("review")
        elif key == "resume":
            app.show_session(app.last_session)
        elif key == "continue":
            app.start_session("practice", count=20)
        elif key == "practice":
            from dldrill.tui.screens.setup import PracticeSetupScreen

            if app.bank is None:
                app.notify(app.t("app.loading"))
                return
            app.push_screen(PracticeSetupScreen())
        elif key.startswith("exam-"):
            app.start_session("exam", exam=key[-1])
        elif key == "solver":
            from dldrill.tui.screens.solver import SolverScreen

            app.push_screen(SolverScreen())
        elif key == "browser":
            from dldrill.tui.screens.browser import BrowserScreen

            if app.bank is None:
                app.notify(app.t("app.loading"))
                return
            app.push_screen(BrowserScreen())
        elif key == "stats":
            from dldrill.tui.screens.stats import StatsScreen

            app.push_screen(StatsScreen())
        elif key == "settings":
            from dldrill.tui.screens.settings import SettingsScreen

            app.push_screen(SettingsScreen())
