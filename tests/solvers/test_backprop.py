"""Backpropagation against SymPy's own differentiation and finite differences, plus textbook graphs."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.backprop import backprop, softmax_with_loss

A, B, C = sympy.symbols("a b c")
SYMBOLS = {"a": A, "b": B, "c": C}

Pair = tuple[str, sympy.Expr]

leaves = st.sampled_from([("a", A), ("b", B), ("c", C), ("a", A), ("b", B), ("c", C),
                          ("1", sympy.Integer(1)), ("2", sympy.Integer(2)), ("3", sympy.Integer(3))])


def combine(children: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
    """Build text and the SymPy expression side by side, so the reference never goes through the parser."""
    binary = st.tuples(st.sampled_from(["+", "-", "*", "/"]), children, children).map(_binary)
    unary = st.tuples(st.sampled_from(["exp", "sigmoid", "tanh", "sin", "cos", "log", "sqrt", "sq", "cube", "neg"]),
                      children).map(_unary)
    return st.one_of(binary, unary)


def _binary(item: tuple[str, Pair, Pair]) -> Pair:
    op, (lt, le), (rt, re) = item
    if op == "/":  # keep the denominator away from 0
        return f"({lt})/(({rt})**2 + 1)", le / (re**2 + 1)
    expr = {"+": le + re, "-": le - re, "*": le * re}[op]
    return f"({lt}) {op} ({rt})", expr


def _unary(item: tuple[str, Pair]) -> Pair:
    fn, (text, expr) = item
    if fn == "log":
        return f"log(({text})**2 + 1)", sympy.log(expr**2 + 1)
    if fn == "sqrt":
        return f"sqrt(({text})**2 + 1)", sympy.sqrt(expr**2 + 1)
    if fn == "sq":
        return f"({text})**2", expr**2
    if fn == "cube":
        return f"({text})**3", expr**3
    if fn == "neg":
        return f"-({text})", -expr
    if fn == "sigmoid":
        return f"sigmoid({text})", 1 / (1 + sympy.exp(-expr))
    return f"{fn}({text})", getattr(sympy, fn)(expr)


expressions = st.recursive(leaves, combine, max_leaves=10)
small = st.fractions(min_value=-2, max_value=2, max_denominator=4)


def numerically_equal(x: sympy.Expr, y: sympy.Expr) -> bool:
    difference = sympy.N(x - y, 40)
    scale = max(1, abs(sympy.N(y, 40)))
    return bool(abs(difference) <= sympy.Float("1e-25") * scale)


@given(expressions, small, small, small)
def test_gradients_match_sympy_diff(pair: Pair, a: Fraction, b: Fraction, c: Fraction) -> None:
    text, expr = pair
    values = {"a": a, "b": b, "c": c}
    used = {n: v for n, v in values.items() if n in _names(text)}
    assume(used)  # a constant expression has no inputs to differentiate
    solution = backprop(text, used)
    point = {SYMBOLS[n]: sympy.Rational(v.numerator, v.denominator) for n, v in used.items()}
    assert numerically_equal(solution.answer["value"], expr.subs(point))
    for name in used:
        assert numerically_equal(solution.answer["gradients"][name], sympy.diff(expr, SYMBOLS[name]).subs(point)), name


def _names(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


def test_apples_and_oranges() -> None:
    # Deep Learning from Scratch 5.4: 2 apples at 100 yen, 3 oranges at 150 yen, 10 % tax → 715 yen
    solution = backprop("(apple*n_apple + orange*n_orange)*tax",
                        {"apple": 100, "n_apple": 2, "orange": 150, "n_orange": 3, "tax": Fraction(11, 10)})
    assert solution.answer["value"] == 715
    assert solution.answer["gradients"] == {"apple": sympy.Rational(22, 10), "n_apple": 110, "orange": sympy.Rational(33, 10),
                                            "n_orange": 165, "tax": 650}
    forward = [s.result for s in solution.steps if s.text.en.startswith("forward")]
    assert forward == [200, 450, 650, 715]


def test_apples_only() -> None:
    # 2 apples at 100 yen with 10 % tax: 220 yen; ∂/∂apple = 2.2, ∂/∂n = 110, ∂/∂tax = 200
    solution = backprop("apple*n*tax", {"apple": 100, "n": 2, "tax": 1.1})
    assert solution.answer["value"] == 220
    assert solution.answer["gradients"] == {"apple": sympy.Rational(11, 5), "n": 110, "tax": 200}


def test_shared_variable_sums_its_branches() -> None:
    solution = backprop("x*x", {"x": 3})
    assert solution.answer["gradients"]["x"] == 6
    assert any("2 places" in s.text.en for s in solution.steps)


def test_sigmoid_node_derivative_is_y_one_minus_y() -> None:
    solution = backprop("sigmoid(x)", {"x": 0})
    assert solution.answer == {"value": sympy.Rational(1, 2), "gradients": {"x": sympy.Rational(1, 4)}}


@pytest.mark.parametrize(("expr", "values", "fragment"), [
    ("a*b", {"a": 1}, "no value"),
    ("a", {"a": 1, "z": 2}, "does not use"),
    ("log(a)", {"a": -1}, "positive"),
    ("a/b", {"a": 1, "b": 0}, "division by zero"),
    ("sqrt(a)", {"a": -4}, "negative"),
    ("sqrt(a)", {"a": 0}, "no derivative"),
    ("a.real", {"a": 1}, "attribute"),
    ("__import__('os')", {}, "called"),
])
def test_backprop_bad_input(expr: str, values: dict[str, int], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        backprop(expr, values)


# --- Softmax-with-Loss / Sigmoid-with-Loss ---------------------------------------------------------------

def softmax_ce(rows: list[list[float]], targets: list[int]) -> float:
    total = 0.0
    for row, t in zip(rows, targets, strict=True):
        top = max(row)
        log_sum = top + math.log(sum(math.exp(v - top) for v in row))
        total += log_sum - row[t]
    return total / len(rows)


def bce(values: list[float], targets: list[float]) -> float:
    total = 0.0
    for a, t in zip(values, targets, strict=True):
        y = 1 / (1 + math.exp(-a))
        total -= t * math.log(y) + (1 - t) * math.log(1 - y)
    return total / len(values)


def finite_difference(f: object, x: list[float], h: float = 1e-6) -> list[float]:
    out = []
    for i in range(len(x)):
        up, down = list(x), list(x)
        up[i] += h
        down[i] -= h
        out.append((f(up) - f(down)) / (2 * h))  # type: ignore[operator]
    return out


@given(st.integers(1, 3), st.integers(2, 4), st.data())
def test_softmax_gradient_is_the_derivative_of_the_mean_loss(n: int, k: int, data: st.DataObject) -> None:
    logits = data.draw(st.lists(st.lists(small, min_size=k, max_size=k), min_size=n, max_size=n))
    targets = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    batched = n > 1 or data.draw(st.booleans())
    solution = softmax_with_loss(targets if batched else targets[0], logits=logits if batched else logits[0])
    flat = [float(v) for row in logits for v in row]

    def loss(x: list[float]) -> float:
        return softmax_ce([x[i * k:(i + 1) * k] for i in range(n)], targets)

    expected = finite_difference(loss, flat)
    got = solution.approx_value()["gradient"]
    got_flat = [v for row in got for v in row] if batched else got
    assert all(math.isclose(g, e, abs_tol=1e-6) for g, e in zip(got_flat, expected, strict=True))
    assert math.isclose(solution.approx_value()["loss"], loss(flat), rel_tol=1e-12)


@given(st.lists(small, min_size=1, max_size=4), st.data())
def test_sigmoid_gradient_is_the_derivative_of_the_mean_bce(logits: list[Fraction], data: st.DataObject) -> None:
    targets = data.draw(st.lists(st.sampled_from([0, 1, Fraction(1, 2)]), min_size=len(logits), max_size=len(logits)))
    solution = softmax_with_loss(targets, logits=logits, sigmoid=True)
    x = [float(v) for v in logits]
    t = [float(v) for v in targets]
    expected = finite_difference(lambda z: bce(z, t), x)
    assert all(math.isclose(g, e, abs_tol=1e-6) for g, e in zip(solution.approx_value()["gradient"], expected, strict=True))
    assert math.isclose(solution.approx_value()["loss"], bce(x, t), rel_tol=1e-12)


def test_textbook_cross_entropy_from_probabilities() -> None:
    # Deep Learning from Scratch 4.2: y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0], t = 2 → 0.5108…; t with 0.1 → 2.3026
    y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]
    assert softmax_with_loss(2, probs=y).answer["loss"] == -sympy.log(sympy.Rational(3, 5))
    assert math.isclose(softmax_with_loss(2, probs=y).approx_value()["loss"], 0.510825457, rel_tol=1e-6)
    assert math.isclose(softmax_with_loss(7, probs=y).approx_value()["loss"], 2.302585, rel_tol=1e-6)
    assert softmax_with_loss(2, probs=y).answer["gradient"][2] == sympy.Rational(-2, 5)


def test_equal_logits_give_uniform_probabilities() -> None:
    solution = softmax_with_loss(1, logits=[0, 0, 0, 0])
    assert solution.answer["y"] == [sympy.Rational(1, 4)] * 4
    assert solution.answer["loss"] == sympy.log(4)
    assert solution.answer["gradient"] == [sympy.Rational(1, 4), sympy.Rational(-3, 4), sympy.Rational(1, 4), sympy.Rational(1, 4)]


def test_batch_divides_by_n_and_says_so() -> None:
    solution = softmax_with_loss([1, 0], logits=[[0, 0], [0, 0]])
    assert solution.answer["gradient"] == [[sympy.Rational(1, 4), sympy.Rational(-1, 4)], [sympy.Rational(-1, 4), sympy.Rational(1, 4)]]
    assert any("N = 2" in s.text.en for s in solution.steps)


def test_sigmoid_with_loss_at_zero() -> None:
    solution = softmax_with_loss(1, logits=0, sigmoid=True)
    assert solution.answer == {"y": sympy.Rational(1, 2), "loss": sympy.log(2), "gradient": sympy.Rational(-1, 2)}


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"target": 3, "logits": [1, 2, 3]}, "not in 0"),
    ({"target": [0, 1], "logits": [1, 2, 3]}, "shape"),
    ({"target": 0, "probs": [0.5, 0.6]}, "sum to 1"),
    ({"target": 0, "logits": [1, 2], "probs": [0.5, 0.5]}, "either"),
    ({"target": [2, 0], "logits": [[1, 2], [3, 4]]}, "not in 0"),
    ({"target": [1, 0], "logits": [0], "sigmoid": True}, "shape"),
    ({"target": [2], "logits": [0], "sigmoid": True}, "0, 1"),
    ({"target": 0, "logits": 3}, "vector"),
])
def test_loss_layer_bad_input(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SolverError, match=fragment):
        softmax_with_loss(**kwargs)  # type: ignore[arg-type]
