"""Learning statistics from the progress store: accuracy per syllabus section and item, activity over
time, weakest items, upcoming reviews and an exam-readiness estimate (with how it is computed).

Sections: with an exam chosen (``dldrill stats --exam E``) each answer counts under its first code of that exam
(answers with no code of it are left out of the section table); with none, under the first code of *each* exam it is
tagged for, so ``[T25, E3-7-1]`` counts once in row T and once in row E3 and a G-only question never reaches an E row.
A row the store cannot read (a bad date or a non-numeric result, e.g. from a hand-edited import) is skipped and
reported in ``warnings``, never fatal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dldrill.study.scheduler import Scheduler
from dldrill.study.sections import exam_of, section_for_codes, sections_per_exam
from dldrill.study.store import Store

ACTIVITY_DAYS = 28
MIN_ATTEMPTS_FOR_WEAK = 2


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).astimezone(UTC).date()


def compute_stats(store: Store, questions: Sequence[Any] = (), today: date | None = None,
                  exam: str | None = None) -> dict[str, Any]:
    """Everything the statistics screen and ``dldrill stats --json`` show."""
    today = today or datetime.now(UTC).date()
    rows = []
    warnings: list[str] = []
    for row in store.attempts():
        try:
            _day(row["answered_at"])
            int(row["correct"])
        except (TypeError, ValueError):
            warnings.append(f"skipped attempt {row['id']}: unreadable answered_at {str(row['answered_at'])[:40]!r}"
                            f" or correct {str(row['correct'])[:10]!r}")
            continue
        rows.append(row)
    by_item: dict[str, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    by_section: dict[str, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    activity: dict[date, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    for row in rows:
        codes = [c for c in (row["syllabus"] or "").split(",") if c] or ["?"]
        for code in codes:
            by_item[code]["attempts"] += 1
            by_item[code]["correct"] += int(row["correct"])
        if exam is not None:
            sections = [section_for_codes(codes, exam)] if any(exam_of(c) == exam for c in codes) else []
        else:
            sections = sections_per_exam(codes)
        for section in sections:
            by_section[section]["attempts"] += 1
            by_section[section]["correct"] += int(row["correct"])
        d = _day(row["answered_at"])
        activity[d]["attempts"] += 1
        activity[d]["correct"] += int(row["correct"])

    def with_accuracy(entry: dict[str, int]) -> dict[str, Any]:
        return {**entry, "accuracy": round(entry["correct"] / entry["attempts"], 4) if entry["attempts"] else None}

    scheduler = Scheduler.from_settings(store)
    due = scheduler.due_count()
    warnings += scheduler.warnings
    weakest = sorted(((code, e) for code, e in by_item.items() if e["attempts"] >= MIN_ATTEMPTS_FOR_WEAK),
                     key=lambda ce: (ce[1]["correct"] / ce[1]["attempts"], -ce[1]["attempts"]))[:10]
    days = [today - timedelta(days=n) for n in range(ACTIVITY_DAYS - 1, -1, -1)]
    attempts = len(rows)
    correct = sum(int(r["correct"]) for r in rows)
    return {
        "attempts": attempts,
        "correct": correct,
        "accuracy": round(correct / attempts, 4) if attempts else None,
        "by_syllabus": {code: with_accuracy(e) for code, e in sorted(by_item.items())},
        "by_section": {s: with_accuracy(e) for s, e in sorted(by_section.items())},
        "activity": [{"date": d.isoformat(), **activity.get(d, {"attempts": 0, "correct": 0})} for d in days],
        "weakest": [{"syllabus": code, **with_accuracy(e)} for code, e in weakest],
        "due": due,
        "due_next_7_days": scheduler.due_within(7),
        "upcoming": [{"id": k, "due": d} for k, d in store.upcoming(10)],
        "readiness": readiness(by_item, questions, exam),
        "warnings": warnings,
    }


def readiness(by_item: dict[str, dict[str, int]], questions: Sequence[Any], exam: str | None) -> dict[str, Any]:
    """Expected exam score: the mean over syllabus items of the smoothed accuracy of each item.

    An item never practised counts as 25 % (a guess among four options); a practised item's accuracy is
    smoothed towards that guess with two pseudo-attempts, so one lucky answer does not count as mastery:
    (correct + 0.5) / (attempts + 2).  Items are weighted equally, as the exam samples the whole syllabus.
    """
    from dldrill.bank.syllabus import load_syllabus

    items = [i for i in load_syllabus().items if not i.optional and (exam is None or i.exam == exam)]
    if not items:
        return {"score": None, "how": ""}
    total, covered = 0.0, 0
    for item in items:
        e = by_item.get(item.code)
        if e and e["attempts"]:
            covered += 1
            total += (e["correct"] + 0.5) / (e["attempts"] + 2)
        else:
            total += 0.25
    return {
        "score": round(total / len(items), 4),
        "coverage": round(covered / len(items), 4),
        "items": len(items),
        "how": f"{READINESS_HOW['ja']} / {READINESS_HOW['en']}",
    }


#: how the readiness estimate is computed, per language (``how`` in the stats holds both, for ``--json``)
READINESS_HOW = {
    "ja": "各シラバス項目の正答率を (正解数 + 0.5) / (解答数 + 2) で平滑化し、未学習の項目は 25% (4択の当て推量) として、"
          "全項目の平均をとった推定得点率です。",
    "en": "Mean over syllabus items of the smoothed accuracy (correct + 0.5) / (attempts + 2); an item not yet "
          "practised counts as 25 % (a guess among four options).",
}


def readiness_how(lang: str) -> str:
    """The readiness explanation in one language (the command line and the app print only the chosen one)."""
    return READINESS_HOW.get(lang, READINESS_HOW["ja"])
