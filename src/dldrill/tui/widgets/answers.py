"""Answer widgets, one per kind of question: they collect the learner's input and post ``AnswerGiven``.

They never grade: the screen forwards the answer to the session engine ("attributes down, messages up").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

from dldrill.grading import LABELS
from dldrill.i18n import tr

RATINGS = ("again", "hard", "good", "easy")


def option_prompt(label: str, text: str) -> Table:
    """Label and option side by side, the text wrapping under itself: a long Japanese option has no spaces
    to break at, so as one Text it would jump whole to the line below its label."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(label), Text(text))  # Text, not str: "[x]" must not be read as markup
    return grid


class AnswerGiven(Message):
    """The learner's answer: text, a list of blank texts, or a self-grade rating (``self_grade=True``)."""

    def __init__(self, answer: str | list[str], self_grade: bool = False) -> None:
        super().__init__()
        self.answer = answer
        self.self_grade = self_grade


class ChoiceAnswer(OptionList):
    """Single choice or ○/×: ``a``–``d`` or ``1``–``4`` highlight an option, Enter submits its label."""

    def __init__(self, options: Sequence[str], keys: Sequence[str] = (), answer_labels: Sequence[str] = (),
                 selected: int | None = None, **kwargs: Any) -> None:
        self.keys = list(keys) or [LABELS[i] for i in range(len(options))]
        self.answer_labels = list(answer_labels) or [LABELS[i] for i in range(len(options))]
        prompts = [option_prompt(f"{self.keys[i]})", text) for i, text in enumerate(options)]
        super().__init__(*prompts, **kwargs)
        self.initial = selected

    def on_mount(self) -> None:
        if self.initial is not None:
            self.highlighted = self.initial

    def index_for_key(self, key: str | None) -> int | None:
        """Which option a typed character picks: its label or its 1-based number."""
        if not key:
            return None
        key = key.lower()
        if key in self.keys:
            return self.keys.index(key)
        if key.isdigit() and 1 <= int(key) <= self.option_count:
            return int(key) - 1
        return None

    def on_key(self, event: events.Key) -> None:
        index = self.index_for_key(event.character)
        if index is not None:
            self.highlighted = index
            event.stop()
            event.prevent_default()

    def action_select(self) -> None:
        if self.highlighted is not None and not self.disabled:
            self.post_message(AnswerGiven(self.answer_labels[self.highlighted]))


class MultipleAnswer(ChoiceAnswer):
    """Select all that apply: a label, number or space toggles a mark; Enter submits the marked labels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_mark", "✓", show=False)]

    def __init__(self, options: Sequence[str], marked: Sequence[int] = (), **kwargs: Any) -> None:
        self.texts = list(options)
        super().__init__(options, **kwargs)
        self.marked: set[int] = set(marked)

    def on_mount(self) -> None:
        for i in range(len(self.texts)):
            self._redraw(i)

    def _redraw(self, index: int) -> None:
        box = "[x]" if index in self.marked else "[ ]"
        self.replace_option_prompt_at_index(index, option_prompt(f"{box} {self.keys[index]})", self.texts[index]))

    def on_key(self, event: events.Key) -> None:
        index = self.index_for_key(event.character)
        if index is not None:
            self.highlighted = index
            self.action_toggle_mark()
            event.stop()
            event.prevent_default()

    # not `action_toggle`: that name is DOMNode's built-in attribute toggle (with an argument)
    def action_toggle_mark(self) -> None:
        if self.highlighted is None:
            return
        self.marked ^= {self.highlighted}
        self._redraw(self.highlighted)

    def action_select(self) -> None:
        if not self.disabled:
            self.post_message(AnswerGiven(",".join(LABELS[i] for i in sorted(self.marked))))


class TextAnswer(Input):
    """A number, a matrix or an ordering typed on one line; Enter submits."""

    def __init__(self, placeholder: str, value: str = "", **kwargs: Any) -> None:
        super().__init__(value=value, placeholder=placeholder, **kwargs)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(AnswerGiven(event.value))


class ClozeAnswer(Vertical):
    """One input per blank; Enter moves to the next blank and submits from the last one."""

    def __init__(self, blanks: Sequence[Any], lang: str, values: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.blanks = list(blanks)
        self.lang = lang
        self.values = list(values)

    def compose(self) -> ComposeResult:
        for n, blank in enumerate(self.blanks):
            hint = tr("answer.blank", self.lang, n=n + 1)
            if hasattr(blank, "choices"):
                hint += "  " + "  ".join(f"{LABELS[i]}) {getattr(c, self.lang)}" for i, c in enumerate(blank.choices))
            yield Label(hint, classes="blank-label")
            yield Input(value=self.values[n] if n < len(self.values) else "", id=f"blank-{n}", classes="blank")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
            return
        self.post_message(AnswerGiven([i.value for i in inputs]))

    def focus(self, scroll_visible: bool = True) -> ClozeAnswer:
        inputs = list(self.query(Input))
        if inputs:
            inputs[0].focus(scroll_visible)
        return self


class FreeAnswer(Vertical):
    """Free response: Enter reveals the model answer (the screen shows it), then 1–4 grade oneself."""

    class Revealed(Message):
        """The learner asked to see the model answer."""

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield RevealPrompt(tr("answer.free_reveal", self.lang), id="reveal")

    def show_ratings(self) -> None:
        """Replace the reveal prompt by the four self-grades."""
        self.query_one("#reveal").remove()
        labels = [tr(f"answer.{r}", self.lang) for r in RATINGS]
        ratings = ChoiceAnswer(labels, keys=["1", "2", "3", "4"], answer_labels=RATINGS, id="ratings")
        self.mount(Label(tr("answer.self_grade", self.lang)), ratings)
        ratings.focus()

    @on(AnswerGiven)
    def _rating(self, event: AnswerGiven) -> None:
        if not event.self_grade and isinstance(event.answer, str) and event.answer in RATINGS:
            event.stop()
            self.post_message(AnswerGiven(event.answer, self_grade=True))

    def focus(self, scroll_visible: bool = True) -> FreeAnswer:
        for widget in self.query("#reveal, #ratings"):
            widget.focus(scroll_visible)
        return self


class RevealPrompt(Static, can_focus=True):
    """A focusable line that reveals the model answer on Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "reveal", "Reveal", show=False)]

    def action_reveal(self) -> None:
        self.post_message(FreeAnswer.Revealed())


def answer_widget(presented: Any, lang: str, previous: str = "") -> Widget:
    """The widget for one presented question (``previous``: an answer already given, in an exam)."""
    kind = presented.kind
    options = [o.get(lang) for o in presented.options]
    labels = list(LABELS[:len(options)])  # a list, so "" is never "in" it (a string would contain "")
    if kind == "choice":
        selected = labels.index(previous) if previous in labels else None
        return ChoiceAnswer(options, selected=selected, id="answer")
    if kind == "multiple":
        marked = [labels.index(p.strip()) for p in previous.split(",") if p.strip() in labels]
        return MultipleAnswer(options, marked=marked, id="answer")
    if kind == "truefalse":
        labels = [tr("answer.true", lang), tr("answer.false", lang)]
        selected = {"o": 0, "x": 1}.get(previous)
        return ChoiceAnswer(labels, keys=["o", "x"], answer_labels=["o", "x"], selected=selected, id="answer")
    if kind == "cloze":
        values = [v.strip() for v in previous.split(" / ")] if previous else []
        return ClozeAnswer(presented.question.blanks, lang, values, id="answer")
    if kind == "free":
        return FreeAnswer(lang, id="answer")
    hint = {"matrix": "answer.matrix", "ordering": "answer.ordering"}.get(kind, "answer.number")
    placeholder = presented.hint.get(lang) if presented.hint is not None else tr(hint, lang)
    if presented.unit is not None:
        placeholder += f"  [{presented.unit.get(lang)}]"
    return TextAnswer(placeholder, previous, id="answer")
