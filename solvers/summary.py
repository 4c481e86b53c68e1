"""``summary``: a sequential model spec → per-layer output shapes and parameter counts, like ``model.summary()``.

Keras spelling (channels-last, ``Conv2D``, ``Dense`` …) and PyTorch spelling (``nn.Conv2d``,
``nn.Linear`` …, ``(C, H, W)`` shapes) are both understood; the framework is detected from the
names, prefixes and argument names, or given explicitly.  Each layer contributes its output-shape
and parameter-count formulas as steps, and the places where the two frameworks count differently
(recurrent biases, BatchNorm running statistics) are spelled out, because exams ask exactly that.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from solvers import summary_keras, summary_torch
from solvers.errors import SolverError
from solvers.steps import Bilingual, Solution, Step
from solvers.summary_spec import LayerCall, LayerOutcome, Shape, Where, parse_spec

FRAMEWORKS = ("auto", "keras", "pytorch")
KERAS_NAMES = set(summary_keras.NAMES)
TORCH_NAMES = set(summary_torch.NAMES)
KERAS_ONLY = KERAS_NAMES - TORCH_NAMES
TORCH_ONLY = TORCH_NAMES - KERAS_NAMES
#: argument names that only one framework uses: a hint when the layer names are shared (LSTM, GRU …)
KERAS_ARGS = {"units", "filters", "strides", "pool_size", "return_sequences", "use_bias", "input_shape", "rate",
              "output_dim", "input_dim", "activation", "input_length", "reset_after"}
TORCH_ARGS = {"in_channels", "out_channels", "in_features", "out_features", "input_size", "hidden_size", "num_layers",
              "batch_first", "bidirectional", "num_embeddings", "embedding_dim", "num_features", "stride", "bias", "p"}
#: the other framework's name for the same layer, for error hints
EQUIVALENT = {
    "Linear": "Dense", "Dense": "Linear", "Conv2d": "Conv2D", "Conv2D": "Conv2d", "Conv1d": "Conv1D", "Conv1D": "Conv1d",
    "MaxPool2d": "MaxPooling2D", "MaxPooling2D": "MaxPool2d", "AvgPool2d": "AveragePooling2D",
    "AveragePooling2D": "AvgPool2d", "MaxPool1d": "MaxPooling1D", "MaxPooling1D": "MaxPool1d",
    "BatchNorm2d": "BatchNormalization", "BatchNorm1d": "BatchNormalization", "BatchNormalization": "BatchNorm2d",
    "LayerNorm": "LayerNormalization", "LayerNormalization": "LayerNorm", "RNN": "SimpleRNN", "SimpleRNN": "RNN",
    "ConvTranspose2d": "Conv2DTranspose", "Conv2DTranspose": "ConvTranspose2d",
    "AdaptiveAvgPool2d": "GlobalAveragePooling2D", "GlobalAveragePooling2D": "AdaptiveAvgPool2d",
}
_DISPLAY = {"keras": "Keras", "pytorch": "PyTorch"}


def _all_calls(calls: list[LayerCall]) -> Iterator[LayerCall]:
    """Every call including those nested as arguments (``Bidirectional(LSTM(…))``)."""
    for call in calls:
        yield call
        nested = [v for v in (*call.args, *call.kwargs.values()) if isinstance(v, LayerCall)]
        yield from _all_calls(nested)


def detect_framework(calls: list[LayerCall]) -> tuple[str, Bilingual]:
    """Keras or PyTorch from prefixes (``nn.``), framework-only names and argument names; Keras on a tie."""
    votes = {"keras": 0, "pytorch": 0}
    evidence: dict[str, str] = {}
    prefixed: dict[str, LayerCall] = {}
    for call in _all_calls(calls):
        if call.prefix_framework:
            votes[call.prefix_framework] += 100
            evidence.setdefault(call.prefix_framework, call.written)
            prefixed.setdefault(call.prefix_framework, call)
        if call.name in KERAS_ONLY:
            votes["keras"] += 10
            evidence.setdefault("keras", call.written)
        elif call.name in TORCH_ONLY:
            votes["pytorch"] += 10
            evidence.setdefault("pytorch", call.written)
        if call.name in ("LSTM", "GRU", "RNN", "SimpleRNN") and len(call.args) >= 2 and isinstance(call.args[1], int):
            votes["pytorch"] += 1  # nn.LSTM(input_size, hidden_size); Keras' second argument is the activation
            evidence.setdefault("pytorch", f"{call.name}(input_size, hidden_size)")
        for key in call.kwargs:
            if key in KERAS_ARGS:
                votes["keras"] += 1
                evidence.setdefault("keras", f"{call.name}({key}=…)")
            elif key in TORCH_ARGS:
                votes["pytorch"] += 1
                evidence.setdefault("pytorch", f"{call.name}({key}=…)")
    if len(prefixed) == 2:
        late = max(prefixed.values(), key=lambda c: (c.where.line, c.where.column))
        raise SolverError(f"{late.where.en}: the spec mixes Keras ({prefixed['keras'].written}) and PyTorch"
                          f" ({prefixed['pytorch'].written}) layers; use one framework",
                          f"{late.where.ja}: Keras ({prefixed['keras'].written}) と PyTorch ({prefixed['pytorch'].written})"
                          " の層が混ざっています。どちらか一方で書いてください")
    framework = "pytorch" if votes["pytorch"] > votes["keras"] else "keras"
    if framework in evidence:
        why = Bilingual(f"{_DISPLAY[framework]} の書き方として読んだ ({evidence[framework]} より)。--framework で指定もできる",
                        f"read as {_DISPLAY[framework]} (because of {evidence[framework]}); --framework overrides this")
    else:
        why = Bilingual("Keras の書き方として読んだ (どちらとも取れるため既定)。PyTorch なら --framework pytorch",
                        "read as Keras (the spec fits both; Keras is the default); use --framework pytorch otherwise")
    return framework, why


def _suggest(name: str, names: set[str]) -> str | None:
    for candidate in sorted(names):
        if candidate.lower() == name.lower():
            return candidate
    equivalent = EQUIVALENT.get(name)
    if equivalent in names:
        return equivalent
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.5)
    return close[0] if close else None


def _check_names(calls: list[LayerCall], framework: str) -> None:
    names = KERAS_NAMES if framework == "keras" else TORCH_NAMES
    other = TORCH_NAMES if framework == "keras" else KERAS_NAMES
    here, there = _DISPLAY[framework], _DISPLAY["pytorch" if framework == "keras" else "keras"]
    for call in _all_calls(calls):
        if call.prefix_framework and call.prefix_framework != framework:
            raise SolverError(f"{call.where.en}: '{call.written}' is {there} spelling, but the spec is read as {here}",
                              f"{call.where.ja}: '{call.written}' は {there} の書き方ですが、この仕様は {here} として読んでいます")
        if call.name in names:
            continue
        guess = _suggest(call.name, names)
        hint_en = f" — did you mean '{guess}'?" if guess else f" (known {here} layers: {', '.join(sorted(names))})"
        hint_ja = f" — '{guess}' のことですか?" if guess else f" ({here} の層: {', '.join(sorted(names))})"
        if call.name in other:
            hint_en += f" ('{call.name}' is {there} spelling; the spec is read as {here})"
            hint_ja += f" ('{call.name}' は {there} の書き方です。この仕様は {here} として読んでいます)"
        raise SolverError(f"{call.where.en}: unknown layer '{call.name}'{hint_en}", f"{call.where.ja}: 不明な層 '{call.name}'{hint_ja}")


def _located(where: Where, written: str, exc: SolverError) -> SolverError:
    """The same error with the spec position (and the layer) in front."""
    en, ja = exc.message_en, exc.message_ja
    if not en.startswith(f"{written}("):
        en, ja = f"{written}: {en}", f"{written}: {ja}"
    return SolverError(f"{where.en}: {en}", f"{where.ja}: {ja}")


def _input_shape(calls: list[LayerCall], framework: str) -> tuple[Shape, list[LayerCall], Step]:
    first = calls[0]
    for call in calls[1:]:
        if call.name in summary_keras.INPUT_NAMES:
            raise SolverError(f"{call.where.en}: {call.name}() must be the first entry of the spec",
                              f"{call.where.ja}: {call.name}() は仕様の先頭に置いてください")
    try:
        if first.name in summary_keras.INPUT_NAMES:
            shape, layers = summary_keras.input_shape_of(first), calls[1:]
        elif framework == "keras" and (implicit := summary_keras.implicit_input_shape(first)) is not None:
            shape, layers = implicit, calls
        elif framework == "keras":
            raise SolverError("the model needs an input shape: start with Input((H, W, C)) or give the first layer input_shape=(…)",
                              "入力の形状が必要です: 先頭に Input((H, W, C)) を置くか、最初の層に input_shape=(…) を指定してください")
        else:
            raise SolverError("a PyTorch-style spec starts with Input((C, H, W)) or Input((F,)) to give the input shape",
                              "PyTorch 形式の仕様は先頭に Input((C, H, W)) か Input((F,)) を置いて入力の形状を与えてください")
    except SolverError as exc:
        raise _located(first.where, first.written, exc) from None
    layout = "(H, W, C)" if framework == "keras" else "(C, H, W)"
    step = Step(Bilingual(f"入力の形状 (バッチ軸は省略。{_DISPLAY[framework]} の並びは画像なら {layout})",
                          f"input shape (batch axis omitted; {_DISPLAY[framework]} images are {layout})"),
                formula="input", result=list(shape), data={"output_shape": list(shape)})
    if not layers:
        raise SolverError("the spec has an input but no layers", "入力だけで層がありません")
    return shape, layers, step


def _run_layers(layers: list[LayerCall], shape: Shape, framework: str) -> tuple[list[dict[str, Any]], list[Step]]:
    rows: list[dict[str, Any]] = []
    steps: list[Step] = []
    used: dict[str, int] = {}
    for index, call in enumerate(layers):
        if framework == "keras":
            given = call.kwargs.get("name")
            stem = summary_keras.keras_default_name(call.name)
            count = used.get(stem, 0)
            used[stem] = count + 1
            name = given if isinstance(given, str) and given else (stem if count == 0 else f"{stem}_{count}")
        else:
            name = f"{call.name}-{index + 1}"
        label = Bilingual(f"{name} ({call.name})" if framework == "keras" else name,
                          f"{name} ({call.name})" if framework == "keras" else name)
        try:
            if framework == "keras":
                outcome: LayerOutcome = summary_keras.keras_layer(call, shape, label)
            else:
                outcome = summary_torch.torch_layer(call, shape, label)
        except SolverError as exc:
            raise _located(call.where, call.written, exc) from None
        shape = outcome.output_shape
        steps += outcome.steps
        rows.append({"layer": call.name, "name": name, "output_shape": list(shape), "params": outcome.params,
                     "trainable": outcome.trainable, "non_trainable": outcome.non_trainable})
    return rows, steps


def _total_steps(rows: list[dict[str, Any]]) -> tuple[list[Step], int, int]:
    trainable = sum(r["trainable"] for r in rows)
    frozen = sum(r["non_trainable"] for r in rows)
    counted = [r for r in rows if r["params"]]

    def terms(key: str) -> str:
        """``896 + 18496 + …``; empty for a single term, which would only repeat the result."""
        values = [str(r[key]) for r in counted if r[key]]
        return " + ".join(values) if len(values) > 1 else ""

    steps = [Step(Bilingual("総パラメータ数 (各層の和)", "total parameters (sum over the layers)"),
                  formula="Σ params", substituted=terms("params"),
                  result=trainable + frozen, kind="total")]
    if frozen:
        steps.append(Step(Bilingual("うち学習するパラメータ", "of which trainable"), formula="Σ trainable",
                          substituted=terms("trainable"),
                          result=trainable, kind="total"))
        steps.append(Step(Bilingual("うち学習しないパラメータ (BatchNormalization の移動平均・分散、凍結した層)",
                                    "of which non-trainable (BatchNormalization moving statistics, frozen layers)"),
                          formula="Σ non_trainable", substituted=terms("non_trainable"),
                          result=frozen, kind="total"))
    return steps, trainable, frozen


def summary(spec: str, framework: str = "auto") -> Solution:
    """Output shape and parameters (trainable / non-trainable) of every layer of a sequential spec."""
    framework = {"torch": "pytorch", "tf": "keras", "tensorflow": "keras"}.get(framework, framework)
    if framework not in FRAMEWORKS:
        raise SolverError(f"framework must be auto, keras or pytorch, got {framework!r}",
                          f"framework は auto, keras, pytorch のどれかにしてください ({framework!r})")
    calls = parse_spec(spec)
    notes: list[Bilingual] = []
    if framework == "auto":
        framework, why = detect_framework(calls)
        notes.append(why)
    _check_names(calls, framework)
    shape, layers, input_step = _input_shape(calls, framework)
    rows, layer_steps = _run_layers(layers, shape, framework)
    total_steps, trainable, frozen = _total_steps(rows)
    if framework == "keras":
        notes.append(Bilingual("形状はバッチ軸を除いて示す (Keras の表示では先頭の None)",
                               "shapes omit the batch axis (Keras prints it as a leading None)"))
    else:
        notes.append(Bilingual("形状はバッチ軸を除いて示す (torchsummary の表示では先頭の -1)",
                               "shapes omit the batch axis (torchsummary prints it as a leading -1)"))
    if framework == "pytorch" and any(c.name in ("LSTM", "GRU", "RNN") for c in layers):
        notes.append(Bilingual("PyTorch の RNN 系は入力 (T, F)、出力は全時刻の (T, h·方向数) として示す (batch_first はバッチ軸の位置だけを変える)",
                               "PyTorch recurrent layers take (T, F) and are shown with the full output sequence (T, h·directions);"
                               " batch_first only moves the batch axis"))
    answer = {"framework": framework, "input_shape": list(shape), "layers": rows,
              "total_params": trainable + frozen, "trainable_params": trainable, "non_trainable_params": frozen}
    return Solution("summary", {"spec": spec, "framework": framework}, answer,
                    [input_step, *layer_steps, *total_steps], notes=tuple(notes))
