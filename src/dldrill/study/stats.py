"""Learning statistics from the progress store: accuracy per syllabus section and item, activity over
time, weakest items, upcoming reviews and an exam-readiness estimate (with how it is computed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dldrill.study.scheduler import Scheduler
from dldrill.study.session import section_of
from dldrill.study.store import Store

ACTIVITY_DAYS = 28
MIN_ATTEMPTS_FOR_WEAK = 2


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).astimezone(UTC).date()


def compute_stats(store: Store, questions: Sequence[Any] = (), today: date | None = None,
                  exam: str | None = None) -> dict[str, Any]:
    """Everything the statistics screen and ``dldrill stats --json`` show."""
    today = today or datetime.now(UTC).date()
    rows = store.attempts()
    by_item: dict[str, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    by_section: dict[str, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    activity: dict[date, dict[str, int]] = defaultdict(lambda: {"attempts": 0, "correct": 0})
    for row in rows:
        codes = [c for c in (row["syllabus"] or "").split(",") if c] or ["?"]
        for code in codes:
            by_item[code]["attempts"] += 1
            by_item[code]["correct"] += int(row["correct"])
        section = section_of(codes[0])
        by_section[section]["attempts"] += 1
        by_section[section]["correct"] += int(row["correct"])
        d = _day(row["answered_at"])
        activity[d]["attempts"] += 1
        activity[d]["correct"] += int(row["correct"])

    def with_accuracy(entry: dict[str, int]) -> dict[str, Any]:
        return {**entry, "accuracy": round(entry["correct"] / entry["attempts"], 4) if entry["attempts"] else None}

    scheduler = Scheduler.from_settings(store)
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
        "due": scheduler.due_count(),
        "due_next_7_days": scheduler.due_within(7),
        "upcoming": [{"id": k, "due": d} for k, d in store.upcoming(10)],
        "readiness": readiness(by_item, questions, exam),
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
        "how": ("各シラバス項目の正答率を (正解数 + 0.5) / (解答数 + 2) で平滑化し、未学習の項目は 25% (4択の当て推量) として、"
                "全項目の平均をとった推定得点率です。 / Mean over syllabus items of the smoothed accuracy "
                "(correct + 0.5) / (attempts + 2); an item not yet practised counts as 25 % (a guess among four options)."),
    }
