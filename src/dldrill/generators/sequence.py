"""Generators for CTC (alignments, label probability) and attention (weights, parameter counts)."""

from __future__ import annotations

import functools
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
    if frames < need + 2 or frames > need + 3:
        raise Redraw("too few frames for an interesting count, or too many to count by hand")
    return {"label": label, "frames": frames}


def _solve_alignments(p: dict[str, Any]) -> Solution:
    from solvers.ctc import alignments

    return alignments(list(p["label"]), p["frames"])


def _alignment_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    label, frames = p["label"], p["frames"]
    wrong_order, no_edges, once_each = _slip_counts(label, frames)
    # a repeated letter treated like two different ones (the blank between them no longer needed)
    distinct = "".join(chr(ord("p") + i) for i in range(len(label)))
    ignored_repeat = _count_paths(distinct, frames) if len(set(label)) < len(label) else None
    out = [
        Mistake(math.comb(frames - 1, len(label) - 1), "no-blanks", Bilingual(
            "ブランクを使わず、記号の繰り返しだけで数えています。CTC ではブランクも出力できます。",
            "You counted only repeats of the symbols; CTC may also emit the blank in any frame.")),
        Mistake(wrong_order, "blanks-removed-first", Bilingual(
            "先にブランクを消してから重複をまとめています。正しくは「重複をまとめてからブランクを消す」順です。",
            "You removed blanks before merging repeats; the CTC mapping merges repeats first, then drops blanks.")),
        Mistake(no_edges, "no-edge-blanks", Bilingual(
            "先頭や末尾がブランクのパスを数えていません。前後にもブランクを置けます。",
            "You left out paths that start or end with a blank; blanks are allowed there too.")),
        Mistake(once_each, "no-repeats", Bilingual(
            "各記号を1フレームずつしか置いていません。同じ記号を連続するフレームで繰り返しても1文字に縮約されます。",
            "You put each symbol in exactly one frame; a symbol may also repeat over consecutive frames and still collapse to one.")),
        Mistake(math.comb(frames, len(label)), "choose-frames", Bilingual(
            f"{frames} フレームから記号を置く {len(label)} フレームを選ぶ組合せ C({frames}, {len(label)}) だけでは、記号の繰り返しを数えられません。",
            f"Choosing the {len(label)} frames that hold the symbols, C({frames}, {len(label)}), leaves out symbols repeated over frames.")),
    ]
    if ignored_repeat is not None:
        out.append(Mistake(ignored_repeat, "ignored-repeat-rule", Bilingual(
            "同じ記号が続くラベルでは、間にブランクが必須です (ブランクがないと1文字にまとめられてしまう)。",
            "With a repeated symbol in the label a blank is required between the two (without one they merge into one).")))
    return [m for m in out if m.value >= 1]


@functools.lru_cache(maxsize=256)
def _slip_counts(label: str, frames: int) -> tuple[int, int, int]:
    """Brute-force counts behind three slips (blanks removed first, no blank at the ends, each symbol in one frame).

    Memoised: up to 4^8 paths are walked, and the same (label, frames) comes back across seeds."""
    alphabet = "-" + "".join(sorted(set(label)))
    paths = ["".join(x) for x in itertools.product(alphabet, repeat=frames)]
    wrong_order = sum(1 for x in paths if _collapse(x, blanks_first=True) == label)
    valid = [x for x in paths if _collapse(x) == label]
    no_edges = sum(1 for x in valid if not x.startswith("-") and not x.endswith("-"))
    # each symbol in exactly one frame, the rest blanks: forgets that a symbol may repeat over frames
    once_each = sum(1 for x in valid if len(x.replace("-", "")) == len(label))
    return wrong_order, no_edges, once_each


@functools.lru_cache(maxsize=256)
def _count_paths(label: str, frames: int) -> int:
    """Brute-force count of the paths of ``frames`` frames that collapse to ``label`` (a slip's value).

    Memoised: up to 4^8 paths are walked, and the same (label, frames) comes back across seeds."""
    alphabet = "-" + "".join(sorted(set(label)))
    return sum(1 for x in itertools.product(alphabet, repeat=frames) if _collapse("".join(x)) == label)


CTC_ALIGNMENTS = GeneratorSpec(
    name="ctc_alignments",
    title=Bilingual("CTC のアラインメント数", "Number of CTC alignments"),
    syllabus=("T28", "E4-5-3"),
    defaults={"label": {"one_of": ["a", "ab", "aa", "abc", "ba", "aab", "abb", "aba", "cat", "aaa", "abab"]}, "frames": [3, 8]},
    draw=_draw_alignments,
    solve=_solve_alignments,
    prompt=lambda p: Bilingual(
        f"CTC で、ブランクを「-」とする。長さ {p['frames']} フレームの出力パスのうち、縮約 (連続する同じ記号をまとめてからブランクを除く) "
        f"するとラベル「{p['label']}」になるものは何通りあるか。",
        f"In CTC with blank '-', how many frame-level paths of length {p['frames']} collapse (merge repeats, then drop "
        f"blanks) to the label '{p['label']}'?"),
    mistakes=_alignment_mistakes,
    answer_hint=Bilingual("整数で答える", "Answer with an integer"),
    value_range=(1, None),
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
    greedy = Fraction(1)
    for row in table:
        greedy *= max(row)
    product = Fraction(1)
    for x in valid:
        product *= prob(x)
    out = [
        Mistake(prob(best), "best-path-only", Bilingual("最も確率の高いパス1本だけを使っています。CTC は全パスの確率の和です。",
                                                        "You used only the most likely path; CTC sums over every valid path.")),
        Mistake(prob("a" * p["frames"]), "all-label-frames", Bilingual("全フレームが「a」のパスだけを数えています。ブランクを含むパスも足します。",
                                                                        "You counted only the all-'a' path; paths with blanks count too.")),
        Mistake(sum((prob(x) for x in valid if not x.startswith("-") and not x.endswith("-")), Fraction(0)), "no-edge-blanks",
                Bilingual("先頭・末尾がブランクのパスを落としています。", "You dropped the paths that start or end with a blank.")),
        Mistake(1 - prob("-" * p["frames"]), "complement", Bilingual("「全部ブランク以外」の確率は、「a」1文字になる確率とは限りません (例: a-a は a a になる)。",
                                                                     "1 − P(all blanks) is not the probability of exactly 'a' (a-a collapses to 'aa').")),
        Mistake(sum((prob(x) for x in valid if x.count("a") == 1), Fraction(0)), "no-repeats", Bilingual(
            "「a」を1フレームだけに置くパスしか足していません。「aa」のように続けて出ても1文字に縮約されます。",
            "You added only the paths with 'a' in a single frame; repeated a's over consecutive frames collapse to one 'a' too.")),
        Mistake(greedy, "greedy-path", Bilingual("各フレームで確率最大の記号を選んだパス (貪欲デコード) の確率です。ラベル確率は正しいパス全部の和です。",
                                                 "That is the probability of the greedy (per-frame argmax) path; the label probability sums every valid path.")),
        Mistake(product, "product-not-sum", Bilingual("パスどうしは排反なので、確率は掛けずに足します。",
                                                      "The paths are mutually exclusive, so their probabilities are added, not multiplied.")),
    ]
    return [m for m in out if 0 <= m.value <= 1]


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
    value_range=(0, 1),
    answer_hint=Bilingual("小数第3位まで (四捨五入)", "3 decimal places (round half up)"),
)


def _draw_attention(d: Draw) -> dict[str, Any]:
    dk = d.int("d_k")
    q = [int(v) for v in d.rng.integers(-1, 3, size=dk)]
    keys = [[int(v) for v in d.rng.integers(-1, 3, size=dk)] for _ in range(2)]
    s = [sum(a * b for a, b in zip(q, k, strict=True)) for k in keys]
    if s[0] == s[1] or math.isqrt(dk) ** 2 != dk or dk == 1:
        raise Redraw("equal scores, or d_k that is not a square above 1 (d_k = 1 makes the scaling vanish)")
    weight = _sigmoid((s[0] - s[1]) / math.sqrt(dk))
    if not 0.05 <= weight <= 0.95:
        raise Redraw("a weight this close to 0 or 1 is trivial (rounds to 0.0x / 0.9x)")
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
    out += [
        Mistake(w(s[0] * root, s[1] * root), "multiplied-by-root", Bilingual("√d_k は掛けずに割ります (スコアを小さくして softmax の飽和を防ぐ)。",
                                                                             "Divide by √d_k, do not multiply (the scaling keeps softmax from saturating).")),
        Mistake(_sigmoid(s[0] / root), "sigmoid-not-softmax", Bilingual(
            "k1 のスコアだけにシグモイドをかけています。重みは全キーのスコアに softmax をかけて求めます。",
            "You applied a sigmoid to k1's score alone; the weights come from a softmax over every key's score.")),
        Mistake(1.0, "softmax-wrong-axis", Bilingual(
            "softmax をクエリの軸 (ここでは1個だけ) でとると重みは必ず 1 になります。キーの軸で正規化します。",
            "A softmax over the query axis (a single query here) always gives 1; normalise over the keys.")),
    ]
    if s[0] > 0 and s[1] > 0:
        out.append(Mistake(s[0] / (s[0] + s[1]), "linear-normalisation", Bilingual(
            "スコアをそのまま和で割っています。softmax では exp をとってから正規化します。",
            "You normalised the raw scores; softmax exponentiates before normalising.")))
    if 0 <= s[0] / root <= 1:
        out.append(Mistake(s[0] / root, "score-not-weight", Bilingual("スケーリングしたスコア q·k1/√d_k のままです。softmax で重みにします。",
                                                                     "That is the scaled score q·k1/√d_k; softmax turns the scores into weights.")))
    return out


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


ATTENTION_WEIGHT = GeneratorSpec(
    name="attention_weight",
    title=Bilingual("Scaled Dot-Product Attention の重み", "Scaled dot-product attention weight"),
    syllabus=("T23", "E3-6-1"),
    defaults={"d_k": {"one_of": [4, 4, 9]}},
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
    value_range=(0, 1),
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
    value_range=(1, None),
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
