"""``dldrill grade``: its help examples name real questions and its seed range is the one ``bank show`` uses."""

from __future__ import annotations

import re
from functools import cache

import pytest

from dldrill.cli import main
from dldrill.commands.grade import EPILOG


@cache
def builtin_ids() -> frozenset[str]:
    from dldrill.bank.load import load_bank

    return frozenset(load_bank(()).by_id)


def test_every_help_example_names_a_question_of_the_builtin_bank() -> None:
    examples = re.findall(r"dldrill grade (\S+)", EPILOG)
    assert len(examples) == 3
    missing = [qid for qid in examples if qid not in builtin_ids()]
    assert not missing, f"help examples name questions that do not exist: {missing}"


def test_help_examples_grade_as_correct(capsys: pytest.CaptureFixture[str]) -> None:
    # each example's answer is hand-checked: ⌊(10 + 2·2 − 1·4 − 1)/1⌋ + 1 = 10 for the conv output size
    for line in EPILOG.splitlines():
        if line.strip().startswith("dldrill grade") and "--json" not in line:
            argv = [a.strip("'") for a in re.findall(r"'[^']*'|\S+", line.strip())][1:]
            assert main(argv) == 0
            assert "✔" in capsys.readouterr().out, line


@pytest.mark.parametrize("seed", ["-1", str(2**63), "1.5", "x"])
def test_seed_out_of_range_is_refused_like_bank_show(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["grade", "gen-conv-output-size-input", "--seed", seed, "--answer", "10"],
                 ["bank", "show", "gen-conv-output-size-input", "--seed", seed]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "seed" in err and "Traceback" not in err


def test_largest_seed_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "gen-conv-output-size-input", "--seed", str(2**63 - 1), "--answer", "10", "--json"]) == 0
    assert '"correct"' in capsys.readouterr().out
