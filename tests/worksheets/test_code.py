"""The sheet code: round trip of every option, typing forgiveness, and the check character catching typos."""

from __future__ import annotations

import pytest

from dldrill.worksheets.code import ALPHABET, SheetSpec, decode, encode, normalize_code
from dldrill.worksheets.errors import WorksheetError

SYLLABUS = ["E3", "E3-4", "E3-4-1", "L01", "T18", "T20"]
TOPICS = ["cnn", "padding", "pooling"]


@pytest.mark.parametrize("spec", [
    SheetSpec(),
    SheetSpec("G", ("T18",), (), 10, "computational", 12345, 0, "ja"),
    SheetSpec("E", ("E3-4", "E3"), ("cnn", "pooling"), 100, "conceptual", 16383, 29, "en"),
    SheetSpec(None, (), ("padding",), 1, "all", 2**40 + 7, 199, "en"),
])
def test_round_trip(spec: SheetSpec) -> None:
    code = encode(spec, 0xABCDE, SYLLABUS, TOPICS)
    assert decode(code, SYLLABUS, TOPICS) == (spec, 0xABCDE)


def test_typical_code_is_short_and_typeable() -> None:
    code = encode(SheetSpec(count=20, seed=9999, copy=3), 0xFFFFF, SYLLABUS, TOPICS)
    bare = code.replace("-", "")
    assert len(bare) <= 14
    assert set(bare) <= set(ALPHABET)
    assert not set(bare) & set("ILOU")  # Crockford: no look-alike letters


def test_forgiving_spelling() -> None:
    code = encode(SheetSpec(seed=77), 0x12345, SYLLABUS, TOPICS)
    typed = code.lower().replace("-", " ")
    assert decode(typed, SYLLABUS, TOPICS) == decode(code, SYLLABUS, TOPICS)
    assert normalize_code("ab-cd ef") == "ABCDEF"
    assert normalize_code("iLo") == "110"


def test_every_single_wrong_character_is_caught() -> None:
    bare = encode(SheetSpec("G", ("T18",), ("cnn",), 20, "all", 4321, 2, "ja"), 0x5A5A5, SYLLABUS, TOPICS)
    bare = bare.replace("-", "")
    for position in range(len(bare)):
        for replacement in ALPHABET:
            if replacement == bare[position]:
                continue
            typo = bare[:position] + replacement + bare[position + 1:]
            with pytest.raises(WorksheetError):
                decode(typo, SYLLABUS, TOPICS)


def test_swapped_neighbours_are_caught_unless_16_apart() -> None:
    bare = encode(SheetSpec(seed=1234, count=37), 0x0F0F0, SYLLABUS, TOPICS).replace("-", "")
    for i in range(len(bare) - 1):
        a, b = bare[i], bare[i + 1]
        if a == b or abs(ALPHABET.index(a) - ALPHABET.index(b)) == 16:
            continue
        with pytest.raises(WorksheetError):
            decode(bare[:i] + b + a + bare[i + 2:], SYLLABUS, TOPICS)


def test_garbage_is_one_clear_error() -> None:
    for text in ("", "hello", "!!!!", "0000000000000"):
        with pytest.raises(WorksheetError) as caught:
            decode(text, SYLLABUS, TOPICS)
        assert "コード" in caught.value.ja and "code" in caught.value.en


def test_index_past_todays_vocabulary_means_the_bank_changed() -> None:
    code = encode(SheetSpec(topics=("pooling",)), 1, SYLLABUS, TOPICS)
    with pytest.raises(WorksheetError) as caught:
        decode(code, SYLLABUS, ["cnn"])
    assert "変わっています" in caught.value.ja and "changed" in caught.value.en


def test_unknown_topic_cannot_be_encoded() -> None:
    with pytest.raises(WorksheetError):
        encode(SheetSpec(topics=("transformers",)), 1, SYLLABUS, TOPICS)
