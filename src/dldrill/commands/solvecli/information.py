"""``dldrill solve info`` argument parsing: self-information, entropies, cross-entropy, KL, JS, mutual information, perplexity."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import parse_array, parse_number_list
from solvers.steps import Solution

EPILOG = {"info": (
    "例 / examples:\n"
    "  dldrill solve info --measure entropy --p 0.5,0.5 --base 2          # 1 bit\n"
    "  dldrill solve info --measure kl --p 0.5,0.5 --q 0.9,0.1\n"
    "  dldrill solve info --measure mutual --joint '[[0.25,0.25],[0,0.5]]' --base 2\n"
    "  dldrill solve info --measure perplexity --p 0.5,0.25,0.125 --per-token\n"
    "同時確率表は 行 = X, 列 = Y / joint table: rows = X, columns = Y; 1/3 などは分数で / type thirds as 1/3"
)}

MEASURES = ["self", "entropy", "joint", "conditional", "cross-entropy", "kl", "js", "mutual", "perplexity"]
#: short names people type (the README once said ``cross``) → the measure they mean
ALIASES = {"cross": "cross-entropy"}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--measure", required=True, choices=[*MEASURES, *ALIASES], help="求める量 / quantity to compute")
    parser.add_argument("--p", nargs="+", metavar="P", help="分布 p (self は確率1つ) / distribution p (one probability for self)")
    parser.add_argument("--q", nargs="+", metavar="Q", help="分布 q / distribution q")
    parser.add_argument("--joint", metavar="JSON", help="同時確率表 (行 = X, 列 = Y) / joint table, rows = X")
    parser.add_argument("--base", choices=["e", "2", "10"], default="e", help="対数の底: e = nat, 2 = bit (default e)")
    parser.add_argument("--given", choices=["X", "Y"], default="X", help="条件付きエントロピーの条件 / condition of H(·|given)")
    parser.add_argument("--per-token", action="store_true",
                        help="--p を各トークンの確率としてパープレキシティを求める / --p are per-token probabilities")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers.information import information

    joint = parse_array(args.joint, "--joint", ndims=(2,))[0] if args.joint else None
    return information(
        ALIASES.get(args.measure, args.measure),
        p=parse_number_list(args.p, "--p") if args.p else None,
        q=parse_number_list(args.q, "--q") if args.q else None,
        joint=joint, base=args.base, given=args.given, per_token=args.per_token,
    )
