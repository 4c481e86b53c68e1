"""Generators for layer and group normalisation: one normalised entry, with the slips that normalise over the wrong
set of entries (batch, instance or layer statistics) or get the variance wrong.

Keys and steps come from :func:`solvers.normalization.normalize` with ε = 0 (stated in the prompt) so that a
value can be checked by hand; the wrong options recompute x̂ = (x − μ)/σ with one slip each.
"""

from __future__ import annotations

import math
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_HINT, THREE_PLACES
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _stats(values: list[int], ddof: int = 0) -> tuple[float, float]:
    m = sum(values) / len(values)
    return m, sum((v - m) ** 2 for v in values) / (len(values) - ddof)


def _draw_norm(d: Draw) -> dict[str, Any]:
    kind = str(d.pick("kind"))
    # layer: (N, D) = (2, 4), one mean per sample; group: (N, C, L) = (1, 4, 2) with G = 2 groups of 2 channels
    x = d.matrix(2, 4, "values") if kind == "layer" else [d.matrix(4, 2, "values")]
    p: dict[str, Any] = {"kind": kind, "x": x, "sample": int(d.rng.integers(2)) if kind == "layer" else 0,
                         "channel": int(d.rng.integers(4)), "position": int(d.rng.integers(2))}
    own = _group_members(p)
    if len(set(own)) < 2 or len(set(_wrong_sets(p)["batch" if kind == "layer" else "layer"])) < 2:
        raise Redraw("a constant group has variance 0 (division by zero with ε = 0)")
    if _entry(p) * len(own) == sum(own):
        raise Redraw("the entry equals its group mean: the output 0 needs no computation")
    return p


def _entry(p: dict[str, Any]) -> int:
    x = p["x"]
    return int(x[p["sample"]][p["channel"]]) if p["kind"] == "layer" else int(x[0][p["channel"]][p["position"]])


def _group_members(p: dict[str, Any]) -> list[int]:
    """The entries that share the asked entry's mean and variance."""
    x = p["x"]
    if p["kind"] == "layer":
        return [int(v) for v in x[p["sample"]]]
    first = 2 * (p["channel"] // 2)
    return [int(v) for ch in (first, first + 1) for v in x[0][ch]]


def _wrong_sets(p: dict[str, Any]) -> dict[str, list[int]]:
    """The entries another normalisation would pool together (the slip of normalising over the wrong axis)."""
    x = p["x"]
    if p["kind"] == "layer":
        return {"batch": [int(row[p["channel"]]) for row in x]}
    return {"layer": [int(v) for ch in x[0] for v in ch], "instance": [int(v) for v in x[0][p["channel"]]]}


def _xhat(p: dict[str, Any], members: list[int], ddof: int = 0) -> float:
    m, var = _stats(members, ddof)
    return (_entry(p) - m) / math.sqrt(var) if var > 0 else math.nan


def _solve_norm(p: dict[str, Any]) -> Solution:
    from solvers.normalization import normalize

    return normalize(p["kind"], p["x"], groups=2 if p["kind"] == "group" else None, eps=0)


def _answer(p: dict[str, Any], s: Solution) -> Any:
    if p["kind"] == "layer":
        return s.answer[p["sample"]][p["channel"]]
    return s.answer[0][p["channel"]][p["position"]]


def _norm_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    own = _group_members(p)
    m, var = _stats(own)
    x = _entry(p)
    out: list[Mistake] = []

    def add(value: float, tag: str, ja: str, en: str) -> None:
        if math.isfinite(value):
            out.append(Mistake(value, tag, Bilingual(ja, en)))

    wrong = _wrong_sets(p)
    if p["kind"] == "layer":
        add(_xhat(p, wrong["batch"]), "batch-statistics", "特徴ごとにバッチ方向で平均・分散をとっています (それはバッチ正規化)。レイヤー正規化はサンプルごとに全特徴でとります。",
            "You took the statistics of one feature over the batch (that is batch norm); layer norm uses one sample's features.")
    else:
        add(_xhat(p, wrong["layer"]), "layer-statistics", "全チャネルで平均・分散をとっています (それはレイヤー正規化、G = 1)。グループ内の C/G チャネルだけを使います。",
            "You pooled every channel (that is layer norm, G = 1); group norm uses only the C/G channels of the group.")
        add(_xhat(p, wrong["instance"]), "instance-statistics", "1チャネルだけで平均・分散をとっています (それはインスタンス正規化、G = C)。",
            "You used a single channel (that is instance norm, G = C).")
    add(_xhat(p, own, ddof=1), "unbiased-variance", "分散を m − 1 で割っています。正規化では m で割る分散を使います。",
        "You divided the variance by m − 1; normalisation uses the variance divided by m.")
    add((x - m) / var, "forgot-sqrt", "分散で割っています。標準偏差 √σ² で割ります。", "You divided by the variance; divide by the standard deviation √σ².")
    add(x / math.sqrt(var), "forgot-mean", "平均を引き忘れています: x̂ = (x − μ)/σ。", "You forgot to subtract the mean: x̂ = (x − μ)/σ.")
    add(x - m, "forgot-std", "平均を引いただけで、標準偏差で割っていません。", "You subtracted the mean but did not divide by the standard deviation.")
    return out


def _norm_prompt(p: dict[str, Any]) -> Bilingual:
    x = p["x"]
    if p["kind"] == "layer":
        rows = "; ".join(f"サンプル {i + 1}: ({', '.join(map(str, r))})" for i, r in enumerate(x))
        rows_en = "; ".join(f"sample {i + 1}: ({', '.join(map(str, r))})" for i, r in enumerate(x))
        where_ja = f"サンプル {p['sample'] + 1} の特徴 {p['channel'] + 1}"
        where_en = f"feature {p['channel'] + 1} of sample {p['sample'] + 1}"
        return Bilingual(
            f"バッチサイズ 2、特徴数 4 の入力 (形状 (N, D) = (2, 4)) {rows} にレイヤー正規化 (γ = 1, β = 0, ε = 0) を適用する。"
            f"{where_ja} (値 {_entry(p)}) の出力はいくつか (分散は m で割る。小数第4位を四捨五入)。",
            f"Layer normalisation (γ = 1, β = 0, ε = 0) is applied to a batch of 2 samples with 4 features each (shape (N, D) = "
            f"(2, 4)): {rows_en}. What is the output for {where_en} (value {_entry(p)})? The variance divides by m; round to 3 "
            "decimal places.")
    chans = "; ".join(f"チャネル {c + 1}: ({', '.join(map(str, v))})" for c, v in enumerate(x[0]))
    chans_en = "; ".join(f"channel {c + 1}: ({', '.join(map(str, v))})" for c, v in enumerate(x[0]))
    return Bilingual(
        f"1サンプル、4チャネル、長さ 2 の入力 (形状 (N, C, L) = (1, 4, 2)) {chans} に、グループ数 G = 2 のグループ正規化 "
        f"(γ = 1, β = 0, ε = 0) を適用する。チャネル {p['channel'] + 1} の {p['position'] + 1} 番目の値 {_entry(p)} の出力はいくつか "
        "(分散は m で割る。小数第4位を四捨五入)。",
        f"Group normalisation with G = 2 groups (γ = 1, β = 0, ε = 0) is applied to one sample with 4 channels of length 2 "
        f"(shape (N, C, L) = (1, 4, 2)): {chans_en}. What is the output for entry {p['position'] + 1} of channel "
        f"{p['channel'] + 1} (value {_entry(p)})? The variance divides by m; round to 3 decimal places.")


NORM_VALUE = GeneratorSpec(
    name="norm_value",
    title=Bilingual("レイヤー正規化・グループ正規化の出力", "Layer and group normalisation output"),
    syllabus=("T19", "E3-7-3"),
    defaults={"kind": {"one_of": ["layer", "group"]}, "values": [0, 8]},
    draw=_draw_norm,
    solve=_solve_norm,
    prompt=_norm_prompt,
    mistakes=_norm_mistakes,
    answer=_answer,
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)

SPECS = (NORM_VALUE,)
