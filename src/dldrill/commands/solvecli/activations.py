"""``dldrill solve softmax | sigmoid | tanh | relu | leaky-relu`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import parse_number, parse_number_list
from solvers.steps import Solution

EPILOG = {
    "softmax": "例 / examples:\n  dldrill solve softmax 1 2 3\n  dldrill solve softmax 2.0 1.0 0.1 --temperature 2",
    "sigmoid": "例 / examples:\n  dldrill solve sigmoid 0\n  dldrill solve sigmoid 2 --derivative",
    "tanh": "例 / examples:\n  dldrill solve tanh 0.5\n  dldrill solve tanh 1 --derivative",
    "relu": "例 / examples:\n  dldrill solve relu -3\n  dldrill solve relu 0 --derivative   (0 at x = 0, as PyTorch)",
    "leaky-relu": "例 / examples:\n  dldrill solve leaky-relu -2\n  dldrill solve leaky-relu -2 --alpha 0.2 --derivative",
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "softmax":
        parser.add_argument("values", nargs="+", metavar="X", help="入力 (ロジット) / inputs (logits)")
        parser.add_argument("--temperature", default="1", metavar="T", help="温度 / temperature (default 1)")
        return
    parser.add_argument("x", metavar="X", help="入力 / input")
    parser.add_argument("--derivative", action="store_true", help="微分係数を求める / compute the derivative")
    if problem == "leaky-relu":
        parser.add_argument("--alpha", default="0.01", metavar="A", help="負の側の傾き / negative slope (default 0.01)")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import activations

    if problem == "softmax":
        return activations.softmax(parse_number_list(args.values, "X"),
                                   temperature=parse_number(args.temperature, "--temperature"))
    x = parse_number(args.x, "X")
    if problem == "leaky-relu":
        return activations.leaky_relu(x, alpha=parse_number(args.alpha, "--alpha"), derivative=args.derivative)
    function = {"sigmoid": activations.sigmoid, "tanh": activations.tanh, "relu": activations.relu}[problem]
    return function(x, derivative=args.derivative)
