"""The layers stay pure: each headless module is imported in a fresh interpreter and the
forbidden packages must not appear in ``sys.modules`` (as in harlequin's test_import_hygiene)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import solvers

SOLVER_MODULES = sorted(f"solvers.{m.name}" for m in pkgutil.iter_modules(solvers.__path__))
SOLVER_FORBIDDEN = ["dldrill", "textual", "rich", "yaml", "pydantic"]
HEADLESS = ["dldrill.bank", "dldrill.grading", "dldrill.study", "dldrill.generators", "dldrill.worksheets", "dldrill.render"]


def imported_after(module: str) -> set[str]:
    code = f"import sys, json, importlib; importlib.import_module({module!r}); print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in json.loads(out)}


def test_solvers_import_only_stdlib_numpy_sympy() -> None:
    # One interpreter imports every solver module: if the union is clean, each module is (one process, not 20).
    code = (
        "import sys, json, importlib\n"
        f"for name in {SOLVER_MODULES!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in json.loads(out)}
    assert len(SOLVER_MODULES) >= 20
    assert not loaded & set(SOLVER_FORBIDDEN), f"solvers pulled in {loaded & set(SOLVER_FORBIDDEN)}"


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_layers_never_import_textual(module: str) -> None:
    try:
        loaded = imported_after(module)
    except subprocess.CalledProcessError:
        pytest.skip(f"{module} does not exist yet")
    assert "textual" not in loaded


def test_cli_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, json, contextlib, io\n"
        "from dldrill.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in json.loads(out)}
    assert not loaded & {"numpy", "sympy", "textual", "rich", "pydantic", "yaml"}
