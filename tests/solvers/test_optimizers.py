"""Optimizer updates against plain-Python float implementations written here, and textbook cases."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.optimizers import optimize


def reference(method: str, grads: list[list[float]], w0: list[float], lr: float, momentum: float = 0.9,
              beta1: float = 0.9, beta2: float = 0.999, rho: float = 0.99, eps: float = 1e-8,
              weight_decay: float = 0.0) -> list[list[float]]:
    """Trajectory of ``method`` written from the published update rules, one float loop per method."""
    w = list(w0)
    d = len(w)
    v, h, m, s = [0.0] * d, [0.0] * d, [0.0] * d, [0.0] * d
    out = [list(w)]
    for t, g_raw in enumerate(grads, 1):
        g = list(g_raw)
        if method == "adamw":
            w = [wi * (1 - lr * weight_decay) for wi in w]
        elif weight_decay:
            g = [gi + weight_decay * wi for gi, wi in zip(g, w, strict=True)]
        for i in range(d):
            if method == "sgd":
                w[i] -= lr * g[i]
            elif method == "momentum":          # Deep Learning from Scratch, ch. 6
                v[i] = momentum * v[i] - lr * g[i]
                w[i] += v[i]
            elif method == "momentum-torch":
                v[i] = momentum * v[i] + g[i]
                w[i] -= lr * v[i]
            elif method == "nesterov":
                v[i] = momentum * v[i] + g[i]
                w[i] -= lr * (g[i] + momentum * v[i])
            elif method == "adagrad":
                h[i] += g[i] ** 2
                w[i] -= lr * g[i] / (math.sqrt(h[i]) + eps)
            elif method == "rmsprop":
                h[i] = rho * h[i] + (1 - rho) * g[i] ** 2
                w[i] -= lr * g[i] / (math.sqrt(h[i]) + eps)
            else:  # adam, adamw
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                s[i] = beta2 * s[i] + (1 - beta2) * g[i] ** 2
                m_hat, s_hat = m[i] / (1 - beta1**t), s[i] / (1 - beta2**t)
                w[i] -= lr * m_hat / (math.sqrt(s_hat) + eps)
        out.append(list(w))
    return out


def trajectory(solution: object, dim: int | None = None) -> list[list[float]]:
    """The parameters of every iteration from the final trajectory step (columns t, w…, [f])."""
    steps = solution.steps  # type: ignore[attr-defined]
    rows = steps[-1].result
    end = None if dim is None else 1 + dim
    return [[float(v) for v in row[1:end]] for row in rows]


def close(a: list[list[float]], b: list[list[float]], tol: float = 1e-9) -> bool:
    return all(math.isclose(x, y, rel_tol=tol, abs_tol=tol) for ra, rb in zip(a, b, strict=True)
               for x, y in zip(ra, rb, strict=True))


METHODS = ["sgd", "momentum", "momentum-torch", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
small = st.fractions(min_value=-5, max_value=5, max_denominator=8)
rate = st.sampled_from([Fraction(1, 10), Fraction(1, 100), Fraction(1, 2), Fraction(3, 1000)])


@given(st.sampled_from(METHODS), st.integers(1, 2), st.data(), rate,
       st.sampled_from([Fraction(0), Fraction(1, 10)]), st.sampled_from([Fraction(1, 10**8), Fraction(1, 10)]))
def test_given_gradients_match_reference(method: str, dim: int, data: st.DataObject, lr: Fraction,
                                         weight_decay: Fraction, eps: Fraction) -> None:
    grads = data.draw(st.lists(st.lists(small, min_size=dim, max_size=dim), min_size=1, max_size=4))
    w0 = data.draw(st.lists(small, min_size=dim, max_size=dim))
    solution = optimize(method, lr, grads=grads, start=w0, weight_decay=weight_decay, eps=eps)
    expected = reference(method, [[float(g) for g in row] for row in grads], [float(w) for w in w0], float(lr),
                         eps=float(eps), weight_decay=float(weight_decay))
    assert close(trajectory(solution), expected)


@given(st.sampled_from(METHODS), small, small, rate)
def test_function_gradient_matches_hand_derivative(method: str, x0: Fraction, y0: Fraction, lr: Fraction) -> None:
    """f = x²/20 + y² + xy: the reference uses the gradient (x/10 + y, 2y + x) worked out by hand."""
    steps = 3
    solution = optimize(method, lr, function="x**2/20 + y**2 + x*y", start={"x": x0, "y": y0}, steps=steps)
    w = [float(x0), float(y0)]
    expected = [list(w)]
    state_grads: list[list[float]] = []
    for _ in range(steps):
        state_grads.append([w[0] / 10 + w[1], 2 * w[1] + w[0]])
        w = reference(method, state_grads, [float(x0), float(y0)], float(lr),
                      eps={"adagrad": 1e-10}.get(method, 1e-8),
                      weight_decay=0.01 if method == "adamw" else 0.0)[-1]
        expected.append(list(w))
    assert close(trajectory(solution, 2), expected, 1e-8)


@given(st.lists(small, min_size=1, max_size=5), rate, st.sampled_from([Fraction(1, 2), Fraction(9, 10)]))
def test_textbook_and_torch_momentum_give_the_same_path(grads: list[Fraction], lr: Fraction, mu: Fraction) -> None:
    a = optimize("momentum", lr, grads=grads, momentum=mu)
    b = optimize("momentum-torch", lr, grads=grads, momentum=mu)
    assert a.answer == b.answer and isinstance(a.answer, sympy.Rational)


def test_textbook_sgd_step_from_deep_learning_from_scratch() -> None:
    # f(x, y) = x²/20 + y², start (−7, 2), η = 0.95: ∇f = (x/10, 2y) = (−0.7, 4) → (−6.335, −1.8)
    solution = optimize("sgd", Fraction(95, 100), function="x**2/20 + y**2", start={"x": -7, "y": 2}, steps=1)
    assert solution.answer == [sympy.Rational(-6335, 1000), sympy.Rational(-18, 10)]


def test_textbook_momentum_by_hand() -> None:
    # α = 0.9, η = 0.1, g = 1, 1: v₁ = −0.1, w₁ = −0.1; v₂ = −0.09 − 0.1 = −0.19, w₂ = −0.29
    solution = optimize("momentum", Fraction(1, 10), grads=[1, 1], start=[0], momentum=Fraction(9, 10))
    assert solution.answer == sympy.Rational(-29, 100)
    v_steps = [s for s in solution.steps if s.data.get("quantity") == "v"]
    assert [s.result for s in v_steps] == [sympy.Rational(-1, 10), sympy.Rational(-19, 100)]


def test_adam_first_step_is_about_the_learning_rate() -> None:
    # after bias correction m̂₁ = g, v̂₁ = g², so Δw₁ = −η·g/(|g| + ε), whatever the size of g
    for g in (Fraction(1, 1000), 3, -250):
        solution = optimize("adam", Fraction(1, 10), grads=[g], start=[1])
        eps = sympy.Rational(1, 10**8)
        assert solution.answer == 1 - sympy.Rational(1, 10) * sympy.Rational(g) / (abs(sympy.Rational(g)) + eps)
        names = [s.data.get("quantity") for s in solution.steps]
        assert "m_hat" in names and "v_hat" in names


def test_adagrad_exact_by_hand() -> None:
    # ε = 0, g = 3 then 4: h = 9, w = 1 − 0.5·3/3 = 1/2; h = 25, w = 1/2 − 0.5·4/5 = 1/10
    solution = optimize("adagrad", Fraction(1, 2), grads=[3, 4], start=[1], eps=0)
    assert solution.answer == sympy.Rational(1, 10)


def test_adamw_decays_before_the_adam_step() -> None:
    # with g = 0 the Adam step is 0/(0 + ε) = 0, so only the decay w ← w(1 − ηλ) acts
    solution = optimize("adamw", Fraction(1, 10), grads=[0, 0], start=[2], weight_decay=Fraction(1, 2))
    assert solution.answer == 2 * sympy.Rational(19, 20) ** 2


def test_long_exact_values_switch_to_floats_with_a_note() -> None:
    solution = optimize("sgd", Fraction(1, 10), function="x**4", start={"x": 1}, steps=12)
    assert any("float" in n.en for n in solution.notes)
    w = 1.0
    for _ in range(12):
        w -= 0.1 * 4 * w**3
    assert math.isclose(float(solution.answer), w, rel_tol=1e-12)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"method": "lbfgs", "lr": 1, "grads": [1]}, "unknown method"),
    ({"method": "sgd", "lr": 1}, "either"),
    ({"method": "sgd", "lr": 1, "grads": [1], "function": "x"}, "either"),
    ({"method": "sgd", "lr": 0, "grads": [1]}, "lr"),
    ({"method": "adam", "lr": 1, "grads": [1], "beta1": 1}, "beta1"),
    ({"method": "sgd", "lr": 1, "grads": [[1, 2], [1]]}, "same length"),
    ({"method": "sgd", "lr": 1, "grads": [1, 2], "steps": 3}, "steps"),
    ({"method": "sgd", "lr": 1, "function": "x**2"}, "start"),
    ({"method": "sgd", "lr": 1, "function": "x**2 + z", "start": {"x": 1}}, "z"),
    ({"method": "sgd", "lr": 1, "function": "__import__('os')", "start": {"x": 1}}, "called"),
    ({"method": "sgd", "lr": 1, "function": "log(x)", "start": {"x": 1}, "steps": 3}, "not a finite real"),
    ({"method": "sgd", "lr": 10, "function": "x**2", "start": {"x": 1}, "steps": 100}, "diverges"),
    ({"method": "adagrad", "lr": 1, "grads": [0], "eps": 0}, "division by zero"),
])
def test_bad_input_is_a_solver_error(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        optimize(**kwargs)  # type: ignore[arg-type]
