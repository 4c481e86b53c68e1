"""Practice and review: one question at a time, feedback with the explanation and worked steps after each answer.

The screen only shows the engine's current item and forwards answers; choosing, grading, recording and
scheduling (including re-queueing a missed review card) all happen in :class:`SessionEngine`.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from dldrill.answer_parsing import AnswerFormatError
from dldrill.tui.screens.common import bind_keys, question_body, question_heading
from dldrill.tui.widgets.answers import AnswerGiven, FreeAnswer, answer_widget
from dldrill.tui.widgets.footer import KeyFooter


class SessionScreen(Screen[None]):
    """Shows ``engine.current``; after an answer shows the feedback and waits for Enter."""

    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine
        self.answered = 0
        self.correct = 0
        self.showing_feedback = False
        self.feedback_serial = 0  # which answer a deferred feedback completion belongs to
        self.done = False

    @property
    def dapp(self) -> Any:
        """The running DldrillApp (typed loosely: Screen.app is declared as a plain App)."""
        return self.app

    @property
    def lang(self) -> str:
        return str(self.dapp.lang)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="status")
        with VerticalScroll(id="body"):
            yield Static(id="question")
            yield Static(id="feedback")
        yield KeyFooter()

    async def on_mount(self) -> None:
        bind_keys(self, self.lang, [("escape", "home", "key.home"), ("ctrl+n", "skip", "key.skip"),
                                    ("ctrl+r", "another", "key.another"), ("enter", "next", "key.next"),
                                    ("ctrl+up", "scroll_body(-3)", ""), ("ctrl+down", "scroll_body(3)", "")])
        await self.show_current()

    def action_scroll_body(self, lines: int) -> None:
        """Scroll a long question or its steps while the answer widget keeps the focus."""
        self.query_one("#body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Footer shows only what makes sense now: Next after feedback, Another only for generated questions."""
        item = self.engine.current
        if action == "next":
            return self.showing_feedback or self.done
        if action == "skip":
            return not self.showing_feedback and not self.done
        if action == "another":
            return item is not None and item.question.type == "generated" and not self.done
        return True

    # -- display ------------------------------------------------------------------------------------
    def _status(self, verdict: Text | None = None) -> None:
        """Progress and score; after an answer the verdict too, where it is seen at once whatever the scroll."""
        t = self.dapp.t
        mode = t("review.title" if self.engine.mode == "review" else "practice.title")
        position = min(self.engine.index + 1, self.engine.total)
        text = Text(f"{t('session.progress', mode=mode, n=position, total=self.engine.total)}   "
                    f"{t('session.score', correct=self.correct, answered=self.answered)}", no_wrap=True,
                    overflow="ellipsis")
        if verdict is not None:
            text.append("   ").append_text(verdict)
        item = self.engine.current
        if item is not None:
            text.append(f"   {question_heading(item)}")
        self.query_one("#status", Static).update(text)

    async def show_current(self) -> None:
        """Draw the current question with a fresh answer widget (or the end-of-session summary)."""
        self.showing_feedback = False
        item = self.engine.current
        for old in self.query("#answer"):
            await old.remove()
        self.query_one("#feedback", Static).update("")
        if item is None:
            self.done = True
            self.query_one("#question", Static).update(
                self.dapp.t("session.done", answered=self.answered, correct=self.correct))
            self.dapp.last_session = None
            self._status()
            self.query_one("#body").focus()
            self.refresh_bindings()
            return
        self.query_one("#question", Static).update(question_body(item.presented, self.lang))
        widget = answer_widget(item.presented, self.lang)
        await self.query_one("#body").mount(widget, after="#question")
        body = self.query_one("#body", VerticalScroll)
        body.scroll_home(animate=False)
        widget.focus(scroll_visible=False)
        # a long question pushes the answer box below the fold: bring it into view (ctrl+↑ scrolls back)
        self.call_after_refresh(body.scroll_to_widget, widget, animate=False)
        self._status()
        self.refresh_bindings()

    # -- input ----------------------------------------------------------------------------------------
    @on(FreeAnswer.Revealed)
    def reveal(self) -> None:
        """Free response: show the model answer and rubric, then the self-grade buttons."""
        from dldrill.render.questions import free_answer_renderable

        item = self.engine.current
        if item is None:
            return
        self.query_one("#feedback", Static).update(free_answer_renderable(item.presented, self.lang))
        self.query_one("#answer", FreeAnswer).show_ratings()

    @on(AnswerGiven)
    def answer(self, event: AnswerGiven) -> None:
        """Forward the answer to the engine; a format error costs nothing and only shows a notice."""
        event.stop()
        item = self.engine.current
        if item is None or self.showing_feedback:
            return
        try:
            if event.self_grade:
                grade = self.engine.submit_self_grade(str(event.answer))
            else:
                grade = self.engine.submit(event.answer)
        except AnswerFormatError as exc:
            self.notify(self.dapp.t("answer.format_error", message=exc.message(self.lang)),
                        severity="warning")
            return
        self.answered += 1
        self.correct += int(grade.correct)
        self.show_feedback(item, grade, keep=event.self_grade)

    def show_feedback(self, item: Any, grade: Any, keep: bool = False) -> None:
        """Paint the verdict at once, then the explanation and worked steps after that frame.

        The verdict (status bar and the top of the feedback) is one short Text, so the frame that answers
        the key press is cheap; the Markdown explanation, the steps (convolution grids), disabling the
        answer widget and the footer change follow in the next frame (issue 6: a key answers within 50 ms).
        """
        from dldrill.render.questions import verdict_text

        self.showing_feedback = True
        self.feedback_serial += 1
        verdict = verdict_text(grade, self.lang)
        if not keep:  # a self-graded free response keeps its model answer on screen meanwhile
            self.query_one("#feedback", Static).update(verdict)
        self._status(verdict)
        # the screen itself is marked for layout, so its after-refresh callbacks wait for this frame
        # (a widget's own refresh reaches the screen later, and the callback would run before the paint)
        self.refresh(layout=True)
        self.call_after_refresh(self._complete_feedback, item, grade, keep, self.feedback_serial)

    def _complete_feedback(self, item: Any, grade: Any, keep: bool, serial: int) -> None:
        from dldrill.render.questions import feedback_renderable

        if not self.showing_feedback or serial != self.feedback_serial or self.app.screen is not self:
            return  # the learner already moved on (next question, or back to Home)
        for widget in self.query("#answer"):
            widget.disabled = True
        feedback = self.query_one("#feedback", Static)
        rendered = feedback_renderable(item.presented, grade, self.lang)
        if keep:  # free response: keep the model answer on screen above the verdict
            from dldrill.render.questions import free_answer_renderable

            rendered = Group(free_answer_renderable(item.presented, self.lang), rendered)
        feedback.update(rendered)
        if self.engine.mode == "review" and not grade.correct:
            self.notify(self.dapp.t("session.requeued"), timeout=3)
        body = self.query_one("#body", VerticalScroll)
        body.focus()
        self.call_after_refresh(body.scroll_to_widget, feedback, top=True, animate=False)
        self.refresh_bindings()

    async def action_next(self) -> None:
        if self.done:
            self.action_home()
            return
        if not self.showing_feedback:
            return
        self.engine.next()
        await self.show_current()

    async def action_skip(self) -> None:
        if self.showing_feedback or self.done:
            return
        self.engine.next()
        await self.show_current()

    async def action_another(self) -> None:
        """A fresh variant of the current generated question (the engine draws it)."""
        item = self.engine.current
        if item is None or item.question.type != "generated":
            return
        self.engine.another_like_this()
        await self.show_current()

    def action_home(self) -> None:
        engine = self.engine
        self.dapp.last_session = engine if not self.done and engine.current is not None else None
        self.app.pop_screen()
