"""``dldrill solve ctc`` argument parsing: collapse, alignments, forward (probability and loss)."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import InputError, parse_array, parse_int
from solvers.steps import Solution

EPILOG = {"ctc": (
    "例 / examples:\n"
    "  dldrill solve ctc --collapse 'aa-ab-'\n"
    "  dldrill solve ctc --label ab --frames 4            # アラインメントの列挙 / enumerate alignments\n"
    "  dldrill solve ctc --label ab --alphabet=-ab --probs '[[0.5,0.3,0.2],[0.2,0.6,0.2],[0.3,0.1,0.6]]'\n"
    "記号は1文字ずつ / one character per symbol; 最初の記号がブランク / the first alphabet symbol is the blank")}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--collapse", metavar="PATH", help="パスを縮約する / collapse a frame-level path")
    parser.add_argument("--label", help="正解ラベル / target label")
    parser.add_argument("--frames", metavar="T", help="アラインメントを列挙するフレーム数 / frames to enumerate alignments over")
    parser.add_argument("--alphabet", help="記号の並び (最初がブランク) / symbols, blank first (default: '-' + label symbols)")
    parser.add_argument("--probs", metavar="JSON", help="T×V の確率表 / T×V probability table (softmax outputs)")
    parser.add_argument("--blank", default=None, help="ブランク記号 / blank symbol (default: '-', or the first of --alphabet)")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import ctc

    if args.collapse is not None:
        return ctc.collapse(list(args.collapse), args.blank or "-")
    if args.label is None:
        raise InputError("give --collapse PATH, or --label with --frames or --probs",
                         "--collapse PATH か、--label と --frames / --probs を指定してください")
    if args.probs is not None:
        table, _shape = parse_array(args.probs, "--probs", ndims=(2,))
        alphabet = list(args.alphabet) if args.alphabet else [args.blank or "-", *sorted(set(args.label))]
        return ctc.forward(table, alphabet, list(args.label), args.blank)
    if args.frames is not None:
        return ctc.alignments(list(args.label), parse_int(args.frames, "--frames", 1), args.blank or "-")
    raise InputError("with --label give --frames T or --probs JSON", "--label には --frames か --probs を添えてください")
