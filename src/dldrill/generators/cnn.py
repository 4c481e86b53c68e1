"""Generators for CNN values and model summaries: convolution and pooling by hand, parameter counts of
Dense, Conv2D and recurrent layers (Keras and PyTorch counting)."""

from __future__ import annotations

from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import INT_HINT
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution

Grid = list[list[Any]]

MATRIX_HINT = Bilingual("行列は行を「;」で区切って入力 (例: 1 2; 3 4)。1つの値なら数だけ",
                        "Type a matrix with rows separated by ';' (e.g. 1 2; 3 4); a single value as a plain number")


def grid_text(grid: Grid) -> str:
    """A small integer matrix as aligned rows, one per line, readable in a terminal and on paper."""
    width = max(len(str(v)) for row in grid for v in row)
    return "\n".join("    [ " + "  ".join(str(v).rjust(width) for v in row) + " ]" for row in grid)


def _rot180(kernel: Grid) -> Grid:
    return [list(reversed(row)) for row in reversed(kernel)]


def _transpose(kernel: Grid) -> Grid:
    return [list(col) for col in zip(*kernel, strict=True)]


def _total(grid: Grid) -> Any:
    return sum((v for row in grid for v in row), start=0)


def shown_decimal(value: Any) -> Any:
    """A terminating fraction (an average over 2×2 gives quarters) as the decimal exams print (21/4 → 5.25);
    integers stay exact.  Grading compares to within 1e-9, so typing 21/4 is still right."""
    if isinstance(value, int):
        return value
    q = int(getattr(value, "q", getattr(value, "denominator", 1)))
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    return float(value) if q == 1 else value


def _extract(p: dict[str, Any], grid: Grid, row: int | None = None, col: int | None = None) -> Grid | None:
    """What the question asks of an output map: the map itself, one cell, or the sum — always as a matrix
    (1×1 for a cell or the sum) so that both forms grade through the same matrix checker."""
    if p["ask"] == "sum":
        return [[shown_decimal(_total(grid))]]
    grid = [[shown_decimal(v) for v in r] for r in grid]
    if p["ask"] == "cell":
        r, c = (p["row"], p["col"]) if row is None or col is None else (row, col)
        if 0 <= r < len(grid) and 0 <= c < len(grid[0]):
            return [[grid[r][c]]]
        return None
    return grid


def _shape(grid: Grid) -> tuple[int, int]:
    return len(grid), len(grid[0])


def matrix_fallbacks(key: Any) -> list[Mistake]:
    """Arithmetic slips in one cell (±1, ±2): used only when the modelled mistakes coincide with the key."""
    why = Bilingual("1か所の掛け算・足し算の計算ミスで生じる値です。各マスの積和を確かめましょう。",
                    "This comes from an arithmetic slip in one cell; recheck each sum of products.")
    out: list[Mistake] = []
    rows, cols = _shape(key)
    for delta in (1, -1, 2, -2, 3):
        for r, c in ((0, 0), (rows - 1, cols - 1)):
            grid = [list(row) for row in key]
            grid[r][c] = shown_decimal(grid[r][c] + delta)
            out.append(Mistake(grid, "arithmetic-slip", why))
    return out


def _ask_text(p: dict[str, Any]) -> Bilingual:
    if p["ask"] == "cell":
        return Bilingual(f"出力の {p['row'] + 1} 行 {p['col'] + 1} 列目 (1 から数える) の値はいくつか。",
                         f"What is the output value in row {p['row'] + 1}, column {p['col'] + 1} (counting from 1)?")
    if p["ask"] == "sum":
        return Bilingual("出力の全要素の和はいくつか。", "What is the sum of all output values?")
    return Bilingual("出力の特徴マップ (行列) を答えよ。", "Give the output feature map (as a matrix).")


def _pick_cell(d: Draw, p: dict[str, Any], out_rows: int, out_cols: int) -> None:
    p["row"] = int(d.rng.integers(out_rows))
    p["col"] = int(d.rng.integers(out_cols))


# --- convolution values -------------------------------------------------------------------------------

def _draw_conv(d: Draw) -> dict[str, Any]:
    n, k, s, pad = d.int("size"), d.int("kernel"), d.int("stride"), d.int("padding")
    if k > n or pad >= k or (n + 2 * pad - k) % s:
        raise Redraw("kernel does not tile the (padded) input")
    out = (n + 2 * pad - k) // s + 1
    if out < 2 or out > 4:
        raise Redraw("output too small or too big to work by hand")
    kernel = d.matrix(k, k, "kernel_values")
    if sum(v != 0 for row in kernel for v in row) < 2:
        raise Redraw("kernel nearly empty")
    p = {"size": n, "kernel": k, "stride": s, "padding": pad, "input": d.matrix(n, n, "input_values"),
         "weights": kernel, "bias": d.int("bias"), "ask": str(d.pick("ask"))}
    _pick_cell(d, p, out, out)
    return p


def _conv(p: dict[str, Any], kernel: Grid | None = None, stride: int | None = None, padding: int | None = None,
          bias: int | None = None) -> Solution:
    from solvers.conv import conv2d

    b = p["bias"] if bias is None else bias
    return conv2d(p["input"], p["weights"] if kernel is None else kernel, p["stride"] if stride is None else stride,
                  p["padding"] if padding is None else padding, bias=[b] if b else None)


def _with_sum_step(p: dict[str, Any], solution: Solution) -> Solution:
    """For a "sum of all outputs" question the worked steps end on that sum, not on the output map."""
    if p["ask"] != "sum":
        return solution
    from dataclasses import replace

    from solvers.conv import output_sum_step

    shown = [[shown_decimal(v) for v in row] for row in solution.answer]  # 11/2 → 5.5, as the prompt writes them
    return replace(solution, steps=[*solution.steps, output_sum_step(shown)])


def _conv_answer(p: dict[str, Any], s: Solution) -> Grid:
    out = _extract(p, s.answer)
    assert out is not None
    return out


def _neighbour_window(p: dict[str, Any]) -> Grid | None:
    """The window one position to the right (or below) of the asked one: an off-by-one in the window start."""
    full = _conv(p, stride=1).answer
    r, c = p["row"] * p["stride"], p["col"] * p["stride"]
    for rr, cc in ((r, c + 1), (r + 1, c), (r, c - 1)):
        if 0 <= rr < len(full) and 0 <= cc < len(full[0]):
            return [[full[rr][cc]]]
    return None


def _conv_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    key_shape = _shape(s.answer)
    candidates: list[tuple[Grid | None, str, str, str]] = []

    def map_of(solution: Solution) -> Grid | None:
        grid = solution.answer
        if p["ask"] == "matrix" and _shape(grid) != key_shape:
            return None  # a differently shaped matrix is a format error, not a recognisable slip
        return _extract(p, grid)

    candidates.append((map_of(_conv(p, kernel=_rot180(p["weights"]))), "flipped-kernel",
                       "カーネルを 180° 回転させています (数学の畳み込み)。深層学習の畳み込みは反転しない相互相関です。",
                       "You rotated the kernel by 180° (the mathematical convolution); deep-learning convolution is "
                       "cross-correlation, without flipping."))
    if p["padding"]:
        candidates.append((map_of(_conv(p, padding=0)), "forgot-padding",
                           "ゼロパディングを付け忘れています。入力の周囲を 0 で埋めてから窓をずらします。",
                           "You forgot the zero padding; surround the input with zeros before sliding the window."))
    if p["stride"] > 1:
        candidates.append((map_of(_conv(p, stride=1)), "ignored-stride",
                           f"ストライド {p['stride']} を無視して 1 マスずつずらしています。",
                           f"You ignored the stride {p['stride']} and moved the window one cell at a time."))
    if p["bias"]:
        candidates.append((map_of(_conv(p, bias=0)), "forgot-bias", "バイアスを足し忘れています。",
                           "You forgot to add the bias."))
    if p["ask"] == "cell":
        candidates.append((_neighbour_window(p), "off-by-one-window",
                           "窓の位置が1マスずれています。出力 (i, j) の窓は入力の (i·S, j·S) から始まります (0 から数えて)。",
                           "Your window is one cell off: output (i, j) uses the window starting at (i·S, j·S), counting from 0."))
    candidates.append((map_of(_conv(p, kernel=_transpose(p["weights"]))), "transposed-kernel",
                       "カーネルの行と列を入れ替えています (転置)。", "You swapped the kernel's rows and columns (transposed it)."))
    return [Mistake(v, tag, Bilingual(ja, en)) for v, tag, ja, en in candidates if v is not None]


def _conv_prompt(p: dict[str, Any]) -> Bilingual:
    ask = _ask_text(p)
    bias_ja = f"、バイアス {p['bias']}" if p["bias"] else ""
    bias_en = f", bias {p['bias']}" if p["bias"] else ""
    return Bilingual(
        f"次の {p['size']}×{p['size']} の入力に {p['kernel']}×{p['kernel']} のカーネルで、ストライド {p['stride']}、"
        f"ゼロパディング {p['padding']}{bias_ja} の畳み込み (深層学習の畳み込み = 相互相関、カーネルは反転しない) を行う。"
        f"{ask.ja}\n\n入力:\n\n{grid_text(p['input'])}\n\nカーネル:\n\n{grid_text(p['weights'])}",
        f"The {p['size']}×{p['size']} input below is convolved with the {p['kernel']}×{p['kernel']} kernel, stride "
        f"{p['stride']}, zero padding {p['padding']}{bias_en} (deep-learning convolution = cross-correlation, the kernel "
        f"is not flipped). {ask.en}\n\nInput:\n\n{grid_text(p['input'])}\n\nKernel:\n\n{grid_text(p['weights'])}")


CONV2D_VALUES = GeneratorSpec(
    name="conv2d_values",
    title=Bilingual("畳み込みの計算", "Computing a convolution"),
    syllabus=("T18", "E3-4-1"),
    defaults={"size": [3, 5], "kernel": {"one_of": [2, 3]}, "stride": {"one_of": [1, 1, 2]},
              "padding": {"one_of": [0, 0, 1]}, "input_values": [0, 3], "kernel_values": [-1, 2],
              "bias": {"one_of": [0, 0, 0, 1, -1]}, "ask": {"one_of": ["matrix", "cell", "sum"]}},
    draw=_draw_conv,
    solve=lambda p: _with_sum_step(p, _conv(p)),
    prompt=_conv_prompt,
    mistakes=_conv_mistakes,
    answer=_conv_answer,
    answer_kind="matrix",
    answer_hint=MATRIX_HINT,
    fallback_mistakes=matrix_fallbacks,
)


# --- pooling values -----------------------------------------------------------------------------------

def _draw_pool(d: Draw) -> dict[str, Any]:
    n, k, mode = d.int("size"), d.int("pool"), str(d.pick("mode"))
    stride = k - 1 if d.pick("overlap") else k
    if mode == "avg" and k != 2:
        raise Redraw("average over 3×3 gives ninths: not pencil-friendly")
    if k > n or (n - k) % stride:
        raise Redraw("windows do not tile the input")
    out = (n - k) // stride + 1
    if out < 2 or out > 4:
        raise Redraw("output too small or too big to work by hand")
    p = {"size": n, "pool": k, "stride": stride, "mode": mode, "input": d.matrix(n, n, "input_values"),
         "ask": str(d.pick("ask"))}
    _pick_cell(d, p, out, out)
    return p


def _pool(p: dict[str, Any], mode: str | None = None, stride: int | None = None) -> Solution:
    from solvers.pooling import pool2d

    return pool2d(p["input"], p["pool"], p["stride"] if stride is None else stride, 0, p["mode"] if mode is None else mode)


def _window_sums(p: dict[str, Any]) -> Grid:
    """Sum pooling written out directly: the slip of forgetting to divide by the window size."""
    x, k, s = p["input"], p["pool"], p["stride"]
    out = (p["size"] - k) // s + 1
    return [[sum(x[i * s + m][j * s + n] for m in range(k) for n in range(k)) for j in range(out)] for i in range(out)]


def _pool_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    key_shape = _shape(s.answer)
    other = "avg" if p["mode"] == "max" else "max"
    names = {"max": ("最大値", "max"), "avg": ("平均値", "average")}
    candidates: list[tuple[Grid | None, str, str, str]] = []

    def pick(grid: Grid) -> Grid | None:
        if p["ask"] == "matrix" and _shape(grid) != key_shape:
            return None
        return _extract(p, grid)

    candidates.append((pick(_pool(p, mode=other).answer), "swapped-mode",
                       f"{names[other][0]}プーリングを計算しています。問われているのは{names[p['mode']][0]}プーリングです。",
                       f"You computed {names[other][1]} pooling; the question asks for {names[p['mode']][1]} pooling."))
    if p["stride"] > 1:
        candidates.append((pick(_pool(p, stride=1).answer), "stride-one",
                           f"窓を1マスずつずらしています。ストライドは {p['stride']} です。",
                           f"You moved the window one cell at a time; the stride is {p['stride']}."))
    if p["stride"] < p["pool"]:
        candidates.append((pick(_pool(p, stride=p["pool"]).answer), "non-overlapping",
                           f"窓を重ならないように {p['pool']} マスずつずらしています。ストライドは {p['stride']} なので窓が重なります。",
                           f"You moved the window by {p['pool']} (non-overlapping); the stride is {p['stride']}, so the "
                           "windows overlap."))
    if p["mode"] == "avg":
        candidates.append((pick(_window_sums(p)), "sum-not-mean", "窓の和を窓の要素数 (4) で割り忘れています。",
                           "You forgot to divide the window sum by the number of cells (4)."))
    if p["ask"] == "cell":
        full = _pool(p, stride=1).answer
        r, c = p["row"] * p["stride"], p["col"] * p["stride"]
        shifted = [[shown_decimal(full[r][c + 1])]] if c + 1 < len(full[0]) \
            else [[shown_decimal(full[r][c - 1])]] if c >= 1 else None
        candidates.append((shifted, "off-by-one-window", "窓の位置が1マスずれています。出力 (i, j) の窓は入力の (i·S, j·S) から始まります。",
                           "Your window is one cell off: output (i, j) uses the window starting at (i·S, j·S)."))
    return [Mistake(v, tag, Bilingual(ja, en)) for v, tag, ja, en in candidates if v is not None]


def _pool_prompt(p: dict[str, Any]) -> Bilingual:
    ask = _ask_text(p)
    name_ja, name_en = {"max": ("最大値プーリング", "Max pooling"), "avg": ("平均値プーリング", "Average pooling")}[p["mode"]]
    return Bilingual(
        f"次の {p['size']}×{p['size']} の入力に、窓 {p['pool']}×{p['pool']}、ストライド {p['stride']}、パディングなしの"
        f"{name_ja}を行う。{ask.ja}\n\n入力:\n\n{grid_text(p['input'])}",
        f"{name_en} with a {p['pool']}×{p['pool']} window, stride {p['stride']} and no padding is applied to the "
        f"{p['size']}×{p['size']} input below. {ask.en}\n\nInput:\n\n{grid_text(p['input'])}")


POOL2D_VALUES = GeneratorSpec(
    name="pool2d_values",
    title=Bilingual("プーリングの計算", "Computing a pooling layer"),
    syllabus=("T20", "E3-4-3"),
    defaults={"size": [4, 6], "pool": {"one_of": [2, 2, 3]}, "overlap": {"one_of": [False, False, True]},
              "mode": {"one_of": ["max", "avg"]}, "input_values": [0, 9], "ask": {"one_of": ["matrix", "cell", "sum"]}},
    draw=_draw_pool,
    solve=lambda p: _with_sum_step(p, _pool(p)),
    prompt=_pool_prompt,
    mistakes=_pool_mistakes,
    answer=_conv_answer,
    answer_kind="matrix",
    answer_hint=MATRIX_HINT,
    fallback_mistakes=matrix_fallbacks,
)


# --- parameter counts ----------------------------------------------------------------------------------

def _summary_total(spec: str, framework: str) -> int:
    from solvers.summary import summary

    return int(summary(spec, framework).answer["total_params"])


def _solve_summary(p: dict[str, Any]) -> Solution:
    from solvers.summary import summary

    return summary(p["spec"], p["framework"])


def _total_answer(p: dict[str, Any], s: Solution) -> int:
    return int(s.answer["total_params"])


def _framework_name(p: dict[str, Any]) -> str:
    return "Keras" if p["framework"] == "keras" else "PyTorch"


def _dense_spec(framework: str, n: int, hidden: int, units: int, bias: bool = True) -> str:
    widths = [hidden, units] if hidden else [units]
    if framework == "keras":
        layers = ", ".join(f"Dense({w}{'' if bias else ', use_bias=False'})" for w in widths)
        return f"Input(shape=({n},)), {layers}"
    ins = [n, *widths[:-1]]
    layers = ", ".join(f"nn.Linear({a}, {b}{'' if bias else ', bias=False'})" for a, b in zip(ins, widths, strict=True))
    return f"Input(({n},)), {layers}"


def _draw_dense(d: Draw) -> dict[str, Any]:
    framework, n, hidden, units = str(d.pick("framework")), d.int("inputs"), d.int("hidden"), d.int("units")
    if n == units or hidden in (n, units):
        raise Redraw("equal widths make the slips indistinguishable")
    return {"framework": framework, "inputs": n, "hidden": hidden, "units": units,
            "spec": _dense_spec(framework, n, hidden, units)}


def _dense_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    n, h, u = p["inputs"], p["hidden"], p["units"]
    pairs = [(n, h), (h, u)] if h else [(n, u)]
    out = [
        Mistake(_summary_total(_dense_spec(p["framework"], n, h, u, bias=False), p["framework"]), "forgot-bias",
                Bilingual("バイアス (出力ユニット1つにつき1個) を数え忘れています。", "You forgot the biases (one per output unit).")),
        Mistake(sum(2 * a * b for a, b in pairs), "bias-per-weight",
                Bilingual("バイアスは重み1本ごとではなく、出力ユニットごとに1個です。",
                          "There is one bias per output unit, not one per weight.")),
        Mistake(sum(a + b for a, b in pairs), "added-widths", Bilingual(
            "入力数と出力数を足しています。全結合層の重みは入力数 × 出力数です。",
            "You added the input and output widths; a dense layer has inputs × outputs weights.")),
        Mistake(sum((a + 1) * (b + 1) for a, b in pairs), "bias-on-both-sides", Bilingual(
            "入力数と出力数の両方に 1 を足しています。バイアスは出力ユニットごとに1個なので (入力 + 1) × 出力 です。",
            "You added 1 to both the inputs and the outputs; with one bias per output unit the count is (inputs + 1) × outputs.")),
    ]
    if h:
        out.insert(1, Mistake(u * h + u, "last-layer-only", Bilingual(
            "最後の層しか数えていません。モデル全体のパラメータ数は各層の和です。",
            "You counted only the last layer; the model's total is the sum over its layers.")))
    return out


def _dense_prompt(p: dict[str, Any]) -> Bilingual:
    return Bilingual(
        f"次の {_framework_name(p)} のモデル (入力は {p['inputs']} 次元のベクトル) のパラメータ数の合計はいくつか。\n\n    {p['spec']}",
        f"How many parameters in total does this {_framework_name(p)} model have (the input is a vector of "
        f"{p['inputs']} features)?\n\n    {p['spec']}")


DENSE_PARAMS = GeneratorSpec(
    name="dense_params",
    value_range=(1, None),
    title=Bilingual("全結合層のパラメータ数", "Parameters of dense layers"),
    syllabus=("T17", "E3-1-1"),
    defaults={"framework": {"one_of": ["keras", "pytorch"]}, "inputs": {"one_of": [4, 8, 10, 16, 20, 64, 100, 784]},
              "hidden": {"one_of": [0, 0, 16, 32, 50]}, "units": {"one_of": [2, 3, 5, 10, 32, 64]}},
    draw=_draw_dense,
    solve=_solve_summary,
    prompt=_dense_prompt,
    mistakes=_dense_mistakes,
    answer=_total_answer,
    answer_hint=INT_HINT,
)


def _conv_spec(framework: str, size: int, c: int, f: int, k: int, bias: bool = True) -> str:
    if framework == "keras":
        return f"Input(shape=({size}, {size}, {c})), Conv2D({f}, ({k}, {k}){'' if bias else ', use_bias=False'})"
    return f"Input(({c}, {size}, {size})), nn.Conv2d({c}, {f}, kernel_size={k}{'' if bias else ', bias=False'})"


def _draw_conv_params(d: Draw) -> dict[str, Any]:
    p: dict[str, Any] = {"framework": str(d.pick("framework")), "size": d.int("size"), "in_channels": d.int("in_channels"),
         "filters": d.int("filters"), "kernel": d.int("kernel")}
    if p["size"] in (p["in_channels"], p["filters"]) or p["in_channels"] == p["filters"] or p["kernel"] > p["size"]:
        raise Redraw("equal numbers make the slips indistinguishable")
    p["spec"] = _conv_spec(p["framework"], p["size"], p["in_channels"], p["filters"], p["kernel"])
    return p


def _conv_params_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    size, c, f, k = p["size"], p["in_channels"], p["filters"], p["kernel"]
    out = [
        Mistake(_summary_total(_conv_spec(p["framework"], size, c, f, k, bias=False), p["framework"]), "forgot-bias",
                Bilingual("バイアス (フィルタ1枚につき1個) を数え忘れています。", "You forgot the biases (one per filter).")),
        Mistake(k * k * f + f, "forgot-in-channels", Bilingual(
            "各フィルタは入力の全チャネルにまたがる K×K×C_in の重みを持ちます。C_in を掛け忘れています。",
            "Each filter spans all input channels (K×K×C_in weights); you forgot to multiply by C_in.")),
        Mistake(2 * k * k * c * f, "bias-per-weight", Bilingual(
            "バイアスは重み1つごとではなく、フィルタ (出力チャネル) ごとに1個です。",
            "There is one bias per filter (output channel), not one per weight.")),
        Mistake(k * c * f + f, "kernel-not-squared", Bilingual("カーネルは K×K なので K² を掛けます。",
                                                                "The kernel is K×K, so multiply by K², not K.")),
    ]
    if p["framework"] == "keras":
        out.insert(1, Mistake(k * k * size * f + f, "channels-last-confusion", Bilingual(
            f"Keras の入力形状 (H, W, C) の先頭 {size} をチャネル数と読んでいます。チャネルは最後の軸 ({c}) です。",
            f"You read the first axis of Keras's (H, W, C) input shape ({size}) as the channels; channels are last ({c}).")))
    else:
        out.insert(1, Mistake(k * k * size * f + f, "channels-first-confusion", Bilingual(
            f"PyTorch の入力形状 (C, H, W) の最後の {size} をチャネル数と読んでいます。チャネルは先頭の軸 ({c}) です。",
            f"You read the last axis of PyTorch's (C, H, W) input shape ({size}) as the channels; channels come first ({c}).")))
    return out


def _conv_params_prompt(p: dict[str, Any]) -> Bilingual:
    layout_ja = "(H, W, C) の順" if p["framework"] == "keras" else "(C, H, W) の順"
    layout_en = "(H, W, C)" if p["framework"] == "keras" else "(C, H, W)"
    return Bilingual(
        f"次の {_framework_name(p)} の畳み込み層 (入力形状は {layout_ja}、バッチ軸を除く) のパラメータ数はいくつか。\n\n    {p['spec']}",
        f"How many parameters does this {_framework_name(p)} convolution layer have (input shape {layout_en}, batch axis "
        f"omitted)?\n\n    {p['spec']}")


CONV_PARAMS = GeneratorSpec(
    name="conv_params",
    value_range=(1, None),
    title=Bilingual("畳み込み層のパラメータ数", "Parameters of a convolution layer"),
    syllabus=("T18", "E3-4-1"),
    defaults={"framework": {"one_of": ["keras", "pytorch"]}, "size": {"one_of": [28, 32, 64, 224]},
              "in_channels": {"one_of": [1, 3, 16, 32, 64]}, "filters": {"one_of": [8, 16, 32, 64, 128]},
              "kernel": {"one_of": [1, 3, 3, 5]}},
    draw=_draw_conv_params,
    solve=_solve_summary,
    prompt=_conv_params_prompt,
    mistakes=_conv_params_mistakes,
    answer=_total_answer,
    answer_hint=INT_HINT,
)


RNN_GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
TORCH_RNN = {"SimpleRNN": "RNN", "GRU": "GRU", "LSTM": "LSTM"}


def _rnn_spec(framework: str, kind: str, steps: int, i: int, h: int, bias: bool = True, reset_after: bool = True) -> str:
    if framework == "keras":
        extra = ("" if bias else ", use_bias=False") + ("" if reset_after or kind != "GRU" else ", reset_after=False")
        return f"Input(shape=({steps}, {i})), {kind}({h}{extra})"
    return f"Input(({steps}, {i})), nn.{TORCH_RNN[kind]}({i}, {h}{'' if bias else ', bias=False'})"


def _draw_rnn(d: Draw) -> dict[str, Any]:
    p: dict[str, Any] = {"framework": str(d.pick("framework")), "kind": str(d.pick("cell")), "steps": d.int("steps"),
         "inputs": d.int("inputs"), "units": d.int("units")}
    if p["inputs"] == p["units"] or p["steps"] in (p["inputs"], p["units"]):
        raise Redraw("equal sizes make the slips indistinguishable")
    p["spec"] = _rnn_spec(p["framework"], p["kind"], p["steps"], p["inputs"], p["units"])
    return p


def _rnn_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    fw, kind, steps, i, h = p["framework"], p["kind"], p["steps"], p["inputs"], p["units"]
    g = RNN_GATES[kind]
    two_bias = fw == "pytorch" or kind == "GRU"  # Keras GRU's default reset_after=True has two bias vectors
    out: list[Mistake] = []
    other = "keras" if fw == "pytorch" else "pytorch"
    if fw == "pytorch":
        out.append(Mistake(g * (i * h + h * h + h), "one-bias-vector", Bilingual(
            "PyTorch の RNN 系はゲートごとに b_ih と b_hh の2つのバイアスを持ちます (Keras は1つ)。",
            "PyTorch recurrent layers have two bias vectors per gate, b_ih and b_hh (Keras has one).")))
    elif kind == "GRU":
        out.append(Mistake(_summary_total(_rnn_spec("keras", kind, steps, i, h, reset_after=False), "keras"), "reset-after",
                           Bilingual("Keras の GRU は既定で reset_after=True で、バイアスが入力側・再帰側の2組あります "
                                     "(reset_after=False の古い形では1組)。",
                                     "Keras GRU defaults to reset_after=True, with two bias vectors (input and recurrent); "
                                     "only the old reset_after=False form has one.")))
    else:
        out.append(Mistake(_summary_total(_rnn_spec(other, kind, steps, i, h), other), "two-bias-vectors", Bilingual(
            "Keras の SimpleRNN・LSTM はゲートごとにバイアス1つです (2つ数えるのは PyTorch の数え方)。",
            "Keras SimpleRNN and LSTM have one bias per gate; two is PyTorch's count.")))
    out.append(Mistake(g * (i * h + (2 if two_bias else 1) * h), "forgot-recurrent", Bilingual(
        "再帰の重み (前の時刻の隠れ状態 h×h) を数え忘れています。", "You forgot the recurrent weights (h×h from the previous hidden state).")))
    swap = {"SimpleRNN": "LSTM", "GRU": "LSTM", "LSTM": "GRU"}[kind]
    out.append(Mistake(_summary_total(_rnn_spec(fw, swap, steps, i, h), fw), "gate-count", Bilingual(
        f"{kind} のゲート (重みの組) は {g} 組です ({swap} の {RNN_GATES[swap]} 組と取り違えています)。",
        f"{kind} has {g} gate weight sets; you used {swap}'s {RNN_GATES[swap]}.")))
    out.append(Mistake(_summary_total(_rnn_spec(fw, kind, steps, i, h, bias=False), fw), "forgot-bias", Bilingual(
        "バイアスを数え忘れています。", "You forgot the biases.")))
    out.append(Mistake(steps * int(s.answer["total_params"]), "times-timesteps", Bilingual(
        "RNN の重みは全時刻で共有されるので、時刻数 T を掛けません。", "An RNN shares its weights across time steps; do not multiply by T.")))
    return out


def _rnn_prompt(p: dict[str, Any]) -> Bilingual:
    note_ja = " (TensorFlow 2 の既定: GRU は reset_after=True)" if p["framework"] == "keras" else ""
    note_en = " (TensorFlow 2 defaults: GRU has reset_after=True)" if p["framework"] == "keras" else ""
    return Bilingual(
        f"次の {_framework_name(p)}{note_ja} の再帰層 (入力は {p['steps']} 時刻 × {p['inputs']} 次元) のパラメータ数はいくつか。"
        f"\n\n    {p['spec']}",
        f"How many parameters does this {_framework_name(p)}{note_en} recurrent layer have (input: {p['steps']} time steps × "
        f"{p['inputs']} features)?\n\n    {p['spec']}")


RNN_PARAMS = GeneratorSpec(
    name="rnn_params",
    value_range=(1, None),
    title=Bilingual("RNN・GRU・LSTM のパラメータ数", "Parameters of SimpleRNN, GRU and LSTM"),
    syllabus=("T22", "E3-5-1", "E3-5-2"),
    defaults={"framework": {"one_of": ["keras", "pytorch"]}, "cell": {"one_of": ["SimpleRNN", "GRU", "LSTM"]},
              "steps": {"one_of": [10, 20, 50]}, "inputs": {"one_of": [8, 16, 32, 64, 100, 128]},
              "units": {"one_of": [4, 16, 32, 64, 128, 256]}},
    draw=_draw_rnn,
    solve=_solve_summary,
    prompt=_rnn_prompt,
    mistakes=_rnn_mistakes,
    answer=_total_answer,
    answer_hint=INT_HINT,
)

SPECS = (CONV2D_VALUES, POOL2D_VALUES, DENSE_PARAMS, CONV_PARAMS, RNN_PARAMS)
