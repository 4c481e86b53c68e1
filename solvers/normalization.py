"""Batch, layer, instance and group normalisation in training mode, with every group's mean and variance.

All four compute ``y = γ·(x − μ)/√(σ² + ε) + β``; they differ only in which entries share one μ and σ²:
batch norm — one feature (channel) over the whole batch (and H×W); layer norm — one sample over all
its features; instance norm — one sample's one channel over H×W; group norm — one sample's group of
C/G channels over H×W.  The variance divides by m (biased), as PyTorch and TensorFlow do when they
normalise; PyTorch's running_var for inference is updated with the unbiased m/(m−1) version instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from solvers.errors import SolverError
from solvers.exact import exact_real as _exact
from solvers.numbers import fmt
from solvers.steps import Bilingual, Solution, Step

KINDS = ("batch", "layer", "instance", "group")
MAX_ELEMENTS = 2000
DEFAULT_EPS = sympy.Rational(1, 10**5)  # torch.nn.BatchNorm/LayerNorm/InstanceNorm/GroupNorm default

_WHAT = {
    "batch": Bilingual("バッチ正規化: 特徴 (チャネル) ごとに、バッチ全体 (と H×W) で平均・分散をとる",
                       "batch norm: one mean and variance per feature (channel), over the whole batch (and H×W)"),
    "layer": Bilingual("レイヤー正規化: サンプルごとに、そのサンプルの全特徴で平均・分散をとる",
                       "layer norm: one mean and variance per sample, over all of its features"),
    "instance": Bilingual("インスタンス正規化: サンプルごと・チャネルごとに H×W で平均・分散をとる",
                          "instance norm: one mean and variance per sample and channel, over H×W"),
    "group": Bilingual("グループ正規化: サンプルごとに、C/G 個のチャネルのグループと H×W で平均・分散をとる",
                       "group norm: one mean and variance per sample and group of C/G channels, over H×W"),
}


def _array(value: Any, what: str) -> np.ndarray[Any, Any]:
    """An object array of exact numbers; refuses ragged input."""
    def shape_of(v: Any) -> tuple[int, ...]:
        if isinstance(v, list | tuple):
            inner = {shape_of(x) for x in v}
            if not v or len(inner) != 1:
                raise SolverError(f"{what}: empty or ragged array", f"{what}: 空か、長さのそろっていない配列です")
            return (len(v), *inner.pop())
        return ()

    shape = shape_of(value)
    flat: list[Any] = []

    def collect(v: Any) -> None:
        if isinstance(v, list | tuple):
            for x in v:
                collect(x)
        else:
            flat.append(_exact(v, what))

    collect(value)
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(shape)


def _show(value: Any) -> str:
    if isinstance(value, sympy.Rational) and len(str(value)) <= 12:
        return str(value)
    return fmt(float(value))


def _affine(param: Any, name: str, default: int, shape: tuple[int, ...], kind: str) -> np.ndarray[Any, Any]:
    """γ or β broadcast to (C, S): a scalar, one value per channel, or (layer norm) the full feature shape."""
    channels, spatial = shape[1], int(np.prod(shape[2:], dtype=int)) if len(shape) > 2 else 1
    if param is None:
        return np.full((channels, spatial), sympy.Integer(default), dtype=object)
    values = _array(param, name)
    if values.ndim == 0:
        return np.full((channels, spatial), values.item(), dtype=object)
    if kind == "layer" and values.shape == shape[1:]:
        return values.reshape(channels, spatial)
    if values.shape == (channels,):
        if kind == "layer" and len(shape) > 2:
            raise SolverError(f"{name}: layer norm over {shape[1:]} needs a scalar or that full shape",
                              f"{name}: レイヤー正規化ではスカラーか {shape[1:]} の形で指定してください")
        return np.repeat(values.reshape(channels, 1), spatial, axis=1)
    want = f"{shape[1:]}" if kind == "layer" else f"({channels},)"
    raise SolverError(f"{name}: expected a scalar or shape {want}, got {values.shape}",
                      f"{name}: スカラーか {want} の形で指定してください ({values.shape})")


def _groups(kind: str, n: int, c: int, groups: int | None) -> list[tuple[str, list[tuple[int, int]]]]:
    """Which (sample, channel) pairs share one mean and variance, with a label for the steps."""
    if kind == "batch":
        return [(f"c = {ch}", [(s, ch) for s in range(n)]) for ch in range(c)]
    if kind == "layer":
        return [(f"n = {s}", [(s, ch) for ch in range(c)]) for s in range(n)]
    if kind == "instance":
        return [(f"n = {s}, c = {ch}", [(s, ch)]) for s in range(n) for ch in range(c)]
    assert groups is not None
    size = c // groups
    return [(f"n = {s}, g = {g}", [(s, ch) for ch in range(g * size, (g + 1) * size)]) for s in range(n) for g in range(groups)]


def normalize(kind: str, x: Any, *, groups: int | None = None, gamma: Any = None, beta: Any = None,
              eps: Any = None) -> Solution:
    """Training-mode normalisation of ``x`` shaped (N, D), (N, C, L) or (N, C, H, W); answer has x's shape.

    ``gamma``/``beta`` are a scalar or one value per channel (feature), or for layer norm the full
    shape of one sample (PyTorch's ``normalized_shape`` = x.shape[1:]).  ``eps`` defaults to 1e−5.
    """
    if kind not in KINDS:
        raise SolverError(f"unknown kind '{kind}' (choose from {', '.join(KINDS)})",
                          f"種類 '{kind}' は未対応です ({', '.join(KINDS)} から選択)")
    data = _array(x, "input")
    if data.ndim not in (2, 3, 4):
        raise SolverError(f"input must be (N, D), (N, C, L) or (N, C, H, W), got {data.ndim}-D",
                          f"入力は (N, D)・(N, C, L)・(N, C, H, W) のいずれかにしてください ({data.ndim}次元)")
    if data.size > MAX_ELEMENTS:
        raise SolverError(f"at most {MAX_ELEMENTS} entries", f"要素は {MAX_ELEMENTS} 個までです")
    shape: tuple[int, ...] = data.shape
    n, c = shape[0], shape[1]
    if kind == "instance" and data.ndim == 2:
        raise SolverError("instance norm needs (N, C, L) or (N, C, H, W) (a spatial axis)",
                          "インスタンス正規化には空間方向の軸 (N, C, L) か (N, C, H, W) が必要です")
    if kind == "group" and (groups is None or isinstance(groups, bool) or not isinstance(groups, int)
                            or groups < 1 or c % groups):
        raise SolverError(f"group norm needs a number of groups G that divides C = {c}",
                          f"グループ正規化には C = {c} を割り切るグループ数 G が必要です")
    epsilon = DEFAULT_EPS if eps is None else _exact(eps, "eps")
    if epsilon < 0:
        raise SolverError("eps must be ≥ 0", "eps は 0 以上にしてください")
    flat = data.reshape(n, c, -1)
    spatial = flat.shape[2]
    gamma_cs = _affine(gamma, "gamma", 1, shape, kind)
    beta_cs = _affine(beta, "beta", 0, shape, kind)
    out = np.empty_like(flat)
    steps: list[Step] = [Step(_WHAT[kind], formula="y = γ·(x − μ)/√(σ² + ε) + β",
                              substituted=f"shape {shape}, ε = {_show(epsilon)}", kind="note")]
    means: dict[str, Any] = {}
    variances: dict[str, Any] = {}
    for index, (label, members) in enumerate(_groups(kind, n, c, groups)):
        values = [flat[s, ch, k] for s, ch in members for k in range(spatial)]
        m = len(values)
        mean = sum(values, sympy.Integer(0)) / m
        variance = sum(((v - mean) ** 2 for v in values), sympy.Integer(0)) / m
        if variance + epsilon == 0:
            raise SolverError(f"{label}: variance 0 and ε = 0 (division by zero); use ε > 0",
                              f"{label}: 分散 0 かつ ε = 0 でゼロ除算になります。ε > 0 を指定してください")
        std = sympy.sqrt(variance + epsilon)
        means[label], variances[label] = mean, variance
        kind_of_step = "step" if index == 0 else "cell"
        shown = " + ".join(_show(v) for v in values[:8]) + (" + …" if m > 8 else "")
        steps.append(Step(Bilingual(f"{label}: 平均 ({m} 個)", f"{label}: mean ({m} values)"), formula="μ = (1/m) Σ x",
                          substituted=f"(1/{m})×({shown})", result=mean, kind=kind_of_step))
        steps.append(Step(Bilingual(f"{label}: 分散 (m で割る標本分散 = 偏りのある分散)", f"{label}: variance (divided by m, the biased one)"),
                          formula="σ² = (1/m) Σ (x − μ)²", substituted=f"(1/{m})×Σ(x − {_show(mean)})²", result=variance,
                          kind=kind_of_step))
        steps.append(Step(Bilingual(f"{label}: 標準偏差 (ε を足してから平方根)", f"{label}: standard deviation (ε added under the root)"),
                          formula="√(σ² + ε)", substituted=f"√({_show(variance)} + {_show(epsilon)})", result=std,
                          kind=kind_of_step))
        normalized = []
        for s, ch in members:
            for k in range(spatial):
                x_hat = (flat[s, ch, k] - mean) / std
                normalized.append(x_hat)
                out[s, ch, k] = gamma_cs[ch, k] * x_hat + beta_cs[ch, k]
        steps.append(Step(Bilingual(f"{label}: 正規化 x̂ = (x − μ)/√(σ² + ε)", f"{label}: normalise x̂ = (x − μ)/√(σ² + ε)"),
                          formula="x̂ = (x − μ)/√(σ² + ε)",
                          substituted=f"({_show(values[0])} − {_show(mean)})/{_show(std)}" + (", …" if m > 1 else ""),
                          result=normalized, kind="cell"))
    result = out.reshape(shape).tolist()
    affine_note = "γ = 1, β = 0" if gamma is None and beta is None else "γ, β"
    steps.append(Step(Bilingual(f"スケールとシフト ({affine_note})", f"scale and shift ({affine_note})"),
                      formula="y = γ·x̂ + β", result=result))
    steps.append(Step(Bilingual("各グループの統計量", "statistics of every group"), formula="μ, σ²",
                      result={"mean": means, "variance": variances}))
    notes = [Bilingual("分散は m で割る (偏りのある) 分散。PyTorch・TensorFlow が学習時の正規化に使うもの。PyTorch の running_var"
                       " (推論用) は m/(m−1) 倍した不偏分散で更新される。",
                       "The variance divides by m (biased), as PyTorch and TensorFlow use when normalising in training;"
                       " PyTorch updates running_var (for inference) with the unbiased m/(m−1) version.")]
    inputs: dict[str, Any] = {"kind": kind, "shape": list(shape), "eps": epsilon}
    if groups is not None:
        inputs["groups"] = groups
    return Solution("norm", inputs, result, steps, notes=notes)
