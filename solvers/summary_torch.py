"""PyTorch layers for the ``summary`` solver: (C, H, W) output shapes and PyTorch's own parameter counts.

Shapes never include the batch axis.  Recurrent layers take ``(T, F)`` and give the whole output
sequence ``(T, h·directions)`` (``batch_first`` only moves the batch axis, which is not shown).
Counts follow ``sum(p.numel() for p in module.parameters())``: BatchNorm's running statistics are
buffers, not parameters, and recurrent layers carry two bias vectors (``b_ih`` and ``b_hh``).
"""

from __future__ import annotations

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
    fmt_shape,
    known,
    labelled,
    need_rank,
    params_step,
    product,
    shape_step,
)

Rule = Callable[[dict[str, Any], Shape, Bilingual], LayerOutcome]

_COMMON = frozenset({"device", "dtype", "inplace"})


def _sig(*params: tuple[str, Any], keyword_only: tuple[tuple[str, Any], ...] = (),
         extra: frozenset[str] = frozenset()) -> Signature:
    return Signature(tuple(params), keyword_only, _COMMON | extra)


def _channels(args: dict[str, Any], shape: Shape, key: str) -> int:
    """``in_channels`` / ``num_features`` checked against the incoming channel axis (axis 0)."""
    declared = as_int(args[key], key)
    actual = shape[0]
    if actual is not None and declared != actual:
        raise SolverError(f"{key}={declared} but the input {fmt_shape(shape)} has {actual} channel(s) on axis 0 (C, …)",
                          f"{key}={declared} ですが、入力 {fmt_shape(shape)} のチャンネル数 (0 番目の軸) は {actual} です")
    return declared


def _axis(size: int | None, kernel: int, stride: int, padding: int, dilation: int, axis: str, label: Bilingual,
          transposed: bool = False, output_padding: int = 0) -> tuple[int | None, list[Step]]:
    if size is None:
        return None, [Step(Bilingual(f"{label.ja}: {axis} 方向の長さは不定 (None) のまま",
                                     f"{label.en}: the {axis} length is unknown (None) and stays so"), result=None)]
    out, steps = output_size_steps(size, kernel, stride, padding, dilation, transposed, output_padding, axis)
    return out, labelled(label, steps)


def _conv(rank: int, transposed: bool = False) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        need_rank(shape, (rank + 1,), "(C, L)" if rank == 1 else "(C, H, W)")
        c_in = _channels(args, shape, "in_channels")
        c_out = as_int(args["out_channels"], "out_channels")
        groups = as_int(args["groups"], "groups")
        if c_in % groups or c_out % groups:
            raise SolverError(f"groups={groups} must divide in_channels={c_in} and out_channels={c_out}",
                              f"groups={groups} は in_channels={c_in} と out_channels={c_out} を割り切る必要があります")
        kernel = as_ints(args["kernel_size"], "kernel_size", rank)
        stride = as_ints(args["stride"], "stride", rank)
        dilation = as_ints(args["dilation"], "dilation", rank)
        raw_padding = args["padding"]
        axes = ("L",) if rank == 1 else ("H", "W")
        outs: list[int | None] = []
        steps: list[Step] = []
        if isinstance(raw_padding, str) and not transposed:
            mode = as_choice(raw_padding, "padding", ("valid", "same"))
            if mode == "same" and any(s != 1 for s in stride):
                raise SolverError("padding='same' needs stride 1 in PyTorch", "PyTorch の padding='same' は stride 1 のときだけ使えます")
            padding = (0,) * rank
            if mode == "same":
                outs = list(shape[1:])
                steps.append(Step(Bilingual(f"{label.ja}: padding='same' (stride 1) は大きさを保つ",
                                            f"{label.en}: padding='same' (stride 1) keeps the size"),
                                  formula="O = H", substituted=fmt_shape(shape[1:]), result=[*outs]))
        else:
            padding = as_ints(raw_padding, "padding", rank, 0)
        if not outs:
            out_pad = as_ints(args.get("output_padding", 0), "output_padding", rank, 0)
            for i in range(rank):
                if transposed and out_pad[i] >= max(stride[i], dilation[i]):
                    raise SolverError("output_padding must be smaller than stride or dilation",
                                      "output_padding は stride か dilation より小さくする必要があります")
                out, axis_steps = _axis(shape[1 + i], kernel[i], stride[i], padding[i], dilation[i], axes[i], label,
                                        transposed, out_pad[i])
                outs.append(out)
                steps += axis_steps
        out_shape: Shape = (c_out, *outs)
        steps.append(shape_step(label, "(out_channels, " + ("L_out)" if rank == 1 else "H_out, W_out)"),
                                fmt_shape(out_shape), out_shape))
        use_bias = as_bool(args["bias"], "bias")
        k_sym = "k" if rank == 1 else "k_h·k_w"
        k_sub = "·".join(map(str, kernel))
        if transposed:
            per_filter_sym, per_filter = "in_channels·(out_channels/groups)", c_in * (c_out // groups)
            per_sub = f"{c_in}·{c_out // groups}" if groups > 1 else f"{c_in}·{c_out}"
            weights = per_filter * product(kernel)
            formula = f"params = {per_filter_sym}·{k_sym}" + (" + out_channels" if use_bias else "")
            sub = f"{per_sub}·{k_sub}" + (f" + {c_out}" if use_bias else "")
        else:
            c_sym = "in_channels" if groups == 1 else "(in_channels/groups)"
            c_sub = str(c_in) if groups == 1 else f"({c_in}/{groups})"
            weights = c_out * (c_in // groups) * product(kernel)
            formula = f"params = ({k_sym}·{c_sym} + 1)·out_channels" if use_bias else f"params = {k_sym}·{c_sym}·out_channels"
            sub = f"({k_sub}·{c_sub} + 1)·{c_out}" if use_bias else f"{k_sub}·{c_sub}·{c_out}"
        value = weights + (c_out if use_bias else 0)
        steps.append(params_step(label, Bilingual("パラメータ数 (weight + bias)", "parameters (weight + bias)"), formula, sub, value))
        return LayerOutcome(out_shape, value, 0, steps)
    return rule


def _pool_axis(size: int | None, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool, axis: str,
               label: Bilingual) -> tuple[int | None, list[Step]]:
    span = dilation * (kernel - 1) + 1
    if padding > kernel // 2:
        raise SolverError(f"padding {padding} must be at most half the kernel size {kernel} in PyTorch pooling",
                          f"PyTorch のプーリングでは padding {padding} はカーネルサイズ {kernel} の半分以下にしてください")
    if not ceil_mode or size is None:
        return _axis(size, kernel, stride, padding, dilation, axis, label)
    numerator = size + 2 * padding - span
    out = -(-numerator // stride) + 1  # ceil, also for a negative numerator (PyTorch divides rounding down)
    steps = [Step(Bilingual(f"{label.ja}: 出力サイズ ({axis} 方向、ceil_mode=True で切り上げ: 最後の窓ははみ出してもよい)",
                            f"{label.en}: output size ({axis} axis, rounded up with ceil_mode=True: the last window may overhang)"),
                  formula="O = ⌈(H + 2P − D(K − 1) − 1) / S⌉ + 1",
                  substituted=f"⌈({size} + 2·{padding} − {dilation}·({kernel} − 1) − 1) / {stride}⌉ + 1", result=out)]
    if (out - 1) * stride >= size + padding:
        out -= 1
        steps.append(Step(Bilingual(f"{label.ja}: 最後の窓が右側のパディングだけから始まるので除く",
                                    f"{label.en}: the last window would start inside the right padding, so it is dropped"),
                          formula="(O − 1)·S ≥ H + P ⇒ O − 1", substituted=f"{out}·{stride} ≥ {size} + {padding}", result=out))
    if out < 1:
        raise SolverError(f"the pooling output would be {out} long ({axis} axis): the input is too small",
                          f"プーリングの出力が {out} になります ({axis} 方向): 入力が小さすぎます")
    return out, steps


def _pool(rank: int, has_dilation: bool) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        need_rank(shape, (rank + 1,), "(C, L)" if rank == 1 else "(C, H, W)")
        kernel = as_ints(args["kernel_size"], "kernel_size", rank)
        stride = kernel if args["stride"] is None else as_ints(args["stride"], "stride", rank)
        padding = as_ints(args["padding"], "padding", rank, 0)
        dilation = as_ints(args["dilation"], "dilation", rank) if has_dilation else (1,) * rank
        ceil_mode = as_bool(args["ceil_mode"], "ceil_mode")
        if args.get("return_indices"):
            raise SolverError("return_indices=True returns two tensors; not supported in a sequential summary",
                              "return_indices=True は2つのテンソルを返すので扱えません")
        axes = ("L",) if rank == 1 else ("H", "W")
        outs: list[int | None] = []
        steps: list[Step] = []
        for i in range(rank):
            out, axis_steps = _pool_axis(shape[1 + i], kernel[i], stride[i], padding[i], dilation[i], ceil_mode, axes[i], label)
            outs.append(out)
            steps += axis_steps
        out_shape: Shape = (shape[0], *outs)
        steps.append(shape_step(label, "(C, " + ("L_out)" if rank == 1 else "H_out, W_out)"), fmt_shape(out_shape), out_shape,
                                ("パラメータなし", "no parameters")))
        return LayerOutcome(out_shape, 0, 0, steps)
    return rule


def _adaptive_pool(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    need_rank(shape, (3,), "(C, H, W)")
    size = args["output_size"]
    pair = size if isinstance(size, tuple) else (size, size)
    if len(pair) != 2:
        raise SolverError("output_size needs 1 or 2 values", "output_size には値が1つか2つ必要です")
    outs = [shape[1 + i] if v is None else as_int(v, "output_size") for i, v in enumerate(pair)]
    out_shape: Shape = (shape[0], *outs)
    step = shape_step(label, "(C, output_size)", fmt_shape(out_shape), out_shape,
                      ("入力の大きさによらない、パラメータなし", "whatever the input size, no parameters"))
    return LayerOutcome(out_shape, 0, 0, [step])


def _linear(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    need_rank(shape, range(1, 9), "(…, in_features)")
    f_in = as_int(args["in_features"], "in_features")
    if shape[-1] is not None and shape[-1] != f_in:
        # a multi-axis input usually means a forgotten nn.Flatten(); after one the input is flat and the count is off
        hint, hint_ja = ((" (add nn.Flatten() before nn.Linear?)", " (nn.Linear の前に nn.Flatten() が必要?)")
                         if len(shape) > 1 else (f" (in_features should be {shape[-1]})", f" (in_features は {shape[-1]} のはず)"))
        raise SolverError(f"in_features={f_in} but the last axis of the input {fmt_shape(shape)} is {shape[-1]}{hint}",
                          f"in_features={f_in} ですが、入力 {fmt_shape(shape)} の最後の軸は {shape[-1]} です{hint_ja}")
    f_out = as_int(args["out_features"], "out_features")
    use_bias = as_bool(args["bias"], "bias")
    out_shape: Shape = (*shape[:-1], f_out)
    formula = "params = (in_features + 1)·out_features" if use_bias else "params = in_features·out_features"
    sub = f"({f_in} + 1)·{f_out}" if use_bias else f"{f_in}·{f_out}"
    value = (f_in + (1 if use_bias else 0)) * f_out
    steps = [shape_step(label, "(…, out_features)", fmt_shape(out_shape), out_shape),
             params_step(label, Bilingual("パラメータ数 (weight + bias)", "parameters (weight + bias)"), formula, sub, value)]
    return LayerOutcome(out_shape, value, 0, steps)


def _batch_norm(ranks: tuple[int, ...], layout: str) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        need_rank(shape, ranks, layout)
        channels = _channels(args, shape, "num_features")
        affine = as_bool(args["affine"], "affine")
        n = (1 + int(as_bool(args["bias"], "bias"))) if affine else 0
        value = n * channels
        running = "running_mean と running_var (各 C 個) はバッファでパラメータではない" if as_bool(
            args["track_running_stats"], "track_running_stats") else "track_running_stats=False なので移動統計量はない"
        running_en = "running_mean and running_var (C each) are buffers, not parameters" if args["track_running_stats"] \
            else "track_running_stats=False: no running statistics"
        steps = [shape_step(label, "output = input", fmt_shape(shape), shape, ("形状は変わらない", "shape unchanged")),
                 params_step(label, Bilingual(f"γ (weight), β (bias) だけがパラメータ。{running}。Keras の BatchNormalization は"
                                              f" moving_mean/variance も学習しない重み (2·C = {2 * channels}) として数える",
                                              f"only γ (weight) and β (bias) are parameters; {running_en}. Keras' BatchNormalization also"
                                              f" counts moving_mean/variance as non-trainable weights (2·C = {2 * channels})"),
                             f"params = {n}·C", f"{n}·{channels}", value)]
        return LayerOutcome(shape, value, 0, steps)
    return rule


def _layer_norm(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    normalized = args["normalized_shape"]
    normalized = normalized if isinstance(normalized, tuple) else (normalized,)
    dims = tuple(as_int(d, "normalized_shape") for d in normalized)
    if len(dims) > len(shape) or tuple(shape[len(shape) - len(dims):]) != dims:
        raise SolverError(f"normalized_shape {dims} must match the last axes of the input {fmt_shape(shape)}",
                          f"normalized_shape {dims} は入力 {fmt_shape(shape)} の最後の軸と一致する必要があります")
    n = (1 + int(as_bool(args["bias"], "bias"))) if as_bool(args["elementwise_affine"], "elementwise_affine") else 0
    value = n * product(dims)
    steps = [shape_step(label, "output = input", fmt_shape(shape), shape, ("形状は変わらない", "shape unchanged")),
             params_step(label, Bilingual("γ, β (normalized_shape の要素ごと)", "γ and β, one per element of normalized_shape"),
                         f"params = {n}·∏ normalized_shape", f"{n}·{'·'.join(map(str, dims))}", value)]
    return LayerOutcome(shape, value, 0, steps)


def _embedding(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    count = as_int(args["num_embeddings"], "num_embeddings")
    dim = as_int(args["embedding_dim"], "embedding_dim")
    out_shape: Shape = (*shape, dim)
    steps = [shape_step(label, "(T, embedding_dim)", fmt_shape(out_shape), out_shape),
             params_step(label, Bilingual("埋め込み表 (語彙数 × 次元)", "embedding table (vocabulary × dimension)"),
                         "params = num_embeddings·embedding_dim", f"{count}·{dim}", count * dim)]
    return LayerOutcome(out_shape, count * dim, 0, steps)


def _flatten(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    # start_dim/end_dim count the batch axis (index 0), which the summary does not show
    rank = len(shape) + 1
    start, end = args["start_dim"], args["end_dim"]
    for value in (start, end):
        if isinstance(value, bool) or not isinstance(value, int) or not -rank <= value < rank:
            raise SolverError(f"start_dim/end_dim out of range for a batch of {fmt_shape(shape)}",
                              f"start_dim/end_dim が {fmt_shape(shape)} のバッチの範囲外です")
    start, end = start % rank, end % rank
    if start == 0:
        raise SolverError("start_dim=0 would merge the batch axis; use the default start_dim=1",
                          "start_dim=0 ではバッチ軸まで平らになります (既定の start_dim=1 を使ってください)")
    if end < start:
        raise SolverError("end_dim must not come before start_dim", "end_dim が start_dim より前になっています")
    merged = [known(d, "every flattened axis") for d in shape[start - 1:end]]
    out_shape: Shape = (*shape[:start - 1], product(merged), *shape[end:])
    step = Step(Bilingual(f"{label.ja}: バッチ以外の軸を1列に (パラメータなし)", f"{label.en}: non-batch axes in one row (no parameters)"),
                formula="C·H·W" if len(merged) == 3 else "∏ dims", substituted="·".join(map(str, merged)),
                result=list(out_shape), data={"output_shape": list(out_shape)})
    return LayerOutcome(out_shape, 0, 0, [step])


def _same_shape(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
    return LayerOutcome(shape, 0, 0, [shape_step(label, "output = input", fmt_shape(shape), shape,
                                                 ("形状は変わらない、パラメータなし", "shape unchanged, no parameters"))])


_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def _rnn(kind: str) -> Rule:
    def rule(args: dict[str, Any], shape: Shape, label: Bilingual) -> LayerOutcome:
        need_rank(shape, (2,), "(T, F)")
        size_in = as_int(args["input_size"], "input_size")
        if shape[1] is not None and shape[1] != size_in:
            raise SolverError(f"input_size={size_in} but the input {fmt_shape(shape)} has {shape[1]} features per step",
                              f"input_size={size_in} ですが、入力 {fmt_shape(shape)} の特徴量は {shape[1]} です")
        hidden = as_int(args["hidden_size"], "hidden_size")
        layers = as_int(args["num_layers"], "num_layers")
        use_bias = as_bool(args["bias"], "bias")
        dirs = 2 if as_bool(args["bidirectional"], "bidirectional") else 1
        proj = as_int(args.get("proj_size", 0), "proj_size", 0)
        if proj >= hidden:
            raise SolverError("proj_size must be smaller than hidden_size", "proj_size は hidden_size より小さくしてください")
        if kind == "RNN":
            as_choice(args["nonlinearity"], "nonlinearity", ("tanh", "relu"))
        gates = _GATES[kind]
        recurrent = proj or hidden
        steps: list[Step] = []
        total = 0
        layer_in = size_in
        for layer in range(layers):
            per_dir = gates * (layer_in * hidden + recurrent * hidden + (2 * hidden if use_bias else 0)) + proj * hidden
            core = f"i·h + {'p' if proj else 'h'}·h" + (" + 2h" if use_bias else "")
            core_sub = f"{layer_in}·{hidden} + {recurrent}·{hidden}" + (f" + 2·{hidden}" if use_bias else "")
            formula, sub = (f"{gates}·({core})", f"{gates}·({core_sub})") if gates > 1 else (core, core_sub)
            if proj:
                formula, sub = f"{formula} + p·h", f"{sub} + {proj}·{hidden}"
            if dirs > 1:
                formula, sub = f"2·({formula})", f"2·({sub})"
            text = _rnn_text(kind, layer, layers, layer_in, hidden, use_bias)
            steps.append(params_step(label, text, "params = " + formula, sub, dirs * per_dir))
            total += dirs * per_dir
            layer_in = recurrent * dirs
        out_shape: Shape = (shape[0], recurrent * dirs)
        steps.insert(0, shape_step(label, "(T, h·directions)", fmt_shape(out_shape), out_shape,
                                   ("全時刻の出力", "the output at every time step")))
        if layers > 1:
            steps.append(params_step(label, Bilingual("全層の合計", "sum over the stacked layers"), "params = Σ layers",
                                     " + ".join(str(s.result) for s in steps[1:]), total))
        return LayerOutcome(out_shape, total, 0, steps)
    return rule


def _rnn_text(kind: str, layer: int, layers: int, i: int, h: int, use_bias: bool) -> Bilingual:
    where_ja = f"{layer + 1} 層目 (入力 i = {i}): " if layers > 1 else ""
    where_en = f"layer {layer + 1} (input i = {i}): " if layers > 1 else ""
    if not use_bias:
        return Bilingual(f"{where_ja}重み W_ih と W_hh (bias=False なのでバイアスなし)", f"{where_en}weights W_ih and W_hh (bias=False: no biases)")
    if kind == "LSTM":
        keras = 4 * (i * h + h * h + h)
        return Bilingual(f"{where_ja}4 ゲートそれぞれに W_ih, W_hh と2本のバイアス b_ih, b_hh。Keras の LSTM はバイアス1本で"
                         f" 4·(i·h + h·h + h) = {keras} (差は 4h = {4 * h}、試験の定番のひっかけ)",
                         f"{where_en}each of the 4 gates has W_ih, W_hh and two biases b_ih, b_hh. Keras' LSTM has one bias:"
                         f" 4·(i·h + h·h + h) = {keras} (4h = {4 * h} fewer — a classic exam trap)")
    if kind == "GRU":
        return Bilingual(f"{where_ja}3 ゲートそれぞれに W_ih, W_hh と2本のバイアス。Keras の GRU (reset_after=True、既定) と同じ数、"
                         f"reset_after=False なら 3·(i·h + h·h + h) = {3 * (i * h + h * h + h)}",
                         f"{where_en}each of the 3 gates has W_ih, W_hh and two biases; the same count as Keras' GRU with"
                         f" reset_after=True (its default); reset_after=False gives 3·(i·h + h·h + h) = {3 * (i * h + h * h + h)}")
    return Bilingual(f"{where_ja}W_ih, W_hh と2本のバイアス b_ih, b_hh。Keras の SimpleRNN はバイアス1本で i·h + h·h + h = {i * h + h * h + h}",
                     f"{where_en}W_ih, W_hh and two biases b_ih, b_hh. Keras' SimpleRNN has one bias: i·h + h·h + h = {i * h + h * h + h}")


_CONV = (("in_channels", REQUIRED), ("out_channels", REQUIRED), ("kernel_size", REQUIRED), ("stride", 1), ("padding", 0),
         ("dilation", 1), ("groups", 1), ("bias", True), ("padding_mode", "zeros"))
_CONV_T = (("in_channels", REQUIRED), ("out_channels", REQUIRED), ("kernel_size", REQUIRED), ("stride", 1), ("padding", 0),
           ("output_padding", 0), ("groups", 1), ("bias", True), ("dilation", 1), ("padding_mode", "zeros"))
_MAXPOOL = (("kernel_size", REQUIRED), ("stride", None), ("padding", 0), ("dilation", 1), ("return_indices", False),
            ("ceil_mode", False))
_AVGPOOL = (("kernel_size", REQUIRED), ("stride", None), ("padding", 0), ("ceil_mode", False), ("count_include_pad", True),
            ("divisor_override", None))
_BN = (("num_features", REQUIRED), ("eps", 1e-5), ("momentum", 0.1), ("affine", True), ("track_running_stats", True))
_RNN_TAIL = (("batch_first", False), ("dropout", 0.0), ("bidirectional", False))

#: PyTorch layer name (without ``nn.``) → (signature, rule)
LAYERS: dict[str, tuple[Signature, Rule]] = {
    "Conv1d": (_sig(*_CONV), _conv(1)),
    "Conv2d": (_sig(*_CONV), _conv(2)),
    "ConvTranspose2d": (_sig(*_CONV_T), _conv(2, transposed=True)),
    "Linear": (_sig(("in_features", REQUIRED), ("out_features", REQUIRED), ("bias", True)), _linear),
    "MaxPool1d": (_sig(*_MAXPOOL), _pool(1, True)),
    "MaxPool2d": (_sig(*_MAXPOOL), _pool(2, True)),
    "AvgPool1d": (_sig(*_AVGPOOL[:5]), _pool(1, False)),
    "AvgPool2d": (_sig(*_AVGPOOL), _pool(2, False)),
    "AdaptiveAvgPool2d": (_sig(("output_size", REQUIRED)), _adaptive_pool),
    "AdaptiveMaxPool2d": (_sig(("output_size", REQUIRED), ("return_indices", False)), _adaptive_pool),
    "BatchNorm1d": (_sig(*_BN, keyword_only=(("bias", True),)), _batch_norm((1, 2), "(C,) / (C, L)")),
    "BatchNorm2d": (_sig(*_BN, keyword_only=(("bias", True),)), _batch_norm((3,), "(C, H, W)")),
    "LayerNorm": (_sig(("normalized_shape", REQUIRED), ("eps", 1e-5), ("elementwise_affine", True), ("bias", True)), _layer_norm),
    "Embedding": (_sig(("num_embeddings", REQUIRED), ("embedding_dim", REQUIRED), ("padding_idx", None), ("max_norm", None),
                       ("norm_type", 2.0), ("scale_grad_by_freq", False), ("sparse", False)), _embedding),
    "RNN": (_sig(("input_size", REQUIRED), ("hidden_size", REQUIRED), ("num_layers", 1), ("nonlinearity", "tanh"), ("bias", True),
                 *_RNN_TAIL), _rnn("RNN")),
    "LSTM": (_sig(("input_size", REQUIRED), ("hidden_size", REQUIRED), ("num_layers", 1), ("bias", True), *_RNN_TAIL,
                  ("proj_size", 0)), _rnn("LSTM")),
    "GRU": (_sig(("input_size", REQUIRED), ("hidden_size", REQUIRED), ("num_layers", 1), ("bias", True), *_RNN_TAIL), _rnn("GRU")),
    "Flatten": (_sig(("start_dim", 1), ("end_dim", -1)), _flatten),
    "ReLU": (_sig(("inplace", False)), _same_shape),
    "LeakyReLU": (_sig(("negative_slope", 0.01), ("inplace", False)), _same_shape),
    "Sigmoid": (_sig(), _same_shape),
    "Tanh": (_sig(), _same_shape),
    "GELU": (_sig(("approximate", "none")), _same_shape),
    "Softmax": (_sig(("dim", None)), _same_shape),
    "Identity": (_sig(), _same_shape),
    "Dropout": (_sig(("p", 0.5), ("inplace", False)), _same_shape),
    "Dropout2d": (_sig(("p", 0.5), ("inplace", False)), _same_shape),
}

NAMES = sorted([*LAYERS, "Input"])


def torch_layer(call: LayerCall, shape: Shape, label: Bilingual) -> LayerOutcome:
    """Output shape and parameters of one PyTorch module applied to ``shape`` (no batch axis)."""
    signature, rule = LAYERS[call.name]
    args = signature.bind(call, call.written)
    if any(isinstance(v, LayerCall) for v in args.values()):
        raise SolverError(f"{call.written}() does not take a layer as an argument", f"{call.written}() は層を引数に取りません")
    return rule(args, shape, label)
