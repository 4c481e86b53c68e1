"""The G検定 and E資格 syllabi: item codes, sections, titles, keywords and optional flags, parsed from package data.

The text files under ``dldrill/bank/syllabus/`` are verbatim copies of ``shared/syllabus`` (a test keeps them
equal). Each item line reads ``CODE title [opt|mix]: keyword, keyword, …`` with an optional trailing
``  (goal: …)``; ``## heading`` lines open a section and ``[分野]`` lines a category.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

#: syllabus file → the exam it describes
SYLLABUS_FILES: dict[str, str] = {"g-kentei-2024.txt": "G", "e-shikaku.txt": "E"}

_ITEM = re.compile(r"^(?P<code>[TL]\d{2}|E\d+-\d+-\d+)\s+(?P<title>[^:]+?)\s*(?P<flag>\[(?:opt|mix)\])?\s*:\s*(?P<rest>.*)$")
_GOAL = re.compile(r"\s{2,}\((?P<goal>goal:[^)]*)\)\s*$")


@dataclass(frozen=True)
class SyllabusItem:
    """One syllabus item, the unit questions are tagged with and coverage is counted by."""

    code: str
    exam: str  # "G" or "E"
    title: str
    keywords: tuple[str, ...]
    section: str
    category: str | None = None  # G検定 only: 技術分野 / 法律・倫理分野
    optional: bool = False  # E資格 [opt]: not examined, so no minimum number of questions
    mixed: bool = False  # E資格 [mix]: partly optional
    goal: str | None = None

    @property
    def minimum_questions(self) -> int:
        """How many questions the built-in bank must hold for this item (issue 3: G 3, non-optional E 2)."""
        if self.exam == "G":
            return 3
        return 0 if self.optional else 2


@dataclass(frozen=True)
class Syllabus:
    """Both syllabi, in file order, with lookup by code."""

    items: tuple[SyllabusItem, ...]

    @cached_property
    def by_code(self) -> dict[str, SyllabusItem]:
        return {item.code: item for item in self.items}

    @cached_property
    def code_set(self) -> frozenset[str]:
        return frozenset(item.code for item in self.items)

    def codes(self) -> frozenset[str]:
        return self.code_set

    def matching(self, query: str) -> list[SyllabusItem]:
        """Items named by ``query``: an exact code, or an E資格 section such as ``E3`` / ``E3-4``.

        Matching is on whole code segments, so ``T1`` never matches ``T10``; ``T1`` is read as ``T01``.
        """
        query = normalize_code(query)
        return [item for item in self.items if item.code == query or item.code.startswith(query + "-")]


def normalize_code(code: str) -> str:
    """``t1`` → ``T01``: the forgiving spelling a learner types, mapped to the syllabus spelling."""
    code = code.strip().upper()
    match = re.fullmatch(r"([TL])(\d)", code)
    return f"{match.group(1)}0{match.group(2)}" if match else code


def parse_syllabus(text: str, exam: str) -> list[SyllabusItem]:
    """Parse one syllabus file; raises ``ValueError`` naming the line when an item line is malformed."""
    items: list[SyllabusItem] = []
    section = ""
    category: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        if line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        goal_match = _GOAL.search(line)
        goal = goal_match.group("goal") if goal_match else None
        if goal_match:
            line = line[: goal_match.start()]
        match = _ITEM.match(line)
        if not match:
            raise ValueError(f"syllabus line {number} is not 'CODE title: keywords': {raw!r}")
        keywords = tuple(k.strip() for k in match.group("rest").split(",") if k.strip())
        flag = match.group("flag") or ""
        items.append(SyllabusItem(
            code=match.group("code"), exam=exam, title=match.group("title").strip(), keywords=keywords,
            section=section, category=category, optional=flag == "[opt]", mixed=flag == "[mix]", goal=goal,
        ))
    return items


@cache
def load_syllabus() -> Syllabus:
    """Both syllabi from the package data (parsed once per process)."""
    folder = resources.files("dldrill.bank").joinpath("syllabus")
    items: list[SyllabusItem] = []
    for name, exam in SYLLABUS_FILES.items():
        items += parse_syllabus(folder.joinpath(name).read_text(encoding="utf-8"), exam)
    return Syllabus(tuple(items))


def syllabus_fingerprint() -> bytes:
    """The raw syllabus bytes, so a cache of validated questions is dropped when the syllabus changes."""
    folder = resources.files("dldrill.bank").joinpath("syllabus")
    return b"\0".join(folder.joinpath(name).read_bytes() for name in SYLLABUS_FILES)


def normalize_text(text: str) -> str:
    """NFKC + casefold + single spaces: the form both keywords and question texts are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def keyword_alternatives(keyword: str) -> list[tuple[str, ...]]:
    """Ways a keyword counts as mentioned; each alternative is a group of needles that must all appear.

    ``主成分分析(PCA)`` is mentioned by the whole, by ``主成分分析`` or by ``PCA``; a ``・``-joined group such
    as ``正解率・適合率・再現率・F値`` by the whole or by all of its parts.
    """
    keyword = normalize_text(keyword)
    alternatives: list[tuple[str, ...]] = [(keyword,)]
    paren = re.fullmatch(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)", keyword)
    if paren:
        alternatives += [(paren.group("outer").strip(),), (paren.group("inner").strip(),)]
    for alternative in list(alternatives):
        if len(alternative) == 1 and "・" in alternative[0]:
            parts = tuple(part.strip() for part in alternative[0].split("・") if part.strip())
            if len(parts) > 1:
                alternatives.append(parts)
    return alternatives


def needle_pattern(needle: str) -> re.Pattern[str]:
    """A search pattern for one needle: plain substring, but an ASCII word must not be part of a longer word.

    Without that, ``PPO`` would be found in "support" and ``CAM`` in "camera"; a trailing plural ``s`` is allowed.
    """
    head = r"(?<![a-z0-9])" if needle[:1].isascii() and needle[:1].isalnum() else ""
    tail = r"s?(?![a-z0-9])" if needle[-1:].isascii() and needle[-1:].isalnum() else ""
    return re.compile(head + re.escape(needle) + tail)


def keyword_mentioned(keyword: str, normalized_corpus: str) -> bool:
    """Whether ``keyword`` appears in a text already passed through :func:`normalize_text`."""
    return any(
        all(needle_pattern(needle).search(normalized_corpus) for needle in group)
        for group in keyword_alternatives(keyword)
    )
