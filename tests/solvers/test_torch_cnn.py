"""conv2d, pool2d, activations and losses compared with torch.nn.functional (skipped without PyTorch)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
F = torch.nn.functional

from solvers.activations import leaky_relu, relu, sigmoid, softmax, tanh  # noqa: E402
from solvers.conv import conv2d  # noqa: E402
from solvers.losses import binary_cross_entropy, cross_entropy, mae, mse  # noqa: E402
from solvers.pooling import pool2d  # noqa: E402

small = st.integers(-5, 5)
decimals = st.integers(-400, 400).map(lambda n: Fraction(n, 100))


def tensor(data: Any) -> Any:
    return torch.tensor(_floats(data), dtype=torch.float64)


def _floats(data: Any) -> Any:
    return [_floats(v) for v in data] if isinstance(data, list) else float(data)


def close(answer: Any, expected: Any) -> None:
    got = torch.tensor(_floats(answer), dtype=torch.float64)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, rtol=1e-9, atol=1e-9), (got, expected)


@st.composite
def conv_case(draw: st.DrawFn) -> dict[str, Any]:
    c, f = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w, kh, kw = draw(st.integers(2, 7)), draw(st.integers(2, 7)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return {
        "x": [[[draw(small) for _ in range(w)] for _ in range(h)] for _ in range(c)],
        "k": [[[[draw(small) for _ in range(kw)] for _ in range(kh)] for _ in range(c)] for _ in range(f)],
        "b": [draw(small) for _ in range(f)],
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
        "dilation": (draw(st.integers(1, 2)), draw(st.integers(1, 2))),
    }


@given(conv_case())
def test_conv2d_matches_torch(case: dict[str, Any]) -> None:
    kh, kw = len(case["k"][0][0]), len(case["k"][0][0][0])
    h, w = len(case["x"][0]), len(case["x"][0][0])
    assume(case["dilation"][0] * (kh - 1) + 1 <= h + 2 * case["padding"][0])
    assume(case["dilation"][1] * (kw - 1) + 1 <= w + 2 * case["padding"][1])
    expected = F.conv2d(tensor(case["x"]).unsqueeze(0), tensor(case["k"]), tensor(case["b"]),
                        stride=case["stride"], padding=case["padding"], dilation=case["dilation"])[0]
    sol = conv2d(case["x"], case["k"], case["stride"], case["padding"], case["dilation"], case["b"])
    close(sol.answer, expected)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@given(conv_case())
def test_conv2d_same_matches_torch_at_stride_one(case: dict[str, Any]) -> None:
    """PyTorch supports padding='same' only with stride 1; it pads the extra row/column at the bottom/right too."""
    expected = F.conv2d(tensor(case["x"]).unsqueeze(0), tensor(case["k"]), padding="same", dilation=case["dilation"])[0]
    close(conv2d(case["x"], case["k"], 1, "same", case["dilation"]).answer, expected)


@st.composite
def pool_case(draw: st.DrawFn) -> dict[str, Any]:
    c, h, w = draw(st.integers(1, 2)), draw(st.integers(2, 7)), draw(st.integers(2, 7))
    size = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return {
        "x": [[[draw(small) for _ in range(w)] for _ in range(h)] for _ in range(c)],
        "size": size,
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": (draw(st.integers(0, size[0] // 2)), draw(st.integers(0, size[1] // 2))),
    }


@given(pool_case())
def test_pooling_matches_torch(case: dict[str, Any]) -> None:
    h, w = len(case["x"][0]), len(case["x"][0][0])
    assume(case["size"][0] <= h + 2 * case["padding"][0] and case["size"][1] <= w + 2 * case["padding"][1])
    x = tensor(case["x"])
    args = (case["size"], case["stride"], case["padding"])
    close(pool2d(case["x"], *args, mode="max").answer, F.max_pool2d(x, *args))
    close(pool2d(case["x"], *args, mode="avg").answer, F.avg_pool2d(x, *args))


@given(decimals)
def test_scalar_activations_and_autograd_derivatives(x: Fraction) -> None:
    for solver, fn in ((sigmoid, torch.sigmoid), (tanh, torch.tanh), (relu, torch.relu),
                       (lambda v, derivative=False: leaky_relu(v, Fraction(1, 10), derivative),
                        lambda t: F.leaky_relu(t, 0.1))):
        t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
        y = fn(t)
        y.backward()
        assert float(solver(x).answer) == pytest.approx(y.item(), rel=1e-12, abs=1e-15)
        assert float(solver(x, derivative=True).answer) == pytest.approx(t.grad.item(), rel=1e-12, abs=1e-15)


def test_derivatives_at_zero_follow_torch() -> None:
    for solver, fn in ((relu, torch.relu), (leaky_relu, F.leaky_relu)):
        t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        fn(t).backward()
        assert float(solver(0, derivative=True).answer) == pytest.approx(t.grad.item())


@given(st.lists(decimals, min_size=1, max_size=6), st.integers(1, 30).map(lambda n: Fraction(n, 10)))
def test_softmax_matches_torch(xs: list[Fraction], temperature: Fraction) -> None:
    expected = torch.softmax(torch.tensor(_floats(xs), dtype=torch.float64) / float(temperature), dim=0)
    close(softmax(xs, temperature).approx_value(), expected)


@given(st.lists(decimals, min_size=2, max_size=6), st.data())
def test_cross_entropy_matches_torch(zs: list[Fraction], data: st.DataObject) -> None:
    target = data.draw(st.integers(0, len(zs) - 1))
    weights = data.draw(st.lists(st.integers(1, 5).map(lambda n: Fraction(n, 2)), min_size=len(zs), max_size=len(zs)))
    logits = torch.tensor([_floats(zs)], dtype=torch.float64)
    label = torch.tensor([target])
    w = torch.tensor(_floats(weights), dtype=torch.float64)
    plain = F.cross_entropy(logits, label).item()
    assert float(cross_entropy(logits=zs, target=target).answer) == pytest.approx(plain, rel=1e-10)
    # per sample, the weight multiplies the loss ('none' / 'sum'); 'mean' divides by Σ w_target and cancels it
    weighted = float(cross_entropy(logits=zs, target=target, weights=weights).answer)
    assert weighted == pytest.approx(F.cross_entropy(logits, label, weight=w, reduction="sum").item(), rel=1e-10)
    assert F.cross_entropy(logits, label, weight=w).item() == pytest.approx(plain, rel=1e-10)
    probs = torch.softmax(logits[0], dim=0)
    as_fractions = [Fraction(v) for v in probs.tolist()]
    from_probs = float(cross_entropy([p / sum(as_fractions) for p in as_fractions], target=target).answer)
    assert from_probs == pytest.approx(plain, rel=1e-9)


@given(st.lists(st.tuples(st.integers(1, 99), st.integers(0, 4)), min_size=1, max_size=6))
def test_binary_cross_entropy_and_regression_losses_match_torch(pairs: list[tuple[int, int]]) -> None:
    ps = [Fraction(p, 100) for p, _ in pairs]
    ts = [Fraction(t, 4) for _, t in pairs]
    p_t, t_t = torch.tensor(_floats(ps), dtype=torch.float64), torch.tensor(_floats(ts), dtype=torch.float64)
    assert float(binary_cross_entropy(ps, ts).answer) == pytest.approx(F.binary_cross_entropy(p_t, t_t).item(), rel=1e-10)
    assert float(mse(ps, ts).answer) == pytest.approx(F.mse_loss(p_t, t_t).item(), rel=1e-10)
    assert float(mae(ps, ts).answer) == pytest.approx(F.l1_loss(p_t, t_t).item(), rel=1e-10)
