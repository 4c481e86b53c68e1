"""Printed words of a worksheet in Japanese and English, and the value formatting every renderer shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dldrill.render.numbers import number_text
from solvers.numbers import fmt

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "title_G": "G検定 練習プリント", "title_E": "E資格 練習プリント", "title": "ディープラーニング 練習プリント",
        "questions": "{n}問", "code": "コード", "name": "名前", "date": "日付", "score": "得点", "question": "問",
        "answer": "解答", "key": "解答と解説", "key_of": "解答と解説", "correct": "正解", "explanation": "解説",
        "steps": "途中式", "model": "模範解答", "rubric": "採点のポイント", "page": "ページ",
        "check": "採点: dldrill check {code}", "blank": "空欄", "unit": "単位", "copy": "版",
        "why": "誤りの選択肢", "answers_for": "このコードの解答",
    },
    "en": {
        "title_G": "G検定 practice sheet", "title_E": "E資格 practice sheet", "title": "Deep learning practice sheet",
        "questions": "{n} questions", "code": "Code", "name": "Name", "date": "Date", "score": "Score",
        "question": "Q", "answer": "Answer", "key": "Answer key", "key_of": "Answer key", "correct": "Answer",
        "explanation": "Explanation", "steps": "Worked steps", "model": "Model answer", "rubric": "Points to check",
        "page": "page", "check": "Grade it: dldrill check {code}", "blank": "Blank", "unit": "unit", "copy": "copy",
        "why": "Wrong options", "answers_for": "Answers for",
    },
}


def label(lang: str, key: str, **values: Any) -> str:
    return LABELS["en" if lang == "en" else "ja"][key].format(**values)


def title(exam: str | None, lang: str) -> str:
    return label(lang, f"title_{exam}" if exam in ("G", "E") else "title")


def is_matrix(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(r, list | tuple) for r in value) \
        and all(not any(isinstance(c, list | tuple | dict) for c in r) for r in value)


def is_flat_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and not any(isinstance(v, list | tuple | dict) for v in value)


def value_text(value: Any) -> str:
    """A step result on one line: numbers, ``[a, b]`` lists, ``{k: v}`` mappings (matrices use :func:`matrix_rows`)."""
    if isinstance(value, str):
        return value
    if is_flat_list(value):
        return "[" + ", ".join(number_text(v).lstrip("≈ ") if "≈" in number_text(v) else number_text(v)
                               for v in value) + "]"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return number_text(value)


def matrix_rows(value: Sequence[Sequence[Any]]) -> list[list[str]]:
    return [[fmt(c) for c in row] for row in value]


class StepView:
    """One worked step laid out for print: explanation, general formula, substituted line, result."""

    def __init__(self, number: int, step: Any, lang: str) -> None:
        self.number = number
        self.text = str(step.text.get(lang))
        self.formula = str(step.formula or "")
        self.latex = str(getattr(step, "latex", "") or "")
        result = step.result
        self.matrix: list[list[str]] | None = matrix_rows(result) if is_matrix(result) else None
        self.substituted = str(step.substituted or "")
        self.result = ""
        if result is None or self.matrix is not None or (isinstance(result, str) and self.substituted):
            return
        # a scalar whose exact form only repeats the substituted line shows just its decimal (−ln(17/25) ≈ 0.386)
        shown = number_text(result, after=self.substituted) if not isinstance(result, list | tuple | dict) \
            else value_text(result)
        if is_flat_list(result) and any("≈" in number_text(v) for v in result):
            shown = "≈ " + shown
        self.result = shown

    @property
    def line(self) -> str:
        """``substituted = result`` (or ``→ result`` when there is no substituted form)."""
        if self.substituted and self.result:
            joiner = " " if self.result.startswith("≈") else " = "
            return self.substituted + joiner + self.result
        if self.result:
            return "→ " + self.result
        return self.substituted


def step_views(steps: Sequence[Any], lang: str) -> list[StepView]:
    """Every step, none folded: the key shows each convolution window's sum."""
    return [StepView(n, step, lang) for n, step in enumerate(steps, start=1)]


def separate_code_blocks(text: str) -> str:
    """Put a blank line before an indented block that directly follows a paragraph line.

    Generators print grids as lines indented by four spaces right under ``入力:``; in Markdown an indented block
    cannot interrupt a paragraph, so without the blank line the grid would be run together into one line.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.startswith("    ") and line.strip() and out and out[-1].strip() and not out[-1].startswith("    "):
            out.append("")
        out.append(line)
    return "\n".join(out)
