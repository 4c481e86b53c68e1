"""Lint and type checks run as part of the suite, so CI (which runs only `uv run pytest`) keeps them honest.

mypy is configured strict over ``src`` and ``solvers`` in ``pyproject.toml``; ruff uses the project's rules.
Both skip (not pass) when the tool is not installed, e.g. when someone runs the tests without the dev group.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = run_tool("ruff", "check", "src", "solvers", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
