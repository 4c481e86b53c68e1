"""``dldrill bank validate|stats|list|show|stress|schema``: check, count, browse, describe and stress-test the bank.

Only argparse is imported at module level so ``dldrill bank --help`` stays instant; Pydantic, PyYAML and Rich
are imported inside the subcommand that needs them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from dldrill.cli import OneLineParser, add_common_options, command_parser
from dldrill.i18n import detect_lang

EPILOG = """\
例 / examples:
  dldrill bank validate                         組み込み＋追加バンクを検証 / check the built-in and extra banks
  dldrill bank validate my_bank/ extra.yaml     指定したファイルだけ検証 / check only these files
  dldrill bank stats --json
  dldrill bank list --syllabus T18 --search パディング
  dldrill bank list --syllabus E3-4             E3-4-1, E3-4-2, E3-4-3
  dldrill bank show cnn-padding-purpose --lang en
  dldrill bank show gen-confusion-metrics-choice --seed 7     生成問題を1つ出題 / draw one variant
  dldrill bank show gen-iou-boxes-choice --seed 3 --json
  dldrill bank stress gen-roc-auc-choice --runs 500             多数のシードで検査 / stress-test many seeds
  dldrill bank schema > question.schema.json

extra banks: --bank DIR (repeatable) or DLDRILL_BANKS=dir1{sep}dir2; cache: DLDRILL_CACHE=DIR (off disables)
"""

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "prompt": "問題", "choices": "選択肢", "answer": "正解", "explanation": "解説", "why": "各選択肢について",
        "true": "正しい (○)", "false": "誤り (×)", "blanks": "空欄", "accept": "別解", "order": "正しい順序",
        "model_answer": "模範解答", "rubric": "採点の観点", "tolerance": "許容", "exact": "厳密一致",
        "references": "参考文献", "generator": "生成器", "params": "パラメータ", "form": "形式",
        "difficulty": "難易度", "topics": "トピック", "source": "定義場所",
        "seed_later": "生成器 '{generator}' はこのバージョンの dldrill にないため、--seed の出題は作れません。",
        "seed_hint": "生成問題のテンプレートです。出題を見るには --seed S を付けてください (例: --seed 1)。",
        "seed_static": "静的な問題なので --seed は無視します。",
        "none": "該当する問題はありません。",
    },
    "en": {
        "prompt": "Question", "choices": "Choices", "answer": "Answer", "explanation": "Explanation",
        "why": "About each choice", "true": "True", "false": "False", "blanks": "Blanks", "accept": "also accepted",
        "order": "Correct order", "model_answer": "Model answer", "rubric": "Rubric", "tolerance": "Tolerance",
        "exact": "exact", "references": "References", "generator": "Generator", "params": "Parameters",
        "form": "Form", "difficulty": "Difficulty", "topics": "Topics", "source": "Defined at",
        "seed_later": "generator '{generator}' is not part of this version of dldrill, so no variant can be drawn "
                      "for --seed.",
        "seed_hint": "this is a generated template; add --seed S to draw a variant (e.g. --seed 1).",
        "seed_static": "--seed is ignored for a static question.",
        "none": "No question matches.",
    },
}
#: headings of `bank list`; apart from LABELS so that every label there is a plain str
COLUMNS: dict[str, tuple[str, ...]] = {
    "ja": ("ID", "種類", "試験", "シラバス", "難易度", "問題文"),
    "en": ("ID", "Type", "Exam", "Syllabus", "Diff.", "Prompt"),
}
ROUNDING = {
    "ja": {"half_up": "四捨五入", "half_even": "偶数丸め", "floor": "切り捨て (floor)", "ceil": "切り上げ (ceil)"},
    "en": {"half_up": "half up", "half_even": "half to even", "floor": "floor", "ceil": "ceiling"},
}


def _parser() -> OneLineParser:
    import os

    from dldrill.commands.bank_generated import parse_seed, positive_runs

    parser = command_parser("bank", "問題バンクの検証・統計・一覧・表示 / validate, count, list and show bank questions",
                            epilog=EPILOG.format(sep=os.pathsep))
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=OneLineParser)
    sub.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_text, description=help_text)
        add_common_options(child)
        return child

    validate = add("validate", "ファイルを検証し、問題点を行番号つきで表示 / check files, print every problem with its line")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="ファイルかディレクトリ (省略時: 組み込み＋追加バンク) / files or dirs (default: the bank)")
    validate.add_argument("--no-cache", action="store_true", help="キャッシュを使わない / ignore the cache")
    stats = add("stats", "種類・試験・難易度・シラバス別の件数とキーワード網羅率 / counts and syllabus coverage")
    stats.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    listing = add("list", "問題の一覧 / list questions")
    listing.add_argument("--topic", help="トピックで絞り込む / only this topic")
    listing.add_argument("--syllabus", metavar="CODE", help="項目コードか節 (T18, E3-4) / item code or section")
    listing.add_argument("--search", metavar="TEXT", help="本文・選択肢・解説を検索 / search the texts")
    listing.add_argument("--type", choices=["single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free",
                                            "generated"], help="問題の種類 / question type")
    listing.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    show = add("show", "1問を正解・解説つきで表示 / show one question with its answer and explanation")
    show.add_argument("id", metavar="ID", help="問題 ID / question id")
    show.add_argument("--seed", type=parse_seed, metavar="S",
                      help="生成問題のシード (0 以上の整数) / seed of a generated question (whole number ≥ 0)")
    show.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    stress = add("stress", "生成問題を多数のシードで検査 (エラー・時間・答えの範囲・正解位置) / stress-test a generated question")
    stress.add_argument("id", metavar="ID", help="生成問題の ID / id of a generated question")
    stress.add_argument("--runs", type=positive_runs, default=200, metavar="N", help="シード 0..N−1 を試す (既定 200) / seeds 0..N−1 (default 200)")
    stress.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    add("schema", "問題ファイルの JSON Schema を出力 / print the JSON Schema of a bank file")
    return parser


def run_command(name: str, argv: Sequence[str]) -> int:
    """Parse the action and its options, run it, return the exit status."""
    args = _parser().parse_args(list(argv))
    args.lang = detect_lang(getattr(args, "lang", None))
    args.bank = getattr(args, "bank", None) or []
    action = {"validate": _validate, "stats": _stats, "list": _list, "show": _show, "stress": _stress,
              "schema": _schema}[args.action]
    return int(action(args))


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _load(args: argparse.Namespace, **options: Any) -> Any:
    """The bank with a spinner on a terminal; a one-line warning when some files have problems."""
    from dldrill.bank.load import load_bank

    console = _console(stderr=True)
    if not console.is_terminal:
        return load_bank(args.bank, **options)
    with console.status("読み込み中 / loading the bank…") as status:
        def progress(done: int, total: int) -> None:
            status.update(f"読み込み中 / loading the bank… {done}/{total}")

        return load_bank(args.bank, progress=progress, **options)


def _warn_problems(bank: Any) -> None:
    if bank.problems:
        sys.stderr.write(f"dldrill bank: warning: {len(bank.problems)} problem(s) in the bank; those questions are "
                         "skipped (see dldrill bank validate)\n")


def _validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dldrill.bank.load import builtin_bank_dir, extra_bank_dirs, load_files

    bank_sources = [d for d in [builtin_bank_dir()] if d is not None] + extra_bank_dirs(args.bank)
    if args.paths:
        primary, context = [Path(p) for p in args.paths], bank_sources
    else:
        primary, context = bank_sources, []
    bank = load_files(primary, context, use_cache=not args.no_cache)
    shown = _shown_primary(bank, primary)
    checked = [q for q in bank.questions if str(bank.locations[q.id].path) in shown]
    undrawable = _draw_problems(bank, checked, use_cache=not args.no_cache)
    problems = list(bank.problems) + undrawable
    out = sys.stdout
    for problem in problems:
        out.write(f"{problem}\n")
    out.flush()
    console = _console()
    if problems:
        files = len({p.path for p in problems})
        console.print(f"[bold red]✗ {len(problems)} problem(s)[/] in {files} file(s); "
                      f"{len(checked) - len(undrawable)} valid question(s) loaded")
        return 1
    console.print(f"[bold green]✓ no problems[/]: {len(checked)} question(s) checked")
    return 0


def _draw_problems(bank: Any, questions: Sequence[Any], use_cache: bool) -> list[Any]:
    """Generated questions whose variants cannot be drawn, as problems at the question (sorted like the bank's)."""
    from dldrill.bank.cache import cache_dir
    from dldrill.bank.problems import Problem
    from dldrill.commands.bank_generated import draw_problems

    found = []
    for question, message in draw_problems(questions, directory=cache_dir() if use_cache else None):
        where = bank.locations[question.id]
        found.append(Problem(where.path, where.line, where.col, question.id, message))
    order = {path: number for number, path in enumerate(bank.files)}
    return sorted(found, key=lambda p: (order.get(p.path, -1), p.line, p.col))


def _shown_primary(bank: Any, primary: Sequence[Any]) -> set[str]:
    from dldrill.bank.load import bank_files, display_path

    return {display_path(f) for target in primary if target.exists() for f in bank_files(target)}


def _stats(args: argparse.Namespace) -> int:
    from dldrill.bank.stats import bank_stats

    bank = _load(args)
    _warn_problems(bank)
    stats = bank_stats(bank.questions)
    stats["files"] = len(bank.files)
    stats["problems"] = len(bank.problems)
    if args.json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return 0
    _console().print(stats_renderable(stats, args.lang))
    return 0


def _list(args: argparse.Namespace) -> int:
    from dldrill.bank.stats import matches_search
    from dldrill.bank.syllabus import load_syllabus

    bank = _load(args)
    _warn_problems(bank)
    questions = list(bank.questions)
    if args.syllabus:
        wanted = {item.code for item in load_syllabus().matching(args.syllabus)}
        if not wanted:
            sys.stderr.write(f"dldrill bank list: error: no syllabus item or section {args.syllabus!r} "
                             "(use a code such as T18 or a section such as E3-4)\n")
            return 2
        questions = [q for q in questions if wanted & set(q.syllabus)]
    if args.topic:
        questions = [q for q in questions if args.topic.strip().lower() in q.topics]
    if args.type:
        questions = [q for q in questions if q.type == args.type]
    if args.search:
        questions = [q for q in questions if matches_search(q, args.search)]
    if args.json:
        rows = [{"id": q.id, "type": q.type, "exam": list(q.exam), "syllabus": list(q.syllabus),
                 "topics": list(q.topics), "difficulty": q.difficulty,
                 "prompt": q.prompt.model_dump() if q.prompt else None, "source": str(bank.locations[q.id])}
                for q in questions]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = _console()
    console.print(list_renderable(questions, args.lang) if questions else LABELS[args.lang]["none"])
    return 0


def _find(args: argparse.Namespace, bank: Any) -> Any:
    """The question called ``args.id``, or None after a one-line error naming the closest id."""
    question = bank.get(args.id)
    if question is None:
        from difflib import get_close_matches

        close = get_close_matches(args.id, list(bank.by_id), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        broken = any(p.qid == args.id for p in bank.problems)
        reason = " (it has problems: see dldrill bank validate)" if broken else ""
        sys.stderr.write(f"dldrill bank {args.action}: error: no question '{args.id}'{reason}{hint}\n")
    return question


def _show(args: argparse.Namespace) -> int:
    bank = _load(args)
    question = _find(args, bank)
    if question is None:
        return 2
    source = str(bank.locations[question.id])
    if question.type == "generated" and args.seed is not None:
        from dldrill.commands.bank_generated import has_generator

        if has_generator(question):
            return _show_variant(args, question, source)
    if args.json:
        from dldrill.bank.schema import question_to_data

        data = question_to_data(question)
        data["source"] = source
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _console().print(question_renderable(question, args.lang, source))
    label = LABELS[args.lang]
    if question.type == "generated":
        note = label["seed_later"].format(generator=question.generator) if args.seed is not None else label["seed_hint"]
        sys.stderr.write(f"dldrill bank show: note: {note}\n")
    elif args.seed is not None:
        sys.stderr.write(f"dldrill bank show: note: {label['seed_static']}\n")
    return 0


def _show_variant(args: argparse.Namespace, question: Any, source: str) -> int:
    """Draw the variant (id, seed) the way practice and grading do (dldrill.questions.present) and show it with its key."""
    from dldrill.commands.bank_generated import draw_error_text, variant_json, variant_renderable
    from dldrill.questions import present

    try:  # anything a bank's parameters can provoke while drawing or rendering ends in one line, exit 2
        presented = present(question, args.seed)
        if args.json:
            text = json.dumps(variant_json(presented, args.lang, source), ensure_ascii=False, indent=2) + "\n"
        else:
            console = _console()
            with console.capture() as captured:
                console.print(variant_renderable(presented, args.lang, source))
            text = captured.get()
    except Exception as exc:
        sys.stderr.write(f"dldrill bank show: error: {question.id} seed {args.seed}: {draw_error_text(exc)} "
                         "(see dldrill bank validate)\n")
        return 2
    sys.stdout.write(text)
    return 0


def _stress(args: argparse.Namespace) -> int:
    """Run seeds 0..N−1 of a generated question; exit 1 when any seed fails (a check failed), 2 for a bad id."""
    from dldrill.commands.bank_generated import has_generator, stress, stress_renderable

    bank = _load(args)
    question = _find(args, bank)
    if question is None:
        return 2
    if question.type != "generated":
        sys.stderr.write(f"dldrill bank stress: error: '{question.id}' is a static {question.type} question; "
                         "stress tests need a generated one (see dldrill bank list --type generated)\n")
        return 2
    if not has_generator(question):
        sys.stderr.write(f"dldrill bank stress: error: generator '{question.generator}' of '{question.id}' "
                         "has no implementation\n")
        return 2
    from dldrill.commands.bank_generated import draw_error_text

    try:  # failing seeds are reported in the table; anything else still ends in one line, not a traceback
        console = _console(stderr=True)
        if console.is_terminal and not args.json:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as bar:
                task = bar.add_task(question.id, total=args.runs)
                report = stress(question, args.runs, lambda done: bar.update(task, completed=done))
        else:
            report = stress(question, args.runs)
        if args.json:
            text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        else:
            output = _console()
            with output.capture() as captured:
                output.print(stress_renderable(report, args.lang))
            text = captured.get()
    except Exception as exc:
        sys.stderr.write(f"dldrill bank stress: error: {question.id}: {draw_error_text(exc)}\n")
        return 2
    sys.stdout.write(text)
    return 1 if report["errors"] else 0


def _schema(args: argparse.Namespace) -> int:
    from dldrill.bank.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


# ---------------------------------------------------------------- Rich views (imported lazily by the actions)


def stats_renderable(stats: dict[str, Any], lang: str) -> Any:
    """Counts side by side, then coverage: keyword share and the items below their minimum."""
    from rich.console import Group
    from rich.table import Table

    ja = lang == "ja"
    counts = Table(title="件数 / counts" if ja else "Counts", show_header=False, box=None, padding=(0, 2))
    counts.add_row("questions" if not ja else "問題数", str(stats["questions"]))
    counts.add_row("files" if not ja else "ファイル", str(stats["files"]))
    for group in ("by_type", "by_exam", "by_difficulty"):
        counts.add_row(group, "  ".join(f"{key}: {value}" for key, value in stats[group].items()))
    counts.add_row("not single" if not ja else "単一選択以外", f"{stats['not_single_share']:.0%}")
    coverage = stats["coverage"]
    target = coverage["g_keyword_target"]
    style = "green" if coverage["g_keyword_coverage"] >= target else "red"
    counts.add_row("G keywords" if not ja else "G検定キーワード",
                   f"[{style}]{coverage['g_keyword_coverage']:.1%}[/] ({coverage['g_keywords_found']}/"
                   f"{coverage['g_keywords_total']}, target {target:.0%})")
    counts.add_row("E keywords" if not ja else "E資格キーワード",
                   f"{coverage['e_keyword_coverage']:.1%} ({coverage['e_keywords_found']}/{coverage['e_keywords_total']})")
    items = Table(title="シラバス項目 / syllabus items" if ja else "Syllabus items", pad_edge=False)
    for column in ("code", "title", "questions", "min", "keywords", "missing keywords"):
        items.add_column(column, overflow="fold", justify="right" if column in ("questions", "min") else "left")
    for code, item in coverage["items"].items():
        if item["optional"] and not item["questions"]:
            continue
        shortfall = item["questions"] < item["minimum"]
        found, missing = len(item["keywords_found"]), item["keywords_missing"]
        items.add_row(code, item["title"], f"[red]{item['questions']}[/]" if shortfall else str(item["questions"]),
                      str(item["minimum"]), f"{found}/{found + len(missing)}", ", ".join(missing))
    below = coverage["below_minimum"]
    summary = (f"[red]{len(below)} item(s) below their minimum:[/] " + ", ".join(b["code"] for b in below)) if below \
        else "[green]every item has its minimum number of questions[/]"
    return Group(counts, "", items, summary)


#: `bank list` columns by the width they get: (columns kept, by index into COLUMNS) from the widest layout down.
#: Exam, difficulty and then the syllabus codes go first; id, type and a prompt excerpt always stay.
LIST_LAYOUTS: tuple[tuple[int, tuple[int, ...]], ...] = ((130, (0, 1, 2, 3, 4, 5)), (100, (0, 1, 3, 5)), (0, (0, 1, 5)))
#: the prompt excerpt keeps at least this many cells; a long id folds onto a second line instead
MIN_PROMPT_CELLS = 30


def list_renderable(questions: Sequence[Any], lang: str) -> Any:
    """One row per question, laid out for the width it is printed at (Rich measures cells: Japanese aligns)."""
    return QuestionList(tuple(questions), lang)


class QuestionList:
    """The `bank list` table, built when printed: at 80 columns it drops low-priority columns instead of
    squeezing the prompt to nothing."""

    def __init__(self, questions: tuple[Any, ...], lang: str) -> None:
        self.questions, self.lang = questions, lang

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.table(options.max_width)

    def table(self, width: int) -> Any:
        from rich.table import Table

        from dldrill.i18n import pick

        kept = next(columns for least, columns in LIST_LAYOUTS if width >= least)
        rows = []
        for q in self.questions:
            prompt = pick(q.prompt, self.lang).strip().splitlines()[0] if q.prompt else f"({q.generator})"
            cells = (q.id, q.type, "+".join(q.exam), " ".join(q.syllabus), "★" * q.difficulty, prompt)
            rows.append([cells[index] for index in kept])
        table = Table(pad_edge=False, expand=False, caption=f"{len(self.questions)}")
        headers = [COLUMNS[self.lang][index] for index in kept]
        if len(kept) == len(COLUMNS[self.lang]):  # room for everything: the prompt wraps within 60 cells
            for index, header in enumerate(headers):
                table.add_column(header, no_wrap=index != 5, overflow="ellipsis", max_width=None if index != 5 else 60,
                                 justify="center" if index == 4 else "left")
        else:  # one line per question: the id in full (folded when very long), a prompt excerpt to the edge
            from rich.cells import cell_len

            fitted = [max([cell_len(header), *(cell_len(row[position]) for row in rows)])
                      for position, header in enumerate(headers)]
            # rules between and around the columns, one space of padding on each inner side of every cell
            available = width - (len(kept) + 1) - (2 * len(kept) - 2)
            middle = sum(fitted[1:-1])
            id_cells = max(12, min(fitted[0], available - middle - MIN_PROMPT_CELLS))
            prompt_cells = max(MIN_PROMPT_CELLS, min(fitted[-1], available - middle - id_cells))
            for position, header in enumerate(headers):
                if position == 0:
                    table.add_column(header, width=id_cells, overflow="fold")
                elif position == len(headers) - 1:
                    table.add_column(header, width=prompt_cells, no_wrap=True, overflow="ellipsis")
                else:
                    table.add_column(header, no_wrap=True, overflow="ellipsis")
        for row in rows:
            table.add_row(*row)
        return table


def _markdown(text: str) -> Any:
    from rich.markdown import Markdown

    return Markdown(text)


def question_renderable(q: Any, lang: str, source: str) -> Any:
    """The whole question with its key: prompt, labelled options, answer, explanation and why per option."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from dldrill.i18n import pick

    label = LABELS[lang]
    parts: list[Any] = [Text(f"{q.type} · {'+'.join(q.exam)} · {' '.join(q.syllabus)} · "
                             f"{label['difficulty']} {'★' * q.difficulty} · {label['topics']}: {', '.join(q.topics)}",
                             style="dim")]
    if q.prompt is not None:
        parts += [Text(label["prompt"], style="bold"), _markdown(pick(q.prompt, lang))]
    letters = "abcdefgh"
    if q.type in ("single", "multiple"):
        parts.append(Text(label["choices"], style="bold"))
        parts += [Text(f"  {letters[i]}) {pick(c.text, lang)}") for i, c in enumerate(q.choices)]
        keys = [q.answer] if q.type == "single" else list(q.answer)
        parts.append(Text(f"{label['answer']}: " + ", ".join(letters[k] for k in keys), style="bold green"))
    elif q.type == "truefalse":
        parts.append(Text(f"{label['answer']}: {label['true' if q.answer else 'false']}", style="bold green"))
    elif q.type == "cloze":
        parts.append(Text(label["answer"], style="bold green"))
        for n, blank in enumerate(q.blanks, start=1):
            if hasattr(blank, "choices"):
                options = " / ".join(pick(c, lang) for c in blank.choices)
                parts.append(Text(f"  {{{{{n}}}}} {pick(blank.choices[blank.answer], lang)}   ({options})"))
            else:
                extra = f"   ({label['accept']}: {', '.join(blank.accept)})" if blank.accept else ""
                parts.append(Text(f"  {{{{{n}}}}} {pick(blank.answer, lang)}{extra}"))
    elif q.type == "ordering":
        parts.append(Text(label["order"], style="bold green"))
        parts += [Text(f"  {n}. {pick(item, lang)}") for n, item in enumerate(q.items, start=1)]
    elif q.type == "numeric":
        unit = f" {pick(q.unit, lang)}" if q.unit else ""
        parts.append(Text(f"{label['answer']}: {q.answer}{unit}   ({label['tolerance']}: "
                          f"{describe_tolerance(q.tolerance, lang)})", style="bold green"))
    elif q.type == "free":
        parts += [Text(label["model_answer"], style="bold green"), _markdown(pick(q.model_answer, lang)),
                  Text(label["rubric"], style="bold")]
        parts += [Text(f"  • {pick(point, lang)}") for point in q.rubric]
    elif q.type == "generated":
        parts.append(Text(f"{label['generator']}: {q.generator}   {label['form']}: {q.form}"))
        if q.params:
            parts.append(Text(f"{label['params']}: " + json.dumps(q.params, ensure_ascii=False)))
    if q.explanation is not None:
        parts += [Text(label["explanation"], style="bold"), _markdown(pick(q.explanation, lang))]
    if q.type in ("single", "multiple") and any(c.why for c in q.choices):
        parts.append(Text(label["why"], style="bold"))
        for i, choice in enumerate(q.choices):
            if choice.why is not None:
                keys = [q.answer] if q.type == "single" else list(q.answer)
                mark = "✓" if i in keys else "✗"
                parts.append(Text(f"  {letters[i]}) {mark} {pick(choice.why, lang)}"))
    if q.references:
        parts.append(Text(f"{label['references']}: " + "; ".join(q.references), style="dim"))
    parts.append(Text(f"{label['source']}: {source}", style="dim"))
    return Panel(Group(*parts), title=q.id, title_align="left")


def describe_tolerance(tolerance: Any, lang: str) -> str:
    """The grading rule in words, e.g. 小数第3位を四捨五入 / rounded to 2 decimal places (half up)."""
    ja = lang == "ja"
    if tolerance is None:
        return LABELS[lang]["exact"]
    value, mode = tolerance.value, tolerance.mode
    if mode == "absolute":
        return f"誤差 ±{value} まで" if ja else f"within ±{value}"
    if mode == "relative":
        return f"相対誤差 {value:.2%} まで" if ja else f"within {value:.2%} relative error"
    rule = ROUNDING[lang][tolerance.effective_rounding]
    if mode == "decimals":
        return f"小数第{value + 1}位を{rule}" if ja else f"rounded to {value} decimal place(s), {rule}"
    return f"有効数字{value}桁 ({rule})" if ja else f"{value} significant figure(s), {rule}"
