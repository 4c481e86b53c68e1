"""``dldrill solve stats | probability`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import InputError, parse_int, parse_number, parse_number_list
from solvers.steps import Solution

EPILOG = {
    "stats": (
        "例 / examples:\n"
        "  dldrill solve stats --data 2,4,4,4,5,5,7,9\n"
        "  dldrill solve stats --data 1,2,3,4 --measure variance      # 母分散と不偏分散 / population and sample\n"
        "  dldrill solve stats --data 1,2,3,4 --data2 2,4,5,9 --measure correlation\n"
        "負の数で始まる列は = かスペース区切りで / lists starting with a negative number: --data=-1,2,3 or --data -1 2 3"
    ),
    "probability": (
        "例 / examples:\n"
        "  dldrill solve probability --bayes --prior 0.01 --likelihood 0.99 --false-positive 0.05\n"
        "  dldrill solve probability --binomial --n 10 --k 3 --p 0.5\n"
        "  dldrill solve probability --expectation --values 1,2,3,4,5,6 --probs 1/6,1/6,1/6,1/6,1/6,1/6"
    ),
}

MEASURES = ["mean", "median", "mode", "variance", "std", "covariance", "correlation", "zscore", "all"]


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "stats":
        parser.add_argument("--data", nargs="+", required=True, metavar="X", help="データ / data")
        parser.add_argument("--data2", nargs="+", metavar="Y", help="2つ目のデータ (共分散・相関) / second data set")
        parser.add_argument("--measure", choices=MEASURES, default="all", help="求める量 (default all)")
        parser.add_argument("--ddof", choices=["0", "1"], default="0",
                            help="z スコアの σ: 0 = 母標準偏差, 1 = 標本標準偏差 / σ for z-scores")
        return
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--bayes", action="store_true", help="ベイズの定理 / Bayes' theorem")
    kind.add_argument("--binomial", action="store_true", help="二項分布 / binomial probability")
    kind.add_argument("--expectation", action="store_true", help="離散分布の期待値 / expectation of a discrete distribution")
    parser.add_argument("--prior", metavar="P", help="事前確率 (有病率) P(D) / prior (prevalence)")
    parser.add_argument("--likelihood", metavar="P", help="感度 P(+|D) / sensitivity")
    parser.add_argument("--false-positive", metavar="P", help="偽陽性率 P(+|¬D) / false-positive rate")
    parser.add_argument("--n", metavar="N", help="試行回数 / number of trials")
    parser.add_argument("--k", metavar="K", help="成功回数 / number of successes")
    parser.add_argument("--p", metavar="P", help="成功確率 / success probability")
    parser.add_argument("--values", nargs="+", metavar="X", help="値 / values")
    parser.add_argument("--probs", nargs="+", metavar="P", help="確率 / probabilities")


def _need(args: argparse.Namespace, flags: list[str], mode: str) -> None:
    missing = [f"--{f.replace('_', '-')}" for f in flags if getattr(args, f) is None]
    if missing:
        raise InputError(f"--{mode} needs {' '.join(missing)}", f"--{mode} には {' '.join(missing)} が必要です")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import statistics

    if problem == "stats":
        return statistics.describe(parse_number_list(args.data, "--data"), args.measure,
                                   parse_number_list(args.data2, "--data2") if args.data2 else None, ddof=int(args.ddof))
    if args.bayes:
        _need(args, ["prior", "likelihood", "false_positive"], "bayes")
        return statistics.bayes(parse_number(args.prior, "--prior"), parse_number(args.likelihood, "--likelihood"),
                                parse_number(args.false_positive, "--false-positive"))
    if args.binomial:
        _need(args, ["n", "k", "p"], "binomial")
        return statistics.binomial(parse_int(args.n, "--n", 0), parse_int(args.k, "--k", 0), parse_number(args.p, "--p"))
    _need(args, ["values", "probs"], "expectation")
    return statistics.expectation(parse_number_list(args.values, "--values"), parse_number_list(args.probs, "--probs"))
