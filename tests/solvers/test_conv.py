"""conv2d against a plain nested-loop convolution, textbook cases and its window steps."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.conv import conv2d


def naive_conv(image: list[list[list[Any]]], filters: list[list[list[list[Any]]]], stride: tuple[int, int],
               pads: tuple[int, int, int, int], dilation: tuple[int, int], bias: list[Any] | None) -> list[Any]:
    """C×H×W input, F×C×KH×KW kernel: pad with zeros, then slide and multiply-add cell by cell."""
    top, bottom, left, right = pads
    channels, height, width = len(image), len(image[0]), len(image[0][0])
    padded = [[[0] * (width + left + right) for _ in range(height + top + bottom)] for _ in range(channels)]
    for c in range(channels):
        for r in range(height):
            for q in range(width):
                padded[c][r + top][q + left] = image[c][r][q]
    kh, kw = len(filters[0][0]), len(filters[0][0][0])
    span_h, span_w = dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1
    out = []
    for f, kernel in enumerate(filters):
        rows = []
        r0 = 0
        while r0 + span_h <= len(padded[0]):
            row = []
            c0 = 0
            while c0 + span_w <= len(padded[0][0]):
                total = bias[f] if bias else 0
                for c in range(channels):
                    for m in range(kh):
                        for n in range(kw):
                            total += padded[c][r0 + m * dilation[0]][c0 + n * dilation[1]] * kernel[c][m][n]
                row.append(total)
                c0 += stride[1]
            rows.append(row)
            r0 += stride[0]
        out.append(rows)
    return out


def tf_same_pads(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """The smallest total padding that yields ⌈size/stride⌉ windows, split with the extra one after."""
    want = math.ceil(size / stride)
    span = dilation * (kernel - 1) + 1
    total = 0
    while len(range(0, size + total - span + 1, stride)) < want:
        total += 1
    return total // 2, total - total // 2


small = st.integers(-4, 4)


@st.composite
def conv_case(draw: st.DrawFn) -> dict[str, Any]:
    channels = draw(st.integers(1, 3))
    filters = draw(st.integers(1, 3))
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    image = [[[draw(small) for _ in range(width)] for _ in range(height)] for _ in range(channels)]
    kernel = [[[[draw(small) for _ in range(kw)] for _ in range(kh)] for _ in range(channels)] for _ in range(filters)]
    return {
        "image": image, "kernel": kernel,
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
        "dilation": (draw(st.integers(1, 2)), draw(st.integers(1, 2))),
        "bias": draw(st.none() | st.lists(small, min_size=filters, max_size=filters)),
    }


def fits(case: dict[str, Any]) -> bool:
    kh, kw = len(case["kernel"][0][0]), len(case["kernel"][0][0][0])
    h, w = len(case["image"][0]), len(case["image"][0][0])
    (ph, pw), (dh, dw) = case["padding"], case["dilation"]
    return dh * (kh - 1) + 1 <= h + 2 * ph and dw * (kw - 1) + 1 <= w + 2 * pw


@given(conv_case())
def test_matches_nested_loops(case: dict[str, Any]) -> None:
    assume(fits(case))
    (ph, pw) = case["padding"]
    expected = naive_conv(case["image"], case["kernel"], case["stride"], (ph, ph, pw, pw), case["dilation"], case["bias"])
    sol = conv2d(case["image"], case["kernel"], case["stride"], case["padding"], case["dilation"], case["bias"])
    assert sol.answer == expected


@given(conv_case())
def test_same_padding_matches_tensorflow_rule(case: dict[str, Any]) -> None:
    image, kernel = case["image"], case["kernel"]
    kh, kw = len(kernel[0][0]), len(kernel[0][0][0])
    (sh, sw), (dh, dw) = case["stride"], case["dilation"]
    top, bottom = tf_same_pads(len(image[0]), kh, sh, dh)
    left, right = tf_same_pads(len(image[0][0]), kw, sw, dw)
    expected = naive_conv(image, kernel, (sh, sw), (top, bottom, left, right), (dh, dw), None)
    sol = conv2d(image, kernel, (sh, sw), "same", (dh, dw))
    assert sol.answer == expected
    assert [len(sol.answer[0]), len(sol.answer[0][0])] == [math.ceil(len(image[0]) / sh), math.ceil(len(image[0][0]) / sw)]
    assert sol.inputs["pad"] == [top, bottom, left, right]


@given(conv_case())
def test_window_steps_locate_their_windows(case: dict[str, Any]) -> None:
    """Each window step's data points at the cells whose products its result sums (what the TUI draws)."""
    assume(fits(case))
    image, kernel = case["image"], case["kernel"]
    (ph, pw), (sh, sw), (dh, dw) = case["padding"], case["stride"], case["dilation"]
    sol = conv2d(image, kernel, (sh, sw), (ph, pw), (dh, dw))
    windows = [s for s in sol.steps if s.kind == "window"]
    out_h, out_w = len(sol.answer[0]), len(sol.answer[0][0])
    assert len(windows) == len(kernel) * len(image) * out_h * out_w
    for step in windows:
        d = step.data
        c = d["channel"] if d["channel"] is not None else 0
        assert (d["top"], d["left"]) == (d["row"] * sh, d["col"] * sw)
        total = 0
        for m, krow in enumerate(kernel[d["filter"]][c]):
            for n, k in enumerate(krow):
                r, q = d["top"] + m * dh - ph, d["left"] + n * dw - pw
                inside = 0 <= r < len(image[0]) and 0 <= q < len(image[0][0])
                total += (image[c][r][q] if inside else 0) * k
        assert step.result == total
        assert step.substituted.count("×") == len(kernel[0][0]) * len(kernel[0][0][0])


def test_seed_example_window_and_feature_map() -> None:
    """GRI もくもく会 課題3: 2×2 filter, feature map [[5,20,3],[10,23,10],[6,23,12]]; the window right of 20 is
    1×1 + 1×0 + 1×2 + 0×3 = 3.  The article's figure is not in the text and no 4×4 stride-1 input of digits
    reproduces both facts, so the input is rebuilt as non-overlapping 2×2 windows (stride 2) around that window."""
    kernel = [[1, 0], [2, 3]]
    patches = [[[[0, 0], [1, 1]], [[2, 1], [3, 4]], [[1, 1], [1, 0]]],
               [[[1, 0], [0, 3]], [[1, 2], [2, 6]], [[2, 0], [1, 2]]],
               [[[0, 0], [0, 2]], [[3, 1], [1, 6]], [[0, 3], [3, 2]]]]
    image = [[patches[r // 2][c // 2][r % 2][c % 2] for c in range(6)] for r in range(6)]
    sol = conv2d(image, kernel, stride=2)
    assert sol.answer == [[5, 20, 3], [10, 23, 10], [6, 23, 12]]
    window = next(s for s in sol.steps if s.kind == "window" and (s.data["row"], s.data["col"]) == (0, 2))
    assert window.substituted == "1×1 + 1×0 + 1×2 + 0×3"
    assert window.result == 3
    # the same window alone
    alone = conv2d([[1, 1], [1, 0]], kernel)
    assert alone.answer == [[3]]
    assert [s.substituted for s in alone.steps if s.kind == "window"] == ["1×1 + 1×0 + 1×2 + 0×3"]


def test_zerotsuku_padding_and_bias() -> None:
    """ゼロから作るDeep Learning 7.2: 4×4 input, 3×3 filter → [[15,16],[6,15]]; +bias 3 → [[18,19],[9,18]];
    with padding 1 the 4×4 output [[7,12,10,2],[4,15,16,10],[10,6,15,6],[8,10,4,3]]."""
    image = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
    kernel = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
    assert conv2d(image, kernel).answer == [[15, 16], [6, 15]]
    assert conv2d(image, kernel, bias=3).answer == [[18, 19], [9, 18]]
    assert conv2d(image, kernel, padding=1).answer == [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]


def test_multichannel_steps_show_partial_maps_then_their_sum() -> None:
    image = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
    kernel = [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]
    sol = conv2d(image, kernel, bias=[10])
    partial = [s.result for s in sol.steps if s.kind == "step" and s.data.get("channel") is not None]
    assert partial == [[[1 + 4]], [[6 + 7]]]
    assert sol.steps[-1].result == [[5 + 13 + 10]] == sol.answer
    assert all(s.data["channel"] in (0, 1) for s in sol.steps if s.kind == "window")


def test_exact_fractions_and_negative_numbers_in_steps() -> None:
    sol = conv2d([[Fraction(1, 2), -1]], [[2, Fraction(1, 3)]])
    assert sol.answer == [[Fraction(1, 2) * 2 - Fraction(1, 3)]]
    assert str(sol.answer[0][0]) == "2/3"
    window = next(s for s in sol.steps if s.kind == "window")
    assert window.substituted == "(1/2)×2 + (-1)×(1/3)"
    assert isinstance(conv2d([[1, 2]], [[3]]).answer[0][0], int)
    assert conv2d([[0.5, 0.25]], [[2]]).answer == [[1, Fraction(1, 2)]]


def test_answer_shape_follows_kernel_rank() -> None:
    image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert conv2d(image, [[1]]).answer == image
    assert conv2d([image], [[[1]]]).answer == image
    assert conv2d(image, [[[[1]]], [[[2]]]]).answer == [image, [[2 * v for v in row] for row in image]]


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"input": [[1, 2], [3]], "kernel": [[1]]}, "ragged"),
    ({"input": [[1, "a"]], "kernel": [[1]]}, "non-numeric"),
    ({"input": [[1, 2]], "kernel": [[1, 1, 1]]}, "larger than the padded input"),
    ({"input": [[[1]], [[2]]], "kernel": [[1]]}, "channel mismatch"),
    ({"input": [[1, 2]], "kernel": [[1]], "stride": 0}, "stride"),
    ({"input": [[1, 2]], "kernel": [[1]], "padding": -1}, "padding"),
    ({"input": [[1, 2]], "kernel": [[1]], "padding": "full"}, "padding"),
    ({"input": [[1, 2]], "kernel": [[[[1]]], [[[1]]]], "bias": [1, 2, 3]}, "one value per filter"),
    ({"input": [], "kernel": [[1]]}, "empty"),
    ({"input": [1, 2], "kernel": [[1]]}, "2-D or 3-D"),
])
def test_bad_input_is_one_clear_error(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(SolverError) as info:
        conv2d(**kwargs)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value) and "\n" not in info.value.message("ja")
