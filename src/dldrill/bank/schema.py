"""Pydantic models of a question-bank file: one frozen model per question type, a union discriminated on ``type``.

The models are the authoring format of ``notes/bank_format.md`` and the in-memory form of the bank (frozen, so
nothing downstream can change a key by accident).  Rules that concern one field live in field validators, rules
linking fields in model validators; both raise :func:`rule_error`, whose ``ctx["problems"]`` carries the location
of every problem relative to the error's ``loc`` so the loader can point at the exact YAML line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dldrill.bank.japanese import normalize_japanese
from dldrill.bank.params import params_problems
from dldrill.bank.syllabus import load_syllabus
from dldrill.generators.registry import known_generators, param_defaults

Loc = tuple[str | int, ...]

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
TOPIC_PATTERN = r"^[a-z0-9][a-z0-9 ._+/-]*$"
QUESTION_TYPES = ("single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free", "generated")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")


def rule_error(problems: Sequence[tuple[Loc, str]]) -> PydanticCustomError:
    """One validation error carrying several problems, each located relative to the failing field or model."""
    return PydanticCustomError(
        "bank_rule", "{summary}", {"summary": "; ".join(message for _, message in problems), "problems": list(problems)}
    )


def _same_text_key(text: str) -> str:
    """Texts that differ only in width, case or spacing count as the same choice."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _duplicates_per_language(texts: Sequence[Bilingual], where: Loc = ()) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for lang in ("ja", "en"):
        seen: dict[str, int] = {}
        for index, text in enumerate(texts):
            key = _same_text_key(getattr(text, lang))
            if key in seen:
                problems.append(((index, *where, lang), f"duplicated {lang} text: same as item {seen[key]}"))
            else:
                seen[key] = index
    return problems


def _number(value: Any) -> Any:
    """Accept an int or a finite float; reject booleans (YAML ``yes``) and strings with one clear message."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("bank_rule", "expected a number, got {got}", {"got": repr(value)})
    if not math.isfinite(value):
        raise PydanticCustomError("bank_rule", "expected a finite number, got {got}", {"got": repr(value)})
    return value


def _exact_number(value: Any) -> Any:
    """A numeric answer: an int, a float, or an exact string such as ``"3/4"`` or ``"-0.125"``."""
    if isinstance(value, str):
        refusal = _number_text_refusal(value.strip())
        if refusal is not None:
            raise PydanticCustomError("bank_rule", "{why}", {"why": refusal})
        try:
            Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise PydanticCustomError(
                "bank_rule", "{got} is not a number or an exact fraction such as \"3/4\"", {"got": repr(value)}
            ) from None
        return value
    return _number(value)


#: longer number texts are not answers anyone types; Fraction("1e999999999") would compute 10**999999999 (a hang)
MAX_NUMBER_TEXT = 60
MAX_EXPONENT = 1000
_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)")


def _number_text_refusal(text: str) -> str | None:
    """Why a number text is refused before it reaches Fraction (too long, or a huge exponent), or None."""
    if len(text) > MAX_NUMBER_TEXT:
        return f"number text too long ({len(text)} characters; at most {MAX_NUMBER_TEXT})"
    exponent = _EXPONENT.search(text)
    if exponent is not None and abs(int(exponent.group(1))) > MAX_EXPONENT:
        return f"exponent {exponent.group(1)} is out of range (|exponent| ≤ {MAX_EXPONENT})"
    return None


NonBlank = Annotated[str, Field(pattern=r"\S", description="non-empty text")]
Number = Annotated[int | float, BeforeValidator(_number)]


def _restore_model(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """Rebuild a pickled model without validating again (it was validated before it was cached)."""
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", values)
    _set_attribute(model, "__pydantic_fields_set__", fields_set)
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model

_set_attribute = object.__setattr__


class Model(BaseModel):
    """Base of every bank model: unknown keys are errors and validated objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as (class, field values, fields set): about 3× faster to load than Pydantic's generic state,
        which is what makes a cached bank of 10,000 questions load in well under a second."""
        return (_restore_model, (type(self), self.__dict__, self.__pydantic_fields_set__))


class Bilingual(Model):
    """Text in Japanese and English; both are required so a learner never meets an empty screen."""

    ja: NonBlank = Field(description="Japanese text (Markdown; formulas in plain Unicode)")
    en: NonBlank = Field(description="English text (Markdown; formulas in plain Unicode)")

    @field_validator("ja")
    @classmethod
    def _join_wrapped_japanese(cls, value: str) -> str:
        """Wrapped lines and spaces beside Latin words make ragged terminal lines in Japanese (see bank.japanese)."""
        return normalize_japanese(value)


class Unit(Model):
    """A unit shown after a numeric answer; one side may be empty (e.g. 個 has no English counterpart)."""

    ja: str = Field(description="unit in Japanese, may be empty")
    en: str = Field(description="unit in English, may be empty")

    @model_validator(mode="after")
    def _one_side_given(self) -> Unit:
        if not self.ja.strip() and not self.en.strip():
            raise rule_error([((), "unit is empty in both languages (leave `unit` out instead)")])
        return self


class Choice(Model):
    """One option of a single/multiple-choice question."""

    text: Bilingual = Field(description="the option as shown")
    why: Bilingual | None = Field(
        default=None, description="why this option is wrong (required on every non-key option) or right"
    )


class QuestionBase(Model):
    """Fields every question carries: identity, exam, syllabus tags, topics, difficulty and references."""

    id: str = Field(pattern=ID_PATTERN, max_length=100,
                    description="stable id, unique across all bank files; lowercase slug prefixed with the area")
    type: str = Field(description="question type")
    exam: tuple[Literal["G", "E"], ...] = Field(min_length=1, max_length=2,
                                                 description="exams the question is for: [G], [E] or [G, E]")
    syllabus: tuple[str, ...] = Field(min_length=1, description="syllabus item codes, e.g. T18, L01, E3-4-1")
    topics: tuple[Annotated[str, Field(pattern=TOPIC_PATTERN)], ...] = Field(
        min_length=1, description="short lowercase English tags, e.g. [cnn, padding]")
    difficulty: StrictInt = Field(ge=1, le=3, description="1 recall, 2 understanding, 3 application / tricky")
    references: tuple[NonBlank, ...] = Field(
        default=(), description="where to read more: textbook chapter, paper (authors, year, title), law article")

    @field_validator("exam")
    @classmethod
    def _exam_distinct(cls, exam: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(exam)) != len(exam):
            raise rule_error([((), "exam lists the same exam twice; use [G], [E] or [G, E]")])
        return tuple(e for e in ("G", "E") if e in exam)

    @field_validator("syllabus")
    @classmethod
    def _syllabus_known(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        from difflib import get_close_matches

        known = load_syllabus().codes()
        problems: list[tuple[Loc, str]] = []
        for index, code in enumerate(codes):
            if code not in known:
                close = get_close_matches(code, sorted(known), n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                problems.append(((index,), f"unknown syllabus code {code!r}{hint}"))
            elif code in codes[:index]:
                problems.append(((index,), f"syllabus code {code} listed twice"))
        if problems:
            raise rule_error(problems)
        return codes

    @model_validator(mode="after")
    def _cross_field_rules(self) -> QuestionBase:
        problems = self.rule_problems()
        if problems:
            raise rule_error(problems)
        return self

    def rule_problems(self) -> list[tuple[Loc, str]]:
        """Rules linking several fields, all checked together so every problem is reported in one run."""
        return _exam_problems(self.exam, self.syllabus)

    def texts(self) -> Iterator[Bilingual]:
        """Every bilingual text of the question (prompt, options, explanations …), for search and coverage."""
        for name in type(self).model_fields:
            yield from _bilingual_in(getattr(self, name))


def _exam_problems(exam: Sequence[str], syllabus: Sequence[str]) -> list[tuple[Loc, str]]:
    """``exam`` must list exactly the exams the syllabus codes belong to."""
    by_code = load_syllabus().by_code
    tagged = {by_code[code].exam for code in syllabus}
    problems: list[tuple[Loc, str]] = []
    for listed in sorted(set(exam) - tagged):
        problems.append((("exam",), f"exam lists {listed} but no syllabus code belongs to {listed}"))
    for unlisted in sorted(tagged - set(exam)):
        codes = ", ".join(c for c in syllabus if by_code[c].exam == unlisted)
        problems.append((("exam",), f"syllabus {codes} belongs to exam {unlisted}, which `exam` does not list"))
    return problems


def _missing_why(has_why: Sequence[bool], keys: Sequence[int]) -> list[tuple[Loc, str]]:
    """Every option that is not a key needs a ``why``: a learner who picked it must learn what was wrong."""
    return [
        (("choices", index), f"choice {index} is not a key and has no `why` saying why it is wrong")
        for index, given in enumerate(has_why)
        if index not in keys and not given
    ]


def _placeholder_problems(prompt: dict[str, str], blanks: int) -> list[tuple[Loc, str]]:
    """Both prompts must hold the placeholders {{1}} … {{n}} of the n blanks, each well formed."""
    expected = {str(n) for n in range(1, blanks + 1)}
    problems: list[tuple[Loc, str]] = []
    for lang, text in prompt.items():
        found = PLACEHOLDER.findall(text)
        malformed = sorted({p for p in found if not p.isdigit() or p != str(int(p))})
        numbers = {p for p in found if p not in malformed}
        if malformed:
            problems.append((("prompt", lang), "malformed placeholder " + ", ".join(f"{{{{{p}}}}}" for p in malformed)
                             + "; write {{1}}, {{2}} …"))
        missing = sorted(expected - numbers, key=int)
        extra = sorted(numbers - expected, key=int)
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(f"{{{{{n}}}}}" for n in missing))
            if extra:
                parts.append("no blank for " + ", ".join(f"{{{{{n}}}}}" for n in extra))
            problems.append((("prompt", lang), f"{lang} prompt placeholders do not match the {blanks} "
                             f"blank(s): " + "; ".join(parts)))
    return problems


def cross_field_problems(item: Any) -> list[tuple[Loc, str]]:
    """The cross-field rules run on a question's raw data, for a question whose fields failed validation.

    Model validators run only once every field is valid, so a misspelt key used to hide, say, a missing ``why``
    until the next run.  Each rule runs here when the fields it reads are usable; the loader drops any problem the
    model already reported, so nothing is said twice.
    """
    if not isinstance(item, dict):
        return []
    problems: list[tuple[Loc, str]] = []
    exam, syllabus = item.get("exam"), item.get("syllabus")
    known = load_syllabus().by_code
    if isinstance(exam, list) and exam and all(e in ("G", "E") for e in exam) and isinstance(syllabus, list) \
            and syllabus and all(isinstance(code, str) and code in known for code in syllabus):
        problems += _exam_problems(exam, syllabus)
    kind = item.get("type")
    if kind in ("single", "multiple"):
        choices, answer = item.get("choices"), item.get("answer")
        keys = [answer] if kind == "single" else answer
        if isinstance(choices, list) and isinstance(keys, list) and keys \
                and all(type(key) is int and 0 <= key < len(choices) for key in keys):
            # a choice that is not a mapping is reported on its own; only a missing or empty `why` counts here
            problems += _missing_why([not isinstance(c, dict) or c.get("why") is not None for c in choices], keys)
    elif kind == "cloze":
        prompt, blanks = item.get("prompt"), item.get("blanks")
        if isinstance(prompt, dict) and isinstance(blanks, list) and blanks:
            texts = {lang: normalize_japanese(text) if lang == "ja" else text
                     for lang in ("ja", "en") if isinstance(text := prompt.get(lang), str)}
            problems += _placeholder_problems(texts, len(blanks))
    return problems


def _bilingual_in(value: Any) -> Iterator[Bilingual]:
    if isinstance(value, Bilingual):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _bilingual_in(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _bilingual_in(item)


def _check_choice_keys(choices: Sequence[Choice], keys: Sequence[int]) -> list[tuple[Loc, str]]:
    return _missing_why([choice.why is not None for choice in choices], keys)


def _distinct_choices(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    problems = _duplicates_per_language([c.text for c in choices], ("text",))
    if problems:
        raise rule_error(problems)
    return choices


def _check_indices(info: ValidationInfo, field: str, keys: Sequence[int], where: Sequence[Loc]) -> None:
    options = info.data.get(field)
    if options is None:  # the options themselves are invalid and reported already
        return
    problems = [
        (loc, f"answer index {key} is out of range: there are {len(options)} {field} (0 to {len(options) - 1})")
        for key, loc in zip(keys, where, strict=True) if key >= len(options)
    ]
    if problems:
        raise rule_error(problems)


class SingleQuestion(QuestionBase):
    """One correct option among (normally) four."""

    type: Literal["single"] = Field(description="one correct choice")
    prompt: Bilingual = Field(description="the question stem")
    choices: tuple[Choice, ...] = Field(min_length=2, max_length=6, description="2–6 options (exam style: 4)")
    answer: StrictInt = Field(ge=0, description="0-based index of the correct option")
    explanation: Bilingual = Field(description="why the key is right")

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        return _distinct_choices(choices)

    @field_validator("answer")
    @classmethod
    def _in_range(cls, answer: int, info: ValidationInfo) -> int:
        _check_indices(info, "choices", [answer], [()])
        return answer

    def rule_problems(self) -> list[tuple[Loc, str]]:
        return super().rule_problems() + _check_choice_keys(self.choices, [self.answer])


class MultipleQuestion(QuestionBase):
    """Select all that apply: one or more keys."""

    type: Literal["multiple"] = Field(description="select all that apply")
    prompt: Bilingual = Field(description="the question stem; say 「すべて選べ」 / 'Select all that apply'")
    choices: tuple[Choice, ...] = Field(min_length=2, max_length=6, description="2–6 options")
    answer: tuple[StrictInt, ...] = Field(min_length=1, description="0-based indices of every correct option")
    explanation: Bilingual = Field(description="why the keys are right")

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        return _distinct_choices(choices)

    @field_validator("answer")
    @classmethod
    def _in_range(cls, answer: tuple[int, ...], info: ValidationInfo) -> tuple[int, ...]:
        problems: list[tuple[Loc, str]] = [
            ((position,), f"answer index {key} is negative") for position, key in enumerate(answer) if key < 0
        ]
        problems += [((position,), f"answer index {key} listed twice")
                     for position, key in enumerate(answer) if key in answer[:position]]
        if problems:
            raise rule_error(problems)
        _check_indices(info, "choices", answer, [(position,) for position in range(len(answer))])
        return answer

    def rule_problems(self) -> list[tuple[Loc, str]]:
        return super().rule_problems() + _check_choice_keys(self.choices, self.answer)


class TrueFalseQuestion(QuestionBase):
    """Is the statement in the prompt true?"""

    type: Literal["truefalse"] = Field(description="true or false")
    prompt: Bilingual = Field(description="the statement to judge")
    answer: StrictBool = Field(description="true when the statement is correct")
    explanation: Bilingual = Field(description="why it is true or false")


class TextBlank(Model):
    """A blank the learner types into: a canonical answer per language plus accepted variants."""

    answer: Bilingual = Field(description="canonical answer in each language")
    accept: tuple[NonBlank, ...] = Field(default=(), description="other accepted spellings or synonyms (any language)")


class ChoiceBlank(Model):
    """A blank filled by picking one of a few options."""

    choices: tuple[Bilingual, ...] = Field(min_length=2, max_length=6, description="options for this blank")
    answer: StrictInt = Field(ge=0, description="0-based index of the correct option")

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: tuple[Bilingual, ...]) -> tuple[Bilingual, ...]:
        problems = _duplicates_per_language(choices)
        if problems:
            raise rule_error(problems)
        return choices

    @field_validator("answer")
    @classmethod
    def _in_range(cls, answer: int, info: ValidationInfo) -> int:
        _check_indices(info, "choices", [answer], [()])
        return answer


def _blank_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "choice" if "choices" in value else "text"
    return "choice" if isinstance(value, ChoiceBlank) else "text"


Blank = Annotated[
    Annotated[TextBlank, Tag("text")] | Annotated[ChoiceBlank, Tag("choice")], Discriminator(_blank_kind)
]


class ClozeQuestion(QuestionBase):
    """Fill in the blanks ``{{1}}``, ``{{2}}`` … written in both languages of the prompt."""

    type: Literal["cloze"] = Field(description="fill in the blanks")
    prompt: Bilingual = Field(description="text with placeholders {{1}}..{{n}} in BOTH languages")
    blanks: tuple[Blank, ...] = Field(min_length=1, description="one entry per placeholder, in order")
    explanation: Bilingual = Field(description="the reasoning")

    def rule_problems(self) -> list[tuple[Loc, str]]:
        prompt = {"ja": self.prompt.ja, "en": self.prompt.en}
        return super().rule_problems() + _placeholder_problems(prompt, len(self.blanks))


class OrderingQuestion(QuestionBase):
    """Put 3–8 items in the right order; they are listed here in the correct order and shuffled when shown."""

    type: Literal["ordering"] = Field(description="put items in order")
    prompt: Bilingual = Field(description="what to order")
    items: tuple[Bilingual, ...] = Field(min_length=3, max_length=8, description="the items in the CORRECT order")
    explanation: Bilingual = Field(description="why this order")

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: tuple[Bilingual, ...]) -> tuple[Bilingual, ...]:
        problems = _duplicates_per_language(items)
        if problems:
            raise rule_error(problems)
        return items


class Tolerance(Model):
    """How close a typed number must be: an error bound, or a rounding rule the learner must apply."""

    mode: Literal["absolute", "relative", "sigfigs", "decimals"] = Field(
        description="absolute: |error| ≤ value; relative: |error| ≤ value·|answer|; sigfigs/decimals: round to value digits")
    value: Number = Field(description="the bound (absolute, relative) or the number of digits (sigfigs, decimals)")
    rounding: Literal["half_up", "half_even", "floor", "ceil"] | None = Field(
        default=None, description="rounding rule for sigfigs/decimals: half_up (四捨五入, the default), half_even, floor, ceil")

    @model_validator(mode="after")
    def _value_fits_mode(self) -> Tolerance:
        problems: list[tuple[Loc, str]] = []
        if self.mode in ("absolute", "relative"):
            if self.value <= 0:
                problems.append((("value",), f"{self.mode} tolerance must be greater than 0"))
            if self.rounding is not None:
                problems.append((("rounding",), f"rounding applies to sigfigs/decimals, not to {self.mode}"))
        elif not isinstance(self.value, int):
            problems.append((("value",), f"{self.mode} needs a whole number of digits"))
        elif self.mode == "sigfigs" and self.value < 1:
            problems.append((("value",), "sigfigs needs at least 1 significant figure"))
        elif self.mode == "decimals" and self.value < 0:
            problems.append((("value",), "decimals needs 0 or more decimal places"))
        if problems:
            raise rule_error(problems)
        return self

    @property
    def effective_rounding(self) -> str:
        """The rounding rule in force: 四捨五入 (``half_up``) unless stated."""
        return self.rounding or "half_up"


class NumericQuestion(QuestionBase):
    """A number typed in, compared exactly or within a stated tolerance."""

    type: Literal["numeric"] = Field(description="type a number")
    prompt: Bilingual = Field(description="the question; state the rounding rule when there is one")
    answer: Annotated[int | float | str, BeforeValidator(_exact_number)] = Field(
        description='the exact answer: a number, or an exact string such as "3/4"')
    tolerance: Tolerance | None = Field(default=None, description="omit for an exact answer")
    unit: Unit | None = Field(default=None, description="unit shown after the answer box")
    explanation: Bilingual = Field(description="the worked reasoning")

    @property
    def exact_answer(self) -> Fraction:
        """The key as an exact fraction (a float is read through its shortest decimal spelling)."""
        return Fraction(self.answer.strip()) if isinstance(self.answer, str) else Fraction(str(self.answer))


class FreeQuestion(QuestionBase):
    """Free response, self-graded against a model answer and rubric points."""

    type: Literal["free"] = Field(description="free response, self-graded")
    prompt: Bilingual = Field(description="the task")
    model_answer: Bilingual = Field(description="a model answer")
    rubric: tuple[Bilingual, ...] = Field(min_length=1, description="points the learner checks off")
    explanation: Bilingual = Field(description="background and common mistakes")


ParamValue = int | float | str | bool | list[Any] | dict[str, Any]


class GeneratedQuestion(QuestionBase):
    """Binds a registered generator; numbers, options and the key are drawn per variant ``(id, seed)``."""

    type: Literal["generated"] = Field(description="drawn by a generator")
    generator: str = Field(description="name of a registered generator")
    form: Literal["choice", "input"] = Field(
        description="choice: 4 options from modelled mistakes; input: type the value or matrix")
    params: dict[str, ParamValue] = Field(
        default_factory=dict, description="ranges the generator draws from; keys are checked against the generator")
    prompt: Bilingual | None = Field(default=None, description="optional override of the generator's prompt intro")
    explanation: Bilingual | None = Field(default=None, description="optional extra explanation")

    @field_validator("generator")
    @classmethod
    def _registered(cls, name: str, info: ValidationInfo) -> str:
        registry = _generators(info)
        if name not in registry:
            from difflib import get_close_matches

            close = get_close_matches(name, sorted(registry), n=1)
            hint = f" (did you mean {close[0]}?)" if close else (
                "" if registry else " (no generators are registered yet)")
            raise rule_error([((), f"unknown generator {name!r}{hint}")])
        return name

    @field_validator("params")
    @classmethod
    def _known_params(cls, params: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        name = info.data.get("generator")
        if name is None:
            return params
        allowed = _generators(info)[name]
        problems: list[tuple[Loc, str]] = [((key,), f"generator {name} takes no parameter {key!r} (it takes: "
                     f"{', '.join(sorted(allowed)) or 'none'})") for key in params if key not in allowed]
        defaults = param_defaults(name)
        if defaults is not None:  # a catalogued generator: each value must have the shape its default has
            problems += params_problems(params, defaults)
        if problems:
            raise rule_error(problems)
        return params


def _generators(info: ValidationInfo) -> dict[str, frozenset[str]]:
    """The registry in force: ``context={"generators": …}`` (tests) or the package registry."""
    if isinstance(info.context, dict) and "generators" in info.context:
        return dict(info.context["generators"])
    return known_generators()


Question = Annotated[
    SingleQuestion | MultipleQuestion | TrueFalseQuestion | ClozeQuestion | OrderingQuestion | NumericQuestion
    | FreeQuestion | GeneratedQuestion,
    Field(discriminator="type"),
]
QuestionModel = (SingleQuestion | MultipleQuestion | TrueFalseQuestion | ClozeQuestion | OrderingQuestion
                 | NumericQuestion | FreeQuestion | GeneratedQuestion)


class BankFile(Model):
    """A bank file: a mapping with one key, ``questions``, holding the list of questions."""

    model_config = ConfigDict(title="dldrill question bank file")

    questions: list[Question] = Field(description="the questions of this file")


QUESTION_ADAPTER: TypeAdapter[QuestionModel] = TypeAdapter(Question)


def question_to_data(question: QuestionModel) -> dict[str, Any]:
    """A question as plain YAML/JSON data in the authoring format (defaults that are None left out)."""
    return question.model_dump(mode="json", exclude_none=True)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a bank file, for editors (``# yaml-language-server: $schema=…``)."""
    schema = BankFile.model_json_schema()
    codes = [item.code for item in load_syllabus().items]
    for definition in schema.get("$defs", {}).values():
        syllabus = definition.get("properties", {}).get("syllabus")
        if syllabus is not None:  # editors then complete and check the codes while typing
            syllabus["items"] = {"type": "string", "enum": codes}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
