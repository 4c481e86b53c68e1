"""Present and grade any bank question — static or a generated variant — in one place.

``present(question, seed)`` fixes everything the learner sees (for a generated question the variant
``(id, seed)``; for an ordering question the shuffled order); ``grade(presented, answer)`` checks the
typed answer with :mod:`dldrill.grading` and raises ``AnswerFormatError`` for unreadable input (no
attempt is charged).  Front ends (CLI, TUI, worksheets, ``dldrill check``) all go through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dldrill.answer_parsing import AnswerFormatError
from dldrill.bank.japanese import normalize_japanese
from dldrill.generators.base import Variant, make_variant, seed_sequence
from dldrill.grading import (
    LABELS,
    BlankKey,
    Grade,
    Mistake,
    Tolerance,
    grade_choice,
    grade_cloze,
    grade_matrix,
    grade_multiple,
    grade_numeric,
    grade_ordering,
    grade_truefalse,
)
from solvers.steps import Bilingual, Step


def _bi(text: Any) -> Bilingual:
    """A schema ``Bilingual`` (pydantic) or a solvers ``Bilingual`` as the solvers dataclass."""
    return Bilingual(text.ja, text.en)


@dataclass(frozen=True)
class Presented:
    """One question as shown: text, labelled options, and what is needed to grade it."""

    question: Any
    seed: int
    kind: str                       # choice | multiple | truefalse | cloze | ordering | number | matrix | free
    prompt: Bilingual
    options: Sequence[Bilingual] = ()
    order: Sequence[int] = ()       # ordering: original index of the item shown at each label
    blanks: int = 0
    variant: Variant | None = None
    hint: Bilingual | None = None
    unit: Bilingual | None = None
    steps: Sequence[Step] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return str(self.question.id)

    def answer_text(self, lang: str = "ja") -> str:
        """The key as a learner would write it."""
        q = self.question
        if self.variant is not None:
            if self.kind == "choice":
                return LABELS[self.variant.key_index or 0]
            return self.variant.expected_text()
        if q.type == "single":
            return LABELS[q.answer]
        if q.type == "multiple":
            return ", ".join(LABELS[i] for i in sorted(q.answer))
        if q.type == "truefalse":
            return ("○" if q.answer else "×") if lang == "ja" else ("true" if q.answer else "false")
        if q.type == "ordering":
            return " ".join(LABELS[self.order.index(i)] for i in range(len(self.order)))
        if q.type == "cloze":
            return " / ".join(_blank_shown(b, lang) for b in q.blanks)
        if q.type == "numeric":
            from dldrill.grading import format_expected

            return format_expected(q.answer, _tolerance(q.tolerance))
        if q.type == "free":
            model_answer: str = getattr(q.model_answer, lang)
            return model_answer
        return ""

    def explanation(self) -> Bilingual | None:
        exp = getattr(self.question, "explanation", None)
        return _bi(exp) if exp is not None else None

    def option_why(self, index: int) -> Bilingual | None:
        """Why option ``index`` is wrong (static ``why`` or a generated distractor's explanation)."""
        if self.variant is not None and self.variant.choices:
            return self.variant.choices[index].explanation
        choices = getattr(self.question, "choices", None)
        if choices and 0 <= index < len(choices) and choices[index].why is not None:
            return _bi(choices[index].why)
        return None


def _blank_marks(text: str) -> str:
    """``{{1}}`` → ``［1］``: how a blank looks on screen and on paper.

    No spaces inside the brackets: a terminal wraps Japanese text at spaces, which split the mark over two lines.
    """
    import re

    return re.sub(r"\{\{\s*(\d+)\s*\}\}", lambda m: f"［{m.group(1)}］", text)


def _blank_shown(blank: Any, lang: str) -> str:
    shown: str = getattr(blank.choices[blank.answer], lang) if hasattr(blank, "choices") else getattr(blank.answer, lang)
    return shown


def _tolerance(tol: Any) -> Tolerance | None:
    if tol is None:
        return None
    rounding = getattr(tol, "effective_rounding", None) or getattr(tol, "rounding", None) or "half_up"
    return Tolerance(tol.mode, tol.value, rounding)


def present(question: Any, seed: int = 0) -> Presented:
    """Fix what the learner sees for ``question`` with ``seed``."""
    qtype = question.type
    if qtype == "generated":
        from dldrill.generators.catalog import get_spec

        intro = _bi(question.prompt) if question.prompt is not None else None
        variant = make_variant(get_spec(question.generator), question.id, seed, question.form, question.params, intro)
        if question.form == "choice":
            options = [Bilingual(c.text, c.text) for c in variant.choices]
            return Presented(question, seed, "choice", _japanese_tidied(variant.prompt), options, variant=variant, steps=variant.steps)
        kind = "matrix" if variant.answer_kind in ("matrix", "vector") else "number"
        return Presented(question, seed, kind, _japanese_tidied(variant.prompt), variant=variant, hint=variant.answer_hint, steps=variant.steps)
    prompt = _bi(question.prompt)
    if qtype in ("single", "multiple"):
        return Presented(question, seed, "choice" if qtype == "single" else "multiple", prompt,
                         [_bi(c.text) for c in question.choices])
    if qtype == "truefalse":
        return Presented(question, seed, "truefalse", prompt)
    if qtype == "ordering":
        rng = np.random.Generator(np.random.PCG64(seed_sequence(question.id, seed)))
        n = len(question.items)
        order = [int(i) for i in rng.permutation(n)]
        if order == list(range(n)) and n > 1:
            order = order[1:] + order[:1]  # never show the answer as given
        return Presented(question, seed, "ordering", prompt, [_bi(question.items[i]) for i in order], order=order)
    if qtype == "cloze":
        shown = Bilingual(_blank_marks(prompt.ja), _blank_marks(prompt.en))
        return Presented(question, seed, "cloze", shown, blanks=len(question.blanks))
    if qtype == "numeric":
        unit = _bi(question.unit) if question.unit is not None and (question.unit.ja or question.unit.en) else None
        return Presented(question, seed, "number", prompt, unit=unit)
    if qtype == "free":
        return Presented(question, seed, "free", prompt)
    raise ValueError(f"unknown question type {qtype}")


def grade(p: Presented, answer: str | Sequence[str]) -> Grade:
    """Grade a typed answer (a list of strings for cloze blanks).  Raises ``AnswerFormatError``."""
    q = p.question
    text = answer if isinstance(answer, str) else " ".join(answer)
    if p.variant is not None:
        v = p.variant
        if p.kind == "choice":
            why = {i: c.explanation for i, c in enumerate(v.choices) if c.explanation is not None}
            tags = {i: c.tag for i, c in enumerate(v.choices) if c.tag}
            return grade_choice(text, v.key_index or 0, len(v.choices), why, tags, v.steps)
        if p.kind == "matrix":
            return grade_matrix(text, v.answer, v.tolerance, v.mistakes, v.steps)
        return grade_numeric(text, v.answer, v.tolerance, v.mistakes, v.steps)
    if q.type == "single":
        why = {i: _bi(c.why) for i, c in enumerate(q.choices) if c.why is not None and i != q.answer}
        return grade_choice(text, q.answer, len(q.choices), why)
    if q.type == "multiple":
        why = {i: _bi(c.why) for i, c in enumerate(q.choices) if c.why is not None}
        return grade_multiple(text, frozenset(q.answer), len(q.choices), why)
    if q.type == "truefalse":
        return grade_truefalse(text, q.answer)
    if q.type == "ordering":
        from dldrill.answer_parsing import parse_ordering

        shown = parse_ordering(text, len(p.order))
        mapped = " ".join(LABELS[p.order[i]] for i in shown)  # labels of original indices: key is a b c …
        return grade_ordering(mapped, len(p.order))
    if q.type == "cloze":
        texts = [answer] if isinstance(answer, str) else list(answer)
        if isinstance(answer, str) and len(q.blanks) > 1:
            texts = [t for t in (s.strip() for s in answer.replace("／", "/").replace("、", "/").replace(",", "/").split("/")) if t]
        keys = []
        for b in q.blanks:
            if hasattr(b, "choices"):
                keys.append(BlankKey(choice=b.answer, n_choices=len(b.choices), shown=b.choices[b.answer].ja))
            else:
                keys.append(BlankKey(accepted=(b.answer.ja, b.answer.en, *b.accept), shown=b.answer.ja))
        return grade_cloze(texts, keys)
    if q.type == "numeric":
        return grade_numeric(text, q.answer, _tolerance(q.tolerance))
    if q.type == "free":
        raise AnswerFormatError("記述問題は自己採点です (模範解答と比べて Again/Hard/Good/Easy を選ぶ)",
                                "Free-response questions are self-graded against the model answer (Again/Hard/Good/Easy)")
    raise ValueError(f"unknown question type {q.type}")


def self_grade(rating: str) -> Grade:
    """A learner's own verdict on a free-response answer: again/hard/good/easy → a grade."""
    scores = {"again": 0.0, "hard": 0.5, "good": 1.0, "easy": 1.0}
    if rating not in scores:
        raise AnswerFormatError("again / hard / good / easy のどれかを選んでください", "Choose again, hard, good or easy")
    ok = scores[rating] >= 1.0
    return Grade(ok, scores[rating], Bilingual("自己採点を記録しました。", "Self-grade recorded."), "", None)


def mistakes_of(p: Presented) -> list[Mistake]:
    return list(p.variant.mistakes) if p.variant is not None else []


def _japanese_tidied(prompt: Bilingual) -> Bilingual:
    """A generated prompt's Japanese normalised like bank text (no spaces beside Latin words: even terminal lines)."""
    return Bilingual(normalize_japanese(prompt.ja), prompt.en)
