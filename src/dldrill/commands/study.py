"""``dldrill practice | review | exam``: open the matching screen of the app, or the ``--plain`` prompt loop."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dldrill.cli import command_parser

EPILOG = {
    "practice": "例 / examples:\n  dldrill practice --syllabus T18 T20 --count 10\n  dldrill practice --topic cnn --plain\n"
                "  dldrill practice --exam E --syllabus E3-4",
    "review": "例 / examples:\n  dldrill review\n  dldrill review --plain",
    "exam": "例 / examples:\n  dldrill exam                 # G検定: 145問 / 100分\n  dldrill exam --exam E        # E資格: 100問 / 120分\n"
            "  dldrill exam --count 20 --minutes 15\n  dldrill exam --resume        # 中断した試験を再開 / resume an interrupted exam\n"
            "  dldrill exam --discard       # 中断した試験を破棄 / discard it",
}


def run_command(name: str, argv: Sequence[str]) -> int:
    descriptions = {"practice": "分野別に練習する / practise", "review": "間隔反復で復習する / spaced review",
                    "exam": "模擬試験 / mock exam"}
    parser = command_parser(name, descriptions[name], EPILOG[name])
    if name == "practice":
        parser.add_argument("--syllabus", nargs="+", default=[], metavar="CODE", help="シラバス項目 (T18, E3-4 …)")
        parser.add_argument("--topic", nargs="+", default=[], metavar="T", help="トピック / topics")
        parser.add_argument("--exam", choices=["G", "E"], help="試験 / exam")
        parser.add_argument("--count", type=int, default=20, help="問題数 / number of questions (default 20)")
    if name == "exam":
        parser.add_argument("--exam", choices=["G", "E"], help="G (145問/100分, default) or E (100問/120分)")
        parser.add_argument("--count", type=int, help="問題数 / number of questions")
        parser.add_argument("--minutes", type=float, help="制限時間 (分) / time limit in minutes")
        pending = parser.add_mutually_exclusive_group()
        pending.add_argument("--resume", action="store_true",
                             help="中断した模擬試験を再開 / resume the interrupted mock exam (answers and time kept)")
        pending.add_argument("--discard", action="store_true",
                             help="中断した模擬試験を記録せずに破棄 / discard the interrupted mock exam unrecorded")
    if name in ("practice", "review"):
        parser.add_argument("--plain", action="store_true", help="全画面を使わない1行ずつのモード / line-by-line mode")
    args = parser.parse_args(list(argv))
    if getattr(args, "count", None) is not None and args.count < 1:
        parser.error("--count must be at least 1")
    if getattr(args, "minutes", None) is not None and args.minutes <= 0:
        parser.error("--minutes must be positive")
    if (getattr(args, "resume", False) or getattr(args, "discard", False)) and (args.exam or args.count or args.minutes):
        parser.error("--resume/--discard take no --exam, --count or --minutes (the saved exam keeps its own)")
    if getattr(args, "resume", False) or getattr(args, "discard", False):
        return pending_exam_command(args)

    if name == "exam":
        args.exam = args.exam or "G"
    if not getattr(args, "plain", False):
        from dldrill.commands.app import launch

        options = {k: v for k, v in vars(args).items() if k not in ("lang", "bank", "plain")}
        return launch(name, options, getattr(args, "lang", None), getattr(args, "bank", None) or ())

    from dldrill.commands.context import open_context
    from dldrill.study.session import SessionEngine

    ctx = open_context(args)
    if ctx is None:
        return 2
    questions = list(ctx.bank.questions)
    if name == "practice":
        engine = SessionEngine.practice(questions, ctx.store, args.syllabus, args.topic, args.exam, args.count)
    else:
        engine = SessionEngine.review(questions, ctx.store)
    for warning in getattr(engine.scheduler, "warnings", []):  # unreadable cards left out of the review
        sys.stderr.write(f"dldrill: {warning}\n")
    if engine.total == 0:
        msg = {"practice": ("条件に合う問題がありません。", "No questions match these filters."),
               "review": ("今日の復習はありません。", "Nothing is due for review today.")}[name]
        sys.stdout.write((msg[0] if ctx.lang == "ja" else msg[1]) + "\n")
        return 0
    from dldrill.plain_session import run_plain

    run_plain(engine, ctx.lang)
    return 0


def pending_exam_command(args: argparse.Namespace) -> int:
    """``--resume`` opens the app on the interrupted exam; ``--discard`` closes it unrecorded (no app needed)."""
    from dldrill.commands.context import resolve_lang
    from dldrill.study.exam_state import pending_exam
    from dldrill.study.store import Store, StoreError

    try:
        store = Store.open()
    except StoreError as exc:
        sys.stderr.write(f"dldrill: {exc}\n")
        return 2
    lang = resolve_lang(getattr(args, "lang", None), store)
    try:
        if store.notice:
            sys.stderr.write(store.notice + "\n")
        state = pending_exam(store)
        if state is None:
            sys.stderr.write(("dldrill: 中断した模擬試験はありません。" if lang == "ja"
                              else "dldrill: there is no interrupted mock exam.") + "\n")
            return 2
        if args.discard:
            store.discard_session(state.session_id)
            sys.stdout.write((f"中断した模擬試験 ({state.answered}/{state.total} 解答済み) を破棄しました。" if lang == "ja"
                              else f"Discarded the interrupted mock exam ({state.answered}/{state.total} answered).") + "\n")
            return 0
    finally:
        store.close()
    from dldrill.commands.app import launch

    return launch("home", {"resume_exam": state.session_id}, getattr(args, "lang", None),
                  getattr(args, "bank", None) or ())
