"""pool2d against plain nested loops (PyTorch padding rules), a textbook case and its window steps."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.pooling import pool2d


def naive_pool(image: list[list[Any]], size: tuple[int, int], stride: tuple[int, int], pad: tuple[int, int],
               mode: str) -> list[list[Any]]:
    """Visit every window position; max ignores padding cells, avg divides by the full window area."""
    height, width = len(image), len(image[0])
    out = []
    for r0 in range(-pad[0], height + pad[0] - size[0] + 1, stride[0]):
        row = []
        for c0 in range(-pad[1], width + pad[1] - size[1] + 1, stride[1]):
            inside = [image[r][c] for r in range(r0, r0 + size[0]) for c in range(c0, c0 + size[1])
                      if 0 <= r < height and 0 <= c < width]
            row.append(max(inside) if mode == "max" else Fraction(sum(inside), size[0] * size[1]))
        out.append(row)
    return out


@st.composite
def pool_case(draw: st.DrawFn) -> dict[str, Any]:
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    size = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return {
        "image": [[draw(st.integers(-9, 9)) for _ in range(width)] for _ in range(height)],
        "size": size,
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": (draw(st.integers(0, size[0] // 2)), draw(st.integers(0, size[1] // 2))),
        "mode": draw(st.sampled_from(["max", "avg"])),
    }


def fits(case: dict[str, Any]) -> bool:
    return all(case["size"][i] <= (len(case["image"]), len(case["image"][0]))[i] + 2 * case["padding"][i] for i in (0, 1))


@given(pool_case())
def test_matches_nested_loops(case: dict[str, Any]) -> None:
    assume(fits(case))
    expected = naive_pool(case["image"], case["size"], case["stride"], case["padding"], case["mode"])
    sol = pool2d(case["image"], case["size"], case["stride"], case["padding"], case["mode"])
    assert sol.answer == expected
    windows = [s for s in sol.steps if s.kind == "window"]
    assert [[s.result for s in windows if s.data["row"] == i] for i in range(len(expected))] == expected


@given(pool_case(), st.integers(2, 3))
def test_channels_are_pooled_separately(case: dict[str, Any], count: int) -> None:
    assume(fits(case))
    channels = [[[(-1) ** k * v + k for v in row] for row in case["image"]] for k in range(count)]
    sol = pool2d(channels, case["size"], case["stride"], case["padding"], case["mode"])
    assert sol.answer == [naive_pool(ch, case["size"], case["stride"], case["padding"], case["mode"]) for ch in channels]
    assert {s.data["channel"] for s in sol.steps if s.kind == "window"} == set(range(count))


def test_zerotsuku_max_pooling() -> None:
    """ゼロから作るDeep Learning 7.3: 2×2 max pooling with stride 2."""
    image = [[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]
    sol = pool2d(image, 2)
    assert sol.answer == [[2, 3], [4, 2]]
    assert sol.inputs["stride"] == [2, 2]
    assert next(s.substituted for s in sol.steps if s.kind == "window") == "max(1, 2, 0, 1)"


def test_average_window_text_and_padding_counted() -> None:
    sol = pool2d([[1, 3], [2, 0]], 2, mode="avg")
    assert sol.answer == [[Fraction(3, 2)]]
    assert [s.substituted for s in sol.steps if s.kind == "window"] == ["(1 + 3 + 2 + 0)/4"]
    padded = pool2d([[4]], 2, stride=1, padding=1, mode="avg")
    assert padded.answer == [[1, 1], [1, 1]]  # 4 / 4: the three zero pads are counted (count_include_pad=True)
    assert any("count_include_pad" in s.text.en for s in padded.steps)


def test_max_padding_is_minus_infinity() -> None:
    sol = pool2d([[-5, -7]], 2, stride=1, padding=1)
    assert sol.answer == [[-5, -5, -7], [-5, -5, -7]]
    assert "−∞" in next(s.substituted for s in sol.steps if s.kind == "window")
    assert any("−∞" in s.text.en for s in sol.steps)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"input": [[1, 2]], "size": 3}, "larger than the padded input"),
    ({"input": [[1, 2]], "size": 0}, "size"),
    ({"input": [[1, 2]], "size": 1, "stride": -1}, "stride"),
    ({"input": [[1, 2], [3, 4]], "size": 2, "padding": 2}, "half the window"),
    ({"input": [[1, 2]], "size": 1, "mode": "min"}, "mode"),
    ({"input": [[1], [2, 3]], "size": 1}, "ragged"),
])
def test_bad_input_is_one_clear_error(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(SolverError) as info:
        pool2d(**kwargs)
    assert fragment in str(info.value)
