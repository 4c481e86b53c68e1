"""Worksheets as Markdown, for notes and chat: the same content as the printed sheet, byte-identical per code."""

from __future__ import annotations

from collections.abc import Sequence

from dldrill.grading import LABELS
from dldrill.worksheets.answers import answer_box, answer_hint, blank_choices, key_display, key_matrix
from dldrill.worksheets.build import Sheet, SheetItem
from dldrill.worksheets.texts import label, separate_code_blocks, step_views, title


def _box(item: SheetItem, lang: str) -> str:
    box = answer_box(item.presented, lang)
    if box.kind == "grid":
        row = "| " + " | ".join(["   "] * box.cols) + " |"
        header = "| " + " | ".join(str(j + 1) for j in range(box.cols)) + " |\n|" + "---|" * box.cols
        return f"{label(lang, 'answer')}:\n\n{header}\n" + "\n".join([row] * box.rows)
    if box.kind == "blanks":
        return "\n".join(f"{label(lang, 'blank')} {n}: ＿＿＿＿＿＿＿＿" for n in range(1, box.rows + 1))
    if box.kind == "lines":
        return f"{label(lang, 'answer')}:\n\n" + "\n".join(["＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"] * box.rows)
    if box.kind == "order":
        return f"{label(lang, 'answer')}: " + " → ".join(["［　］"] * box.cols)
    unit = f" {box.unit}" if box.unit else ""
    return f"{label(lang, 'answer')}: ［　　　　　　］{unit}"


def question_markdown(item: SheetItem, lang: str) -> str:
    p = item.presented
    codes = ", ".join(p.question.syllabus)
    parts = [f"### {label(lang, 'question')} {item.number}  〔{codes}〕", "", separate_code_blocks(p.prompt.get(lang).strip()), ""]
    for index, option in enumerate(p.options):
        parts.append(f"- {LABELS[index]}) {option.get(lang)}")
    for number, choices in blank_choices(p):
        listed = "　".join(f"{LABELS[i]}) {getattr(c, lang)}" for i, c in enumerate(choices))
        parts.append(f"- {label(lang, 'blank')} {number}: {listed}")
    if p.options or blank_choices(p):
        parts.append("")
    hint = answer_hint(p, lang)
    if hint:
        parts += [f"*{hint}*", ""]
    parts += [_box(item, lang), ""]
    return "\n".join(parts)


def key_markdown(sheet: Sheet, lang: str) -> str:
    """The key: every answer, the explanation of each question and all worked steps of the computational ones."""
    parts = [f"## {label(lang, 'key')} — {label(lang, 'code')} {sheet.code}", ""]
    for item in sheet.items:
        p = item.presented
        parts += [f"### {label(lang, 'question')} {item.number} — {label(lang, 'correct')}: {key_display(p, lang)}", ""]
        grid = key_matrix(p)
        if grid is not None:
            parts += ["```", *("  ".join(c.rjust(6) for c in row) for row in grid), "```", ""]
        explanation = p.explanation()
        if explanation is not None:
            parts += [f"**{label(lang, 'explanation')}**", "", explanation.get(lang).strip(), ""]
        if p.kind == "free":
            parts += [f"**{label(lang, 'rubric')}**", ""]
            parts += [f"- {getattr(r, lang)}" for r in p.question.rubric] + [""]
        if p.steps:
            parts += [f"**{label(lang, 'steps')}**", ""]
            for view in step_views(p.steps, lang):
                parts.append(f"{view.number}. {view.text}")
                if view.formula:
                    parts.append(f"   - `{view.formula}`")
                if view.line:
                    parts.append(f"   - `{view.line}`")
                if view.matrix is not None:
                    parts += ["", "   ```", *("   " + "  ".join(c.rjust(6) for c in row) for row in view.matrix), "   ```"]
            parts.append("")
    return "\n".join(parts)


def sheet_markdown(sheet: Sheet, lang: str) -> str:
    count = label(lang, "questions", n=len(sheet.items))
    head = [
        f"# {title(sheet.spec.exam, lang)} ({count})", "",
        f"{label(lang, 'code')}: **{sheet.code}**", "",
        f"{label(lang, 'name')}: ＿＿＿＿＿＿＿＿　{label(lang, 'date')}: ＿＿＿＿＿＿　"
        f"{label(lang, 'score')}: ＿＿＿ / {len(sheet.items)}", "",
        f"*{label(lang, 'check', code=sheet.code)}*", "", "---", "", "",
    ]
    return "\n".join(head) + "\n".join(question_markdown(item, lang) for item in sheet.items)


def render_markdown(sheets: Sequence[Sheet], key: str) -> tuple[str, str | None]:
    """(sheets, separate key or None).  ``key`` is ``end``, ``separate`` or ``none``."""
    bodies: list[str] = []
    keys: list[str] = []
    for sheet in sheets:
        lang = sheet.spec.lang
        body = sheet_markdown(sheet, lang)
        if key == "end":
            body += "\n---\n\n" + key_markdown(sheet, lang)
        elif key == "separate":
            keys.append(key_markdown(sheet, lang))
        bodies.append(body.rstrip("\n") + "\n")
    separate = "\n---\n\n".join(k.rstrip("\n") + "\n" for k in keys) if key == "separate" else None
    return "\n---\n\n".join(bodies), separate
