"""``dldrill stats [--json]``, ``dldrill export FILE``, ``dldrill import FILE``: the progress store from the shell."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dldrill.cli import command_parser


def _stats(args: object, ctx: object) -> int:
    from dldrill.study.stats import compute_stats, readiness_how

    stats = compute_stats(ctx.store, ctx.bank.questions, exam=getattr(args, "exam", None))  # type: ignore[attr-defined]
    for warning in stats["warnings"][:5]:
        sys.stderr.write(f"dldrill stats: {warning}\n")
    if len(stats["warnings"]) > 5:
        sys.stderr.write(f"dldrill stats: (+{len(stats['warnings']) - 5} more unreadable rows skipped)\n")
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return 0
    from dldrill.render.stats import print_stats

    # the printed explanation in the chosen language only (the JSON keeps both)
    stats["readiness"]["how"] = readiness_how(ctx.lang)  # type: ignore[attr-defined]
    print_stats(stats, ctx.lang)  # type: ignore[attr-defined]
    return 0


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def run_command(name: str, argv: Sequence[str]) -> int:
    descriptions = {"stats": "学習の統計 / statistics", "export": "学習記録を書き出す / export progress",
                    "import": "学習記録を読み込む / import progress"}
    parser = command_parser(name, descriptions[name])
    if name == "stats":
        parser.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
        parser.add_argument("--exam", choices=["G", "E"], help="準備度を計算する試験 / exam for the readiness estimate")
    else:
        parser.add_argument("file", metavar="FILE", help="JSON ファイル / JSON file")
    args = parser.parse_args(list(argv))
    from dldrill.commands.context import open_context
    from dldrill.study.store import StoreError

    ctx = open_context(args)
    if ctx is None:
        return 2
    if name == "stats":
        return _stats(args, ctx)
    path = Path(args.file)
    if name == "export":
        try:
            _write_atomic(path, json.dumps(ctx.store.export_data(), ensure_ascii=False, indent=1))
        except OSError as exc:
            sys.stderr.write(f"dldrill export: cannot write {path}: {exc.strerror}\n")
            return 2
        sys.stdout.write(f"{path}\n")
        return 0
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        sys.stderr.write(f"dldrill import: cannot read {path}: {exc.strerror}\n")
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"dldrill import: {path} is not JSON ({exc})\n")
        return 2
    except RecursionError:
        sys.stderr.write(f"dldrill import: {path} is nested too deeply to be a progress export\n")
        return 2
    try:
        counts = ctx.store.import_data(data)
    except StoreError as exc:
        sys.stderr.write(f"dldrill import: {exc}\n")
        return 2
    sys.stdout.write(", ".join(f"{k}: +{v}" for k, v in counts.items()) + "\n")
    return 0
