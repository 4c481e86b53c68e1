"""The window of a convolution or pooling step drawn over its (padded) input grid, next to the kernel.

A ``window`` step of ``solvers.conv.conv2d`` or ``solvers.pooling.pool2d`` only says where the window
sits (``top``, ``left``, ``kernel`` size, ``dilation``, ``channel``, ``filter`` in its ``data``); the grids it
refers to live in the solution: the padded input is the result of the padding step (or the input itself
when nothing is padded) and the kernel is in ``solution.inputs``.  :func:`window_source` gathers them once,
:func:`window_view` draws one step.  Window cells are both styled (reverse, bold) and bracketed
(``[3]``) so the window still reads without colour (``NO_COLOR``, pipes, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from solvers.numbers import fmt
from solvers.steps import Solution, Step

Grid = Sequence[Sequence[Any]]

TITLES = {"ja": {"input": "入力 (パディング後)", "plain": "入力", "kernel": "カーネル"},
          "en": {"input": "Input (padded)", "plain": "Input", "kernel": "Kernel"}}
WINDOW_STYLE = "bold reverse"
PAD_STYLE = "dim"
GAP = 3  # cells between the input grid and the kernel when they sit side by side


def _depth(value: Any) -> int:
    """Nesting depth of a list of lists (a number is 0, a matrix 2)."""
    depth = 0
    while isinstance(value, list | tuple) and value:
        depth += 1
        value = value[0]
    return depth


def _channels(value: Any) -> list[Grid]:
    """An H×W or C×H×W value as a list of H×W grids."""
    return list(value) if _depth(value) == 3 else [value]


@dataclass(frozen=True)
class WindowSource:
    """The grids window steps point into: the padded input per channel, the padding, the kernel (conv only)."""

    images: list[Grid]
    pads: tuple[int, int, int, int]  # top, bottom, left, right
    kernel: Any = None  # as given to conv2d: KH×KW, C×KH×KW or F×C×KH×KW; None for pooling

    def image(self, data: Mapping[str, Any]) -> Grid | None:
        channel = data.get("channel") or 0
        return self.images[channel] if 0 <= channel < len(self.images) else None

    def weights(self, data: Mapping[str, Any]) -> Grid | None:
        """The KH×KW slice of the kernel that the step multiplies with."""
        kernel, depth = self.kernel, _depth(self.kernel)
        channel, filt = data.get("channel") or 0, data.get("filter") or 0
        try:
            if depth == 2:
                return list(kernel)
            if depth == 3:
                return list(kernel[channel])
            if depth == 4:
                return list(kernel[filt][channel])
        except (IndexError, TypeError):
            return None
        return None


def window_source(solution: Solution | None) -> WindowSource | None:
    """The input and kernel of a conv2d or pool2d solution, or None for any other problem."""
    if solution is None or solution.problem not in ("conv2d", "pool2d"):
        return None
    inputs = solution.inputs
    padded: Any = inputs.get("input")
    pads = (0, 0, 0, 0)
    for step in solution.steps:
        if "pad" in step.data and step.result is not None:  # the solver's own padded grid, fill value included
            padded = step.result
            top, bottom, left, right = (int(v) for v in step.data["pad"])
            pads = (top, bottom, left, right)
            break
    if padded is None or _depth(padded) not in (2, 3):
        return None
    kernel = inputs.get("kernel") if solution.problem == "conv2d" else None
    return WindowSource(_channels(padded), pads, kernel)


def window_cells(data: Mapping[str, Any]) -> set[tuple[int, int]]:
    """The (row, column) cells of the padded input that a window step covers (dilation included)."""
    top, left = int(data["top"]), int(data["left"])
    kh, kw = (int(v) for v in data["kernel"])
    dh, dw = (int(v) for v in data.get("dilation") or (1, 1))
    return {(top + m * dh, left + n * dw) for m in range(kh) for n in range(kw)}


class WindowGrid:
    """A matrix as an aligned grid; ``marked`` cells are bracketed and highlighted, padding cells dimmed."""

    def __init__(self, grid: Grid, marked: Iterable[tuple[int, int]] = (),
                 pads: tuple[int, int, int, int] = (0, 0, 0, 0)) -> None:
        self.cells = [[fmt(v) for v in row] for row in grid]
        self.marked = set(marked)
        self.pads = pads
        self.width = max((cell_len(c) for row in self.cells for c in row), default=1)

    @property
    def line_width(self) -> int:
        return max((len(row) for row in self.cells), default=0) * (self.width + 2)

    def _is_pad(self, i: int, j: int) -> bool:
        top, bottom, left, right = self.pads
        rows, cols = len(self.cells), len(self.cells[i])
        return i < top or i >= rows - bottom or j < left or j >= cols - right

    def lines(self) -> list[Text]:
        out: list[Text] = []
        for i, row in enumerate(self.cells):
            line = Text(no_wrap=True, overflow="ellipsis")
            for j, value in enumerate(row):
                shown = value.rjust(self.width)
                if (i, j) in self.marked:
                    line.append(f"[{shown}]", style=WINDOW_STYLE)
                else:
                    line.append(f" {shown} ", style=PAD_STYLE if self._is_pad(i, j) else "")
            out.append(line)
        return out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.line_width, options.max_width), min(self.line_width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines()


class WindowView:
    """Input grid with the window, and the kernel beside it (below it when the width is too small).

    Lines are assembled directly rather than through a Rich Table: a wrong answer to a convolution
    shows several of these, and the feedback must be cheap to lay out (issue 6: keys answer quickly).
    """

    def __init__(self, panels: list[tuple[str, WindowGrid]], indent: int = 3) -> None:
        self.panels = panels
        self.indent = indent

    def _widths(self) -> list[int]:
        return [max(grid.line_width, cell_len(title)) for title, grid in self.panels]

    def _side_by_side(self, max_width: int) -> bool:
        widths = self._widths()
        return self.indent + sum(widths) + GAP * (len(widths) - 1) <= max_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self._widths()
        width = self.indent + (sum(widths) + GAP * (len(widths) - 1) if self._side_by_side(options.max_width)
                               else max(widths))
        return Measurement(min(width, options.max_width), min(width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = [[Text(title, style="dim"), *grid.lines()] for title, grid in self.panels]
        widths = self._widths()
        if not self._side_by_side(options.max_width):  # stacked: each panel on its own lines
            for column in columns:
                for line in column:
                    yield Text(" " * self.indent).append_text(line)
            return
        for row in range(max(len(column) for column in columns)):
            line = Text(" " * self.indent, no_wrap=True, overflow="ellipsis")
            for n, (column, width) in enumerate(zip(columns, widths, strict=True)):
                if n:
                    line.append(" " * GAP)
                part = column[row] if row < len(column) else Text()
                line.append_text(part)
                line.append(" " * (width - part.cell_len))
            line.rstrip()
            yield line


def window_view(step: Step, source: WindowSource | None, lang: str) -> RenderableType | None:
    """The padded input with the step's window highlighted, and the kernel it is multiplied with."""
    data = step.data
    if source is None or step.kind != "window" or not {"top", "left", "kernel"} <= set(data):
        return None
    image = source.image(data)
    if image is None:
        return None
    titles = TITLES.get(lang, TITLES["ja"])
    panels = [(titles["input"] if any(source.pads) else titles["plain"], WindowGrid(image, window_cells(data), source.pads))]
    weights = source.weights(data) if source.kernel is not None else None
    if weights is not None:
        panels.append((titles["kernel"], WindowGrid(weights)))
    return WindowView(panels)
