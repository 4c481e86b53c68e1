"""Fixtures for the TUI tests: a small bank of every question type, a store in tmp_path, an app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import TODAY, make_questions

from dldrill.bank.load import Bank
from dldrill.study.store import Store
from dldrill.tui.app import DldrillApp


@pytest.fixture(scope="session")
def bank() -> Bank:
    return Bank(tuple(make_questions()))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("DLDRILL_HOME", str(tmp_path))
    s = Store.open(tmp_path / "progress.db")
    yield s
    s.close()


@pytest.fixture
def make_app(bank: Bank, store: Store) -> Callable[..., DldrillApp]:
    def factory(start: str = "home", lang: str = "ja", options: dict[str, Any] | None = None, **kw: Any) -> DldrillApp:
        kw.setdefault("seed", 7)
        kw.setdefault("today", TODAY)
        kw.setdefault("warm", False)
        return DldrillApp(start, options, lang, store=store, bank=bank, **kw)

    return factory
