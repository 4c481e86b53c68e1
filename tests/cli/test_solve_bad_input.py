"""`dldrill solve` with hostile or clumsy input: one bilingual line on stderr and exit 2, never a traceback or a hang.

Each case here once hung (huge exponents, huge binomial n), raised a traceback (deep JSON, long summary arithmetic,
overflowing backprop), or was refused for no good reason (negative numbers in scientific notation).
"""

from __future__ import annotations

import json
import math
import re

import pytest

from dldrill.cli import main
from dldrill.commands.solvecli.common import InputError, parse_number


def run_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a solve command that must fail cleanly; return its one stderr line."""
    assert main(["solve", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["solve", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("argv", [
    ["relu", "1e-99999999"],
    ["relu", "1e99999999"],
    ["softmax", "1e99999999", "2"],
    ["sigmoid", "1" * 5000],
    ["conv2d", "--input", '[["1e999999999", 1], [1, 1]]', "--kernel", "[[1]]"],
    ["conv2d", "--input", "[[1" + "0" * 5000 + ", 1], [1, 1]]", "--kernel", "[[1]]"],
    ["optimizer", "--method", "sgd", "--lr", "1e-99999999", "--grads", "1"],
    ["optimizer", "--method", "sgd", "--lr", "1/1e99999999", "--grads", "1"],
    ["backprop", "--expr", "a*2", "--values", "a=1e999999999"],
    ["backprop", "--expr", "a*1e-99999999", "--values", "a=1"],
    ["rl", "--kind", "bellman", "--gamma", "0.9", "--values", '{"s": 0}', "--mdp", '{"s": {"a": [["s", 1, "1e-99999999"]]}}'],
    ["rl", "--kind", "bellman", "--gamma", "0.9", "--values", '{"s": "1e99999999"}', "--mdp", '{"s": {"a": [["s", 1, 0]]}}'],
])
def test_huge_exponents_and_long_numbers_are_refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    line = run_error(capsys, *argv, "--lang", "en")
    assert "too" in line or "exponent" in line


def test_number_limits_keep_ordinary_numbers() -> None:
    from fractions import Fraction

    assert parse_number("1e-300") == Fraction(1, 10**300)
    assert parse_number("-2.5E+3") == -2500
    assert parse_number("0.12345678901234567890") == Fraction(12345678901234567890, 10**20)
    assert parse_number("１/３".replace("１", "1").replace("３", "3")) == Fraction(1, 3)
    with pytest.raises(InputError, match="exponent"):
        parse_number("1e401")
    with pytest.raises(InputError):
        parse_number("1_000")  # Fraction accepts underscores; a learner never means them


def test_huge_binomial_n_is_refused_with_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    line = run_error(capsys, "probability", "--binomial", "--n", "100000000", "--k", "50000000", "--p", "0.5",
                     "--lang", "en")
    assert "10000" in line


def test_binomial_at_the_limit_still_answers(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "probability", "--binomial", "--n", "10000", "--k", "5000", "--p", "1/2")
    assert out["answer"] == pytest.approx(math.comb(10000, 5000) / 2**10000, rel=1e-12)


@pytest.mark.parametrize("argv", [
    ["rl", "--kind", "bellman", "--gamma", "0.9", "--values", "[" * 5000 + "]" * 5000, "--mdp", "{}"],
    ["rl", "--kind", "bellman", "--gamma", "0.9", "--values", '{"s": 0}', "--mdp", '{"s": ' + "[" * 500 + "]" * 500 + "}"],
    ["conv2d", "--input", "[" * 5000 + "1" + "]" * 5000, "--kernel", "[[1]]"],
    ["conv2d", "--input", "[" * 900 + "1" + "]" * 900, "--kernel", "[[1]]"],
    ["attention", "--q", "[" * 5000 + "]" * 5000, "--k", "[[1]]", "--v", "[[1]]"],
])
def test_deeply_nested_json_is_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    run_error(capsys, *argv)


@pytest.mark.parametrize("terms", [1000, 4000, 60000])
def test_long_arithmetic_in_a_summary_spec_is_one_line(capsys: pytest.CaptureFixture[str], terms: int) -> None:
    run_error(capsys, "summary", "Input((4,)), Dense(" + "+".join(["1"] * terms) + ")")


def test_many_minus_signs_in_a_summary_spec_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    run_error(capsys, "summary", "Input((4,)), Dense(" + "-" * 19000 + "1)")


def test_backprop_overflow_is_shown_or_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["solve", "backprop", "--expr", "exp(exp(exp(exp(a))))", "--values", "a=10"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert (status == 0 and "∞" in captured.out) or (status == 2 and len(captured.err.strip().splitlines()) == 1)


@pytest.mark.parametrize(("argv", "expected"), [
    (["sigmoid", "-1e6"], 0.0),
    (["relu", "-1e-3"], 0),
    (["tanh", "-1E+1"], math.tanh(-10)),
    (["leaky-relu", "-1/2", "--alpha", "0.5"], -0.25),
])
def test_negative_scientific_numbers_are_positional(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                    expected: float) -> None:
    assert run_json(capsys, *argv)["answer"] == pytest.approx(expected, abs=1e-12)


def test_negative_scientific_numbers_in_softmax(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "softmax", "-1e-3", "2")
    z = [math.exp(-1e-3), math.exp(2)]
    assert out["answer"] == pytest.approx([v / sum(z) for v in z], rel=1e-12)


def test_stats_data_is_capped_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    line = run_error(capsys, "stats", "--data", ",".join(["1"] * 5000), "--measure", "mean", "--lang", "en")
    assert "500" in line
    run_json(capsys, "stats", "--data", ",".join(["1"] * 500), "--measure", "mean")


@pytest.mark.parametrize("argv", [
    ["cross-entropy", "--probs", "0.0900306", "0.244728", "0.665241", "--target", "1"],
    ["info", "--measure", "entropy", "--p", "0.0900306,0.244728,0.665241"],
    ["softmax-with-loss", "--probs", "0.0900306 0.244728 0.665241", "--target", "2"],
    ["ctc", "--label", "a", "--alphabet=-a", "--probs", "[[0.3333333, 0.6666667]]"],
    ["probability", "--expectation", "--values", "1,2,3", "--probs", "0.0900306,0.244728,0.665241"],
])
def test_pasted_float_softmax_output_is_accepted(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    run_json(capsys, *argv)


@pytest.mark.parametrize("argv", [
    ["cross-entropy", "--probs", "0.1", "0.7", "0.3", "--target", "1"],
    ["info", "--measure", "entropy", "--p", "0.1,0.7,0.3"],
    ["softmax-with-loss", "--probs", "0.1 0.7 0.3", "--target", "2"],
    ["ctc", "--label", "a", "--alphabet=-a", "--probs", "[[0.4, 0.7]]"],
    ["probability", "--expectation", "--values", "1,2,3", "--probs", "0.1,0.7,0.3"],
])
def test_probability_sums_that_miss_say_by_how_much(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    line = run_error(capsys, *argv, "--lang", "en")
    assert re.search(r"sum to 1\.1, not 1 \(off by \+0\.1\)", line), line
    ja = run_error(capsys, *argv, "--lang", "ja")
    assert "1 との差 +0.1" in ja


def test_info_accepts_cross_as_an_alias(capsys: pytest.CaptureFixture[str]) -> None:
    alias = run_json(capsys, "info", "--measure", "cross", "--p", "0.5,0.5", "--q", "0.9,0.1")
    full = run_json(capsys, "info", "--measure", "cross-entropy", "--p", "0.5,0.5", "--q", "0.9,0.1")
    assert alias["answer"] == full["answer"] == pytest.approx(-0.5 * math.log(0.9) - 0.5 * math.log(0.1), rel=1e-12)


@pytest.mark.parametrize("error", [RecursionError, MemoryError, OverflowError])
def test_a_solver_that_outgrows_the_machine_still_gives_one_line(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 error: type[Exception]) -> None:
    from dldrill.commands.solvecli import activations

    def explode(problem: str, args: object) -> None:
        raise error("boom")

    monkeypatch.setattr(activations, "solve", explode)
    line = run_error(capsys, "relu", "1", "--lang", "en")
    assert "too large" in line and "boom" not in line


@pytest.mark.parametrize(("argv", "english"), [
    (["conv2d", "--input", "[1, 2]", "--kernel", "[[1]]"], "-D"),
    (["metrics", "--confusion", "[[1, -2], [3, 4]]"], "confusion matrix entry"),
    (["backprop", "--expr", "a.b(2)", "--values", "a=1"], "this call"),
])
def test_japanese_messages_are_japanese(capsys: pytest.CaptureFixture[str], argv: list[str], english: str) -> None:
    line = run_error(capsys, *argv, "--lang", "ja")
    assert english not in line
    assert re.search(r"[ぁ-んァ-ン一-龥]", line)


def test_optimizer_says_overflow_when_the_first_gradient_is_already_huge(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_error(capsys, "optimizer", "--method", "sgd", "--lr", "0.1", "--grads", "1e150", "--lang", "en")
    assert "overflow" in first and "diverges" not in first
    later = run_error(capsys, "optimizer", "--method", "sgd", "--lr", "10", "--function", "x**2", "--start", "x=1",
                      "--steps", "100", "--lang", "en")
    assert "diverges" in later  # x ← x − 10·2x = −19x: |x| passes 1e100 after about 79 steps, a true divergence


def test_flatten_is_suggested_only_when_missing(capsys: pytest.CaptureFixture[str]) -> None:
    missing = run_error(capsys, "summary", "Input((1, 28, 28)), nn.Linear(700, 10)", "--lang", "en")
    assert "nn.Flatten()" in missing
    present = run_error(capsys, "summary", "Input((1, 28, 28)), nn.Flatten(), nn.Linear(700, 10)", "--lang", "en")
    assert "nn.Flatten()" not in present and "784" in present
