"""Property: whatever text reaches the real grading entry points (grade_numeric, grade_matrix, questions.grade)
under every tolerance kind, the outcome is a Grade or an AnswerFormatError — nothing else."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from dldrill.answer_parsing import AnswerFormatError
from dldrill.grading import Grade, Tolerance, grade_matrix, grade_numeric

TOLERANCES = [Tolerance("exact"), Tolerance("absolute", 0.01), Tolerance("relative", 0.05),
              Tolerance("sigfigs", 3, "half_even"), Tolerance("decimals", 2, "half_up"), Tolerance("decimals", 0, "ceil")]

# pieces of hostile expressions: huge exponents, functions at their limits, superscripts, full-width forms
TOKENS = ["1", "9", "10", "0", "0.5", "2.5", "e", "pi", "π", "**", "^", "*", "/", "+", "-", "(", ")", "400", "-400",
          "10**400", "1e80", "1e308", "9**9", "exp(", "exp(709)", "ln(", "log(", "sqrt(", "√", "%", "²", "⁻³", "⁻",
          "½", "¾", "₂", "１０", "－", "×", "＾", "（", "）", "ﷺ", " ", ",", ";", "e-", "E5"]
hostile = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join)
answers = st.one_of(st.text(max_size=200), hostile)


@cache
def numeric_questions() -> list[Any]:
    """Presented numeric questions of the built-in bank under every tolerance kind: a static numeric question
    re-dressed with each tolerance, a generated number and a generated matrix (generated decimals questions such as
    gen-softmax-temperature-input take seconds to draw, so the static question carries that kind)."""
    from dldrill.bank.load import load_bank
    from dldrill.bank.schema import Tolerance as BankTolerance
    from dldrill.questions import present

    bank = load_bank(())
    static = bank.get("nlp-tfidf-numeric")
    assert static is not None and static.type == "numeric"
    kinds = [None, BankTolerance(mode="absolute", value=0.01), BankTolerance(mode="relative", value=0.05),
             BankTolerance(mode="sigfigs", value=3), BankTolerance(mode="decimals", value=2, rounding="floor")]
    shown = [present(static.model_copy(update={"tolerance": t}), 0) for t in kinds]
    for qid in ("gen-conv2d-values-matrix", "gen-dense-params-model-input"):
        question = bank.get(qid)
        assert question is not None
        shown.append(present(question, 3))
    return shown


def _graded(call: Any) -> None:
    try:
        result = call()
    except AnswerFormatError as exc:
        assert exc.ja and exc.en  # one clear message in each language
        return
    assert isinstance(result, Grade) and 0.0 <= result.score <= 1.0


@given(answers)
def test_grade_numeric_and_matrix_give_a_grade_or_a_format_error(text: str) -> None:
    for tolerance in TOLERANCES:
        _graded(lambda t=tolerance: grade_numeric(text, Fraction(3681, 10000), t))
        _graded(lambda t=tolerance: grade_numeric(text, -0.0004, t))
        _graded(lambda t=tolerance: grade_matrix(text, [[Fraction(1, 3), 2], [0.5, -7]], t))


@given(answers)
def test_questions_grade_gives_a_grade_or_a_format_error(text: str) -> None:
    from dldrill.questions import grade

    for shown in numeric_questions():
        _graded(lambda s=shown: grade(s, text))
