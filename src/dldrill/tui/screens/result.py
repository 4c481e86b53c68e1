"""The mock-exam result: score, a table by syllabus section with time spent, and a walk through wrong answers."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.study.sections import section_title
from dldrill.tui.screens.common import (
    bind_keys,
    clip,
    clock_text,
    question_body,
    question_heading,
)


class ResultScreen(Screen[None]):
    """What the engine's ``finish()`` returned, laid out; Enter on a wrong answer opens its explanation."""

    def __init__(self, engine: Any, result: dict[str, Any]) -> None:
        super().__init__()
        self.engine = engine
        self.result = result

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        t = self.dapp.t
        r = self.result
        pct = f"{r['correct'] / r['total']:.0%}" if r["total"] else "—"
        summary = t("result.score", correct=r["correct"], total=r["total"], pct=pct, answered=r["answered"],
                    time=clock_text(r["time_ms"] / 1000))
        if r.get("timed_out"):
            summary += "  " + t("result.timed_out")
        if self.engine.mode == "exam" and self.engine.store is not None and not getattr(self.engine, "recorded", True):
            summary += "\n" + t("result.already_recorded")
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(f"[b]{t('result.title')}[/b]\n{summary}", id="result-summary")
            yield DataTable(id="result-table", cursor_type="none", zebra_stripes=True)
            yield Static(t("result.wrong_heading") if r["wrong"] else t("result.all_right"), classes="stats-heading")
            yield OptionList(id="wrong-list")
        yield Footer()

    def on_mount(self) -> None:
        t = self.dapp.t
        lang = self.dapp.lang
        bind_keys(self, lang, [("escape", "home", "key.home")])
        table = self.query_one("#result-table", DataTable)
        table.add_columns(t("result.section"), t("result.correct"), t("result.accuracy"), t("result.time"))
        for section, entry in sorted(self.result["by_section"].items()):
            accuracy = f"{entry['correct'] / entry['total']:.0%}" if entry["total"] else "—"
            table.add_row(section_title(section, lang), f"{entry['correct']}/{entry['total']}", accuracy,
                          clock_text(entry["time_ms"] / 1000))
        wrong = self.query_one("#wrong-list", OptionList)
        for n in self.result["wrong"]:
            item = self.engine.items[n]
            stem = item.presented.prompt.get(lang).replace("\n", " ")
            wrong.add_option(Option(Text(clip(f"{n + 1:>3}. [{', '.join(item.question.syllabus)}] {stem}", 74)), id=str(n)))
        wrong.display = bool(self.result["wrong"])
        if self.result["wrong"]:
            wrong.highlighted = 0
        wrong.focus()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        positions = list(self.result["wrong"])
        self.app.push_screen(WrongAnswerScreen(self.engine, positions, positions.index(int(str(event.option.id)))))

    def action_home(self) -> None:
        self.app.pop_screen()


class WrongAnswerScreen(ModalScreen[None]):
    """One wrong answer: the question, what was answered, the key, the explanation and the worked steps."""

    def __init__(self, engine: Any, positions: list[int], at: int) -> None:
        super().__init__(classes="modal")
        self.engine = engine
        self.positions = positions
        self.at = at

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(), VerticalScroll(id="wrong-detail"):
            yield Static(id="wrong-body")

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "close", "key.back"), ("left", "move(-1)", "key.prev"),
                                         ("right", "move(1)", "key.next")])
        self.draw()
        self.query_one("#wrong-detail").focus()

    def draw(self) -> None:
        from dldrill.render.questions import feedback_renderable

        lang = self.dapp.lang
        t = self.dapp.t
        item = self.engine.items[self.positions[self.at]]
        p = item.presented
        parts: list[Any] = [Text(f"{self.at + 1}/{len(self.positions)}   {t('app.modal_keys')}", style="dim"),
                            question_body(p, lang, question_heading(item))]
        from dldrill.grading import LABELS

        for i, option in enumerate(p.options if p.kind in ("choice", "multiple") else ()):
            parts.append(Text(f"  {LABELS[i]}) {option.get(lang)}"))
        answer = item.answer if item.grade is not None else t("result.no_answer")
        parts.append(Text(t("result.your_answer", answer=answer), style="bold"))
        if item.grade is not None:
            parts.append(feedback_renderable(p, item.grade, lang))
        else:
            parts.append(Text(t("result.key", key=p.answer_text(lang)), style="bold green"))
            explanation = p.explanation()
            if explanation is not None:
                from rich.markdown import Markdown

                parts.append(Markdown(explanation.get(lang)))
            if p.steps:  # convolution and pooling windows drawn over the input grid
                from dldrill.render.questions import worked_steps_renderable

                parts.append(worked_steps_renderable(p, lang))
        self.query_one("#wrong-body", Static).update(Group(*parts))

    def action_move(self, step: int) -> None:
        self.at = max(0, min(len(self.positions) - 1, self.at + step))
        self.draw()

    def action_close(self) -> None:
        self.dismiss(None)
