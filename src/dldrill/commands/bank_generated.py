"""The generated-question side of ``dldrill bank``: draw and render one variant (``show --seed``) and stress-test a
template over many seeds (``stress``, after R/exams' ``stresstest_exercise``).

Kept apart from :mod:`dldrill.commands.bank` so that module stays a thin dispatcher; NumPy, SymPy and Rich are
imported only inside these functions.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

LETTERS = "abcd"
SEED_LIMIT = 2**63

TEXT = {
    "ja": {"answer": "正解", "why": "各選択肢について", "params": "パラメータ", "seed": "シード", "form": "形式",
           "generator": "生成器", "runs": "実行回数", "errors": "エラー", "time": "1問あたりの時間", "answers": "答えの範囲",
           "distinct": "種類", "positions": "正解の位置", "tags": "誤答の種類", "none": "なし", "source": "定義場所",
           "tolerance": "判定", "mean": "平均", "max": "最大"},
    "en": {"answer": "Answer", "why": "About each choice", "params": "Parameters", "seed": "seed", "form": "form",
           "generator": "generator", "runs": "Runs", "errors": "Errors", "time": "Time per variant", "answers": "Answer range",
           "distinct": "distinct", "positions": "Key position", "tags": "Distractor tags", "none": "none", "source": "Defined at",
           "tolerance": "compared", "mean": "mean", "max": "max"},
}


def parse_seed(text: str) -> int:
    """A variant seed from the command line: a whole number 0 ≤ S < 2^63 (argparse turns the error into one line)."""
    import argparse

    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number ≥ 0, got {text!r} / シードは 0 以上の整数です") from None
    if not 0 <= value < SEED_LIMIT:
        raise argparse.ArgumentTypeError(f"seed must be between 0 and 2^63 − 1, got {text} / シードは 0〜2^63−1 です")
    return value


def positive_runs(text: str) -> int:
    """``--runs``: a whole number from 1 to 100 000."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"runs must be a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"runs must be between 1 and 100000, got {value}")
    return value


def has_generator(question: Any) -> bool:
    """Whether the question's generator is implemented (the bank may name one that is only registered)."""
    from dldrill.generators.catalog import all_specs

    return question.generator in all_specs()


#: seeds ``bank validate`` draws of every generated question: enough to meet a bad range, cheap enough to stay fast
VALIDATE_SEEDS = (0, 1, 2)


def draw_problems(questions: Any, seeds: tuple[int, ...] = VALIDATE_SEEDS,
                  directory: Path | None = None) -> list[tuple[Any, str]]:
    """Draw a few variants of each generated question; (question, message) for each one that cannot be drawn.

    Field checks see the shape of ``params``; only drawing shows that, say, ``padding: -7`` makes every draw fail.
    Any exception counts: a validator reports what would crash a learner's session, it does not crash itself.
    Outcomes are cached in ``directory`` by the question's data and the source of dldrill and the solvers, so a
    repeated ``bank validate`` neither imports SymPy nor draws again.
    """
    from dldrill.bank import cache

    problems: list[tuple[Any, str]] = []
    for question in questions:
        if question.type != "generated" or not has_generator(question):
            continue
        key = _draw_key(question, seeds) if directory is not None else ""
        outcome = cache.read_entry(directory, key)
        if not isinstance(outcome, str):  # absent, or not an entry of ours
            outcome = _first_failure(question, seeds)
            cache.write_entry(directory, key, outcome)
        if outcome:
            problems.append((question, outcome))
    return problems


def _first_failure(question: Any, seeds: tuple[int, ...]) -> str:
    """The message for the first seed that cannot be drawn, or "" when every seed draws."""
    from dldrill.questions import present

    for seed in seeds:
        try:
            present(question, seed)
        except Exception as exc:
            return f"seed {seed}: no variant can be drawn: {draw_error_text(exc)}"
    return ""


def _draw_key(question: Any, seeds: tuple[int, ...]) -> str:
    import hashlib
    import json

    from dldrill.bank.schema import question_to_data

    data = json.dumps(question_to_data(question), sort_keys=True, ensure_ascii=False).encode()
    return "draw-" + hashlib.sha256(_source_fingerprint() + repr(seeds).encode() + data).hexdigest()


@cache
def _source_fingerprint() -> bytes:
    """The source of every module drawing a variant can involve: the solvers, the generators, the bank and the
    top-level dldrill modules (questions, grading, answer parsing …); front ends and the study engine are not."""
    import hashlib

    import dldrill
    import solvers

    here = Path(dldrill.__file__ or "").parent
    sources = sorted(Path(solvers.__file__ or "").parent.rglob("*.py"))
    sources += sorted(here.glob("*.py")) + sorted(here.glob("bank/*.py")) + sorted(here.glob("generators/*.py"))
    digest = hashlib.sha256(b"dldrill-draw-check-1")
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def draw_error_text(exc: BaseException) -> str:
    """One line for an error raised while drawing or rendering a variant."""
    from dldrill.generators.base import GeneratorError

    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 200:
        text = text[:199] + "…"
    return text if isinstance(exc, GeneratorError) else f"{type(exc).__name__}: {text}"


def variant_json(presented: Any, lang: str, source: str) -> dict[str, Any]:
    """The variant as JSON: params, prompt (both languages), choices, answer, steps, mistakes, plus the shown key."""
    variant = presented.variant
    data: dict[str, Any] = variant.to_json()
    data["lang"] = lang
    data["source"] = source
    data["answer_shown"] = presented.answer_text(lang)
    if variant.answer_hint is not None:
        data["answer_hint"] = variant.answer_hint.to_json()
    return data


def variant_renderable(presented: Any, lang: str, source: str) -> Any:
    """Prompt, labelled options, the key, why each distractor is wrong (its modelled slip) and the worked steps."""
    import json

    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from dldrill.grading import tolerance_text
    from dldrill.render.questions import question_renderable, worked_steps_renderable
    from solvers.numbers import to_json_value

    t = TEXT[lang]
    v = presented.variant
    q = presented.question
    parts: list[Any] = [
        Text(f"{t['generator']}: {v.generator} · {t['form']}: {v.form} · {t['seed']}: {v.seed} · {' '.join(q.syllabus)}", style="dim"),
        question_renderable(presented, lang),
    ]
    if v.form == "choice":
        key = v.key_index or 0
        parts.append(Text(f"{t['answer']}: {LETTERS[key]}) {v.choices[key].text}", style="bold green"))
        parts.append(Text(t["why"], style="bold"))
        for i, choice in enumerate(v.choices):
            if choice.correct:
                parts.append(Text(f"  {LETTERS[i]}) ✓"))
            else:
                why = choice.explanation.get(lang) if choice.explanation is not None else ""
                parts.append(Text(f"  {LETTERS[i]}) ✗ [{choice.tag}] {why}"))
    else:
        parts.append(Text(f"{t['answer']}: {v.expected_text()}   ({t['tolerance']}: {tolerance_text(v.tolerance).get(lang)})",
                          style="bold green"))
    parts.append(worked_steps_renderable(presented, lang))
    parts.append(Text(f"{t['params']}: " + json.dumps(to_json_value(dict(v.params)), ensure_ascii=False), style="dim"))
    parts.append(Text(f"{t['source']}: {source}", style="dim"))
    return Panel(Group(*parts), title=f"{q.id} (seed {v.seed})", title_align="left")


# ---------------------------------------------------------------- stress test


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _check(presented: Any) -> str | None:
    """What is wrong with one drawn variant, or None: the choice invariants, and that the key grades as right."""
    from dldrill.generators.base import display_value
    from dldrill.questions import grade

    v = presented.variant
    if v.form == "choice":
        texts = [c.text for c in v.choices]
        if len(texts) != 4 or len(set(texts)) != 4:
            return f"options are not four distinct texts: {texts}"
        if sum(c.correct for c in v.choices) != 1 or v.key_index is None or not v.choices[v.key_index].correct:
            return "not exactly one correct option at key_index"
        if v.choices[v.key_index].text != display_value(v.answer, v.tolerance):
            return "the correct option does not show the answer"
        if not grade(presented, LETTERS[v.key_index]).correct:
            return "the key's label does not grade as correct"
        return None
    if not grade(presented, v.expected_text()).correct:
        return f"the answer as shown ({v.expected_text()}) does not grade as correct"
    for m in v.mistakes:
        if grade(presented, display_value(m.value, v.tolerance)).correct:
            return f"the slip '{m.tag}' grades as correct"
    return None


def stress(question: Any, runs: int, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Draw seeds 0..runs−1 of a generated question: errors (with the seed), time per variant, answer range, key positions."""
    from dldrill.questions import present

    errors: list[dict[str, Any]] = []
    times: list[float] = []
    numbers: list[float] = []
    shown: set[str] = set()
    positions: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    with contextlib.suppress(Exception):  # warm-up: the first draw imports the generator and SymPy (errors come below)
        present(question, 0)
    for seed in range(runs):
        start = time.perf_counter()
        try:
            presented = present(question, seed)
        except Exception as exc:  # a stress test reports every crash with its seed instead of stopping
            errors.append({"seed": seed, "error": draw_error_text(exc)})
            continue
        finally:
            times.append(time.perf_counter() - start)
            if progress is not None:
                progress(seed + 1)
        v = presented.variant
        assert v is not None, "present() gives every generated question a variant"
        try:
            problem = _check(presented)
        except Exception as exc:  # grading the drawn key crashed: that is this seed's error, not the command's
            problem = f"checking the variant failed: {draw_error_text(exc)}"
        if problem is not None:
            errors.append({"seed": seed, "error": problem})
        shown.add(v.expected_text())
        number = _number(v.answer)
        if number is not None:
            numbers.append(number)
        if v.form == "choice" and v.key_index is not None:
            positions[LETTERS[v.key_index]] += 1
            tags.update(c.tag for c in v.choices if not c.correct)
    report: dict[str, Any] = {
        "id": question.id, "generator": question.generator, "form": question.form, "runs": runs,
        "errors": errors,
        "time_ms": {"mean": round(1000 * sum(times) / len(times), 3) if times else 0.0,
                    "max": round(1000 * max(times), 3) if times else 0.0},
        "answers": {"distinct": len(shown)},
    }
    if numbers:
        report["answers"].update(min=min(numbers), max=max(numbers))
    if question.form == "choice":
        report["key_positions"] = {letter: positions[letter] for letter in LETTERS}
        report["distractor_tags"] = dict(tags.most_common())
    return report


def stress_renderable(report: dict[str, Any], lang: str) -> Any:
    """The stress report as a small table, errors listed with their seeds."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    t = TEXT[lang]
    table = Table(show_header=False, box=None, padding=(0, 2), title=f"{report['id']} ({report['generator']}, {report['form']})")
    table.add_row(t["runs"], str(report["runs"]))
    n_errors = len(report["errors"])
    table.add_row(t["errors"], f"[red]{n_errors}[/]" if n_errors else "[green]0[/]")
    table.add_row(t["time"], f"{t['mean']} {report['time_ms']['mean']:.1f} ms, {t['max']} {report['time_ms']['max']:.1f} ms")
    answers = report["answers"]
    span = f"{answers['min']:g} … {answers['max']:g}, " if "min" in answers else ""
    table.add_row(t["answers"], f"{span}{answers['distinct']} {t['distinct']}")
    if "key_positions" in report:
        runs = max(1, sum(report["key_positions"].values()))
        table.add_row(t["positions"], "  ".join(f"{k}: {n} ({n / runs:.0%})" for k, n in report["key_positions"].items()))
        table.add_row(t["tags"], ", ".join(f"{tag} {n}" for tag, n in report["distractor_tags"].items()) or t["none"])
    parts: list[Any] = [table]
    for error in report["errors"][:20]:
        parts.append(Text(f"  seed {error['seed']}: {error['error']}", style="red"))
    if n_errors > 20:
        parts.append(Text(f"  … {n_errors - 20} more (see --json)", style="red"))
    return Group(*parts)
