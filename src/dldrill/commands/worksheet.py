"""``dldrill worksheet`` (make printable sheets with keys) and ``dldrill check CODE`` (grade a sheet done on paper).

Only argparse is imported at module level; the bank, NumPy, Typst and Rich are imported by the command that needs
them.  Every error a user can cause ends in one bilingual line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dldrill.cli import command_parser

WORKSHEET_EPILOG = """例 / examples:
  dldrill worksheet --exam G --count 20 -o g-sheet.pdf
  dldrill worksheet --syllabus T18 --kinds computational --count 10 --format html -o conv.html
  dldrill worksheet --exam E --copies 30 --count 20 --key separate -o class.pdf   クラス分 + 解答は別ファイル
  dldrill worksheet --topic cnn --format md -o -                                  Markdown を標準出力へ
  dldrill worksheet --font-path ~/fonts                                           日本語フォントの場所 / Japanese font dir

日本語フォント / Japanese font (PDF): Noto Sans/Serif CJK JP, IPAex, Hiragino, Yu Gothic … を自動検出;
  見つからない場合 / if none is found: sudo apt install fonts-ipaexfont-gothic  (or --font-path DIR)
"""

CHECK_EPILOG = """例 / examples:
  dldrill check ABCD-EFGH-JKMN-P                     1問ずつ入力 / type the answers one by one
  dldrill check ABCD-EFGH-JKMN-P --answers ans.txt   ans.txt:  1: b / 2: 3/4 / 3: ○ / 4: 1 2; 3 4 / 5: a / b
  dldrill check ABCD-EFGH-JKMN-P --answers - --json  標準入力から、JSON で / from stdin, JSON out

同じコードの2回目以降は採点だけして記録しません (--record-again で記録) /
  a sheet already checked is graded again but not recorded twice (--record-again records it)

記述問題は again / hard / good / easy で自己採点 / free-response answers are self-grades: again, hard, good, easy
"""

FORMATS = ("pdf", "html", "md")


def run_command(name: str, argv: Sequence[str]) -> int:
    """Dispatch ``worksheet`` or ``check``."""
    from dldrill.worksheets.errors import WorksheetError

    try:
        return _check(argv) if name == "check" else _worksheet(argv)
    except WorksheetError as exc:
        from dldrill.i18n import detect_lang

        sys.stderr.write(f"dldrill {name}: {exc.message(detect_lang(_lang_in(argv)))}\n")
        return 2


def _lang_in(argv: Sequence[str]) -> str | None:
    args = list(argv)
    return args[args.index("--lang") + 1] if "--lang" in args[:-1] else None


def _kinds(text: str) -> str:
    parts = {p.strip().lower() for p in text.split(",") if p.strip()}
    if not parts or not parts <= {"conceptual", "computational", "all"}:
        raise argparse.ArgumentTypeError("use conceptual, computational or conceptual,computational")
    if "all" in parts or parts == {"conceptual", "computational"}:
        return "all"
    return parts.pop()


def _worksheet_parser() -> argparse.ArgumentParser:
    parser = command_parser("worksheet", "印刷用プリントを作る / make a printable worksheet with its answer key",
                            WORKSHEET_EPILOG)
    parser.add_argument("--exam", choices=["G", "E"], type=str.upper, help="試験 / exam")
    parser.add_argument("--syllabus", nargs="+", action="extend", default=[], metavar="CODE",
                        help="シラバス項目 (T18, L01, E3-4 …) / syllabus items")
    parser.add_argument("--topic", nargs="+", action="extend", default=[], metavar="T", help="トピック / topics (cnn …)")
    parser.add_argument("--count", type=int, default=20, help="問題数 / number of questions (default 20)")
    parser.add_argument("--kinds", type=_kinds, default="all", metavar="conceptual,computational",
                        help="知識問題・計算問題 / conceptual and/or computational (default both)")
    parser.add_argument("--seed", type=int,
                        help="シード 0〜4294967295 (省略時は乱数) / seed 0 to 4294967295 (random when omitted)")
    parser.add_argument("--copies", type=int, default=1, help="別々の版の数 (クラス用) / number of different copies")
    parser.add_argument("--format", choices=FORMATS, help="出力形式 / output format (default: from -o, else pdf)")
    parser.add_argument("-o", "--output", metavar="FILE", help="出力ファイル ('-' で標準出力) / output file ('-': stdout)")
    parser.add_argument("--key", choices=["end", "separate", "none"], default="end",
                        help="解答: 末尾・別ファイル・なし / answer key at the end, in a separate file, or none")
    parser.add_argument("--font-path", action="append", default=[], metavar="DIR",
                        help="日本語フォントのあるフォルダ / folder holding a Japanese font (PDF)")
    return parser


def _output_paths(args: argparse.Namespace, fmt: str, first_code: str) -> tuple[Path | None, Path | None]:
    """(sheet file or None for stdout, separate key file or None)."""
    suffix = "." + fmt
    if args.output == "-":
        main = None
    elif args.output:
        main = Path(args.output).expanduser()
    else:
        main = Path(f"worksheet-{first_code}{suffix}")
    key = None
    if args.key == "separate":
        base = main if main is not None else Path(f"worksheet-{first_code}{suffix}")
        key = base.with_name(f"{base.stem}-key{base.suffix or suffix}")
    return main, key


def _write(path: Path, data: bytes) -> None:
    """Temporary name, then rename: an interrupted run never leaves half a sheet."""
    from dldrill.worksheets.errors import WorksheetError

    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise WorksheetError(f"{path} に書き込めません: {exc.strerror}", f"cannot write {path}: {exc.strerror}") from None


def _worksheet(argv: Sequence[str]) -> int:
    args = _worksheet_parser().parse_args(list(argv))
    import secrets

    from dldrill.commands.context import open_context
    from dldrill.worksheets.build import build_sheets
    from dldrill.worksheets.code import MAX_COPIES, MAX_SEED, SheetSpec
    from dldrill.worksheets.errors import WorksheetError

    # a file name without an extension (``-o sheet``) takes --format, else PDF
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output and args.output != "-" else ""
    fmt = args.format or suffix or "pdf"
    if fmt not in FORMATS:
        raise WorksheetError(f"出力形式がわかりません: '{fmt}' (pdf / html / md)", f"unknown format '{fmt}' (pdf, html or md)")
    if not 1 <= args.copies <= MAX_COPIES:
        raise WorksheetError(f"--copies は 1〜{MAX_COPIES} で指定してください", f"--copies must be 1 to {MAX_COPIES}")
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise WorksheetError(f"--seed は 0〜{MAX_SEED} の整数です", f"--seed must be 0 to {MAX_SEED}")
    if fmt == "pdf" and args.output == "-":
        raise WorksheetError("PDF は標準出力に出せません。-o FILE を指定してください", "PDF cannot go to stdout; give -o FILE")
    if args.output == "-" and args.key == "separate":
        raise WorksheetError("標準出力 (-o -) では --key separate は使えません。--key end か -o FILE を指定してください",
                             "--key separate needs a file: with -o - use --key end, or give -o FILE")
    font = None
    if fmt == "pdf":  # find the font before the slow part, so a missing font fails at once
        from dldrill.worksheets.fonts import require_japanese_font

        font = require_japanese_font(args.font_path)
    context = open_context(args, need_store=False)
    if context is None:  # pragma: no cover - only fails when the store is needed
        return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(16384)
    specs = [SheetSpec(args.exam, tuple(args.syllabus), tuple(args.topic), args.count, args.kinds, seed, copy,
                       context.lang) for copy in range(args.copies)]
    sheets = build_sheets(context.bank.questions, specs)
    main, key_path = _output_paths(args, fmt, sheets[0].code)
    outputs = _render(sheets, fmt, args.key, font)
    if main is None:
        sys.stdout.write(outputs[0].decode())
    else:
        _write(main, outputs[0])
    if key_path is not None and outputs[1] is not None:
        _write(key_path, outputs[1])
    short = len(sheets[0].items) < args.count
    for sheet in sheets:
        where = str(main) if main is not None else "stdout"
        sys.stderr.write(f"{sheet.code}  {len(sheet.items)} 問 / questions → {where}\n")
    if key_path is not None:
        sys.stderr.write(f"解答 / key → {key_path}\n")
    if short:
        sys.stderr.write(f"条件に合う問題は {sheets[0].pool_size} 問だけでした / only {sheets[0].pool_size} questions "
                         "match the filters\n")
    return 0


def _render(sheets: Sequence[Any], fmt: str, key: str, font: Any) -> tuple[bytes, bytes | None]:
    """(sheet file bytes, separate key bytes or None)."""
    if fmt == "md":
        from dldrill.worksheets.markdown import render_markdown

        body, separate = render_markdown(sheets, key)
        return body.encode(), separate.encode() if separate is not None else None
    if fmt == "html":
        from dldrill.worksheets.html import render_html

        body, separate = render_html(sheets, key)
        return body.encode(), separate.encode() if separate is not None else None
    from dldrill.worksheets.pdf import render_pdf

    return render_pdf(sheets, key, font)


# -- check --------------------------------------------------------------------------------------------------------
def _check_parser() -> argparse.ArgumentParser:
    parser = command_parser("check", "紙で解いたプリントを採点する / grade a worksheet done on paper", CHECK_EPILOG)
    parser.add_argument("code", metavar="CODE", help="プリントのコード / the code printed on the sheet")
    parser.add_argument("--answers", metavar="FILE", help="解答ファイル ('-' で標準入力) / answer file ('-': stdin)")
    parser.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    parser.add_argument("--record-again", action="store_true",
                        help="記録済みのプリントももう一度記録する / record a sheet that was already recorded again")
    return parser


def _check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(list(argv))
    from dldrill.commands.context import open_context
    from dldrill.worksheets.build import sheet_from_code
    from dldrill.worksheets.check import grade_answers, parse_answer_file, record, recorded_before, summary
    from dldrill.worksheets.code import shorten
    from dldrill.worksheets.errors import WorksheetError

    context = open_context(args, need_store=True)
    if context is None:
        return 2
    lang = context.lang
    sheet = sheet_from_code(context.bank.questions, args.code)
    if args.answers is not None:
        if args.answers == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(args.answers).expanduser().read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise WorksheetError(f"解答ファイルを読めません: {args.answers} ({exc})",
                                     f"cannot read the answer file {args.answers} ({exc})") from None
        checked, problems = grade_answers(sheet, parse_answer_file(text, len(sheet.items)))
        if problems:
            for problem in problems:
                sys.stderr.write(f"dldrill check: {problem.number}: {shorten(problem.answer)!r}: "
                                 f"{problem.message(lang)}\n")
            sys.stderr.write("読めない解答があるため何も記録していません。直して再実行してください / "
                             "nothing was recorded because some answers could not be read; fix them and run again\n")
            return 2
    else:
        checked = _ask_answers(sheet, lang)
    earlier = recorded_before(sheet.code, context.store)
    session_id = record(sheet, checked, context.store) if earlier is None or args.record_again else None
    totals = summary(checked)
    if args.json:
        out = {"code": sheet.code, "session_id": session_id, "recorded": session_id is not None, **totals,
               "items": [_item_json(c, lang) for c in checked]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        _say_what_was_recorded(session_id, earlier, lang, sys.stderr)  # stdout holds only the JSON
    else:
        _print_results(sheet, checked, totals, lang)
        _say_what_was_recorded(session_id, earlier, lang, sys.stdout)
    return 0


def _say_what_was_recorded(session_id: str | None, earlier: str | None, lang: str, stream: Any) -> None:
    """One line: saved, or why not (already recorded, all blank)."""
    ja = lang != "en"
    if session_id is not None:
        text = "結果を学習記録に保存しました。" if ja else "Results saved to your progress."
    elif earlier is not None:
        when = earlier[:16].replace("T", " ")
        text = (f"このプリントは {when} に記録済みのため、今回は記録していません (--record-again で記録)" if ja else
                f"This sheet was already recorded ({when}); not recorded again (use --record-again to record it)")
    else:
        text = "解答がすべて空欄のため、何も記録していません。" if ja else "Every answer is blank; nothing was recorded."
    stream.write(text + "\n")


def _ask_answers(sheet: Any, lang: str) -> list[Any]:
    """Prompt for each answer; an unreadable one is asked again (it costs nothing), an empty line leaves a blank."""
    from dldrill.answer_parsing import AnswerFormatError
    from dldrill.worksheets.answers import answer_hint
    from dldrill.worksheets.check import Checked, grade_item

    ja = lang != "en"
    sys.stderr.write("解答を1問ずつ入力してください (空行で空欄、Ctrl-D で終了)\n" if ja else
                      "Type each answer (empty line: left blank, Ctrl-D: stop)\n")
    checked: list[Any] = []
    stopped = False
    for item in sheet.items:
        p = item.presented
        while not stopped:
            if p.kind == "free":
                model = getattr(p.question.model_answer, lang)
                sys.stderr.write(("模範解答: " if ja else "Model answer: ") + model + "\n")
            hint = answer_hint(p, lang) if p.kind != "free" else "again / hard / good / easy"
            # the prompt goes to stderr so that ``--json`` output on stdout stays clean
            sys.stderr.write(f"{'問' if ja else 'Q'} {item.number}" + (f" ({hint}): " if hint else ": "))
            sys.stderr.flush()
            line = sys.stdin.readline()
            if not line:
                stopped = True
                break
            answer = line.strip()
            if not answer:
                break
            try:
                checked.append(grade_item(item, answer))
                break
            except AnswerFormatError as exc:
                sys.stderr.write(exc.message(lang) + "\n")
        if len(checked) < item.number:
            checked.append(Checked(item, None, None))
    return checked


def _item_json(c: Any, lang: str) -> dict[str, Any]:
    from dldrill.worksheets.answers import key_answer

    p = c.item.presented
    out: dict[str, Any] = {"number": c.item.number, "id": p.id, "seed": p.seed, "kind": p.kind, "answer": c.answer,
                           "key": key_answer(p, lang)}
    if c.grade is None:
        out.update(correct=False, score=0.0, blank=True)
        return out
    out.update(c.grade.to_json())
    if c.grade.correct:
        out["steps"] = []
    elif not c.grade.steps and p.steps:
        out["steps"] = [s.to_json() for s in p.steps]
    explanation = p.explanation()
    out["explanation"] = explanation.to_json() if explanation is not None else None
    return out


def _print_results(sheet: Any, checked: Sequence[Any], totals: dict[str, Any], lang: str) -> None:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.text import Text

    from dldrill.render.questions import worked_steps_renderable
    from dldrill.worksheets.answers import key_display
    from dldrill.worksheets.code import shorten

    ja = lang != "en"
    console = Console()
    for c in checked:
        p = c.item.presented
        head = f"{'問' if ja else 'Q'} {c.item.number}"
        if c.grade is None:
            console.print(Text(f"{head}  – {'未回答' if ja else 'blank'}  ({'正解' if ja else 'answer'}: "
                               f"{key_display(p, lang)})", style="yellow"))
            continue
        if c.grade.correct:
            console.print(Text(f"{head}  ✔ {shorten(str(c.answer))}", style="green"))
            continue
        console.print(Text(f"{head}  ✘ {shorten(str(c.answer))}  ({c.grade.score:.0%})", style="bold red"))
        console.print(c.grade.feedback.get(lang))
        console.print(Text(("正解: " if ja else "Answer: ") + key_display(p, lang)))
        explanation = p.explanation()
        if explanation is not None:
            console.print(Markdown(explanation.get(lang)))
        if p.steps:
            console.print(worked_steps_renderable(p, lang))
    score = f"{round(totals['score'], 2):g} / {totals['total']} ({totals['percent']:g}%)"
    console.print(Text(f"{'得点' if ja else 'Score'}: {score}", style="bold"))
