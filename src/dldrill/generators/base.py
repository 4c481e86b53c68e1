"""The generator framework: seeded sampling, redraws, modelled-mistake distractors and variants.

A generated question in the bank names a generator and parameter ranges.  ``make_variant`` turns
(question id, seed) into a :class:`Variant` — params, prompt, answer, worked steps, and for the
multiple-choice form four options whose wrong ones are the answers typical slips produce.  The same
(question id, seed) gives the same variant on every run and machine: all randomness comes from a
``numpy.random.Generator(PCG64)`` seeded by a ``SeedSequence`` of (seed, CRC-32 of the id), with
one spawned sub-seed per part (parameter draws, option order).

Parameter ranges in YAML: a scalar is fixed; ``[lo, hi]`` (two numbers) is an inclusive range;
``{one_of: [a, b, c]}`` picks one of the listed values.
"""

from __future__ import annotations

import builtins
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from dldrill.grading import Mistake, Tolerance, format_expected
from solvers.errors import SolverError
from solvers.numbers import to_json_value
from solvers.steps import Bilingual, Solution

MAX_REDRAWS = 200
CHOICES = 4


class Redraw(Exception):
    """Raised by a generator's ``draw`` when the sampled numbers break a declared condition."""


class GeneratorError(Exception):
    """A generator could not produce a variant (bad ranges in the bank, or conditions never met)."""


@dataclass
class Draw:
    """Exam-writer style random choices over one ``numpy.random.Generator``.

    ``ranges`` are the question's ``params`` merged over the generator's defaults; the helpers read a
    named range so that a bank author can narrow or widen any of them.
    """

    rng: np.random.Generator
    ranges: Mapping[str, Any]

    def int(self, name: str) -> int:
        """An integer from the named range (``[lo, hi]`` inclusive, ``{one_of: […]}``, or fixed)."""
        spec = self.ranges[name]
        if isinstance(spec, Mapping) and "one_of" in spec:
            return int(self.rng.choice(list(spec["one_of"])))
        if isinstance(spec, list | tuple) and len(spec) == 2:
            lo, hi = int(spec[0]), int(spec[1])
            if lo > hi:
                raise GeneratorError(f"range for '{name}' is empty: [{lo}, {hi}]")
            return int(self.rng.integers(lo, hi + 1))
        if isinstance(spec, list | tuple):
            return int(self.rng.choice(list(spec)))
        return int(spec)

    def pick(self, name: str) -> Any:
        """One value of a non-numeric parameter (``{one_of: …}``, a list, or fixed)."""
        spec = self.ranges[name]
        if isinstance(spec, Mapping) and "one_of" in spec:
            options = list(spec["one_of"])
        elif isinstance(spec, list | tuple):
            options = list(spec)
        else:
            return spec
        return options[int(self.rng.integers(len(options)))]

    def decimal(self, name: str, step: str = "0.1") -> Fraction:
        """A short decimal in the named range on a grid of ``step`` (e.g. 0.1, 0.05): pencil-friendly."""
        spec = self.ranges[name]
        grid = Fraction(step)
        if isinstance(spec, Mapping) and "one_of" in spec:
            return Fraction(str(self.rng.choice([str(v) for v in spec["one_of"]])))
        if isinstance(spec, list | tuple) and len(spec) == 2:
            lo, hi = Fraction(str(spec[0])), Fraction(str(spec[1]))
            n = int((hi - lo) / grid)
            return lo + grid * int(self.rng.integers(0, n + 1))
        return Fraction(str(spec))

    # builtins.int: inside this class body the bare name `int` is the method Draw.int
    def matrix(self, rows: builtins.int, cols: builtins.int, name: str) -> list[list[builtins.int]]:
        """A rows×cols matrix of small integers from the named value range."""
        spec = self.ranges[name]
        lo, hi = (int(spec[0]), int(spec[1])) if isinstance(spec, list | tuple) else (0, int(spec))
        return [[int(v) for v in row] for row in self.rng.integers(lo, hi + 1, size=(rows, cols))]

    def shuffle(self, items: list[Any]) -> list[Any]:
        order = self.rng.permutation(len(items))
        return [items[int(i)] for i in order]


@dataclass(frozen=True)
class Choice:
    """One option of a generated multiple-choice question."""

    text: str
    value: Any
    correct: bool
    tag: str = ""
    explanation: Bilingual | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "value": to_json_value(self.value), "correct": self.correct, "tag": self.tag,
                "explanation": self.explanation.to_json() if self.explanation else None}


@dataclass(frozen=True)
class Variant:
    """A fully determined generated question: ``(question_id, seed)`` → everything shown and graded."""

    question_id: str
    seed: int
    generator: str
    form: str
    params: Mapping[str, Any]
    prompt: Bilingual
    answer: Any
    answer_kind: str
    solution: Solution
    mistakes: Sequence[Mistake]
    tolerance: Tolerance | None = None
    choices: Sequence[Choice] = ()
    key_index: int | None = None
    answer_hint: Bilingual | None = None

    @property
    def steps(self) -> Sequence[Any]:
        return self.solution.steps

    def expected_text(self) -> str:
        return display_value(self.answer, self.tolerance)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.question_id, "seed": self.seed, "generator": self.generator, "form": self.form,
            "params": to_json_value(dict(self.params)), "prompt": self.prompt.to_json(),
            "answer": to_json_value(self.answer), "answer_text": self.expected_text(),
            "answer_kind": self.answer_kind, "steps": [s.to_json() for s in self.solution.steps],
            "mistakes": [{"value": to_json_value(m.value), "tag": m.tag, "explanation": m.explanation.to_json()}
                         for m in self.mistakes],
        }
        if self.tolerance is not None:
            out["tolerance"] = {"mode": self.tolerance.mode, "value": self.tolerance.value, "rounding": self.tolerance.rounding}
        if self.form == "choice":
            out["choices"] = [c.to_json() for c in self.choices]
            out["key_index"] = self.key_index
        return out


def display_value(value: Any, tolerance: Tolerance | None = None) -> str:
    """How a value is written in an option or an answer key (rounded as the tolerance says)."""
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):
            return "; ".join(" ".join(display_value(c, tolerance) for c in row) for row in value)
        return "(" + ", ".join(display_value(c, tolerance) for c in value) + ")"
    return format_expected(value, tolerance)


@dataclass(frozen=True)
class GeneratorSpec:
    """What a generator module declares.

    ``draw(d)`` samples concrete params (raise :class:`Redraw` when a condition fails);
    ``solve(p)`` calls the solver; ``prompt(p)`` writes the question in both languages;
    ``mistakes(p, solution)`` returns the wrong answers typical slips give, each tagged and explained;
    ``answer(p, solution)`` extracts the graded value from the solution (default: ``solution.answer``).
    """

    name: str
    title: Bilingual
    syllabus: tuple[str, ...]
    defaults: Mapping[str, Any]
    draw: Callable[[Draw], dict[str, Any]]
    solve: Callable[[dict[str, Any]], Solution]
    prompt: Callable[[dict[str, Any]], Bilingual]
    mistakes: Callable[[dict[str, Any], Solution], list[Mistake]]
    answer: Callable[[dict[str, Any], Solution], Any] = lambda p, s: s.answer
    answer_kind: str = "number"
    tolerance: Tolerance | None = None
    answer_hint: Bilingual | None = None
    fallback_mistakes: Callable[[Any], list[Mistake]] | None = None
    #: the values an answer can take, ``(lo, hi)`` with None for an open end (``(0, 1)`` for a probability,
    #: ``(0, None)`` for a count); generic fallback options outside it are never offered
    value_range: tuple[Any, Any] | None = None
    extra_params: tuple[str, ...] = field(default=())

    @property
    def param_keys(self) -> frozenset[str]:
        return frozenset(self.defaults) | frozenset(self.extra_params)


def seed_sequence(question_id: str, seed: int) -> np.random.SeedSequence:
    """The root seed of a variant: stable across runs, machines and Python versions (CRC-32, not hash())."""
    return np.random.SeedSequence([int(seed) & 0xFFFFFFFF, (int(seed) >> 32) & 0xFFFFFFFF, zlib.crc32(question_id.encode())])


def _in_range(value: Any, value_range: tuple[Any, Any] | None) -> bool:
    """Whether a candidate lies in the generator's declared range (``(lo, hi)``, either end may be None)."""
    if value_range is None:
        return True
    try:
        x = float(value)
    except (TypeError, ValueError):
        return True
    lo, hi = value_range
    return (lo is None or x >= float(lo)) and (hi is None or x <= float(hi))


def _near_misses(value: Any, value_range: tuple[Any, Any] | None = None) -> list[Mistake]:
    """Generic fallbacks when a generator's modelled mistakes collide after rounding: off-by-one and ×2.

    Only values a learner could believe are offered: inside the generator's declared range (a probability
    above 1 or a negative count gives itself away) and whole numbers when the key is a whole number.
    """
    generic = Bilingual("この選択肢は計算途中の数値の取り違えで生じる値です。途中式を確認しましょう。",
                        "This option comes from mixing up an intermediate number; check the worked steps.")
    candidates: list[Fraction | float]
    if isinstance(value, int | Fraction) or getattr(value, "is_Rational", False):
        v = Fraction(int(value.p), int(value.q)) if getattr(value, "is_Rational", False) else Fraction(value)
        exact = [v + 1, v - 1, v * 2, v + 2, v - 2, v / 2 if v else v + 3]
        if v.denominator == 1:
            exact = [c for c in exact if c.denominator == 1]
        else:
            exact += [1 - v, (1 + v) / 2, v * Fraction(3, 4)]
        candidates = list(exact)
    else:
        try:
            f = float(value)
        except (TypeError, ValueError):
            return []
        candidates = [f * 1.1, f * 0.9, f * 2, f / 2 if f else 1.0, -f if f else 0.5, 1 - f, (1 + f) / 2, f * 0.75]
    return [Mistake(c, "near-miss", generic) for c in candidates if _in_range(c, value_range)]


def build_choices(key: Any, mistakes: Sequence[Mistake], tolerance: Tolerance | None, rng: np.random.Generator,
                  fallback: Sequence[Mistake] = (), value_range: tuple[Any, Any] | None = None) -> tuple[list[Choice], int]:
    """Four options: the key and three distractors that differ from it and from each other as shown.

    Modelled mistakes come first (in the generator's order of likelihood); generic near misses only
    fill the gaps, and only with values inside ``value_range``.  The key's position is drawn uniformly from 0..3.
    """
    key_text = display_value(key, tolerance)
    seen = {key_text}
    picked: list[Mistake] = []
    fallbacks = [m for m in fallback if _in_range(m.value, value_range)]
    for mistake in [*mistakes, *fallbacks, *_near_misses(key, value_range)]:
        text = display_value(mistake.value, tolerance)
        if text in seen:
            continue
        seen.add(text)
        picked.append(mistake)
        if len(picked) == CHOICES - 1:
            break
    if len(picked) < CHOICES - 1:
        raise Redraw("not enough distinct distractors")
    order = [int(i) for i in rng.permutation(CHOICES - 1)]
    key_index = int(rng.integers(CHOICES))
    distractors = [picked[i] for i in order]
    choices: list[Choice] = []
    for position in range(CHOICES):
        if position == key_index:
            choices.append(Choice(key_text, key, True))
        else:
            m = distractors.pop(0)
            choices.append(Choice(display_value(m.value, tolerance), m.value, False, m.tag, m.explanation))
    return choices, key_index


def merged_ranges(spec: GeneratorSpec, params: Mapping[str, Any] | None) -> dict[str, Any]:
    ranges = dict(spec.defaults)
    for key, value in (params or {}).items():
        if key not in spec.param_keys:
            raise GeneratorError(f"generator '{spec.name}' has no parameter '{key}'")
        ranges[key] = value
    return ranges


def make_variant(spec: GeneratorSpec, question_id: str, seed: int, form: str = "choice",
                 params: Mapping[str, Any] | None = None, prompt_intro: Bilingual | None = None) -> Variant:
    """Draw parameters (redrawing until the generator's conditions hold), solve, and build the variant."""
    if form not in ("choice", "input"):
        raise GeneratorError(f"unknown form '{form}' (choice or input)")
    ranges = merged_ranges(spec, params)
    root = seed_sequence(question_id, seed)
    draw_seq, order_seq = root.spawn(2)
    last_error = ""
    for _ in range(MAX_REDRAWS):
        # spawn(1) k times yields exactly spawn(k)'s children, so variants are unchanged; most variants need one
        # draw, and spawning all MAX_REDRAWS children up front cost several milliseconds per variant
        (attempt,) = draw_seq.spawn(1)
        rng = np.random.Generator(np.random.PCG64(attempt))
        try:
            p = spec.draw(Draw(rng, ranges))
            solution = spec.solve(p)
            answer = spec.answer(p, solution)
            mistakes = [m for m in spec.mistakes(p, solution) if display_value(m.value, spec.tolerance) != display_value(answer, spec.tolerance)]
            choices: list[Choice] = []
            key_index: int | None = None
            if form == "choice":
                fallback = spec.fallback_mistakes(answer) if spec.fallback_mistakes else []
                choices, key_index = build_choices(answer, mistakes, spec.tolerance,
                                                   np.random.Generator(np.random.PCG64(order_seq)), fallback,
                                                   spec.value_range)
        except (Redraw, SolverError) as exc:
            last_error = str(exc)
            continue
        prompt = spec.prompt(p)
        if prompt_intro is not None:
            prompt = Bilingual(prompt_intro.ja + "\n\n" + prompt.ja, prompt_intro.en + "\n\n" + prompt.en)
        return Variant(question_id, seed, spec.name, form, p, prompt, answer, spec.answer_kind, solution, mistakes,
                       spec.tolerance, choices, key_index, spec.answer_hint)
    raise GeneratorError(f"generator '{spec.name}' found no valid parameters in {MAX_REDRAWS} draws ({last_error})")
