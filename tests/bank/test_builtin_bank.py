"""The built-in question bank: it must validate, and (content tests) cover both syllabi to issue 3's minimums.

The coverage tests are about the CONTENT of question_bank/, not the code: they fail until the bank is complete.
Run only them with ``uv run pytest -m content``; skip them with ``-m "not content"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dldrill.bank.load import load_bank
from dldrill.bank.stats import G_KEYWORD_TARGET, bank_stats
from dldrill.cli import main


@pytest.fixture(scope="module")
def builtin_stats(shared_cache: Path) -> dict[str, Any]:
    bank = load_bank(environ={"DLDRILL_CACHE": str(shared_cache)})  # the built-in bank alone, no user banks
    return bank_stats(bank.questions)


def test_builtin_bank_validates(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["bank", "validate"])
    out = capsys.readouterr().out
    assert status == 0, out


@pytest.mark.content
def test_every_g_item_has_three_questions(builtin_stats: dict[str, Any]) -> None:
    short = [f"{b['code']} {b['title']}: {b['questions']}/{b['minimum']}"
             for b in builtin_stats["coverage"]["below_minimum"] if b["code"][0] in "TL"]
    assert not short, "G検定 items below 3 questions: " + "; ".join(short)


@pytest.mark.content
def test_every_examined_e_item_has_two_questions(builtin_stats: dict[str, Any]) -> None:
    short = [f"{b['code']} {b['title']}: {b['questions']}/{b['minimum']}"
             for b in builtin_stats["coverage"]["below_minimum"] if b["code"][0] == "E"]
    assert not short, "E資格 items (not [opt]) below 2 questions: " + "; ".join(short)


@pytest.mark.content
def test_g_keyword_coverage_reaches_80_percent(builtin_stats: dict[str, Any]) -> None:
    coverage = builtin_stats["coverage"]
    missing = {code: item["keywords_missing"] for code, item in coverage["items"].items()
               if item["exam"] == "G" and item["keywords_missing"]}
    assert coverage["g_keyword_coverage"] >= G_KEYWORD_TARGET, (
        f"G keyword coverage {coverage['g_keyword_coverage']:.1%} < {G_KEYWORD_TARGET:.0%}; missing: {missing}")


@pytest.mark.content
def test_at_least_400_questions_and_15_percent_not_single(builtin_stats: dict[str, Any]) -> None:
    assert builtin_stats["questions"] >= 400
    assert builtin_stats["not_single_share"] >= 0.15
