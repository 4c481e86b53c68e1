"""The bank browser: filter questions by syllabus code, topic, type or words, and read one with its key."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.tui.screens.common import bind_keys, clip

MAX_LISTED = 300


def matches(question: Any, query: str) -> bool:
    """``syl:T18``, ``topic:cnn``, ``type:numeric`` and plain words (id and prompt text, either language)."""
    for word in query.lower().split():
        field, _, value = word.partition(":")
        if value and field == "syl":
            if not any(code.lower().startswith(value) for code in question.syllabus):
                return False
        elif value and field == "topic":
            if not any(value in topic for topic in question.topics):
                return False
        elif value and field == "type":
            if question.type != value:
                return False
        else:
            prompt = getattr(question, "prompt", None)
            text = f"{question.id} {' '.join(question.syllabus)} {' '.join(question.topics)}"
            if prompt is not None:
                text += f" {prompt.ja} {prompt.en}"
            if word not in text.lower():
                return False
    return True


class BrowserScreen(Screen[None]):
    """Search box, result list and the highlighted question shown in full."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Any] = []

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.dapp.t("browser.search"), id="browser-search")
        yield Static(id="browser-count", classes="hint")
        yield OptionList(id="browser-list")
        with VerticalScroll(id="browser-detail"):
            yield Static(id="browser-question")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "home", "key.back"), ("down", "to_list", "")])
        self.fill("")
        self.query_one("#browser-search", Input).focus()

    def fill(self, query: str) -> None:
        self.shown = [q for q in self.dapp.questions if matches(q, query)]
        lang = self.dapp.lang
        options = self.query_one("#browser-list", OptionList)
        options.clear_options()
        for n, q in enumerate(self.shown[:MAX_LISTED]):
            prompt = getattr(q, "prompt", None)
            stem = (getattr(prompt, lang) if prompt is not None else q.generator).replace("\n", " ")
            options.add_option(Option(Text(clip(f"{q.type[:4]:<4} {','.join(q.syllabus):<10} {stem}", 74)), id=str(n)))
        self.query_one("#browser-count", Static).update(self.dapp.t("browser.count", n=len(self.shown)))
        if self.shown:
            options.highlighted = 0
            self.show(0)
        else:
            self.query_one("#browser-question", Static).update("")

    @on(Input.Changed, "#browser-search")
    def _search(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#browser-search")
    def _submitted(self) -> None:
        self.action_to_list()

    def action_to_list(self) -> None:
        self.query_one("#browser-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#browser-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(int(str(event.option.id)))

    def show(self, index: int) -> None:
        """The question as a learner sees it (seed 0 for a generated one), then its key and explanation."""
        from dldrill.questions import present
        from dldrill.render.questions import question_renderable

        question = self.shown[index]
        lang = self.dapp.lang
        try:
            presented = present(question, 0)
        except Exception as exc:  # a generator bug must not close the browser
            self.query_one("#browser-question", Static).update(Text(f"{question.id}: {exc}"))
            return
        parts: list[Any] = [question_renderable(presented, lang, f"{question.type}")]
        parts.append(Text(self.dapp.t("browser.key", key=presented.answer_text(lang)), style="bold green"))
        explanation = presented.explanation()
        if explanation is not None:
            from rich.markdown import Markdown

            parts.append(Markdown(explanation.get(lang)))
        self.query_one("#browser-question", Static).update(Group(*parts))

    def action_home(self) -> None:
        self.app.pop_screen()
