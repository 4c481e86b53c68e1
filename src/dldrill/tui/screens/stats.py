"""Statistics: accuracy per section and item, a 28-day activity chart, weakest items, upcoming reviews, readiness.

Every figure comes from :func:`dldrill.study.stats.compute_stats`; this screen lays it out.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from dldrill.study.sections import section_title
from dldrill.study.stats import readiness_how
from dldrill.tui.screens.common import bind_keys

SCOPES = (None, "G", "E")


def pct(value: float | None) -> str:
    """A rate as a whole percentage, or — when there is nothing to count."""
    return "—" if value is None else f"{value:.0%}"


class StatsScreen(Screen[None]):
    """The learner's record; ``g``/``e``/``a`` switch the readiness scope between G検定, E資格 and both."""

    def __init__(self) -> None:
        super().__init__()
        self.scope: str | None = None

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        t = self.dapp.t
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="stats-summary")
            yield Static(id="activity-label", classes="stats-heading")
            yield Sparkline([0], id="activity")
            yield Static(id="activity-axis", classes="hint")
            yield Static(id="readiness")
            yield Static(t("stats.by_section"), classes="stats-heading")
            yield DataTable(id="section-table", cursor_type="none", zebra_stripes=True)
            yield Static(t("stats.weakest"), classes="stats-heading")
            yield Static(id="weakest")
            yield Static(t("stats.upcoming"), classes="stats-heading")
            yield Static(id="upcoming")
            yield Static(t("stats.by_item"), classes="stats-heading")
            yield DataTable(id="item-table", cursor_type="none", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "home", "key.home"), ("g", "scope('G')", "key.scope"),
                                         ("e", "scope('E')", ""), ("a", "scope('')", "")])
        self.draw()
        self.query_one("#body").focus()

    def action_scope(self, exam: str) -> None:
        self.scope = exam or None
        self.draw()

    def action_home(self) -> None:
        self.app.pop_screen()

    def draw(self) -> None:
        from dldrill.study.stats import compute_stats

        app = self.dapp
        t = app.t
        lang = app.lang
        stats = compute_stats(app.store, app.questions, today=app.now_date(), exam=self.scope)
        scope = {"G": "G検定", "E": "E資格"}.get(self.scope or "", t("stats.all"))
        summary = t("stats.summary", attempts=stats["attempts"], correct=stats["correct"], acc=pct(stats["accuracy"]),
                    due=stats["due"], week=stats["due_next_7_days"])
        self.query_one("#stats-summary", Static).update(Text(summary + "\n" + t("stats.exam_filter", exam=scope)))
        activity = stats["activity"]
        self.query_one("#activity-label", Static).update(
            t("stats.activity", start=activity[0]["date"], end=activity[-1]["date"]))
        counts = [d["attempts"] for d in activity]
        self.query_one("#activity", Sparkline).data = counts
        self.query_one("#activity-axis", Static).update(Text(t("stats.activity_axis", top=max(counts), total=sum(counts))))
        r = stats["readiness"]
        readiness = Text()
        if r.get("score") is not None:
            readiness.append(t("stats.readiness", score=pct(r["score"]), coverage=pct(r["coverage"])) + "\n", style="bold")
            readiness.append(readiness_how(lang), style="dim")
        self.query_one("#readiness", Static).update(readiness)
        sections = self.query_one("#section-table", DataTable)
        sections.clear(columns=True)
        sections.add_columns(t("result.section"), t("stats.attempts"), t("result.correct"), t("result.accuracy"))
        for code, e in stats["by_section"].items():
            sections.add_row(section_title(code, lang), str(e["attempts"]), str(e["correct"]), pct(e["accuracy"]))
        weakest = ", ".join(f"{w['syllabus']} {pct(w['accuracy'])} ({w['correct']}/{w['attempts']})" for w in stats["weakest"])
        self.query_one("#weakest", Static).update(Text(weakest or t("stats.none")))
        upcoming = "\n".join(f"{u['due'][:16].replace('T', ' ')}  {u['id']}" for u in stats["upcoming"])
        self.query_one("#upcoming", Static).update(Text(upcoming or t("stats.none")))
        items = self.query_one("#item-table", DataTable)
        items.clear(columns=True)
        items.add_columns(t("stats.item"), t("stats.attempts"), t("result.correct"), t("result.accuracy"))
        for code, e in stats["by_syllabus"].items():
            items.add_row(code, str(e["attempts"]), str(e["correct"]), pct(e["accuracy"]))
