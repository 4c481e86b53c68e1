"""Compile worksheet Typst source to PDF with the ``typst`` package (no TeX), using only the Japanese font found.

System fonts are ignored on purpose: the PDF then depends only on the detected Japanese font and Typst's
embedded fonts (math, monospace), so it looks the same on every machine.  If a formula ever trips the Typst
math parser, the document is compiled again with formulas as plain text rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence

from dldrill.worksheets.build import Sheet
from dldrill.worksheets.errors import WorksheetError
from dldrill.worksheets.fonts import JapaneseFont


def compile_typst(source: str, font: JapaneseFont) -> bytes:
    """PDF bytes of a Typst document; raises ``typst.TypstError`` on a Typst error."""
    import typst

    result = typst.compile(source.encode(), font_paths=[str(font.directory)],  # type: ignore[call-overload]
                           ignore_system_fonts=True, format="pdf")
    return bytes(result)


def render_pdf(sheets: Sequence[Sheet], key: str, font: JapaneseFont) -> tuple[bytes, bytes | None]:
    """(sheets PDF, separate key PDF or None)."""
    import typst

    from dldrill.worksheets.typst_source import render_typst

    last_error = ""
    for math in (True, False):
        body, separate = render_typst(sheets, key, font.family, math)
        try:
            return compile_typst(body, font), compile_typst(separate, font) if separate is not None else None
        except typst.TypstError as exc:
            last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    raise WorksheetError(f"PDF を作れませんでした (Typst: {last_error})。--format html をお試しください",
                         f"could not make the PDF (Typst: {last_error}); try --format html")
