"""CTC loss, attention and Transformer parameter counts against PyTorch (skipped without torch)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from solvers.attention import attention_parameters, scaled_dot_product_attention
from solvers.ctc import forward

torch = pytest.importorskip("torch")
F = torch.nn.functional


@pytest.mark.parametrize("seed", range(8))
def test_ctc_loss_matches_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frames, label = int(rng.integers(2, 6)), "".join(rng.choice(list("ab"), size=int(rng.integers(1, 3))))
    need = len(label) + sum(1 for x, y in itertools.pairwise(label) if x == y)
    if frames < need:
        frames = need
    weights = rng.integers(1, 6, size=(frames, 3))
    table = [[int(w) / int(row.sum()) for w in row] for row in weights]
    from fractions import Fraction

    exact = [[Fraction(int(w), int(row.sum())) for w in row] for row in weights]
    sol = forward(exact, list("-ab"), list(label))
    log_probs = torch.log(torch.tensor(table, dtype=torch.float64)).unsqueeze(1)  # (T, N=1, C)
    targets = torch.tensor([[1 + "ab".index(ch) for ch in label]])
    loss = F.ctc_loss(log_probs, targets, torch.tensor([frames]), torch.tensor([len(label)]), blank=0, reduction="sum")
    assert float(sol.answer["loss"]) == pytest.approx(loss.item(), rel=1e-9)


@pytest.mark.parametrize("causal", [False, True])
def test_attention_matches_torch_sdpa(causal: bool) -> None:
    rng = np.random.default_rng(3)
    q, k, v = (rng.integers(-2, 3, size=(3, 4)) for _ in range(3))
    sol = scaled_dot_product_attention(q.tolist(), k.tolist(), v.tolist(), "causal" if causal else None)
    tq, tk, tv = (torch.tensor(x, dtype=torch.float64) for x in (q, k, v))
    out = F.scaled_dot_product_attention(tq, tk, tv, is_causal=causal)
    np.testing.assert_allclose(np.array(sol.approx_value()["output"], float), out.numpy(), atol=1e-12)


@pytest.mark.parametrize(("d", "h", "ff"), [(16, 4, 32), (64, 8, 256), (512, 8, 2048)])
def test_transformer_parameter_counts_match_torch(d: int, h: int, ff: int) -> None:
    def count(module: object) -> int:
        return sum(p.numel() for p in module.parameters())  # type: ignore[attr-defined]

    assert attention_parameters(d, h).answer["total"] == count(torch.nn.MultiheadAttention(d, h))
    assert attention_parameters(d, h, ff, "encoder").answer["total"] == count(torch.nn.TransformerEncoderLayer(d, h, ff))
    assert attention_parameters(d, h, ff, "decoder").answer["total"] == count(torch.nn.TransformerDecoderLayer(d, h, ff))
    assert attention_parameters(d, h, layer="mha", bias=False).answer["total"] == count(torch.nn.MultiheadAttention(d, h, bias=False))
    assert math.isfinite(d)
