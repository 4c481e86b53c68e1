"""``dldrill solve backprop | softmax-with-loss`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.optimizers import parse_assignments, parse_numbers_or_json
from solvers.steps import Solution

EPILOG = {
    "backprop": (
        "例 / examples:\n"
        "  dldrill solve backprop --expr '(apple*n_apple + orange*n_orange)*tax' \\\n"
        "      --values apple=100,n_apple=2,orange=150,n_orange=3,tax=1.1\n"
        "  dldrill solve backprop --expr 'sigmoid(w*x + b)' --values w=2,x=1,b=-1\n"
        "使える記号 / allowed: 数・変数名・+ - * / ** (指数は数)・exp log sin cos tanh sqrt sigmoid"
    ),
    "softmax-with-loss": (
        "例 / examples:\n"
        "  dldrill solve softmax-with-loss --logits '0.3 2.9 4.0' --target 2\n"
        "  dldrill solve softmax-with-loss --probs '0.1 0.05 0.6 0 0.05 0.1 0 0.1 0 0' --target 2\n"
        "  dldrill solve softmax-with-loss --logits '[[1, 2, 3], [1, 1, 1]]' --target 2,0   (バッチ: (y − t)/N)\n"
        "  dldrill solve softmax-with-loss --sigmoid --logits '0 2' --target '1 0'"
    ),
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "backprop":
        parser.add_argument("--expr", required=True, metavar="TEXT", help="式 / expression, e.g. '(a + b)*c'")
        parser.add_argument("--values", required=True, metavar="a=1,b=2", help="入力の値 / input values")
        return
    scores = parser.add_mutually_exclusive_group(required=True)
    scores.add_argument("--logits", metavar="A", help="ロジット '1 2 3' か JSON 行列 (バッチ) / logits, or a JSON batch")
    scores.add_argument("--probs", metavar="Y", help="確率 (ソフトマックス後) / probabilities after softmax")
    parser.add_argument("--target", required=True, metavar="T",
                        help="正解: クラス番号・番号の列 (バッチ)・one-hot / class index, indices (batch) or one-hot")
    parser.add_argument("--sigmoid", action="store_true", help="Sigmoid-with-Loss (二値交差エントロピー) / sigmoid with BCE")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import backprop

    if problem == "backprop":
        return backprop.backprop(args.expr, parse_assignments(args.values, "--values"))
    logits = None if args.logits is None else parse_numbers_or_json(args.logits, "--logits")
    probs = None if args.probs is None else parse_numbers_or_json(args.probs, "--probs")
    target = parse_numbers_or_json(args.target, "--target")
    return backprop.softmax_with_loss(target, logits=logits, probs=probs, sigmoid=args.sigmoid)
