"""Keras layers for the ``summary`` solver: channels-last output shapes and parameter counts with steps.

Shapes never include the batch axis (Keras prints it as ``None``).  Each rule follows Keras'
own argument names and defaults (``filters``, ``kernel_size``, ``strides``, ``padding='valid'``,
``use_bias=True`` …) so that a spec copied from a textbook gives the numbers ``model.summary()``
would print.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from solvers.errors import SolverError
from solvers.shapes import output_size_steps
from solvers.steps import Bilingual, Step
from solvers.summary_spec import (
    REQUIRED,
    LayerCall,
    LayerOutcome,
    Shape,
    Signature,
    as_bool,
    as_choice,
    as_int,
    as_ints,
    as_shape,
    fmt_shape,
    known,
    labelled,
    need_rank,
    params_step,
    product,
    shape_step,
)

Rule = Callable[[dict[str, Any], Shape, Bilingual], LayerOutcome]

#: accepted everywhere, no effect on shapes or counts
_COMMON = frozenset({
    "name", "dtype", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "bias_constraint", "autocast", "seed", "lora_rank", "weights",
})
_RNN_EXTRA = frozenset({
    "recurrent_activation", "recurrent_initializer", "recurrent_regularizer", "recurrent_constraint", "dropout",
    "recurrent_dropout", "unit_forget_bias", "go_backwards", "stateful", "unroll", "implementation", "time_major",
    "use_cudnn", "seed",
})
_NORM_EXTRA = frozenset({
    "momentum", "epsilon", "beta_initializer", "gamma_initializer", "moving_mean_initializer",
    "moving_variance_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
    "synchronized", "renorm", "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment",
    "rms_scaling",
})
_SEPARABLE_EXTRA = frozenset({
    "depthwise_initializer", "pointwise_initializer", "depthwise_regularizer", "pointwise_regularizer",
    "depthwise_constraint", "pointwise_constraint",
})


def _sig(*params: tuple[str, Any], keyword_only: tuple[tuple[str, Any], ...] = (),
         extra: frozenset[str] = frozenset()) -> Signature:
    return Signature(tuple(params), keyword_only, _COMMON | extra)


def _data_format(args: dict[str, Any]) -> None:
    if args.get("data_format") not in (None, "channels_last"):
        raise SolverError("only data_format='channels_last' (the Keras default) is supported; for (C, H, W) shapes"
                          " use the PyTorch spelling (nn.Conv2d …)",
                          "data_format は 'channels_last' (Keras の既定) のみ対応です。(C, H, W) の形は PyTorch の書き方"
                          " (nn.Conv2d …) を使ってください")


def _axis_out(size: int | None, kernel: int, stride: int, dilation: int, padding: str, axis: str,
              label: Bilingual) -> tuple[int | None, list[Step]]:
    """Output length of a convolution or pooling along one axis, Keras rules."""
    if size is None:
        return None, [Step(Bilingual(f"{label.ja}: {axis} 方向の長さは不定 (None) のまま",
                                     f"{label.en}: the {axis} length is unknown (None) and stays so"), result=None)]
    if padding in ("same", "causal"):
        out = -(-size // stride)
        why = ("padding='same' は出力が ⌈H/S⌉ になるよう 0 を補う" if padding == "same"
               else "padding='causal' は左に D·(K−1) 個の 0 を補う")
        why_en = ("padding='same' pads with zeros so that the output is ⌈H/S⌉" if padding == "same"
                  else "padding='causal' pads D·(K−1) zeros on the left")
        return out, [Step(Bilingual(f"{label.ja}: 出力サイズ ({axis} 方向)。{why}",
                                    f"{label.en}: output size ({axis} axis); {why_en}"),
                          formula="O = ⌈H / S⌉", substituted=f"⌈{size} / {stride}⌉", result=out)]
    out, steps = output_size_steps(size, kernel, stride, 0, dilation, axis=axis)
    return out, labelled(label, steps)


def _spatial(args: dict[str, Any], shape: Shape, rank: int, kernel_key: str, label: Bilingual,
             stride_default_key: str | None = None) -> tuple[list[int | None], tuple[int, ...], list[Step]]:
    """Output lengths of the ``rank`` spatial axes (``shape[:rank]``) and the kernel used."""
    kernel = as_ints(args[kernel_key], kernel_key, rank)
    raw_strides = args["strides"]
    if raw_strides is None and stride_default_key:
        raw_strides = args[stride_default_key]  # pooling: strides default to pool_size
    strides = as_ints(raw_strides, "strides", rank)
    dilation = as_ints(args.get("dilation_rate", 1), "dilation_rate", rank)
    choices = ("valid", "same", "causal") if rank == 1 and kernel_key == "kernel_size" else ("valid", "same")
    padding = as_choice(args["padding"], "padding", choices)
    axes = ("L",) if rank == 1 else ("H", "W")
    outs: list[int | None] = []
    steps: list[Step] = []
    for i in range(rank):
        out, axis_steps = _axis_out(shape[i], kernel[i], strides[i], dilation[i], padding, axes[i], label)
        outs.append(out)
        steps += axis_steps
    return outs, kernel, steps


def _bias_formula(weights: str, weights_sub: str, bias: int, use_bias: bool, outputs: str,
                  outputs_sub: str) -> tuple[str, str]:
    if use_bias and bias:
        return f"params = ({weights} + 1)·{outputs}", f"({weights_sub} + 1)·{outputs_sub}"
    return f"params = {weights}·{outputs}", f"{weights_sub}·{outputs_sub}"


def _conv(rank: int) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        _data_format(args)
        need_rank(shape, (rank + 1,), "(L, C)" if rank == 1 else "(H, W, C)")
        filters = as_int(args["filters"], "filters")
        groups = as_int(args.get("groups", 1), "groups")
        channels = known(shape[-1], "C_in")
        if channels % groups or filters % groups:
            raise SolverError(f"groups={groups} must divide both C_in={channels} and filters={filters}",
                              f"groups={groups} は C_in={channels} と filters={filters} の両方を割り切る必要があります")
        outs, kernel, steps = _spatial(args, shape, rank, "kernel_size", label)
        out_shape: Shape = (*outs, filters)
        names = "L_out" if rank == 1 else "H_out, W_out"
        steps.append(shape_step(label, f"({names}, filters)", fmt_shape(out_shape), out_shape))
        use_bias = as_bool(args["use_bias"], "use_bias")
        k_sym = "k" if rank == 1 else "k_h·k_w"
        k_sub = "·".join(map(str, kernel))
        c_sym, c_sub = ("C_in", str(channels)) if groups == 1 else ("(C_in/groups)", f"({channels}/{groups})")
        formula, sub = _bias_formula(f"{k_sym}·{c_sym}", f"{k_sub}·{c_sub}", 1, use_bias, "filters", str(filters))
        value = (product(kernel) * (channels // groups) + (1 if use_bias else 0)) * filters
        steps.append(params_step(label, Bilingual("パラメータ数 (重み + バイアス)", "parameters (weights + bias)"),
                                 formula, sub, value))
        return LayerOutcome(out_shape, value, 0, steps)
    return rule


def _transpose_axis(size: int | None, kernel: int, stride: int, dilation: int, padding: str,
                    output_padding: int | None, axis: str, label: Bilingual) -> tuple[int | None, Step]:
    span = dilation * (kernel - 1) + 1
    text = Bilingual(f"{label.ja}: 転置畳み込みの出力サイズ ({axis} 方向)",
                     f"{label.en}: transposed-convolution output size ({axis} axis)")
    if size is None:
        return None, Step(text, result=None)
    if output_padding is None and padding == "valid":
        out = size * stride + max(span - stride, 0)
        return out, Step(text, formula="O = H·S + max(K − S, 0)", substituted=f"{size}·{stride} + max({span} − {stride}, 0)",
                         result=out)
    if output_padding is None:
        out = size * stride
        return out, Step(text, formula="O = H·S  (padding='same')", substituted=f"{size}·{stride}", result=out)
    pad = span // 2 if padding == "same" else 0
    out = (size - 1) * stride + span - 2 * pad + output_padding
    return out, Step(text, formula="O = (H − 1)·S + K − 2P + output_padding",
                     substituted=f"({size} − 1)·{stride} + {span} − 2·{pad} + {output_padding}", result=out)


def _conv2d_transpose(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    _data_format(args)
    need_rank(shape, (3,), "(H, W, C)")
    filters = as_int(args["filters"], "filters")
    kernel = as_ints(args["kernel_size"], "kernel_size", 2)
    strides = as_ints(args["strides"], "strides", 2)
    dilation = as_ints(args["dilation_rate"], "dilation_rate", 2)
    padding = as_choice(args["padding"], "padding", ("valid", "same"))
    out_pad = None if args["output_padding"] is None else as_ints(args["output_padding"], "output_padding", 2, 0)
    channels = known(shape[-1], "C_in")
    steps: list[Step] = []
    outs: list[int | None] = []
    for i, axis in enumerate(("H", "W")):
        out, step = _transpose_axis(shape[i], kernel[i], strides[i], dilation[i], padding,
                                    None if out_pad is None else out_pad[i], axis, label)
        outs.append(out)
        steps.append(step)
    out_shape: Shape = (*outs, filters)
    steps.append(shape_step(label, "(H_out, W_out, filters)", fmt_shape(out_shape), out_shape))
    use_bias = as_bool(args["use_bias"], "use_bias")
    formula, sub = _bias_formula("k_h·k_w·C_in", f"{kernel[0]}·{kernel[1]}·{channels}", 1, use_bias, "filters", str(filters))
    value = (kernel[0] * kernel[1] * channels + (1 if use_bias else 0)) * filters
    steps.append(params_step(label, Bilingual("パラメータ数 (重み + バイアス、畳み込みと同じ数え方)",
                                              "parameters (weights + bias, counted as for a convolution)"),
                             formula, sub, value))
    return LayerOutcome(out_shape, value, 0, steps)


def _depthwise(separable: bool) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        _data_format(args)
        need_rank(shape, (3,), "(H, W, C)")
        channels = known(shape[-1], "C_in")
        multiplier = as_int(args["depth_multiplier"], "depth_multiplier")
        outs, kernel, steps = _spatial(args, shape, 2, "kernel_size", label)
        use_bias = as_bool(args["use_bias"], "use_bias")
        k = f"{kernel[0]}·{kernel[1]}"
        bias = 1 if use_bias else 0
        if not separable:
            out_shape: Shape = (*outs, channels * multiplier)
            steps.append(shape_step(label, "(H_out, W_out, C_in·depth_multiplier)", fmt_shape(out_shape), out_shape))
            value = (kernel[0] * kernel[1] + bias) * channels * multiplier
            formula = "params = (k_h·k_w + 1)·C_in·depth_multiplier" if use_bias else "params = k_h·k_w·C_in·depth_multiplier"
            sub = f"({k} + 1)·{channels}·{multiplier}" if use_bias else f"{k}·{channels}·{multiplier}"
            steps.append(params_step(label, Bilingual("パラメータ数 (チャンネルごとに別のフィルタ1枚)",
                                                      "parameters (one filter per input channel)"), formula, sub, value))
            return LayerOutcome(out_shape, value, 0, steps)
        filters = as_int(args["filters"], "filters")
        out_shape = (*outs, filters)
        steps.append(shape_step(label, "(H_out, W_out, filters)", fmt_shape(out_shape), out_shape))
        value = kernel[0] * kernel[1] * channels * multiplier + channels * multiplier * filters + bias * filters
        formula = "params = k_h·k_w·C_in·dm + C_in·dm·filters" + (" + filters" if use_bias else "")
        sub = f"{k}·{channels}·{multiplier} + {channels}·{multiplier}·{filters}" + (f" + {filters}" if use_bias else "")
        steps.append(params_step(label, Bilingual("パラメータ数 (depthwise + pointwise 1×1、バイアスは pointwise のみ)",
                                                  "parameters (depthwise + pointwise 1×1; bias only on the pointwise part)"),
                                 formula, sub, value))
        return LayerOutcome(out_shape, value, 0, steps)
    return rule


def _pool(rank: int) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        _data_format(args)
        need_rank(shape, (rank + 1,), "(L, C)" if rank == 1 else "(H, W, C)")
        outs, _, steps = _spatial(args, shape, rank, "pool_size", label, stride_default_key="pool_size")
        out_shape: Shape = (*outs, shape[-1])
        steps.append(shape_step(label, "(L_out, C)" if rank == 1 else "(H_out, W_out, C)", fmt_shape(out_shape), out_shape,
                                ("パラメータなし", "no parameters")))
        return LayerOutcome(out_shape, 0, 0, steps)
    return rule


def _global_pool(rank: int) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        _data_format(args)
        need_rank(shape, (rank + 1,), "(L, C)" if rank == 1 else "(H, W, C)")
        keep = as_bool(args["keepdims"], "keepdims")
        out_shape: Shape = (*([1] * rank), shape[-1]) if keep else (shape[-1],)
        step = shape_step(label, "(C,)", fmt_shape(out_shape), out_shape,
                          ("チャンネルごとに空間全体を1つの値に、パラメータなし", "one value per channel, no parameters"))
        return LayerOutcome(out_shape, 0, 0, [step])
    return rule


def _dense(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    need_rank(shape, range(1, 9), "(…, F)")
    units = as_int(args["units"], "units")
    features = known(shape[-1], "F_in")
    out_shape: Shape = (*shape[:-1], units)
    steps: list[Step] = []
    if len(shape) > 1:
        steps.append(Step(Bilingual(f"{label.ja}: Dense は最後の軸だけに作用し、他の軸には同じ重みを使う",
                                    f"{label.en}: Dense acts on the last axis only, sharing its weights over the other axes"),
                          formula="(…, F_in) → (…, units)", substituted=f"{fmt_shape(shape)} → {fmt_shape(out_shape)}",
                          result=list(out_shape)))
    else:
        steps.append(shape_step(label, "(units,)", fmt_shape(out_shape), out_shape))
    use_bias = as_bool(args["use_bias"], "use_bias")
    formula, sub = _bias_formula("F_in", str(features), 1, use_bias, "units", str(units))
    value = (features + (1 if use_bias else 0)) * units
    steps.append(params_step(label, Bilingual("パラメータ数 (重み + バイアス)", "parameters (weights + bias)"), formula, sub, value))
    return LayerOutcome(out_shape, value, 0, steps)


def _same_shape(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    return LayerOutcome(shape, 0, 0, [shape_step(label, "output = input", fmt_shape(shape), shape,
                                                 ("形状は変わらない、パラメータなし", "shape unchanged, no parameters"))])


def _flatten(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    _data_format(args)
    dims = [known(d, "every axis") for d in shape]
    out_shape: Shape = (product(dims),)
    step = Step(Bilingual(f"{label.ja}: 全要素を1列に並べる (パラメータなし)", f"{label.en}: all elements in one row (no parameters)"),
                formula="·".join(["H", "W", "C"][-len(dims):]) if len(dims) <= 3 else "∏ dims",
                substituted="·".join(map(str, dims)), result=list(out_shape), data={"output_shape": list(out_shape)})
    return LayerOutcome(out_shape, 0, 0, [step])


def _reshape(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    target = args["target_shape"]
    target = (target,) if isinstance(target, int) and not isinstance(target, bool) else target
    if not isinstance(target, tuple) or not target or sum(1 for t in target if t == -1) > 1:
        raise SolverError("target_shape must be a tuple with at most one -1", "target_shape は -1 を高々1つ含むタプルにしてください")
    total = product([known(d, "every input axis") for d in shape])
    fixed = product([as_int(t, "target_shape") for t in target if t != -1])
    if -1 in target:
        if total % fixed:
            raise SolverError(f"cannot reshape {total} elements into {target}", f"{total} 個の要素を {target} に変形できません")
        out_shape: Shape = tuple(total // fixed if t == -1 else t for t in target)
    else:
        out_shape = tuple(target)
        if fixed != total:
            raise SolverError(f"cannot reshape {fmt_shape(shape)} ({total} elements) into {fmt_shape(out_shape)} ({fixed})",
                              f"{fmt_shape(shape)} ({total} 要素) は {fmt_shape(out_shape)} ({fixed} 要素) に変形できません")
    step = shape_step(label, "∏ input = ∏ target", f"{total} = {'·'.join(map(str, out_shape))}", out_shape,
                      ("要素数は同じ、パラメータなし", "same number of elements, no parameters"))
    return LayerOutcome(out_shape, 0, 0, [step])


def _zero_padding(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    _data_format(args)
    need_rank(shape, (3,), "(H, W, C)")
    pad = args["padding"]
    if isinstance(pad, tuple) and len(pad) == 2 and all(isinstance(p, tuple) for p in pad):
        (top, bottom), (left, right) = as_ints(pad[0], "padding", 2, 0), as_ints(pad[1], "padding", 2, 0)
    else:
        ph, pw = as_ints(pad, "padding", 2, 0)
        top, bottom, left, right = ph, ph, pw, pw
    h = None if shape[0] is None else shape[0] + top + bottom
    w = None if shape[1] is None else shape[1] + left + right
    out_shape: Shape = (h, w, shape[2])
    step = shape_step(label, "(H + top + bottom, W + left + right, C)",
                      f"({shape[0]} + {top} + {bottom}, {shape[1]} + {left} + {right}, {shape[2]})", out_shape)
    return LayerOutcome(out_shape, 0, 0, [step])


def _batch_norm(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    axis = as_int(args["axis"], "axis", -len(shape))
    if not -len(shape) <= axis < len(shape):
        raise SolverError(f"axis {axis} is out of range for {fmt_shape(shape)}", f"axis {axis} が {fmt_shape(shape)} の範囲外です")
    channels = known(shape[axis], "the normalised axis")
    n_affine = int(as_bool(args["center"], "center")) + int(as_bool(args["scale"], "scale"))
    trainable, frozen = n_affine * channels, 2 * channels
    steps = [
        shape_step(label, "output = input", fmt_shape(shape), shape, ("形状は変わらない", "shape unchanged")),
        params_step(label, Bilingual("学習するパラメータ γ (scale), β (center)", "trainable γ (scale) and β (center)"),
                    f"trainable = {n_affine}·C", f"{n_affine}·{channels}", trainable),
        params_step(label, Bilingual(
            "学習しないパラメータ: 移動平均 moving_mean と moving_variance (Keras は重みとして数える)。"
            f"PyTorch の BatchNorm は γ, β の {trainable} だけを数え、running_mean/var はパラメータではなくバッファ",
            "non-trainable: moving_mean and moving_variance (Keras counts them as weights). PyTorch's BatchNorm counts"
            f" only γ, β ({trainable}); its running_mean/var are buffers, not parameters"),
            "non_trainable = 2·C", f"2·{channels}", frozen),
    ]
    return LayerOutcome(shape, trainable, frozen, steps)


def _layer_norm(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    axes = args["axis"] if isinstance(args["axis"], tuple) else (args["axis"],)
    sizes = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, int) or not -len(shape) <= a < len(shape):
            raise SolverError(f"axis {a!r} is out of range for {fmt_shape(shape)}", f"axis {a!r} が {fmt_shape(shape)} の範囲外です")
        sizes.append(known(shape[a], "the normalised axis"))
    n_affine = int(as_bool(args["center"], "center")) + int(as_bool(args["scale"], "scale"))
    value = n_affine * product(sizes)
    steps = [shape_step(label, "output = input", fmt_shape(shape), shape, ("形状は変わらない", "shape unchanged")),
             params_step(label, Bilingual("γ, β (正規化する軸の要素ごと、すべて学習する)", "γ and β per element of the normalised axes (all trainable)"),
                         f"params = {n_affine}·∏ normalised axes", f"{n_affine}·{'·'.join(map(str, sizes))}", value)]
    return LayerOutcome(shape, value, 0, steps)


def _embedding(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    vocabulary = as_int(args["input_dim"], "input_dim")
    dim = as_int(args["output_dim"], "output_dim")
    out_shape: Shape = (*shape, dim)
    steps = [shape_step(label, "(T, output_dim)", fmt_shape(out_shape), out_shape,
                        ("各単語 ID がベクトルになる", "each token id becomes a vector")),
             params_step(label, Bilingual("埋め込み表 (語彙数 × 次元)", "embedding table (vocabulary × dimension)"),
                         "params = input_dim·output_dim", f"{vocabulary}·{dim}", vocabulary * dim)]
    return LayerOutcome(out_shape, vocabulary * dim, 0, steps)


_RNN_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def _rnn(kind: str) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        need_rank(shape, (2,), "(T, F)")
        if args.get("return_state"):
            raise SolverError("return_state=True returns several tensors; a sequential summary cannot show it",
                              "return_state=True は複数のテンソルを返すので、Sequential の要約では扱えません")
        units = as_int(args["units"], "units")
        features = known(shape[1], "F (features per time step)")
        use_bias = as_bool(args["use_bias"], "use_bias")
        gates = _RNN_GATES[kind]
        reset_after = kind == "GRU" and as_bool(args["reset_after"], "reset_after") and use_bias
        bias_term = ("2h" if reset_after else "h") if use_bias else ""
        bias_value = (2 * units if reset_after else units) if use_bias else 0
        core = f"i·h + h·h{' + ' + bias_term if bias_term else ''}"
        core_sub = f"{features}·{units} + {units}·{units}" + (
            f" + {'2·' if reset_after else ''}{units}" if use_bias else "")
        value = gates * (features * units + units * units + bias_value)
        out_shape: Shape = (shape[0], units) if as_bool(args["return_sequences"], "return_sequences") else (units,)
        steps = [shape_step(label, "return_sequences=True → (T, h), False → (h,)", fmt_shape(out_shape), out_shape)]
        torch_value = gates * (features * units + units * units + 2 * units)
        if kind == "LSTM":
            why = Bilingual(
                f"4 つのゲート (入力・忘却・セル候補・出力) それぞれに W (i×h), U (h×h), バイアス b (h)。PyTorch の nn.LSTM は"
                f" バイアスが b_ih と b_hh の2本なので 4·(i·h + h·h + 2h) = {torch_value} になる (試験の定番のひっかけ)",
                f"4 gates (input, forget, cell candidate, output), each with W (i×h), U (h×h) and one bias b (h). PyTorch's"
                f" nn.LSTM has two bias vectors b_ih and b_hh, giving 4·(i·h + h·h + 2h) = {torch_value} (a classic exam trap)")
        elif kind == "GRU":
            other = (f"reset_after=False (Keras 2.2 以前の既定) なら 3·(i·h + h·h + h) = {3 * (features * units + units * units + units)}"
                     if reset_after else f"reset_after=True (既定) なら 3·(i·h + h·h + 2h) = {torch_value}")
            other_en = (f"reset_after=False (the default before Keras 2.3) gives 3·(i·h + h·h + h) = {3 * (features * units + units * units + units)}"
                        if reset_after else f"reset_after=True (the default) gives 3·(i·h + h·h + 2h) = {torch_value}")
            why = Bilingual(
                f"3 つのゲート (更新・リセット・候補)。reset_after={reset_after} ではバイアスが{'入力側と再帰側の2本 (PyTorch の nn.GRU と同じ数)' if reset_after else '1本'}。{other}",
                f"3 gates (update, reset, candidate). With reset_after={reset_after} each gate has "
                f"{'two bias vectors, input and recurrent (the same count as PyTorch nn.GRU)' if reset_after else 'one bias vector'}; {other_en}")
        else:
            why = Bilingual(f"W (i×h), U (h×h), バイアス b (h)。PyTorch の nn.RNN はバイアス2本で i·h + h·h + 2h = {torch_value}",
                            f"W (i×h), U (h×h) and one bias b (h). PyTorch's nn.RNN has two biases: i·h + h·h + 2h = {torch_value}")
        gate_sym = f"{gates}·" if gates > 1 else ""
        formula = f"params = {gate_sym}({core})" if gates > 1 else f"params = {core}"
        sub = f"{gate_sym}({core_sub})" if gates > 1 else core_sub
        steps.append(params_step(label, why, formula, sub, value))
        return LayerOutcome(out_shape, value, 0, steps)
    return rule


_CONV_PARAMS: tuple[tuple[str, Any], ...] = (("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", 1),
                                             ("padding", "valid"))
_CONV_KW: tuple[tuple[str, Any], ...] = (("data_format", None), ("dilation_rate", 1), ("groups", 1), ("activation", None),
                                         ("use_bias", True))
_POOL_PARAMS: tuple[tuple[str, Any], ...] = (("strides", None), ("padding", "valid"), ("data_format", None))
_RNN_KW: tuple[tuple[str, Any], ...] = (("use_bias", True), ("return_sequences", False), ("return_state", False))

#: Keras layer name → (signature, rule)
LAYERS: dict[str, tuple[Signature, Rule]] = {
    "Dense": (_sig(("units", REQUIRED), ("activation", None), ("use_bias", True)), _dense),
    "Conv1D": (_sig(*_CONV_PARAMS, keyword_only=_CONV_KW), _conv(1)),
    "Conv2D": (_sig(*_CONV_PARAMS, keyword_only=_CONV_KW), _conv(2)),
    "Conv2DTranspose": (_sig(*_CONV_PARAMS, keyword_only=(("output_padding", None), *_CONV_KW[:2], *_CONV_KW[3:])),
                        _conv2d_transpose),
    "DepthwiseConv2D": (_sig(("kernel_size", REQUIRED), ("strides", 1), ("padding", "valid"), ("depth_multiplier", 1),
                             keyword_only=(("data_format", None), ("dilation_rate", 1), ("activation", None), ("use_bias", True)),
                             extra=frozenset({"depthwise_initializer", "depthwise_regularizer", "depthwise_constraint"})),
                        _depthwise(False)),
    "SeparableConv2D": (_sig(*_CONV_PARAMS, keyword_only=(("data_format", None), ("dilation_rate", 1), ("depth_multiplier", 1),
                                                          ("activation", None), ("use_bias", True)), extra=_SEPARABLE_EXTRA),
                        _depthwise(True)),
    "MaxPooling1D": (_sig(("pool_size", 2), *_POOL_PARAMS), _pool(1)),
    "AveragePooling1D": (_sig(("pool_size", 2), *_POOL_PARAMS), _pool(1)),
    "MaxPooling2D": (_sig(("pool_size", (2, 2)), *_POOL_PARAMS), _pool(2)),
    "AveragePooling2D": (_sig(("pool_size", (2, 2)), *_POOL_PARAMS), _pool(2)),
    "GlobalAveragePooling1D": (_sig(("data_format", None), keyword_only=(("keepdims", False),)), _global_pool(1)),
    "GlobalMaxPooling1D": (_sig(("data_format", None), keyword_only=(("keepdims", False),)), _global_pool(1)),
    "GlobalAveragePooling2D": (_sig(("data_format", None), keyword_only=(("keepdims", False),)), _global_pool(2)),
    "GlobalMaxPooling2D": (_sig(("data_format", None), keyword_only=(("keepdims", False),)), _global_pool(2)),
    "Flatten": (_sig(("data_format", None)), _flatten),
    "Dropout": (_sig(("rate", REQUIRED), ("noise_shape", None)), _same_shape),
    "SpatialDropout2D": (_sig(("rate", REQUIRED), ("data_format", None)), _same_shape),
    "Activation": (_sig(("activation", REQUIRED)), _same_shape),
    "ReLU": (_sig(("max_value", None), ("negative_slope", 0.0), ("threshold", 0.0)), _same_shape),
    "LeakyReLU": (_sig(("negative_slope", 0.3), keyword_only=(("alpha", None),)), _same_shape),
    "Softmax": (_sig(("axis", -1)), _same_shape),
    "BatchNormalization": (_sig(("axis", -1), keyword_only=(("center", True), ("scale", True)), extra=_NORM_EXTRA), _batch_norm),
    "LayerNormalization": (_sig(("axis", -1), keyword_only=(("center", True), ("scale", True)), extra=_NORM_EXTRA), _layer_norm),
    "ZeroPadding2D": (_sig(("padding", (1, 1)), ("data_format", None)), _zero_padding),
    "Reshape": (_sig(("target_shape", REQUIRED)), _reshape),
    "Embedding": (_sig(("input_dim", REQUIRED), ("output_dim", REQUIRED), keyword_only=(("input_length", None),),
                       extra=frozenset({"embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero"})),
                  _embedding),
    "SimpleRNN": (_sig(("units", REQUIRED), ("activation", "tanh"), keyword_only=_RNN_KW, extra=_RNN_EXTRA), _rnn("SimpleRNN")),
    "LSTM": (_sig(("units", REQUIRED), ("activation", "tanh"), keyword_only=_RNN_KW, extra=_RNN_EXTRA), _rnn("LSTM")),
    "GRU": (_sig(("units", REQUIRED), ("activation", "tanh"), keyword_only=(*_RNN_KW, ("reset_after", True)), extra=_RNN_EXTRA),
            _rnn("GRU")),
}

WRAPPERS = {"Bidirectional", "TimeDistributed"}
INPUT_NAMES = {"Input", "InputLayer"}
NAMES = sorted(set(LAYERS) | WRAPPERS | INPUT_NAMES)


def keras_default_name(layer_type: str) -> str:
    """Keras' automatic layer name stem: ``Conv2D`` → ``conv2d``, ``MaxPooling2D`` → ``max_pooling2d``."""
    stem = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", layer_type)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", stem).lower()


def input_shape_of(call: LayerCall) -> Shape:
    """The shape given by ``Input(shape)`` / ``Input(shape=…)`` / ``InputLayer(input_shape=…)``."""
    sig = Signature((("shape", None),), (("input_shape", None), ("batch_size", None)),
                    frozenset({"name", "dtype", "sparse", "tensor", "batch_shape", "ragged"}))
    args = sig.bind(call, call.name)
    given = args["shape"] if args["shape"] is not None else args["input_shape"]
    if given is None:
        raise SolverError(f"{call.name}() needs a shape, e.g. Input((28, 28, 1))", f"{call.name}() には形状が必要です (例: Input((28, 28, 1)))")
    return as_shape(given, "shape")


def implicit_input_shape(call: LayerCall) -> Shape | None:
    """Keras 2 style input on the first layer: ``input_shape=``, Dense's ``input_dim=``, Embedding's ``input_length=``."""
    if "input_shape" in call.kwargs:
        return as_shape(call.kwargs["input_shape"], "input_shape")
    if call.name == "Dense" and "input_dim" in call.kwargs:
        return (as_int(call.kwargs["input_dim"], "input_dim"),)
    if call.name == "Embedding":
        length = call.kwargs.get("input_length")
        return (None,) if length is None else (as_int(length, "input_length"),)
    return None


def keras_layer(call: LayerCall, shape: Shape, label: Bilingual) -> LayerOutcome:
    """Output shape and parameters of one Keras layer applied to ``shape``."""
    kwargs = dict(call.kwargs)
    given = kwargs.pop("input_shape", None)
    if given is not None and as_shape(given, "input_shape") != shape:
        raise SolverError(f"input_shape={fmt_shape(as_shape(given, 'input_shape'))} does not match the incoming shape {fmt_shape(shape)}",
                          f"input_shape={fmt_shape(as_shape(given, 'input_shape'))} が前の層の出力 {fmt_shape(shape)} と一致しません")
    if call.name == "Dense":
        kwargs.pop("input_dim", None)
    trainable = as_bool(kwargs.pop("trainable", True), "trainable")
    call = LayerCall(call.name, call.written, call.args, kwargs, call.where, call.prefix_framework)
    if call.name in WRAPPERS:
        outcome = _wrapper(call, shape, label)
    else:
        signature, rule = LAYERS[call.name]
        args = signature.bind(call, call.written)
        if any(isinstance(v, LayerCall) for v in args.values()):
            raise SolverError(f"{call.written}() does not take a layer as an argument", f"{call.written}() は層を引数に取りません")
        if args.get("activation") is not None and not isinstance(args["activation"], str):
            raise SolverError(f"activation must be a name such as 'relu', got {args['activation']!r}",
                              f"activation は 'relu' のような名前にしてください ({args['activation']!r})")
        outcome = rule(args, shape, label)
    if not trainable and outcome.trainable:
        outcome.steps.append(params_step(label, Bilingual("trainable=False: 全パラメータを凍結 (学習しない)",
                                                          "trainable=False: all parameters are frozen (non-trainable)"),
                                         "non_trainable = all params", f"{outcome.trainable} + {outcome.non_trainable}", outcome.params))
        outcome.non_trainable += outcome.trainable
        outcome.trainable = 0
    return outcome


def _wrapper(call: LayerCall, shape: Shape, label: Bilingual) -> LayerOutcome:
    if call.name == "TimeDistributed":
        args = Signature((("layer", REQUIRED),), (), _COMMON).bind(call, call.written)
    else:
        args = Signature((("layer", REQUIRED), ("merge_mode", "concat")), (("backward_layer", None),), _COMMON).bind(call, call.written)
    inner = args["layer"]
    if not isinstance(inner, LayerCall) or inner.name not in LAYERS:
        raise SolverError(f"{call.written}() needs a Keras layer, e.g. {call.name}(LSTM(32))",
                          f"{call.written}() には Keras の層が必要です (例: {call.name}(LSTM(32)))")
    if call.name == "TimeDistributed":
        need_rank(shape, range(2, 6), "(T, …)")
        inner_label = Bilingual(f"{label.ja} ▸ {inner.name} (各時刻)", f"{label.en} ▸ {inner.name} (each time step)")
        outcome = keras_layer(inner, shape[1:], inner_label)
        out_shape: Shape = (shape[0], *outcome.output_shape)
        outcome.steps.append(shape_step(label, "(T, per-step output)", fmt_shape(out_shape), out_shape,
                                        ("各時刻に同じ層を適用、重みは共有", "the same layer at every time step, weights shared")))
        return LayerOutcome(out_shape, outcome.trainable, outcome.non_trainable, outcome.steps)
    if inner.name not in _RNN_GATES:
        raise SolverError(f"Bidirectional() wraps a recurrent layer (SimpleRNN, LSTM, GRU), not {inner.name}",
                          f"Bidirectional() が包むのは再帰層 (SimpleRNN, LSTM, GRU) です ({inner.name} は不可)")
    if args["backward_layer"] is not None:
        raise SolverError("backward_layer= is not supported; the backward copy is assumed to mirror the forward layer",
                          "backward_layer= には対応していません (逆方向は順方向と同じ構成とみなします)")
    merge = as_choice(args["merge_mode"], "merge_mode", ("concat", "sum", "ave", "mul"))
    forward = keras_layer(inner, shape, Bilingual(f"{label.ja} ▸ 順方向 {inner.name}", f"{label.en} ▸ forward {inner.name}"))
    last = forward.output_shape[-1]
    assert last is not None
    out_shape = (*forward.output_shape[:-1], 2 * last if merge == "concat" else last)
    steps = forward.steps
    steps.append(shape_step(label, "(…, 2·h)" if merge == "concat" else "(…, h)", fmt_shape(out_shape), out_shape,
                            (f"merge_mode='{merge}'", f"merge_mode='{merge}'")))
    steps.append(params_step(label, Bilingual("順方向と逆方向の2組の重み", "two sets of weights, forward and backward"),
                             "params = 2·params(forward)", f"2·{forward.params}", 2 * forward.params))
    return LayerOutcome(out_shape, 2 * forward.trainable, 2 * forward.non_trainable, steps)
