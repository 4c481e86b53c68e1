"""Step and Solution: the one shape every solver returns.

A solver computes exactly (ints, ``sympy.Rational``, SymPy expressions) and records, in order,
the steps a teacher would write on the board.  Each step is data: a bilingual explanation, the
general formula, the same formula with the numbers substituted, and the result.  Renderers in
``dldrill.render`` turn steps into terminal, HTML, Typst or Markdown output; solvers never do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from solvers.numbers import to_approx, to_json_value


@dataclass(frozen=True)
class Bilingual:
    """A text in Japanese and English; Japanese is the default language of the project."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Japanese for unknown languages."""
        return self.en if lang == "en" else self.ja

    def to_json(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


@dataclass(frozen=True)
class Step:
    """One line of a worked solution.

    ``formula`` is the general rule (plain Unicode math, readable in a terminal, e.g.
    ``O = ⌊(H + 2P − D(K−1) − 1)/S⌋ + 1``), ``substituted`` the same with numbers
    (``⌊(5 + 2·1 − 1·(3−1) − 1)/2⌋ + 1``), ``result`` the exact value it produces.
    ``kind`` lets renderers group steps (``"window"`` steps of a convolution can be folded into a
    table when there are many); ``data`` holds structured extras such as the window position that
    a renderer may draw over the input grid.  ``latex`` optionally gives ``formula`` in LaTeX for
    typeset output.
    """

    text: Bilingual
    formula: str = ""
    substituted: str = ""
    result: Any = None
    kind: str = "step"
    data: Mapping[str, Any] = field(default_factory=dict)
    latex: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text.to_json(),
            "formula": self.formula,
            "substituted": self.substituted,
            "result": to_json_value(self.result),
        }
        if self.data:
            out["data"] = to_json_value(dict(self.data))
        if self.latex:
            out["latex"] = self.latex
        return out


@dataclass(frozen=True)
class Solution:
    """An exact answer with the ordered steps that lead to it.

    ``answer`` is exact (int, ``sympy.Rational``, SymPy expression, or nested lists/dicts of those);
    ``approx`` is the same structure as floats (computed from ``answer`` when not given).
    ``inputs`` echoes the normalised inputs so that JSON output is self-describing.
    """

    problem: str
    inputs: Mapping[str, Any]
    answer: Any
    steps: Sequence[Step]
    approx: Any = None
    notes: Sequence[Bilingual] = ()

    def approx_value(self) -> Any:
        """Float approximation of the answer (ints stay ints)."""
        return self.approx if self.approx is not None else to_approx(self.answer)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: ``problem``, ``inputs``, ``answer`` (numbers), ``exact``, ``steps``."""
        return {
            "problem": self.problem,
            "inputs": to_json_value(dict(self.inputs)),
            "answer": to_json_value(self.approx_value()),
            "exact": to_json_value(self.answer, exact=True),
            "steps": [s.to_json() for s in self.steps],
            "notes": [n.to_json() for n in self.notes],
        }
