"""``dldrill grade ID [--seed S] --answer TEXT [--json]``: grade one answer to a question (variant).

Exit 0 whether the answer is right or wrong; exit 2 with a one-line hint when the answer cannot be
read (a format error costs no attempt) or the question does not exist.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from dldrill.cli import command_parser
from dldrill.commands.bank_generated import parse_seed
from dldrill.i18n import detect_lang

EPILOG = """例 / examples:
  dldrill grade gen-conv-output-size-input --seed 3 --answer 10
  dldrill grade cnn-padding-purpose --answer b --json
  dldrill grade gen-conv2d-values-matrix --seed 1 --answer '9 12; 6 9'
"""


def run_command(name: str, argv: Sequence[str]) -> int:
    parser = command_parser("grade", "解答を採点する / grade an answer", EPILOG)
    parser.add_argument("id", metavar="ID", help="問題 ID / question id")
    parser.add_argument("--seed", type=parse_seed, default=0, metavar="S",
                        help="生成問題のシード (0〜2^63−1) / variant seed of a generated question (0 to 2^63 − 1)")
    parser.add_argument("--answer", required=True, help="解答 / the answer as typed (cloze blanks separated by /)")
    parser.add_argument("--json", action="store_true", help="JSON で出力 / print JSON")
    args = parser.parse_args(list(argv))
    lang = detect_lang(getattr(args, "lang", None))

    from dldrill.answer_parsing import AnswerFormatError
    from dldrill.bank.load import load_bank
    from dldrill.generators.base import GeneratorError
    from dldrill.questions import grade as grade_answer
    from dldrill.questions import present

    bank = load_bank(getattr(args, "bank", None) or ())
    question = bank.get(args.id)
    if question is None:
        from difflib import get_close_matches

        close = get_close_matches(args.id, list(bank.by_id), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        sys.stderr.write(f"dldrill grade: no question '{args.id}'{hint}\n")
        return 2
    try:
        shown = present(question, args.seed)
        result = grade_answer(shown, args.answer)
    except AnswerFormatError as exc:
        sys.stderr.write(f"dldrill grade: {exc.message(lang)}\n")
        return 2
    except GeneratorError as exc:
        sys.stderr.write(f"dldrill grade: {exc}\n")
        return 2
    if args.json:
        out = result.to_json()
        out["expected"] = shown.answer_text(lang) if shown.variant is None or shown.kind != "choice" else result.expected
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    from rich.console import Console

    from dldrill.render.questions import worked_steps_renderable

    console = Console()
    mark = ("[green]✔ 正解[/]" if lang == "ja" else "[green]✔ correct[/]") if result.correct else \
        ("[red]✘ 不正解[/]" if lang == "ja" else "[red]✘ wrong[/]")
    console.print(f"{mark}  ({result.score:.0%})")
    console.print(result.feedback.get(lang))
    explanation = shown.explanation()
    if explanation is not None:
        console.print(explanation.get(lang))
    if result.steps and not result.correct:
        console.print(worked_steps_renderable(shown, lang))
    return 0
