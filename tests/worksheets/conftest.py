"""Worksheet test fixtures: a small fixed bank (one question of every type) and sheets built from it."""

from __future__ import annotations

from typing import Any

import pytest
from ws_helpers import FIXTURE_BANK


@pytest.fixture(scope="session")
def bank() -> Any:
    """The fixture bank on its own (no built-in questions), validated without the cache."""
    from dldrill.bank.load import load_files

    loaded = load_files([FIXTURE_BANK], use_cache=False)
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture(scope="session")
def full_sheet(bank: Any) -> Any:
    """Every fixture question once (11 questions), Japanese."""
    from dldrill.worksheets.build import build_sheet
    from dldrill.worksheets.code import SheetSpec

    return build_sheet(bank.questions, SheetSpec(count=len(bank.questions), seed=1))
