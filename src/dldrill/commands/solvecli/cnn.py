"""``dldrill solve conv2d | pool2d | output-size`` argument parsing."""

from __future__ import annotations

import argparse
from typing import Any

from dldrill.commands.solvecli.common import parse_array, parse_int, parse_int_pair, parse_number
from solvers.steps import Solution

EPILOG = {
    "conv2d": "例 / examples:\n"
              "  dldrill solve conv2d --input '[[1,2,0],[0,1,3],[2,1,0]]' --kernel '[[1,0],[0,1]]'\n"
              "  dldrill solve conv2d --input '[[1,2,3,0],[0,1,2,3],[3,0,1,2],[2,3,0,1]]' --kernel '[[2,0,1],[0,1,2],[1,0,2]]'"
              " --padding 1 --bias 3\n"
              "  dldrill solve conv2d --input '[[[1,0,2],[0,1,1],[2,0,1]],[[0,1,0],[1,0,1],[0,2,0]]]'"
              " --kernel '[[[[1,0],[0,1]],[[0,1],[1,0]]]]' --stride 1 --padding same\n"
              "input: H×W or C×H×W (JSON); kernel: KH×KW, C×KH×KW or F×C×KH×KW; answer OH×OW (F×OH×OW for a 4-D kernel).\n"
              "padding 'same' follows Keras/TensorFlow (extra row/column at the bottom/right).",
    "pool2d": "例 / examples:\n"
              "  dldrill solve pool2d --input '[[1,3,2,4],[5,6,1,2],[7,2,3,0],[1,2,8,4]]' --size 2\n"
              "  dldrill solve pool2d --input '[[1,3,2,4],[5,6,1,2],[7,2,3,0],[1,2,8,4]]' --size 3 --stride 1 --mode avg\n"
              "stride defaults to the window size; padding follows PyTorch (−∞ for max, counted zeros for avg).",
    "output-size": "例 / example:\n  dldrill solve output-size --input-size 28 --kernel 5 --padding 2\n"
                   "  dldrill solve output-size --input-size 7,7 --kernel 3 --stride 2 --transposed",
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "conv2d":
        parser.add_argument("--input", required=True, metavar="JSON", help="入力 H×W または C×H×W / input H×W or C×H×W")
        parser.add_argument("--kernel", required=True, metavar="JSON",
                            help="カーネル KH×KW, C×KH×KW, F×C×KH×KW / kernel KH×KW, C×KH×KW or F×C×KH×KW")
        parser.add_argument("--stride", default="1", metavar="S[,S]", help="ストライド / stride (default 1)")
        parser.add_argument("--padding", default="0", metavar="P[,P]|same",
                            help="ゼロパディング / zero padding, or 'same' (Keras rule); default 0")
        parser.add_argument("--bias", default=None, metavar="B|JSON", help="バイアス (フィルタごとに1つ) / bias, one per filter")
        parser.add_argument("--dilation", default="1", metavar="D[,D]", help="膨張 / dilation (default 1)")
    if problem == "pool2d":
        parser.add_argument("--input", required=True, metavar="JSON", help="入力 H×W または C×H×W / input H×W or C×H×W")
        parser.add_argument("--size", required=True, metavar="K[,K]", help="窓の大きさ / window size")
        parser.add_argument("--stride", default=None, metavar="S[,S]", help="ストライド (既定は窓と同じ) / stride (default: size)")
        parser.add_argument("--padding", default="0", metavar="P[,P]", help="パディング / padding (default 0)")
        parser.add_argument("--mode", default="max", choices=["max", "avg"], help="最大値か平均値 / max or average (default max)")
    if problem == "output-size":
        parser.add_argument("--input-size", required=True, metavar="H[,W]", help="入力サイズ / input size")
        parser.add_argument("--kernel", required=True, metavar="K[,K]", help="カーネルサイズ / kernel size")
        parser.add_argument("--stride", default="1", metavar="S[,S]")
        parser.add_argument("--padding", default="0", metavar="P[,P]")
        parser.add_argument("--dilation", default="1", metavar="D[,D]")
        parser.add_argument("--transposed", action="store_true", help="転置畳み込み / transposed convolution")
        parser.add_argument("--output-padding", default="0", metavar="N")


def _bias(text: str | None) -> Any:
    if text is None:
        return None
    if text.strip().startswith("["):
        values, _ = parse_array(text, "--bias", (1,))
        return values
    return parse_number(text, "--bias")


def _padding(text: str) -> tuple[int, int] | str:
    if text.strip().lower() == "same":
        return "same"
    if text.strip().lower() == "valid":
        return (0, 0)
    return parse_int_pair(text, "--padding", 0)


def solve(problem: str, args: argparse.Namespace) -> Solution:
    if problem == "conv2d":
        from solvers.conv import conv2d

        image, _ = parse_array(args.input, "--input", (2, 3))
        kernel, _ = parse_array(args.kernel, "--kernel", (2, 3, 4))
        return conv2d(image, kernel, stride=parse_int_pair(args.stride, "--stride", 1), padding=_padding(args.padding),
                      dilation=parse_int_pair(args.dilation, "--dilation", 1), bias=_bias(args.bias))
    if problem == "pool2d":
        from solvers.pooling import pool2d

        image, _ = parse_array(args.input, "--input", (2, 3))
        stride = None if args.stride is None else parse_int_pair(args.stride, "--stride", 1)
        return pool2d(image, parse_int_pair(args.size, "--size", 1), stride=stride,
                      padding=parse_int_pair(args.padding, "--padding", 0), mode=args.mode)
    if problem == "output-size":
        from solvers.shapes import output_size

        parts = [p for p in args.input_size.replace("x", ",").split(",") if p.strip()]
        sizes = tuple(parse_int(p, "--input-size", 1) for p in parts)
        return output_size(
            sizes if len(sizes) > 1 else sizes[0],
            kernel=parse_int_pair(args.kernel, "--kernel", 1),
            stride=parse_int_pair(args.stride, "--stride", 1),
            padding=parse_int_pair(args.padding, "--padding", 0),
            dilation=parse_int_pair(args.dilation, "--dilation", 1),
            transposed=args.transposed,
            output_padding=parse_int(args.output_padding, "--output-padding", 0),
        )
    raise NotImplementedError(problem)
