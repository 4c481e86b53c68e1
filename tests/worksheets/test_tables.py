"""Markdown pipe tables in bank text (confusion matrices, score tables) become real tables in HTML, Typst and PDF."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_pdf import needs_font

TABLE_BANK = Path(__file__).parent / "fixtures" / "table_bank"


class _Cells(HTMLParser):
    """The text of every ``<th>``/``<td>`` cell, row by row, of every ``<table>`` on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def table_sheet() -> Any:
    from dldrill.bank.load import load_files
    from dldrill.worksheets.build import build_sheet
    from dldrill.worksheets.code import SheetSpec

    loaded = load_files([TABLE_BANK], use_cache=False)
    assert not loaded.problems, loaded.problems
    return build_sheet(loaded.questions, SheetSpec(count=1, seed=1))


def test_html_confusion_matrix_is_a_table(table_sheet: Any) -> None:
    from dldrill.worksheets.html import render_html

    page, _ = render_html([table_sheet], "end")
    assert "|---" not in page
    cells = _Cells()
    cells.feed(page[page.index("<body>"):])
    # the rows typed in the YAML: the confusion matrix, then the TP/FP table of the explanation
    assert ["", "予測:陽性", "予測:陰性"] in cells.rows
    assert ["実際:陽性", "30", "10"] in cells.rows and ["実際:陰性", "20", "40"] in cells.rows
    assert ["TP", "FP"] in cells.rows and ["30", "20"] in cells.rows


def test_typst_confusion_matrix_is_a_table(table_sheet: Any) -> None:
    from dldrill.worksheets.typst_source import markdown_typst, render_typst

    source, _ = render_typst([table_sheet], "end", "IPAexGothic")
    assert "|---" not in source and "\\|" not in source
    assert "#table(columns: 3, align: (left, right, right,)" in source
    assert "[#strong[予測:陽性]], [#strong[予測:陰性]], [実際:陽性], [30], [10], [実際:陰性], [20], [40]" in source
    # cell text is escaped like any other text: a table cannot inject Typst markup
    assert markdown_typst("| a |\n|---|\n| #x $y$ |") .endswith("[\\#x \\$y\\$]);")


@needs_font
def test_pdf_confusion_matrix_has_no_pipe_text(table_sheet: Any) -> None:
    from pypdf import PdfReader

    from dldrill.worksheets.fonts import find_japanese_font
    from dldrill.worksheets.pdf import render_pdf

    font = find_japanese_font()
    assert font is not None
    data, _ = render_pdf([table_sheet], "end", font)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "|---" not in text and "| 30 |" not in text
    assert "実際:陽性" in text and "TP" in text
