"""Results and statistics by section file each question under a code of the exam in question (issue 6, defect 1)."""

from __future__ import annotations

from typing import Any

from dldrill.bank.schema import QUESTION_ADAPTER
from dldrill.bank.syllabus import load_syllabus
from dldrill.study.sections import section_for, section_title, sections_per_exam
from dldrill.study.session import SessionEngine
from dldrill.study.stats import compute_stats
from dldrill.study.store import Attempt, Store


def single(qid: str, exam: list[str], syllabus: list[str]) -> Any:
    from dldrill.generators.catalog import param_table

    bi = {"ja": "問", "en": "Q"}
    raw = {"id": qid, "type": "single", "exam": exam, "syllabus": syllabus, "topics": ["test"], "difficulty": 1,
           "prompt": bi, "explanation": bi, "answer": 0,
           "choices": [{"text": {"ja": f"選{c}", "en": f"opt{c}"}, "why": bi} for c in range(4)]}
    return QUESTION_ADAPTER.validate_python(raw, context={"generators": param_table()})


def test_section_for_picks_the_first_code_of_the_exam() -> None:
    both = single("both", ["G", "E"], ["T25", "E3-7-1"])
    assert section_for(both, "G") == "T"
    assert section_for(both, "E") == "E3"
    e_first = single("e-first", ["G", "E"], ["E3-4-1", "L02", "T18"])
    assert section_for(e_first, "G") == "L"
    assert sections_per_exam(["T25", "E3-7-1"]) == ["T", "E3"]
    assert sections_per_exam(["T18", "T20"]) == ["T"]


def test_exam_result_rows_belong_to_the_exam_taken() -> None:
    both = single("both", ["G", "E"], ["T25", "E3-7-1"])
    e_first = single("e-first", ["G", "E"], ["E3-4-1", "T18"])
    e_exam = SessionEngine(None, [(both, 1), (e_first, 2)], "exam", time_limit_s=600, exam_kind="E", clock=lambda: 0.0)
    e_exam.submit(e_exam.current.presented.answer_text("en"))  # right
    assert e_exam.finish()["by_section"] == {"E3": {"total": 2, "correct": 1, "time_ms": 0}}
    g_exam = SessionEngine(None, [(both, 1), (e_first, 2)], "exam", time_limit_s=600, exam_kind="G")
    assert set(g_exam.finish()["by_section"]) == {"T"}  # no E rows in a G検定 result


def test_statistics_count_an_answer_under_the_first_code_of_each_exam(store: Store) -> None:
    store.record_attempt(Attempt("both", True, 1.0, syllabus=["T25", "E3-7-1"]))
    store.record_attempt(Attempt("g-only", False, 0.0, syllabus=["T18", "T20"]))
    store.record_attempt(Attempt("e-first", True, 1.0, syllabus=["E4-1-1", "L03"]))
    sections = compute_stats(store)["by_section"]
    assert {s: (e["attempts"], e["correct"]) for s, e in sections.items()} == {
        "T": (2, 1), "L": (1, 1), "E3": (1, 1), "E4": (1, 1)}
    g_only = compute_stats(store, exam="G")["by_section"]
    assert {s: e["attempts"] for s, e in g_only.items()} == {"T": 2, "L": 1}
    e_only = compute_stats(store, exam="E")["by_section"]
    assert {s: e["attempts"] for s, e in e_only.items()} == {"E3": 1, "E4": 1}  # the G-only answer is in no E row


def test_section_names_in_both_languages() -> None:
    assert section_title("E3", "en") == "E3 Deep learning fundamentals"
    assert section_title("T", "en") == "T Technical field"
    assert section_title("L", "ja") == "L 法律・倫理分野"
    # the Japanese E names are the syllabus headings ("## 3. 深層学習の基礎")
    headings = {i.code.split("-")[0]: i.section for i in load_syllabus().items if i.exam == "E"}
    assert len(headings) == 5
    for part, heading in headings.items():
        assert heading == f"{part[1:]}. {section_title(part, 'ja').split(' ', 1)[1]}"
        assert section_title(part, "en").isascii()
