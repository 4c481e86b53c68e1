"""`dldrill solve` for activations and losses: JSON output, help examples and one-line errors (exit 2)."""

from __future__ import annotations

import json
import math

import pytest

from dldrill.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["solve", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_softmax(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "softmax", "1", "2", "3")
    total = sum(math.exp(v) for v in (1, 2, 3))
    assert out["problem"] == "softmax"
    assert out["answer"] == pytest.approx([math.exp(v) / total for v in (1, 2, 3)], rel=1e-15)
    assert out["exact"][0] == "E/(E + exp(2) + exp(3))"
    assert out["inputs"] == {"x": [1, 2, 3], "temperature": 1}
    hot = run_json(capsys, "softmax", "-1", "0.5", "--temperature", "2")
    z = [math.exp(-0.5), math.exp(0.25)]
    assert hot["answer"] == pytest.approx([v / sum(z) for v in z], rel=1e-15)


@pytest.mark.parametrize(("argv", "expected"), [
    (["sigmoid", "0"], 0.5),
    (["sigmoid", "2", "--derivative"], math.exp(-2) / (1 + math.exp(-2)) ** 2),
    (["tanh", "-0.5"], math.tanh(-0.5)),
    (["tanh", "1", "--derivative"], 1 - math.tanh(1) ** 2),
    (["relu", "-3"], 0),
    (["relu", "0", "--derivative"], 0),
    (["leaky-relu", "-2"], -0.02),
    (["leaky-relu", "-2", "--alpha", "0.2", "--derivative"], 0.2),
])
def test_scalar_activations(capsys: pytest.CaptureFixture[str], argv: list[str], expected: float) -> None:
    assert run_json(capsys, *argv)["answer"] == pytest.approx(expected, rel=1e-15)


def test_cross_entropy(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "cross-entropy", "--probs", "0.1", "0.7", "0.2", "--target", "1")
    assert out["answer"] == pytest.approx(-math.log(0.7), rel=1e-15)
    assert out["exact"] == "-log(7/10)"
    z = [2, 1, 0.1]
    lse = math.log(sum(math.exp(v) for v in z))
    out = run_json(capsys, "cross-entropy", "--logits", "2", "1", "0.1", "--target", "0", "--log-base", "2",
                   "--weights", "3", "1", "1")
    assert out["answer"] == pytest.approx(3 * (lse - 2) / math.log(2), rel=1e-12)
    out = run_json(capsys, "cross-entropy", "--probs", "0.4", "0.6", "--target", "0", "--epsilon", "1e-7",
                   "--log-base", "10")
    assert out["answer"] == pytest.approx(-math.log10(0.4 + 1e-7), rel=1e-12)


def test_binary_cross_entropy_and_regression(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "binary-cross-entropy", "--probs", "0.9", "0.2", "0.6", "--targets", "1", "0", "1")
    assert out["answer"] == pytest.approx(-(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3, rel=1e-12)
    assert run_json(capsys, "mse", "--pred", "2.5", "0", "2", "--target", "3", "-0.5", "2")["exact"] == "1/6"
    assert run_json(capsys, "mae", "--pred", "2.5", "0", "2", "--target", "3", "-0.5", "2")["exact"] == "1/3"
    sse = run_json(capsys, "sse", "--pred", "0.1", "0.05", "0.6", "0", "0.05", "0.1", "0", "0.1", "0", "0",
                   "--target", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0")
    assert sse["answer"] == pytest.approx(0.0975, rel=1e-15)  # ゼロから作るDeep Learning 4.2.1


def test_infinite_loss_is_reported_not_crashed(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "cross-entropy", "--probs", "0", "1", "--target", "0")
    assert out["answer"] == "inf"
    assert any(s["kind"] == "note" for s in out["steps"])


@pytest.mark.parametrize(("argv", "fragment"), [
    (["cross-entropy", "--probs", "0.5", "0.6", "--target", "0"], "off by +0.1"),
    (["cross-entropy", "--probs", "1.2", "-0.2", "--target", "0"], "outside [0, 1]"),
    (["cross-entropy", "--probs", "0.5", "0.5", "--target", "2"], "class index"),
    (["cross-entropy", "--probs", "0.5", "0.5", "--target", "x"], "--target"),
    (["cross-entropy", "--probs", "0.5", "0.5", "--logits", "1", "2", "--target", "0"], "not allowed with"),
    (["cross-entropy", "--logits", "1", "2", "--target", "0", "--weights", "1"], "one weight per class"),
    (["binary-cross-entropy", "--probs", "0.5", "abc", "--targets", "1", "0"], "not a number"),
    (["binary-cross-entropy", "--probs", "0.5", "--targets", "1", "0"], "targets has 2"),
    (["mse", "--pred", "1", "2", "--target", "1"], "target has 1"),
    (["softmax", "1", "2", "--temperature", "0"], "temperature"),
    (["sigmoid", "one"], "not a number"),
    (["tanh", "1", "2"], "unrecognized arguments"),
])
def test_bad_input_one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    try:
        status = main(["solve", *argv, "--lang", "en"])
    except SystemExit as exc:  # argparse's own errors (unknown or conflicting options) exit from the parser
        status = exc.code
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and fragment in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("problem", ["softmax", "sigmoid", "tanh", "relu", "leaky-relu", "cross-entropy",
                                     "binary-cross-entropy", "mse", "sse", "mae"])
def test_every_problem_has_an_example(capsys: pytest.CaptureFixture[str], problem: str) -> None:
    with pytest.raises(SystemExit):
        main(["solve", problem, "--help"])
    assert f"dldrill solve {problem} " in capsys.readouterr().out
