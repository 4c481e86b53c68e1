"""Grade a sheet done on paper: read ``N: answer`` lines, grade with the app's grader, record through the engine.

Why through :class:`~dldrill.study.session.SessionEngine`: it is the one place that turns a grade into an attempt
row and an FSRS review, so paper answers count in statistics and reviews exactly like answers in the app.
Time on paper is unknown; each question is recorded as taking its usual time (``EXPECTED_SECONDS``), so a right
answer is scheduled as *Good* rather than the *Easy* an instant answer would get.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dldrill.worksheets.build import Sheet, SheetItem
from dldrill.worksheets.code import shorten
from dldrill.worksheets.errors import WorksheetError

LINE = re.compile(r"^\s*(?:Q|問)?\s*(\d+)\s*[:：.)）]\s*(.*?)\s*$", re.IGNORECASE)
SELF_RATINGS = {
    "again": "again", "hard": "hard", "good": "good", "easy": "easy", "○": "good", "o": "good", "×": "again",
    "x": "again", "もう一度": "again", "難しい": "hard", "できた": "good", "簡単": "easy",
}


@dataclass(frozen=True)
class Checked:
    """One question's outcome: the answer given (None if left blank) and its grade."""

    item: SheetItem
    answer: str | None
    grade: Any  # dldrill.grading.Grade | None
    rating: str | None = None  # self-grade of a free-response question


@dataclass(frozen=True)
class FormatProblem:
    """An answer that could not be read: not a wrong answer, nothing is recorded for it."""

    number: int
    answer: str
    ja: str
    en: str

    def message(self, lang: str) -> str:
        return f"{self.en} / {self.ja}" if lang == "en" else f"{self.ja} / {self.en}"


def parse_answer_file(text: str, total: int) -> dict[int, str]:
    """``1: b`` / ``2. 3/4`` / ``問3：○`` lines → {question number: answer}; ``#`` comments and blank lines skipped."""
    answers: dict[int, str] = {}
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(unicodedata.normalize("NFKC", line))
        if match is None:
            raise WorksheetError(f"{line_number} 行目が「番号: 解答」の形ではありません: {shorten(line)}",
                                 f"line {line_number} is not 'number: answer': {shorten(line)}")
        number = int(match.group(1))
        if not 1 <= number <= total:
            raise WorksheetError(f"{line_number} 行目: 問 {number} はありません (1〜{total})",
                                 f"line {line_number}: there is no question {number} (1 to {total})")
        if number in answers:
            raise WorksheetError(f"{line_number} 行目: 問 {number} の解答が2回あります",
                                 f"line {line_number}: question {number} is answered twice")
        if match.group(2):
            answers[number] = match.group(2)
    return answers


def self_rating(text: str) -> str | None:
    return SELF_RATINGS.get(unicodedata.normalize("NFKC", text).strip().lower())


def grade_item(item: SheetItem, answer: str) -> Checked:
    """Grade one answer; raises ``AnswerFormatError`` (from the grader, or for a free answer that is no rating)."""
    from dldrill.answer_parsing import AnswerFormatError
    from dldrill.questions import grade, self_grade

    p = item.presented
    if p.kind == "free":
        rating = self_rating(answer)
        if rating is None:
            raise AnswerFormatError("記述問題は模範解答と比べて again / hard / good / easy で自己採点してください",
                                    "Free-response questions are self-graded: again, hard, good or easy")
        return Checked(item, answer, self_grade(rating), rating)
    return Checked(item, answer, grade(p, answer))


def grade_answers(sheet: Sheet, answers: Mapping[int, str]) -> tuple[list[Checked], list[FormatProblem]]:
    """Every question graded (blank ones get ``grade=None``); unreadable answers listed separately."""
    from dldrill.answer_parsing import AnswerFormatError

    checked: list[Checked] = []
    problems: list[FormatProblem] = []
    for item in sheet.items:
        answer = answers.get(item.number)
        if answer is None:
            checked.append(Checked(item, None, None))
            continue
        try:
            checked.append(grade_item(item, answer))
        except AnswerFormatError as exc:
            problems.append(FormatProblem(item.number, answer, exc.ja, exc.en))
    return checked, problems


def summary(checked: Sequence[Checked]) -> dict[str, Any]:
    """Score (sum of partial credit), number right, blanks, out of the whole sheet."""
    total = len(checked)
    score = sum(c.grade.score for c in checked if c.grade is not None)
    right = sum(1 for c in checked if c.grade is not None and c.grade.correct)
    blank = sum(1 for c in checked if c.grade is None)
    return {"total": total, "correct": right, "blank": blank, "score": score,
            "percent": round(100 * score / total, 1) if total else 0.0}


def _session_prefix(code: str) -> str:
    return f"ws-{code.replace('-', '')}-"


def recorded_before(code: str, store: Any) -> str | None:
    """When a check of this sheet code was already recorded (its finish time), else None.

    Why per code: a sheet is one sitting; checking it again (to re-read the steps, or after fixing a typo in the
    answer file) must not count the same paper answers twice in statistics and reviews.
    """
    prefix = _session_prefix(code)
    done = [row["finished_at"] for row in store.sessions("worksheet")
            if str(row["id"]).startswith(prefix) and row["finished_at"]]
    return max(done) if done else None


def record(sheet: Sheet, checked: Sequence[Checked], store: Any) -> str | None:
    """Record every answered question as a ``worksheet`` attempt (and FSRS review) in one session; its id.

    An all-blank sheet records nothing (None): there is no answer to learn from, and an empty session would only
    block recording the real answers later.
    """
    import uuid

    from dldrill.study.scheduler import EXPECTED_SECONDS
    from dldrill.study.session import SessionEngine

    answered = [c for c in checked if c.grade is not None and c.answer is not None]
    if not answered:
        return None
    session_id = f"{_session_prefix(sheet.code)}{uuid.uuid4().hex[:6]}"
    now = [0.0]
    engine = SessionEngine(store, [(c.item.presented.question, c.item.presented.seed) for c in answered],
                           mode="worksheet", clock=lambda: now[0], session_id=session_id)
    store.start_session(session_id, "worksheet", {"code": sheet.code, "questions": [
        [c.item.presented.id, c.item.presented.seed] for c in answered]})
    for index, c in enumerate(answered):
        engine.goto(index)
        now[0] += EXPECTED_SECONDS.get(c.item.presented.kind, 60)
        if c.rating is not None:
            engine.submit_self_grade(c.rating)
        else:
            engine.submit(str(c.answer))
    store.finish_session(session_id, {"code": sheet.code, **summary(checked)})
    return session_id
