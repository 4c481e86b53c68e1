"""Optimizers, backprop, normalisation, quantization and distillation against PyTorch (skipped without torch)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
F = torch.nn.functional

from solvers.backprop import backprop, softmax_with_loss  # noqa: E402
from solvers.compression import distill, quantize  # noqa: E402
from solvers.normalization import normalize  # noqa: E402
from solvers.optimizers import optimize  # noqa: E402

small = st.fractions(min_value=-3, max_value=3, max_denominator=8)


def torch_optimizer(method: str, params: list[Any], lr: float, wd: float, eps: float) -> Any:
    """The torch.optim counterpart of each method ('momentum' is compared with SGD momentum: same path)."""
    common = {"lr": lr, "weight_decay": wd}
    if method == "sgd":
        return torch.optim.SGD(params, **common)
    if method in ("momentum", "momentum-torch"):
        return torch.optim.SGD(params, momentum=0.9, **common)
    if method == "nesterov":
        return torch.optim.SGD(params, momentum=0.9, nesterov=True, **common)
    if method == "adagrad":
        return torch.optim.Adagrad(params, eps=eps, **common)
    if method == "rmsprop":
        return torch.optim.RMSprop(params, alpha=0.99, eps=eps, **common)  # alpha is ρ; ε outside the root
    if method == "adam":
        return torch.optim.Adam(params, betas=(0.9, 0.999), eps=eps, **common)
    return torch.optim.AdamW(params, betas=(0.9, 0.999), eps=eps, **common)


def solver_path(solution: Any, dim: int) -> list[list[float]]:
    return [[float(v) for v in row[1:1 + dim]] for row in solution.steps[-1].result]


METHODS = ["sgd", "momentum", "momentum-torch", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]


@given(st.sampled_from(METHODS), st.data(), st.sampled_from([Fraction(1, 10), Fraction(1, 100)]),
       st.sampled_from([Fraction(0), Fraction(1, 20)]))
def test_given_gradients_match_torch_optim(method: str, data: st.DataObject, lr: Fraction, wd: Fraction) -> None:
    dim = data.draw(st.integers(1, 3))
    grads = data.draw(st.lists(st.lists(small, min_size=dim, max_size=dim), min_size=1, max_size=5))
    w0 = data.draw(st.lists(small, min_size=dim, max_size=dim))
    eps = Fraction(1, 10**8)
    solution = optimize(method, lr, grads=grads, start=w0, weight_decay=wd, eps=eps)
    p = torch.tensor([float(v) for v in w0], dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(method, [p], float(lr), float(wd), float(eps))
    path = [p.detach().tolist()]
    for g in grads:
        p.grad = torch.tensor([float(v) for v in g], dtype=torch.float64)
        opt.step()
        path.append(p.detach().tolist())
    for mine, theirs in zip(solver_path(solution, dim), path, strict=True):
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) for a, b in zip(mine, theirs, strict=True))


@pytest.mark.parametrize("method", METHODS)
def test_function_mode_matches_autograd(method: str) -> None:
    """f(x, y) = x²/20 + y² + sin(x)·y, three steps from (−3, 1), gradients by torch.autograd."""
    lr, steps = 0.1, 3
    solution = optimize(method, Fraction(1, 10), function="x**2/20 + y**2 + sin(x)*y", start={"x": -3, "y": 1}, steps=steps)
    p = torch.tensor([-3.0, 1.0], dtype=torch.float64, requires_grad=True)
    default_eps = 1e-10 if method == "adagrad" else 1e-8
    opt = torch_optimizer(method, [p], lr, 0.01 if method == "adamw" else 0.0, default_eps)
    path = [p.detach().tolist()]
    for _ in range(steps):
        opt.zero_grad()
        loss = p[0] ** 2 / 20 + p[1] ** 2 + torch.sin(p[0]) * p[1]
        loss.backward()
        opt.step()
        path.append(p.detach().tolist())
    for mine, theirs in zip(solver_path(solution, 2), path, strict=True):
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) for a, b in zip(mine, theirs, strict=True))


GRAPHS: list[tuple[str, Callable[..., Any]]] = [
    ("(apple*n_apple + orange*n_orange)*tax", lambda v: (v["apple"] * v["n_apple"] + v["orange"] * v["n_orange"]) * v["tax"]),
    ("sigmoid(w*x + b)", lambda v: torch.sigmoid(v["w"] * v["x"] + v["b"])),
    ("exp(a)/(exp(a) + exp(b))", lambda v: torch.exp(v["a"]) / (torch.exp(v["a"]) + torch.exp(v["b"]))),
    ("log(x**2 + 1)*tanh(y) - x/y", lambda v: torch.log(v["x"] ** 2 + 1) * torch.tanh(v["y"]) - v["x"] / v["y"]),
    ("sqrt(x*x + y*y) + sin(x)*cos(y)", lambda v: torch.sqrt(v["x"] * v["x"] + v["y"] * v["y"]) + torch.sin(v["x"]) * torch.cos(v["y"])),
    ("(x - y)**3/2 + x**(-1)", lambda v: (v["x"] - v["y"]) ** 3 / 2 + v["x"] ** (-1)),
    ("-(w*x - t)**2", lambda v: -((v["w"] * v["x"] - v["t"]) ** 2)),
]


@pytest.mark.parametrize(("expr", "torch_fn"), GRAPHS)
@given(data=st.data())
def test_backprop_matches_autograd(expr: str, torch_fn: Callable[..., Any], data: st.DataObject) -> None:
    import re

    names = sorted(set(re.findall(r"[A-Za-z_]\w*", expr)) - {"sigmoid", "exp", "log", "tanh", "sqrt", "sin", "cos"})
    nonzero = st.fractions(min_value=Fraction(1, 4), max_value=3, max_denominator=4)
    values = {n: data.draw(nonzero) * data.draw(st.sampled_from([1, -1])) for n in names}
    solution = backprop(expr, values)
    leaves = {n: torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for n, v in values.items()}
    out = torch_fn(leaves)
    out.backward()
    got = solution.approx_value()
    assert math.isclose(got["value"], out.item(), rel_tol=1e-12, abs_tol=1e-12)
    for n in names:
        assert math.isclose(got["gradients"][n], leaves[n].grad.item(), rel_tol=1e-10, abs_tol=1e-12), n


@given(st.integers(1, 3), st.integers(2, 4), st.data())
def test_softmax_with_loss_matches_cross_entropy_backward(n: int, k: int, data: st.DataObject) -> None:
    logits = data.draw(st.lists(st.lists(small, min_size=k, max_size=k), min_size=n, max_size=n))
    targets = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    solution = softmax_with_loss(targets, logits=logits).approx_value()
    a = torch.tensor([[float(v) for v in row] for row in logits], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(a, torch.tensor(targets))   # mean over the batch
    loss.backward()
    assert math.isclose(solution["loss"], loss.item(), rel_tol=1e-12)
    assert all(math.isclose(x, y, abs_tol=1e-12) for r1, r2 in zip(solution["gradient"], a.grad.tolist(), strict=True)
               for x, y in zip(r1, r2, strict=True))


@given(st.lists(small, min_size=1, max_size=5), st.data())
def test_sigmoid_with_loss_matches_bce_with_logits(logits: list[Fraction], data: st.DataObject) -> None:
    targets = data.draw(st.lists(st.sampled_from([0, 1]), min_size=len(logits), max_size=len(logits)))
    solution = softmax_with_loss(targets, logits=logits, sigmoid=True).approx_value()
    a = torch.tensor([float(v) for v in logits], dtype=torch.float64, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(a, torch.tensor(targets, dtype=torch.float64))
    loss.backward()
    assert math.isclose(solution["loss"], loss.item(), rel_tol=1e-12)
    assert all(math.isclose(x, y, abs_tol=1e-12) for x, y in zip(solution["gradient"], a.grad.tolist(), strict=True))


def nested(shape: list[int], data: st.DataObject) -> Any:
    if not shape:
        return data.draw(st.fractions(min_value=-4, max_value=4, max_denominator=4))
    return [nested(shape[1:], data) for _ in range(shape[0])]


def as_tensor(x: Any) -> Any:
    def to_float(v: Any) -> Any:
        return [to_float(u) for u in v] if isinstance(v, list) else float(v)
    return torch.tensor(to_float(x), dtype=torch.float64)


@given(st.sampled_from(["batch1d", "batch1d-3d", "batch2d", "layer", "instance", "group"]), st.data())
def test_norm_matches_torch_modules(kind: str, data: st.DataObject) -> None:
    c = data.draw(st.sampled_from([1, 2, 4]))
    n = data.draw(st.integers(2, 3))
    shape = {"batch1d": [n, c], "batch1d-3d": [n, c, 3], "layer": [n, c]}.get(kind, [n, c, 2, data.draw(st.integers(1, 3))])
    x = nested(shape, data)
    gamma = [data.draw(st.fractions(min_value=-2, max_value=2, max_denominator=4)) for _ in range(c)]
    beta = [data.draw(st.fractions(min_value=-2, max_value=2, max_denominator=4)) for _ in range(c)]
    eps = 1e-5
    groups = data.draw(st.sampled_from([g for g in (1, 2, 4) if c % g == 0]))
    module = {
        "batch1d": lambda: torch.nn.BatchNorm1d(c, eps=eps), "batch1d-3d": lambda: torch.nn.BatchNorm1d(c, eps=eps),
        "batch2d": lambda: torch.nn.BatchNorm2d(c, eps=eps), "layer": lambda: torch.nn.LayerNorm(c, eps=eps),
        "instance": lambda: torch.nn.InstanceNorm2d(c, eps=eps, affine=True),
        "group": lambda: torch.nn.GroupNorm(groups, c, eps=eps),
    }[kind]().double().train()
    with torch.no_grad():
        module.weight.copy_(torch.tensor([float(v) for v in gamma], dtype=torch.float64))
        module.bias.copy_(torch.tensor([float(v) for v in beta], dtype=torch.float64))
        expected = module(as_tensor(x)).flatten().tolist()
    solver_kind = {"batch1d": "batch", "batch1d-3d": "batch", "batch2d": "batch"}.get(kind, kind)
    solution = normalize(solver_kind, x, groups=groups if kind == "group" else None, gamma=gamma, beta=beta,
                         eps=Fraction(1, 10**5))
    got = torch.tensor(solution.approx_value(), dtype=torch.float64).flatten().tolist()
    assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in zip(got, expected, strict=True))


@given(st.lists(st.fractions(min_value=-8, max_value=8, max_denominator=16), min_size=2, max_size=8),
       st.sampled_from(["asymmetric-uint8", "symmetric-int8"]))
def test_quantization_matches_torch(xs: list[Fraction], scheme: str) -> None:
    from torch.ao.quantization import MinMaxObserver

    assume(any(x != 0 for x in xs))
    answer = quantize(xs, scheme).answer
    scale, zero = float(answer["scale"]), int(answer["zero_point"])
    # torch works in float32: skip values whose x/s sits within a hair of a .5 tie (either rounding is then "right")
    ratios = [float(x) / scale for x in xs]
    assume(all(abs(abs(r - math.floor(r)) - 0.5) > 1e-3 for r in ratios))
    if scheme == "asymmetric-uint8":
        assume(abs(abs(-min(*xs, 0) / answer["scale"] - math.floor(-min(*xs, 0) / answer["scale"])) - 0.5) > 1e-3)
        observer = MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
        dtype = torch.quint8
    else:
        observer = MinMaxObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric, quant_min=-127, quant_max=127)
        dtype = torch.qint8
    tensor = torch.tensor([float(x) for x in xs], dtype=torch.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        observer(tensor)
        torch_scale, torch_zero = observer.calculate_qparams()
    assert math.isclose(torch_scale.item(), scale, rel_tol=1e-6) and torch_zero.item() == zero
    q = torch.quantize_per_tensor(tensor, scale, zero, dtype)
    assert q.int_repr().tolist() == answer["q"]
    assert all(math.isclose(a, float(b), rel_tol=1e-6, abs_tol=1e-6) for a, b in zip(q.dequantize().tolist(), answer["dequantized"], strict=True))


@given(st.integers(2, 5), st.data(), st.sampled_from([1, 2, 4]))
def test_distillation_matches_kl_div(k: int, data: st.DataObject, temperature: int) -> None:
    teacher = data.draw(st.lists(small, min_size=k, max_size=k))
    student = data.draw(st.lists(small, min_size=k, max_size=k))
    target = data.draw(st.integers(0, k - 1))
    got = distill(teacher, student, temperature, target=target, alpha=Fraction(1, 4)).approx_value()
    t = torch.tensor([float(v) for v in teacher], dtype=torch.float64)
    s = torch.tensor([float(v) for v in student], dtype=torch.float64)
    soft = F.kl_div(F.log_softmax(s / temperature, -1), F.softmax(t / temperature, -1), reduction="sum") * temperature**2
    hard = F.cross_entropy(s.unsqueeze(0), torch.tensor([target]))
    assert math.isclose(got["soft_loss"], soft.item(), rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(got["total_loss"], (0.25 * hard + 0.75 * soft).item(), rel_tol=1e-9, abs_tol=1e-12)
