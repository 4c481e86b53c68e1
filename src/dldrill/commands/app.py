"""The bare ``dldrill``: open the study app (Textual) on the Home screen or a given screen."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from dldrill.cli import command_parser


def launch(screen: str, options: dict[str, Any], lang: str | None, banks: Sequence[str]) -> int:
    """Start the Textual app on ``screen`` (home, practice, review, exam) with ``options``."""
    try:
        from dldrill.tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(("dldrill.tui", "textual")):
            sys.stderr.write("dldrill: the full-screen app is not available here; use --plain (practice, review)\n")
            return 2
        raise
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        sys.stderr.write("dldrill: the app needs a terminal; use --plain for a line-by-line session\n")
        return 2
    return int(run_app(screen, options, lang, list(banks)))


def run_command(name: str, argv: Sequence[str]) -> int:
    parser = command_parser("", "学習アプリを開く / open the study app")
    args = parser.parse_args(list(argv))
    return launch("home", {}, getattr(args, "lang", None), getattr(args, "bank", None) or ())
