"""Command-line entry point: argument parsing and dispatch only, importing each command lazily.

The bare ``dldrill`` opens the study app.  Every other command lives in its own module under
``dldrill.commands`` and is imported only when chosen, so ``dldrill --help`` never touches NumPy,
SymPy, Pydantic, Rich or Textual.  Command bodies return an exit status: 0 done, 1 a check failed
(e.g. ``bank validate`` found problems), 2 the user's input was wrong.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from dldrill import __version__

#: command name → (module, one-line help in Japanese, in English)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "solve": ("dldrill.commands.solve", "計算問題を途中式つきで解く", "solve a calculation with worked steps"),
    "bank": ("dldrill.commands.bank", "問題バンクの検証・統計・一覧・表示", "validate, count, list and show bank questions"),
    "grade": ("dldrill.commands.grade", "解答を採点する", "grade an answer to a question variant"),
    "practice": ("dldrill.commands.study", "分野別に練習する", "practise by syllabus item or topic"),
    "review": ("dldrill.commands.study", "間隔反復で復習する (FSRS)", "spaced review (FSRS)"),
    "exam": ("dldrill.commands.study", "本番形式の模擬試験", "timed mock exam"),
    "stats": ("dldrill.commands.progress", "学習の統計", "learning statistics"),
    "export": ("dldrill.commands.progress", "学習記録を JSON に書き出す", "export progress to JSON"),
    "import": ("dldrill.commands.progress", "学習記録を JSON から読み込む", "import progress from JSON"),
    "worksheet": ("dldrill.commands.worksheet", "印刷用プリントを作る", "make a printable worksheet"),
    "check": ("dldrill.commands.worksheet", "紙で解いたプリントを採点する", "grade a worksheet done on paper"),
}

EXAMPLES = """\
例 / examples:
  dldrill                                   アプリを開く / open the app
  dldrill solve output-size --input-size 28 --kernel 5 --stride 1 --padding 2
  dldrill solve conv2d --input '[[1,2,3],[4,5,6],[7,8,9]]' --kernel '[[1,0],[0,1]]'
  dldrill bank validate
  dldrill practice --syllabus T18 --count 10
"""


class OneLineParser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line on stderr with exit status 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts, before or after the command name."""
    parser.add_argument("--lang", choices=["ja", "en"], default=argparse.SUPPRESS,
                        help="表示言語 / display language (default: locale, Japanese for ja_*)")
    parser.add_argument("--bank", action="append", metavar="DIR", default=argparse.SUPPRESS,
                        help="追加の問題バンク (繰り返し可) / extra question bank directory (repeatable)")


def command_parser(name: str, description: str, epilog: str | None = None) -> OneLineParser:
    """A parser for ``dldrill NAME`` carrying the common options."""
    parser = OneLineParser(
        prog=f"dldrill {name}",
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_common_options(parser)
    return parser


def _top_parser() -> OneLineParser:
    lines = [f"  {name:<10} {ja} / {en}" for name, (_, ja, en) in COMMANDS.items()]
    parser = OneLineParser(
        prog="dldrill",
        description="G検定・E資格の学習エンジン / study engine for JDLA G検定 and E資格",
        epilog="commands:\n" + "\n".join(lines) + "\n\n" + EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dldrill {__version__}")
    add_common_options(parser)
    parser.add_argument("command", nargs="?", metavar="COMMAND", help="コマンド / command (none: open the app)")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    top = _top_parser()
    ns = top.parse_args(args)
    common: list[str] = []
    if getattr(ns, "lang", None):
        common += ["--lang", ns.lang]
    for bank in getattr(ns, "bank", None) or []:
        common += ["--bank", bank]
    if ns.command is None:
        module = importlib.import_module("dldrill.commands.app")
        return int(module.run_command("app", common))
    if ns.command not in COMMANDS:
        from difflib import get_close_matches

        close = get_close_matches(ns.command, COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        sys.stderr.write(f"dldrill: unknown command '{ns.command}'{hint} (see dldrill --help)\n")
        return 2
    module = importlib.import_module(COMMANDS[ns.command][0])
    try:
        return int(module.run_command(ns.command, [*ns.rest, *common]))
    except KeyboardInterrupt:
        sys.stderr.write("\n中断しました / interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
