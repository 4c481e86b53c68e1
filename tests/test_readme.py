"""The README is the user's first contact: every `dldrill solve` example it shows must run and give the answer it
states, every option value it names must be accepted, and its question-type examples must pass the bank validator.

The stated answers were worked out by hand (see the comments beside them in the README); this test keeps the
README and the program in agreement.  It is strict on purpose: the stated values must appear in the answer in the
order they are written, and the numbers in the comment are checked too (±x against the distinct magnitudes of the
answer in order, fractions, products written with ·, −ln x), so a comment cannot drift from the output unnoticed.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import itertools
import json
import math
import operator
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dldrill.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: a number in a comment that is not part of a name such as F1 or KL
BARE_NUMBER = re.compile(r"(?<![\w.²])\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.])")


def solve_examples() -> list[tuple[str, str, str]]:
    """(command, stated answer, comment) triples: a `uv run dldrill solve` line followed by a `# →` line."""
    lines = TEXT.splitlines()
    triples = []
    for line, following in itertools.pairwise(lines):
        if line.startswith("uv run dldrill solve ") and following.startswith("# →"):
            parts = re.split(r"\s{2,}(?=\()", following.removeprefix("# →").strip(), maxsplit=1)
            triples.append((line, parts[0], parts[1] if len(parts) > 1 else ""))
    return triples


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def matches(text: str, value: float) -> bool:
    """``value`` shown to as many decimals as ``text`` has (rounded either way at the half) is ``text``."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return round(value, decimals) == float(text) or abs(value - float(text)) < 10**-decimals / 2 + 1e-12


def in_order(stated: list[str], values: list[float]) -> bool:
    """Each stated number matches a later answer value than the one before: position, not mere presence."""
    remaining = iter(values)
    return all(any(matches(text, v) for v in remaining) for text in stated)


def test_in_order_is_positional() -> None:
    assert in_order(["0.5", "1"], [0.5, 0.7, 1.0])
    assert not in_order(["1", "0.5"], [0.5, 0.7, 1.0])
    assert not in_order(["0.5", "0.5"], [0.5, 0.7])


def test_readme_has_an_example_for_every_solve_problem() -> None:
    from dldrill.commands.solve import PROBLEMS

    shown = {shlex.split(cmd)[4] for cmd, _, _ in solve_examples()}
    assert shown == set(PROBLEMS)


_OPS: dict[type, Callable[[Any, Any], Any]] = {ast.Add: operator.add, ast.Mult: operator.mul}


def _arithmetic(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return float(_OPS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right)))
    raise ValueError(ast.dump(node))


def check_comment(comment: str, values: list[float]) -> str:
    """Check the values a comment states against the answer; return the comment with them blanked out."""
    magnitudes: list[float] = []
    for v in values:
        if not any(abs(abs(v) - m) < 1e-12 for m in magnitudes):
            magnitudes.append(abs(v))
    plus_minus = re.findall(r"±(\d+\.\d+)", comment)
    assert len(plus_minus) <= len(magnitudes) and all(
        matches(text, m) for text, m in zip(plus_minus, magnitudes, strict=False)), f"{plus_minus} vs {magnitudes}"
    comment = re.sub(r"±\d+\.\d+", " ", comment)
    for product in re.findall(r"\d[\d·+() ]*·[\d·+() ]*\d\)?", comment):
        expression = product.replace("·", "*")
        expression = expression[: len(expression) - (expression.count(")") - expression.count("("))]
        value = _arithmetic(ast.parse(expression, mode="eval").body)
        assert any(abs(value - v) < 1e-9 for v in values), f"{product} = {value} not in {values}"
        comment = comment.replace(product, " ", 1)
    for text, num, den in re.findall(r"((?<![\w.])(\d+)/(\d+)(?![\w.]))", comment):
        assert any(abs(int(num) / int(den) - v) < 1e-9 for v in values), f"{text} not in {values}"
        comment = comment.replace(text, " ", 1)
    for text, arg in re.findall(r"(−ln (\d+(?:\.\d+)?))", comment):
        assert any(abs(-math.log(float(arg)) - v) < 1e-9 for v in values), f"{text} not in {values}"
        comment = comment.replace(text, " ", 1)
    return comment


@pytest.mark.parametrize(("command", "stated", "comment"), solve_examples(), ids=lambda v: v[:60])
def test_solve_example_gives_the_stated_answer(command: str, stated: str, comment: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*shlex.split(command)[3:], "--json"]
    assert main(argv) == 0
    answer = json.loads(capsys.readouterr().out)["answer"]
    values = leaves(answer)
    numbers = NUMBER.findall(stated)
    if not numbers:
        assert stated in [str(v) for v in values]
        return
    floats = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    assert in_order(numbers, floats), f"{numbers} not in this order in {floats}"
    left = check_comment(comment, floats)
    # anything else numeric in a comment must be an input quoted as "name = value" (ε = 1e-5)
    unexplained = [m.group() for m in BARE_NUMBER.finditer(left) if not re.search(r"=\s*$", left[: m.start()])]
    assert not unexplained, f"comment numbers not checked against the answer: {unexplained}"


def test_comment_check_catches_a_wrong_second_magnitude() -> None:
    values = [-0.9999950000374996, -0.9999987500023437, 0.9999950000374996, 0.9999987500023437]
    check_comment("(±0.999995 / ±0.9999988)", values)
    with pytest.raises(AssertionError):
        check_comment("(±0.999995 / ±0.999995)", values)
    with pytest.raises(AssertionError):
        check_comment("(Keras: 4·(32·64 + 64·64 + 65))", [24832.0])


def _option_values() -> list[tuple[str, str, str]]:
    """(problem, --flag, value) for every ``PROBLEM … --flag a|b|c`` the solver reference names in code spans."""
    section = TEXT.split('<a id="solver-reference"></a>', 1)[1].split("\n## ")[1]
    from dldrill.commands.solve import PROBLEMS

    found = []
    prose = re.sub(r"```.*?```", " ", section, flags=re.DOTALL).replace("\n", " ")
    for span in re.findall(r"`([^`]+)`", prose):
        words = span.split()
        if not words or words[0] not in PROBLEMS:
            continue
        for flag, value in itertools.pairwise(words[1:]):
            if flag.startswith("--") and not value.startswith("-") and "…" not in value and "'" not in value:
                found += [(words[0], flag, choice) for choice in value.split("|")]
    return found


def test_readme_names_option_values() -> None:
    assert ("info", "--measure", "cross-entropy") in _option_values()
    assert len(_option_values()) > 30


@pytest.mark.parametrize(("problem", "flag", "value"), _option_values(), ids=lambda v: v)
def test_every_option_value_in_the_readme_is_accepted(problem: str, flag: str, value: str) -> None:
    from dldrill.commands.solve import PROBLEMS

    module = importlib.import_module(f"dldrill.commands.solvecli.{PROBLEMS[problem][0]}")
    parser = argparse.ArgumentParser()
    module.add_arguments(problem, parser)
    actions = {option: action for action in parser._actions for option in action.option_strings}
    assert flag in actions, f"{problem} has no option {flag}"
    choices = actions[flag].choices
    assert choices is None or value in choices, f"{problem} {flag} {value}: not one of {choices}"


def test_question_type_examples_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    section = TEXT.split('<a id="question-types"></a>', 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    types = set(re.findall(r"^  type: (\w+)", block, flags=re.MULTILINE))
    assert types == {"single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free", "generated"}
    (tmp_path / "examples.yaml").write_text(block, encoding="utf-8")
    status = main(["bank", "validate", str(tmp_path / "examples.yaml")])
    assert status == 0, capsys.readouterr().out
