"""The Textual App of dldrill: builds its services (store, bank, language) and opens the first screen.

Speed matters for the first screen (issue 6, point 12): the Home screen is drawn from the store alone,
the bank is loaded in a thread worker, and SymPy with the solvers is warmed in another worker after
the first screen, so no heavy import happens before it is needed.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from dldrill.i18n import LANGS, detect_lang, tr


class DldrillApp(App[int]):
    """The study app.  Screens display ``self.bank``/``self.store``/session engines and forward input."""

    CSS_PATH = Path(__file__).with_name("dldrill.tcss")  # absolute: subclasses elsewhere still find it
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, start: str = "home", options: dict[str, Any] | None = None, lang: str | None = None,
                 banks: Sequence[str] = (), *, store: Any = None, bank: Any = None,
                 clock: Callable[[], float] = time.monotonic, seed: int | None = None, today: date | None = None,
                 warm: bool = True) -> None:
        super().__init__()
        self.start_screen = start
        self.options = dict(options or {})
        self.banks = list(banks)
        self.store = store
        self.bank = bank
        self.session_clock = clock
        self.seed = seed
        self.today = today
        self.warm = warm
        self.last_session: Any = None
        self.lang = self._resolve_lang(lang)
        self.title = tr("app.title", self.lang)

    # -- services ------------------------------------------------------------------------------------
    def _resolve_lang(self, explicit: str | None) -> str:
        """``--lang`` first, then the saved setting, then ``DLDRILL_LANG`` and the locale."""
        if explicit in LANGS:
            return str(explicit)
        saved = self.store.setting("lang") if self.store is not None else None
        return str(saved) if saved in LANGS else detect_lang(None)

    @property
    def questions(self) -> list[Any]:
        return list(self.bank.questions) if self.bank is not None else []

    def now_date(self) -> date:
        return self.today or datetime.now(UTC).date()

    def t(self, name: str, /, **fields: object) -> str:
        """A UI string in the current language."""
        return tr(name, self.lang, **fields)

    def on_mount(self) -> None:
        from dldrill.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.store is not None and getattr(self.store, "notice", None):
            self.notify(self.store.notice, severity="warning", timeout=10)
        # background work starts only after the first screen is on the terminal: threads holding the GIL
        # (YAML parsing, SymPy's import) would otherwise delay the first paint
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self.bank is None:
            self.load_bank()
        else:
            self._open_start_screen()
        if self.warm:
            self.warm_solvers()

    @work(thread=True, exclusive=True, group="bank")
    def load_bank(self) -> None:
        """Parse (or read from the cache) the bank off the UI thread."""
        from dldrill.bank.load import load_bank

        try:
            bank = load_bank(self.banks)
        except Exception as exc:  # an unreadable bank directory ends in a message, never a traceback
            self.call_from_thread(self.notify, self.t("app.error", message=str(exc)), severity="error", timeout=15)
            return
        self.call_from_thread(self._bank_loaded, bank)

    def _bank_loaded(self, bank: Any) -> None:
        self.bank = bank
        if bank.problems:
            self.notify(self.t("app.bank_problems", n=len(bank.problems)), severity="warning")
        from dldrill.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_info()
        self._open_start_screen()

    def _open_start_screen(self) -> None:
        opts = self.options
        if self.start_screen == "practice":
            self.start_session("practice", syllabus=opts.get("syllabus") or (), topics=opts.get("topic") or (),
                               exam=opts.get("exam"), count=int(opts.get("count") or 20))
        elif self.start_screen == "review":
            self.start_session("review")
        elif self.start_screen == "exam":
            self.start_session("exam", exam=opts.get("exam") or "G", count=opts.get("count"),
                               minutes=opts.get("minutes"))
        self.start_screen = "home"

    @work(thread=True, group="warm")
    def warm_solvers(self) -> None:
        """Import SymPy and the generator catalog in the background so the first generated question is quick."""
        time.sleep(0.5)  # leave the UI thread alone while the bank is read and the first screen settles
        # only a warm-up: if an import fails, the real import reports it where it is needed
        with contextlib.suppress(ImportError):
            import sympy  # noqa: F401

            import dldrill.generators.catalog  # noqa: F401

    # -- sessions --------------------------------------------------------------------------------------
    def start_session(self, mode: str, **filters: Any) -> None:
        """Build a session engine (presenting questions may import SymPy) in a worker, then show it."""
        if self.bank is None:
            self.notify(self.t("app.loading"))
            return
        from dldrill.tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):  # building may import SymPy: say so where the learner is looking
            self.screen.set_hint(self.t("app.preparing"))
        self._build_session(mode, filters)

    @work(thread=True, group="session")
    def _build_session(self, mode: str, filters: dict[str, Any]) -> None:
        from dldrill.study.session import SessionEngine

        try:
            if mode == "practice":
                engine = SessionEngine.practice(self.questions, self.store, list(filters.get("syllabus", ())),
                                                list(filters.get("topics", ())), filters.get("exam"),
                                                int(filters.get("count", 20)), seed=self.seed)
            elif mode == "review":
                from dldrill.study.scheduler import Scheduler

                engine = SessionEngine.review(self.questions, self.store, Scheduler.from_settings(self.store), seed=self.seed)
            else:
                engine = SessionEngine.exam(self.questions, self.store, filters.get("exam") or "G", filters.get("count"),
                                            filters.get("minutes"), seed=self.seed, clock=self.session_clock)
        except Exception as exc:  # a bad bank or filter must end in a message, never a traceback
            self.call_from_thread(self.notify, self.t("app.error", message=str(exc)), severity="error")
            self.call_from_thread(self._refresh_home)
            return
        self.call_from_thread(self.show_session, engine, filters.get("exam") or "G")

    def show_session(self, engine: Any, exam: str = "G") -> None:
        """Push the screen for a ready engine (or say there is nothing to do)."""
        if engine.total == 0:
            self.notify(self.t("app.nothing_due" if engine.mode == "review" else "app.no_questions"))
            self._refresh_home()
            return
        if engine.mode == "exam":
            from dldrill.tui.screens.exam import ExamScreen

            self.push_screen(ExamScreen(engine, exam))
        else:
            from dldrill.tui.screens.session import SessionScreen

            self.push_screen(SessionScreen(engine))

    def _refresh_home(self) -> None:
        from dldrill.tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_info()

    def set_language(self, lang: str) -> None:
        """Switch the UI language: every screen is rebuilt from Home in the new language."""
        from dldrill.tui.screens.home import HomeScreen

        self.lang = lang
        self.title = tr("app.title", lang)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(HomeScreen())


def make_app(start: str = "home", options: dict[str, Any] | None = None, lang: str | None = None,
             banks: Sequence[str] = (), **services: Any) -> DldrillApp:
    """Build the app with its services; the store is opened here unless one is given (tests pass their own)."""
    if services.get("store") is None:
        from dldrill.study.store import Store

        services["store"] = Store.open()
    return DldrillApp(start, options, lang, banks, **services)


def run_app(screen: str, options: dict[str, Any], lang: str | None, banks: Sequence[str]) -> int:
    """Entry point used by ``dldrill``, ``dldrill practice|review|exam``: returns the exit status."""
    import sys

    from dldrill.study.store import StoreError

    try:
        app = make_app(screen, options, lang, banks)
    except StoreError as exc:
        sys.stderr.write(f"dldrill: {exc}\n")
        return 2
    result = app.run()
    app.store.close()
    return int(result or 0)
