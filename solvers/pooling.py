"""2-D max and average pooling with one step per window, following PyTorch's padding rules."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from solvers.conv import Exact, Grid, exact_array, export, int_pair, normalised, pad_grid, sentence_case
from solvers.errors import SolverError
from solvers.numbers import fmt, fmt_signed
from solvers.shapes import output_size_steps
from solvers.steps import Bilingual, Solution, Step

#: Padding cells of max pooling: −∞ never wins a max, which is what PyTorch's max_pool2d pads with.
NEG_INF = float("-inf")

MAX_WINDOW_CELLS = 250_000

MODES = {"max": ("最大値プーリング", "max pooling"), "avg": ("平均値プーリング", "average pooling")}


def _window_step(image: list[list[Any]], size: tuple[int, int], top: int, left: int, mode: str,
                 where: tuple[int | None, int, int]) -> tuple[Exact, Step]:
    """One output cell: the maximum, or the sum divided by the window area (padding counted)."""
    c, i, j = where
    cells = [image[top + m][left + n] for m in range(size[0]) for n in range(size[1])]
    if mode == "max":
        value: Exact = max(x for x in cells if x != NEG_INF)
        shown = f"max({', '.join(fmt(x) for x in cells)})"
    else:
        value = normalised(Fraction(sum(cells, start=0)) / len(cells))
        shown = f"({' + '.join(fmt_signed(x) for x in cells)})/{len(cells)}"
    prefix_ja, prefix_en = (f"チャンネル {c + 1}・", f"channel {c + 1}, ") if c is not None else ("", "")
    step = Step(
        Bilingual(f"{prefix_ja}出力 ({i + 1}, {j + 1}) ← 窓の左上 ({top + 1}, {left + 1})",
                  sentence_case(f"{prefix_en}output ({i + 1}, {j + 1}) ← window at ({top + 1}, {left + 1})")),
        substituted=shown,
        result=export(value),
        kind="window",
        data={"channel": c, "row": i, "col": j, "top": top, "left": left, "kernel": list(size)},
    )
    return value, step


def pool2d(input: Any, size: Any, stride: Any = None, padding: Any = 0, mode: str = "max") -> Solution:
    """Max or average pooling of an H×W or C×H×W input, channel by channel (answer OH×OW or C×OH×OW).

    ``stride`` defaults to ``size`` (non-overlapping windows), as in PyTorch and Keras.  Padding
    follows PyTorch: max pooling pads with −∞, average pooling pads with zeros and counts them in
    the divisor (``count_include_pad=True``), and padding may be at most half the window.
    """
    if mode not in MODES:
        raise SolverError(f"mode must be 'max' or 'avg', got {mode!r}", f"mode は 'max' か 'avg' です ({mode!r})")
    values, in_shape = exact_array(input, "input", (2, 3))
    images: list[Grid] = values if len(in_shape) == 3 else [values]
    channels, height, width = len(images), len(images[0]), len(images[0][0])
    window = int_pair(size, "size", 1)
    strides = int_pair(window if stride is None else stride, "stride", 1)
    pads = int_pair(padding, "padding", 0)
    for axis, k, p in zip("HW", window, pads, strict=True):
        if 2 * p > k:
            raise SolverError(f"padding {p} is more than half the window {k} ({axis} axis), which PyTorch refuses",
                              f"パディング {p} が窓 {k} の半分を超えています ({axis} 方向、PyTorch でもエラー)")
    steps: list[Step] = []
    outs: list[int] = []
    for i, axis in enumerate("HW"):
        out, axis_steps = output_size_steps((height, width)[i], window[i], strides[i], pads[i], 1, axis=axis)
        outs.append(out)
        steps += axis_steps
    oh, ow = outs
    if channels * oh * ow * window[0] * window[1] > MAX_WINDOW_CELLS:
        raise SolverError("too large for a worked solution", "途中式を示すには大きすぎます")
    name_ja, name_en = MODES[mode]
    steps.insert(0, Step(
        Bilingual(f"{name_ja}: {window[0]}×{window[1]} の窓をストライド {strides[0]}×{strides[1]} でずらし、"
                  + ("窓の中の最大値を取る。" if mode == "max" else "窓の中の平均を取る。")
                  + ("チャンネルごとに別々に計算する。" if channels > 1 else "")
                  + "窓の位置はパディング後の入力の (行, 列) で、1 から数える。",
                  f"{name_en.capitalize()}: slide a {window[0]}×{window[1]} window with stride {strides[0]}×{strides[1]} and take "
                  + ("the maximum in each window." if mode == "max" else "the mean of each window.")
                  + (" Each channel is pooled separately." if channels > 1 else "")
                  + " Window positions are (row, column) of the padded input, counted from 1."),
        formula="Y[i, j] = max_{m,n} X[i·S + m, j·S + n]" if mode == "max"
        else "Y[i, j] = (1 / (K_h·K_w)) Σ_{m,n} X[i·S + m, j·S + n]",
    ))
    fill: Any = NEG_INF if mode == "max" else 0
    padded = [pad_grid(image, pads[0], pads[0], pads[1], pads[1], fill) for image in images]
    if any(pads):
        steps.append(Step(
            Bilingual("最大値プーリングのパディングは −∞ で埋める (PyTorch と同じ。パディングが最大値になることはない)"
                      if mode == "max" else
                      "平均値プーリングのパディングは 0 で埋め、平均の分母にも数える (PyTorch の既定 count_include_pad=True)",
                      "Max pooling pads with −∞ (as PyTorch does, so padding never wins the max)" if mode == "max" else
                      "Average pooling pads with zeros and counts them in the divisor (PyTorch's default count_include_pad=True)"),
            result=export(padded if channels > 1 else padded[0]),
            data={"pad": [pads[0], pads[0], pads[1], pads[1]]},
        ))
    maps: list[Grid] = []
    for c, image in enumerate(padded):
        pooled: Grid = []
        for i in range(oh):
            row: list[Exact] = []
            for j in range(ow):
                where = (c if len(in_shape) == 3 else None, i, j)
                value, step = _window_step(image, window, i * strides[0], j * strides[1], mode, where)
                row.append(value)
                steps.append(step)
            pooled.append(row)
        maps.append(pooled)
        if channels > 1:
            steps.append(Step(Bilingual(f"チャンネル {c + 1} の出力", f"Output of channel {c + 1}"),
                              result=export(pooled), data={"channel": c}))
    inputs = {"input": export(values), "size": list(window), "stride": list(strides), "padding": list(pads), "mode": mode}
    return Solution("pool2d", inputs, export(maps if len(in_shape) == 3 else maps[0]), steps)
