"""summary against real PyTorch modules: parameter counts from ``module.parameters()`` and shapes from a forward pass.

The PyTorch spelling is checked layer by layer on random models (including that a spec is refused
exactly when PyTorch refuses the module); the Keras spelling is checked against the PyTorch module
that computes the same thing (e.g. a depthwise conv is ``nn.Conv2d(groups=C)``), with the
documented counting differences (one vs two recurrent biases, BatchNorm statistics) made explicit.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.summary import summary

torch = pytest.importorskip("torch")
nn = torch.nn

Layer = tuple[str, Any]  # (spec text, zero-argument factory of the torch module)


def n_params(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


def run_torch(input_shape: tuple[int, ...], layers: list[Layer]) -> tuple[list[tuple[tuple[int, ...], int]], int | None]:
    """(output shape without batch, parameter count) per layer, and the index of the first layer torch refuses."""
    x = torch.zeros((1, *input_shape))
    results: list[tuple[tuple[int, ...], int]] = []
    with torch.no_grad():
        for index, (_, factory) in enumerate(layers):
            try:
                module = factory().eval()
                x = module(x)
            except (RuntimeError, ValueError):
                return results, index
            results.append((tuple(x.shape[1:]), n_params(module)))
    return results, None


def spec_of(input_shape: tuple[int, ...], layers: list[Layer]) -> str:
    return ", ".join([f"Input({input_shape})", *(text for text, _ in layers)])


def rows(spec: str, framework: str = "auto") -> list[tuple[tuple[int, ...], int]]:
    answer = summary(spec, framework).answer
    assert answer["non_trainable_params"] == 0 or framework == "keras"
    return [(tuple(r["output_shape"]), r["params"]) for r in answer["layers"]]


def check_against_torch(input_shape: tuple[int, ...], layers: list[Layer]) -> None:
    expected, refused = run_torch(input_shape, layers)
    if refused is not None:
        with pytest.raises(SolverError):
            summary(spec_of(input_shape, layers[: refused + 1]), "pytorch")
        layers = layers[:refused]
    if layers:
        assert rows(spec_of(input_shape, layers), "pytorch") == expected


# ---- random CNNs in PyTorch spelling ------------------------------------------------------------

@st.composite
def cnn_layers(draw: st.DrawFn) -> tuple[tuple[int, int, int], list[Layer]]:
    channels = draw(st.integers(1, 4))
    input_shape = (channels, draw(st.integers(3, 20)), draw(st.integers(3, 20)))
    layers: list[Layer] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["conv", "conv_same", "convT", "max", "avg", "bn", "relu", "dropout"]))
        k, s, p, d = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(0, 2)), draw(st.integers(1, 2))
        c = channels
        if kind in ("conv", "conv_same", "convT"):
            out = draw(st.integers(1, 6))
            groups = draw(st.sampled_from([g for g in (1, 2, 3) if c % g == 0 and out % g == 0] or [1]))
            bias = draw(st.booleans())
            if kind == "conv":
                text = f"nn.Conv2d({c}, {out}, {k}, stride={s}, padding={p}, dilation={d}, groups={groups}, bias={bias})"
                layers.append((text, lambda c=c, out=out, k=k, s=s, p=p, d=d, g=groups, b=bias:
                               nn.Conv2d(c, out, k, stride=s, padding=p, dilation=d, groups=g, bias=b)))
            elif kind == "conv_same":
                text = f"nn.Conv2d(in_channels={c}, out_channels={out}, kernel_size=({k}, {k + 1}), padding='same', bias={bias})"
                layers.append((text, lambda c=c, out=out, k=k, b=bias: nn.Conv2d(c, out, (k, k + 1), padding="same", bias=b)))
            else:
                op = draw(st.integers(0, 2))
                text = f"nn.ConvTranspose2d({c}, {out}, {k}, {s}, {p}, output_padding={op}, dilation={d}, groups={groups})"
                layers.append((text, lambda c=c, out=out, k=k, s=s, p=p, op=op, d=d, g=groups:
                               nn.ConvTranspose2d(c, out, k, s, p, output_padding=op, dilation=d, groups=g)))
            channels = out
        elif kind == "max":
            stride = draw(st.sampled_from([None, 1, 2, 3]))
            ceil = draw(st.booleans())
            text = f"nn.MaxPool2d({k}, stride={stride}, padding={p}, dilation={d}, ceil_mode={ceil})"
            layers.append((text, lambda k=k, st_=stride, p=p, d=d, ceil=ceil:
                           nn.MaxPool2d(k, stride=st_, padding=p, dilation=d, ceil_mode=ceil)))
        elif kind == "avg":
            ceil = draw(st.booleans())
            layers.append((f"nn.AvgPool2d(kernel_size={k}, stride={s}, padding={p}, ceil_mode={ceil})",
                           lambda k=k, s=s, p=p, ceil=ceil: nn.AvgPool2d(k, s, p, ceil_mode=ceil)))
        elif kind == "bn":
            affine = draw(st.booleans())
            layers.append((f"nn.BatchNorm2d({c}, affine={affine})", lambda c=c, a=affine: nn.BatchNorm2d(c, affine=a)))
        elif kind == "relu":
            layers.append(("nn.ReLU(inplace=True)", lambda: nn.ReLU(inplace=True)))
        else:
            layers.append(("nn.Dropout(0.3)", lambda: nn.Dropout(0.3)))
    return input_shape, layers


@given(cnn_layers(), st.integers(1, 5))
def test_random_cnns_match_pytorch(case: tuple[tuple[int, int, int], list[Layer]], classes: int) -> None:
    input_shape, layers = case
    expected, refused = run_torch(input_shape, layers)
    if refused is None:
        c, h, w = expected[-1][0]
        layers = [*layers, ("nn.Flatten()", nn.Flatten),
                  (f"nn.Linear({c}*{h}*{w}, {classes})", lambda n=c * h * w: nn.Linear(n, classes))]
    check_against_torch(input_shape, layers)


@given(st.integers(1, 4), st.integers(4, 30), st.lists(st.tuples(st.sampled_from(["conv", "max", "avg"]), st.integers(1, 4),
                                                                  st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=4))
def test_random_1d_models_match_pytorch(channels: int, length: int, plan: list[tuple[str, int, int, int]]) -> None:
    layers: list[Layer] = []
    c = channels
    for kind, k, s, p in plan:
        if kind == "conv":
            layers.append((f"nn.Conv1d({c}, {c + 1}, {k}, {s}, {p})", lambda c=c, k=k, s=s, p=p: nn.Conv1d(c, c + 1, k, s, p)))
            c += 1
        elif kind == "max":
            layers.append((f"nn.MaxPool1d({k}, {s}, {p})", lambda k=k, s=s, p=p: nn.MaxPool1d(k, s, p)))
        else:
            layers.append((f"nn.AvgPool1d({k}, {s}, {p})", lambda k=k, s=s, p=p: nn.AvgPool1d(k, s, p)))
    check_against_torch((channels, length), layers)


# ---- recurrent layers ---------------------------------------------------------------------------

@given(st.sampled_from(["RNN", "LSTM", "GRU"]), st.integers(1, 12), st.integers(1, 12), st.integers(1, 3), st.booleans(),
       st.booleans(), st.booleans(), st.integers(1, 6), st.integers(0, 11))
def test_random_recurrent_layers_match_pytorch(kind: str, i: int, h: int, layers: int, bias: bool, bidirectional: bool,
                                               batch_first: bool, steps: int, proj: int) -> None:
    proj = proj % h if kind == "LSTM" else 0
    extra = {"proj_size": proj} if proj else {}
    module = getattr(nn, kind)(i, h, num_layers=layers, bias=bias, bidirectional=bidirectional, batch_first=batch_first,
                               **extra).eval()
    x = torch.zeros((1, steps, i) if batch_first else (steps, 1, i))
    with torch.no_grad():
        out = module(x)[0]
    out_shape = tuple(out.shape[1:]) if batch_first else (out.shape[0], out.shape[2])
    proj_text = f", proj_size={proj}" if proj else ""
    spec = (f"Input(({steps}, {i})), nn.{kind}({i}, hidden_size={h}, num_layers={layers}, bias={bias},"
            f" batch_first={batch_first}, bidirectional={bidirectional}{proj_text})")
    assert rows(spec) == [(out_shape, n_params(module))]


def test_other_pytorch_layers() -> None:
    check_against_torch((12,), [("nn.Linear(12, 5)", lambda: nn.Linear(12, 5)), ("nn.BatchNorm1d(5)", lambda: nn.BatchNorm1d(5)),
                                ("nn.Linear(5, 3, bias=False)", lambda: nn.Linear(5, 3, bias=False)), ("nn.Sigmoid()", nn.Sigmoid)])
    check_against_torch((6, 10), [("nn.BatchNorm1d(6)", lambda: nn.BatchNorm1d(6)), ("nn.LayerNorm(10)", lambda: nn.LayerNorm(10)),
                                  ("nn.LayerNorm((6, 10), bias=False)", lambda: nn.LayerNorm((6, 10), bias=False)),
                                  ("nn.Linear(10, 4)", lambda: nn.Linear(10, 4)), ("nn.GELU()", nn.GELU)])
    check_against_torch((3, 17, 9), [("nn.AdaptiveAvgPool2d((4, None))", lambda: nn.AdaptiveAvgPool2d((4, None))),
                                     ("nn.Flatten(2)", lambda: nn.Flatten(2)), ("nn.Softmax(dim=1)", lambda: nn.Softmax(dim=1))])
    check_against_torch((3, 5, 4), [("nn.Flatten(1, 2)", lambda: nn.Flatten(1, 2))])
    check_against_torch((3, 8, 8), [("nn.Conv2d(4, 8, 3)", lambda: nn.Conv2d(4, 8, 3))])  # channel mismatch: both refuse
    check_against_torch((3, 8, 8), [("nn.Conv2d(3, 8, 3, stride=2, padding='same')",
                                     lambda: nn.Conv2d(3, 8, 3, stride=2, padding="same"))])
    check_against_torch((7,), [("nn.Linear(8, 2)", lambda: nn.Linear(8, 2))])


def test_embedding_matches_pytorch() -> None:
    module = nn.Embedding(1000, 16, padding_idx=0)
    out = module(torch.zeros((1, 12), dtype=torch.long))
    assert rows("Input((12,)), nn.Embedding(1000, 16, padding_idx=0), nn.LSTM(16, 8)")[0] == (tuple(out.shape[1:]), n_params(module))


def test_pytorch_detected_without_prefix() -> None:
    spec = "Input((3, 32, 32)), Conv2d(3, 8, 3), MaxPool2d(2), Flatten(), Linear(8*15*15, 10)"
    sol = summary(spec)
    assert sol.answer["framework"] == "pytorch"
    assert [r["name"] for r in sol.answer["layers"]] == ["Conv2d-1", "MaxPool2d-2", "Flatten-3", "Linear-4"]
    assert sol.answer["total_params"] == n_params(nn.Conv2d(3, 8, 3)) + n_params(nn.Linear(8 * 15 * 15, 10))


def test_pytorch_batchnorm_counts_only_gamma_beta() -> None:
    bn = nn.BatchNorm2d(16)
    sol = summary("Input((16, 8, 8)), nn.BatchNorm2d(16)")
    assert sol.answer["total_params"] == n_params(bn) == 32 and sol.answer["non_trainable_params"] == 0
    step = next(s for s in sol.steps if s.kind == "params")
    assert "buffers" in step.text.en and "64" not in step.formula and "(2·C = 32)" in step.text.en


# ---- Keras rules checked against the equivalent PyTorch module ---------------------------------

def keras_row(spec: str) -> dict[str, Any]:
    layer: dict[str, Any] = summary(spec, "keras").answer["layers"][-1]
    return layer


def channels_last(shape: tuple[int, ...]) -> list[int]:
    return [*shape[1:], shape[0]]


def torch_out(module: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    with torch.no_grad():
        return tuple(module.eval()(torch.zeros((1, *shape))).shape[1:])


@given(st.integers(1, 4), st.integers(5, 20), st.integers(5, 20), st.integers(1, 5), st.integers(1, 5), st.integers(1, 3),
       st.integers(1, 2), st.booleans())
def test_keras_conv_matches_torch_conv(c: int, h: int, w: int, filters: int, k: int, s: int, d: int, bias: bool) -> None:
    assume(d * (k - 1) + 1 <= min(h, w))
    module = nn.Conv2d(c, filters, k, stride=s, dilation=d, bias=bias)
    row = keras_row(f"Input(({h},{w},{c})), Conv2D({filters}, {k}, strides={s}, dilation_rate={d}, use_bias={bias})")
    assert row["params"] == n_params(module)
    assert row["output_shape"] == channels_last(torch_out(module, (c, h, w)))
    if s == 1 and k % 2:  # Keras 'same' with stride 1 and odd k = symmetric padding k//2
        same = keras_row(f"Input(({h},{w},{c})), Conv2D({filters}, {k}, padding='same')")
        assert same["output_shape"] == channels_last(torch_out(nn.Conv2d(c, filters, k, padding=k // 2), (c, h, w)))


@given(st.integers(1, 6), st.integers(4, 16), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(1, 8))
def test_keras_depthwise_separable_transpose_match_torch(c: int, size: int, k: int, dm: int, s: int, filters: int) -> None:
    depthwise = nn.Conv2d(c, c * dm, k, groups=c)
    row = keras_row(f"Input(({size},{size},{c})), DepthwiseConv2D({k}, depth_multiplier={dm})")
    assert row["params"] == n_params(depthwise)
    assert row["output_shape"] == channels_last(torch_out(depthwise, (c, size, size)))
    separable = [nn.Conv2d(c, c * dm, k, groups=c, bias=False), nn.Conv2d(c * dm, filters, 1)]
    assert keras_row(f"Input(({size},{size},{c})), SeparableConv2D({filters}, {k}, depth_multiplier={dm})")["params"] == \
        sum(n_params(m) for m in separable)
    if k >= s:  # then Keras 'valid' transposed length (H−1)·S + K equals PyTorch's with padding 0
        transposed = nn.ConvTranspose2d(c, filters, k, stride=s)
        row = keras_row(f"Input(({size},{size},{c})), Conv2DTranspose({filters}, {k}, strides={s})")
        assert row["params"] == n_params(transposed)
        assert row["output_shape"] == channels_last(torch_out(transposed, (c, size, size)))


@given(st.integers(1, 6), st.integers(2, 16), st.integers(1, 4), st.sampled_from([None, 1, 2, 3]))
def test_keras_pooling_matches_torch(c: int, size: int, k: int, stride: int | None) -> None:
    assume(k <= size)
    module = nn.MaxPool2d(k, stride=stride)
    stride_text = "None" if stride is None else str(stride)
    row = keras_row(f"Input(({size},{size},{c})), MaxPooling2D(({k},{k}), strides={stride_text})")
    assert row["output_shape"] == channels_last(torch_out(module, (c, size, size)))


def test_keras_batchnorm_vs_torch_parameters_and_buffers() -> None:
    bn = nn.BatchNorm2d(24)
    row = keras_row("Input((8, 8, 24)), BatchNormalization()")
    assert row["trainable"] == n_params(bn)
    assert row["non_trainable"] == bn.running_mean.numel() + bn.running_var.numel()


@given(st.integers(1, 20), st.integers(1, 20))
def test_keras_recurrent_vs_torch(i: int, h: int) -> None:
    lstm, gru, rnn = nn.LSTM(i, h), nn.GRU(i, h), nn.RNN(i, h)
    # Keras keeps one bias vector per gate where PyTorch keeps two (b_ih and b_hh)
    assert keras_row(f"Input((5,{i})), LSTM({h})")["params"] == n_params(lstm) - lstm.bias_hh_l0.numel()
    assert keras_row(f"Input((5,{i})), SimpleRNN({h})")["params"] == n_params(rnn) - rnn.bias_hh_l0.numel()
    # Keras' GRU with reset_after=True (default) has two biases per gate, exactly like nn.GRU
    assert keras_row(f"Input((5,{i})), GRU({h})")["params"] == n_params(gru)
    assert keras_row(f"Input((5,{i})), GRU({h}, reset_after=False)")["params"] == n_params(gru) - gru.bias_hh_l0.numel()


def test_keras_and_pytorch_lstm_differ_by_4h_and_the_steps_say_so() -> None:
    i, h = 32, 64
    keras = summary(f"Input((10, {i})), LSTM({h})", "keras")
    pytorch = summary(f"Input((10, {i})), nn.LSTM({i}, {h})")
    assert pytorch.answer["framework"] == "pytorch"
    assert pytorch.answer["total_params"] == n_params(nn.LSTM(i, h))
    assert pytorch.answer["total_params"] - keras.answer["total_params"] == 4 * h
    keras_step = next(s for s in keras.steps if s.kind == "params")
    torch_step = next(s for s in pytorch.steps if s.kind == "params")
    assert str(pytorch.answer["total_params"]) in keras_step.text.en and "b_hh" in keras_step.text.en
    assert str(keras.answer["total_params"]) in torch_step.text.en and "Keras" in torch_step.text.ja
    assert torch_step.formula == "params = 4·(i·h + h·h + 2h)"


def test_keras_embedding_dense_layernorm_vs_torch() -> None:
    assert keras_row("Input((7,)), Embedding(500, 12)")["params"] == n_params(nn.Embedding(500, 12))
    linear = nn.Linear(9, 4)
    row = keras_row("Input((6, 9)), Dense(4)")
    assert row["params"] == n_params(linear) and row["output_shape"] == list(torch_out(linear, (6, 9)))
    assert keras_row("Input((6, 9)), LayerNormalization()")["params"] == n_params(nn.LayerNorm(9))
