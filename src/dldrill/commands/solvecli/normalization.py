"""``dldrill solve norm`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import parse_array, parse_int, parse_number
from dldrill.commands.solvecli.optimizers import parse_numbers_or_json
from solvers.steps import Solution

EPILOG = {
    "norm": (
        "例 / examples:\n"
        "  dldrill solve norm --kind batch --input '[[1, 2], [3, 6]]'\n"
        "  dldrill solve norm --kind layer --input '[[1, 2, 3], [2, 4, 6]]' --gamma 2 --beta 0.5 --eps 0\n"
        "  dldrill solve norm --kind group --groups 2 --input '[[[[1, 2]], [[3, 4]], [[5, 6]], [[7, 9]]]]'\n"
        "入力は (N, D)・(N, C, L)・(N, C, H, W) / input shape (N, D), (N, C, L) or (N, C, H, W)"
    ),
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", required=True, choices=["batch", "layer", "instance", "group"], help="正規化の種類 / kind")
    parser.add_argument("--input", required=True, metavar="JSON", help="入力 (JSON 配列) / input as a JSON array")
    parser.add_argument("--groups", metavar="G", help="グループ数 (group のとき) / number of groups")
    parser.add_argument("--gamma", metavar="γ", help="スケール γ: 数かチャネルごとの列 / scale: a number or one per channel")
    parser.add_argument("--beta", metavar="β", help="シフト β / shift")
    parser.add_argument("--eps", default="1e-5", metavar="ε", help="ε (default 1e-5, as PyTorch)")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers.normalization import normalize

    data, _ = parse_array(args.input, "--input", (2, 3, 4))
    return normalize(
        args.kind, data,
        groups=None if args.groups is None else parse_int(args.groups, "--groups", 1),
        gamma=None if args.gamma is None else parse_numbers_or_json(args.gamma, "--gamma", (1, 2, 3)),
        beta=None if args.beta is None else parse_numbers_or_json(args.beta, "--beta", (1, 2, 3)),
        eps=parse_number(args.eps, "--eps"),
    )
