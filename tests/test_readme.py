"""The README is the user's first contact: every `dldrill solve` example it shows must run and give the answer it
states, and its question-type examples must pass the bank validator.

The stated answers were worked out by hand (see the comments beside them in the README); this test keeps the
README and the program in agreement.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from dldrill.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def solve_examples() -> list[tuple[str, str]]:
    """(command, stated answer) pairs: a `uv run dldrill solve` line followed by a `# →` line."""
    lines = TEXT.splitlines()
    pairs = []
    for line, following in itertools.pairwise(lines):
        if line.startswith("uv run dldrill solve ") and following.startswith("# →"):
            stated = re.split(r"\s{2,}\(", following.removeprefix("# →").strip())[0]
            pairs.append((line, stated))
    return pairs


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def test_readme_has_an_example_for_every_solve_problem() -> None:
    from dldrill.commands.solve import PROBLEMS

    shown = {shlex.split(cmd)[4] for cmd, _ in solve_examples()}
    assert shown == set(PROBLEMS)


@pytest.mark.parametrize(("command", "stated"), solve_examples(), ids=lambda v: v[:60])
def test_solve_example_gives_the_stated_answer(command: str, stated: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*shlex.split(command)[3:], "--json"]
    assert main(argv) == 0
    answer = json.loads(capsys.readouterr().out)["answer"]
    values = leaves(answer)
    numbers = NUMBER.findall(stated)
    if not numbers:
        assert stated in [str(v) for v in values]
        return
    floats = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for text in numbers:
        decimals = len(text.split(".")[1]) if "." in text else 0
        assert any(round(v, decimals) == float(text) or abs(v - float(text)) < 10 ** -decimals / 2 + 1e-12
                   for v in floats), f"{text} not in {floats}"


def test_question_type_examples_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    section = TEXT.split('<a id="question-types"></a>', 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    types = set(re.findall(r"^  type: (\w+)", block, flags=re.MULTILINE))
    assert types == {"single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free", "generated"}
    (tmp_path / "examples.yaml").write_text(block, encoding="utf-8")
    status = main(["bank", "validate", str(tmp_path / "examples.yaml")])
    assert status == 0, capsys.readouterr().out
