"""Japanese text normalisation at load time: ragged terminal lines come from wraps and from spaces beside Latin
words; Markdown structure, code and formulas must survive untouched."""

from __future__ import annotations

import pytest

from dldrill.bank.japanese import join_cjk_soft_breaks, normalize_japanese, tighten_cjk_spaces


@pytest.mark.parametrize(("text", "expected"), [
    ("ネオコグニトロンの S 細胞を経て CNN の層に", "ネオコグニトロンのS細胞を経てCNNの層に"),
    ("確率 0.5 で、e ≈ 2.718 とする", "確率0.5で、e ≈ 2.718 とする"),      # the formula keeps its spaces
    ("値 y = Wx + b を求める", "値 y = Wx + b を求める"),
    ("- 項目 A\n1. 手順 2 へ", "- 項目A\n1. 手順2へ"),                     # list markers keep their space
    ("**「強調」** の話", "**「強調」** の話"),                               # emphasis delimiters untouched
    ("`x = 1` の値", "`x = 1` の値"),                                         # inline code untouched
    ("```\nコード の 行\n```", "```\nコード の 行\n```"),                     # code fences untouched
    ("English words stay apart", "English words stay apart"),
])
def test_tighten_cjk_spaces(text: str, expected: str) -> None:
    assert tighten_cjk_spaces(text) == expected


def test_soft_breaks_between_japanese_characters_are_joined() -> None:
    assert join_cjk_soft_breaks("畳み込み層は\n特徴を取り出す。\n\n次の段落") == "畳み込み層は特徴を取り出す。\n\n次の段落"
    assert join_cjk_soft_breaks("- 項目\n- 次") == "- 項目\n- 次"


def test_normalisation_is_idempotent() -> None:
    text = "入力 x と\n重み W の積 y = Wx を使う。\n- 手順 1\n```\nコード の 行\n```"
    once = normalize_japanese(text)
    assert normalize_japanese(once) == once
