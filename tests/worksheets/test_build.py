"""Selecting a sheet: deterministic per code, filters honoured, copies differ, a changed bank is refused."""

from __future__ import annotations

from typing import Any

import pytest

from dldrill.worksheets.build import build_sheet, sheet_from_code
from dldrill.worksheets.code import SheetSpec
from dldrill.worksheets.errors import WorksheetError


def _ids(sheet: Any) -> list[tuple[str, int]]:
    return [(item.presented.id, item.presented.seed) for item in sheet.items]


def test_same_spec_same_sheet_and_code(bank: Any) -> None:
    spec = SheetSpec(count=6, seed=42)
    first, second = build_sheet(bank.questions, spec), build_sheet(bank.questions, spec)
    assert first.code == second.code
    assert _ids(first) == _ids(second)
    assert len(set(_ids(first))) == 6


def test_code_rebuilds_the_sheet(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec("G", ("T18",), (), 4, "all", 5, 1, "en"))
    again = sheet_from_code(bank.questions, sheet.code)
    assert again.spec == sheet.spec
    assert _ids(again) == _ids(sheet)


def test_bank_order_does_not_matter(bank: Any) -> None:
    spec = SheetSpec(count=5, seed=3)
    assert _ids(build_sheet(list(reversed(bank.questions)), spec)) == _ids(build_sheet(bank.questions, spec))


def test_copies_differ(bank: Any) -> None:
    sheets = [build_sheet(bank.questions, SheetSpec(count=8, seed=11, copy=k)) for k in range(3)]
    assert len({s.code for s in sheets}) == 3
    assert len({tuple(_ids(s)) for s in sheets}) == 3


def test_filters(bank: Any) -> None:
    computational = build_sheet(bank.questions, SheetSpec(count=50, kinds="computational", seed=1))
    assert {i.presented.question.type for i in computational.items} <= {"numeric", "generated"}
    conceptual = build_sheet(bank.questions, SheetSpec(count=50, kinds="conceptual", seed=1))
    assert {i.presented.question.type for i in conceptual.items} == {"single", "multiple", "truefalse", "cloze",
                                                                       "ordering", "free"}
    t18 = build_sheet(bank.questions, SheetSpec(syllabus=("t18",), count=3, seed=2))
    assert all("T18" in i.presented.question.syllabus for i in t18.items)
    exam_e = build_sheet(bank.questions, SheetSpec(exam="E", count=30, seed=2))
    assert all("E" in i.presented.question.exam for i in exam_e.items)
    pooling = build_sheet(bank.questions, SheetSpec(topics=("POOLING",), count=3, seed=2))
    assert [i.presented.id for i in pooling.items] == ["ws-multiple"]


def test_short_pool_is_filled_with_fresh_generated_variants(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec(count=30, kinds="computational", seed=4))
    assert len(sheet.items) == 30
    assert len(set(_ids(sheet))) == 30  # repeats of a template are different variants
    static_only = build_sheet(bank.questions, SheetSpec(count=30, kinds="conceptual", seed=4))
    assert len(static_only.items) == static_only.pool_size == 6


def test_nothing_matches_is_an_error(bank: Any) -> None:
    with pytest.raises(WorksheetError):
        build_sheet(bank.questions, SheetSpec(syllabus=("L05",), count=3))
    with pytest.raises(WorksheetError):
        build_sheet(bank.questions, SheetSpec(syllabus=("Z99",), count=3))
    with pytest.raises(WorksheetError):
        build_sheet(bank.questions, SheetSpec(count=0))


def test_changed_question_is_refused(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec(count=11, seed=8))
    edited = [q.model_copy(update={"answer": 16}) if q.id == "ws-numeric" else q for q in bank.questions]
    with pytest.raises(WorksheetError) as caught:
        sheet_from_code(edited, sheet.code)
    assert "変わっています" in caught.value.ja and "changed" in caught.value.en


def test_added_question_in_pool_is_refused_but_elsewhere_is_not(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec(topics=("pooling",), count=1, seed=8))
    extra = bank.get("ws-truefalse").model_copy(update={"id": "ws-truefalse-2"})
    assert _ids(sheet_from_code([*bank.questions, extra], sheet.code)) == _ids(sheet)  # not in the pool
    pooled = extra.model_copy(update={"topics": ("pooling", "ws-fixture")})
    with pytest.raises(WorksheetError):
        sheet_from_code([*bank.questions, pooled], sheet.code)


def test_topic_code_survives_a_new_topic_elsewhere(bank: Any) -> None:
    sheet = build_sheet(bank.questions, SheetSpec(topics=("pooling",), count=1, seed=8))
    extra = bank.get("ws-truefalse").model_copy(update={"id": "ws-truefalse-2", "topics": ("brand-new-topic",)})
    assert _ids(sheet_from_code([*bank.questions, extra], sheet.code)) == _ids(sheet)
