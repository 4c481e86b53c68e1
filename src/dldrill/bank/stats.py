"""Counts over a bank and its coverage of the syllabi: questions per item and syllabus keywords mentioned."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from dldrill.bank.syllabus import Syllabus, keyword_mentioned, load_syllabus, normalize_text

#: issue 3: share of G検定 keywords that must appear somewhere in the bank
G_KEYWORD_TARGET = 0.8


def question_corpus(question: Any) -> str:
    """Every text of a question in both languages (prompt, options, why, blanks, explanation …), normalised."""
    parts: list[str] = []
    for text in question.texts():
        parts += [text.ja, text.en]
    for blank in getattr(question, "blanks", ()):
        parts += list(getattr(blank, "accept", ()))
    return normalize_text("\n".join(parts))


def matches_search(question: Any, needle: str) -> bool:
    """Case- and width-insensitive substring search over the id, topics and every text of a question."""
    needle = normalize_text(needle)
    return needle in normalize_text(" ".join([question.id, *question.topics])) or needle in question_corpus(question)


def bank_stats(questions: Sequence[Any], syllabus: Syllabus | None = None) -> dict[str, Any]:
    """Counts by type, exam, difficulty and syllabus item, plus keyword coverage and items below minimum."""
    syllabus = syllabus or load_syllabus()
    by_type = Counter(q.type for q in questions)
    by_syllabus = Counter(code for q in questions for code in q.syllabus)
    corpus = "\n".join(question_corpus(q) for q in questions)
    items: dict[str, Any] = {}
    below: list[dict[str, Any]] = []
    totals = {"G": [0, 0], "E": [0, 0]}  # [found, total]; E counts items that are not [opt]
    for item in syllabus.items:
        found = [k for k in item.keywords if keyword_mentioned(k, corpus)]
        missing = [k for k in item.keywords if k not in found]
        count = by_syllabus.get(item.code, 0)
        items[item.code] = {
            "exam": item.exam, "title": item.title, "section": item.section, "optional": item.optional,
            "questions": count, "minimum": item.minimum_questions,
            "keywords_found": found, "keywords_missing": missing,
        }
        if item.exam == "G" or not item.optional:
            totals[item.exam][0] += len(found)
            totals[item.exam][1] += len(item.keywords)
        if count < item.minimum_questions:
            below.append({"code": item.code, "title": item.title, "questions": count, "minimum": item.minimum_questions})
    return {
        "questions": len(questions),
        "by_type": dict(sorted(by_type.items())),
        "by_exam": _exam_counts(questions),
        "by_difficulty": {str(level): sum(q.difficulty == level for q in questions) for level in (1, 2, 3)},
        "by_syllabus": {item.code: by_syllabus.get(item.code, 0) for item in syllabus.items},
        "not_single_share": _share(len(questions) - by_type.get("single", 0), len(questions)),
        "coverage": {
            "g_keyword_coverage": _share(*totals["G"]),
            "g_keywords_found": totals["G"][0],
            "g_keywords_total": totals["G"][1],
            "e_keyword_coverage": _share(*totals["E"]),
            "e_keywords_found": totals["E"][0],
            "e_keywords_total": totals["E"][1],
            "g_keyword_target": G_KEYWORD_TARGET,
            "below_minimum": below,
            "items": items,
        },
    }


def _exam_counts(questions: Iterable[Any]) -> dict[str, int]:
    counts = {"G": 0, "E": 0, "both": 0}
    for question in questions:
        for exam in question.exam:
            counts[exam] += 1
        counts["both"] += len(question.exam) == 2
    return counts


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
