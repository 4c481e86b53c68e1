"""Hostile bank files (deep nesting, alias bombs, cycles, huge numbers) end in located problems, never a crash
or a hang, and the valid questions beside them are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from dldrill.bank import cache
from dldrill.bank.load import load_files, validate_bytes
from dldrill.bank.yamlsource import MAX_ALIAS_NODES, MAX_DEPTH

SURVIVOR = """\
  - id: hostile-survivor
    type: truefalse
    exam: [G]
    syllabus: [T12]
    topics: [activation]
    difficulty: 1
    prompt: {ja: 文, en: statement}
    answer: true
    explanation: {ja: 説明, en: explanation}
"""


def hostile_question(qid: str, references: str) -> str:
    """A valid true/false question whose ``references`` value is the hostile part (line 10 of the file)."""
    return SURVIVOR.replace("hostile-survivor", qid) + f"    references: {references}\n"


def problems_of(text: str) -> tuple[list[tuple[int, int, str, str]], list[str]]:
    result = validate_bytes(("questions:\n" + text).encode())
    return list(result.problems), [qid for qid, _, _, question in result.entries if question is not None]


def test_deep_nesting_is_one_located_problem_and_the_cache_survives(tmp_path: Path) -> None:
    depth = 1000
    bank = tmp_path / "bank"
    bank.mkdir()
    text = "questions:\n" + hostile_question("hostile-deep", "[" * depth + "x" + "]" * depth) + SURVIVOR
    (bank / "deep.yaml").write_text(text, encoding="utf-8")
    # loading with the cache on used to die in pickle.dump with RecursionError
    loaded = load_files([bank], environ={"DLDRILL_CACHE": str(tmp_path / "cache")})
    # (`references` wants texts, so the schema complains about the list as well)
    [problem] = [p for p in loaded.problems if "nested" in p.message]
    # root mapping, `questions` list, the question, then `references` is level 4: level MAX_DEPTH + 1 is refused.
    # "    references: " is 16 characters, so the k-th bracket (k = 1, 2 …) sits at column 16 + k.
    refused_bracket = MAX_DEPTH + 1 - 3
    assert (problem.line, problem.col, problem.qid) == (11, 16 + refused_bracket, "hostile-deep")
    assert f"nested more than {MAX_DEPTH} levels" in problem.message
    assert [q.id for q in loaded.questions] == ["hostile-survivor"]


def test_nesting_within_the_limit_is_kept() -> None:
    depth = MAX_DEPTH - 3  # the k-th bracket is at level 3 + k: the innermost is at level MAX_DEPTH exactly
    problems, _ = problems_of(hostile_question("hostile-ok", "[" * depth + "x" + "]" * depth))
    assert [p for p in problems if "nested" in p[3]] == []


def test_an_alias_cannot_smuggle_in_deep_nesting() -> None:
    half = MAX_DEPTH // 2 + 2
    anchor = "&deep " + "[" * half + "x" + "]" * half
    text = hostile_question("hostile-anchor", f"[{anchor}]") + hostile_question(
        "hostile-alias", "[" * half + "*deep" + "]" * half)
    problems, _ = problems_of(text)
    nested = [p for p in problems if "nested" in p[3]]
    assert [(p[0], p[2]) for p in nested] == [(21, "hostile-alias")]  # 1 + 10 lines per question
    assert "alias *deep is expanded" in nested[0][3]


def test_write_entry_ignores_values_pickle_cannot_store(tmp_path: Path) -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    cache.write_entry(tmp_path, "deep", deep)  # raised RecursionError
    assert cache.read_entry(tmp_path, "deep") is None
    assert not list(tmp_path.glob(".tmp-*")), "no temporary file left behind"


def test_billion_laughs_is_refused_at_the_first_alias_over_the_cap() -> None:
    levels = ["&a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    bomb = "{" + ", ".join(f"l{n}: {level}" for n, level in enumerate(levels)) + "}"
    problems, valid = problems_of(SURVIVOR + hostile_question("hostile-laughs", bomb))
    [(line, col, qid, message)] = [p for p in problems if "alias" in p[3]]
    # by hand: a0 holds 11 values (10 + itself), a1 = 10·11 + 1 = 111, a2 = 1111, a3 = 11111.  Aliases added
    # 10·11 (a1) + 10·111 (a2) = 1220 values; then each *a2 adds 1111: the 8th brings 1220 + 8·1111 = 10108
    assert 1220 + 7 * 1111 <= MAX_ALIAS_NODES < 1220 + 8 * 1111
    bomb_line = ("questions:\n" + SURVIVOR + hostile_question("hostile-laughs", bomb)).splitlines()[19]
    a3_start = bomb_line.index("&a3")
    eighth = a3_start + len("&a3 [") + 7 * len("*a2, ")
    assert bomb_line[eighth:eighth + 3] == "*a2"
    assert (line, col, qid) == (20, eighth + 1, "hostile-laughs")
    assert "aliases expand to more than" in message
    assert valid == ["hostile-survivor"]


def test_an_alias_inside_its_own_anchor_is_a_cycle() -> None:
    problems, valid = problems_of(hostile_question("hostile-cycle", "&me [a, *me]"))
    assert [(p[0], p[1], p[2]) for p in problems if "cycle" in p[3]] == [(11, 25, "hostile-cycle")]
    assert valid == []


def test_ordinary_anchors_and_merges_still_load() -> None:
    text = SURVIVOR + """\
  - &base
    id: hostile-merged
    type: truefalse
    exam: [G]
    syllabus: [T12]
    topics: &topics [activation]
    difficulty: 1
    prompt: {ja: 文, en: statement}
    answer: true
    explanation: {ja: 説明, en: explanation}
  - <<: *base
    id: hostile-merged-2
    topics: *topics
"""
    problems, valid = problems_of(text)
    assert problems == [] and valid == ["hostile-survivor", "hostile-merged", "hostile-merged-2"]


@pytest.mark.parametrize(("answer", "fragment"), [
    ('"1e999999999"', "exponent"),
    ('"1e-5000"', "exponent"),
    ('"' + "1" * 61 + '"', "too long"),
])
def test_huge_numeric_answers_are_refused_before_fraction(answer: str, fragment: str) -> None:
    text = f"""\
  - id: hostile-number
    type: numeric
    exam: [G]
    syllabus: [T12]
    topics: [activation]
    difficulty: 1
    prompt: {{ja: 文, en: statement}}
    answer: {answer}
    explanation: {{ja: 説明, en: explanation}}
"""
    problems, valid = problems_of(text)  # "1e999999999" used to hang in Fraction (10**999999999)
    assert [(p[0], p[1], p[2]) for p in problems] == [(9, 5, "hostile-number")]
    assert problems[0][3].startswith("answer: ") and fragment in problems[0][3]
    assert valid == []


def test_plain_exponents_and_fractions_are_still_answers() -> None:
    for answer in ('"1e3"', '"-2.5e-3"', '"3/4"', '"1e1000"'):
        text = SURVIVOR.replace("hostile-survivor", "n").replace("type: truefalse", "type: numeric").replace(
            "answer: true", f"answer: {answer}")
        problems, valid = problems_of(text)
        assert problems == [] and valid == ["n"], answer


def test_code_fingerprint_covers_every_bank_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """japanese.py rewrites loaded text, so a change to it must invalidate cached files."""
    fingerprint = cache._code_fingerprint.__wrapped__  # the uncached function
    before = fingerprint()
    real_read = Path.read_bytes

    def edited(path: Path) -> bytes:
        return real_read(path) + (b"\n# edited\n" if path.name == "japanese.py" else b"")

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert fingerprint() != before
