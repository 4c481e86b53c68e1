"""Generators for output sizes of convolution, pooling and transposed convolution."""

from __future__ import annotations

import math
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _draw_conv(d: Draw) -> dict[str, Any]:
    p = {"size": d.int("size"), "kernel": d.int("kernel"), "stride": d.int("stride"), "padding": d.int("padding"),
         "dilation": d.int("dilation")}
    span = p["dilation"] * (p["kernel"] - 1) + 1
    if span > p["size"] + 2 * p["padding"] or p["padding"] >= p["kernel"] * p["dilation"]:
        raise Redraw("kernel does not fit / padding larger than the kernel")
    if (p["kernel"] == 1 and p["stride"] == 1) or (p["size"] + 2 * p["padding"] - span) // p["stride"] + 1 < 2:
        raise Redraw("trivial: a 1×1 kernel with stride 1 keeps the size, and a single output position needs no formula")
    exact = (p["size"] + 2 * p["padding"] - span) % p["stride"] == 0
    if not d.pick("allow_floor") and not exact:
        raise Redraw("output size not an integer division")
    return p


def _solve_conv(p: dict[str, Any]) -> Solution:
    from solvers.shapes import output_size

    return output_size(p["size"], p["kernel"], p["stride"], p["padding"], p["dilation"])


def _prompt_conv(p: dict[str, Any]) -> Bilingual:
    floor = (p["size"] + 2 * p["padding"] - p["dilation"] * (p["kernel"] - 1) - 1) % p["stride"] != 0
    floor_ja = " (割り切れない場合は切り捨てる)" if floor else ""
    floor_en = " (when the division is not exact, round down)" if floor else ""
    dil_ja = f"、ダイレーション {p['dilation']}" if p["dilation"] > 1 else ""
    dil_en = f", dilation {p['dilation']}" if p["dilation"] > 1 else ""
    return Bilingual(
        f"縦横 {p['size']}×{p['size']} の入力に、{p['kernel']}×{p['kernel']} のカーネルで、ストライド {p['stride']}、"
        f"ゼロパディング {p['padding']}{dil_ja} の畳み込みを行う。出力の縦 (=横) のサイズはいくつか{floor_ja}。",
        f"A {p['size']}×{p['size']} input is convolved with a {p['kernel']}×{p['kernel']} kernel, stride {p['stride']}, "
        f"zero padding {p['padding']}{dil_en}. What is the height (= width) of the output{floor_en}?",
    )


def conv_size_mistakes(h: int, k: int, s: int, pad: int, dil: int = 1) -> list[Mistake]:
    """Wrong output sizes from the classic slips, most common first."""
    span = dil * (k - 1) + 1
    out: list[Mistake] = []

    def add(value: float | int, tag: str, ja: str, en: str) -> None:
        if value >= 1 and float(value).is_integer():
            out.append(Mistake(int(value), tag, Bilingual(ja, en)))

    if pad:
        add((h - span) // s + 1, "forgot-padding", "パディングを足し忘れています (H + 2P の 2P)。",
            "You left out the padding (the 2P in H + 2P).")
        add((h + pad - span) // s + 1, "padding-once", "パディングは上下 (左右) の両側に付くので 2P です。",
            "Padding is added on both sides, so it is 2P, not P.")
    inner = h + 2 * pad - span
    if s > 1:
        add(inner + 1, "ignored-stride", "ストライドで割り忘れています。",
            "You forgot to divide by the stride.")
        if inner % s:  # the slip only exists when the division is not exact
            add(math.ceil(inner / s) + 1, "ceil-not-floor", "割り切れないときは切り捨てです (切り上げではない)。",
                "When the division is not exact the result is floored, not rounded up.")
        else:
            add(inner // s, "forgot-plus-one", "最後の +1 (最初の窓の分) を忘れています。",
                "You forgot the final +1 (the first window position).")
        add((inner + 1) // s, "plus-one-inside", "+1 はストライドで割った後に足します: (H + 2P − K)/S + 1。",
            "The +1 is added after dividing by the stride: (H + 2P − K)/S + 1, not (H + 2P − K + 1)/S.")
        add(math.ceil(h / s), "same-padding-assumed",
            "出力が ⌈H/S⌉ になるのは 'same' パディングのときだけです。ここではカーネルとパディングから計算します。",
            "⌈H/S⌉ holds only for 'same' padding; here compute it from the kernel and the padding.")
    else:
        add(inner, "forgot-plus-one", "最後の +1 (最初の窓の分) を忘れています。",
            "You forgot the final +1 (the first window position).")
        if 2 * pad != span - 1:
            add(h, "same-padding-assumed", "ストライド 1 でも、パディングが (K − 1)/2 でなければ出力は入力と同じ大きさになりません。",
                "Even with stride 1 the output keeps the input size only when the padding is (K − 1)/2.")
    if pad:
        add((h - 2 * pad - span) // s + 1, "subtracted-padding", "パディングは入力を広げるので足します (H + 2P)。",
            "Padding enlarges the input, so it is added (H + 2P), not subtracted.")
    if dil > 1:
        add((h + 2 * pad - k) // s + 1, "ignored-dilation", "ダイレーションで広がったカーネルの幅 D(K−1)+1 を使っていません。",
            "You used K instead of the dilated span D(K−1)+1.")
    add((h + 2 * pad + span) // s + 1, "added-kernel", "カーネルサイズは引きます (足すのではない)。",
        "The kernel size is subtracted, not added.")
    return out


CONV_OUTPUT_SIZE = GeneratorSpec(
    name="conv_output_size",
    title=Bilingual("畳み込みの出力サイズ", "Convolution output size"),
    syllabus=("T18", "E3-4-1"),
    defaults={"size": [5, 32], "kernel": {"one_of": [1, 3, 5, 7]}, "stride": [1, 2], "padding": [0, 2],
              "dilation": 1, "allow_floor": False},
    draw=_draw_conv,
    solve=_solve_conv,
    prompt=_prompt_conv,
    mistakes=lambda p, s: conv_size_mistakes(p["size"], p["kernel"], p["stride"], p["padding"], p["dilation"]),
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
    value_range=(1, None),
)


def _draw_pool(d: Draw) -> dict[str, Any]:
    size, pool = d.int("size"), d.int("pool")
    stride = d.int("stride") or pool
    if pool > size or (size - pool) % stride:
        raise Redraw("pooling window does not tile the input")
    return {"size": size, "pool": pool, "stride": stride, "channels": d.int("channels")}


def _solve_pool(p: dict[str, Any]) -> Solution:
    from solvers.shapes import output_size

    return output_size(p["size"], p["pool"], p["stride"], 0)


def _pool_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    h, k, s = p["size"], p["pool"], p["stride"]
    out = [
        Mistake(h - k + 1, "stride-one", Bilingual("プーリングのストライドは通常ウィンドウサイズと同じです (ここでは "
                                                   f"{s})。", f"The pooling stride is usually the window size (here {s}).")),
        Mistake(h // s + 1, "forgot-kernel", Bilingual("窓の大きさ K を引き忘れています: (H − K)/S + 1。",
                                                       "You forgot to subtract the window size K: (H − K)/S + 1.")),
        Mistake((h - k) // s, "forgot-plus-one", Bilingual("最後の +1 を忘れています。", "You forgot the final +1.")),
        Mistake(h // 2 if s != 2 else h, "assumed-halving", Bilingual("プーリングで必ず半分になるとは限りません。窓とストライドから計算します。",
                                                                      "Pooling does not always halve the size; compute it from the window and stride.")),
    ]
    return [m for m in out if m.value >= 1]


POOL_OUTPUT_SIZE = GeneratorSpec(
    name="pool_output_size",
    title=Bilingual("プーリングの出力サイズ", "Pooling output size"),
    syllabus=("T20", "E3-4-3"),
    defaults={"size": [4, 32], "pool": [2, 3], "stride": 0, "channels": {"one_of": [3, 16, 32, 64]}},
    draw=_draw_pool,
    solve=_solve_pool,
    prompt=lambda p: Bilingual(
        f"{p['size']}×{p['size']}×{p['channels']} (縦×横×チャネル) の特徴マップに、プーリング窓 {p['pool']}×{p['pool']}、"
        f"ストライド {p['stride']} の最大値プーリングを行う。出力の縦 (=横) のサイズはいくつか。",
        f"Max pooling with a {p['pool']}×{p['pool']} window and stride {p['stride']} is applied to a "
        f"{p['size']}×{p['size']}×{p['channels']} (H×W×C) feature map. What is the output height (= width)?"),
    mistakes=_pool_mistakes,
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
    value_range=(1, None),
)


def _draw_transposed(d: Draw) -> dict[str, Any]:
    p = {"size": d.int("size"), "kernel": d.int("kernel"), "stride": d.int("stride"), "padding": d.int("padding")}
    if (p["size"] - 1) * p["stride"] - 2 * p["padding"] + p["kernel"] < 2 or p["padding"] >= p["kernel"]:
        raise Redraw("output too small")
    return p


def _solve_transposed(p: dict[str, Any]) -> Solution:
    from solvers.shapes import output_size

    return output_size(p["size"], p["kernel"], p["stride"], p["padding"], transposed=True)


def _transposed_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    h, k, s, pad = p["size"], p["kernel"], p["stride"], p["padding"]
    out = [
        Mistake((h + 2 * pad - k) // s + 1, "used-conv-formula", Bilingual("これは通常の畳み込みの式です。転置畳み込みは逆向き: (H−1)S − 2P + K。",
                                                                           "That is the ordinary convolution formula; the transposed one runs backwards: (H−1)S − 2P + K.")),
        Mistake(h * s - 2 * pad + k, "forgot-minus-one", Bilingual("(H − 1)·S の −1 を忘れています。", "You forgot the −1 in (H − 1)·S.")),
        Mistake((h - 1) * s + 2 * pad + k, "added-padding", Bilingual("転置畳み込みではパディングは出力から引きます。",
                                                                     "In a transposed convolution the padding is subtracted from the output.")),
        Mistake(h * s, "just-times-stride", Bilingual("ストライド倍するだけではカーネルとパディングの効果が抜けています。",
                                                       "Multiplying by the stride alone leaves out the kernel and padding.")),
    ]
    if s > 1:
        out.append(Mistake((h - 1) - 2 * pad + k, "ignored-stride", Bilingual("(H − 1) にストライド S を掛け忘れています。",
                                                                            "You forgot to multiply (H − 1) by the stride S.")))
    if pad:
        out.append(Mistake((h - 1) * s + k, "forgot-padding", Bilingual("パディング 2P を引き忘れています: (H − 1)S − 2P + K。",
                                                                      "You forgot to subtract the padding 2P: (H − 1)S − 2P + K.")))
        out.append(Mistake((h - 1) * s - pad + k, "padding-once", Bilingual("パディングは両側にあるので 2P を引きます。",
                                                                          "Padding is on both sides, so subtract 2P, not P.")))
    return [m for m in out if m.value >= 1]


TRANSPOSED_OUTPUT_SIZE = GeneratorSpec(
    name="transposed_output_size",
    title=Bilingual("転置畳み込みの出力サイズ", "Transposed-convolution output size"),
    syllabus=("E3-4-2",),
    defaults={"size": [2, 16], "kernel": [2, 5], "stride": [1, 3], "padding": [0, 2]},
    draw=_draw_transposed,
    solve=_solve_transposed,
    prompt=lambda p: Bilingual(
        f"縦横 {p['size']}×{p['size']} の入力に、カーネル {p['kernel']}×{p['kernel']}、ストライド {p['stride']}、"
        f"パディング {p['padding']} の転置畳み込み (output_padding = 0) を行う。出力の縦 (=横) のサイズはいくつか。",
        f"A transposed convolution with a {p['kernel']}×{p['kernel']} kernel, stride {p['stride']}, padding "
        f"{p['padding']} (output_padding = 0) is applied to a {p['size']}×{p['size']} input. What is the output height (= width)?"),
    mistakes=_transposed_mistakes,
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
    value_range=(1, None),
)

SPECS = (CONV_OUTPUT_SIZE, POOL_OUTPUT_SIZE, TRANSPOSED_OUTPUT_SIZE)
