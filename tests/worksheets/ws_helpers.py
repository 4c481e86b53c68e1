"""Right and wrong answers for the fixture sheet, worked out from the bank data and the variants' parameters.

Kept apart from the worksheet code on purpose: the expected answers come from the YAML keys and from a plain
re-computation of each generator's result (output-size formula, a cross-correlation by nested loops), so the
round-trip tests do not trust the key renderer they are checking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"
LETTERS = "abcdefghij"


def conv_output_size(p: dict[str, Any]) -> int:
    """⌊(H + 2P − D(K − 1) − 1)/S⌋ + 1 (PyTorch ``nn.Conv2d`` documentation)."""
    return (p["size"] + 2 * p["padding"] - p.get("dilation", 1) * (p["kernel"] - 1) - 1) // p["stride"] + 1


def cross_correlation(p: dict[str, Any]) -> list[list[int]]:
    """Deep-learning convolution by brute force: pad with zeros, slide, multiply-add, add the bias."""
    size, pad, stride = p["size"], p["padding"], p["stride"]
    grid = [[0] * (size + 2 * pad) for _ in range(size + 2 * pad)]
    for i, row in enumerate(p["input"]):
        for j, value in enumerate(row):
            grid[i + pad][j + pad] = value
    kernel = p["weights"]
    k = len(kernel)
    out_size = (size + 2 * pad - k) // stride + 1
    return [[sum(grid[r * stride + a][c * stride + b] * kernel[a][b] for a in range(k) for b in range(k)) + p["bias"]
             for c in range(out_size)] for r in range(out_size)]


def _label_of_text(options: Any, text: str, lang: str = "ja") -> str:
    shown = [o.get(lang) for o in options]
    return LETTERS[shown.index(text)]


def right_answer(p: Any) -> str:
    """The answer a perfect student writes for presented question ``p``."""
    q = p.question
    if q.type == "single":
        return _label_of_text(p.options, q.choices[q.answer].text.ja)
    if q.type == "multiple":
        return ",".join(_label_of_text(p.options, q.choices[i].text.ja) for i in q.answer)
    if q.type == "truefalse":
        return "○" if q.answer else "×"
    if q.type == "cloze":
        return " / ".join(LETTERS[b.answer] if hasattr(b, "choices") else b.answer.ja for b in q.blanks)
    if q.type == "ordering":
        return " ".join(_label_of_text(p.options, item.ja) for item in q.items)
    if q.type == "numeric":
        return str(q.answer)
    if q.type == "free":
        return "good"
    params = p.variant.params
    if q.generator == "conv_output_size":
        value = str(conv_output_size(params))
        return _label_of_text(p.options, value) if q.form == "choice" else value
    if q.generator == "conv2d_values":
        return "; ".join(" ".join(str(v) for v in row) for row in cross_correlation(params))
    raise AssertionError(f"no independent key for {q.id}")


def wrong_answer(p: Any) -> str:
    """A readable but wrong answer of the right shape."""
    q = p.question
    right = right_answer(p)
    if p.kind in ("choice",):
        return next(LETTERS[i] for i in range(len(p.options)) if LETTERS[i] != right)
    if q.type == "multiple":
        return "c"
    if q.type == "truefalse":
        return "×" if right == "○" else "○"
    if q.type == "cloze":
        return "b / 7"
    if q.type == "ordering":
        return " ".join(reversed(right.split()))
    if q.type == "free":
        return "again"
    if p.kind == "matrix":
        return "; ".join(" ".join(str(int(v) + 1) for v in row.split()) for row in right.split("; "))
    return "1/7" if "/" in right else str(int(right) + 1)
