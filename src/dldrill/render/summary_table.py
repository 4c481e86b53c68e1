"""A model-summary answer as a Rich table shaped like Keras' ``model.summary()`` (or torchsummary for PyTorch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

LABELS = {
    "ja": {"layer": "層 (種類)", "shape": "出力形状", "params": "パラメータ数", "input": "入力",
           "total": "総パラメータ数", "trainable": "学習するパラメータ", "non_trainable": "学習しないパラメータ",
           "batch": "先頭の {batch} はバッチ軸"},
    "en": {"layer": "Layer (type)", "shape": "Output Shape", "params": "Param #", "input": "Input",
           "total": "Total params", "trainable": "Trainable params", "non_trainable": "Non-trainable params",
           "batch": "the leading {batch} is the batch axis"},
}


def shape_text(shape: Sequence[Any], framework: str) -> str:
    """Keras prints ``(None, 148, 148, 32)``; torchsummary prints ``[-1, 32, 148, 148]``."""
    dims = ["None" if d is None else str(d) for d in shape]
    if framework == "pytorch":
        return "[" + ", ".join(["-1", *dims]) + "]"
    return "(" + ", ".join(["None", *dims]) + ")"


def summary_table(answer: Mapping[str, Any], lang: str) -> RenderableType:
    """The per-layer table followed by the three totals, as Keras lays them out."""
    labels = LABELS.get(lang, LABELS["ja"])
    framework = str(answer.get("framework", "keras"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(labels["layer"], overflow="fold")
    table.add_column(labels["shape"], overflow="fold")
    table.add_column(labels["params"], justify="right")
    if "input_shape" in answer:
        table.add_row(Text(labels["input"], style="dim"), Text(shape_text(answer["input_shape"], framework), style="dim"),
                      Text("0", style="dim"))
    for row in answer["layers"]:
        name = f"{row['name']} ({row['layer']})" if framework == "keras" else str(row["name"])
        table.add_row(name, shape_text(row["output_shape"], framework), f"{row['params']:,}")
    totals = Text()
    for key, label in (("total_params", "total"), ("trainable_params", "trainable"),
                       ("non_trainable_params", "non_trainable")):
        totals.append(f"{labels[label]}: ", style="bold")
        totals.append(f"{answer[key]:,}\n")
    batch = "None" if framework == "keras" else "-1"
    footer = Text(labels["batch"].format(batch=batch) + "\n", style="dim")
    return Group(table, totals, footer)
