"""Benchmark (a script, not a test): time to the first screen of the study app against a bare Textual app.

    uv run --no-sync python tests/benchmarks/bench_tui_startup.py [--runs 5]

Each run is a fresh interpreter (cold imports, headless driver).  The clock starts at the child's first
line and stops when the first screen has been composed and refreshed.  Issue 6 aims at most 1.3× the bare
app.  It also reports whether SymPy was already imported when the first screen appeared (it should not be),
and the time from an answer key (choice + Enter) to the feedback on screen, driven by Textual's Pilot
(issue 6 aims at 50 ms; Pilot's own bookkeeping is included, so this is an upper bound).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time
t0 = time.perf_counter()
import sys
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield OptionList(*[f"{n}. entry" for n in range(9)])
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("RESULT", time.perf_counter() - t0, "sympy" in sys.modules, flush=True)
        self.exit()

Bare().run(headless=True)
"""

DLDRILL = """
import time
t0 = time.perf_counter()
import sys
from dldrill.study.store import Store
from dldrill.tui.app import DldrillApp

class Timed(DldrillApp):
    # Textual calls on_mount of every class in the MRO: this runs after DldrillApp.on_mount pushed Home
    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("RESULT", time.perf_counter() - t0, "sympy" in sys.modules, flush=True)
        self.exit()

Timed("home", {}, "ja", [], store=Store.open()).run(headless=True)
"""


def run_once(code: str, env: dict[str, str]) -> tuple[float, float, bool]:
    """(seconds to first screen inside the child, wall seconds of the whole process, sympy imported)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    wall = time.perf_counter() - start
    for line in out.stdout.splitlines():
        if line.startswith("RESULT"):
            _, seconds, sympy = line.split()
            return float(seconds), wall, sympy == "True"
    raise RuntimeError(f"no result: {out.stderr[-2000:]}")


async def answer_latency(questions: int = 10) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds from pressing ``a`` + Enter to the feedback being shown (static single-choice questions).

    CPU time is reported too because on a shared machine the wall time mostly measures other people's load.
    """
    from dldrill.bank.load import load_bank
    from dldrill.study.session import SessionEngine
    from dldrill.study.store import Store
    from dldrill.tui.app import DldrillApp

    bank = load_bank()
    chosen = [q for q in bank.questions if q.type == "single"][:questions]
    with tempfile.TemporaryDirectory() as home:
        store = Store.open(Path(home) / "progress.db")
        app = DldrillApp("home", {}, "ja", store=store, bank=bank, warm=False)
        times: list[float] = []
        cpu_times: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.show_session(SessionEngine(store, [(q, 1) for q in chosen], "practice"))
            await pilot.pause(0.5)
            screen = app.screen
            for _ in chosen:
                start = time.perf_counter()
                cpu = time.process_time()
                await pilot.press("a", "enter")
                while not screen.showing_feedback:  # type: ignore[attr-defined]
                    await pilot.pause(0.001)
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu)
                await pilot.press("enter")
                await pilot.pause(0.05)
        store.close()
    return times, cpu_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DLDRILL_HOME": home, "TERM": "xterm-256color"}
        results: dict[str, list[tuple[float, float, bool]]] = {"bare": [], "dldrill": []}
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            results["bare"].append(run_once(BARE, env))
            results["dldrill"].append(run_once(DLDRILL, env))
    summary = {}
    for name, runs in results.items():
        first = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        summary[name] = {"first_screen_s": round(first, 4), "process_wall_s": round(wall, 4),
                         "sympy_at_first_screen": any(r[2] for r in runs)}
        print(f"{name:8} first screen {first * 1000:7.1f} ms (median of {len(runs)})   process {wall * 1000:7.1f} ms"
              f"   sympy imported at first screen: {summary[name]['sympy_at_first_screen']}")
    ratio = summary["dldrill"]["first_screen_s"] / summary["bare"]["first_screen_s"]
    print(f"ratio dldrill / bare: {ratio:.2f}× (goal ≤ 1.3×)")
    import asyncio

    latency, cpu = asyncio.run(answer_latency())
    print(f"answer key → feedback: wall median {statistics.median(latency) * 1000:.1f} ms (max {max(latency) * 1000:.1f}),"
          f" CPU median {statistics.median(cpu) * 1000:.1f} ms, over {len(latency)} questions (goal ≤ 50 ms;"
          " includes Pilot's own waiting)")
    summary["answer_latency_s"] = {"median": round(statistics.median(latency), 4), "max": round(max(latency), 4),
                                   "cpu_median": round(statistics.median(cpu), 4)}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
