"""Benchmark (a script, not a test): load a generated bank of 10,000 questions cold and from the cache.

    uv run python tests/benchmarks/bench_bank_load.py [--questions 10000] [--files 20]

Prints the time to import the bank modules, to parse + validate everything (cold, empty cache) and to load
again from the cache.  Issue 3's goal is a cached load under one second.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TYPES = ("single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free")


def question_yaml(number: int) -> str:
    """One valid question; the type cycles so every validator is exercised."""
    kind = TYPES[number % len(TYPES)]
    head = f"""  - id: bench-{number:05d}
    type: {kind}
    exam: [G, E]
    syllabus: [T18, E3-4-1]
    topics: [cnn, padding]
    difficulty: {1 + number % 3}
    prompt:
      ja: "ゼロパディングの目的として最も適切なものはどれか (問 {number}) {{{{1}}}}"
      en: "What is zero padding for? (question {number}) {{{{1}}}}"
"""
    if kind != "cloze":
        head = head.replace(" {{1}}", "")
    body = {
        "single": """    choices:
      - text: {ja: 出力サイズを保つ, en: To keep the output size}
      - text: {ja: 重みを減らす, en: To reduce the weights}
        why: {ja: 重みの数は変わらない。, en: The weights do not change.}
      - text: {ja: 学習率を上げる, en: To raise the learning rate}
        why: {ja: 学習率とは関係がない。, en: Unrelated to the learning rate.}
      - text: {ja: 非線形性を加える, en: To add non-linearity}
        why: {ja: 0 を足すだけである。, en: It only adds zeros.}
    answer: 0
""",
        "multiple": """    choices:
      - text: {ja: バギング, en: Bagging}
      - text: {ja: 主成分分析, en: PCA}
        why: {ja: 次元削減である。, en: It is dimensionality reduction.}
      - text: {ja: ブースティング, en: Boosting}
    answer: [0, 2]
""",
        "truefalse": "    answer: true\n",
        "cloze": """    blanks:
      - answer: {ja: 出力サイズ, en: output size}
        accept: [サイズ, size]
""",
        "ordering": """    items:
      - {ja: 読み込む, en: Load}
      - {ja: 付け替える, en: Replace}
      - {ja: 学習する, en: Train}
""",
        "numeric": """    answer: "2/3"
    tolerance: {mode: decimals, value: 2, rounding: half_up}
""",
        "free": """    model_answer: {ja: 出力サイズを保つ。, en: It keeps the output size.}
    rubric:
      - {ja: サイズに触れる, en: Mentions the size}
""",
    }[kind]
    tail = """    explanation:
      ja: 端を 0 で埋めると出力の空間サイズを保てる。
      en: Filling the border with zeros keeps the spatial size.
    references: ["Goodfellow et al. (2016) Deep Learning, 9.4"]
"""
    return head + body + tail


def write_bank(folder: Path, questions: int, files: int) -> None:
    per_file = -(-questions // files)
    for index in range(files):
        numbers = range(index * per_file, min(questions, (index + 1) * per_file))
        text = "questions:\n" + "".join(question_yaml(n) for n in numbers)
        (folder / f"bench_{index:03d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        bank_dir, cache_root = Path(scratch) / "bank", Path(scratch) / "cache"
        bank_dir.mkdir()
        write_bank(bank_dir, args.questions, args.files)
        size = sum(p.stat().st_size for p in bank_dir.iterdir())
        environ = {"DLDRILL_CACHE": str(cache_root)}

        def timed(action: Callable[[], Any]) -> tuple[Any, float, float]:
            wall, cpu = time.perf_counter(), time.process_time()
            result = action()
            return result, time.perf_counter() - wall, time.process_time() - cpu

        _, import_wall, import_cpu = timed(_import_bank_modules)
        from dldrill.bank.load import load_files

        cold, cold_wall, cold_cpu = timed(lambda: load_files([bank_dir], environ=environ))
        warm, warm_wall, warm_cpu = timed(lambda: load_files([bank_dir], environ=environ))
        assert not cold.problems, cold.problems[:3]
        assert len(cold.questions) == len(warm.questions) == args.questions
        assert cold.questions == warm.questions

        print(f"bank: {args.questions} questions in {args.files} files, {size / 1e6:.1f} MB "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall time suffers when busy)")
        print(f"import pydantic + schema + loader:          wall {import_wall:6.3f} s   cpu {import_cpu:6.3f} s")
        print(f"cold load (parse + validate + write cache): wall {cold_wall:6.3f} s   cpu {cold_cpu:6.3f} s")
        verdict = "OK" if warm_cpu < 1 else "over the 1 s goal"
        print(f"cached load:                                wall {warm_wall:6.3f} s   cpu {warm_cpu:6.3f} s  ({verdict})")


def _import_bank_modules() -> None:
    from dldrill.bank import load, schema  # noqa: F401


if __name__ == "__main__":
    main()
