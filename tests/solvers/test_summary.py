"""summary (Keras spelling): shapes and parameter counts against hand formulas, brute force and textbooks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.summary import summary

# ---- independent hand formulas -------------------------------------------------------------

def conv_params(kh: int, kw: int, c_in: int, filters: int, bias: bool = True) -> int:
    """Each filter holds kh·kw·C_in weights and (optionally) one bias."""
    return filters * (kh * kw * c_in + (1 if bias else 0))


def dense_params(f_in: int, units: int) -> int:
    return f_in * units + units


def valid_windows(size: int, kernel: int, stride: int) -> int:
    """Count the positions where a window of ``kernel`` fits, moving by ``stride``."""
    return len([start for start in range(0, size, stride) if start + kernel <= size])


def same_windows(size: int, stride: int) -> int:
    """TensorFlow 'SAME': one window starts at every stride step inside the input."""
    return len(range(0, size, stride))


def shapes(spec: str, framework: str = "auto") -> list[tuple[int | None, ...]]:
    return [tuple(r["output_shape"]) for r in summary(spec, framework).answer["layers"]]


def counts(spec: str, framework: str = "auto") -> list[int]:
    return [r["params"] for r in summary(spec, framework).answer["layers"]]


# ---- the seed: Chollet, Deep Learning with Python, chapter 5 (cats vs dogs) ----------------

SEED_SPEC = """
Input((150, 150, 3))
Conv2D(32, (3, 3), activation='relu')
MaxPooling2D((2, 2))
Conv2D(64, (3, 3), activation='relu')
MaxPooling2D((2, 2))
Conv2D(128, (3, 3), activation='relu')
MaxPooling2D((2, 2))
Conv2D(128, (3, 3), activation='relu')
MaxPooling2D((2, 2))
Flatten()
Dropout(0.5)
Dense(512, activation='relu')
Dense(1, activation='sigmoid')
"""


def test_seed_shapes_layer_by_layer() -> None:
    # the shapes printed in shared/seeds/002 (without the batch axis)
    assert shapes(SEED_SPEC) == [
        (148, 148, 32), (74, 74, 32), (72, 72, 64), (36, 36, 64), (34, 34, 128), (17, 17, 128),
        (15, 15, 128), (7, 7, 128), (6272,), (6272,), (512,), (1,),
    ]
    layers = summary(SEED_SPEC).answer["layers"]
    assert [r["layer"] for r in layers][:3] == ["Conv2D", "MaxPooling2D", "Conv2D"]
    assert [r["name"] for r in layers][:4] == ["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1"]


def test_seed_parameter_counts() -> None:
    expected = [conv_params(3, 3, 3, 32), 0, conv_params(3, 3, 32, 64), 0, conv_params(3, 3, 64, 128), 0,
                conv_params(3, 3, 128, 128), 0, 0, 0, dense_params(7 * 7 * 128, 512), dense_params(512, 1)]
    # the counts the book's model.summary() prints
    assert expected == [896, 0, 18496, 0, 73856, 0, 147584, 0, 0, 0, 3211776, 513]
    answer = summary(SEED_SPEC).answer
    assert counts(SEED_SPEC) == expected
    assert answer["total_params"] == answer["trainable_params"] == 3_453_121 == sum(expected)
    assert answer["non_trainable_params"] == 0


def test_seed_steps_show_formula_and_numbers() -> None:
    steps = summary(SEED_SPEC).steps
    first_conv = next(s for s in steps if s.kind == "params")
    assert first_conv.formula == "params = (k_h·k_w·C_in + 1)·filters"
    assert first_conv.substituted == "(3·3·3 + 1)·32"
    assert first_conv.result == 896
    flatten = next(s for s in steps if "flatten" in s.text.en)
    assert flatten.substituted == "7·7·128" and flatten.result == [6272]
    total = next(s for s in steps if s.kind == "total")
    assert total.result == 3_453_121


def test_keras2_input_shape_on_first_layer_and_commas() -> None:
    spec = ("Conv2D(32, (3,3), activation='relu', input_shape=(150, 150, 3)), MaxPooling2D((2, 2)),"
            " Flatten(), Dense(1)")
    assert shapes(spec) == [(148, 148, 32), (74, 74, 32), (74 * 74 * 32,), (1,)]
    assert counts(spec)[-1] == dense_params(74 * 74 * 32, 1)


def test_pasted_code_forms() -> None:
    spec = "model.add(layers.Dense(32, input_dim=784))\nmodel.add(layers.Dense(10, activation='softmax'))"
    assert counts(spec) == [dense_params(784, 32), dense_params(32, 10)]
    wrapped = "keras.Sequential([layers.Input(shape=(4,)), layers.Dense(3)])"
    assert counts(wrapped) == [dense_params(4, 3)]


# ---- textbook cases --------------------------------------------------------------------------

def test_vgg16_first_block() -> None:
    spec = ("Input((224,224,3)), Conv2D(64, 3, padding='same'), Conv2D(64, 3, padding='same'), MaxPooling2D(),"
            " Conv2D(128, 3, padding='same')")
    assert counts(spec) == [1792, 36928, 0, 73856]
    assert shapes(spec) == [(224, 224, 64), (224, 224, 64), (112, 112, 64), (112, 112, 128)]


def test_lenet5() -> None:
    spec = ("Input((32,32,1)), Conv2D(6, 5, activation='tanh'), AveragePooling2D(), Conv2D(16, 5, activation='tanh'),"
            " AveragePooling2D(), Flatten(), Dense(120), Dense(84), Dense(10)")
    assert shapes(spec) == [(28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (400,), (120,), (84,), (10,)]
    assert counts(spec) == [156, 0, 2416, 0, 0, 48120, 10164, 850]  # LeCun et al. 1998 (C5 as dense: 48120)


def test_chollet_chapter6_recurrent_models() -> None:
    # Embedding(10000, 32) + SimpleRNN(32): 320,000 + 2,080; with LSTM(32): 8,320
    assert counts("Embedding(10000, 32), SimpleRNN(32)") == [320_000, 2080]
    assert counts("Embedding(10000, 32), LSTM(32)")[1] == 8320
    assert shapes("Embedding(10000, 32), SimpleRNN(32, return_sequences=True)") == [(None, 32), (None, 32)]
    assert shapes("Embedding(10000, 8, input_length=20), Flatten(), Dense(1)") == [(20, 8), (160,), (1,)]


def test_batch_normalization_counts_moving_statistics_as_non_trainable() -> None:
    sol = summary("Input((32,32,3)), Conv2D(16, 3, use_bias=False), BatchNormalization()")
    bn = sol.answer["layers"][1]
    assert (bn["params"], bn["trainable"], bn["non_trainable"]) == (4 * 16, 2 * 16, 2 * 16)
    assert sol.answer["non_trainable_params"] == 32
    assert sol.answer["trainable_params"] == conv_params(3, 3, 3, 16, bias=False) + 32
    assert any("moving_mean" in s.text.en and "buffers" in s.text.en for s in sol.steps)


def test_trainable_false_freezes_a_layer() -> None:
    answer = summary("Input((8,)), Dense(4, trainable=False), Dense(2)").answer
    assert answer["layers"][0]["non_trainable"] == dense_params(8, 4)
    assert answer["non_trainable_params"] == dense_params(8, 4)
    assert answer["trainable_params"] == dense_params(4, 2)


def test_mobile_blocks() -> None:
    # depthwise: one k×k filter per channel (+bias); separable: depthwise + 1×1 pointwise, bias on pointwise only
    assert counts("Input((32,32,32)), DepthwiseConv2D(3)") == [3 * 3 * 32 + 32]
    assert counts("Input((32,32,32)), DepthwiseConv2D(3, depth_multiplier=2)") == [(3 * 3 + 1) * 32 * 2]
    assert counts("Input((32,32,32)), SeparableConv2D(64, 3)") == [3 * 3 * 32 + 32 * 64 + 64]
    assert shapes("Input((32,32,32)), SeparableConv2D(64, 3, padding='same', strides=2)") == [(16, 16, 64)]


def test_recurrent_counts_keras() -> None:
    i, h = 10, 7
    assert counts(f"Input((5,{i})), SimpleRNN({h})") == [i * h + h * h + h]
    assert counts(f"Input((5,{i})), LSTM({h})") == [4 * (i * h + h * h + h)]
    assert counts(f"Input((5,{i})), GRU({h})") == [3 * (i * h + h * h + 2 * h)]
    assert counts(f"Input((5,{i})), GRU({h}, reset_after=False)") == [3 * (i * h + h * h + h)]
    assert counts(f"Input((5,{i})), LSTM({h}, use_bias=False)") == [4 * (i * h + h * h)]
    bi = summary(f"Input((5,{i})), Bidirectional(LSTM({h}, return_sequences=True))").answer["layers"][0]
    assert bi["output_shape"] == [5, 2 * h] and bi["params"] == 2 * 4 * (i * h + h * h + h)
    assert shapes(f"Input((5,{i})), Bidirectional(GRU({h}), merge_mode='sum')") == [(h,)]


def test_lstm_step_names_the_pytorch_difference() -> None:
    step = next(s for s in summary("Input((5, 3)), LSTM(4)").steps if s.kind == "params")
    assert step.formula == "params = 4·(i·h + h·h + h)" and step.result == 4 * (3 * 4 + 16 + 4)
    assert "b_ih" in step.text.en and str(4 * (3 * 4 + 16 + 8)) in step.text.en


def test_dense_on_a_sequence_acts_on_the_last_axis() -> None:
    assert shapes("Input((10, 16)), Dense(8)") == [(10, 8)]
    assert counts("Input((10, 16)), Dense(8)") == [dense_params(16, 8)]
    assert shapes("Input((4, 4, 3)), Dense(5)") == [(4, 4, 5)]


def test_other_shape_layers() -> None:
    assert shapes("Input((28,28,1)), ZeroPadding2D(2), ZeroPadding2D(((1,0),(0,3)))") == [(32, 32, 1), (33, 35, 1)]
    assert shapes("Input((16*16*16,)), Reshape((16, 16, -1)), GlobalAveragePooling2D()") == [(16, 16, 16), (16,)]
    assert shapes("Input((7,7,5)), GlobalMaxPooling2D(keepdims=True)") == [(1, 1, 5)]
    assert counts("Input((6, 10)), LayerNormalization()") == [2 * 10]
    assert shapes("Input((100, 4)), Conv1D(8, 5, strides=2), MaxPooling1D()") == [(48, 8), (24, 8)]
    assert counts("Input((100, 4)), Conv1D(8, 5)") == [5 * 4 * 8 + 8]
    assert shapes("Input((10, 3)), Conv1D(2, 3, padding='causal')") == [(10, 2)]
    assert shapes("Input((6, 4)), TimeDistributed(Dense(3))") == [(6, 3)]
    assert counts("Input((6, 4)), TimeDistributed(Dense(3))") == [dense_params(4, 3)]
    assert counts("Input((8,8,4)), Conv2D(8, 3, groups=2)") == [3 * 3 * 2 * 8 + 8]


def test_conv2d_transpose_keras_lengths() -> None:
    # valid, no output_padding: H·S + max(K − S, 0); same: H·S
    assert shapes("Input((7,7,4)), Conv2DTranspose(2, 3, strides=2)") == [(15, 15, 2)]
    assert shapes("Input((7,7,4)), Conv2DTranspose(2, 2, strides=3)") == [(21, 21, 2)]
    assert shapes("Input((7,7,4)), Conv2DTranspose(2, 3, strides=2, padding='same')") == [(14, 14, 2)]
    assert counts("Input((7,7,4)), Conv2DTranspose(2, 3)") == [3 * 3 * 4 * 2 + 2]


def test_integer_arithmetic_and_unknown_lengths() -> None:
    assert shapes("Input((16*16*16,)), Dense(2**5 - 2)") == [(30,)]
    assert shapes("Input((None, 8)), Conv1D(4, 3), LSTM(2)") == [(None, 4), (2,)]


# ---- random Keras conv / pool chains against brute force -----------------------------------

@st.composite
def conv_chains(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, int]], list[int]]:
    h, w, c = draw(st.integers(8, 40)), draw(st.integers(8, 40)), draw(st.integers(1, 4))
    spec = [f"Input(({h},{w},{c}))"]
    expected_shapes: list[tuple[int, int, int]] = []
    expected_counts: list[int] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["conv", "pool", "avg"]))
        k = draw(st.integers(1, 4))
        s = draw(st.integers(1, 3))
        pad = draw(st.sampled_from(["valid", "same"]))
        if pad == "valid" and (k > h or k > w):
            break
        if pad == "same":
            h, w = same_windows(h, s), same_windows(w, s)
        else:
            h, w = valid_windows(h, k, s), valid_windows(w, k, s)
        if kind == "conv":
            filters = draw(st.integers(1, 6))
            bias = draw(st.booleans())
            spec.append(f"Conv2D({filters}, kernel_size={k}, strides={s}, padding='{pad}', use_bias={bias})")
            expected_counts.append(conv_params(k, k, c, filters, bias))
            c = filters
        else:
            name = "MaxPooling2D" if kind == "pool" else "AveragePooling2D"
            spec.append(f"{name}(pool_size=({k},{k}), strides={s}, padding='{pad}')")
            expected_counts.append(0)
        expected_shapes.append((h, w, c))
    spec.append("Flatten()")
    expected_shapes.append((h * w * c,))
    expected_counts.append(0)
    return ", ".join(spec), expected_shapes, expected_counts


@given(conv_chains())
def test_random_keras_chains(case: tuple[str, list[tuple[int, int, int]], list[int]]) -> None:
    spec, expected_shapes, expected_counts = case
    sol = summary(spec)
    assert shapes(spec) == expected_shapes
    assert counts(spec) == expected_counts
    assert sol.answer["total_params"] == sum(expected_counts)


@given(st.integers(1, 50), st.integers(1, 50), st.integers(1, 40), st.booleans())
def test_random_recurrent(i: int, h: int, t: int, sequences: bool) -> None:
    for layer, gates in (("SimpleRNN", 1), ("LSTM", 4)):
        layer_rows = summary(f"Input(({t},{i})), {layer}({h}, return_sequences={sequences})").answer["layers"]
        assert layer_rows[0]["params"] == gates * (i * h + h * h + h)
        assert layer_rows[0]["output_shape"] == ([t, h] if sequences else [h])


# ---- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "fragment"), [
    ("Input((150,150,3)), Conv2d(32,(3,3),activation='relu'), MaxPooling2D((2,2)), Flatten(), Dense(1)",
     "column 21: unknown layer 'Conv2d' — did you mean 'Conv2D'?"),
    ("Input((4,)), Dens(3)", "column 14: unknown layer 'Dens' — did you mean 'Dense'?"),
    ("Input((4,)), Linear(3), Dense(2)", "did you mean 'Dense'?"),
    ("Input((4,)), Dense(3,,)", "column 22: invalid syntax"),
    ("Input((4,)) Dense(3)", "column 13: invalid syntax — is a comma missing?"),
    ("Input((4,)), Dense(3", "column 19: '(' is never closed"),
    ("Input((4,)), Dense(3))", "column 22: unmatched ')'"),
    ("Input((4,)), Dense(units)", "column 20: 'units' is not a literal"),
    ("Input((4,)), Dense(__import__('os'))", "column 20"),
    ("Input((4,)), Dense(3/2)", "3/2 is not an integer"),
    ("Input((4,)), Dense(2**400)", "exponent"),
    ("Input((150,150,3)), Conv2D(32, (3,3), filter=3)", "has no argument 'filter' — did you mean 'filters'?"),
    ("Input((150,150,3)), Conv2D(kernel_size=3)", "missing the argument 'filters'"),
    ("Input((150,150,3)), Conv2D(32, 3, 1, 'valid', 5)", "at most 4 positional"),
    ("Input((150,150,3)), Conv2D(32, 3, padding='full')", "padding must be one of"),
    ("Input((4,4,3)), Conv2D(2, 5)", "larger than the padded input"),
    ("Input((6272,)), Conv2D(2, 3)", "expects a (H, W, C) input"),
    ("Input((4,)), LSTM(3)", "expects a (T, F) input"),
    ("Input((4,)), Reshape((3, 2))", "cannot reshape"),
    ("Dense(3), Dense(2)", "needs an input shape"),
    ("Input((4,)), Dense(3), Input((2,))", "must be the first"),
    ("Input((4,)), Dense(3, activation=5)", "activation must be a name"),
    ("Input((4,)), Bidirectional(Dense(3))", "wraps a recurrent layer"),
    ("Input((4,)), nn.Linear(4, 2), layers.Dense(3)", "column 31: the spec mixes Keras (layers.Dense) and PyTorch (nn.Linear)"),
    ("", "no layers"),
    ("Input((4,))", "no layers"),
    ("Input((4,)), Dense('3')", "units must be an integer"),
])
def test_bad_specs(spec: str, fragment: str) -> None:
    with pytest.raises(SolverError) as info:
        summary(spec)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_multiline_errors_give_line_and_column() -> None:
    with pytest.raises(SolverError, match=r"line 3, column 1: unknown layer 'Denze'"):
        summary("Input((4,))\nDense(3)\nDenze(2)")


def test_japanese_messages() -> None:
    with pytest.raises(SolverError) as info:
        summary("Input((4,)), Dens(3)")
    assert "14 文字目" in info.value.message("ja") and "Dense" in info.value.message("ja")


def test_explicit_framework_changes_the_reading() -> None:
    # LSTM(8, 16): PyTorch reads (input_size, hidden_size); Keras would read units=8, activation=16
    assert summary("Input((5, 8)), LSTM(8, 16)", "pytorch").answer["layers"][0]["params"] == 4 * (8 * 16 + 16 * 16 + 32)
    with pytest.raises(SolverError, match="activation"):
        summary("Input((5, 8)), LSTM(8, 16)", "keras")
    with pytest.raises(SolverError, match="framework must be"):
        summary("Input((4,)), Dense(2)", "jax")


def test_spec_size_limit() -> None:
    with pytest.raises(SolverError, match="too long"):
        summary("Input((4,)), " + "Dense(2), " * 5000)
    assert summary("Input((4,)), " + "Dense(4), " * 50).answer["total_params"] == 50 * dense_params(4, 4)
