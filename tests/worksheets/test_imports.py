"""The worksheet layer stays headless, and ``dldrill worksheet --help`` loads nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_worksheet_modules_never_import_the_tui() -> None:
    modules = ["build", "check", "markdown", "html", "typst_source", "pdf", "fonts"]
    loaded = _loaded_after("\n".join(f"import dldrill.worksheets.{m}" for m in modules))
    assert "textual" not in loaded


def test_help_is_light() -> None:
    code = ("import contextlib, io\nfrom dldrill.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main(['worksheet', '--help'])\n    except SystemExit: pass")
    loaded = _loaded_after(code)
    assert not loaded & {"numpy", "sympy", "typst", "rich", "pydantic", "textual"}
