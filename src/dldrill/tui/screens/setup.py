"""Choosing what to practise: a whole exam, a syllabus section or item, or a topic, filtered as you type."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from dldrill.tui.screens.common import bind_keys

COUNT_STEPS = (5, 10, 20, 30, 50, 100)


def practice_targets(questions: list[Any], lang: str) -> list[tuple[str, dict[str, Any]]]:
    """Every way to narrow practice that has questions: (label, filters for ``SessionEngine.practice``)."""
    from dldrill.bank.syllabus import load_syllabus
    from dldrill.i18n import tr

    by_code: Counter[str] = Counter(c for q in questions for c in q.syllabus)
    by_topic: Counter[str] = Counter(t for q in questions for t in q.topics)
    targets: list[tuple[str, dict[str, Any]]] = [
        (tr("setup.all", lang, exam="G検定"), {"exam": "G"}), (tr("setup.all", lang, exam="E資格"), {"exam": "E"})]
    items = load_syllabus().items
    sections: dict[str, list[str]] = {}
    for item in items:
        key = item.code.split("-")[0] if item.exam == "E" else item.section
        sections.setdefault(key, []).append(item.code)
    for key, codes in sections.items():
        if sum(by_code[c] for c in codes):
            title = next(i.section for i in items if i.code == codes[0])
            code = key if key.startswith("E") else codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"
            targets.append((tr("setup.section", lang, code=code, title=title), {"syllabus": codes}))
    for item in items:
        if by_code[item.code]:
            targets.append((f"{item.code} {item.title} ({by_code[item.code]})", {"syllabus": [item.code]}))
    for topic, n in sorted(by_topic.items()):
        targets.append((tr("setup.topic", lang, topic=f"{topic} ({n})"), {"topics": [topic]}))
    return targets


class PracticeSetupScreen(Screen[None]):
    """Type to filter, ↑↓ and Enter to start; + and − change the number of questions."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 20
        self.targets: list[tuple[str, dict[str, Any]]] = []

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.dapp.t("setup.filter"), id="setup-filter")
        yield Static(id="setup-count", classes="hint")
        yield OptionList(id="setup-list")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "home", "key.back"), ("ctrl+up", "count(1)", "key.more"),
                                         ("ctrl+down", "count(-1)", "key.less"), ("down", "to_list", "")])
        self.targets = practice_targets(self.dapp.questions, self.dapp.lang)
        self.fill("")
        self.action_count(0)
        self.query_one("#setup-filter", Input).focus()

    def fill(self, query: str) -> None:
        words = query.lower().split()
        options = self.query_one("#setup-list", OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=str(n)) for n, (label, _) in enumerate(self.targets)
                             if all(w in label.lower() for w in words)])
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#setup-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#setup-filter")
    def _start_first(self) -> None:
        self.query_one("#setup-list", OptionList).action_select()

    def action_to_list(self) -> None:
        self.query_one("#setup-list", OptionList).focus()

    def action_count(self, step: int) -> None:
        position = COUNT_STEPS.index(self.count) if self.count in COUNT_STEPS else 2
        self.count = COUNT_STEPS[max(0, min(len(COUNT_STEPS) - 1, position + step))]
        self.query_one("#setup-count", Static).update(
            self.dapp.t("setup.count", n=self.count) + "  (ctrl+↑ / ctrl+↓)")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        _, filters = self.targets[int(str(event.option.id))]
        self.app.pop_screen()
        self.dapp.start_session("practice", count=self.count, **filters)

    def action_home(self) -> None:
        self.app.pop_screen()
