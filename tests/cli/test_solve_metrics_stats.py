"""`dldrill solve metrics | roc | iou | average-precision | info | stats | probability | rl` through the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dldrill.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["solve", *argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert all({"ja", "en"} <= set(step["text"]) for step in out["steps"])
    return out


def test_metrics_three_input_forms(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "metrics", "--tp", "8", "--fp", "2", "--fn", "4", "--tn", "86", "--beta", "2")
    assert out["exact"]["precision"] == "4/5" and out["exact"]["f1"] == "8/11"
    assert out["answer"]["accuracy"] == pytest.approx(0.94)
    out = run_json(capsys, "metrics", "--confusion", "[[5,1,0],[2,3,1],[0,2,6]]", "--classes", "cat,dog,bird")
    assert out["exact"]["per_class"]["cat"]["precision"] == "5/7"
    assert out["answer"]["micro"]["f1"] == pytest.approx(0.7)
    out = run_json(capsys, "metrics", "--scores", "0.9,0.6,0.4,0.2", "--labels", "1,0,1,0", "--threshold", "0.5")
    assert out["answer"]["confusion"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}


def test_roc_iou_and_ap(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "roc", "--scores", "0.9", "0.8", "0.8", "0.4", "0.3", "--labels", "1", "1", "0", "0", "1")
    assert out["exact"]["auc"] == "7/12"  # pairs: 3 wins + one tie (½) out of 6
    assert out["answer"]["thresholds"][0] == "inf"
    assert run_json(capsys, "iou", "--box-a", "0,0,2,2", "--box-b", "1,1,3,3")["exact"] == "1/7"
    assert run_json(capsys, "iou", "--box-a", "1,1,2,2", "--box-b", "2,2,2,2", "--format", "center")["exact"] == "1/7"
    out = run_json(capsys, "average-precision", "--scores", "0.9,0.8,0.7,0.6,0.5", "--tp", "1,0,1,0,1", "--n-gt", "4")
    assert out["exact"]["ap"] == "17/30"
    out = run_json(capsys, "average-precision", "--scores", "0.9", "--tp", "1", "--n-gt", "2", "--interpolation", "11")
    assert out["exact"]["ap"] == "6/11"


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "info", "--measure", "entropy", "--p", "0.5,0.5", "--base", "2")["answer"] == 1
    out = run_json(capsys, "info", "--measure", "kl", "--p", "0.5,0.5", "--q", "1,0")
    assert out["answer"]["p||q"] == "inf" and out["answer"]["q||p"] == pytest.approx(0.6931471805599453)
    assert run_json(capsys, "info", "--measure", "mutual", "--joint", "[[0.5,0],[0,0.5]]", "--base", "2")["answer"] == 1
    assert run_json(capsys, "info", "--measure", "perplexity", "--p", "1/6,1/6,1/6,1/6,1/6,1/6")["answer"] == 6


def test_stats_and_probability(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "stats", "--data", "1,2,3,4", "--measure", "variance")
    assert out["exact"] == {"population": "5/4", "sample": "5/3"}
    assert run_json(capsys, "stats", "--data", "2,4,4,4,5,5,7,9")["answer"]["std_population"] == 2
    assert run_json(capsys, "stats", "--data", "1,2,3", "--data2", "2,4,6", "--measure", "correlation")["answer"] == 1
    out = run_json(capsys, "probability", "--bayes", "--prior", "0.01", "--likelihood", "0.99", "--false-positive", "0.05")
    assert out["exact"] == "1/6"
    assert run_json(capsys, "probability", "--binomial", "--n", "10", "--k", "3", "--p", "0.5")["exact"] == "15/128"
    out = run_json(capsys, "probability", "--expectation", "--values", "1,2,3,4,5,6", "--probs", *["1/6"] * 6)
    assert out["exact"]["expectation"] == "7/2"


def test_rl(capsys: pytest.CaptureFixture[str]) -> None:
    # a list starting with a negative number needs "=" or spaces (argparse would take "-1,2" for an option)
    assert run_json(capsys, "rl", "--kind", "return", "--rewards=-1,2,6,3,2", "--gamma", "0.5")["answer"] == 2
    assert run_json(capsys, "rl", "--kind", "return", "--rewards", "-1", "2", "6", "3", "2", "--gamma", "0.5")["answer"] == 2
    out = run_json(capsys, "rl", "--kind", "q-learning", "--q", "0", "--reward", "1", "--next-q", "0.2,0.5",
                   "--gamma", "0.9", "--alpha", "0.1")
    assert out["exact"] == "29/200"
    out = run_json(capsys, "rl", "--kind", "sarsa", "--q", "0", "--reward", "1", "--next-q", "0.2,0.5", "--next-action", "0",
                   "--gamma", "0.9", "--alpha", "0.1")
    assert out["exact"] == "59/500"
    assert run_json(capsys, "rl", "--kind", "td0", "--v", "0.5", "--reward", "1", "--terminal", "--gamma", "0.9",
                    "--alpha", "0.5")["exact"] == "3/4"
    assert run_json(capsys, "rl", "--kind", "epsilon-greedy", "--q-values", "1,5,2,3", "--epsilon", "0.1")["exact"] == \
        ["1/40", "37/40", "1/40", "1/40"]
    mdp = '{"s0": {"a": [["s0", 0.5, 1], ["s1", 0.5, 0]], "b": [["s1", 1, 2]]}, "s1": {"a": [["s1", 1, 0]]}}'
    out = run_json(capsys, "rl", "--kind", "bellman", "--mdp", mdp, "--values", '{"s0": 0, "s1": 10}', "--gamma", "0.9")
    assert out["answer"]["V"] == {"s0": 11, "s1": 9} and out["answer"]["greedy"]["s0"] == ["b"]


@pytest.mark.parametrize("argv", [
    ["metrics", "--tp", "0", "--fp", "0", "--fn", "3", "--tn", "5"],  # precision 0/0
    ["metrics", "--tp", "1", "--fp", "2"],
    ["metrics", "--tp", "-1", "--fp", "2", "--fn", "1", "--tn", "1"],
    ["metrics"],
    ["metrics", "--confusion", "[[1,2],[3]]"],
    ["roc", "--scores", "0.1,0.2", "--labels", "1,1"],
    ["iou", "--box-a", "0,0,1", "--box-b", "0,0,1,1"],
    ["average-precision", "--scores", "0.9", "--tp", "1"],
    ["info", "--measure", "entropy", "--p", "0.3,0.3,0.3"],
    ["info", "--measure", "kl", "--p", "0.5,0.5"],
    ["stats", "--data", "1", "--measure", "variance"],
    ["probability", "--bayes", "--prior", "0.01"],
    ["probability", "--expectation", "--values", "1,2", "--probs", "0.5,0.6"],
    ["rl", "--kind", "q-learning", "--q", "1"],
    ["rl", "--kind", "bellman", "--mdp", "{", "--values", "{}", "--gamma", "0.9"],
    ["rl", "--kind", "return", "--rewards", "1", "--gamma", "2"],
])
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(["solve", *argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "error" in err and "Traceback" not in err


def test_error_message_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "metrics", "--tp", "0", "--fp", "0", "--fn", "3", "--tn", "5", "--lang", "ja"]) == 2
    assert "定義されません" in capsys.readouterr().err
