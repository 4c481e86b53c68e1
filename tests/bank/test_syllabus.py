"""The syllabus copy and its parser: codes, flags, keywords, sections, and keyword matching rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dldrill.bank.syllabus import (
    keyword_alternatives,
    keyword_mentioned,
    load_syllabus,
    normalize_code,
    normalize_text,
    parse_syllabus,
)

REPO = Path(__file__).resolve().parents[2]
PACKAGED = REPO / "src" / "dldrill" / "bank" / "syllabus"
SHARED = REPO.parent / "shared" / "syllabus"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/syllabus is not next to the repository")
@pytest.mark.parametrize("name", ["g-kentei-2024.txt", "e-shikaku.txt"])
def test_packaged_copy_equals_shared_syllabus(name: str) -> None:
    assert (PACKAGED / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_code_line_is_parsed() -> None:
    # independent count: lines that start with a code followed by a space
    raw_codes = [
        line.split()[0]
        for name in ("g-kentei-2024.txt", "e-shikaku.txt")
        for line in (PACKAGED / name).read_text(encoding="utf-8").splitlines()
        if re.match(r"(T\d\d|L\d\d|E\d+-\d+-\d+) ", line)
    ]
    syllabus = load_syllabus()
    assert [item.code for item in syllabus.items] == raw_codes
    assert [c for c in raw_codes if c[0] == "T"] == [f"T{n:02d}" for n in range(1, 38)]
    assert [c for c in raw_codes if c[0] == "L"] == [f"L{n:02d}" for n in range(1, 19)]


def test_item_fields() -> None:
    by_code = load_syllabus().by_code
    t17 = by_code["T17"]
    assert (t17.exam, t17.title, t17.keywords) == ("G", "全結合層", ("重み", "線形関数"))
    assert t17.goal == "goal: understand parameter counts"
    assert t17.section == "ディープラーニングの要素技術" and t17.category == "技術分野"
    assert by_code["L01"].category == "法律・倫理分野"
    assert "主成分分析(PCA)" in by_code["T08"].keywords
    e111 = by_code["E1-1-1"]
    assert (e111.title, e111.optional, e111.mixed, e111.exam) == ("線形代数/行列演習", True, False, "E")
    assert by_code["E3-1-2"].title == "出力層と損失関数(回帰)" and by_code["E3-1-2"].mixed
    assert not by_code["E1-1-2"].optional and by_code["E1-1-2"].section == "1. 数学的基礎"
    assert [by_code[c].minimum_questions for c in ("T01", "L18", "E1-1-2", "E1-1-1", "E3-1-2")] == [3, 3, 2, 0, 2]


def test_malformed_item_line_names_the_line() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_syllabus("## s\nT01 no colon here\n", "G")


def test_code_matching_is_by_whole_segment() -> None:
    syllabus = load_syllabus()
    assert [i.code for i in syllabus.matching("T1")] == ["T01"]
    assert [i.code for i in syllabus.matching("T10")] == ["T10"]
    assert [i.code for i in syllabus.matching("E3-4")] == ["E3-4-1", "E3-4-2", "E3-4-3"]
    assert [i.code for i in syllabus.matching("E1-1-1")] == ["E1-1-1"]
    assert syllabus.matching("E3-1-1")[0].code == "E3-1-1"  # not E3-1-10…
    assert syllabus.matching("T99") == []
    assert normalize_code(" l3 ") == "L03"


def test_keyword_alternatives() -> None:
    assert keyword_alternatives("主成分分析(PCA)") == [("主成分分析(pca)",), ("主成分分析",), ("pca",)]
    assert ("正解率", "適合率", "再現率", "f値") in keyword_alternatives("正解率・適合率・再現率・F値")


@pytest.mark.parametrize(("keyword", "text", "expected"), [
    ("主成分分析(PCA)", "PCA で次元を減らす", True),
    ("主成分分析(PCA)", "主成分分析を行う", True),
    ("主成分分析(PCA)", "因子分析", False),
    ("PPO", "we support it", False),           # an acronym inside a longer word does not count
    ("PPO", "PPO clips the ratio", True),
    ("GAN", "GANs learn", True),               # plural allowed
    ("CAM", "a camera", False),
    ("ReLU関数", "ＲｅＬＵ関数", True),          # full-width letters (NFKC)
    ("Multi-Head Attention", "multi-head  attention", True),
    ("正解率・適合率・再現率・F値", "正解率と適合率と再現率とF値", True),
    ("正解率・適合率・再現率・F値", "正解率と適合率", False),
])
def test_keyword_mentioned(keyword: str, text: str, expected: bool) -> None:
    assert keyword_mentioned(keyword, normalize_text(text)) is expected
