"""``dldrill solve quantize | distill`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import parse_int, parse_number, parse_number_list
from solvers.steps import Solution

EPILOG = {
    "quantize": (
        "例 / examples:\n"
        "  dldrill solve quantize --values '-1 0.5 2' --scheme asymmetric-uint8\n"
        "  dldrill solve quantize --values '-1 0.5 2' --scale-decimals 3          (スケールを先に丸める / round s first)\n"
        "  dldrill solve quantize --values '-0.5 0.25 1.27' --scheme symmetric-int8 --rounding half-up\n"
        "丸め / rounding: half-even = 偶数丸め (NumPy・PyTorch), half-up = 四捨五入 (0 から遠い方へ)"
    ),
    "distill": (
        "例 / examples:\n"
        "  dldrill solve distill --teacher-logits '1 2 3' --student-logits '1 1 1' --temperature 2\n"
        "  dldrill solve distill --teacher-logits '5 1 0' --student-logits '2 1 0' --temperature 4 --target 0 --alpha 0.3\n"
        "L = α·CE(正解) + (1 − α)·T²·KL(p_T ‖ p_S)"
    ),
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "quantize":
        parser.add_argument("--values", required=True, metavar="X", help="量子化する値 '1 -0.5 2' / values to quantize")
        parser.add_argument("--scheme", default="asymmetric-uint8", choices=["asymmetric-uint8", "symmetric-int8"],
                            help="方式 / scheme (default asymmetric-uint8)")
        parser.add_argument("--rounding", default="half-even", choices=["half-even", "half-up"],
                            help="丸め方 / rounding rule (default half-even)")
        parser.add_argument("--scale-decimals", metavar="D", help="スケールを小数 D 桁に丸めてから使う / round the scale first")
        return
    parser.add_argument("--teacher-logits", required=True, metavar="Z", help="教師のロジット / teacher logits")
    parser.add_argument("--student-logits", required=True, metavar="Z", help="生徒のロジット / student logits")
    parser.add_argument("--temperature", required=True, metavar="T", help="温度 / temperature")
    parser.add_argument("--target", metavar="I", help="正解クラス (ハード損失も足す) / true class, adds the hard loss")
    parser.add_argument("--alpha", metavar="A", help="ハード損失の重み α (default 0.5) / weight of the hard loss")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import compression

    if problem == "quantize":
        return compression.quantize(
            parse_number_list([args.values], "--values"), args.scheme, args.rounding,
            None if args.scale_decimals is None else parse_int(args.scale_decimals, "--scale-decimals", 0),
        )
    return compression.distill(
        parse_number_list([args.teacher_logits], "--teacher-logits"),
        parse_number_list([args.student_logits], "--student-logits"),
        parse_number(args.temperature, "--temperature"),
        target=None if args.target is None else parse_int(args.target, "--target", 0),
        alpha=None if args.alpha is None else parse_number(args.alpha, "--alpha"),
    )
