"""Syllabus sections: which section a question counts under for a given exam, and section names in ja/en.

Why this exists: many questions are tagged with codes of both syllabi (e.g. ``[T25, E3-7-1]``).  A result by
section must file each question under a code *of the exam being taken*: an E資格 result has only E1…E5 rows and a
G検定 result only T/L rows.  G codes are ``T..``/``L..`` (technical field / law and ethics field), E codes ``E…``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EXAMS = ("G", "E")
#: G検定 fields by code letter: (Japanese, English)
G_SECTION_NAMES = {"T": ("技術分野", "Technical field"), "L": ("法律・倫理分野", "Law and ethics")}
#: E資格 parts by number (the ``## n. …`` headings of the syllabus): (Japanese, English)
E_SECTION_NAMES = {
    "E1": ("数学的基礎", "Mathematical foundations"),
    "E2": ("機械学習", "Machine learning"),
    "E3": ("深層学習の基礎", "Deep learning fundamentals"),
    "E4": ("深層学習の応用", "Deep learning applications"),
    "E5": ("開発・運用環境", "Development and operations"),
}


def section_of(code: str) -> str:
    """The syllabus section a code belongs to: G items by field (T/L), E items by part (E1…E5)."""
    if code.startswith("E"):
        return code.split("-")[0]
    return code[:1]


def exam_of(code: str) -> str:
    """``"E"`` for an E資格 code, ``"G"`` for a G検定 code (T/L)."""
    return "E" if code.startswith("E") else "G"


def section_for_codes(codes: Sequence[str], exam: str | None) -> str:
    """The section of the first code that belongs to ``exam`` (the first code at all when none does, or no exam)."""
    codes = [c for c in codes if c] or ["?"]
    if exam is not None:
        for code in codes:
            if exam_of(code) == exam:
                return section_of(code)
    return section_of(codes[0])


def section_for(question: Any, exam: str | None) -> str:
    """The section ``question`` counts under in ``exam``: its first syllabus code of that exam."""
    return section_for_codes(list(getattr(question, "syllabus", ()) or ()), exam)


def sections_per_exam(codes: Sequence[str]) -> list[str]:
    """For statistics with no exam chosen: the section of the first code of *each* exam the codes belong to.

    ``[T25, E3-7-1]`` → ``["T", "E3"]``; ``[T18, T20]`` → ``["T"]``.  So an answer counts once in the G rows and once
    in the E rows when it is tagged for both, and never under an exam it has no code for.
    """
    codes = [c for c in codes if c]
    if not codes:
        return ["?"]
    out: list[str] = []
    for exam in EXAMS:
        first = next((c for c in codes if exam_of(c) == exam), None)
        if first is not None:
            out.append(section_of(first))
    return out


def section_title(section: str, lang: str) -> str:
    """``T`` → ``T 技術分野`` / ``T Technical field``; ``E3`` → ``E3 深層学習の基礎`` / ``E3 Deep learning fundamentals``."""
    names = G_SECTION_NAMES.get(section) or E_SECTION_NAMES.get(section)
    if names is None:
        return section
    ja, en = names
    return f"{section} {ja if lang == 'ja' else en}"
