"""``dldrill solve cross-entropy | binary-cross-entropy | mse | sse | mae`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import parse_int, parse_number, parse_number_list
from solvers.steps import Solution

EPILOG = {
    "cross-entropy": "例 / examples:\n"
                     "  dldrill solve cross-entropy --probs 0.1 0.7 0.2 --target 1\n"
                     "  dldrill solve cross-entropy --logits 2 1 0.1 --target 0 --log-base 2\n"
                     "  dldrill solve cross-entropy --probs 0.2 0.8 --target 0 --weights 3 1 --epsilon 1e-7\n"
                     "target is a class index counted from 0 (as in PyTorch).",
    "binary-cross-entropy": "例 / example:\n  dldrill solve binary-cross-entropy --probs 0.9 0.2 0.6 --targets 1 0 1",
    "mse": "例 / example:\n  dldrill solve mse --pred 2.5 0 2 --target 3 -0.5 2",
    "sse": "例 / example (ゼロから作るDeep Learning 4章):\n"
           "  dldrill solve sse --pred 0.1 0.05 0.6 0 0.05 0.1 0 0.1 0 0 --target 0 0 1 0 0 0 0 0 0 0",
    "mae": "例 / example:\n  dldrill solve mae --pred 2.5 0 2 --target 3 -0.5 2",
}

LOG_BASES = ["e", "2", "10"]


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "cross-entropy":
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--probs", nargs="+", metavar="P", help="確率 (和が 1) / probabilities summing to 1")
        source.add_argument("--logits", nargs="+", metavar="Z", help="ロジット (softmax 前) / logits (before softmax)")
        parser.add_argument("--target", required=True, metavar="I", help="正解クラスの番号 (0 から) / target class index, from 0")
        parser.add_argument("--weights", nargs="+", metavar="W", help="クラスごとの重み / one weight per class")
    elif problem == "binary-cross-entropy":
        parser.add_argument("--probs", nargs="+", required=True, metavar="P", help="予測確率 / predicted probabilities")
        parser.add_argument("--targets", nargs="+", required=True, metavar="T", help="正解 (0 か 1) / targets (0 or 1)")
    else:
        parser.add_argument("--pred", nargs="+", required=True, metavar="Y", help="予測値 / predictions")
        parser.add_argument("--target", nargs="+", required=True, metavar="T", help="正解値 / targets")
    if problem in ("cross-entropy", "binary-cross-entropy"):
        parser.add_argument("--log-base", default="e", choices=LOG_BASES, help="対数の底 / log base (default e)")
        parser.add_argument("--epsilon", default="0", metavar="E", help="log(p + ε) の ε / ε inside the log (default 0)")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import losses

    if problem == "cross-entropy":
        return losses.cross_entropy(
            probs=parse_number_list(args.probs, "--probs") if args.probs else None,
            logits=parse_number_list(args.logits, "--logits") if args.logits else None,
            target=parse_int(args.target, "--target", 0),
            weights=parse_number_list(args.weights, "--weights") if args.weights else None,
            log_base=args.log_base, epsilon=parse_number(args.epsilon, "--epsilon"))
    if problem == "binary-cross-entropy":
        return losses.binary_cross_entropy(parse_number_list(args.probs, "--probs"),
                                           parse_number_list(args.targets, "--targets"),
                                           log_base=args.log_base, epsilon=parse_number(args.epsilon, "--epsilon"))
    function = {"mse": losses.mse, "sse": losses.sse, "mae": losses.mae}[problem]
    return function(parse_number_list(args.pred, "--pred"), parse_number_list(args.target, "--target"))
