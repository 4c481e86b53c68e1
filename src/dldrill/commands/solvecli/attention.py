"""``dldrill solve attention | attention-params`` argument parsing."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import InputError, parse_array, parse_int
from solvers.steps import Solution

EPILOG = {
    "attention": "例 / example:\n  dldrill solve attention --q '[[1,0],[0,1]]' --k '[[1,0],[0,1]]' --v '[[1,2],[3,4]]' --mask causal",
    "attention-params": "例 / example:\n  dldrill solve attention-params --d-model 512 --heads 8 --d-ff 2048 --layer encoder",
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    if problem == "attention":
        parser.add_argument("--q", required=True, metavar="JSON", help="クエリ行列 Q (n×d_k)")
        parser.add_argument("--k", required=True, metavar="JSON", help="キー行列 K (m×d_k)")
        parser.add_argument("--v", required=True, metavar="JSON", help="バリュー行列 V (m×d_v)")
        parser.add_argument("--mask", choices=["none", "causal"], default="none", help="因果マスク / causal mask")
        parser.add_argument("--padding-mask", metavar="1,1,0", help="キーのパディング (1=実トークン, 0=パディング) / key padding")
    else:
        parser.add_argument("--d-model", required=True, help="モデルの次元 d_model")
        parser.add_argument("--heads", required=True, help="ヘッド数 h")
        parser.add_argument("--d-ff", help="FFN の中間次元 d_ff (encoder/decoder)")
        parser.add_argument("--layer", choices=["mha", "encoder", "decoder"], default="mha")
        parser.add_argument("--no-bias", action="store_true", help="バイアスなし / without biases")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import attention

    if problem == "attention":
        q, _ = parse_array(args.q, "--q", ndims=(2,))
        k, _ = parse_array(args.k, "--k", ndims=(2,))
        v, _ = parse_array(args.v, "--v", ndims=(2,))
        pad = None
        if args.padding_mask:
            try:
                pad = [int(x) for x in args.padding_mask.split(",")]
            except ValueError:
                raise InputError("--padding-mask: give 0/1 values separated by commas",
                                 "--padding-mask: 0 と 1 をカンマ区切りで指定してください") from None
        return attention.scaled_dot_product_attention(q, k, v, None if args.mask == "none" else args.mask, pad)
    d_ff = parse_int(args.d_ff, "--d-ff", 1) if args.d_ff else None
    return attention.attention_parameters(parse_int(args.d_model, "--d-model", 1), parse_int(args.heads, "--heads", 1),
                                          d_ff, args.layer, not args.no_bias)
