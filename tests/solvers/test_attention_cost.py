"""Attention and model-cost solvers against plain NumPy implementations and paper figures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solvers import SolverError
from solvers.attention import attention_parameters, scaled_dot_product_attention
from solvers.cost import conv_macs, dense_macs, efficientnet, receptive_field, separable


def numpy_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool, pad: list[int]) -> tuple[np.ndarray, np.ndarray]:
    scores = q @ k.T / math.sqrt(q.shape[1])
    for i in range(scores.shape[0]):
        for j in range(scores.shape[1]):
            if (causal and j > i) or pad[j] == 0:
                scores[i, j] = -np.inf
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    w = e / e.sum(axis=1, keepdims=True)
    return w, w @ v


small = st.integers(-3, 3)


@settings(max_examples=25)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.booleans(), st.data())
def test_attention_matches_numpy(n: int, d: int, dv: int, causal: bool, data: st.DataObject) -> None:
    m = n if causal else data.draw(st.integers(1, 3))
    q = data.draw(st.lists(st.lists(small, min_size=d, max_size=d), min_size=n, max_size=n))
    k = data.draw(st.lists(st.lists(small, min_size=d, max_size=d), min_size=m, max_size=m))
    v = data.draw(st.lists(st.lists(small, min_size=dv, max_size=dv), min_size=m, max_size=m))
    pad = data.draw(st.lists(st.sampled_from([0, 1]), min_size=m, max_size=m))
    if causal or 1 not in pad:
        pad[0] = 1
    sol = scaled_dot_product_attention(q, k, v, "causal" if causal else None, pad)
    w, out = numpy_attention(np.array(q, float), np.array(k, float), np.array(v, float), causal, pad)
    approx = sol.approx_value()
    np.testing.assert_allclose(np.array(approx["weights"], float), w, atol=1e-12)
    np.testing.assert_allclose(np.array(approx["output"], float), out, atol=1e-12)


def test_attention_identity_example() -> None:
    sol = scaled_dot_product_attention([[1, 0]], [[1, 0], [0, 1]], [[1, 0], [0, 1]])
    # scores 1/√2 and 0; weight of key 1 = e^{1/√2}/(e^{1/√2}+1)
    expected = math.exp(1 / math.sqrt(2)) / (math.exp(1 / math.sqrt(2)) + 1)
    assert float(sol.answer["weights"][0][0]) == pytest.approx(expected)


def test_attention_rejects_all_masked_row() -> None:
    with pytest.raises(SolverError):
        scaled_dot_product_attention([[1]], [[1]], [[1]], None, [0])


def test_transformer_parameter_counts_from_the_paper_setting() -> None:
    # d_model 512, 8 heads, d_ff 2048: MHA 4(512²+512); encoder layer adds FFN and 2 LayerNorms
    mha = 4 * (512 * 512 + 512)
    ffn = 512 * 2048 + 2048 + 2048 * 512 + 512
    assert attention_parameters(512, 8).answer["total"] == mha == 1_050_624
    assert attention_parameters(512, 8, 2048, "encoder").answer["total"] == mha + ffn + 4 * 512
    assert attention_parameters(512, 8, 2048, "decoder").answer["total"] == 2 * mha + ffn + 6 * 512
    assert attention_parameters(512, 1).answer["total"] == attention_parameters(512, 16).answer["total"]
    with pytest.raises(SolverError):
        attention_parameters(512, 7)


def brute_receptive_field(layers: list[tuple[int, int, int]]) -> int:
    """Propagate the set of input positions one output unit depends on, layer by layer backwards."""
    positions = {0}
    for k, s, d in reversed(layers):
        positions = {p * s + t * d for p in positions for t in range(k)}
    return max(positions) - min(positions) + 1


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=4))
def test_receptive_field_matches_brute_force(layers: list[tuple[int, int, int]]) -> None:
    assert receptive_field(layers).answer == brute_receptive_field(layers)


def test_receptive_field_textbook() -> None:
    # VGG: three 3×3 convolutions see 7×7; two see 5×5
    assert receptive_field([(3, 1, 1)] * 3).answer == 7
    assert receptive_field([(3, 1, 1)] * 2).answer == 5


def brute_conv_macs(h: int, w: int, c: int, f: int, k: int, s: int, p: int) -> int:
    count = 0
    for _oc in range(f):
        for _i in range(0, h + 2 * p - k + 1, s):
            for _j in range(0, w + 2 * p - k + 1, s):
                count += k * k * c
    return count


@given(st.integers(3, 12), st.integers(3, 12), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3),
       st.integers(1, 2), st.integers(0, 1))
def test_conv_macs_match_loop_count(h: int, w: int, c: int, f: int, k: int, s: int, p: int) -> None:
    sol = conv_macs(h, w, c, f, k, s, p)
    assert sol.answer["macs"] == brute_conv_macs(h, w, c, f, k, s, p)
    assert sol.answer["flops"] == 2 * sol.answer["macs"]


def test_dense_and_separable() -> None:
    assert dense_macs(784, 100).answer == {"macs": 78_400, "flops": 156_800, "params": 78_500}
    sol = separable(3, 32, 64, 112)
    assert sol.answer["standard_params"] == 3 * 3 * 32 * 64
    assert sol.answer["separable_params"] == 3 * 3 * 32 + 32 * 64
    assert sol.answer["ratio"] == pytest.approx(1 / 64 + 1 / 9)


def test_efficientnet_constants_from_the_paper() -> None:
    sol = efficientnet(1)
    assert float(sol.answer["constraint"]) == pytest.approx(1.2 * 1.1**2 * 1.15**2)
    assert float(sol.answer["constraint"]) == pytest.approx(2, abs=0.1)
    assert float(efficientnet(3).answer["resolution"]) == pytest.approx(1.15**3)
