"""``dldrill solve cost`` argument parsing: receptive field, MACs/FLOPs, separable conv, EfficientNet."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import InputError, parse_int, parse_number
from solvers.steps import Solution

EPILOG = {"cost": (
    "例 / examples:\n"
    "  dldrill solve cost --kind receptive-field --layers '3,1,1; 3,1,1; 3,2,1'   # K,S,D per layer\n"
    "  dldrill solve cost --kind conv-macs --input 32,32,3 --filters 16 --kernel 3 --padding 1\n"
    "  dldrill solve cost --kind dense-macs --in 784 --units 100\n"
    "  dldrill solve cost --kind separable --kernel 3 --in 32 --out 64 --size 112\n"
    "  dldrill solve cost --kind efficientnet --phi 2")}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", required=True, choices=["receptive-field", "conv-macs", "dense-macs", "separable", "efficientnet"])
    parser.add_argument("--layers", help="receptive-field: 'K,S,D; K,S,D; …' (D を省略すると 1 / D defaults to 1)")
    parser.add_argument("--input", metavar="H,W,C", help="conv-macs: 入力形状 / input shape (channels last)")
    parser.add_argument("--filters", help="conv-macs: 出力チャネル数 / output channels")
    parser.add_argument("--kernel", help="カーネルサイズ / kernel size")
    parser.add_argument("--stride", default="1")
    parser.add_argument("--padding", default="0")
    parser.add_argument("--groups", default="1")
    parser.add_argument("--no-bias", action="store_true")
    parser.add_argument("--in", dest="in_", help="入力チャネル数・入力ユニット数 / input channels or units")
    parser.add_argument("--out", help="separable: 出力チャネル数 / output channels")
    parser.add_argument("--units", help="dense-macs: 出力ユニット数 / output units")
    parser.add_argument("--size", help="separable: 出力の空間サイズ D_F / output spatial size")
    parser.add_argument("--phi", help="efficientnet: 複合係数 φ / compound coefficient")
    parser.add_argument("--alpha", default="1.2")
    parser.add_argument("--beta", default="1.1")
    parser.add_argument("--gamma", default="1.15")


def _need(value: str | None, flag: str) -> str:
    if value is None:
        raise InputError(f"{flag} is required for this --kind", f"この --kind には {flag} が必要です")
    return value


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import cost

    if args.kind == "receptive-field":
        layers = []
        for chunk in [c for c in _need(args.layers, "--layers").split(";") if c.strip()]:
            parts = [parse_int(p, "--layers", 1) for p in chunk.split(",") if p.strip()]
            if len(parts) not in (2, 3):
                raise InputError(f"--layers: '{chunk.strip()}' should be K,S or K,S,D", f"--layers: '{chunk.strip()}' は K,S か K,S,D の形です")
            layers.append((parts[0], parts[1], parts[2] if len(parts) == 3 else 1))
        return cost.receptive_field(layers)
    if args.kind == "conv-macs":
        dims = [parse_int(p, "--input", 1) for p in _need(args.input, "--input").split(",")]
        if len(dims) != 3:
            raise InputError("--input: give H,W,C", "--input: H,W,C の形で指定してください")
        return cost.conv_macs(dims[0], dims[1], dims[2], parse_int(_need(args.filters, "--filters"), "--filters", 1),
                              parse_int(_need(args.kernel, "--kernel"), "--kernel", 1), parse_int(args.stride, "--stride", 1),
                              parse_int(args.padding, "--padding", 0), parse_int(args.groups, "--groups", 1), not args.no_bias)
    if args.kind == "dense-macs":
        return cost.dense_macs(parse_int(_need(args.in_, "--in"), "--in", 1), parse_int(_need(args.units, "--units"), "--units", 1),
                               not args.no_bias)
    if args.kind == "separable":
        size = parse_int(args.size, "--size", 1) if args.size else None
        return cost.separable(parse_int(_need(args.kernel, "--kernel"), "--kernel", 1), parse_int(_need(args.in_, "--in"), "--in", 1),
                              parse_int(_need(args.out, "--out"), "--out", 1), size)
    return cost.efficientnet(parse_number(_need(args.phi, "--phi"), "--phi"), parse_number(args.alpha, "--alpha"),
                             parse_number(args.beta, "--beta"), parse_number(args.gamma, "--gamma"))
