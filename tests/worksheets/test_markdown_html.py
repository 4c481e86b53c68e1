"""Markdown and HTML sheets: complete, byte-identical per code, self-contained, with MathML steps in the key."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ws_helpers import FIXTURE_BANK, cross_correlation

from dldrill.cli import main
from dldrill.worksheets.build import build_sheet, sheet_from_code
from dldrill.worksheets.code import SheetSpec
from dldrill.worksheets.html import render_html
from dldrill.worksheets.markdown import render_markdown


class _Collector(HTMLParser):
    """Every attribute value and every element name of a page, and the text inside ``<style>``."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def test_markdown_has_every_question_and_the_key(full_sheet: Any) -> None:
    body, separate = render_markdown([full_sheet], "end")
    assert separate is None
    for item in full_sheet.items:
        assert f"### 問 {item.number} " in body
        first_line = item.presented.prompt.ja.strip().splitlines()[0]
        assert first_line in body
    assert body.count(full_sheet.code) >= 3  # header, check hint, key heading
    assert "## 解答と解説" in body and "名前" in body and "得点" in body
    conv = next(i for i in full_sheet.items if i.presented.id == "ws-gen-conv2d")
    expected = cross_correlation(conv.presented.variant.params)
    assert f"| {' | '.join(str(j + 1) for j in range(len(expected[0])))} |" in body  # a grid answer box


def test_markdown_key_modes(full_sheet: Any) -> None:
    body, separate = render_markdown([full_sheet], "separate")
    assert "解答と解説" not in body and separate is not None and "解答と解説" in separate
    body, separate = render_markdown([full_sheet], "none")
    assert "解答と解説" not in body and separate is None


def test_english_sheet(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec(count=11, seed=2, lang="en"))
    body, _ = render_markdown([sheet], "end")
    assert "Answer key" in body and "Name" in body
    assert bank.get("ws-truefalse").prompt.en in body
    assert not re.search(r"[ぁ-ん]", body.split("Answer key")[0].replace("○", "").replace("×", ""))


def test_same_code_gives_byte_identical_markdown_and_html(bank: Any, full_sheet: Any) -> None:
    again = sheet_from_code(list(reversed(bank.questions)), full_sheet.code)
    for render in (render_markdown, render_html):
        first = render([full_sheet], "end")[0].encode()
        second = render([again], "end")[0].encode()
        assert first == second


def test_html_is_self_contained(full_sheet: Any) -> None:
    page, _ = render_html([full_sheet], "end")
    assert "http://" not in page and "https://" not in page
    parsed = _Collector()
    parsed.feed(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    for name, value in parsed.attributes:
        assert name not in ("src", "href", "srcset"), (name, value)
        assert "//" not in value, (name, value)
    assert "url(" not in parsed.style and "@import" not in parsed.style and "//" not in parsed.style


def test_html_print_css_and_mathml(full_sheet: Any) -> None:
    page, _ = render_html([full_sheet], "end")
    assert "@page { size: A4" in page and "break-inside: avoid" in page
    assert page.count('<article class="q">') == len(full_sheet.items)
    key = page.split('class="keypart"')[1]
    assert "<math>" in key and "<msub>" in key  # the steps' formulas as MathML
    conv = next(i for i in full_sheet.items if i.presented.id == "ws-gen-conv2d")
    rows = len(cross_correlation(conv.presented.variant.params))
    assert f'<table class="grid">{"<tr>" + "<td></td>" * rows + "</tr>"}' in page  # square grid sized to the answer


def test_cli_writes_copies_and_separate_keys_deterministically(tmp_path: Path, capsys: Any) -> None:
    outputs = []
    for run in ("a", "b"):
        target = tmp_path / run / "class.html"
        assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "5", "--seed", "9",
                     "--copies", "3", "--key", "separate", "-o", str(target), "--lang", "ja"]) == 0
        codes = [line.split()[0] for line in capsys.readouterr().err.splitlines() if "→" in line and "key" not in line]
        assert len(set(codes)) == 3
        key = target.with_name("class-key.html")
        outputs.append((target.read_bytes(), key.read_bytes(), codes))
        for code in codes:
            assert code in key.read_text(encoding="utf-8")
    assert outputs[0] == outputs[1]


def test_cli_markdown_to_stdout(capsys: Any) -> None:
    assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "2", "--seed", "1",
                 "--format", "md", "-o", "-", "--key", "none"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# ") and "stdout" in captured.err


def test_cli_errors_are_one_line(capsys: Any) -> None:
    cases = [
        ["worksheet", "--syllabus", "Z99", "--format", "md"],
        ["worksheet", "--topic", "no-such-topic-anywhere", "--format", "md"],
        ["worksheet", "--count", "0", "--format", "md"],
        ["worksheet", "--format", "pdf", "-o", "-"],
        ["worksheet", "-o", "sheet.docx"],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, (argv, err)


def test_matrix_key_is_a_grid_of_the_right_values(full_sheet: Any) -> None:
    conv = next(i for i in full_sheet.items if i.presented.id == "ws-gen-conv2d")
    expected = cross_correlation(conv.presented.variant.params)
    page, _ = render_html([full_sheet], "end")
    key = page.split('class="keypart"')[1]
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in expected)
    assert f'<table class="mat">{rows}</table>' in key
    body, _ = render_markdown([full_sheet], "end")
    assert "\n".join("  ".join(str(v).rjust(6) for v in row) for row in expected) in body


def test_cli_seed_limits(tmp_path: Path, capsys: Any) -> None:
    base = ["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "3", "--format", "md"]
    for seed in ("4294967296", str(2**64 + 1), "-1"):
        assert main([*base, "--seed", seed, "-o", str(tmp_path / "x.md")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "4294967295" in err
    assert not (tmp_path / "x.md").exists()
    assert main([*base, "--seed", "4294967295", "-o", str(tmp_path / "top.md")]) == 0
    code = capsys.readouterr().err.split()[0]
    assert sheet_from_code(_fixture_questions(), code).spec.seed == 4294967295


def _fixture_questions() -> Any:
    from dldrill.bank.load import load_bank

    return load_bank([FIXTURE_BANK]).questions


def test_cli_separate_key_to_stdout_is_refused(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "2", "--seed", "1",
                 "--format", "md", "-o", "-", "--key", "separate"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "--key separate" in captured.err and captured.out == ""
    assert list(tmp_path.iterdir()) == []  # no key file dropped in the current directory


def test_cli_output_without_extension_uses_format(tmp_path: Path, capsys: Any) -> None:
    base = ["worksheet", "--bank", str(FIXTURE_BANK), "--topic", "ws-fixture", "--count", "2", "--seed", "1"]
    assert main([*base, "--format", "html", "-o", str(tmp_path / "sheet")]) == 0
    assert (tmp_path / "sheet").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main([*base, "--format", "md", "--key", "separate", "-o", str(tmp_path / "plain")]) == 0
    assert (tmp_path / "plain").read_text(encoding="utf-8").startswith("# ")
    assert "解答と解説" in (tmp_path / "plain-key.md").read_text(encoding="utf-8")
    capsys.readouterr()
