"""Benchmark: a 100-question PDF with its key (target < 5 s) and a class set of 30 copies × 20 questions (< 30 s).

Run: ``uv run --no-sync python tests/benchmarks/bench_worksheets.py``.  Prints figures, asserts nothing (speed
depends on the machine and its load, printed first).  Per task: the whole ``dldrill worksheet`` command in a fresh
process (what a teacher waits for, including Python, NumPy and SymPy start-up), wall and CPU seconds, run twice --
as this environment runs it, and with Python's bytecode cache available (a normal install: ``pip`` writes ``.pyc``
files, and Python writes them on first import unless ``PYTHONDONTWRITEBYTECODE`` is set; without them every run
compiles all of SymPy from source, seconds of CPU) -- and the in-process build + render + compile once the libraries
are loaded.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASKS = {
    "100 questions + key": ["--count", "100", "--seed", "3", "--key", "end"],
    "30 copies x 20 questions, keys separate": ["--count", "20", "--seed", "3", "--copies", "30", "--key", "separate"],
}
TARGETS = {"100 questions + key": 5.0, "30 copies x 20 questions, keys separate": 30.0}


def in_process(args: list[str], out: Path) -> tuple[float, dict[str, float]]:
    """Seconds for build + render + compile with everything imported, and the split by phase."""
    from dldrill.bank.load import load_bank
    from dldrill.worksheets.build import build_sheets
    from dldrill.worksheets.code import SheetSpec
    from dldrill.worksheets.fonts import require_japanese_font
    from dldrill.worksheets.pdf import render_pdf

    options = dict(zip(args[::2], args[1::2], strict=True))
    bank = load_bank()
    font = require_japanese_font()
    start = time.perf_counter()
    specs = [SheetSpec(count=int(options["--count"]), seed=int(options["--seed"]), copy=k)
             for k in range(int(options.get("--copies", "1")))]
    sheets = build_sheets(bank.questions, specs)
    built = time.perf_counter()
    from dldrill.worksheets.typst_source import render_typst

    render_typst(sheets, options["--key"], font.family)
    sourced = time.perf_counter()
    body, _key = render_pdf(sheets, options["--key"], font)
    done = time.perf_counter()
    out.write_bytes(body)
    return done - start - (sourced - built), {"select+present": built - start, "typst source": sourced - built,
                                             "source+compile": done - sourced, "PDF MB": len(body) / 1e6}


def command(args: list[str], target: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``dldrill worksheet`` run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dldrill", "worksheet", *args, "-o", str(target)], check=True,
                   capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    # warm the libraries and the bank cache once, so the in-process figures are steady-state
    from dldrill.bank.load import load_bank
    from dldrill.worksheets.build import build_sheet
    from dldrill.worksheets.code import SheetSpec

    build_sheet(load_bank().questions, SheetSpec(count=40, seed=1))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        as_is = dict(os.environ)
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")  # never writes into the source tree
        for name, args in TASKS.items():
            target = Path(tmp) / "sheet.pdf"
            wall, cpu = command(args, target, as_is)
            command(args, target, cached)  # fills the bytecode cache
            cached_wall, cached_cpu = command(args, target, cached)
            warm, split = in_process(args, Path(tmp) / "warm.pdf")
            details = ", ".join(f"{k} {v:.2f}" for k, v in split.items())
            print(f"{name}: command {wall:.2f} s wall / {cpu:.2f} s CPU"
                  f" (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}),"
                  f" with bytecode cache {cached_wall:.2f} s wall / {cached_cpu:.2f} s CPU;"
                  f" in-process {warm:.2f} s ({details}); target {TARGETS[name]:.0f} s")


if __name__ == "__main__":
    main()
