"""What the key says and how big the answer box is, per question kind: shared by every sheet renderer.

The key is written exactly as a learner would type it into ``dldrill check`` (labels for choices, ``a / b`` for
cloze blanks, ``1 2; 3 4`` for matrices), so a perfect answer file is just the key copied out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dldrill.grading import LABELS


@dataclass(frozen=True)
class AnswerBox:
    """The space left for an answer: ``kind`` (label, labels, truefalse, order, blanks, number, grid, lines)."""

    kind: str
    rows: int = 1
    cols: int = 1
    unit: str = ""


def key_answer(p: Any, lang: str) -> str:
    """The key as typed into ``dldrill check`` (a free-response question's 'answer' is the self-grade ``good``)."""
    q = p.question
    if p.kind == "cloze":
        return " / ".join(LABELS[b.answer] if hasattr(b, "choices") else getattr(b.answer, lang) for b in q.blanks)
    if p.kind == "free":
        return "good"
    return str(p.answer_text(lang))


def key_display(p: Any, lang: str) -> str:
    """The key as printed in the answer key: labels with their option text, the model answer for free response."""
    q = p.question
    if p.kind == "choice":
        label = key_answer(p, lang)
        index = LABELS.index(label)
        return f"{label}) {p.options[index].get(lang)}" if index < len(p.options) else label
    if p.kind == "cloze":
        parts = []
        for n, blank in enumerate(q.blanks, start=1):
            if hasattr(blank, "choices"):
                parts.append(f"[{n}] {LABELS[blank.answer]}) {getattr(blank.choices[blank.answer], lang)}")
            else:
                parts.append(f"[{n}] {getattr(blank.answer, lang)}")
        return " / ".join(parts)
    if p.kind == "free":
        return str(getattr(q.model_answer, lang))
    if p.kind == "truefalse":
        return key_answer(p, "ja") + ("" if lang == "ja" else f" ({key_answer(p, 'en')})")
    text = key_answer(p, lang)
    if p.unit is not None and p.unit.get(lang):
        text += f" {p.unit.get(lang)}"
    return text


def key_matrix(p: Any) -> list[list[str]] | None:
    """A matrix or vector key cell by cell (rounded as its tolerance says), for a grid in the answer key."""
    if p.kind != "matrix" or p.variant is None:
        return None
    from dldrill.grading import format_expected

    value = p.variant.answer
    rows = value if value and isinstance(value[0], list | tuple) else [value]
    return [[format_expected(c, p.variant.tolerance) for c in row] for row in rows]


def _shape(value: Any) -> tuple[int, int]:
    if isinstance(value, list | tuple) and value and isinstance(value[0], list | tuple):
        return len(value), max(len(r) for r in value)
    if isinstance(value, list | tuple):
        return 1, len(value)
    return 1, 1


def answer_box(p: Any, lang: str) -> AnswerBox:
    """A box sized to the answer: a grid cell per matrix entry, one slot per ordering item, a line per blank."""
    unit = p.unit.get(lang) if p.unit is not None else ""
    if p.kind == "matrix" and p.variant is not None:
        rows, cols = _shape(p.variant.answer)
        return AnswerBox("grid", rows, cols)
    if p.kind == "choice":
        return AnswerBox("label")
    if p.kind == "multiple":
        return AnswerBox("labels", cols=len(p.options))
    if p.kind == "truefalse":
        return AnswerBox("truefalse")
    if p.kind == "ordering":
        return AnswerBox("order", cols=len(p.options))
    if p.kind == "cloze":
        return AnswerBox("blanks", rows=p.blanks)
    if p.kind == "free":
        return AnswerBox("lines", rows=5)
    return AnswerBox("number", unit=unit)


def blank_choices(p: Any) -> list[tuple[int, list[Any]]]:
    """Cloze blanks answered by a label: (blank number, its options) so the sheet can list them."""
    if p.kind != "cloze":
        return []
    return [(n, list(b.choices)) for n, b in enumerate(p.question.blanks, start=1) if hasattr(b, "choices")]


def answer_hint(p: Any, lang: str) -> str:
    """How to write the answer, in the sheet's language."""
    texts = HINTS["en" if lang == "en" else "ja"]
    if p.hint is not None:
        return str(p.hint.get(lang))
    if p.kind == "cloze" and p.blanks > 1:
        return texts["cloze"]
    return texts.get(p.kind, "")


HINTS = {
    "ja": {"choice": "記号を1つ選べ。", "multiple": "当てはまるものをすべて選べ。", "truefalse": "○ か × で答えよ。",
           "ordering": "正しい順に記号を並べよ。", "cloze": "空欄の順に「/」で区切って答えよ。", "free": "記述せよ。"},
    "en": {"choice": "Choose one label.", "multiple": "Select all that apply.", "truefalse": "Answer ○ (true) or × (false).",
           "ordering": "Write the labels in the right order.", "cloze": "Answer the blanks in order, separated by “/”.",
           "free": "Write your answer."},
}
