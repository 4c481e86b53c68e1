"""CTC (Connectionist Temporal Classification): collapsing paths, enumerating alignments, the forward
algorithm and the loss −ln p(l|x), with every α value shown as a step (Graves et al., 2006)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.exact import require_sum_one
from solvers.numbers import fmt
from solvers.steps import Bilingual, Solution, Step

MAX_LISTED_ALIGNMENTS = 200
MAX_FRAMES = 30


#: how the blank is written in formulas and paths: the user's own blank ('-') would be typeset as minus signs
BLANK_SHOWN = "ε"


def shown_symbols(symbols: Sequence[str], blank: str) -> str:
    """A path or extended label for a formula, the blank written as ε: ``a a ε a b ε``."""
    return " ".join(BLANK_SHOWN if s == blank else s for s in symbols)


def collapse_path(path: Sequence[str], blank: str = "-") -> list[str]:
    """The CTC mapping B: merge consecutive repeats, then drop blanks (in this order)."""
    merged = [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]
    return [s for s in merged if s != blank]


def collapse(path: Sequence[str], blank: str = "-") -> Solution:
    """Collapse one frame-level path to its label, showing both stages."""
    if not path:
        raise SolverError("the path is empty", "パスが空です")
    merged = [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]
    label = [s for s in merged if s != blank]
    steps = [
        Step(Bilingual("① 連続する同じ記号を1つにまとめる", "① Merge consecutive repeated symbols"),
             formula="a a → a", substituted=shown_symbols(path, blank) + " → " + shown_symbols(merged, blank),
             result="".join(BLANK_SHOWN if s == blank else s for s in merged)),
        Step(Bilingual(f"② ブランク '{blank}' (式では {BLANK_SHOWN}) を取り除く (順序が大切: 先に除くと a{BLANK_SHOWN}a が a になってしまう)",
                       f"② Remove the blank '{blank}' ({BLANK_SHOWN} in the formulas; order matters: removing blanks first "
                       f"would turn a{BLANK_SHOWN}a into a)"),
             formula="B(π)", substituted=shown_symbols(merged, blank) + " → " + (" ".join(label) or "∅"), result="".join(label)),
    ]
    return Solution("ctc", {"kind": "collapse", "path": list(path), "blank": blank}, "".join(label), steps)


def _extended(label: Sequence[str], blank: str) -> list[str]:
    ext = [blank]
    for symbol in label:
        ext += [symbol, blank]
    return ext


def _check_label(label: Sequence[str], blank: str) -> None:
    if blank in label:
        raise SolverError(f"the label may not contain the blank '{blank}'", f"ラベルにブランク '{blank}' は含められません")


def min_frames(label: Sequence[str]) -> int:
    """Frames needed: one per symbol plus one blank between each pair of equal neighbours."""
    return len(label) + sum(1 for a, b in itertools.pairwise(label) if a == b)


def enumerate_alignments(label: Sequence[str], frames: int, blank: str = "-") -> list[tuple[str, ...]]:
    """All frame-level paths of length ``frames`` that collapse to ``label`` (walk on the extended label)."""
    ext = _extended(label, blank)
    last = len(ext) - 1
    paths: list[tuple[str, ...]] = []

    def walk(t: int, s: int, prefix: tuple[str, ...]) -> None:
        if t == frames:
            if s >= last - 1:
                paths.append(prefix)
            return
        for nxt in (s, s + 1, s + 2):
            if nxt > last:
                continue
            if nxt == s + 2 and (ext[nxt] == blank or ext[nxt] == ext[s]):
                continue
            # remaining frames must be enough to reach the end
            if (last - 1) - nxt > 2 * (frames - t - 1) + 1:
                continue
            walk(t + 1, nxt, (*prefix, ext[nxt]))

    for start in (0, 1):
        if start <= last:
            walk(1, start, (ext[start],))
    return sorted(set(paths))


def alignments(label: Sequence[str], frames: int, blank: str = "-") -> Solution:
    """Enumerate the alignments of ``label`` over ``frames`` frames (answer: their number)."""
    _check_label(label, blank)
    if not 1 <= frames <= MAX_FRAMES:
        raise SolverError(f"frames must be between 1 and {MAX_FRAMES}", f"フレーム数は 1〜{MAX_FRAMES} にしてください")
    need = min_frames(label)
    steps = [Step(
        Bilingual("ラベルの前後と間にブランクを入れた拡張ラベル l' を作る (長さ 2|l| + 1)",
                  "Build the extended label l' with blanks around and between the symbols (length 2|l| + 1)"),
        formula=f"l' = ({BLANK_SHOWN}, l₁, {BLANK_SHOWN}, l₂, …, {BLANK_SHOWN})",
        substituted=shown_symbols(_extended(label, blank), blank), result=2 * len(label) + 1),
        Step(Bilingual("必要な最小フレーム数: 記号の数 + 同じ記号が続く箇所ごとに区切りのブランク1つ",
                       "Minimum frames: one per symbol plus one separating blank for each pair of equal neighbours"),
             formula="T_min = |l| + #(l_i = l_{i+1})", substituted=f"{len(label)} + {need - len(label)}", result=need)]
    if frames < need:
        raise SolverError(f"{frames} frames are too few for label '{''.join(label)}' (needs {need})",
                          f"ラベル '{''.join(label)}' には {need} フレーム以上必要です ({frames} では足りません)")
    paths = enumerate_alignments(label, frames, blank)
    for path in paths[:MAX_LISTED_ALIGNMENTS]:
        steps.append(Step(Bilingual("縮約すると正解ラベルになるパス", "A path that collapses to the label"),
                          substituted=shown_symbols(path, blank) + " → " + "".join(collapse_path(path, blank)),
                          result="".join(path), kind="cell"))
    inputs = {"kind": "alignments", "label": "".join(label), "frames": frames, "blank": blank}
    return Solution("ctc", inputs, len(paths), steps)


def _probability_table(probs: Sequence[Sequence[Any]], alphabet: Sequence[str]) -> list[list[sp.Rational]]:
    if not probs or any(len(row) != len(alphabet) for row in probs):
        raise SolverError(f"each frame needs {len(alphabet)} probabilities (one per symbol of the alphabet)",
                          f"各フレームに記号の数 ({len(alphabet)}) だけ確率が必要です")
    table = [[sp.Rational(str(p)) if isinstance(p, float) else sp.Rational(p) for p in row] for row in probs]
    for t, row in enumerate(table, 1):
        if any(p < 0 or p > 1 for p in row):
            raise SolverError(f"frame {t}: probabilities must lie in [0, 1]", f"フレーム {t}: 確率は 0〜1 の範囲にしてください")
        require_sum_one(sum(row), f"frame {t}", f"フレーム {t}")
    return table


def forward(probs: Sequence[Sequence[Any]], alphabet: Sequence[str], label: Sequence[str], blank: str | None = None) -> Solution:
    """p(l|x) by the CTC forward algorithm and the loss −ln p, with the whole α table.

    ``probs[t][k]`` is the softmax output for symbol ``alphabet[k]`` at frame t; the blank is
    ``alphabet[0]`` unless given.  α_t(s) sums the probabilities of all path prefixes ending in
    l'_s at frame t; a step from s−2 is allowed only when l'_s is not blank and differs from l'_{s−2}.
    """
    blank = alphabet[0] if blank is None else blank
    if blank not in alphabet:
        raise SolverError(f"the blank '{blank}' is not in the alphabet", f"ブランク '{blank}' がアルファベットにありません")
    for symbol in label:
        if symbol not in alphabet:
            raise SolverError(f"label symbol '{symbol}' is not in the alphabet", f"ラベルの記号 '{symbol}' がアルファベットにありません")
    _check_label(label, blank)
    if len(set(alphabet)) != len(alphabet):
        raise SolverError("the alphabet has repeated symbols", "アルファベットに重複があります")
    table = _probability_table(probs, alphabet)
    frames = len(table)
    if frames < min_frames(label):
        raise SolverError(f"{frames} frames are too few for label '{''.join(label)}'",
                          f"フレーム数 {frames} ではラベル '{''.join(label)}' を出力できません")
    index = {a: i for i, a in enumerate(alphabet)}
    ext = _extended(label, blank)
    size = len(ext)
    y = [[row[index[sym]] for sym in ext] for row in table]
    alpha = [[sp.Integer(0)] * size for _ in range(frames)]
    steps: list[Step] = [Step(
        Bilingual("拡張ラベル l' (ブランクを前後と間に挿入)", "Extended label l' (blanks around and between symbols)"),
        formula=f"l' = ({BLANK_SHOWN}, l₁, {BLANK_SHOWN}, …, {BLANK_SHOWN})", substituted=shown_symbols(ext, blank), result=size)]
    alpha[0][0] = y[0][0]
    if size > 1:
        alpha[0][1] = y[0][1]
    steps.append(Step(Bilingual("初期化: 最初のフレームはブランクか最初の記号からしか始められない",
                                "Initialise: a path can start only with the blank or the first symbol"),
                      formula=f"α₁(1) = y¹_{BLANK_SHOWN},  α₁(2) = y¹_{{l₁}},  other α₁(s) = 0",
                      substituted=f"α₁(1) = {fmt(alpha[0][0])}, α₁(2) = {fmt(alpha[0][1]) if size > 1 else '—'}",
                      result=[alpha[0][s] for s in range(size)], kind="step"))
    for t in range(1, frames):
        for s in range(size):
            terms = [(s, alpha[t - 1][s])]
            if s >= 1:
                terms.append((s - 1, alpha[t - 1][s - 1]))
            if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                terms.append((s - 2, alpha[t - 1][s - 2]))
            total = sum((v for _, v in terms), sp.Integer(0))
            alpha[t][s] = total * y[t][s]
            if alpha[t][s] == 0 and all(v == 0 for _, v in terms):
                continue
            names = " + ".join(f"α{t}({k + 1})" for k, _ in terms)
            nums = " + ".join(fmt(v) for _, v in terms)
            shown = shown_symbols([ext[s]], blank)
            steps.append(Step(
                Bilingual(f"α{t + 1}({s + 1}) : l'_{s + 1} = {shown}", f"α{t + 1}({s + 1}) : l'_{s + 1} = {shown}"),
                formula=f"α{t + 1}({s + 1}) = ({names})·y{t + 1}_{shown}",
                substituted=f"({nums})·{fmt(y[t][s])}", result=alpha[t][s], kind="cell",
                data={"t": t + 1, "s": s + 1}))
    last = alpha[frames - 1][size - 1]
    before = alpha[frames - 1][size - 2] if size > 1 else sp.Integer(0)
    p = last + before  # already an exact Rational (nsimplify would 'simplify' 367/1024 into a product of roots)
    steps.append(Step(Bilingual("最後は末尾のブランクか最後の記号で終わるパスの和", "Paths must end in the final blank or the last symbol"),
                      formula="p(l|x) = α_T(|l'|) + α_T(|l'| − 1)", substituted=f"{fmt(last)} + {fmt(before)}", result=p))
    if p == 0:
        raise SolverError("p(l|x) = 0: the label cannot be produced, so the loss is infinite",
                          "p(l|x) = 0 のためラベルを出力できず、損失は無限大です")
    loss = -sp.log(p)
    steps.append(Step(Bilingual("CTC 損失は正解ラベルの確率の負の対数 (自然対数)", "The CTC loss is the negative natural log of the label probability"),
                      formula="L = −ln p(l|x)", substituted=f"−ln({fmt(p)})", result=loss))
    inputs = {"kind": "forward", "alphabet": list(alphabet), "blank": blank, "label": "".join(label), "probs": table}
    answer = {"probability": p, "loss": loss, "alpha": alpha}
    return Solution("ctc", inputs, answer, steps)

