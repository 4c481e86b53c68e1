"""Statistics for the terminal: accuracy tables by section and item, a daily activity bar chart, readiness."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """A one-line bar chart (Unicode blocks), scaled to the largest value."""
    top = max(values) if values else 0
    if top == 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(8, round(v / top * 8))] for v in values)


def print_stats(stats: dict[str, Any], lang: str, console: Console | None = None) -> None:
    console = console or Console()
    ja = lang == "ja"
    acc = stats["accuracy"]
    console.print(f"{'解答数' if ja else 'Attempts'}: {stats['attempts']}   {'正解' if ja else 'Correct'}: {stats['correct']}"
                  f"   {'正答率' if ja else 'Accuracy'}: {'—' if acc is None else f'{acc:.0%}'}   "
                  f"{'今日の復習' if ja else 'Due today'}: {stats['due']}")
    activity = stats["activity"]
    console.print(f"{'直近28日の解答数' if ja else 'Answers, last 28 days'}: {sparkline([d['attempts'] for d in activity])}"
                  f"  ({activity[0]['date']} → {activity[-1]['date']})")
    table = Table(title="シラバス項目別" if ja else "By syllabus item")
    for col in (("項目" if ja else "Item"), ("解答" if ja else "Attempts"), ("正答率" if ja else "Accuracy")):
        table.add_column(col, justify="right")
    for code, e in stats["by_syllabus"].items():
        table.add_row(code, str(e["attempts"]), "—" if e["accuracy"] is None else f"{e['accuracy']:.0%}")
    if stats["by_syllabus"]:
        console.print(table)
    if stats["weakest"]:
        console.print(("苦手な項目: " if ja else "Weakest items: ")
                      + ", ".join(f"{w['syllabus']} ({w['accuracy']:.0%})" for w in stats["weakest"][:5]))
    r = stats["readiness"]
    if r.get("score") is not None:
        console.print(f"{'合格準備度 (推定得点率)' if ja else 'Readiness (estimated score)'}: {r['score']:.0%}"
                      f"  ({'カバー率' if ja else 'coverage'} {r['coverage']:.0%})")
        console.print(r["how"], style="dim")
