"""The window drawn over the input grid: the bracketed cells are exactly the cells the window covers.

Expected cells are computed here from the output position, stride, kernel size and dilation
(window of output (i, j) starts at (i·S, j·S) of the padded input), never from the renderer.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from rich.console import Console

from dldrill.render.terminal import FOLD_KINDS_AFTER, solution_renderable, solution_steps_renderable
from solvers.conv import conv2d
from solvers.pooling import pool2d

HEADING = re.compile(r"^\d+\. (?:Channel (\d+), )?[Oo]utput \((\d+), (\d+)\) ← window at")
TOKEN = re.compile(r"\[\s*([^\]]+?)\]|(\S+)")

IMAGE_7 = [[(3 * r + 5 * c) % 11 - 3 for c in range(7)] for r in range(7)]  # 7×7, values −3…7
KERNEL_3 = [[1, -2, 0], [0, 1, 10], [-1, 0, 1]]


def render(renderable: Any, width: int = 80) -> str:
    out = StringIO()
    Console(file=out, width=width, color_system=None, legacy_windows=False).print(renderable)
    return out.getvalue()


def drawn_windows(text: str, cols: int) -> dict[tuple[int, int, int], tuple[set[tuple[int, int]], list[list[str]]]]:
    """(channel, output row, output col) from 1 → (bracketed cells, all cell texts) of each drawn grid.

    A grid follows its step heading as a title line containing "Input" and one line per row; the
    first ``cols`` tokens of a line are the input row (the kernel, if any, follows on the same line).
    """
    lines = text.splitlines()
    found: dict[tuple[int, int, int], tuple[set[tuple[int, int]], list[list[str]]]] = {}
    for n, line in enumerate(lines):
        head = HEADING.match(line)
        if not head or n + 1 >= len(lines) or "Input" not in lines[n + 1]:
            continue
        marked: set[tuple[int, int]] = set()
        values: list[list[str]] = []
        for r, row_line in enumerate(lines[n + 2:]):
            tokens = TOKEN.findall(row_line)[:cols]
            if len(tokens) < cols or not all(re.fullmatch(r"−?-?[\d∞/.]+", a or b) for a, b in tokens):
                break
            values.append([a or b for a, b in tokens])
            marked |= {(r, c) for c, (inside, _) in enumerate(tokens) if inside}
        found[(int(head.group(1) or 1), int(head.group(2)), int(head.group(3)))] = (marked, values)
    return found


def expected_cells(i: int, j: int, stride: int, size: int, dilation: int = 1) -> set[tuple[int, int]]:
    """Output (i, j), counted from 0: the window starts at (i·S, j·S) and takes every D-th cell."""
    return {(i * stride + m * dilation, j * stride + n * dilation) for m in range(size) for n in range(size)}


def padded(image: list[list[int]], pad: int, fill: Any = 0) -> list[list[Any]]:
    width = len(image[0]) + 2 * pad
    return [[fill] * width] * pad + [[fill] * pad + row + [fill] * pad for row in image] + [[fill] * width] * pad


def test_conv_windows_with_stride_and_padding_mark_exactly_the_window() -> None:
    text = render(solution_renderable(conv2d(IMAGE_7, KERNEL_3, stride=2, padding=1), "en"))
    windows = drawn_windows(text, cols=9)
    assert len(windows) == 3  # the first few windows are drawn, not all 16
    grid = [[str(v).replace("-", "−") for v in row] for row in padded(IMAGE_7, 1)]
    for (_, i, j), (marked, values) in windows.items():
        assert marked == expected_cells(i - 1, j - 1, stride=2, size=3)
        assert [[v.replace("-", "−") for v in row] for row in values] == grid  # the padded input, zeros around
    assert {(1, 2), (1, 3)} <= {(i, j) for _, i, j in windows}  # stride 2: second window starts at column 3


def test_conv_window_fits_80_columns_with_the_kernel_beside_it() -> None:
    text = render(solution_renderable(conv2d(IMAGE_7, KERNEL_3, stride=2, padding=1), "ja"))
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    grid_lines = [line for line in text.splitlines() if "[" in line and "]" in line and "カーネル" not in line]
    # the kernel's first row (1, −2, 0 → shown as 1 -2 0) sits on the same line as the first input row
    assert any(re.search(r"\]\s.*\b1\s+-2\s+0\s*$", line) for line in grid_lines)


def test_dilated_conv_marks_every_other_cell() -> None:
    image = [[r * 5 + c for c in range(5)] for r in range(5)]
    text = render(solution_renderable(conv2d(image, [[1, 0], [0, 1]], dilation=2), "en"))
    windows = drawn_windows(text, cols=5)
    assert windows
    for (_, i, j), (marked, _) in windows.items():
        assert marked == expected_cells(i - 1, j - 1, stride=1, size=2, dilation=2)


def test_max_pool_with_padding_and_stride_marks_window_on_minus_infinity_border() -> None:
    image = [[(r * 7 + c * 3) % 10 for c in range(6)] for r in range(6)]
    text = render(solution_renderable(pool2d(image, 3, stride=2, padding=1), "en"))
    windows = drawn_windows(text, cols=8)
    assert len(windows) == 3
    for (_, i, j), (marked, values) in windows.items():
        assert marked == expected_cells(i - 1, j - 1, stride=2, size=3)
        assert values[0] == ["−∞"] * 8 and values[1][1:7] == [str(v) for v in image[0]]


def test_each_channel_window_is_drawn_over_its_own_channel() -> None:
    channels = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[90, 80, 70], [60, 50, 40], [30, 20, 10]]]
    solution = pool2d(channels, 2, stride=1)
    steps = [s for s in solution.steps if s.kind == "window" and s.data["channel"] == 1]
    from dldrill.render.grid import window_source

    text = render(solution_steps_renderable(steps, "en", window_source(solution)))
    windows = drawn_windows(text, cols=3)
    assert windows
    for (channel, i, j), (marked, values) in windows.items():
        assert channel == 2
        assert values == [[str(v) for v in row] for row in channels[1]]
        assert marked == expected_cells(i - 1, j - 1, stride=1, size=2)


def test_focus_window_is_drawn_even_inside_a_folded_run() -> None:
    image = [[(r + c) % 4 for c in range(6)] for r in range(6)]
    solution = conv2d(image, [[1, 0], [0, 1]])  # 5×5 output: 25 windows, most of them folded
    from dldrill.render.grid import window_source

    text = render(solution_steps_renderable(solution.steps, "en", window_source(solution), focus=(4, 3)))
    windows = drawn_windows(text, cols=6)
    assert (1, 5, 4) in windows and windows[(1, 5, 4)][0] == expected_cells(4, 3, stride=1, size=2)
    assert len(windows) == 4  # the first three and the focused one
    written = sum(1 for line in text.splitlines() if HEADING.match(line))
    assert written == FOLD_KINDS_AFTER + 1


def test_no_grid_without_a_source_or_for_other_problems() -> None:
    solution = conv2d([[1, 2], [3, 4]], [[1]])
    text = render(solution_steps_renderable(solution.steps, "en"))
    assert "Output (1, 1)" in text and drawn_windows(text, cols=2) == {}
    from dldrill.render.grid import window_source
    from solvers.shapes import output_size

    assert window_source(output_size(5, 3)) is None
