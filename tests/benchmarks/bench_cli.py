"""Start-up and solve times of the command line (issue 2, point 7): prints figures, asserts nothing.

    uv run python tests/benchmarks/bench_cli.py [--runs N]

Each command runs N times in a fresh interpreter; the best and median wall times are printed next to a bare
``python -c pass`` so the cost of dldrill itself is visible. ``dldrill --help`` should stay in the tens of
milliseconds: it imports neither NumPy nor SymPy nor Textual.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
    ("dldrill --help", [sys.executable, "-m", "dldrill", "--help"]),
    ("dldrill solve --help", [sys.executable, "-m", "dldrill", "solve", "--help"]),
    ("solve output-size --json", [sys.executable, "-m", "dldrill", "solve", "output-size", "--input-size", "28",
                                  "--kernel", "5", "--padding", "2", "--json"]),
    ("solve conv2d --json", [sys.executable, "-m", "dldrill", "solve", "conv2d", "--input", "[[1,2,0],[0,1,3],[2,1,0]]",
                             "--kernel", "[[1,0],[0,1]]", "--json"]),
    ("solve softmax (Rich)", [sys.executable, "-m", "dldrill", "solve", "softmax", "1", "2", "3"]),
    ("solve summary --json", [sys.executable, "-m", "dldrill", "solve", "summary", "Input((10,32)), LSTM(64)", "--json"]),
    ("solve optimizer (SymPy)", [sys.executable, "-m", "dldrill", "solve", "optimizer", "--method", "sgd", "--lr", "0.1",
                                 "--function", "x**2 + 3*y**2", "--start", "x=1,y=2", "--steps", "3", "--json"]),
]


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"{'command':<30} {'best ms':>8} {'median ms':>10}   ({runs} runs each)")
    for label, argv in COMMANDS:
        times = [timed(argv) for _ in range(runs)]
        print(f"{label:<30} {min(times) * 1000:8.1f} {statistics.median(times) * 1000:10.1f}")


if __name__ == "__main__":
    main()
