"""output_size against brute-force window counting and textbook cases."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.shapes import output_size


def count_windows(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Slide a window over the padded axis and count the positions where it fits entirely."""
    padded = size + 2 * padding
    span = dilation * (kernel - 1) + 1
    return sum(1 for start in range(0, padded, stride) if start + span <= padded)


def transposed_length(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Scatter each input position's kernel into an output buffer, then crop the padding."""
    full = 0
    for i in range(size):
        for k in range(kernel):
            full = max(full, i * stride + k * dilation + 1)
    return full - 2 * padding


@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_matches_window_count(size: int, kernel: int, stride: int, padding: int, dilation: int) -> None:
    assume(dilation * (kernel - 1) + 1 <= size + 2 * padding)
    assert output_size(size, kernel, stride, padding, dilation).answer == count_windows(size, kernel, stride, padding, dilation)


@given(st.integers(1, 20), st.integers(1, 5), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2))
def test_transposed_matches_scatter(size: int, kernel: int, stride: int, padding: int, dilation: int) -> None:
    expected = transposed_length(size, kernel, stride, padding, dilation)
    assume(expected >= 1)
    assert output_size(size, kernel, stride, padding, dilation, transposed=True).answer == expected


def test_textbook_cases() -> None:
    # LeNet-5: 32×32 input, 5×5 kernel → 28×28; ゼロつく 7章: (4+2·1−3)/1+1 = 4
    assert output_size((32, 32), 5).answer == [28, 28]
    assert output_size(4, 3, 1, 1).answer == 4
    # AlexNet conv1 (as implemented with padding 2): 224, k=11, s=4, p=2 → 55
    assert output_size(224, 11, 4, 2).answer == 55


def test_inexact_division_names_uncovered_positions() -> None:
    sol = output_size(8, 3, 2, 0)
    assert sol.answer == 3
    note = [s for s in sol.steps if s.kind == "note"]
    assert note and note[0].data["uncovered_from"] == 8 and note[0].data["uncovered_to"] == 8


def test_exact_division_has_no_floor_note() -> None:
    assert not [s for s in output_size(7, 3, 2, 0).steps if s.kind == "note"]


@pytest.mark.parametrize("args", [(0, 3), (5, 9), (5, 3, 0), (5, 3, 1, -1)])
def test_bad_input(args: tuple[int, ...]) -> None:
    with pytest.raises(SolverError):
        output_size(*args)
