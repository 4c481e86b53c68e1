"""Home: what is due today, and the way into every task of the app (including an interrupted mock exam)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.tui.screens.common import bind_keys


class HomeScreen(Screen[None]):
    """The menu, with today's due count, the overall record and the days left to the exam.

    An exam interrupted by a crash or kill (its state is in the store) is offered first; ``x`` discards it.
    """

    #: the interrupted exam found in the store at the last refresh (an ``ExamState``), if any
    pending: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-info")
        yield OptionList(id="menu")
        yield Static(self.dapp.t("home.hint"), id="home-hint")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("q", "app.quit", "app.quit"), ("x", "discard_exam", "key.discard_exam")])
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
            attempts, correct = store.answer_totals()
            acc = f"{correct / attempts:.0%}" if attempts else "—"
            lines.append(f"[b]{t('home.due', n=due)}[/b]   {t('home.answered', n=attempts, acc=acc)}")
            countdown = store.days_to_exam(app.now_date())
            if countdown is not None:
                lines.append(t("home.exam_date", n=countdown[0], date=countdown[1]))
        lines.append(t("home.bank", n=len(app.bank.questions)) if app.bank is not None else t("app.loading"))
        self.query_one("#home-info", Static).update("\n".join(lines))
        self.set_hint(t("home.hint"))
        self.pending = self._find_pending()
        self._fill_menu()
        self.refresh_bindings()
        if app.bank is not None and app.options.get("resume_exam"):  # ``dldrill exam --resume``
            session_id = app.options.pop("resume_exam")
            self.resume_exam(session_id if isinstance(session_id, str) else None)

    def _find_pending(self) -> Any:
        store = self.dapp.store
        if store is None:
            return None
        from dldrill.study.exam_state import pending_exam

        return pending_exam(store)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The discard key is shown only while there is an interrupted exam."""
        if action == "discard_exam":
            return self.pending is not None
        return True

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
        entries: list[tuple[str, str]] = []
        if self.pending is not None:
            entries.append(("resume-exam", t("home.resume_exam", n=self.pending.answered, total=self.pending.total)))
        entries.append(("review", t("home.review")))
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
        if key == "resume-exam":
            self.resume_exam(self.pending.session_id if self.pending is not None else None)
        elif key == "review":
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

    # -- the interrupted mock exam -----------------------------------------------------------------------
    def resume_exam(self, session_id: str | None = None) -> None:
        """Rebuild the interrupted exam (presenting its questions may import SymPy) and open the exam screen."""
        app = self.dapp
        if app.bank is None:
            app.notify(app.t("app.loading"))
            return
        self.set_hint(app.t("app.preparing"))
        self._build_resumed(session_id)

    @work(thread=True, exclusive=True, group="resume-exam")
    def _build_resumed(self, session_id: str | None) -> None:
        from dldrill.study.exam_state import pending_exam
        from dldrill.study.session import ResumeError, SessionEngine

        app = self.dapp
        try:
            engine = SessionEngine.resume(app.questions, app.store, session_id, clock=app.session_clock)
        except ResumeError:
            gone = pending_exam(app.store, session_id) is None
            app.call_from_thread(app.notify, app.t("exam.nothing_to_resume" if gone else "exam.resume_empty"),
                                 severity="warning")
            app.call_from_thread(self.refresh_info)
            return
        except Exception as exc:  # a damaged saved state ends in a message, never a traceback
            app.call_from_thread(app.notify, app.t("app.error", message=str(exc)), severity="error")
            app.call_from_thread(self.refresh_info)
            return
        app.call_from_thread(self._open_resumed, engine)

    def _open_resumed(self, engine: Any) -> None:
        from dldrill.tui.screens.common import clock_text

        app = self.dapp
        app.notify(app.t("exam.resumed", time=clock_text(engine.remaining_s() or 0.0)), timeout=4)
        if engine.dropped:
            app.notify(app.t("exam.resume_dropped", n=engine.dropped), severity="warning")
        self.set_hint(app.t("home.hint"))
        app.show_session(engine, engine.exam_kind)

    def action_discard_exam(self) -> None:
        """Ask, then close the interrupted exam without recording it."""
        pending = self.pending
        if pending is None:
            return
        from dldrill.tui.screens.exam import ConfirmScreen

        app = self.dapp

        def decided(yes: bool | None) -> None:
            if yes and app.store is not None:
                app.store.discard_session(pending.session_id)
                app.notify(app.t("exam.discarded"))
            self.refresh_info()

        app.push_screen(ConfirmScreen(app.t("exam.discard_confirm", n=pending.answered, total=pending.total), app.lang),
                        decided)
