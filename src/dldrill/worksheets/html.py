"""Worksheets as one self-contained HTML file: print CSS for A4, formulas as MathML, nothing fetched from a network.

Why no external anything: a sheet is opened from a USB stick or a mail attachment in a classroom, often offline,
so CSS is inline, fonts are the reader's own (a list of common Japanese system fonts), and Markdown links and
images in bank texts are rendered as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from html import escape
from typing import Any

from dldrill.grading import LABELS
from dldrill.worksheets.answers import answer_box, answer_hint, blank_choices, key_display, key_matrix
from dldrill.worksheets.build import Sheet, SheetItem
from dldrill.worksheets.formulas import to_mathml
from dldrill.worksheets.texts import label, separate_code_blocks, step_views, title

CSS = """
@page { size: A4; margin: 15mm 15mm 18mm 15mm; }
:root { --ink: #111; --line: #444; --soft: #777; }
body { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic",
       "YuGothic", "Meiryo", "IPAexGothic", "IPAGothic", sans-serif; color: var(--ink); line-height: 1.6;
       max-width: 180mm; margin: 1em auto; font-size: 11pt; }
h1 { font-size: 17pt; margin: 0 0 .3em; }
h2 { font-size: 14pt; border-bottom: 1px solid var(--line); }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: .05em; }
.meta { color: var(--soft); font-size: 9.5pt; }
.boxes { display: flex; gap: 1.2em; margin: .6em 0 1em; }
.boxes div { border: 1px solid var(--line); padding: .2em .5em; min-height: 1.8em; flex: 1; }
.boxes .score { flex: 0 0 9em; }
.q { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #ccc; padding: .4em 0 .8em; }
.q h3, .k h3 { font-size: 11.5pt; margin: .2em 0; }
.tags { color: var(--soft); font-weight: normal; font-size: 9pt; }
.options { list-style: none; padding-left: 1em; margin: .3em 0; }
.hint { color: var(--soft); font-style: italic; font-size: 9.5pt; margin: .2em 0; }
.answer { margin-top: .4em; }
.box { display: inline-block; border: 1px solid var(--line); min-width: 7em; height: 1.9em; vertical-align: middle; }
.box.small { min-width: 3em; }
.slot { display: inline-block; border: 1px solid var(--line); width: 2.2em; height: 1.9em; vertical-align: middle; }
table.grid { border-collapse: collapse; margin: .3em 0; }
table.grid td { border: 1px solid var(--line); width: 2.6em; height: 2.1em; }
.lines div { border-bottom: 1px solid var(--soft); height: 2em; }
.work { height: 4.5em; }
.k { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #ccc; padding: .3em 0 .6em; }
.steps { margin: .3em 0 .3em 1.2em; padding: 0; }
.steps li { margin: .25em 0; }
.formula { margin: .1em 0 .1em .5em; }
table.mat { border-collapse: collapse; margin: .2em 0 .2em .5em; font-variant-numeric: tabular-nums; }
table.mat td { border: 1px solid #bbb; padding: 0 .4em; text-align: right; }
table.md { border-collapse: collapse; margin: .4em 0; font-variant-numeric: tabular-nums; }
table.md th, table.md td { border: 1px solid #999; padding: .1em .6em; }
table.md th { background: #f2f2f2; font-weight: bold; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.keypart { break-before: page; page-break-before: always; }
.pagecode { display: none; }
@media print {
  body { margin: 0; max-width: none; }
  .pagecode { display: block; position: fixed; bottom: 0; right: 0; font-size: 8pt; color: var(--soft); }
}
"""


@cache
def _markdown() -> Any:
    """CommonMark plus GFM pipe tables (confusion matrices, score tables), without raw HTML, links or images:
    bank text can never make the page fetch anything."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").disable(
        ["link", "image", "autolink", "html_inline", "html_block"])


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Bank Markdown → HTML.  Memoised: a class set repeats the same prompts and explanations in every copy."""
    # raw HTML is off, so a literal "<table>" here can only come from a Markdown table, never from bank text
    return str(_markdown().render(separate_code_blocks(text))).strip().replace("<table>", '<table class="md">')


def _box(item: SheetItem, lang: str) -> str:
    box = answer_box(item.presented, lang)
    if box.kind == "grid":
        row = "<tr>" + "<td></td>" * box.cols + "</tr>"
        return f'<table class="grid">{row * box.rows}</table>'
    if box.kind == "blanks":
        return "".join(f'<div>{escape(label(lang, "blank"))} {n}: <span class="box"></span></div>'
                       for n in range(1, box.rows + 1))
    if box.kind == "lines":
        return '<div class="lines">' + "<div></div>" * box.rows + "</div>"
    if box.kind == "order":
        return " → ".join(['<span class="slot"></span>'] * box.cols)
    if box.kind in ("label", "truefalse"):
        return '<span class="box small"></span>'
    unit = f" {escape(box.unit)}" if box.unit else ""
    return f'<span class="box"></span>{unit}'


def question_html(item: SheetItem, lang: str) -> str:
    p = item.presented
    tags = escape(", ".join(p.question.syllabus))
    parts = [f'<article class="q"><h3>{escape(label(lang, "question"))} {item.number} <span class="tags">〔{tags}〕'
             f"</span></h3>", markdown_html(p.prompt.get(lang))]
    if p.options:
        parts.append('<ul class="options">' + "".join(
            f"<li>{LABELS[i]}) {escape(o.get(lang))}</li>" for i, o in enumerate(p.options)) + "</ul>")
    for number, choices in blank_choices(p):
        listed = "　".join(f"{LABELS[i]}) {escape(getattr(c, lang))}" for i, c in enumerate(choices))
        parts.append(f'<div class="options">{escape(label(lang, "blank"))} {number}: {listed}</div>')
    hint = answer_hint(p, lang)
    if hint:
        parts.append(f'<p class="hint">{escape(hint)}</p>')
    if item.computational:
        parts.append('<div class="work"></div>')
    parts.append(f'<div class="answer">{escape(label(lang, "answer"))}: {_box(item, lang)}</div></article>')
    return "\n".join(parts)


def _matrix(rows: Sequence[Sequence[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="mat">{body}</table>'


def key_item_html(item: SheetItem, lang: str) -> str:
    p = item.presented
    parts = [f'<div class="k"><h3>{escape(label(lang, "question"))} {item.number} — '
             f'{escape(label(lang, "correct"))}: {escape(key_display(p, lang))}</h3>']
    grid = key_matrix(p)
    if grid is not None:
        parts.append(_matrix(grid))
    explanation = p.explanation()
    if explanation is not None:
        parts.append(f"<p><b>{escape(label(lang, 'explanation'))}</b></p>{markdown_html(explanation.get(lang))}")
    if p.kind == "free":
        parts.append(f"<p><b>{escape(label(lang, 'rubric'))}</b></p><ul>"
                     + "".join(f"<li>{escape(getattr(r, lang))}</li>" for r in p.question.rubric) + "</ul>")
    if p.steps:
        items = []
        for view in step_views(p.steps, lang):
            lines = [escape(view.text)]
            if view.formula:
                lines.append(f'<div class="formula">{to_mathml(view.formula)}</div>')
            if view.line:
                lines.append(f'<div class="formula">{to_mathml(view.line)}</div>')
            if view.matrix is not None:
                lines.append(_matrix(view.matrix))
            items.append("<li>" + "".join(lines) + "</li>")
        parts.append(f"<p><b>{escape(label(lang, 'steps'))}</b></p><ol class=\"steps\">{''.join(items)}</ol>")
    parts.append("</div>")
    return "\n".join(parts)


def key_html(sheet: Sheet, lang: str) -> str:
    head = f'<h2>{escape(label(lang, "key"))} — <span class="code">{escape(sheet.code)}</span></h2>'
    return head + "\n" + "\n".join(key_item_html(item, lang) for item in sheet.items)


def sheet_html(sheet: Sheet, lang: str, key_at_end: bool) -> str:
    count = label(lang, "questions", n=len(sheet.items))
    parts = [
        '<section class="sheet">',
        f'<div class="pagecode">{escape(label(lang, "code"))} <span class="code">{escape(sheet.code)}</span></div>',
        f"<h1>{escape(title(sheet.spec.exam, lang))} <small>({escape(count)})</small></h1>",
        f'<div class="meta">{escape(label(lang, "code"))}: <span class="code">{escape(sheet.code)}</span> · '
        f"{escape(label(lang, 'check', code=sheet.code))}</div>",
        f'<div class="boxes"><div>{escape(label(lang, "name"))}:</div><div>{escape(label(lang, "date"))}:</div>'
        f'<div class="score">{escape(label(lang, "score"))}: &nbsp;&nbsp;&nbsp;&nbsp; / {len(sheet.items)}</div></div>',
        *(question_html(item, lang) for item in sheet.items),
    ]
    if key_at_end:
        parts.append(f'<div class="keypart">{key_html(sheet, lang)}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def _page(title_text: str, lang: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title_text)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def render_html(sheets: Sequence[Sheet], key: str) -> tuple[str, str | None]:
    """(sheets page, separate key page or None).  ``key`` is ``end``, ``separate`` or ``none``."""
    lang = sheets[0].spec.lang
    page_title = f"{title(sheets[0].spec.exam, lang)} {sheets[0].code}"
    body = "\n".join(sheet_html(sheet, sheet.spec.lang, key == "end") for sheet in sheets)
    separate = None
    if key == "separate":
        keys = "\n".join(f'<section class="sheet">{key_html(sheet, sheet.spec.lang)}</section>' for sheet in sheets)
        separate = _page(f"{label(lang, 'key')} {sheets[0].code}", lang, keys)
    return _page(page_title, lang, body), separate
