"""Render a :class:`solvers.steps.Solution` for the terminal with Rich.

Long runs of steps of the same kind (e.g. 36 convolution windows) are folded: the first few are
written out and the rest are summarised, because the result table already shows every value.
JSON output (``--json``) keeps every step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dldrill.bank.japanese import for_display
from dldrill.render.numbers import number_text
from solvers.numbers import fmt
from solvers.steps import Solution, Step

if TYPE_CHECKING:
    from dldrill.render.grid import WindowSource

FOLD_KINDS_AFTER = 6  # steps of one foldable kind written out before folding
FOLDABLE = {"window", "cell", "iteration-detail"}
GRID_WINDOWS = 3  # window steps drawn over the input grid (the rest are written out as text only)

LABELS = {
    "ja": {"answer": "答え", "steps": "途中式", "more": "… ほか {n} 件 (すべての途中式は --json で)", "notes": "注意"},
    "en": {"answer": "Answer", "steps": "Steps", "more": "… {n} more (every step is in --json)", "notes": "Notes"},
}


def _is_flat_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and not any(isinstance(v, list | tuple | dict) for v in value)


def flat_list_text(values: Sequence[Any]) -> str:
    """A 1-D list such as softmax outputs: ``= [1/4, 3/4]``, or ``≈ [0.09, 0.24]`` when the exact forms are long."""
    texts = [number_text(v) for v in values]
    if any("≈" in t for t in texts):
        return "≈ [" + ", ".join(t.split("≈")[-1].strip() for t in texts) + "]"
    return "= [" + ", ".join(texts) + "]"


def _is_matrix(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(r, list | tuple) for r in value) \
        and all(not any(isinstance(c, list | tuple | dict) for c in r) for r in value)


class MatrixView:
    """A 2-D list as a right-aligned grid that fits the width it is given.

    When all columns do not fit (e.g. a 24×24 feature map in 80 columns), the first and last
    columns are kept and a ``…`` column stands for the ones in between, so no number is ever cut
    into ``…`` by the table itself; ``--json`` still has every value.
    """

    GAP = 2  # the table's padding (0, 1) puts two spaces between columns

    def __init__(self, rows: Sequence[Sequence[Any]]) -> None:
        self.cells = [[fmt(c) for c in row] for row in rows]

    def _widths(self) -> list[int]:
        count = max(len(r) for r in self.cells)
        return [max((cell_len(r[j]) for r in self.cells if j < len(r)), default=0) for j in range(count)]

    def _columns(self, max_width: int) -> list[int | None]:
        widths = self._widths()
        count = len(widths)
        if sum(widths) + self.GAP * (count - 1) <= max_width:
            return list(range(count))
        left: list[int] = []
        right: list[int] = []
        used = 1  # the "…" column
        lo, hi = 0, count - 1
        while lo <= hi:
            j = lo if len(left) <= len(right) else hi
            if used + self.GAP + widths[j] > max_width:
                break
            used += self.GAP + widths[j]
            if j == lo:
                left.append(j)
                lo += 1
            else:
                right.insert(0, j)
                hi -= 1
        return [*left, None, *right]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self._widths()
        shown = self._columns(options.max_width)
        width = min(sum(1 if j is None else widths[j] for j in shown) + self.GAP * (len(shown) - 1), options.max_width)
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self._columns(options.max_width)
        table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
        for j in columns:
            table.add_column(justify="right", style="dim" if j is None else "", no_wrap=True)
        for row in self.cells:
            table.add_row(*["…" if j is None else (row[j] if j < len(row) else "") for j in columns])
        yield table


def value_renderable(value: Any) -> RenderableType:
    """A number as text, a 2-D list as a grid table, a 3-D list as one table per slice."""
    if _is_matrix(value):
        return MatrixView(value)
    if isinstance(value, list | tuple) and value and all(_is_matrix(v) for v in value):
        return Group(*[Group(Text(f"[{i}]", style="dim"), value_renderable(v)) for i, v in enumerate(value)])
    if _is_flat_list(value):
        shown = flat_list_text(value)
        return Text(shown[2:] if shown.startswith("=") else shown)
    if isinstance(value, dict):
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(style="bold")
        table.add_column()
        for k, v in value.items():
            table.add_row(str(k), value_renderable(v))
        return table
    return Text(number_text(value))


def step_renderable(index: int, step: Step, lang: str, figure: RenderableType | None = None) -> RenderableType:
    """One numbered step: explanation, general formula, a figure (a window over its grid), substituted = result."""
    # number and text in two columns: a Japanese sentence has no spaces to wrap at, so it folds inside its column
    # (a hanging indent) instead of leaving "1. " alone on the first line
    heading = Table.grid(padding=(0, 1))
    heading.add_column(no_wrap=True, style="bold cyan")
    heading.add_column(overflow="fold")
    heading.add_row(f"{index}.", for_display(step.text.get(lang), lang))
    parts: list[RenderableType] = [heading]
    if step.formula:
        parts.append(Text("   " + step.formula, style="italic dim"))
    if figure is not None:
        parts.append(figure)
    if step.substituted:
        line = Text("   " + step.substituted)
        if step.result is not None and not _is_matrix(step.result) and not isinstance(step.result, dict | list):
            shown = number_text(step.result, after=step.substituted)
            line.append(" " if shown.startswith("≈") else " = ")
            line.append(shown, style="bold")
        elif _is_flat_list(step.result):
            line.append(" " + flat_list_text(step.result), style="bold")
        parts.append(line)
    if step.result is not None and (_is_matrix(step.result) or isinstance(step.result, dict)):
        parts.append(Panel.fit(value_renderable(step.result), border_style="dim"))
    elif step.result is not None and not step.substituted:
        shown = flat_list_text(step.result).lstrip("= ") if _is_flat_list(step.result) else number_text(step.result)
        parts.append(Text.assemble("   → ", (shown, "bold")))
    return Group(*parts)


def solution_renderable(solution: Solution, lang: str) -> RenderableType:
    """The whole worked solution, with foldable step runs folded (convolution windows drawn over the input)."""
    from dldrill.render.grid import window_source

    labels = LABELS.get(lang, LABELS["ja"])
    items: list[RenderableType] = [solution_steps_renderable(solution.steps, lang, window_source(solution))]
    for note in solution.notes:
        items.append(Text.assemble((f"{labels['notes']}: ", "yellow"), for_display(note.get(lang), lang)))
    items.append(Panel.fit(value_renderable(solution.answer), title=labels["answer"], border_style="green"))
    return Group(*items)


def solution_steps_renderable(steps: Sequence[Step], lang: str, source: WindowSource | None = None,
                              focus: tuple[int, int] | None = None) -> RenderableType:
    """Numbered steps under a heading, long runs of window/cell steps folded.

    With a ``source`` (see :func:`dldrill.render.grid.window_source`) the first ``GRID_WINDOWS`` windows
    are drawn over the input grid; the window of output cell ``focus`` (row, column from 0) is always
    written out and drawn, even inside a folded run, because it is the one a question asked about.
    """
    from dldrill.render.grid import window_view

    labels = LABELS.get(lang, LABELS["ja"])
    items: list[RenderableType] = [Text(labels["steps"], style="bold underline")]
    shown: dict[str, int] = {}
    folded: dict[str, int] = {}
    drawn = 0
    solution_steps = list(steps)

    def flush(kind: str) -> None:
        if folded.get(kind):
            items.append(Text("   " + labels["more"].format(n=folded.pop(kind)), style="dim"))

    for i, step in enumerate(solution_steps, 1):
        focused = focus is not None and step.kind == "window" \
            and (step.data.get("row"), step.data.get("col")) == focus
        if step.kind in FOLDABLE and not focused:
            shown[step.kind] = shown.get(step.kind, 0) + 1
            if shown[step.kind] > FOLD_KINDS_AFTER:
                folded[step.kind] = folded.get(step.kind, 0) + 1
                nxt = solution_steps[i] if i < len(solution_steps) else None
                if nxt is None or nxt.kind != step.kind:
                    flush(step.kind)
                continue
        if focused:
            flush(step.kind)
        view = None
        if source is not None and step.kind == "window" and (drawn < GRID_WINDOWS or focused):
            view = window_view(step, source, lang)
            drawn += view is not None
        items.append(step_renderable(i, step, lang, view))
    return Group(*items)


def print_solution(solution: Solution, lang: str, console: Console | None = None) -> None:
    """Print the worked solution; respects NO_COLOR and plain output when piped (Rich does both)."""
    (console or Console()).print(solution_renderable(solution, lang))
