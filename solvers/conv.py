"""2-D convolution (cross-correlation, as deep-learning frameworks compute it) with one step per window."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from solvers.errors import SolverError
from solvers.numbers import fmt, fmt_signed
from solvers.shapes import output_size_steps
from solvers.steps import Bilingual, Solution, Step

Exact = int | Fraction
Grid = list[list[Exact]]

#: A worked solution lists every multiply; beyond this many the steps would be unreadable and slow.
MAX_MULTIPLY_ADDS = 250_000


# --------------------------------------------------------------------------- exact numbers and arrays

def exact_number(value: Any, what: str) -> Exact:
    """``value`` as an int or a Fraction, so that sums of products stay exact (0.1 becomes 1/10)."""
    if isinstance(value, bool):
        raise SolverError(f"{what}: expected a number, got {value!r}", f"{what}: 数値が必要です ({value!r})")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise SolverError(f"{what}: {value} is not a finite number", f"{what}: {value} は有限の数ではありません")
        return exact_number(Fraction(str(value)), what)
    module = type(value).__module__ or ""
    if module.startswith("numpy") and hasattr(value, "item"):
        return exact_number(value.item(), what)
    if module.startswith("sympy"):
        if getattr(value, "is_Rational", False):
            return exact_number(Fraction(int(value.p), int(value.q)), what)
        if getattr(value, "is_Float", False):
            return exact_number(float(value), what)
    raise SolverError(f"{what}: non-numeric entry {value!r}", f"{what}: 数値でない要素があります ({value!r})")


def _shape(value: Any, what: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        return ()
    if not value:
        raise SolverError(f"{what}: empty array", f"{what}: 空の配列です")
    shapes = {_shape(v, what) for v in value}
    if len(shapes) != 1:
        raise SolverError(f"{what}: ragged array (rows of different lengths)", f"{what}: 行の長さがそろっていません")
    return (len(value), *shapes.pop())


def _exact_nested(value: Any, what: str) -> Any:
    if isinstance(value, list | tuple):
        return [_exact_nested(v, what) for v in value]
    return exact_number(value, what)


def exact_array(value: Any, what: str, ndims: tuple[int, ...]) -> tuple[Any, tuple[int, ...]]:
    """A rectangular nested list of exact numbers and its shape; one-line errors for bad input."""
    if hasattr(value, "tolist") and not isinstance(value, list | tuple):
        value = value.tolist()
    shape = _shape(value, what)
    if len(shape) not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        raise SolverError(f"{what}: expected a {want} array, got {len(shape)}-D",
                          f"{what}: {want} の配列が必要です ({len(shape)}-D)")
    return _exact_nested(value, what), shape


def export(value: Any) -> Any:
    """Exact values in the project's answer types: ints stay ints, other fractions become ``sympy.Rational``.

    SymPy is imported only when a non-integer is present, so an all-integer convolution stays fast.
    """
    if isinstance(value, list):
        return [export(v) for v in value]
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        import sympy

        return sympy.Rational(value.numerator, value.denominator)
    return value


def factor_text(value: Exact) -> str:
    """A factor inside a product: negatives and fractions in parentheses, ``(−1)``, ``(1/2)``."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"({fmt(value)})"
    return fmt_signed(value)


def int_pair(value: Any, what: str, minimum: int) -> tuple[int, int]:
    """``3`` → (3, 3); ``(2, 3)`` → (2, 3); integers at least ``minimum``."""
    items = (value, value) if not isinstance(value, list | tuple) else tuple(value)
    if len(items) != 2:
        raise SolverError(f"{what}: expected one integer or a pair, got {value!r}",
                          f"{what}: 整数1つか2つの組で指定してください ({value!r})")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int) or item < minimum:
            raise SolverError(f"{what} must be an integer ≥ {minimum}, got {item!r}",
                              f"{what} は {minimum} 以上の整数で指定してください ({item!r})")
    return int(items[0]), int(items[1])


def pad_grid(grid: list[list[Any]], top: int, bottom: int, left: int, right: int, fill: Any) -> list[list[Any]]:
    """``grid`` surrounded by ``fill`` (0 for convolution, −∞ for max pooling)."""
    width = len(grid[0]) + left + right
    rows = [[fill] * width for _ in range(top)]
    rows += [[fill] * left + list(row) + [fill] * right for row in grid]
    rows += [[fill] * width for _ in range(bottom)]
    return rows


def output_sum_step(grid: Any) -> Step:
    """The last line of a "sum of all outputs" question: every output value added up (9 + 9 + 8 + 9 = 35).

    Generators that ask for the sum append it to the convolution or pooling steps, so the key does not stop at the
    output map.
    """
    values = [v for row in grid for v in row]
    if not values:
        raise SolverError("the output map is empty", "出力が空です")
    shown = fmt(values[0]) + "".join(f" − {fmt(-v)}" if v < 0 else f" + {fmt(v)}" for v in values[1:])
    total = sum(values[1:], values[0])
    return Step(Bilingual("出力の全要素を足す", "Add up every output value"), formula="Σ_{i,j} Y[i, j]",
                substituted=shown, result=normalised(total))


def sentence_case(text: str) -> str:
    """``text`` with its first letter capitalised (``str.capitalize`` would lower-case the rest)."""
    return text[:1].upper() + text[1:]


def normalised(value: Exact) -> Exact:
    return value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value


# --------------------------------------------------------------------------- padding and output size

def same_padding_steps(size: int, kernel: int, stride: int, dilation: int, axis: str) -> tuple[int, int, int, list[Step]]:
    """Keras/TensorFlow ``padding='same'`` along one axis: output ⌈H/S⌉ and the (possibly uneven) padding."""
    steps: list[Step] = []
    span = dilation * (kernel - 1) + 1
    if dilation > 1:
        steps.append(Step(
            Bilingual(f"膨張 (dilation) を考慮したカーネルの実効サイズ ({axis} 方向)", f"Effective kernel size with dilation ({axis} axis)"),
            formula="K_eff = D·(K − 1) + 1", substituted=f"{dilation}·({kernel} − 1) + 1", result=span))
    out = -(-size // stride)
    steps.append(Step(
        Bilingual(f"padding='same' (Keras/TensorFlow の規則) では出力サイズは ⌈H/S⌉ ({axis} 方向)",
                  f"With padding='same' (the Keras/TensorFlow rule) the output size is ⌈H/S⌉ ({axis} axis)"),
        formula="O = ⌈H / S⌉", substituted=f"⌈{size}/{stride}⌉", result=out))
    total = max((out - 1) * stride + span - size, 0)
    steps.append(Step(
        Bilingual(f"必要なパディングの合計 ({axis} 方向)", f"Total padding needed ({axis} axis)"),
        formula="P_total = max((O − 1)·S + K_eff − H, 0)",
        substituted=f"max(({out} − 1)·{stride} + {span} − {size}, 0)", result=total))
    before, after = total // 2, total - total // 2
    before_ja, after_ja = ("上", "下") if axis == "H" else ("左", "右")
    before_en, after_en = ("top", "bottom") if axis == "H" else ("left", "right")
    steps.append(Step(
        Bilingual(f"{before_ja}に ⌊P_total/2⌋ = {before}、{after_ja}に残りの {after}。"
                  f"合計が奇数のときは余分の1つを{after_ja}側に入れる (TensorFlow、PyTorch の padding='same' と同じ)。",
                  f"{before} on the {before_en} (⌊P_total/2⌋) and the remaining {after} on the {after_en}; "
                  f"when the total is odd the extra one goes to the {after_en}, as TensorFlow (and PyTorch padding='same') do."),
        formula="P_before = ⌊P_total/2⌋, P_after = P_total − P_before",
        substituted=f"⌊{total}/2⌋ = {before}, {total} − {before} = {after}", result=[before, after]))
    return out, before, after, steps


def _output_and_padding(sizes: tuple[int, int], kernel: tuple[int, int], stride: tuple[int, int],
                        padding: Any, dilation: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int, int, int], list[Step]]:
    """Output size (OH, OW), padding (top, bottom, left, right) and their steps."""
    steps: list[Step] = []
    outs: list[int] = []
    pads: list[int] = []
    if isinstance(padding, str):
        if padding.lower() != "same":
            raise SolverError(f"padding must be an integer, a pair or 'same', got {padding!r}",
                              f"padding は整数・整数の組・'same' のいずれかです ({padding!r})")
        for i, axis in enumerate("HW"):
            out, before, after, axis_steps = same_padding_steps(sizes[i], kernel[i], stride[i], dilation[i], axis)
            outs.append(out)
            pads += [before, after]
            steps += axis_steps
    else:
        symmetric = int_pair(padding, "padding", 0)
        for i, axis in enumerate("HW"):
            out, axis_steps = output_size_steps(sizes[i], kernel[i], stride[i], symmetric[i], dilation[i], axis=axis)
            outs.append(out)
            pads += [symmetric[i], symmetric[i]]
            steps += axis_steps
    return (outs[0], outs[1]), (pads[0], pads[1], pads[2], pads[3]), steps


# --------------------------------------------------------------------------- convolution

def _filters(kernel: Any, channels: int) -> tuple[list[list[Grid]], bool, Any]:
    """Kernel as F×C×KH×KW, whether the answer keeps the filter axis (only for a 4-D kernel), and the
    kernel as given (exact) for echoing in ``inputs``."""
    weights, shape = exact_array(kernel, "kernel", (2, 3, 4))
    if len(shape) == 2:
        filters, many = [[weights]], False
    elif len(shape) == 3:
        filters, many = [weights], False
    else:
        filters, many = weights, True
    kernel_channels = len(filters[0])
    if kernel_channels != channels:
        hint_en = "; give a C×KH×KW kernel" if len(shape) == 2 else ""
        hint_ja = " (C×KH×KW のカーネルを指定してください)" if len(shape) == 2 else ""
        raise SolverError(f"channel mismatch: the input has {channels} channel(s) but the kernel has {kernel_channels}{hint_en}",
                          f"チャンネル数が合いません: 入力は {channels}、カーネルは {kernel_channels}{hint_ja}")
    return filters, many, weights


def _biases(bias: Any, count: int) -> list[Exact] | None:
    if bias is None:
        return None
    if isinstance(bias, list | tuple) or hasattr(bias, "tolist"):
        values, shape = exact_array(bias, "bias", (1,))
        if shape[0] != count:
            raise SolverError(f"bias: expected one value per filter ({count}), got {shape[0]}",
                              f"bias: フィルタごとに1つ ({count} 個) 必要です ({shape[0]} 個)")
        return list(values)
    return [exact_number(bias, "bias")] * count


def _window_step(image: Grid, weights: Grid, top: int, left: int, dilation: tuple[int, int],
                 where: tuple[int | None, int | None, int, int]) -> tuple[Exact, Step]:
    """One output cell: the products of the overlapping cells and their sum."""
    f, c, i, j = where
    pairs = [(image[top + m * dilation[0]][left + n * dilation[1]], w)
             for m, row in enumerate(weights) for n, w in enumerate(row)]
    value = normalised(sum((x * w for x, w in pairs), start=0))
    label_ja = (f"フィルタ {f + 1}・" if f is not None else "") + (f"チャンネル {c + 1}・" if c is not None else "")
    label_en = (f"filter {f + 1}, " if f is not None else "") + (f"channel {c + 1}, " if c is not None else "")
    step = Step(
        Bilingual(f"{label_ja}出力 ({i + 1}, {j + 1}) ← 窓の左上 ({top + 1}, {left + 1})",
                  sentence_case(f"{label_en}output ({i + 1}, {j + 1}) ← window at ({top + 1}, {left + 1})")),
        substituted=" + ".join(f"{factor_text(x)}×{factor_text(w)}" for x, w in pairs),
        result=export(value),
        kind="window",
        data={"filter": f if f is not None else 0, "channel": c, "row": i, "col": j, "top": top, "left": left,
              "kernel": [len(weights), len(weights[0])], "dilation": list(dilation)},
    )
    return value, step


def conv2d(input: Any, kernel: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
           bias: Any = None) -> Solution:
    """2-D convolution as PyTorch ``F.conv2d`` and Keras ``Conv2D`` compute it (cross-correlation).

    ``input`` is H×W or C×H×W; ``kernel`` KH×KW, C×KH×KW (one filter) or F×C×KH×KW.  ``padding``
    is zeros (int or pair) or ``"same"`` with the Keras/TensorFlow rule.  The answer is OH×OW for a
    2-D/3-D kernel and F×OH×OW for a 4-D kernel, matching the framework's output without batch axis.
    Every output cell gets a ``window`` step whose ``data`` locates the window on the padded input.
    """
    values, in_shape = exact_array(input, "input", (2, 3))
    images: list[Grid] = values if len(in_shape) == 3 else [values]
    channels, height, width = len(images), len(images[0]), len(images[0][0])
    filters, many, kernel_values = _filters(kernel, channels)
    kh, kw = len(filters[0][0]), len(filters[0][0][0])
    strides = int_pair(stride, "stride", 1)
    dilations = int_pair(dilation, "dilation", 1)
    biases = _biases(bias, len(filters))
    (oh, ow), pads, steps = _output_and_padding((height, width), (kh, kw), strides, padding, dilations)
    work = len(filters) * channels * oh * ow * kh * kw
    if work > MAX_MULTIPLY_ADDS:
        raise SolverError(f"too large for a worked solution: {work} multiplications (limit {MAX_MULTIPLY_ADDS})",
                          f"途中式を示すには大きすぎます: 掛け算 {work} 回 (上限 {MAX_MULTIPLY_ADDS})")

    several = channels > 1
    sum_c, plus_b = ("Σ_c ", " + b") if several else ("", " + b" if biases else "")
    steps.insert(0, Step(
        Bilingual("深層学習の「畳み込み」はカーネルを反転しない相互相関 (PyTorch・Keras と同じ)。"
                  "各出力は、窓とカーネルの重なったマスどうしの積の和。窓の位置はパディング後の入力の (行, 列) で、1 から数える。",
                  "Deep-learning 'convolution' is cross-correlation: the kernel is not flipped (as in PyTorch and Keras). "
                  "Each output is the sum of the products of the overlapping cells of window and kernel. "
                  "Window positions are (row, column) of the padded input, counted from 1."),
        formula=f"Y[i, j] = {sum_c}Σ_m Σ_n X[{'c, ' if several else ''}i·S + m·D, j·S + n·D] · K[{'c, ' if several else ''}m, n]{plus_b}",
    ))
    top, bottom, left, right = pads
    padded = [pad_grid(image, top, bottom, left, right, 0) for image in images]
    if any(pads):
        steps.append(Step(
            Bilingual(f"入力の周囲を 0 で埋める (ゼロパディング: 上 {top}, 下 {bottom}, 左 {left}, 右 {right})",
                      f"Surround the input with zeros (zero padding: top {top}, bottom {bottom}, left {left}, right {right})"),
            result=export(padded if several else padded[0]),
            data={"pad": [top, bottom, left, right]},
        ))

    maps: list[Grid] = []
    for f, weights in enumerate(filters):
        partials: list[Grid] = []
        for c in range(channels):
            partial: Grid = []
            for i in range(oh):
                row: list[Exact] = []
                for j in range(ow):
                    where = (f if many else None, c if len(in_shape) == 3 else None, i, j)
                    value, step = _window_step(padded[c], weights[c], i * strides[0], j * strides[1], dilations, where)
                    row.append(value)
                    steps.append(step)
                partial.append(row)
            partials.append(partial)
            if several:
                steps.append(Step(
                    Bilingual(f"{f'フィルタ {f + 1}・' if many else ''}チャンネル {c + 1} の部分和の特徴マップ",
                              f"Partial map of {f'filter {f + 1}, ' if many else ''}channel {c + 1}"),
                    result=export(partial), data={"filter": f, "channel": c}))
        shift = biases[f] if biases else 0
        total = [[normalised(sum((p[i][j] for p in partials), start=0) + shift) for j in range(ow)] for i in range(oh)]
        maps.append(total)
        if several or biases:
            terms = [f"Y{c + 1}" for c in range(channels)] if several else ["Y"]
            first = [fmt_signed(export(p[0][0])) for p in partials]
            if biases:
                terms.append("b")
                first.append(fmt_signed(export(shift)))
            what_ja = {(True, True): "チャンネルごとのマップを足し、バイアスを加える", (True, False): "チャンネルごとのマップを足す",
                       (False, True): "バイアスを加える"}[(several, bool(biases))]
            what_en = {(True, True): "add the channel maps and the bias", (True, False): "add the channel maps",
                       (False, True): "add the bias"}[(several, bool(biases))]
            prefix_ja, prefix_en = (f"フィルタ {f + 1}: ", f"Filter {f + 1}: ") if many else ("", "")
            steps.append(Step(
                Bilingual(f"{prefix_ja}{what_ja} (例: (1, 1) = {' + '.join(first)})",
                          f"{prefix_en}{what_en} (e.g. (1, 1) = {' + '.join(first)})"),
                formula=" + ".join(terms), result=export(total), data={"filter": f}))
        elif many:
            steps.append(Step(Bilingual(f"フィルタ {f + 1} の特徴マップ", f"Feature map of filter {f + 1}"),
                              result=export(total), data={"filter": f}))

    inputs = {"input": export(values), "kernel": export(kernel_values), "stride": list(strides),
              "padding": "same" if isinstance(padding, str) else list(int_pair(padding, "padding", 0)),
              "pad": list(pads), "dilation": list(dilations), "bias": export(biases) if biases else None}
    return Solution("conv2d", inputs, export(maps if many else maps[0]), steps)

