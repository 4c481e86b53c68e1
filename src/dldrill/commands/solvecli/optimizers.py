"""``dldrill solve optimizer`` argument parsing, and the ``name=value`` / number-or-JSON readers it shares."""

from __future__ import annotations

import argparse
import re
from typing import Any

from dldrill.commands.solvecli.common import (
    InputError,
    Number,
    parse_array,
    parse_int,
    parse_number,
    parse_number_list,
)
from solvers.steps import Solution

METHODS = ("sgd", "momentum", "momentum-torch", "nesterov", "adagrad", "rmsprop", "adam", "adamw")

EPILOG = {
    "optimizer": (
        "例 / examples:\n"
        "  dldrill solve optimizer --method sgd --lr 0.1 --function 'x**2 + 3*y**2' --start x=1,y=2 --steps 3\n"
        "  dldrill solve optimizer --method momentum --lr 0.1 --momentum 0.9 --grads '1 2 -1' --start w=0\n"
        "  dldrill solve optimizer --method adam --lr 0.001 --grads '[[1, -2], [0.5, 1]]'\n"
        "  dldrill solve optimizer --method adamw --lr 0.01 --weight-decay 0.01 --function 'x**2' --start x=1 --steps 2\n"
        "momentum = 教科書 (ゼロから作るDeep Learning) の v ← αv − η∇L, w ← w + v / textbook form;\n"
        "momentum-torch = PyTorch の v ← μv + g, w ← w − ηv; nesterov = PyTorch の nesterov=True\n"
        "負の数で始まる値は --grads='-1 2' のように = でつなぐ / join values starting with '-' with '='"
    ),
}

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def parse_assignments(text: str, what: str) -> dict[str, Number]:
    """``"x=1,y=-2"`` (or spaces instead of commas) → ``{"x": 1, "y": -2}`` with exact numbers."""
    result: dict[str, Number] = {}
    for part in [p for p in re.split(r"[,\s]+", str(text).strip()) if p]:
        name, sep, value = part.partition("=")
        if not sep or not _NAME.match(name.strip()):
            raise InputError(f"{what}: expected name=value pairs like x=1,y=2, got '{part}'",
                             f"{what}: x=1,y=2 のような 名前=値 の形で指定してください ('{part}')")
        if name.strip() in result:
            raise InputError(f"{what}: '{name}' is given twice", f"{what}: '{name}' が2回指定されています")
        result[name.strip()] = parse_number(value, f"{what} {name.strip()}")
    if not result:
        raise InputError(f"{what}: no values given", f"{what}: 値が指定されていません")
    return result


def parse_numbers_or_json(text: str, what: str, ndims: tuple[int, ...] = (1, 2)) -> Any:
    """A JSON array (``[[1, 2], [3, 4]]``), or numbers separated by spaces/commas; one number stays a scalar."""
    stripped = str(text).strip()
    if stripped.startswith("["):
        return parse_array(stripped, what, ndims)[0]
    values = parse_number_list([stripped], what)
    return values[0] if len(values) == 1 else values


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", required=True, choices=METHODS, help="最適化手法 / optimizer")
    parser.add_argument("--lr", required=True, metavar="η", help="学習率 / learning rate")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--grads", metavar="G", help="勾配の列 '1 2 -1' か JSON のベクトルの列 / gradients per step")
    source.add_argument("--function", metavar="TEXT", help="損失関数 (例 'x**2 + 3*y**2') / loss as a function of the parameters")
    parser.add_argument("--start", metavar="x=1,y=2", help="初期値 / start point (default 0 with --grads)")
    parser.add_argument("--steps", metavar="N", help="反復回数 / number of steps (default: 1, or the number of gradients)")
    parser.add_argument("--momentum", default="0.9", metavar="α|μ", help="モーメンタム係数 / momentum (default 0.9)")
    parser.add_argument("--beta1", default="0.9", metavar="β1", help="Adam β1 (default 0.9)")
    parser.add_argument("--beta2", default="0.999", metavar="β2", help="Adam β2 (default 0.999)")
    parser.add_argument("--rho", default="0.99", metavar="ρ", help="RMSProp ρ = torch の alpha (default 0.99)")
    parser.add_argument("--eps", metavar="ε", help="ε (default: PyTorch の既定値 / PyTorch default: AdaGrad 1e-10, others 1e-8)")
    parser.add_argument("--weight-decay", metavar="λ", help="重み減衰 / weight decay (AdamW default 0.01, else 0)")


def _start(text: str | None) -> Any:
    if text is None:
        return None
    if "=" in text:
        return parse_assignments(text, "--start")
    return parse_numbers_or_json(text, "--start", (1,))


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers.optimizers import optimize

    grads = None
    if args.grads is not None:
        parsed = parse_numbers_or_json(args.grads, "--grads")
        grads = parsed if isinstance(parsed, list) else [parsed]
    return optimize(
        args.method, parse_number(args.lr, "--lr"), grads=grads, function=args.function, start=_start(args.start),
        steps=None if args.steps is None else parse_int(args.steps, "--steps", 1),
        momentum=parse_number(args.momentum, "--momentum"), beta1=parse_number(args.beta1, "--beta1"),
        beta2=parse_number(args.beta2, "--beta2"), rho=parse_number(args.rho, "--rho"),
        eps=None if args.eps is None else parse_number(args.eps, "--eps"),
        weight_decay=None if args.weight_decay is None else parse_number(args.weight_decay, "--weight-decay"),
    )
