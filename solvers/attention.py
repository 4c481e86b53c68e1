"""Scaled dot-product attention with optional causal or padding mask, and parameter counts of
Multi-Head Attention and Transformer layers (Vaswani et al., 2017, "Attention Is All You Need")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.numbers import fmt, fmt_signed
from solvers.steps import Bilingual, Solution, Step

MAX_TOKENS = 8


def _matrix(rows: Sequence[Sequence[Any]], name: str) -> list[list[sp.Expr]]:
    if not rows or not all(isinstance(r, Sequence) and len(r) == len(rows[0]) and len(r) > 0 for r in rows):
        raise SolverError(f"{name} must be a non-empty rectangular matrix", f"{name} は空でない長方形の行列にしてください")
    if len(rows) > MAX_TOKENS or len(rows[0]) > 16:
        raise SolverError(f"{name} is too large for a worked solution (at most {MAX_TOKENS} tokens, 16 dims)",
                          f"{name} が大きすぎます (トークン {MAX_TOKENS} 個・次元 16 まで)")
    return [[sp.Rational(str(v)) if isinstance(v, float) else sp.Rational(v) for v in r] for r in rows]


def scaled_dot_product_attention(q: Sequence[Sequence[Any]], k: Sequence[Sequence[Any]], v: Sequence[Sequence[Any]],
                                 mask: str | None = None, key_padding: Sequence[int] | None = None) -> Solution:
    """softmax(QKᵀ/√d_k + M)V with every score, weight and output element shown.

    ``mask="causal"`` hides keys after the query position (Masked Attention in the decoder);
    ``key_padding`` lists 1 for real tokens and 0 for padding keys, which no query may attend to.
    Masked scores are set to −∞ before the softmax, so their weights are exactly 0.
    """
    Q, K, V = _matrix(q, "Q"), _matrix(k, "K"), _matrix(v, "V")
    n, d = len(Q), len(Q[0])
    m = len(K)
    if len(K[0]) != d:
        raise SolverError(f"Q and K need the same width d_k (got {d} and {len(K[0])})",
                          f"Q と K の次元 d_k が一致しません ({d} と {len(K[0])})")
    if len(V) != m:
        raise SolverError(f"K and V need the same number of rows (got {m} and {len(V)})",
                          f"K と V の行数 (トークン数) が一致しません ({m} と {len(V)})")
    if mask not in (None, "causal"):
        raise SolverError(f"unknown mask '{mask}' (use causal)", f"不明なマスク '{mask}' です (causal を指定)")
    if mask == "causal" and n != m:
        raise SolverError("a causal mask needs as many queries as keys", "因果マスクにはクエリとキーの数が同じ必要があります")
    pad = list(key_padding) if key_padding is not None else [1] * m
    if len(pad) != m or any(p not in (0, 1) for p in pad):
        raise SolverError(f"the padding mask needs {m} entries of 0 or 1", f"パディングマスクには 0 か 1 を {m} 個指定してください")
    scale = sp.sqrt(d)
    steps: list[Step] = []
    scores: list[list[Any]] = []
    for i in range(n):
        row: list[Any] = []
        for j in range(m):
            dot = sum((Q[i][t] * K[j][t] for t in range(d)), sp.Integer(0))
            terms = " + ".join(f"{fmt_signed(Q[i][t])}×{fmt_signed(K[j][t])}" for t in range(d))
            value = dot / scale  # exact; never nsimplify (it turns some rationals into wrong radicals)
            row.append(value)
            steps.append(Step(Bilingual(f"スコア s[{i + 1},{j + 1}] = q{i + 1}·k{j + 1} / √d_k",
                                        f"Score s[{i + 1},{j + 1}] = q{i + 1}·k{j + 1} / √d_k"),
                              formula="s_ij = q_i·k_j / √d_k", substituted=f"({terms}) / √{d}", result=value, kind="cell",
                              data={"row": i, "col": j}))
        scores.append(row)
    hidden = [[(mask == "causal" and j > i) or pad[j] == 0 for j in range(m)] for i in range(n)]
    if any(any(h) for h in hidden):
        shown = [[("−∞" if hidden[i][j] else fmt(scores[i][j])) for j in range(m)] for i in range(n)]
        why = []
        if mask == "causal":
            why.append(("未来の位置 (j > i) を −∞ にする (Masked Attention)", "future positions (j > i) are set to −∞ (masked attention)"))
        if 0 in pad:
            why.append(("パディングのキーを −∞ にする", "padding keys are set to −∞"))
        steps.append(Step(Bilingual("マスク: " + "、".join(w[0] for w in why) + "。softmax 後の重みは 0 になる",
                                    "Mask: " + "; ".join(w[1] for w in why) + ". Their softmax weights become 0"),
                          formula="s_ij ← −∞ (masked)", substituted="", result=shown))
    for i in range(n):
        if all(hidden[i]):
            raise SolverError(f"query {i + 1} has every key masked: its softmax is undefined",
                              f"クエリ {i + 1} はすべてのキーがマスクされ、softmax が定義できません")
    weights: list[list[Any]] = []
    for i in range(n):
        visible = [j for j in range(m) if not hidden[i][j]]
        denom = sum((sp.exp(scores[i][j]) for j in visible), sp.Integer(0))
        row = [sp.Integer(0) if hidden[i][j] else sp.exp(scores[i][j]) / denom for j in range(m)]
        weights.append(row)
        steps.append(Step(Bilingual(f"行 {i + 1} の softmax (重みの和は 1)", f"Softmax of row {i + 1} (weights sum to 1)"),
                          formula="a_ij = e^{s_ij} / Σ_k e^{s_ik}",
                          substituted=", ".join(fmt(float(w), 4) for w in row), result=row))
    outputs: list[list[Any]] = []
    for i in range(n):
        out_row = []
        for c in range(len(V[0])):
            value = sum((weights[i][j] * V[j][c] for j in range(m)), sp.Integer(0))
            out_row.append(value)
        outputs.append(out_row)
        steps.append(Step(Bilingual(f"出力 {i + 1} = 重みつきの V の和", f"Output {i + 1} = weighted sum of the rows of V"),
                          formula="o_i = Σ_j a_ij v_j",
                          substituted=" + ".join(f"{fmt(float(weights[i][j]), 4)}·{fmt(V[j])}" for j in range(m)),
                          result=[float(x) for x in out_row]))
    inputs = {"q": Q, "k": K, "v": V, "mask": mask or "none", "key_padding": pad}
    answer = {"scores": scores, "weights": weights, "output": outputs}
    return Solution("attention", inputs, answer, steps)


def attention_parameters(d_model: int, heads: int, d_ff: int | None = None, layer: str = "mha",
                         bias: bool = True) -> Solution:
    """Parameter counts as PyTorch builds them (``nn.MultiheadAttention``, ``nn.TransformerEncoderLayer``,
    ``nn.TransformerDecoderLayer``): projections W_Q, W_K, W_V, W_O of d×d (+ d bias each); the number of
    heads does not change the count because each head uses d/h of the width."""
    for name, value in (("d_model", d_model), ("heads", heads)):
        if not isinstance(value, int) or value < 1:
            raise SolverError(f"{name} must be a positive integer", f"{name} は正の整数にしてください")
    if d_model % heads:
        raise SolverError(f"d_model {d_model} is not divisible by heads {heads}",
                          f"d_model {d_model} がヘッド数 {heads} で割り切れません")
    if layer not in ("mha", "encoder", "decoder"):
        raise SolverError("layer must be mha, encoder or decoder", "layer は mha, encoder, decoder のいずれかです")
    d, b = d_model, (1 if bias else 0)
    steps = [Step(Bilingual("各ヘッドの次元: 幅をヘッド数で分ける", "Per-head width: the model width is split among the heads"),
                  formula="d_k = d_model / h", substituted=f"{d} / {heads}", result=d // heads)]
    mha = 4 * (d * d + b * d)
    steps.append(Step(Bilingual("Multi-Head Attention: W_Q, W_K, W_V, W_O がそれぞれ d×d 行列 (+ バイアス d)。ヘッド数によらない",
                                "Multi-Head Attention: W_Q, W_K, W_V, W_O are each d×d (+ a bias of d); independent of the number of heads"),
                      formula="4·(d² + d)" if bias else "4·d²",
                      substituted=f"4·({d}² + {d})" if bias else f"4·{d}²", result=mha))
    parts: dict[str, int] = {"attention": mha}
    total = mha
    if layer in ("encoder", "decoder"):
        if d_ff is None or d_ff < 1:
            raise SolverError("give the feed-forward width d_ff", "フィードフォワード層の幅 d_ff を指定してください")
        ffn = d * d_ff + b * d_ff + d_ff * d + b * d
        steps.append(Step(Bilingual("位置ごとのフィードフォワード: d→d_ff→d の全結合2層", "Position-wise feed-forward: two dense layers d→d_ff→d"),
                          formula="d·d_ff + d_ff + d_ff·d + d", substituted=f"{d}·{d_ff} + {d_ff} + {d_ff}·{d} + {d}", result=ffn))
        n_attn = 1 if layer == "encoder" else 2
        n_norm = 2 if layer == "encoder" else 3
        norms = n_norm * 2 * d
        steps.append(Step(Bilingual(f"LayerNorm {n_norm} 個: それぞれ γ と β (各 d)", f"{n_norm} LayerNorms: γ and β of size d each"),
                          formula=f"{n_norm}·2d", substituted=f"{n_norm}·2·{d}", result=norms))
        if n_attn == 2:
            steps.append(Step(Bilingual("デコーダは Masked Self-Attention と Source-Target Attention の2つを持つ",
                                        "The decoder has two attention blocks: masked self-attention and source-target attention"),
                              formula="2·MHA", substituted=f"2·{mha}", result=2 * mha))
        total = n_attn * mha + ffn + norms
        parts = {"attention": n_attn * mha, "feed_forward": ffn, "layer_norm": norms}
        steps.append(Step(Bilingual("合計", "Total"), formula="attention + FFN + LayerNorm",
                          substituted=f"{n_attn * mha} + {ffn} + {norms}", result=total))
    inputs = {"d_model": d, "heads": heads, "d_ff": d_ff, "layer": layer, "bias": bias}
    return Solution("attention-params", inputs, {"total": total, **parts}, steps)
