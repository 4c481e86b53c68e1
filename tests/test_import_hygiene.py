"""The layers stay pure: every headless module is imported in a fresh interpreter (one after another, so the
first offender is named) and the forbidden packages must not appear in ``sys.modules`` (as in harlequin's
test_import_hygiene)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import solvers

SOLVER_MODULES = sorted(f"solvers.{m.name}" for m in pkgutil.iter_modules(solvers.__path__))
SOLVER_FORBIDDEN = ["dldrill", "textual", "rich", "yaml", "pydantic"]
#: the headless packages; every submodule of each is imported (an empty ``__init__`` alone proves nothing)
HEADLESS_PACKAGES = ["dldrill.bank", "dldrill.study", "dldrill.generators", "dldrill.worksheets", "dldrill.render"]
#: headless modules outside those packages
HEADLESS_MODULES = ["dldrill.grading", "dldrill.questions", "dldrill.answer_parsing", "dldrill.i18n",
                    "dldrill.plain_session"]
#: the study engine, named one by one so a module cannot drop out of the check unnoticed
STUDY_MODULES = ["dldrill.study.session", "dldrill.study.store", "dldrill.study.scheduler", "dldrill.study.stats",
                 "dldrill.study.exam_state", "dldrill.study.sections", "dldrill.study.import_check"]
HEADLESS_FORBIDDEN = ("textual", "dldrill.tui")


def headless_modules() -> list[str]:
    names = set(HEADLESS_MODULES)
    for package in HEADLESS_PACKAGES:
        module = importlib.import_module(package)
        names |= {f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__)}
    return sorted(names)


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


def test_the_study_modules_are_all_checked() -> None:
    assert set(STUDY_MODULES) <= set(headless_modules())


def test_headless_modules_never_import_textual() -> None:
    # each module in turn in one interpreter: the first one that pulls in a forbidden module is named
    code = (
        "import sys, json, importlib\n"
        f"for name in {headless_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"    bad = [m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith({HEADLESS_FORBIDDEN[1]!r})]\n"
        "    if bad:\n"
        "        print(json.dumps([name, sorted(bad)[:3]])); break\n"
        "else:\n"
        "    print(json.dumps(None))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) is None, f"{json.loads(out)[0]} imported {json.loads(out)[1]}"


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
