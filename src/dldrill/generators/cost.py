"""Generators for model cost: receptive field, depthwise-separable parameters, convolution MACs."""

from __future__ import annotations

from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _draw_rf(d: Draw) -> dict[str, Any]:
    n = d.int("layers")
    layers = [(d.int("kernel"), d.int("stride"), 1) for _ in range(n)]
    if all(s == 1 for _, s, _ in layers) and d.pick("need_stride"):
        raise Redraw("want at least one strided layer")
    return {"layers": layers}


def _solve_rf(p: dict[str, Any]) -> Solution:
    from solvers.cost import receptive_field

    return receptive_field(p["layers"])


def _rf_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    layers = p["layers"]
    sum_k = sum(k for k, _, _ in layers)
    no_jump = 1 + sum(k - 1 for k, _, _ in layers)
    prod_k = 1
    for k, _, _ in layers:
        prod_k *= k
    # the jump updated before the layer is added: the layer's own stride enters its step
    early, jump = 1, 1
    own = 1 + sum((k - 1) * s for k, s, _ in layers)
    for k, s, _ in layers:
        jump *= s
        early += (k - 1) * jump
    total_stride = jump
    return [
        Mistake(no_jump, "ignored-stride", Bilingual("前の層のストライドで受容野の広がり方が大きくなる (ジャンプ j) ことを無視しています。",
                                                     "You ignored that earlier strides make each later layer's step wider (the jump j).")),
        Mistake(sum_k, "summed-kernels", Bilingual("カーネルサイズを足すだけでは重なりの分が二重に数えられます: r ← r + (K − 1)·j。",
                                                   "Adding kernel sizes double-counts the overlap: r ← r + (K − 1)·j.")),
        Mistake(early, "jump-updated-early", Bilingual(
            "各層の広がり (K − 1) に掛けるのは、それより前の層のストライドの積です。その層自身のストライドは含めません。",
            "Each layer's (K − 1) is multiplied by the product of the strides before it, not including its own stride.")),
        Mistake(own, "own-stride-only", Bilingual(
            "その層のストライドだけを掛けています。前の層すべてのストライドの積 (ジャンプ j) を掛けます。",
            "You multiplied by the layer's own stride; use the product of all earlier strides (the jump j).")),
        Mistake(no_jump * total_stride, "stride-at-the-end", Bilingual(
            "ストライドの積を最後にまとめて掛けても、受容野にはなりません。層ごとに (K − 1)·j を足します。",
            "Multiplying by the total stride at the end is not the receptive field; add (K − 1)·j layer by layer.")),
        Mistake(prod_k, "multiplied-kernels", Bilingual("カーネルサイズは掛け合わせません。", "Kernel sizes do not multiply.")),
    ]


def _rf_prompt(p: dict[str, Any]) -> Bilingual:
    ja = "、".join(f"{k}×{k} (ストライド {s})" for k, s, _ in p["layers"])
    en = ", ".join(f"{k}×{k} (stride {s})" for k, s, _ in p["layers"])
    return Bilingual(f"入力に近い順に {ja} の畳み込み層を重ねた。最後の層の1ユニットの受容野は入力上で何×何か。縦の画素数で答えよ。",
                     f"Convolution layers {en} are stacked, input side first. How many input pixels tall is the receptive "
                     "field of one unit of the last layer?")


RECEPTIVE_FIELD = GeneratorSpec(
    name="receptive_field",
    title=Bilingual("受容野の大きさ", "Receptive field size"),
    syllabus=("E3-4-1", "T18"),
    defaults={"layers": [2, 3], "kernel": {"one_of": [3, 3, 5]}, "stride": [1, 2], "need_stride": True},
    draw=_draw_rf,
    solve=_solve_rf,
    prompt=_rf_prompt,
    mistakes=_rf_mistakes,
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
    value_range=(1, None),
)


def _draw_sep(d: Draw) -> dict[str, Any]:
    return {"kernel": d.int("kernel"), "in_channels": d.int("in_channels"), "out_channels": d.int("out_channels")}


def _solve_sep(p: dict[str, Any]) -> Solution:
    from solvers.cost import separable

    return separable(p["kernel"], p["in_channels"], p["out_channels"])


def _sep_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    k, m, n = p["kernel"], p["in_channels"], p["out_channels"]
    return [
        Mistake(k * k * m * n, "standard-conv", Bilingual("それは通常の畳み込み (K²·M·N) のパラメータ数です。",
                                                         "That is the standard convolution's count (K²·M·N).")),
        Mistake(k * k * m, "forgot-pointwise", Bilingual("1×1 の pointwise 畳み込み (M·N) を足し忘れています。",
                                                        "You forgot the 1×1 pointwise convolution (M·N).")),
        Mistake(k * k * n + m * n, "depthwise-per-output", Bilingual(
            "depthwise は入力チャネルごとにフィルタ1枚 (K²·M) です。出力チャネル数ぶんではありません。",
            "The depthwise part has one K×K filter per input channel (K²·M), not per output channel.")),
        Mistake(k * m + m * n, "k-not-squared", Bilingual("カーネルは K×K なので K² です。", "The kernel is K×K, so it is K², not K.")),
    ]


SEPARABLE_PARAMS = GeneratorSpec(
    name="separable_params",
    title=Bilingual("Depthwise Separable Convolution のパラメータ数", "Depthwise-separable convolution parameters"),
    syllabus=("T18", "E3-4-2", "T26"),
    defaults={"kernel": {"one_of": [3, 5]}, "in_channels": {"one_of": [8, 16, 32, 64]}, "out_channels": {"one_of": [16, 32, 64, 128]}},
    draw=_draw_sep,
    solve=_solve_sep,
    prompt=lambda p: Bilingual(
        f"入力 {p['in_channels']} チャネル、出力 {p['out_channels']} チャネル、カーネル {p['kernel']}×{p['kernel']} の畳み込みを "
        "Depthwise Separable Convolution (depthwise + pointwise) に置き換える。バイアスを除いたパラメータ数はいくつか。",
        f"A {p['kernel']}×{p['kernel']} convolution from {p['in_channels']} to {p['out_channels']} channels is replaced by a "
        "depthwise-separable convolution (depthwise + pointwise). How many parameters does it have, without biases?"),
    mistakes=_sep_mistakes,
    value_range=(1, None),
    answer=lambda p, s: s.answer["separable_params"],
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
)


def _draw_macs(d: Draw) -> dict[str, Any]:
    p = {"size": d.int("size"), "in_channels": d.int("in_channels"), "filters": d.int("filters"), "kernel": d.int("kernel")}
    p["padding"] = p["kernel"] // 2
    return p


def _solve_macs(p: dict[str, Any]) -> Solution:
    from solvers.cost import conv_macs

    return conv_macs(p["size"], p["size"], p["in_channels"], p["filters"], p["kernel"], 1, p["padding"])


def _macs_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    h, c, f, k = p["size"], p["in_channels"], p["filters"], p["kernel"]
    macs = s.answer["macs"]
    return [
        Mistake(2 * macs, "flops-not-macs", Bilingual("それは FLOPs (積と和を別々に数えた 2×MACs) です。", "That is FLOPs (2 × MACs).")),
        Mistake(s.answer["params"], "params-not-macs", Bilingual("それはパラメータ数です。演算量は出力の画素数ぶん繰り返されます。",
                                                                 "That is the parameter count; the computation repeats for every output position.")),
        Mistake(h * h * f * k * k, "forgot-in-channels", Bilingual("各出力は入力の全チャネルにわたって積和をとるので C_in を掛けます。",
                                                                  "Each output sums over every input channel, so multiply by C_in.")),
        Mistake(h * h * c * k * k, "forgot-filters", Bilingual("出力チャネル (フィルタ) 数を掛け忘れています。", "You forgot to multiply by the number of filters.")),
    ]


CONV_MACS = GeneratorSpec(
    name="conv_macs",
    title=Bilingual("畳み込み層の積和演算回数 (MACs)", "Multiply-accumulates of a convolution"),
    syllabus=("E3-4-1", "T34"),
    defaults={"size": {"one_of": [8, 14, 16, 28, 32]}, "in_channels": {"one_of": [1, 3, 8, 16]},
              "filters": {"one_of": [8, 16, 32]}, "kernel": {"one_of": [1, 3, 5]}},
    draw=_draw_macs,
    solve=_solve_macs,
    prompt=lambda p: Bilingual(
        f"{p['size']}×{p['size']}×{p['in_channels']} (縦×横×チャネル) の入力に、{p['kernel']}×{p['kernel']} のフィルタ {p['filters']} 枚で、"
        f"ストライド 1、パディング {p['padding']} (出力サイズは入力と同じ) の畳み込みを行う。積和演算 (MAC) の回数はいくつか (バイアスは除く)。",
        f"A {p['size']}×{p['size']}×{p['in_channels']} (H×W×C) input is convolved with {p['filters']} filters of "
        f"{p['kernel']}×{p['kernel']}, stride 1, padding {p['padding']} (same output size). How many multiply-accumulates "
        "(MACs) does it take (biases excluded)?"),
    mistakes=_macs_mistakes,
    value_range=(1, None),
    answer=lambda p, s: s.answer["macs"],
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
)

SPECS = (RECEPTIVE_FIELD, SEPARABLE_PARAMS, CONV_MACS)
