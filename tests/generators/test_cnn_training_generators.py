"""Hand-worked examples for the CNN, activation/loss and training generators: the key comes from the solver,
and each modelled slip must give the value that the slip gives on paper (computed by hand in the comments)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest

from dldrill.generators.base import GeneratorSpec
from dldrill.generators.catalog import all_specs


def _run(name: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """(key, {tag: value}) for fixed params, through the spec's own solve/answer/mistakes."""
    spec: GeneratorSpec = all_specs()[name]
    solution = spec.solve(p)
    key = spec.answer(p, solution)
    return key, {m.tag: m.value for m in spec.mistakes(p, solution)}


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


# --- cnn.py --------------------------------------------------------------------------------------------

X3 = [[1, 2, 0], [0, 1, 3], [2, 1, 1]]
X4 = [[1, 2, 0, 1], [0, 1, 3, 2], [2, 1, 1, 0], [1, 0, 2, 3]]
K2 = [[1, 0], [-1, 2]]


def test_conv2d_matrix_by_hand() -> None:
    # cross-correlation, windows of X3 with K2 = [[1, 0], [-1, 2]]:
    # (0,0) 1·1 + 2·0 + 0·(−1) + 1·2 = 3   (0,1) 2 + 0 − 1 + 6 = 7
    # (1,0) 0 + 0 − 2 + 2 = 0              (1,1) 1 + 0 − 1 + 2 = 2
    # flipped kernel [[2, −1], [0, 1]]: (0,0) 2 − 2 + 0 + 1 = 1, (0,1) 4 + 0 + 0 + 3 = 7, (1,0) 0 − 1 + 0 + 1 = 0,
    #   (1,1) 2 − 3 + 0 + 1 = 0
    # transposed kernel [[1, −1], [0, 2]]: (0,0) 1 − 2 + 2 = 1, (0,1) 2 + 6 = 8, (1,0) −1 + 2 = 1, (1,1) 1 − 3 + 2 = 0
    p = {"size": 3, "kernel": 2, "stride": 1, "padding": 0, "input": X3, "weights": K2, "bias": 0, "ask": "matrix",
         "row": 0, "col": 0}
    key, slips = _run("conv2d_values", p)
    assert key == [[3, 7], [0, 2]]
    assert slips["flipped-kernel"] == [[1, 7], [0, 0]]
    assert slips["transposed-kernel"] == [[1, 8], [1, 0]]


def test_conv2d_sum_and_cell_by_hand() -> None:
    # stride 2 on the 4×4 X4: windows at (0,0) → 3, (0,2) → 0 + 0 − 3 + 4 = 1, (2,0) → 2 − 1 = 1, (2,2) → 1 − 2 + 6 = 5
    # sum 10.  Ignoring the stride gives the 3×3 map [[3, 7, 1], [0, 2, 2], [1, 5, 5]], sum 26.
    # Transposed kernel [[1, −1], [0, 2]] at stride 2: 1, 0 − 1 + 4 = 3, 2 − 1 = 1, 1 + 6 = 7 → sum 12.
    p = {"size": 4, "kernel": 2, "stride": 2, "padding": 0, "input": X4, "weights": K2, "bias": 0, "ask": "sum",
         "row": 0, "col": 0}
    key, slips = _run("conv2d_values", p)
    assert key == [[10]]
    assert slips["ignored-stride"] == [[26]]
    assert slips["transposed-kernel"] == [[12]]
    # cell (row 1, col 2 counted from 1) with bias 1: window (0,2) → 1, plus the bias → 2; without it 1;
    # the stride-1 map's (0,1) cell is 7 (+1 = 8); the off-by-one neighbour (0,3) does not exist, so (1,2): 2 + 1 = 3
    p.update({"ask": "cell", "row": 0, "col": 1, "bias": 1})
    key, slips = _run("conv2d_values", p)
    assert key == [[2]]
    assert slips["forgot-bias"] == [[1]]
    assert slips["ignored-stride"] == [[8]]
    assert slips["off-by-one-window"] == [[3]]


P4 = [[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 2, 2], [3, 1, 0, 4]]


def test_pool2d_by_hand() -> None:
    # 2×2 max, stride 2: max(1,3,4,2) = 4, max(2,0,1,5) = 5, max(0,1,3,1) = 3, max(2,2,0,4) = 4
    # averages: 10/4 = 2.5, 8/4 = 2, 5/4 = 1.25, 8/4 = 2
    p = {"size": 4, "pool": 2, "stride": 2, "mode": "max", "input": P4, "ask": "matrix", "row": 0, "col": 0}
    key, slips = _run("pool2d_values", p)
    assert key == [[4, 5], [3, 4]]
    assert _close(slips["swapped-mode"], [[2.5, 2], [1.25, 2]])
    # average pooling, sum of the outputs: 2.5 + 2 + 1.25 + 2 = 7.75; window sums 10 + 8 + 5 + 8 = 31;
    # max instead: 4 + 5 + 3 + 4 = 16; stride 1 (3×3 windows of averages):
    # 2.5 2 2 / 1.75 1.5 2.5 / 1.25 1 2 → 16.5
    p.update({"mode": "avg", "ask": "sum"})
    key, slips = _run("pool2d_values", p)
    assert _close(key, [[7.75]])
    assert _close(slips["sum-not-mean"], [[31]])
    assert _close(slips["swapped-mode"], [[16]])
    assert _close(slips["stride-one"], [[16.5]])
    # the worked steps end on that sum, written out as on paper
    last = all_specs()["pool2d_values"].solve(p).steps[-1]
    assert last.substituted == "2.5 + 2 + 1.25 + 2" and _close(last.result, 7.75)
    p["ask"] = "matrix"  # a map question ends on the last window, not on a sum
    assert all_specs()["pool2d_values"].solve(p).steps[-1].text.en != last.text.en


def test_dense_params_by_hand() -> None:
    # Dense(32) on 16 inputs: 16·32 + 32 = 544; no bias 512; a bias per weight 2·512 = 1024; 16 + 32 = 48
    p = {"framework": "keras", "inputs": 16, "hidden": 0, "units": 32, "spec": "Input(shape=(16,)), Dense(32)"}
    key, slips = _run("dense_params", p)
    assert key == 544
    assert slips["forgot-bias"] == 512
    assert slips["bias-per-weight"] == 1024
    assert slips["added-widths"] == 48
    assert slips["bias-on-both-sides"] == 17 * 33
    # 64 → 16 → 3 in PyTorch: (64·16 + 16) + (16·3 + 3) = 1040 + 51 = 1091; last layer only 51; no bias 1024 + 48
    p = {"framework": "pytorch", "inputs": 64, "hidden": 16, "units": 3,
         "spec": "Input((64,)), nn.Linear(64, 16), nn.Linear(16, 3)"}
    key, slips = _run("dense_params", p)
    assert key == 1091
    assert slips["last-layer-only"] == 51
    assert slips["forgot-bias"] == 1072


def test_conv_params_by_hand() -> None:
    # Conv2D(32, 3×3) on (28, 28, 64): 3·3·64·32 + 32 = 18432 + 32 = 18464
    # no bias 18432; no C_in 9·32 + 32 = 320; reading H = 28 as channels 9·28·32 + 32 = 8096; K not squared 3·64·32 + 32
    p = {"framework": "keras", "size": 28, "in_channels": 64, "filters": 32, "kernel": 3,
         "spec": "Input(shape=(28, 28, 64)), Conv2D(32, (3, 3))"}
    key, slips = _run("conv_params", p)
    assert key == 18464
    assert slips["forgot-bias"] == 18432
    assert slips["forgot-in-channels"] == 320
    assert slips["channels-last-confusion"] == 8096
    assert slips["kernel-not-squared"] == 6176


def test_rnn_params_by_hand() -> None:
    # Keras LSTM(16) on 8 features: 4·(8·16 + 16·16 + 16) = 4·400 = 1600
    # PyTorch's two biases 4·416 = 1664; GRU's 3 gates (reset_after=True) 3·(128 + 256 + 32) = 1248;
    # no recurrent weights 4·(128 + 16) = 576; no bias 4·384 = 1536; ×T (10 steps) 16000
    p = {"framework": "keras", "kind": "LSTM", "steps": 10, "inputs": 8, "units": 16,
         "spec": "Input(shape=(10, 8)), LSTM(16)"}
    key, slips = _run("rnn_params", p)
    assert key == 1600
    assert slips["two-bias-vectors"] == 1664
    assert slips["gate-count"] == 1248
    assert slips["forgot-recurrent"] == 576
    assert slips["forgot-bias"] == 1536
    assert slips["times-timesteps"] == 16000
    # PyTorch GRU 8 → 16: 3·(128 + 256 + 2·16) = 1248; one bias vector 3·400 = 1200; no recurrent 3·(128 + 32) = 480
    p = {"framework": "pytorch", "kind": "GRU", "steps": 10, "inputs": 8, "units": 16, "spec": "Input((10, 8)), nn.GRU(8, 16)"}
    key, slips = _run("rnn_params", p)
    assert key == 1248
    assert slips["one-bias-vector"] == 1200
    assert slips["forgot-recurrent"] == 480
    assert slips["gate-count"] == 1664
    # Keras GRU: 1248 with reset_after=True; the old reset_after=False form 3·400 = 1200
    p = {"framework": "keras", "kind": "GRU", "steps": 10, "inputs": 8, "units": 16, "spec": "Input(shape=(10, 8)), GRU(16)"}
    key, slips = _run("rnn_params", p)
    assert key == 1248
    assert slips["reset-after"] == 1200


@pytest.mark.parametrize("name", ["conv2d_values", "pool2d_values", "dense_params", "conv_params", "rnn_params"])
def test_registered(name: str) -> None:
    assert name in all_specs()




# --- activations_losses.py -------------------------------------------------------------------------------

def _approx(value: Any, expected: float, places: int = 4) -> bool:
    return abs(float(value) - expected) < 0.5 * 10 ** (-places)


def test_softmax_by_hand() -> None:
    # x = (1, 2, 3): e = 2.7183, e² = 7.3891, e³ = 20.0855, Σ = 30.1929 → y₁ = 0.0900
    # not normalised e¹ = 2.7183; raw logits 1/6 = 0.1667; others only e/(e² + e³) = 2.7183/27.4746 = 0.0989;
    # sigmoid 1/(1 + e^{−1}) = 0.7311; the largest other element y₃ = 20.0855/30.1929 = 0.6652
    key, slips = _run("softmax_value", {"logits": [1, 2, 3], "index": 0, "temperature": 1})
    assert _approx(key, 0.0900)
    assert _approx(slips["not-normalised"], 2.7183)
    assert _approx(slips["linear-normalisation"], 0.1667)
    assert _approx(slips["others-in-denominator"], 0.0989)
    assert _approx(slips["sigmoid-instead"], 0.7311)
    assert _approx(slips["wrong-element"], 0.6652)
    # T = 2, x = (1, −1): a = (0.5, −0.5), y₂ = 1/(1 + e¹) = 0.2689; without T 1/(1 + e²) = 0.1192;
    # multiplying by T (a = (2, −2)) 1/(1 + e⁴) = 0.0180
    key, slips = _run("softmax_value", {"logits": [1, -1], "index": 1, "temperature": 2})
    assert _approx(key, 0.2689)
    assert _approx(slips["ignored-temperature"], 0.1192)
    assert _approx(slips["times-temperature"], 0.0180)


def test_sigmoid_tanh_by_hand() -> None:
    # σ(1) = 1/(1 + 0.3679) = 0.7311; σ(−1) = 0.2689; e¹ = 2.7183; tanh(1) = 0.7616
    key, slips = _run("sigmoid_tanh_value", {"function": "sigmoid", "derivative": False, "x": Fraction(1)})
    assert _approx(key, 0.7311)
    assert _approx(slips["sign-slip"], 0.2689)
    assert _approx(slips["forgot-one"], 2.7183)
    assert _approx(slips["tanh-instead"], 0.7616)
    # σ'(1) = 0.7311 × 0.2689 = 0.1966; σ itself 0.7311; 1 − σ = 0.2689; 1 − σ² = 1 − 0.73106² = 1 − 0.53445 = 0.4656
    key, slips = _run("sigmoid_tanh_value", {"function": "sigmoid", "derivative": True, "x": Fraction(1)})
    assert _approx(key, 0.1966)
    assert _approx(slips["forward-value"], 0.7311)
    assert _approx(slips["missing-factor"], 0.2689)
    assert _approx(slips["tanh-derivative-formula"], 0.4656)
    # tanh(0.5) = 0.4621: tanh'(0.5) = 1 − 0.2135 = 0.7864; 1 − tanh = 0.5379; tanh(1 − tanh) = 0.4621 × 0.5379 = 0.2486
    key, slips = _run("sigmoid_tanh_value", {"function": "tanh", "derivative": True, "x": Fraction(1, 2)})
    assert _approx(key, 0.7864)
    assert _approx(slips["forgot-square"], 0.5379)
    assert _approx(slips["sigmoid-derivative-formula"], 0.2486)


def test_cross_entropy_by_hand() -> None:
    # y = (0.2, 0.7, 0.1), target 1: −ln 0.7 = 0.3567; wrong class −ln 0.2 = 1.6094; no minus −0.3567;
    # −log₂ 0.7 = 0.5146; −log₁₀ 0.7 = 0.1549; all classes 1.6094 + 0.3567 + 2.3026 = 4.2687; 1 − 0.7 = 0.3
    p = {"kind": "categorical", "log_base": "e", "probs": [Fraction(2, 10), Fraction(7, 10), Fraction(1, 10)], "target": 1}
    key, slips = _run("cross_entropy_value", p)
    assert _approx(key, 0.3567)
    assert _approx(slips["wrong-class"], 1.6094)
    assert _approx(slips["forgot-minus"], -0.3567)
    assert _approx(slips["log-base-2"], 0.5146)
    assert _approx(slips["log-base-10"], 0.1549)
    assert _approx(slips["all-classes"], 4.2687)
    # binary, p = (0.9, 0.2), t = (1, 0): −ln 0.9 = 0.1054, −ln 0.8 = 0.2231 → mean 0.1643, sum 0.3285;
    # without the (1 − t) term (0.1054 + 0)/2 = 0.0527; log p for both (0.1054 + 1.6094)/2 = 0.8574
    p = {"kind": "binary", "log_base": "e", "probs": [Fraction(9, 10), Fraction(2, 10)], "targets": [1, 0]}
    key, slips = _run("cross_entropy_value", p)
    assert _approx(key, 0.1643)
    assert _approx(slips["sum-not-mean"], 0.3285)
    assert _approx(slips["forgot-negative-term"], 0.0527)
    assert _approx(slips["ignored-targets"], 0.8574)


def test_squared_error_by_hand() -> None:
    # y = (1.5, 2, 0), t = (1, 0, 1): differences 0.5, 2, −1; squares 0.25 + 4 + 1 = 5.25
    # MSE 5.25/3 = 1.75; sum 5.25; with ½ 0.875; (mean difference)² = (1.5/3)² = 0.25; MAE 3.5/3 = 1.1667; √1.75 = 1.3229
    p = {"loss": "mse", "pred": [Fraction(3, 2), Fraction(2), Fraction(0)], "target": [Fraction(1), Fraction(0), Fraction(1)]}
    key, slips = _run("mse_value", p)
    assert key == Fraction(7, 4)
    assert _approx(slips["sum-not-mean"], 5.25)
    assert _approx(slips["added-half"], 0.875)
    assert _approx(slips["squared-after-mean"], 0.25)
    assert _approx(slips["absolute-not-squared"], 1.1667)
    assert _approx(slips["took-root"], 1.3229)
    # ½Σ = 2.625; no ½ 5.25; mean 1.75; (Σ differences)²/2 = 1.5²/2 = 1.125
    key, slips = _run("mse_value", {**p, "loss": "sse"})
    assert key == Fraction(21, 8)
    assert _approx(slips["forgot-half"], 5.25)
    assert _approx(slips["mean-not-half"], 1.75)
    assert _approx(slips["squared-after-sum"], 1.125)


# --- training.py ---------------------------------------------------------------------------------------------

def test_optimizer_by_hand() -> None:
    # SGD, w₀ = 1, η = 0.1, g = (3, −1): 1 − 0.3 + 0.1 = 0.8; sign flipped 1.2; no η 1 − 3 + 1 = −1; last step only 1.1
    p = {"method": "sgd", "lr": Fraction(1, 10), "w0": Fraction(1), "grads": [3, -1]}
    key, slips = _run("optimizer_step", p)
    assert key == Fraction(4, 5)
    assert _approx(slips["sign-flip"], 1.2)
    assert _approx(slips["forgot-lr"], -1.0)
    assert _approx(slips["last-step-only"], 1.1)
    # Momentum (textbook), w₀ = 0.5, η = 0.5, α = 0.9, g = (2, 1): v₁ = −1, w₁ = −0.5; v₂ = −0.9 − 0.5 = −1.4, w₂ = −1.9
    # plain SGD 0.5 − 1 − 0.5 = −1; mixed (w ← w − ηv with v = αv − ηg): w₁ = 1, w₂ = 1 + 0.7 = 1.7;
    # no η: v = 2, 2.8 → 0.5 − 2 − 2.8 = −4.3
    p = {"method": "momentum", "lr": Fraction(1, 2), "w0": Fraction(1, 2), "grads": [2, 1]}
    key, slips = _run("optimizer_step", p)
    assert key == Fraction(-19, 10)
    assert _approx(slips["plain-sgd"], -1.0)
    assert _approx(slips["mixed-momentum-forms"], 1.7)
    assert _approx(slips["forgot-lr"], -4.3)
    key, _ = _run("optimizer_step", {**p, "method": "momentum-torch"})
    assert key == Fraction(-19, 10)  # the two forms agree for a constant learning rate
    # AdaGrad, w₀ = 1, η = 0.1, g = (2, 1): h = 4 → w₁ = 0.9; h = 5 → w₂ = 0.9 − 0.1/√5 = 0.85528
    # no root: 1 − 0.2/4 = 0.95, 0.95 − 0.1/5 = 0.93; no accumulation: h = 1 at step 2 → 0.8; SGD 0.7
    p = {"method": "adagrad", "lr": Fraction(1, 10), "w0": Fraction(1), "grads": [2, 1]}
    key, slips = _run("optimizer_step", p)
    assert _approx(key, 0.85528)
    assert _approx(slips["forgot-sqrt"], 0.93)
    assert _approx(slips["no-accumulation"], 0.8)
    assert _approx(slips["plain-sgd"], 0.7)
    # RMSProp, w₀ = 0.5, η = 0.01, ρ = 0.9, g = (1, 1): h = 0.1, w₁ = 0.5 − 0.01/0.31623 = 0.46838;
    # h = 0.19, w₂ = 0.46838 − 0.01/0.43589 = 0.44544. ρ swapped: h = 0.9 → 0.48946; h = 0.99 → 0.47941
    p = {"method": "rmsprop", "lr": Fraction(1, 100), "w0": Fraction(1, 2), "grads": [1, 1]}
    key, slips = _run("optimizer_step", p)
    assert _approx(key, 0.44544)
    assert _approx(slips["swapped-rho"], 0.47941)
    # Adam, w₀ = 1, η = 0.1, g = (2, −1): t = 1 m̂ = 2, v̂ = 4 → w₁ = 0.9; t = 2 m = 0.08, v = 0.004996,
    # m̂ = 0.08/0.19 = 0.42105, v̂ = 0.004996/0.001999 = 2.49925, √ = 1.58090 → w₂ = 0.9 − 0.1·0.42105/1.58090
    # = 0.9 − 0.02663 = 0.87337 (m₂ = 0.18 − 0.1 = 0.08 is still positive, so w keeps decreasing)
    # no bias correction: 1 − 0.1·0.2/√0.004 = 1 − 0.31623 = 0.68377; 0.68377 − 0.1·0.08/√0.004996 = 0.68377 − 0.11318 = 0.57059
    p = {"method": "adam", "lr": Fraction(1, 10), "w0": Fraction(1), "grads": [2, -1]}
    key, slips = _run("optimizer_step", p)
    assert _approx(key, 0.87337)
    assert _approx(slips["no-bias-correction"], 0.57059)


def test_backprop_by_hand() -> None:
    # L = (a·x + b·y)·t with a = 100, x = 2, b = 150, y = 3, t = 1.1: ∂L/∂a = x·t = 2.2; a·t = 110; no tax 2;
    # the oranges' branch y·t = 3.3; forward value (200 + 450)·1.1 = 715
    p = {"graph": "shopping", "values": {"a": 100, "x": 2, "b": 150, "y": 3, "t": Fraction(11, 10)}, "wrt": "a"}
    key, slips = _run("backprop_graph", p)
    assert _approx(key, 2.2)
    assert _approx(slips["own-value"], 110)
    assert _approx(slips["forgot-tax"], 2)
    assert _approx(slips["wrong-branch"], 3.3)
    assert _approx(slips["forward-value"], 715)
    # ∂L/∂x = a·t = 110; own value x·t = 2.2; no tax a = 100; the oranges' branch b·t = 165
    key, slips = _run("backprop_graph", {**p, "wrt": "x"})
    assert _approx(key, 110)
    assert _approx(slips["own-value"], 2.2)
    assert _approx(slips["forgot-tax"], 100)
    assert _approx(slips["wrong-branch"], 165)
    # ∂L/∂t = a·x + b·y = 650; one branch only 200
    key, slips = _run("backprop_graph", {**p, "wrt": "t"})
    assert key == 650
    assert slips["forgot-branch"] == 200
    # L = x·y + x·z with x = 2, y = 3, z = 4: ∂L/∂x = y + z = 7; one branch 3 or 4; branches multiplied 12; L = 14
    spec = all_specs()["backprop_graph"]
    p = {"graph": "shared_sum", "values": {"x": 2, "y": 3, "z": 4}, "wrt": "x"}
    solution = spec.solve(p)
    assert spec.answer(p, solution) == 7
    values = sorted((m.tag, m.value) for m in spec.mistakes(p, solution))
    assert values == [("forgot-branch", 3), ("forgot-branch", 4), ("forward-value", 14), ("multiplied-branches", 12)]


def test_batchnorm_by_hand() -> None:
    # feature 1 = (1, 6, 4): μ = 11/3, deviations −8/3, 7/3, 1/3, σ² = (64 + 49 + 1)/27 = 4.2222, σ = 2.05480
    # sample 2: (6 − 3.6667)/2.05480 = 1.13555; with m − 1: σ² = 6.3333, √ = 2.51661 → 0.92717;
    # no root 2.3333/4.2222 = 0.55263; layer norm of sample (6, 3): μ = 4.5, σ = 1.5 → 1.0
    p = {"x": [[1, 5], [6, 3], [4, 4]], "row": 1, "col": 0, "gamma": 1, "beta": 0}
    key, slips = _run("batchnorm_value", p)
    assert _approx(key, 1.13555)
    assert _approx(slips["sample-variance"], 0.92717)
    assert _approx(slips["forgot-sqrt"], 0.55263)
    assert _approx(slips["layer-norm-axis"], 1.0)
    # γ = 2, β = 1: 2·1.13555 + 1 = 3.27110; without γ, β 1.13555
    key, slips = _run("batchnorm_value", {**p, "gamma": 2, "beta": 1})
    assert _approx(key, 3.27110)
    assert _approx(slips["forgot-affine"], 1.13555)


def test_quantization_by_hand() -> None:
    # asymmetric uint8 of (−0.5, 0.3, 1.2): s = 1.7/255 = 1/150, z = round(0.5·150) = 75, q(0.3) = 45 + 75 = 120;
    # without z 45; symmetric instead: s = 1.2/127, round(0.3·127/1.2) = round(31.75) = 32
    p = {"scheme": "asymmetric-uint8", "values": [Fraction(-1, 2), Fraction(3, 10), Fraction(6, 5)], "index": 1}
    key, slips = _run("quantization_value", p)
    assert key == 120
    assert slips["forgot-zero-point"] == 45
    assert slips["wrong-scheme"] == 32
    # symmetric int8 of (0.4, −0.6, 1.5): s = 1.5/127, −0.6/s = −50.8 → −51; truncated −50;
    # range/255: −0.6·255/2.1 = −72.86 → −73; asymmetric instead: z = round(72.86) = 73, q = −73 + 73 = 0
    p = {"scheme": "symmetric-int8", "values": [Fraction(2, 5), Fraction(-3, 5), Fraction(3, 2)], "index": 1}
    key, slips = _run("quantization_value", p)
    assert key == -51
    assert slips["truncated"] == -50
    assert slips["range-not-max-abs"] == -73
    assert slips["wrong-scheme"] == 0


def test_distillation_by_hand() -> None:
    # teacher (1, −1), student (3, 3), T = 2: p_T = softmax(0.5, −0.5) = (0.731059, 0.268941), p_S = (0.5, 0.5)
    # KL = 0.731059·ln 1.462117 + 0.268941·ln 0.537883 = 0.277719 − 0.166774 = 0.110945; ×T² = 0.44378
    # T instead of T² 0.22189; T = 1: p_T = (0.880797, 0.119203), KL = 0.498724 − 0.170900 = 0.327824, ×4 = 1.31130
    # reversed KL(p_S‖p_T) = 0.5·(−0.379885) + 0.5·0.620115 = 0.120115, ×4 = 0.48046
    p = {"teacher": [1, -1], "student": [3, 3], "temperature": 2}
    key, slips = _run("distillation_value", p)
    assert _approx(key, 0.44378)
    assert _approx(slips["forgot-t-squared"], 0.11095)
    assert _approx(slips["t-not-squared"], 0.22189)
    assert _approx(slips["no-softening"], 1.31130)
    assert _approx(slips["reversed-kl"], 0.48046)
