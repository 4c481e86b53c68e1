"""PDF sheets through Typst: real text (question, Japanese, the code on every page), embedded fonts, font detection."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from ws_helpers import FIXTURE_BANK

from dldrill.cli import main
from dldrill.worksheets import fonts
from dldrill.worksheets.errors import WorksheetError

FONT = fonts.find_japanese_font()
# .ci/run installs a font and sets this, so that CI really builds a Japanese PDF instead of skipping.
REQUIRED = os.environ.get("DLDRILL_REQUIRE_PDF_FONT") == "1"
needs_font = pytest.mark.skipif(FONT is None and not REQUIRED,
                                reason="no Japanese font installed (apt install fonts-ipaexfont-gothic)")


def test_ci_has_a_japanese_font() -> None:
    if not REQUIRED:
        pytest.skip("only required under .ci/run (DLDRILL_REQUIRE_PDF_FONT=1)")
    assert FONT is not None, "CI must have a Japanese font: .ci/run installs one"


def _pages_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _font_files(data: bytes) -> list[tuple[str, bool]]:
    """(font name, has an embedded font program) for every font used on every page."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        for font in (resources.get_object().get("/Font", {}) if resources else {}).values():
            font = font.get_object()
            descriptor_holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_holder.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@needs_font
def test_pdf_sheet_with_key(full_sheet: Any) -> None:
    from dldrill.worksheets.pdf import render_pdf

    assert FONT is not None
    data, separate = render_pdf([full_sheet], "end", FONT)
    assert data.startswith(b"%PDF") and separate is None
    pages = _pages_text(data)
    assert len(pages) >= 2
    for text in pages:
        assert full_sheet.code in text  # the code is printed on every page
    everything = "\n".join(pages)
    assert "練習プリント" in everything and "名前" in everything and "解答と解説" in everything
    assert "ReLU" in everything and "出力する" in everything  # a question's own Japanese text
    assert "途中式" in everything  # worked steps in the key
    used = _font_files(data)
    assert used and all(embedded for _, embedded in used), used
    assert any(FONT.family.replace(" ", "") in name for name, _ in used)


@needs_font
def test_pdf_copies_and_separate_key(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "class.pdf"
    assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "4", "--seed", "3",
                 "--copies", "2", "--key", "separate", "-o", str(target), "--lang", "ja"]) == 0
    codes = [line.split()[0] for line in capsys.readouterr().err.splitlines() if "問" in line]
    assert len(codes) == 2
    sheet_pages = _pages_text(target.read_bytes())
    key_pages = _pages_text(target.with_name("class-key.pdf").read_bytes())
    assert "解答と解説" not in "".join(sheet_pages)
    for code in codes:
        assert any(code in page for page in sheet_pages) and any(code in page for page in key_pages)
    for pages in (sheet_pages, key_pages):
        headers = [next(code for code in codes if code in page.splitlines()[0]) for page in pages]
        assert headers == sorted(headers, key=codes.index)  # each page's header names its own copy
        assert set(headers) == set(codes)


@needs_font
def test_output_without_extension_is_a_pdf(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "sheet"
    assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "1", "--seed", "3",
                 "--key", "none", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    capsys.readouterr()


def test_no_japanese_font_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    assert fonts.find_japanese_font([], system_dirs=[str(empty)]) is None
    with pytest.raises(WorksheetError) as caught:
        fonts.require_japanese_font([], system_dirs=[str(empty)])
    assert "fonts-ipaexfont-gothic" in caught.value.ja and "--font-path" in caught.value.en


def test_no_japanese_font_cli_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", [str(empty)])
    target = tmp_path / "sheet.pdf"
    assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "2",
                 "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "日本語フォント" in err and "fonts-ipaexfont-gothic" in err
    assert not target.exists()  # never a PDF of empty boxes


def test_font_path_without_japanese_glyphs_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu")
    if not (latin / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu fonts not installed")
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    assert fonts.find_japanese_font([latin], system_dirs=[str(tmp_path)]) is None
    assert fonts._cmap_covers(latin / "DejaVuSans.ttf", 0, "Aé")
    assert not fonts._cmap_covers(latin / "DejaVuSans.ttf", 0, "あ")


@needs_font
def test_font_path_finds_the_font_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert FONT is not None
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    found = fonts.find_japanese_font([FONT.directory], system_dirs=[str(tmp_path)])
    assert found is not None and found.path == FONT.path
    with pytest.raises(WorksheetError):
        fonts.require_japanese_font([tmp_path / "missing-dir"])


@needs_font
def test_formula_typst_cannot_parse_falls_back_to_text(full_sheet: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dldrill.worksheets import typst_source
    from dldrill.worksheets.pdf import render_pdf

    assert FONT is not None
    monkeypatch.setattr(typst_source, "to_typst_math", lambda text: "#(")  # math that cannot compile
    data, _ = render_pdf([full_sheet], "end", FONT)
    assert "途中式" in "".join(_pages_text(data))
