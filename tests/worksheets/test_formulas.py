"""Step formulas → MathML (well-formed XML with the right scripts) and Typst math (compiles)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dldrill.worksheets.formulas import to_mathml, to_typst_math

FORMULAS = [
    "O = ⌊(H + 2P − D(K − 1) − 1) / S⌋ + 1",
    "T_min = |l| + #(l_i = l_{i+1})",
    "α₁(1) = y¹_−,  α₁(2) = y¹_{l₁},  other α₁(s) = 0",
    "a_ij = exp(s_ij) / Σ_k exp(s_ik)",
    "O = (H − 1)·S − 2P + D·(K − 1) + output_padding + 1",
    "l' = (−, l₁, −, …, −)",
    "- - a b → ab",
    "x^2 + y^{n-1} = e^(−2x) * \"q\" $ & @ < > ~ ; ` \\",
    "unbalanced ( and ) ) { here",
    "出力 = 入力 × 2",
    "_ ^ _x",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_mathml_is_well_formed(formula: str) -> None:
    root = ET.fromstring(to_mathml(formula))
    assert root.tag == "math"
    text = "".join(root.itertext())
    kept = formula.replace(" ", "").replace("_", "").replace("^", "").replace("{", "").replace("}", "")
    for ch in "HOKSxαΣ出力":
        if ch in kept:
            assert ch in text


def test_mathml_scripts() -> None:
    root = ET.fromstring(to_mathml("y^{n-1} + a_ij"))
    sup = root.find(".//msup")
    assert sup is not None and [c.text for c in sup[1].iter() if c.text] == ["n", "-", "1"]
    sub = root.find(".//msub")
    assert sub is not None and sub[0].text == "a" and sub[1].text == "ij"
    grouped = ET.fromstring(to_mathml("e^(−2x)")).find(".//msup")
    assert grouped is not None and "(" not in "".join(grouped.itertext())  # the group's parentheses are dropped


def test_typst_math_compiles() -> None:
    typst = pytest.importorskip("typst")
    body = "\n\n".join(f"${to_typst_math(f)}$" for f in FORMULAS)
    assert typst.compile(f"#set text(font: \"New Computer Modern\")\n{body}".encode(), ignore_system_fonts=True)


def test_typst_words_are_upright_text_and_slash_stays_a_slash() -> None:
    assert to_typst_math("a / b") == 'a "/" b'
    assert to_typst_math("T_min") == 'T_("min")'
    assert to_typst_math("output_padding") == '"output_padding"'
