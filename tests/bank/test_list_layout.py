"""`bank list` stays readable at 80 columns: id and type in full, and a prompt excerpt of at least 30 cells."""

from __future__ import annotations

from io import StringIO

import pytest
from bank_fixtures import FIXTURES, TOY_GENERATORS
from rich.cells import cell_len
from rich.console import Console

from dldrill.bank.load import load_files
from dldrill.commands.bank import COLUMNS, MIN_PROMPT_CELLS, list_renderable


def rendered(lang: str, width: int) -> list[str]:
    bank = load_files([FIXTURES / "good"], generators=TOY_GENERATORS, use_cache=False)
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(list_renderable(bank.questions, lang))
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def questions() -> list[object]:
    return list(load_files([FIXTURES / "good"], generators=TOY_GENERATORS, use_cache=False).questions)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_at_80_columns_each_row_shows_id_type_and_a_prompt_excerpt(lang: str) -> None:
    lines = rendered(lang, 80)
    assert max(cell_len(line) for line in lines) <= 80
    for q in questions():
        [row] = [line for line in lines if f"│{q.id} " in line]  # type: ignore[attr-defined]
        cells = [cell.strip() for cell in row.split("│")[1:-1]]
        assert cells[:2] == [q.id, q.type]  # type: ignore[attr-defined]
        text = q.prompt  # type: ignore[attr-defined]
        first_line = getattr(text, lang).strip().splitlines()[0] if text else f"({q.generator})"  # type: ignore[attr-defined]
        shown = cells[-1].removesuffix("…").rstrip()  # (a wide glyph that does not fit leaves a space)
        assert first_line.startswith(shown)
        assert cell_len(shown) >= min(MIN_PROMPT_CELLS - 2, cell_len(first_line))


def test_wide_terminal_keeps_every_column() -> None:
    header = next(line for line in rendered("en", 160) if "ID" in line)
    assert all(title in header for title in COLUMNS["en"])


def test_medium_width_drops_exam_and_difficulty_first() -> None:
    header = next(line for line in rendered("en", 110) if "ID" in line)
    assert [title for title in COLUMNS["en"] if title in header] == ["ID", "Type", "Syllabus", "Prompt"]
