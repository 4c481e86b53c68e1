"""Paths and tables shared by the bank tests (a plain module: the test folders are not packages)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
#: the generator table the fixtures are written against (issue 5 will bring real generators)
TOY_GENERATORS = {"toy_conv": frozenset({"size", "kernel", "stride"})}
