"""``dldrill solve summary SPEC | --file PATH``: a model spec → Keras-style summary table and worked steps.

The file is read here, never in ``solvers``.  In the terminal the per-layer table is printed first
(it is what ``model.summary()`` shows), then the generic renderer prints the worked steps and an
answer panel that holds only the three totals, since the table already lists every layer;
``--json`` keeps the full answer.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from dldrill.commands.solvecli.common import InputError
from solvers.steps import Solution

MAX_FILE_CHARS = 20_000

EPILOG = {"summary": (
    "例 / examples:\n"
    "  dldrill solve summary \"Input((150,150,3)), Conv2D(32,(3,3),activation='relu'), MaxPooling2D((2,2)),"
    " Flatten(), Dense(1)\"\n"
    "  dldrill solve summary \"Input((10,32)), LSTM(64)\"                 # Keras: 4·(i·h + h·h + h)\n"
    "  dldrill solve summary \"Input((10,32)), nn.LSTM(32, 64)\"          # PyTorch: 4·(i·h + h·h + 2h)\n"
    "  dldrill solve summary \"Input((1,28,28)), nn.Conv2d(1,6,5,padding=2), nn.MaxPool2d(2), nn.Flatten(),"
    " nn.Linear(6*14*14, 10)\"\n"
    "  dldrill solve summary --file model.txt --framework keras --json\n"
    "層はカンマか改行で区切る。形状はバッチ軸なし: Keras は (H, W, C)、PyTorch は (C, H, W)。\n"
    "Layers are separated by commas or newlines. Shapes omit the batch axis: Keras (H, W, C), PyTorch (C, H, W).\n"
    "Keras 2 style input_shape= on the first layer, model.add(…) lines and Sequential([...]) are accepted.")}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", metavar="SPEC",
                        help="層の並び / layer calls, e.g. \"Input((28,28,1)), Conv2D(8,3), Flatten(), Dense(10)\"")
    parser.add_argument("--file", metavar="PATH", help="仕様をファイルから読む ('-' で標準入力) / read the spec from a file ('-': stdin)")
    parser.add_argument("--framework", choices=["auto", "keras", "pytorch"], default="auto",
                        help="書き方 (既定: 自動判定) / spelling (default: detect from the names)")


def read_spec_file(path: str) -> str:
    """The spec text of ``path`` ('-' for stdin), with one-line errors for missing or unreadable files."""
    try:
        if path == "-":
            text = sys.stdin.read(MAX_FILE_CHARS + 1)
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(MAX_FILE_CHARS + 1)
    except FileNotFoundError:
        raise InputError(f"--file: no such file: {path}", f"--file: ファイルがありません: {path}") from None
    except IsADirectoryError:
        raise InputError(f"--file: {path} is a directory", f"--file: {path} はディレクトリです") from None
    except PermissionError:
        raise InputError(f"--file: permission denied: {path}", f"--file: 読み取り権限がありません: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"--file: {path} is not UTF-8 text", f"--file: {path} は UTF-8 のテキストではありません") from None
    except OSError as exc:
        raise InputError(f"--file: cannot read {path}: {exc.strerror}", f"--file: {path} を読めません: {exc.strerror}") from None
    if len(text) > MAX_FILE_CHARS:
        raise InputError(f"--file: {path} is too long (more than {MAX_FILE_CHARS} characters)",
                         f"--file: {path} が長すぎます ({MAX_FILE_CHARS} 文字を超えています)")
    return text


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers.summary import summary

    if (args.spec is None) == (args.file is None):
        raise InputError("give the model either as SPEC or with --file PATH (one of the two)",
                         "モデルは SPEC か --file PATH のどちらか一方で指定してください")
    text = read_spec_file(args.file) if args.file is not None else args.spec
    solution = summary(text, args.framework)
    if args.json:
        return solution
    from rich.console import Console

    from dldrill.i18n import detect_lang
    from dldrill.render.summary_table import summary_table

    Console().print(summary_table(solution.answer, detect_lang(getattr(args, "lang", None))))
    totals = {key: solution.answer[key] for key in ("total_params", "trainable_params", "non_trainable_params")}
    return dataclasses.replace(solution, answer=totals, approx=None)
