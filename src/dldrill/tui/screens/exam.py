"""The mock exam: countdown, free navigation with 見直し flags, no feedback until submission or time-out.

The engine keeps every answer and grades all of them in :meth:`SessionEngine.finish`; this screen only
shows the current item, forwards answers, flags and moves, and opens the result when the exam ends.  The engine
saves its state to the store after each of those; the timer tick also saves the running clock now and then, so
an exam killed mid-way resumes (from Home or ``dldrill exam --resume``) with little time lost or gained.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.answer_parsing import AnswerFormatError
from dldrill.tui.screens.common import bind_keys, clip, clock_text, question_body, question_heading
from dldrill.tui.widgets.answers import AnswerGiven, answer_widget

URGENT_SECONDS = 300  # the countdown turns red in the last five minutes


class ExamScreen(Screen[None]):
    """One exam question at a time with the remaining time and answered/flag state on the status line."""

    def __init__(self, engine: Any, exam: str = "G") -> None:
        super().__init__()
        self.engine = engine
        self.exam = exam
        self.ended = False

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="exam-status")
        with VerticalScroll(id="body"):
            yield Static(id="question")
        yield Footer()

    async def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("f2", "flag", "key.flag"), ("f3", "navigator", "key.navigator"),
                                         ("ctrl+b", "previous", "key.prev"), ("ctrl+n", "next", "key.next"),
                                         ("f10", "submit", "key.submit_exam"),
                                         ("ctrl+up", "scroll_body(-3)", ""), ("ctrl+down", "scroll_body(3)", "")])
        self.set_interval(0.5, self.tick)
        await self.show_current()

    def on_unmount(self) -> None:
        """Leaving without submitting (the app is quit): save the clock exactly, so the exam resumes where it was."""
        if not self.ended:
            self.engine.save_state()

    def action_scroll_body(self, lines: int) -> None:
        """Scroll a long question while the answer widget keeps the focus."""
        self.query_one("#body", VerticalScroll).scroll_relative(y=lines, animate=False)

    # -- display ------------------------------------------------------------------------------------------
    def status_text(self) -> str:
        t = self.dapp.t
        engine = self.engine
        remaining = engine.remaining_s() or 0.0
        answered = sum(1 for i in engine.items if i.grade is not None)
        item = engine.current
        flag = f"  ⚑ {t('exam.flag')}" if item is not None and item.flagged else ""
        exam = "E資格" if self.exam == "E" else "G検定"
        return (f"{t('exam.title', exam=exam)}  {t('exam.remaining', time=clock_text(remaining))}  "
                f"{t('exam.answered', n=answered, total=engine.total)}  [{engine.index + 1}/{engine.total}]{flag}")

    def tick(self) -> None:
        """Update the countdown; at zero the engine grades everything and the result is shown."""
        if self.ended:
            return
        self.engine.checkpoint()
        if self.engine.timed_out():
            self.notify(self.dapp.t("exam.timeout"), severity="warning", timeout=6)
            self.end_exam()
            return
        status = self.query_one("#exam-status", Static)
        status.update(Text(self.status_text()))
        status.set_class((self.engine.remaining_s() or 0) < URGENT_SECONDS, "-urgent")

    async def show_current(self) -> None:
        """Show the current question with the answer already given (the learner may change it)."""
        item = self.engine.current
        for old in self.query("#answer, #free-note"):
            await old.remove()
        if item is None:
            return
        lang = self.dapp.lang
        self.query_one("#question", Static).update(question_body(item.presented, lang, question_heading(item)))
        body = self.query_one("#body", VerticalScroll)
        body.scroll_home(animate=False)
        if item.presented.kind == "free":
            await body.mount(Static(self.dapp.t("exam.free_note"), id="free-note", classes="hint"))
            body.focus()
        else:
            previous = item.answer if item.grade is not None else ""
            widget = answer_widget(item.presented, lang, previous)
            await body.mount(widget)
            widget.focus(scroll_visible=False)
            # a long question pushes the answer box below the fold: bring it into view (ctrl+↑ scrolls back)
            self.call_after_refresh(body.scroll_to_widget, widget, animate=False)
        # the countdown starts when the first question is on screen, not while the exam was being built
        self.engine.begin()
        self.query_one("#exam-status", Static).update(Text(self.status_text()))

    # -- input ----------------------------------------------------------------------------------------
    @on(AnswerGiven)
    async def answer(self, event: AnswerGiven) -> None:
        """Keep the answer (no verdict is shown) and move on to the next question."""
        event.stop()
        if self.ended or self.engine.current is None:
            return
        try:
            self.engine.submit(event.answer)
        except AnswerFormatError as exc:
            self.notify(self.dapp.t("answer.format_error", message=exc.message(self.dapp.lang)), severity="warning")
            return
        self.notify(self.dapp.t("answer.saved"), timeout=1)
        if self.engine.index + 1 < self.engine.total:
            self.engine.goto(self.engine.index + 1)
        await self.show_current()

    def action_flag(self) -> None:
        flagged = self.engine.toggle_flag()
        self.notify(self.dapp.t("exam.flagged" if flagged else "exam.unflagged"), timeout=2)
        self.query_one("#exam-status", Static).update(Text(self.status_text()))

    async def action_next(self) -> None:
        if self.engine.index + 1 < self.engine.total:
            self.engine.goto(self.engine.index + 1)
            await self.show_current()

    async def action_previous(self) -> None:
        if self.engine.index > 0:
            self.engine.goto(self.engine.index - 1)
            await self.show_current()

    def action_navigator(self) -> None:
        async def jump(index: int | None) -> None:
            if index is not None and not self.ended:
                self.engine.goto(index)
                await self.show_current()

        self.app.push_screen(NavigatorScreen(self.engine, self.dapp.lang), jump)

    def action_submit(self) -> None:
        engine = self.engine
        unanswered = sum(1 for i in engine.items if i.grade is None)
        flagged = sum(1 for i in engine.items if i.flagged)
        text = self.dapp.t("exam.confirm", open=unanswered, flagged=flagged)

        def decided(yes: bool | None) -> None:
            if yes:
                self.end_exam()

        self.app.push_screen(ConfirmScreen(text, self.dapp.lang), decided)

    def end_exam(self) -> None:
        """Grade everything (the engine records each answer) and replace this screen by the result."""
        if self.ended:
            return
        self.ended = True
        result = self.engine.finish()
        from dldrill.tui.screens.result import ResultScreen

        while isinstance(self.app.screen, ModalScreen):
            self.app.pop_screen()
        self.app.switch_screen(ResultScreen(self.engine, result))


class NavigatorScreen(ModalScreen[int | None]):
    """Every question with its state (● answered, ○ open, ⚑ flagged); Enter jumps, Esc closes."""

    def __init__(self, engine: Any, lang: str) -> None:
        super().__init__(classes="modal")
        self.engine = engine
        self.lang = lang

    def compose(self) -> ComposeResult:
        from dldrill.i18n import tr

        options = []
        for n, item in enumerate(self.engine.items):
            state = "●" if item.grade is not None else "○"
            flag = "⚑" if item.flagged else " "
            stem = item.presented.prompt.get(self.lang).replace("\n", " ")
            options.append(Option(Text(clip(f"{n + 1:>3} {state}{flag} {stem}", 62)), id=str(n)))
        with Vertical():
            yield Static(tr("exam.navigator", self.lang), classes="stats-heading")
            yield Static(tr("exam.navigator_hint", self.lang), classes="hint")
            yield OptionList(*options, id="navigator")

    def on_mount(self) -> None:
        bind_keys(self, self.lang, [("escape", "close", "key.back")])
        navigator = self.query_one(OptionList)
        navigator.highlighted = self.engine.index
        navigator.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(str(event.option.id)))

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or Enter confirms, n or Esc goes back."""

    def __init__(self, text: str, lang: str) -> None:
        super().__init__(classes="modal")
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.text, id="confirm-text")

    def on_mount(self) -> None:
        bind_keys(self, self.lang, [("y,enter", "answer(True)", "key.yes"), ("n,escape", "answer(False)", "key.no")])
        self.refresh_bindings()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
