"""Display helpers shared by the screens: localized key bindings, question bodies, times."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.dom import DOMNode

from dldrill.i18n import tr

#: kinds whose options are shown by the answer widget itself (not repeated in the question body)
OPTIONS_IN_WIDGET = {"choice", "multiple", "truefalse"}


def bind_keys(node: DOMNode, lang: str, entries: list[tuple[str, str, str]], priority: bool = False) -> None:
    """Add key bindings whose footer labels come from the catalog in ``lang`` (class BINDINGS cannot be localized)."""
    for keys, action, label in entries:
        node._bindings.bind(keys, action, tr(label, lang) if label else "", show=bool(label), priority=priority)


def question_body(presented: Any, lang: str, heading: str = "") -> RenderableType:
    """The stem as Markdown, plus the labelled items for kinds whose options the widget does not show."""
    from rich.markdown import Markdown  # markdown-it is slow to import: not before the first question

    parts: list[RenderableType] = []
    if heading:
        parts.append(Text(heading, style="dim"))
    if presented.kind in OPTIONS_IN_WIDGET or presented.kind == "free":
        parts.append(Markdown(presented.prompt.get(lang)))
        return Group(*parts)
    from dldrill.render.questions import question_renderable

    parts.append(question_renderable(presented, lang))
    return Group(*parts)


def question_heading(item: Any) -> str:
    """``[T18, E3-4-1]  question-id``: where the question sits in the syllabus."""
    codes = ", ".join(getattr(item.question, "syllabus", ()))
    return f"[{codes}]  {item.id}"


def clock_text(seconds: float) -> str:
    """``h:mm:ss`` or ``mm:ss``, whole seconds rounded down."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def clip(text: str, cells: int) -> str:
    """One line of at most ``cells`` terminal cells (a CJK character takes two), ending in … when cut."""
    from rich.cells import cell_len, set_cell_size

    line = " ".join(text.split())
    if cell_len(line) <= cells:
        return line
    return set_cell_size(line, cells - 1).rstrip() + "…"
