"""Generators for CTC (alignments, label probability) and attention (weights, parameter counts)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.grading import Mistake, Tolerance
from solvers.steps import Bilingual, Solution

TWO_PLACES = Tolerance("decimals", 2, "half_up")


def _collapse(path: str, blank: str = "-", blanks_first: bool = False) -> str:
    if blanks_first:
        path = path.replace(blank, "")
    out, prev = [], None
    for ch in path:
        if ch != prev and ch != blank:
            out.append(ch)
        prev = ch
    return "".join(out)


def _draw_alignments(d: Draw) -> dict[str, Any]:
    label, frames = str(d.pick("label")), d.int("frames")
    need = len(label) + sum(1 for a, b in itertools.pairwise(label) if a == b)
    if frames < need + 1:
        raise Redraw("too few frames for an interesting count")
    return {"label": label, "frames": frames}


def _solve_alignments(p: dict[str, Any]) -> Solution:
    from solvers.ctc import alignments

    return alignments(list(p["label"]), p["frames"])


def _alignment_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    label, frames = p["label"], p["frames"]
    alphabet = "-" + "".join(sorted(set(label)))
    paths = ["".join(x) for x in itertools.product(alphabet, repeat=frames)]
    wrong_order = sum(1 for x in paths if _collapse(x, blanks_first=True) == label)
    no_edges = sum(1 for x in paths if _collapse(x) == label and not x.startswith("-") and not x.endswith("-"))
    return [
        Mistake(math.comb(frames - 1, len(label) - 1), "no-blanks", Bilingual(
            "ブランクを使わず、記号の繰り返しだけで数えています。CTC ではブランクも出力できます。",
            "You counted only repeats of the symbols; CTC may also emit the blank in any frame.")),
        Mistake(wrong_order, "blanks-removed-first", Bilingual(
            "先にブランクを消してから重複をまとめています。正しくは「重複をまとめてからブランクを消す」順です。",
            "You removed blanks before merging repeats; the CTC mapping merges repeats first, then drops blanks.")),
        Mistake(no_edges, "no-edge-blanks", Bilingual(
            "先頭や末尾がブランクのパスを数えていません。前後にもブランクを置けます。",
            "You left out paths that start or end with a blank; blanks are allowed there too.")),
    ]


CTC_ALIGNMENTS = GeneratorSpec(
    name="ctc_alignments",
    title=Bilingual("CTC のアラインメント数", "Number of CTC alignments"),
    syllabus=("T28", "E4-5-3"),
    defaults={"label": {"one_of": ["a", "ab", "aa", "abc"]}, "frames": [2, 5]},
    draw=_draw_alignments,
    solve=_solve_alignments,
    prompt=lambda p: Bilingual(
        f"CTC で、ブランクを「-」とする。長さ {p['frames']} フレームの出力パスのうち、縮約 (連続する同じ記号をまとめてからブランクを除く) "
        f"するとラベル「{p['label']}」になるものは何通りあるか。",
        f"In CTC with blank '-', how many frame-level paths of length {p['frames']} collapse (merge repeats, then drop "
        f"blanks) to the label '{p['label']}'?"),
    mistakes=_alignment_mistakes,
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
)


def _draw_ctc_prob(d: Draw) -> dict[str, Any]:
    frames = d.int("frames")
    rows = []
    for _ in range(frames):
        blank = d.rng.integers(1, 9)
        rows.append([Fraction(int(blank), 10), Fraction(10 - int(blank), 10)])
    return {"frames": frames, "table": rows}


def _solve_ctc_prob(p: dict[str, Any]) -> Solution:
    from solvers.ctc import forward

    return forward(p["table"], ["-", "a"], ["a"])


def _ctc_prob_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    table = p["table"]
    paths = ["".join(x) for x in itertools.product("-a", repeat=p["frames"])]

    def prob(path: str) -> Fraction:
        out = Fraction(1)
        for t, ch in enumerate(path):
            out *= table[t][0 if ch == "-" else 1]
        return out

    valid = [x for x in paths if _collapse(x) == "a"]
    best = max(valid, key=prob)
    return [
        Mistake(prob(best), "best-path-only", Bilingual("最も確率の高いパス1本だけを使っています。CTC は全パスの確率の和です。",
                                                        "You used only the most likely path; CTC sums over every valid path.")),
        Mistake(prob("a" * p["frames"]), "all-label-frames", Bilingual("全フレームが「a」のパスだけを数えています。ブランクを含むパスも足します。",
                                                                        "You counted only the all-'a' path; paths with blanks count too.")),
        Mistake(sum((prob(x) for x in valid if not x.startswith("-") and not x.endswith("-")), Fraction(0)), "no-edge-blanks",
                Bilingual("先頭・末尾がブランクのパスを落としています。", "You dropped the paths that start or end with a blank.")),
        Mistake(1 - prob("-" * p["frames"]), "complement", Bilingual("「全部ブランク以外」の確率は、「a」1文字になる確率とは限りません (例: a-a は a a になる)。",
                                                                     "1 − P(all blanks) is not the probability of exactly 'a' (a-a collapses to 'aa').")),
    ]


CTC_PROBABILITY = GeneratorSpec(
    name="ctc_probability",
    title=Bilingual("CTC のラベル確率", "CTC label probability"),
    syllabus=("T28", "E4-5-3"),
    defaults={"frames": [2, 3]},
    draw=_draw_ctc_prob,
    solve=_solve_ctc_prob,
    prompt=lambda p: Bilingual(
        "CTC で、各フレームの出力確率が次の表のとき、ラベル「a」が出力される確率 p(a|x) を求めよ (小数第4位を四捨五入)。\n\n"
        + "\n".join(f"- t={t + 1}: P(-) = {float(r[0]):g}, P(a) = {float(r[1]):g}" for t, r in enumerate(p["table"])),
        "In CTC the per-frame output probabilities are given below. Find p('a'|x), the probability of the label 'a' "
        "(round to 3 decimal places).\n\n"
        + "\n".join(f"- t={t + 1}: P(-) = {float(r[0]):g}, P(a) = {float(r[1]):g}" for t, r in enumerate(p["table"]))),
    mistakes=_ctc_prob_mistakes,
    answer=lambda p, s: s.answer["probability"],
    tolerance=THREE_PLACES,
    answer_hint=Bilingual("小数第3位まで (四捨五入)", "3 decimal places (round half up)"),
)


def _draw_attention(d: Draw) -> dict[str, Any]:
    dk = d.int("d_k")
    q = [int(v) for v in d.rng.integers(-1, 3, size=dk)]
    keys = [[int(v) for v in d.rng.integers(-1, 3, size=dk)] for _ in range(2)]
    s = [sum(a * b for a, b in zip(q, k, strict=True)) for k in keys]
    if s[0] == s[1] or math.isqrt(dk) ** 2 != dk:
        raise Redraw("equal scores or non-square d_k")
    return {"d_k": dk, "q": q, "keys": keys}


def _solve_attention(p: dict[str, Any]) -> Solution:
    from solvers.attention import scaled_dot_product_attention

    return scaled_dot_product_attention([p["q"]], p["keys"], [[1], [0]])


def _attention_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    s = [sum(a * b for a, b in zip(p["q"], k, strict=True)) for k in p["keys"]]
    root = math.sqrt(p["d_k"])

    def w(x: float, y: float) -> float:
        return math.exp(x) / (math.exp(x) + math.exp(y))

    out = [
        Mistake(w(s[0], s[1]), "no-scaling", Bilingual("√d_k で割り忘れています。", "You forgot to divide the scores by √d_k.")),
        Mistake(w(s[0] / p["d_k"], s[1] / p["d_k"]), "divided-by-dk", Bilingual("d_k ではなく √d_k で割ります。",
                                                                                "Divide by √d_k, not by d_k.")),
        Mistake(1 - w(s[0] / root, s[1] / root), "swapped-keys", Bilingual("もう一方のキーの重みを答えています。",
                                                                           "That is the weight of the other key.")),
    ]
    if s[0] > 0 and s[1] > 0:
        out.append(Mistake(s[0] / (s[0] + s[1]), "linear-normalisation", Bilingual(
            "スコアをそのまま和で割っています。softmax では exp をとってから正規化します。",
            "You normalised the raw scores; softmax exponentiates before normalising.")))
    return out


ATTENTION_WEIGHT = GeneratorSpec(
    name="attention_weight",
    title=Bilingual("Scaled Dot-Product Attention の重み", "Scaled dot-product attention weight"),
    syllabus=("T23", "E3-6-1"),
    defaults={"d_k": {"one_of": [1, 4]}},
    draw=_draw_attention,
    solve=_solve_attention,
    prompt=lambda p: Bilingual(
        f"クエリ q = {tuple(p['q'])}、キー k1 = {tuple(p['keys'][0])}、k2 = {tuple(p['keys'][1])} (d_k = {p['d_k']}) の "
        "Scaled Dot-Product Attention で、キー k1 に対する注意の重みを求めよ (小数第3位を四捨五入)。",
        f"Query q = {tuple(p['q'])}, keys k1 = {tuple(p['keys'][0])}, k2 = {tuple(p['keys'][1])} (d_k = {p['d_k']}). "
        "In scaled dot-product attention, what is the attention weight on k1? (round to 2 decimal places)"),
    mistakes=_attention_mistakes,
    answer=lambda p, s: s.answer["weights"][0][0],
    tolerance=TWO_PLACES,
    answer_hint=Bilingual("小数第2位まで (四捨五入)", "2 decimal places (round half up)"),
)


def _draw_mha(d: Draw) -> dict[str, Any]:
    d_model, heads = d.int("d_model"), d.int("heads")
    if d_model % heads:
        raise Redraw("d_model not divisible by heads")
    return {"d_model": d_model, "heads": heads}


def _solve_mha(p: dict[str, Any]) -> Solution:
    from solvers.attention import attention_parameters

    return attention_parameters(p["d_model"], p["heads"])


def _mha_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    d, h = p["d_model"], p["heads"]
    return [
        Mistake(4 * d * d, "forgot-bias", Bilingual("バイアス (各射影に d 個) を数え忘れています。", "You forgot the biases (d per projection).")),
        Mistake(h * 4 * (d * d + d), "times-heads", Bilingual("ヘッド数を掛けています。各ヘッドは d/h 次元なので合計はヘッド数によりません。",
                                                              "You multiplied by the number of heads; each head has width d/h, so the total does not depend on h.")),
        Mistake(3 * (d * d + d), "forgot-output-projection", Bilingual("出力の射影 W_O を忘れています (Q, K, V, O の4つ)。",
                                                                       "You forgot the output projection W_O (there are four: Q, K, V, O).")),
        Mistake(4 * (d * (d // h) + d // h), "one-head-only", Bilingual("1ヘッド分しか数えていません。", "You counted a single head only.")),
    ]


MHA_PARAMS = GeneratorSpec(
    name="mha_params",
    title=Bilingual("Multi-Head Attention のパラメータ数", "Multi-Head Attention parameter count"),
    syllabus=("T23", "E3-6-1"),
    defaults={"d_model": {"one_of": [64, 128, 256, 512, 768]}, "heads": {"one_of": [4, 8, 12, 16]}},
    draw=_draw_mha,
    solve=_solve_mha,
    prompt=lambda p: Bilingual(
        f"d_model = {p['d_model']}、ヘッド数 {p['heads']} の Multi-Head Attention (PyTorch の nn.MultiheadAttention、バイアスあり) "
        "のパラメータ数はいくつか。",
        f"How many parameters does a Multi-Head Attention layer with d_model = {p['d_model']} and {p['heads']} heads have "
        "(PyTorch nn.MultiheadAttention, with biases)?"),
    mistakes=_mha_mistakes,
    answer=lambda p, s: s.answer["total"],
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
)

SPECS = (CTC_ALIGNMENTS, CTC_PROBABILITY, ATTENTION_WEIGHT, MHA_PARAMS)
