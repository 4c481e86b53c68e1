"""Render a presented question and its feedback for the terminal with Rich (used by --plain mode and the CLI)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text

from dldrill.grading import LABELS, Grade
from dldrill.questions import Presented
from dldrill.render.terminal import solution_steps_renderable

TEXT = {
    "ja": {"correct": "✔ 正解", "wrong": "✘ 不正解", "explanation": "解説", "why": "選んだ選択肢について", "model": "模範解答",
           "rubric": "採点のポイント", "tf": "○ か × で答えてください", "order": "正しい順に記号を並べてください (例: b a c)",
           "multiple": "当てはまるものをすべて (例: a,c)", "blank": "空欄"},
    "en": {"correct": "✔ Correct", "wrong": "✘ Wrong", "explanation": "Explanation", "why": "About your choice", "model": "Model answer",
           "rubric": "Points to check", "tf": "Answer true or false (○ / ×)", "order": "Type the labels in the right order (e.g. b a c)",
           "multiple": "Select all that apply (e.g. a,c)", "blank": "Blank"},
}


def question_renderable(p: Presented, lang: str, number: str = "") -> RenderableType:
    """The stem (Markdown), the labelled options, and a hint on how to answer."""
    t = TEXT.get(lang, TEXT["ja"])
    parts: list[RenderableType] = []
    if number:
        codes = ", ".join(getattr(p.question, "syllabus", ()))
        parts.append(Text(f"{number}  [{codes}]  {p.id}", style="dim"))
    parts.append(Markdown(p.prompt.get(lang)))
    for i, option in enumerate(p.options):
        parts.append(Text.assemble((f"  {LABELS[i]}) ", "bold cyan"), option.get(lang)))
    hint = {"truefalse": t["tf"], "ordering": t["order"], "multiple": t["multiple"]}.get(p.kind)
    if p.hint is not None:
        hint = p.hint.get(lang)
    if hint:
        parts.append(Text(hint, style="dim italic"))
    return Group(*parts)


def verdict_text(grade: Grade, lang: str) -> Text:
    """``✔ 正解`` or ``✘ 不正解``: the mark makes it readable without colour."""
    t = TEXT.get(lang, TEXT["ja"])
    return Text(t["correct"] if grade.correct else t["wrong"], style="bold green" if grade.correct else "bold red")


def feedback_renderable(p: Presented, grade: Grade, lang: str, picked: int | None = None) -> RenderableType:
    """Right or wrong, the grader's feedback, the explanation, and the worked steps after a mistake."""
    t = TEXT.get(lang, TEXT["ja"])
    parts: list[RenderableType] = [verdict_text(grade, lang), Text(grade.feedback.get(lang))]
    explanation = p.explanation()
    if explanation is not None:
        parts += [Text(t["explanation"], style="bold underline"), Markdown(explanation.get(lang))]
    if not grade.correct and p.steps:
        parts.append(worked_steps_renderable(p, lang))
    return Group(*parts)


def worked_steps_renderable(p: Presented, lang: str) -> RenderableType:
    """The solver's steps; for convolution and pooling the windows are drawn over the input grid, and the
    window of the output cell a question asked about is always among them."""
    from dldrill.render.grid import window_source

    variant = p.variant
    source = window_source(variant.solution) if variant is not None else None
    params = variant.params if variant is not None else {}
    focus = (int(params["row"]), int(params["col"])) if params.get("ask") == "cell" and "row" in params else None
    return solution_steps_renderable(p.steps, lang, source, focus)


def free_answer_renderable(p: Presented, lang: str) -> RenderableType:
    t = TEXT.get(lang, TEXT["ja"])
    q = p.question
    parts: list[RenderableType] = [Text(t["model"], style="bold underline"), Markdown(getattr(q.model_answer, lang))]
    parts.append(Text(t["rubric"], style="bold underline"))
    parts += [Text(f"  • {getattr(r, lang)}") for r in q.rubric]
    return Group(*parts)
