"""Fixtures for the bank tests: an isolated cache, no stray extra banks, and a toy generator table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bank_fixtures import TOY_GENERATORS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "content: checks the CONTENT of the built-in question bank (coverage minimums), not the code")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the session: entries are keyed by content, so sharing is safe and spares cold loads."""
    return tmp_path_factory.mktemp("dldrill-cache")


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> None:
    monkeypatch.setenv("DLDRILL_CACHE", str(shared_cache))
    monkeypatch.delenv("DLDRILL_BANKS", raising=False)
    monkeypatch.setenv("DLDRILL_LANG", "ja")


@pytest.fixture
def toy_generators() -> Iterator[dict[str, frozenset[str]]]:
    """Register the toy generator in the real registry (for CLI runs), removed afterwards."""
    from dldrill.generators import registry

    before = dict(registry.GENERATORS)
    for name, params in TOY_GENERATORS.items():
        registry.register_generator(name, params)
    yield TOY_GENERATORS
    registry.GENERATORS.clear()
    registry.GENERATORS.update(before)


@pytest.fixture
def no_builtin_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs see only the banks a test passes with --bank (the built-in content changes over time)."""
    from dldrill.bank import load

    monkeypatch.setattr(load, "builtin_bank_dir", lambda: None)
