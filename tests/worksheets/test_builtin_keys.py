"""Over the whole built-in bank: the printed key, typed back into ``dldrill check``, is graded right.

This ties the key renderer to the real grader for every question type and generator the bank uses, so a key
that a learner could copy but the grader would reject is caught as soon as such a question is added.
"""

from __future__ import annotations

from typing import Any

import pytest

from dldrill.answer_parsing import AnswerFormatError
from dldrill.questions import grade, present
from dldrill.worksheets.answers import key_answer


@pytest.fixture(scope="module")
def builtin_questions() -> list[Any]:
    from dldrill.bank.load import load_bank

    return [q for q in load_bank(builtin=True).questions if q.type != "free"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_key_grades_right(builtin_questions: list[Any], lang: str) -> None:
    wrong = []
    for question in builtin_questions:
        shown = present(question, 17)
        typed = key_answer(shown, lang)
        try:
            if not grade(shown, typed).correct:
                wrong.append((question.id, typed))
        except AnswerFormatError as exc:
            wrong.append((question.id, f"{typed!r}: {exc}"))
    assert wrong == []
