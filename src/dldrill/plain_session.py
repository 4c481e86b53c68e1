"""``--plain`` mode: a line-by-line Rich prompt loop over the session engine, for screen readers,
small terminals and quick sessions.  Same engine, same recording and scheduling as the app."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.rule import Rule

from dldrill.answer_parsing import AnswerFormatError
from dldrill.grading import Grade
from dldrill.render.questions import feedback_renderable, free_answer_renderable, question_renderable
from dldrill.study.session import SessionEngine

HELP = {
    "ja": "答えを入力して Enter。:q 終了  :s スキップ  :n 同じ形式の別の問題 (生成問題)",
    "en": "Type an answer and press Enter.  :q quit  :s skip  :n another like this (generated questions)",
}
NOT_GENERATED = {"ja": ":n は生成問題でのみ使えます。この問題に答えてください (:s でスキップ)。",
                 "en": ":n works on generated questions only; answer this one (or :s to skip)."}
SELF = {"ja": "自己採点 (again / hard / good / easy): ", "en": "Grade yourself (again / hard / good / easy): "}


def run_plain(engine: SessionEngine, lang: str, console: Console | None = None,
              read: Callable[[str], str] = input) -> dict[str, int]:
    """Ask every question in turn; returns counts.  EOF or :q ends the session cleanly (answers so far are saved)."""
    console = console or Console()
    console.print(HELP.get(lang, HELP["ja"]), style="dim")
    answered = correct = 0
    try:
        while engine.current is not None:
            item = engine.current
            p = item.presented
            grade: Grade | None = None  # per question: nothing carried over from the previous one
            command = ""
            console.print(Rule())
            console.print(question_renderable(p, lang, f"[{engine.index + 1}/{engine.total}]"))
            if p.kind == "free":
                read("(Enter) ")
                console.print(free_answer_renderable(p, lang))
                while True:
                    rating = read(SELF.get(lang, SELF["ja"])).strip().lower()
                    if rating in (":q", "q"):
                        raise EOFError
                    try:
                        grade = engine.submit_self_grade(rating)
                        break
                    except AnswerFormatError as exc:
                        console.print(exc.message(lang), style="yellow")
            else:
                while True:
                    if p.kind == "cloze":
                        texts = [read(f"{'空欄' if lang == 'ja' else 'Blank'} {n + 1}: ") for n in range(p.blanks)]
                        command = texts[0].strip() if texts else ""
                        answer: str | list[str] = texts
                    else:
                        answer = read("> ")
                        command = answer.strip()
                    if command == ":q":
                        raise EOFError
                    if command == ":s":
                        grade = None
                        break
                    if command == ":n":
                        if item.question.type != "generated":
                            console.print(NOT_GENERATED.get(lang, NOT_GENERATED["ja"]), style="yellow")
                            continue  # ask the same question again
                        engine.another_like_this()
                        break
                    try:
                        grade = engine.submit(answer)
                        break
                    except AnswerFormatError as exc:
                        console.print(exc.message(lang), style="yellow")
                if command == ":n":
                    continue  # a fresh variant is now the current question (or the session ended)
            if grade is not None:
                answered += 1
                correct += int(grade.correct)
                console.print(feedback_renderable(p, grade, lang))
            engine.next()
    except (EOFError, KeyboardInterrupt):
        console.print()
    summary = {"answered": answered, "correct": correct}
    msg = (f"{answered} 問に解答、{correct} 問正解。記録は保存済みです。" if lang == "ja"
           else f"Answered {answered}, correct {correct}. Progress is saved.")
    console.print(msg, style="bold")
    return summary
