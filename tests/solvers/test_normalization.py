"""Batch/layer/instance/group norm against plain float loops written here, and hand-worked cases."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.normalization import normalize


def reference(kind: str, x: list[Any], groups: int, gamma: list[float], beta: list[float], eps: float) -> list[Any]:
    """Loop over (n, c, position) explicitly; x is (N, C, S) after the caller flattens H×W."""
    n_count, c_count, s_count = len(x), len(x[0]), len(x[0][0])

    def members(n: int, c: int) -> list[tuple[int, int, int]]:
        if kind == "batch":
            return [(i, c, s) for i in range(n_count) for s in range(s_count)]
        if kind == "layer":
            return [(n, j, s) for j in range(c_count) for s in range(s_count)]
        if kind == "instance":
            return [(n, c, s) for s in range(s_count)]
        size = c_count // groups
        first = (c // size) * size
        return [(n, j, s) for j in range(first, first + size) for s in range(s_count)]

    out = [[[0.0] * s_count for _ in range(c_count)] for _ in range(n_count)]
    for n in range(n_count):
        for c in range(c_count):
            vals = [x[i][j][s] for i, j, s in members(n, c)]
            mean = sum(vals) / len(vals)
            var = sum((v - mean) ** 2 for v in vals) / len(vals)
            for s in range(s_count):
                out[n][c][s] = gamma[c] * (x[n][c][s] - mean) / math.sqrt(var + eps) + beta[c]
    return out


def flatten_spatial(x: Any, ndim: int) -> list[Any]:
    if ndim == 2:
        return [[[v] for v in row] for row in x]
    if ndim == 3:
        return x
    return [[[v for row in channel for v in row] for channel in sample] for sample in x]


values = st.fractions(min_value=-4, max_value=4, max_denominator=4)


@given(st.sampled_from(["batch", "layer", "instance", "group"]), st.sampled_from([2, 3, 4]), st.data())
def test_matches_float_loops(kind: str, ndim: int, data: st.DataObject) -> None:
    if kind == "instance" and ndim == 2:
        ndim = 3
    n = data.draw(st.integers(1, 3))
    c = data.draw(st.sampled_from([1, 2, 4]))
    spatial = [] if ndim == 2 else ([data.draw(st.integers(1, 3))] if ndim == 3 else
                                    [data.draw(st.integers(1, 2)), data.draw(st.integers(1, 3))])
    def array(shape: list[int]) -> Any:
        if not shape:
            return data.draw(values)
        return [array(shape[1:]) for _ in range(shape[0])]

    x = array([n, c, *spatial])
    groups = data.draw(st.sampled_from([g for g in (1, 2, 4) if c % g == 0]))
    gamma = data.draw(st.lists(values, min_size=c, max_size=c))
    beta = data.draw(st.lists(values, min_size=c, max_size=c))
    eps = data.draw(st.sampled_from([Fraction(1, 10**5), Fraction(1, 10), Fraction(1)]))
    per_channel_affine = kind != "layer" or ndim == 2
    solution = normalize(kind, x, groups=groups if kind == "group" else None,
                         gamma=gamma if per_channel_affine else None, beta=beta if per_channel_affine else None, eps=eps)
    flat_x = [[[float(v) for v in pos] for pos in ch] for ch in flatten_spatial(x, ndim)]
    g = [float(v) for v in gamma] if per_channel_affine else [1.0] * c
    b = [float(v) for v in beta] if per_channel_affine else [0.0] * c
    expected = reference(kind, flat_x, groups, g, b, float(eps))
    got = flatten_spatial(solution.approx_value(), ndim)
    for ge, ee in zip(got, expected, strict=True):
        for gc, ec in zip(ge, ee, strict=True):
            assert all(math.isclose(float(u), v, rel_tol=1e-9, abs_tol=1e-9) for u, v in zip(gc, ec, strict=True))


def test_batch_norm_by_hand() -> None:
    # column 0: 1, 3 → μ = 2, σ² = 1 → −1, 1; column 1: 2, 6 → μ = 4, σ² = 4 → −1, 1
    solution = normalize("batch", [[1, 2], [3, 6]], eps=0)
    assert solution.answer == [[-1, -1], [1, 1]]
    means = [s.result for s in solution.steps if s.formula == "μ = (1/m) Σ x"]
    variances = [s.result for s in solution.steps if s.formula == "σ² = (1/m) Σ (x − μ)²"]
    assert means == [2, 4] and variances == [1, 4]   # biased: divided by m = 2, not m − 1


def test_layer_norm_by_hand() -> None:
    # 1, 2, 3 → μ = 2, σ² = 2/3 → ±1/√(2/3) = ±√(3/2); with γ = 2, β = 1/2
    solution = normalize("layer", [[1, 2, 3]], eps=0, gamma=2, beta=Fraction(1, 2))
    root = sympy.sqrt(sympy.Rational(3, 2))
    assert [sympy.simplify(v - e) for v, e in zip(solution.answer[0], [-2 * root + sympy.Rational(1, 2), sympy.Rational(1, 2),
                                                                          2 * root + sympy.Rational(1, 2)], strict=True)] == [0, 0, 0]


def test_instance_and_group_norm_shapes() -> None:
    x = [[[[1, 2], [3, 4]], [[10, 10], [10, 10]]]]
    inst = normalize("instance", x, eps=Fraction(1, 10))
    assert inst.answer[0][1] == [[0, 0], [0, 0]]           # a constant channel normalises to 0 (ε keeps 0/ε defined)
    assert normalize("group", x, groups=2, eps=Fraction(1, 10)).answer == inst.answer  # G = C is instance norm
    layer = normalize("layer", x, eps=Fraction(1, 10))
    assert normalize("group", x, groups=1, eps=Fraction(1, 10)).answer == layer.answer  # G = 1 is layer norm


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"kind": "weight", "x": [[1, 2]]}, "unknown kind"),
    ({"kind": "batch", "x": [1, 2]}, "(N, D)"),
    ({"kind": "batch", "x": [[1, 2], [3]]}, "ragged"),
    ({"kind": "instance", "x": [[1, 2], [3, 4]]}, "spatial"),
    ({"kind": "group", "x": [[[1], [2], [3]]], "groups": 2}, "divides"),
    ({"kind": "batch", "x": [[1, 2], [1, 3]], "eps": 0}, "variance 0"),
    ({"kind": "batch", "x": [[1, 2], [3, 4]], "gamma": [1, 2, 3]}, "gamma"),
    ({"kind": "batch", "x": [[1, 2], [3, 4]], "eps": -1}, "eps"),
])
def test_bad_input(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        normalize(**kwargs)
