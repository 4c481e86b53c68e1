"""Model cost: receptive field of a layer stack, multiply-accumulate (MAC) and FLOP counts,
standard vs depthwise-separable convolution, and EfficientNet compound scaling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.numbers import fmt
from solvers.steps import Bilingual, Solution, Step


def _positive(name: str, value: Any, minimum: int = 1) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SolverError(f"{name} must be an integer ≥ {minimum}, got {value}", f"{name} は {minimum} 以上の整数にしてください ({value})")


def receptive_field(layers: Sequence[tuple[int, int, int]]) -> Solution:
    """Receptive field of the last layer's unit on the input, layer by layer.

    With jump j (distance in input pixels between neighbouring units) and r the field so far:
    r ← r + (K_eff − 1)·j, then j ← j·S, where K_eff = D(K − 1) + 1.
    """
    if not layers:
        raise SolverError("give at least one layer (kernel, stride, dilation)", "層を1つ以上指定してください")
    r, jump = 1, 1
    steps: list[Step] = [Step(Bilingual("入力の1画素から始める: r = 1, j = 1 (隣の出力がずれる入力画素数)",
                                        "Start from one input pixel: r = 1, jump j = 1 (input pixels between neighbouring units)"),
                              formula="r₀ = 1, j₀ = 1", result=1)]
    for n, (k, s, d) in enumerate(layers, 1):
        _positive("kernel", k)
        _positive("stride", s)
        _positive("dilation", d)
        k_eff = d * (k - 1) + 1
        new_r = r + (k_eff - 1) * jump
        steps.append(Step(Bilingual(f"層 {n}: K={k}, S={s}, D={d}", f"Layer {n}: K={k}, S={s}, D={d}"),
                          formula="r ← r + (D(K − 1) + 1 − 1)·j",
                          substituted=f"{r} + ({d}·({k} − 1))·{jump}", result=new_r, data={"jump_after": jump * s}))
        # the jump is what makes a stride early in the stack widen every later layer's field: shown at each layer
        steps.append(Step(Bilingual(f"層 {n} の後のジャンプ: ストライド {s} 倍になる", f"Jump after layer {n}: times the stride {s}"),
                          formula="j ← j·S", substituted=f"{jump}·{s}", result=jump * s, data={"layer": n}))
        r, jump = new_r, jump * s
    steps.append(Step(Bilingual("最後の層の1ユニットが入力で見る範囲 (受容野)", "The input span one unit of the last layer sees (its receptive field)"),
                      formula=f"r = r_{len(layers)}", result=r))
    inputs = {"layers": [list(layer) for layer in layers]}
    return Solution("cost", {"kind": "receptive-field", **inputs}, r, steps)


def conv_macs(height: int, width: int, in_channels: int, filters: int, kernel: int | tuple[int, int],
              stride: int = 1, padding: int = 0, groups: int = 1, bias: bool = True) -> Solution:
    """MACs of a convolution: every output element needs K_h·K_w·C_in/groups multiply-adds.

    FLOPs are counted as 2 × MACs (one multiply and one add each), the usual convention; the bias add
    is listed separately because papers differ on whether they count it.
    """
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    for name, value in (("height", height), ("width", width), ("in_channels", in_channels), ("filters", filters),
                        ("kernel", kh), ("kernel", kw), ("stride", stride), ("groups", groups)):
        _positive(name, value)
    _positive("padding", padding, 0)
    if in_channels % groups or filters % groups:
        raise SolverError("in_channels and filters must be divisible by groups", "入力チャネル数とフィルタ数は groups で割り切れる必要があります")
    oh = (height + 2 * padding - kh) // stride + 1
    ow = (width + 2 * padding - kw) // stride + 1
    if oh < 1 or ow < 1:
        raise SolverError("the kernel does not fit in the padded input", "カーネルがパディング後の入力に収まりません")
    per_output = kh * kw * (in_channels // groups)
    outputs = oh * ow * filters
    macs = outputs * per_output
    steps = [
        Step(Bilingual("出力サイズ", "Output size"), formula="O = ⌊(H + 2P − K)/S⌋ + 1",
             substituted=f"⌊({height} + 2·{padding} − {kh})/{stride}⌋ + 1, ⌊({width} + 2·{padding} − {kw})/{stride}⌋ + 1",
             result=[oh, ow]),
        Step(Bilingual("出力1要素あたりの積和回数", "Multiply-adds per output element"),
             formula="K_h·K_w·C_in / groups", substituted=f"{kh}·{kw}·{in_channels} / {groups}", result=per_output),
        Step(Bilingual("出力要素数 × 1要素あたりの積和 = MAC 数", "Output elements × multiply-adds each = MACs"),
             formula="MACs = O_h·O_w·C_out·K_h·K_w·C_in/groups",
             substituted=f"{oh}·{ow}·{filters}·{per_output}", result=macs),
        Step(Bilingual("FLOPs は積と和を別々に数えて 2×MACs (慣例。バイアス加算は別)", "FLOPs count multiply and add separately: 2 × MACs (convention; bias adds apart)"),
             formula="FLOPs ≈ 2·MACs", substituted=f"2·{macs}", result=2 * macs),
    ]
    params = (kh * kw * (in_channels // groups) + (1 if bias else 0)) * filters
    steps.append(Step(Bilingual("パラメータ数 (参考)", "Parameters (for reference)"),
                      formula="(K_h·K_w·C_in/groups + 1)·C_out" if bias else "K_h·K_w·C_in/groups·C_out",
                      substituted=f"({kh}·{kw}·{in_channels // groups} + {1 if bias else 0})·{filters}", result=params))
    inputs = {"kind": "conv-macs", "input": [height, width, in_channels], "filters": filters, "kernel": [kh, kw],
              "stride": stride, "padding": padding, "groups": groups, "bias": bias}
    return Solution("cost", inputs, {"macs": macs, "flops": 2 * macs, "params": params, "output": [oh, ow, filters]}, steps)


def dense_macs(inputs_: int, units: int, bias: bool = True) -> Solution:
    """MACs of a dense layer: one multiply-add per weight."""
    _positive("inputs", inputs_)
    _positive("units", units)
    macs = inputs_ * units
    steps = [Step(Bilingual("全結合層は重み1つにつき積和1回", "A dense layer does one multiply-add per weight"),
                  formula="MACs = N_in·N_out", substituted=f"{inputs_}·{units}", result=macs),
             Step(Bilingual("FLOPs = 2×MACs (慣例)", "FLOPs = 2 × MACs (convention)"), formula="2·MACs", substituted=f"2·{macs}", result=2 * macs),
             Step(Bilingual("パラメータ数", "Parameters"), formula="(N_in + 1)·N_out" if bias else "N_in·N_out",
                  substituted=f"({inputs_} + 1)·{units}" if bias else f"{inputs_}·{units}", result=(inputs_ + (1 if bias else 0)) * units)]
    return Solution("cost", {"kind": "dense-macs", "inputs": inputs_, "units": units, "bias": bias},
                    {"macs": macs, "flops": 2 * macs, "params": (inputs_ + (1 if bias else 0)) * units}, steps)


def separable(kernel: int, in_channels: int, out_channels: int, size: int | None = None) -> Solution:
    """Standard vs depthwise-separable convolution (MobileNet, Howard et al. 2017), biases ignored.

    Parameters: K²·M·N vs K²·M + M·N; cost on a D_F×D_F output: D_F²·K²·M·N vs D_F²·(K²·M + M·N);
    ratio = 1/N + 1/K².
    """
    _positive("kernel", kernel)
    _positive("in_channels", in_channels)
    _positive("out_channels", out_channels)
    k, m, n = kernel, in_channels, out_channels
    standard = k * k * m * n
    depthwise = k * k * m
    pointwise = m * n
    ratio = sp.Rational(depthwise + pointwise, standard)
    steps = [
        Step(Bilingual("通常の畳み込みの重み (バイアスなし)", "Standard convolution weights (no bias)"), formula="K²·M·N",
             substituted=f"{k}²·{m}·{n}", result=standard),
        Step(Bilingual("Depthwise 畳み込み: チャネルごとに K×K のフィルタ1枚", "Depthwise: one K×K filter per input channel"),
             formula="K²·M", substituted=f"{k}²·{m}", result=depthwise),
        Step(Bilingual("Pointwise (1×1) 畳み込み: チャネルを混ぜる", "Pointwise (1×1) convolution mixes the channels"),
             formula="M·N", substituted=f"{m}·{n}", result=pointwise),
        Step(Bilingual("比 = (K²M + MN)/(K²MN) = 1/N + 1/K²", "Ratio = (K²M + MN)/(K²MN) = 1/N + 1/K²"),
             formula="1/N + 1/K²", substituted=f"1/{n} + 1/{k * k}", result=ratio),
    ]
    answer: dict[str, Any] = {"standard_params": standard, "separable_params": depthwise + pointwise, "ratio": ratio}
    if size is not None:
        _positive("size", size)
        answer["standard_macs"] = size * size * standard
        answer["separable_macs"] = size * size * (depthwise + pointwise)
        steps.append(Step(Bilingual(f"出力 {size}×{size} での演算量 (MAC)", f"Cost on a {size}×{size} output (MACs)"),
                          formula="D_F²·K²·M·N  vs  D_F²·(K²·M + M·N)",
                          substituted=f"{size}²·{standard} vs {size}²·{depthwise + pointwise}",
                          result=[answer["standard_macs"], answer["separable_macs"]]))
    inputs = {"kind": "separable", "kernel": k, "in_channels": m, "out_channels": n, "size": size}
    return Solution("cost", inputs, answer, steps)


#: the paper's grid-searched constants α = 1.2, β = 1.1, γ = 1.15
EFFICIENTNET_ALPHA, EFFICIENTNET_BETA, EFFICIENTNET_GAMMA = sp.Rational(6, 5), sp.Rational(11, 10), sp.Rational(23, 20)


def efficientnet(phi: Any, alpha: Any = EFFICIENTNET_ALPHA, beta: Any = EFFICIENTNET_BETA,
                 gamma: Any = EFFICIENTNET_GAMMA) -> Solution:
    """EfficientNet compound scaling (Tan & Le, 2019): depth α^φ, width β^φ, resolution γ^φ under
    α·β²·γ² ≈ 2, so FLOPs grow about 2^φ.  Defaults are the paper's α = 1.2, β = 1.1, γ = 1.15."""
    a, b, g, p = (sp.Rational(x) if not isinstance(x, float) else sp.Rational(str(x)) for x in (alpha, beta, gamma, phi))
    if min(a, b, g) < 1:
        raise SolverError("α, β, γ must be at least 1", "α, β, γ は 1 以上です")
    constraint = a * b**2 * g**2
    steps = [
        Step(Bilingual("制約 α·β²·γ² ≈ 2 を確かめる (FLOPs は深さに比例し、幅と解像度の2乗に比例するため)",
                       "Check α·β²·γ² ≈ 2 (FLOPs grow linearly with depth and quadratically with width and resolution)"),
             formula="α·β²·γ²", substituted=f"{fmt(a)}·{fmt(b)}²·{fmt(g)}²", result=constraint),
        Step(Bilingual("深さの倍率", "Depth multiplier"), formula="d = α^φ", substituted=f"{fmt(a)}^{fmt(p)}", result=a**p),
        Step(Bilingual("幅 (チャネル数) の倍率", "Width (channels) multiplier"), formula="w = β^φ", substituted=f"{fmt(b)}^{fmt(p)}", result=b**p),
        Step(Bilingual("解像度の倍率", "Resolution multiplier"), formula="r = γ^φ", substituted=f"{fmt(g)}^{fmt(p)}", result=g**p),
        Step(Bilingual("FLOPs の倍率 ≈ (α·β²·γ²)^φ ≈ 2^φ", "FLOPs multiplier ≈ (α·β²·γ²)^φ ≈ 2^φ"),
             formula="(α·β²·γ²)^φ", substituted=f"{fmt(float(constraint), 4)}^{fmt(p)}", result=constraint**p),
    ]
    answer = {"depth": a**p, "width": b**p, "resolution": g**p, "flops": constraint**p, "constraint": constraint}
    inputs = {"kind": "efficientnet", "phi": p, "alpha": a, "beta": b, "gamma": g}
    return Solution("cost", inputs, answer, steps)
