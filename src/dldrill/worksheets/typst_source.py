"""Worksheets as Typst source: A4 pages, code in every header, unsplittable questions, sized answer boxes, the key.

Bank text is Markdown; it is converted through markdown-it's token stream so every character that means
something to Typst (``#``, ``$``, ``*``, ``_``, ``@``, ``<`` …) is escaped and a question can never inject markup.
Step formulas become Typst math (see :mod:`dldrill.worksheets.formulas`), or plain text when ``math`` is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from dldrill.grading import LABELS
from dldrill.worksheets.answers import answer_box, answer_hint, blank_choices, key_display, key_matrix
from dldrill.worksheets.build import Sheet, SheetItem
from dldrill.worksheets.formulas import to_typst_math
from dldrill.worksheets.texts import label, separate_code_blocks, step_views, title

SAFE_PUNCTUATION = set(",.:;!?()%&{}|")


def escape(text: str) -> str:
    """Plain text → Typst markup showing exactly that text."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append(" ")
        elif ch.isascii() and not ch.isalnum() and not ch.isspace() and ch not in SAFE_PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _inline(tokens: Sequence[Any]) -> str:
    out = []
    for token in tokens:
        if token.type == "text":
            out.append(escape(token.content))
        elif token.type == "code_inline":
            out.append(f"#raw({string(token.content)});")
        elif token.type == "strong_open":
            out.append("#strong[")
        elif token.type == "em_open":
            out.append("#emph[")
        elif token.type in ("strong_close", "em_close"):
            out.append("];")
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append(" \\\n")
        else:
            out.append(escape(token.content))
    return "".join(out)


ALIGNMENTS = {"text-align:left": "left", "text-align:right": "right", "text-align:center": "center"}


def _markdown_table(tokens: Sequence[Any], index: int) -> tuple[str, int]:
    """A GFM pipe table's tokens (from just after ``table_open``) → ``#table(...)``; the index after ``table_close``.

    Header cells are bold; column alignment comes from the ``|--:|`` row, as markdown-it reports it per cell.
    """
    rows: list[list[str]] = []
    aligns: list[str] = []
    header = False
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        index += 1
        if token.type == "thead_open":
            header = True
        elif token.type == "thead_close":
            header = False
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open") and rows:
            if len(rows) == 1:
                aligns.append(ALIGNMENTS.get(str(token.attrs.get("style", "")), "left"))
            content = index < len(tokens) and tokens[index].type == "inline"
            cell = _inline(tokens[index].children or []) if content else ""
            rows[-1].append(f"[#strong[{cell}]]" if header and cell else f"[{cell}]")
    cols = max((len(row) for row in rows), default=1) or 1
    aligns += ["left"] * (cols - len(aligns))
    cells = ", ".join(c for row in rows for c in [*row, *["[]"] * (cols - len(row))])
    return (f"#table(columns: {cols}, align: ({', '.join(aligns)},), stroke: 0.5pt + luma(120), inset: 4pt, "
            f"{cells});", index + 1)


@lru_cache(maxsize=4096)
def markdown_typst(text: str) -> str:
    """Markdown (paragraphs, lists, code, emphasis, pipe tables) → Typst markup.

    Memoised: a class set repeats the same prompts and explanations in every copy, and the text is immutable.
    """
    from dldrill.worksheets.html import _markdown

    lines: list[str] = []
    depth = 0
    prefix: list[str] = []
    tokens = _markdown().parse(separate_code_blocks(text))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "table_open":
            table, index = _markdown_table(tokens, index)
            lines += [("  " * depth if depth else "") + table, ""]
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            prefix.append("- " if token.type == "bullet_list_open" else "+ ")
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
            depth -= 1
            if not depth:
                lines.append("")
        elif token.type == "list_item_open":
            lines.append("  " * (depth - 1) + prefix[-1])
        elif token.type == "inline":
            content = _inline(token.children or [])
            if depth and lines and lines[-1].strip() in ("-", "+"):
                lines[-1] += content
            elif depth:
                lines.append("  " * depth + content)
            else:
                lines.append(content)
        elif token.type in ("fence", "code_block"):
            lines.append(f"#raw(block: true, {string(token.content.rstrip())})")
        elif token.type == "paragraph_close" and not depth:
            lines.append("")
    return "\n".join(lines).strip()


def _math(text: str, math: bool) -> str:
    return f"${to_typst_math(text)}$" if math else f"#raw({string(text)});"


def _box(item: SheetItem, lang: str) -> str:
    box = answer_box(item.presented, lang)
    if box.kind == "grid":
        cells = ", ".join(["[]"] * (box.rows * box.cols))
        return f"#table(columns: (0.95cm,) * {box.cols}, rows: 0.85cm, stroke: 0.6pt, {cells});"
    if box.kind == "blanks":
        return " ".join(f"{escape(label(lang, 'blank'))} {n}: #abox(3.6cm);" for n in range(1, box.rows + 1))
    if box.kind == "lines":
        return f"#rules({box.rows});"
    if box.kind == "order":
        return " → ".join(["#abox(0.9cm);"] * box.cols)
    if box.kind in ("label", "truefalse"):
        return "#abox(1.6cm);"
    unit = f" {escape(box.unit)}" if box.unit else ""
    return f"#abox(4.2cm);{unit}"


def question_typst(item: SheetItem, lang: str) -> str:
    p = item.presented
    tags = escape(", ".join(p.question.syllabus))
    parts = [f"#question({item.number}, [{escape(label(lang, 'question'))}], [{tags}])[",
             markdown_typst(p.prompt.get(lang))]
    if p.options:
        parts.append("#options[" + " \\\n".join(f"{LABELS[i]}) {escape(o.get(lang))}"
                                                for i, o in enumerate(p.options)) + "]")
    for number, choices in blank_choices(p):
        listed = "　".join(f"{LABELS[i]}) {escape(getattr(c, lang))}" for i, c in enumerate(choices))
        parts.append(f"#options[{escape(label(lang, 'blank'))} {number}: {listed}]")
    hint = answer_hint(p, lang)
    if hint:
        parts.append(f"#hint[{escape(hint)}]")
    if item.computational:
        parts.append("#v(2.2cm)")
    parts.append(f"#answer[{escape(label(lang, 'answer'))}:][{_box(item, lang)}]")
    parts.append("]")
    return "\n".join(parts)


def _table(rows: Sequence[Sequence[str]]) -> str:
    """A small grid of numbers (a matrix step result or key)."""
    cols = max(len(r) for r in rows)
    cells = ", ".join(f"[{escape(c)}]" for row in rows for c in [*row, *[""] * (cols - len(row))])
    return f"#table(columns: {cols}, align: right, stroke: 0.4pt + gray, inset: 3pt, {cells});"


def key_item_typst(item: SheetItem, lang: str, math: bool) -> str:
    p = item.presented
    parts = [f"#keyhead[{escape(label(lang, 'question'))} {item.number} — {escape(label(lang, 'correct'))}: "
             f"{escape(key_display(p, lang))}]"]
    grid = key_matrix(p)
    if grid is not None:
        parts.append(_table(grid))
    explanation = p.explanation()
    if explanation is not None:
        parts.append(f"#klabel[{escape(label(lang, 'explanation'))}]")
        parts.append(markdown_typst(explanation.get(lang)))
    if p.kind == "free":
        parts.append(f"#klabel[{escape(label(lang, 'rubric'))}]")
        parts.append("\n".join(f"- {escape(getattr(r, lang))}" for r in p.question.rubric))
    if p.steps:
        parts.append(f"#klabel[{escape(label(lang, 'steps'))}]")
        for view in step_views(p.steps, lang):
            lines = [f"+ {escape(view.text)}"]
            if view.formula:
                lines.append(f"  \\ {_math(view.formula, math)}")
            if view.line:
                lines.append(f"  \\ {_math(view.line, math)}")
            if view.matrix is not None:
                lines.append(f"  \\ {_table(view.matrix)}")
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


PREAMBLE = """#set document(title: {doc_title}, date: none)
#let sheetcode = state("sheetcode", "")
#set page(paper: "a4", margin: (x: 16mm, top: 20mm, bottom: 18mm),
  header: context {{
    set text(8pt, fill: luma(90))
    let marks = query(<sheetcode>).filter(m => m.location().page() <= here().page())
    let code = if marks.len() > 0 {{ marks.last().value }} else {{ "" }}
    [{header_title} #h(1fr) {code_word} #raw(code)]
  }},
  footer: context {{ set text(8pt, fill: luma(90)); h(1fr); counter(page).display("1"); h(1fr) }})
#set text(font: ({family},), size: 10.5pt, lang: {lang})
#set par(leading: 0.75em)
#show math.equation: set text(font: ("New Computer Modern Math", {family}))
#show raw: set text(font: ("DejaVu Sans Mono", {family}), size: 9.5pt)
#let abox(w) = box(width: w, height: 0.85cm, stroke: 0.6pt, baseline: 30%)
#let rules(n) = block(width: 100%, for i in range(n) {{ v(0.55cm); line(length: 100%, stroke: 0.4pt + luma(120)) }})
#let options(body) = pad(left: 1.2em, body)
#let hint(body) = block(above: 0.5em, below: 0.3em, text(size: 9pt, fill: luma(80), emph(body)))
#let answer(lab, body) = block(above: 0.6em, [#lab #h(0.4em) #body])
#let question(n, word, tags, body) = block(breakable: false, width: 100%, above: 0.9em, below: 0.9em,
  stroke: (top: 0.4pt + luma(180)), inset: (top: 0.5em), [#text(weight: "bold")[#word #n] #h(0.5em)
  #text(size: 8pt, fill: luma(100))[〔#tags〕] \\ #body])
#let keyhead(body) = block(above: 1.2em, below: 0.5em, sticky: true, width: 100%, fill: luma(232), inset: 4pt,
  text(weight: "bold", body))
#let klabel(body) = block(above: 0.6em, below: 0.35em, sticky: true, text(fill: luma(50), underline(body)))
"""


def sheet_typst(sheet: Sheet, lang: str, key_at_end: bool, math: bool, first: bool) -> str:
    count = label(lang, "questions", n=len(sheet.items))
    parts = [] if first else ["#pagebreak()"]
    parts += [
        f"#metadata({string(sheet.code)}) <sheetcode>",
        "#counter(page).update(1)",
        f"#align(center, text(16pt, weight: \"bold\")[{escape(title(sheet.spec.exam, lang))} ({escape(count)})])",
        f"#align(center, text(9pt)[{escape(label(lang, 'code'))}: #raw({string(sheet.code)}) — "
        f"{escape(label(lang, 'check', code=sheet.code))}])",
        "#v(0.3em)",
        "#grid(columns: (1fr, 0.8fr, 4.2cm), column-gutter: 8pt,"
        f" box(width: 100%, height: 0.95cm, stroke: 0.6pt, inset: 5pt)[{escape(label(lang, 'name'))}:],"
        f" box(width: 100%, height: 0.95cm, stroke: 0.6pt, inset: 5pt)[{escape(label(lang, 'date'))}:],"
        f" box(width: 100%, height: 0.95cm, stroke: 0.6pt, inset: 5pt)[{escape(label(lang, 'score'))}: #h(1fr)"
        f" \\/ {len(sheet.items)}])",
        "#v(0.5em)",
    ]
    parts += [question_typst(item, lang) for item in sheet.items]
    if key_at_end:
        parts.append("#pagebreak()")
        parts.append(key_typst(sheet, lang, math))
    return "\n\n".join(parts)


def key_typst(sheet: Sheet, lang: str, math: bool) -> str:
    head = f"#text(14pt, weight: \"bold\")[{escape(label(lang, 'key'))} — #raw({string(sheet.code)})]"
    return "\n\n".join([head, *(key_item_typst(item, lang, math) for item in sheet.items)])


def preamble(sheets: Sequence[Sheet], family: str, key_only: bool = False) -> str:
    lang = sheets[0].spec.lang
    doc_title = f"{title(sheets[0].spec.exam, lang)} {sheets[0].code}"
    header_title = escape(label(lang, "key") if key_only else title(sheets[0].spec.exam, lang))
    return PREAMBLE.format(doc_title=string(doc_title), family=string(family), lang=string(lang),
                           header_title=header_title, code_word=escape(label(lang, "code")))


def render_typst(sheets: Sequence[Sheet], key: str, family: str, math: bool = True) -> tuple[str, str | None]:
    """(sheets document, separate key document or None) as Typst source."""
    body = "\n\n".join(sheet_typst(sheet, sheet.spec.lang, key == "end", math, n == 0)
                       for n, sheet in enumerate(sheets))
    separate = None
    if key == "separate":
        keys = []
        for n, sheet in enumerate(sheets):
            keys.append(("" if n == 0 else "#pagebreak()\n") + f"#metadata({string(sheet.code)}) <sheetcode>\n"
                        "#counter(page).update(1)\n" + key_typst(sheet, sheet.spec.lang, math))
        separate = preamble(sheets, family, key_only=True) + "\n" + "\n\n".join(keys) + "\n"
    return preamble(sheets, family) + "\n" + body + "\n", separate
