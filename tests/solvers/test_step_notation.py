"""Worked steps read like a teacher's board: no SymPy syntax (``sqrt(``, ``exp(``, ``E``, ``log(``, ``**``, ``*``)
in any step of any solver, irrational values as decimals or short √/e/ln forms, and the missing steps found in
answer keys (F1 form, receptive-field jump, sum of the outputs, CTC blank, softmax denominator term by term)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import pytest
import sympy as sp

from solvers import (
    activations,
    attention,
    backprop,
    compression,
    conv,
    cost,
    ctc,
    information,
    losses,
    metrics,
    normalization,
    optimizers,
    pooling,
    rl,
    shapes,
    statistics,
    summary,
)
from solvers.numbers import exact_text, fmt
from solvers.steps import Solution, Step

#: SymPy's printing syntax; ``E[X]`` (expectation) and ``E = ½Σ…`` (the error function) are ordinary notation
SYMPY_SYNTAX = re.compile(r"\*\*|\bsqrt\(|\bexp\(|\blog\(|\bE\b(?!\s*[\[=_])|\w\*|\*\w|\*\(|\)\*"
                          r"|\bpi\b|\bzoo\b|\boo\b|\bRational\(|\bFloat\(")


def shown_values(value: Any) -> Iterator[str]:
    """Every way a step result is written: short display (fmt) and exact board form."""
    if isinstance(value, dict):
        for v in value.values():
            yield from shown_values(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from shown_values(v)
    elif value is not None and not isinstance(value, str):
        yield fmt(value)
        yield exact_text(value)


def step_texts(step: Step) -> Iterator[str]:
    yield from (step.text.ja, step.text.en, step.formula, step.substituted)
    yield from shown_values(step.result)


def sympy_leaks(solution: Solution) -> list[str]:
    return [text for step in solution.steps for text in step_texts(step) if SYMPY_SYNTAX.search(text)]


P3 = [[0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.3, 0.1, 0.6]]
SOLVERS: dict[str, Callable[[], Solution]] = {
    "sigmoid": lambda: activations.sigmoid(2, derivative=True),
    "tanh": lambda: activations.tanh(0.5, derivative=True),
    "relu": lambda: activations.relu(-3, derivative=True),
    "leaky-relu": lambda: activations.leaky_relu(-2, 0.2, derivative=True),
    "softmax": lambda: activations.softmax([1, 2, 2, 3]),
    "softmax-temperature": lambda: activations.softmax([1, 2], temperature=3),
    "backprop": lambda: backprop.backprop("exp(a)*sqrt(b) + log(a)**2 - tanh(a)", {"a": 2, "b": 3}),
    "softmax-with-loss": lambda: backprop.softmax_with_loss(2, logits=[0.3, 2.9, 4.0]),
    "sigmoid-with-loss": lambda: backprop.softmax_with_loss([1, 0], logits=[0.5, -1], sigmoid=True),
    "receptive-field": lambda: cost.receptive_field([(3, 1, 1), (3, 2, 1), (3, 1, 2)]),
    "conv-macs": lambda: cost.conv_macs(32, 32, 3, 16, 3, padding=1),
    "dense-macs": lambda: cost.dense_macs(128, 10),
    "separable": lambda: cost.separable(3, 32, 64, 112),
    "efficientnet": lambda: cost.efficientnet(2),
    "ctc-collapse": lambda: ctc.collapse(list("aa-ab-")),
    "ctc-alignments": lambda: ctc.alignments(list("ab"), 3),
    "ctc-forward": lambda: ctc.forward(P3, list("-ab"), list("ab")),
    "self-information": lambda: information.self_information(Fraction(1, 3), 2),
    "entropy": lambda: information.entropy([0.5, 0.25, 0.25], 2),
    "entropy-e": lambda: information.entropy([0.2, 0.3, 0.5]),
    "joint-entropy": lambda: information.joint_entropy([[0.25, 0.25], [0.5, 0]]),
    "conditional-entropy": lambda: information.conditional_entropy([[0.25, 0.25], [0.5, 0]]),
    "info-cross-entropy": lambda: information.cross_entropy([0.5, 0.5], [0.9, 0.1]),
    "kl": lambda: information.kl_divergence([0.5, 0.5], [0.9, 0.1], 2),
    "kl-infinite": lambda: information.kl_divergence([0.5, 0.5], [1, 0]),
    "js": lambda: information.js_divergence([0.5, 0.5], [0.9, 0.1]),
    "mutual-information": lambda: information.mutual_information([[0.3, 0.2], [0.1, 0.4]]),
    "perplexity": lambda: information.perplexity([0.5, 0.25, 0.25]),
    "mse": lambda: losses.mse([2.5, 0, 2], [3, -0.5, 2]),
    "sse": lambda: losses.sse([0.1, 0.6, 0.3], [0, 1, 0]),
    "mae": lambda: losses.mae([2.5, 0, 2], [3, -0.5, 2]),
    "cross-entropy": lambda: losses.cross_entropy([0.1, 0.7, 0.2], target=1),
    "cross-entropy-logits": lambda: losses.cross_entropy(logits=[0.3, 2.9, 4.0], target=2, log_base=2),
    "cross-entropy-eps": lambda: losses.cross_entropy(logits=[1, 2], target=0, epsilon=0.01),
    "binary-cross-entropy": lambda: losses.binary_cross_entropy([0.9, 0.2, 0.6], [1, 0, 1]),
    "binary-metrics": lambda: metrics.binary_metrics(8, 2, 4, 86, beta=2),
    "confusion": lambda: metrics.confusion_metrics([[5, 1, 0], [2, 3, 1], [0, 0, 4]]),
    "roc": lambda: metrics.roc_curve([0.9, 0.8, 0.8, 0.4, 0.3], [1, 1, 0, 0, 1]),
    "iou": lambda: metrics.iou([0, 0, 2, 2], [1, 1, 3, 3]),
    "average-precision": lambda: metrics.average_precision([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 1], 4),
    "from-scores": lambda: metrics.metrics_from_scores([0.9, 0.4, 0.6], [1, 0, 0], 0.5),
    "conv2d": lambda: conv.conv2d([[1, 2, 0], [0, 1, 3], [2, 1, 0]], [[1, 0], [0, 1]], padding=1, bias=1),
    "pool2d": lambda: pooling.pool2d([[1, 3, 2, 4], [5, 6, 1, 2], [7, 2, 3, 0], [1, 2, 8, 4]], 2, mode="avg"),
    "output-size": lambda: shapes.output_size(28, 5, padding=2),
    "output-size-transposed": lambda: shapes.output_size(7, 3, stride=2, transposed=True),
    "summary": lambda: summary.summary("Input((10,32)), LSTM(64), Dense(1)"),
    "attention-params": lambda: attention.attention_parameters(512, 8, 2048, "encoder"),
    "attention": lambda: attention.scaled_dot_product_attention([[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 2], [3, 4]],
                                                               mask="causal"),
    "quantize": lambda: compression.quantize([-1, 0.5, 2]),
    "distill": lambda: compression.distill([1, 2, 3], [1, 1, 1], 2, target=2),
    "norm-batch": lambda: normalization.normalize("batch", [[1, 2], [3, 6]]),
    "norm-layer": lambda: normalization.normalize("layer", [[1, 2, 4], [3, 6, 5]]),
    "adam": lambda: optimizers.optimize("adam", 0.001, grads=[[1, -2], [0.5, 1]]),
    "rmsprop": lambda: optimizers.optimize("rmsprop", 0.01, grads=[3, 1]),
    "adagrad": lambda: optimizers.optimize("adagrad", 0.1, grads=[2, 1]),
    "momentum": lambda: optimizers.optimize("momentum", 0.1, grads=[1, 2, -1], start=0, momentum=0.9),
    "variance": lambda: statistics.describe([1, 2, 3, 4, 7], "all"),
    "correlation": lambda: statistics.describe([1, 2, 3], "correlation", data2=[2, 1, 4]),
    "bayes": lambda: statistics.bayes(0.01, 0.99, 0.05),
    "binomial": lambda: statistics.binomial(10, 3, 0.5),
    "expectation": lambda: statistics.expectation([1, 2, 3], [0.2, 0.5, 0.3]),
    "discounted-return": lambda: rl.discounted_return([1, 0, 2], 0.9),
    "q-learning": lambda: rl.q_learning(0.5, 1, 0.9, 0.1, [0.2, 0.8]),
    "td0": lambda: rl.td0(0.5, 1, 0.9, 0.1, 0.3),
    "epsilon-greedy": lambda: rl.epsilon_greedy([1, 3, 2], 0.1),
}


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_no_sympy_syntax_in_steps(name: str) -> None:
    solution = SOLVERS[name]()
    assert solution.steps
    assert sympy_leaks(solution) == []


def test_the_pattern_catches_sympy_and_spares_ordinary_notation() -> None:
    for leak in ("sqrt(430)/5", "E/(1 + E)", "exp(2)", "-log(17/25)", "x**2", "2*exp(1)", "e^{3} / (E + 2)"):
        assert SYMPY_SYNTAX.search(leak), leak
    for fine in ("E[X] = np", "E = ½ Σ_k (y_k − t_k)²", "√430/5 ≈ 4.14729", "−ln(17/25)", "e^{1} + 2e^{2}",
                 "log-sum-exp", "log₂(3)", "Exponentiate"):
        assert not SYMPY_SYNTAX.search(fine), fine


# -- the notation itself (values computed by hand or with math) ---------------------------------------------------
def test_irrational_values_are_decimals_in_fmt_and_board_forms_in_exact_text() -> None:
    value = sp.sqrt(430) / 5
    assert fmt(value) == f"{math.sqrt(430) / 5:.6g}" == "4.14729"
    assert exact_text(value) == "√430/5"
    assert exact_text(sp.E / (1 + sp.E)) == "e/(1 + e)"
    assert exact_text(-sp.log(sp.Rational(17, 25))) == "-ln(17/25)"
    assert exact_text(sp.exp(sp.Rational(3, 2))) == "e^{3/2}"
    assert exact_text(sp.log(5) / sp.log(2)) == "ln(5)/ln(2)"
    assert fmt(sp.Rational(3, 4)) == "3/4" and exact_text(sp.Rational(3, 4)) == "3/4"  # exact rationals stay p/q


def test_batch_norm_output_is_written_as_decimals() -> None:
    # x̂ = (1 − 2)/√(1 + 1e−5) for the first feature: −0.999995 by hand
    out = normalization.normalize("batch", [[1, 2], [3, 6]]).answer
    cells = [fmt(c) for row in out for c in row]
    assert cells[0] == f"{-1 / math.sqrt(1 + 1e-5):.6g}"
    assert not any(SYMPY_SYNTAX.search(c) or "√" in c for c in cells)


def test_softmax_denominator_is_written_term_by_term() -> None:
    solution = activations.softmax([1, 2, 2, 3])
    total = next(s for s in solution.steps if s.formula.startswith("Σ"))
    assert total.substituted == "e^{1} + 2e^{2} + e^{3}"
    assert float(total.result) == pytest.approx(math.e + 2 * math.e**2 + math.e**3)
    assert all("大きな数" not in s.text.ja and "{large}" not in s.text.en for s in solution.steps)


def test_ctc_writes_the_blank_as_epsilon_in_formulas() -> None:
    solution = ctc.forward(P3, list("-ab"), list("ab"))
    assert solution.steps[0].substituted == "ε a ε b ε"
    assert all("-" not in s.formula and "−" not in s.substituted.split("ln")[0] for s in solution.steps[:2])
    assert ctc.collapse(list("aa-ab-")).steps[0].substituted == "a a ε a b ε → a ε a b ε"


def test_f1_substitutes_into_the_form_it_states() -> None:
    steps = metrics.binary_metrics(8, 2, 4, 86).steps
    f1 = next(s for s in steps if s.formula.startswith("F1"))
    assert f1.formula == "F1 = 2PR / (P + R)"
    assert f1.substituted == "2·(4/5)·(2/3) / ((4/5) + (2/3))"  # P = 8/10, R = 8/12
    assert f1.result == sp.Rational(2 * 8, 2 * 8 + 4 + 2)


def test_receptive_field_shows_the_jump_after_every_layer() -> None:
    layers = [(3, 1, 1), (3, 2, 1), (3, 1, 2), (2, 2, 1)]
    jumps = [s for s in cost.receptive_field(layers).steps if s.formula == "j ← j·S"]
    assert [s.result for s in jumps] == [1, 2, 2, 4]  # products of the strides so far
    assert [s.substituted for s in jumps] == ["1·1", "1·2", "2·1", "2·2"]


def test_output_sum_step_adds_the_window_maxima() -> None:
    # 2×2 max pooling of this 4×4 input: window maxima 9, 9, 8, 9
    grid = [[1, 9, 2, 9], [5, 6, 1, 2], [8, 2, 3, 9], [1, 2, 0, 4]]
    pooled = pooling.pool2d(grid, 2).answer
    step = conv.output_sum_step(pooled)
    assert step.substituted == "9 + 9 + 8 + 9" and step.result == 35
    negative = conv.output_sum_step([[Fraction(1, 2), -3]])
    assert negative.substituted == "1/2 − 3" and negative.result == Fraction(-5, 2)
