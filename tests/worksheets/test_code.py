"""The sheet code: round trip of every option, typing forgiveness, and the check character catching typos."""

from __future__ import annotations

import pytest

from dldrill.worksheets.code import (
    ALPHABET,
    SheetSpec,
    _Bits,
    _check_char,
    decode,
    encode,
    normalize_code,
    topic_hash,
)
from dldrill.worksheets.errors import WorksheetError

SYLLABUS = ["E3", "E3-4", "E3-4-1", "L01", "T18", "T20"]
TOPICS = ["cnn", "padding", "pooling"]


@pytest.mark.parametrize("spec", [
    SheetSpec(),
    SheetSpec("G", ("T18",), (), 10, "computational", 12345, 0, "ja"),
    SheetSpec("E", ("E3-4", "E3"), ("cnn", "pooling"), 100, "conceptual", 16383, 29, "en"),
    SheetSpec(None, (), ("padding",), 1, "all", 2**32 - 1, 199, "en"),
])
def test_round_trip(spec: SheetSpec) -> None:
    code = encode(spec, 0xABCDE, SYLLABUS)
    decoded = decode(code, SYLLABUS)
    assert decoded.fingerprint == 0xABCDE
    assert decoded.candidates(TOPICS) == [spec]


def test_typical_code_is_short_and_typeable() -> None:
    code = encode(SheetSpec(count=20, seed=9999, copy=3), 0xFFFFF, SYLLABUS)
    bare = code.replace("-", "")
    assert len(bare) <= 14
    assert set(bare) <= set(ALPHABET)
    assert not set(bare) & set("ILOU")  # Crockford: no look-alike letters


def test_forgiving_spelling() -> None:
    code = encode(SheetSpec(seed=77), 0x12345, SYLLABUS)
    typed = code.lower().replace("-", " ")
    assert decode(typed, SYLLABUS) == decode(code, SYLLABUS)
    assert normalize_code("ab-cd ef") == "ABCDEF"
    assert normalize_code("iLo") == "110"


def test_every_single_wrong_character_is_caught() -> None:
    bare = encode(SheetSpec("G", ("T18",), ("cnn",), 20, "all", 4321, 2, "ja"), 0x5A5A5, SYLLABUS)
    bare = bare.replace("-", "")
    for position in range(len(bare)):
        for replacement in ALPHABET:
            if replacement == bare[position]:
                continue
            typo = bare[:position] + replacement + bare[position + 1:]
            with pytest.raises(WorksheetError):
                decode(typo, SYLLABUS)


def test_swapped_neighbours_are_caught_unless_16_apart() -> None:
    bare = encode(SheetSpec(seed=1234, count=37), 0x0F0F0, SYLLABUS).replace("-", "")
    for i in range(len(bare) - 1):
        a, b = bare[i], bare[i + 1]
        if a == b or abs(ALPHABET.index(a) - ALPHABET.index(b)) == 16:
            continue
        with pytest.raises(WorksheetError):
            decode(bare[:i] + b + a + bare[i + 2:], SYLLABUS)


def test_garbage_is_one_clear_error() -> None:
    for text in ("", "hello", "!!!!", "0000000000000"):
        with pytest.raises(WorksheetError) as caught:
            decode(text, SYLLABUS)
        assert "コード" in caught.value.ja and "code" in caught.value.en


def test_syllabus_index_past_todays_list_means_the_bank_changed() -> None:
    code = encode(SheetSpec(syllabus=("T20",)), 1, SYLLABUS)
    with pytest.raises(WorksheetError) as caught:
        decode(code, SYLLABUS[:3])
    assert "変わっています" in caught.value.ja and "changed" in caught.value.en


def test_topics_survive_new_topics_but_not_a_removed_one() -> None:
    code = encode(SheetSpec(topics=("pooling",)), 1, SYLLABUS)
    grown = ["attention", "augmentation", *TOPICS, "zero-shot"]
    assert [s.topics for s in decode(code, SYLLABUS).candidates(grown)] == [("pooling",)]
    with pytest.raises(WorksheetError) as caught:
        decode(code, SYLLABUS).candidates(["cnn"])
    assert "トピック" in caught.value.ja and "topic" in caught.value.en and "打ち間違い" in caught.value.ja


def test_topic_hash_collisions_give_every_candidate() -> None:
    target = topic_hash("cnn")
    twins = [f"t{i}" for i in range(20000) if topic_hash(f"t{i}") == target][:2]
    assert twins  # 12-bit hashes do collide among thousands of names
    code = encode(SheetSpec(topics=("cnn",)), 1, SYLLABUS)
    assert {s.topics for s in decode(code, SYLLABUS).candidates(["cnn", *twins])} == {("cnn",), *((t,) for t in twins)}


def test_unknown_syllabus_cannot_be_encoded() -> None:
    with pytest.raises(WorksheetError):
        encode(SheetSpec(syllabus=("T99",)), 1, SYLLABUS)


def test_full_width_ime_input_is_read() -> None:
    code = encode(SheetSpec(seed=77, count=12), 0x12345, SYLLABUS)
    # what a Japanese IME gives: full-width letters and digits, and a long-vowel mark or full-width dash for "-"
    full_width = "".join(chr(ord(ch) + 0xFEE0) if ch != "-" else "ー" for ch in code)
    assert normalize_code(full_width) == code.replace("-", "")
    assert decode(full_width.replace("ー", "－", 1).replace("ー", "―"), SYLLABUS) == decode(code, SYLLABUS)
    assert decode("　" + full_width.lower() + "　", SYLLABUS) == decode(code, SYLLABUS)


def test_seed_above_32_bits_is_not_encoded() -> None:
    for seed in (2**32, 2**64 + 5, -1):
        with pytest.raises(WorksheetError):
            encode(SheetSpec(seed=seed), 1, SYLLABUS)


def _forged(count: int, seed: int = 1, copy: int = 0) -> str:
    """A code with a valid check character whose options no ``dldrill worksheet`` run could have chosen."""
    bits = _Bits()
    for value, width in ((1, 2), (0, 2), (3, 2), (0, 1)):  # version 1, any exam, all kinds, ja
        bits.put(value, width)
    bits.put_var(count, 5)
    bits.put_var(seed, 7)
    bits.put_var(copy, 3)
    bits.put_var(0, 2)
    bits.put_var(0, 2)
    bits.put(0, 20)
    padded = bits.bits + "0" * (-len(bits.bits) % 5)
    data = "".join(ALPHABET[int(padded[i:i + 5], 2)] for i in range(0, len(padded), 5))
    return data + _check_char(data)


def test_impossible_sheet_is_not_blamed_on_a_changed_bank() -> None:
    assert decode(_forged(300), SYLLABUS).spec.count == 300  # the forger is right for a possible sheet
    for code in (_forged(301), _forged(5000), _forged(20, seed=2**40), _forged(20, copy=200)):
        with pytest.raises(WorksheetError) as caught:
            decode(code, SYLLABUS)
        assert "does not describe a valid sheet" in caught.value.en and "変わって" not in caught.value.ja


def test_echoed_code_is_cut_short() -> None:
    with pytest.raises(WorksheetError) as caught:
        decode("X" * 100_000, SYLLABUS)
    assert len(str(caught.value)) < 400 and "…" in caught.value.en
