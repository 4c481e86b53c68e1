"""Generator for the average precision (AP) of a ranked list of detections (all-point interpolation, PASCAL VOC 2010+).

The key and steps come from :func:`solvers.metrics.average_precision`; each wrong option recomputes the
area under the precision–recall curve with one slip (no interpolation, the mean precision at the hits,
11-point interpolation, the final precision or recall).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.generators.evaluation import THREE_PLACES_HINT, keep, mistake
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _draw_ap(d: Draw) -> dict[str, Any]:
    n = d.int("detections")
    scores = [int(v) for v in d.rng.choice(range(10, 100), size=n, replace=False)]
    flags = [int(v) for v in d.rng.integers(0, 2, size=n)]
    hits = sum(flags)
    ranked = [flags[i] for i in sorted(range(n), key=lambda i: -scores[i])]
    if hits < 2 or hits == n or (ranked[0] == 0 and ranked[1] == 0):
        raise Redraw("want at least two hits, a false positive, and a hit near the top")
    missed = d.int("missed")
    return {"scores": [s / 100 for s in scores], "tp": flags, "n_gt": hits + missed}


def _solve_ap(p: dict[str, Any]) -> Solution:
    from solvers.metrics import average_precision

    return average_precision([Fraction(str(s)) for s in p["scores"]], p["tp"], p["n_gt"])


def _curve(p: dict[str, Any]) -> tuple[list[Fraction], list[Fraction], list[int]]:
    order = sorted(range(len(p["scores"])), key=lambda i: -p["scores"][i])
    hits, precision, recall, flags = 0, [], [], []
    for rank, i in enumerate(order, 1):
        hits += p["tp"][i]
        flags.append(p["tp"][i])
        precision.append(Fraction(hits, rank))
        recall.append(Fraction(hits, p["n_gt"]))
    return precision, recall, flags


def _ap_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    precision, recall, flags = _curve(p)
    hits = sum(flags)
    at_hits = [pr for pr, f in zip(precision, flags, strict=True) if f]
    raw = sum((pr for pr in at_hits), Fraction(0)) / p["n_gt"]

    def interpolated(level: Fraction) -> Fraction:
        return max((pr for pr, r in zip(precision, recall, strict=True) if r >= level), default=Fraction(0))

    eleven = sum((interpolated(Fraction(j, 10)) for j in range(11)), Fraction(0)) / 11
    return keep([
        mistake(raw, "no-interpolation", "補間していません。各再現率で、それ以降の最大の適合率 (補間適合率) を使います。",
                "You did not interpolate; at each recall use the best precision at that recall or beyond."),
        mistake(sum(at_hits, Fraction(0)) / hits, "divided-by-hits",
                f"見つかった TP の数 ({hits}) で割っています。AP は正解の総数 ({p['n_gt']}) に対する再現率で積分するので、見逃した正解の分は 0 です。",
                f"You divided by the hits found ({hits}); AP integrates recall over all {p['n_gt']} ground truths, so missed ones add 0.")
        if hits != p["n_gt"] else None,
        mistake(eleven, "eleven-point", "それは11点補間 (VOC 2007) の値です。問題は全点補間です。",
                "That is the 11-point interpolated AP (VOC 2007); the question asks for all-point interpolation."),
        mistake(precision[-1], "final-precision", "それは全検出での適合率です。AP は適合率–再現率曲線の下の面積です。",
                "That is the precision over all detections; AP is the area under the precision–recall curve."),
        mistake(recall[-1], "final-recall", "それは最終的な再現率です。", "That is the final recall."),
        mistake(sum(precision, Fraction(0)) / len(precision), "mean-over-ranks", "全順位の適合率を平均しています。AP は再現率が増える所 (TP) ごとに Δ再現率 × 補間適合率 を足します。",
                "You averaged the precision over every rank; AP adds Δrecall × interpolated precision at each recall step (each TP)."),
    ])


def _ap_prompt(p: dict[str, Any]) -> Bilingual:
    rows_ja = "、".join(f"検出 {i + 1}: スコア {s:g} ({'TP' if t else 'FP'})" for i, (s, t) in enumerate(zip(p["scores"], p["tp"], strict=True)))
    rows_en = "; ".join(f"detection {i + 1}: score {s:g} ({'TP' if t else 'FP'})" for i, (s, t) in enumerate(zip(p["scores"], p["tp"], strict=True)))
    return Bilingual(
        f"ある画像の1クラスについて、正解 (ground truth) の物体は {p['n_gt']} 個ある。検出器の出力は {rows_ja} であった。"
        "スコアの高い順に並べて適合率–再現率曲線を描き、全点補間 (各再現率でそれ以降の最大の適合率を使う) で求めた "
        "AP (average precision) はいくつか (小数第4位を四捨五入)。",
        f"For one class there are {p['n_gt']} ground-truth objects. The detector outputs {rows_en}. Rank the detections by "
        "score, draw the precision–recall curve and compute the AP (average precision) with all-point interpolation (at each "
        "recall, the best precision at that recall or beyond). Round to 3 decimal places.")


AVERAGE_PRECISION = GeneratorSpec(
    name="average_precision",
    title=Bilingual("物体検出の AP (平均適合率)", "Average precision of detections"),
    syllabus=("E2-1-12", "E4-2-1"),
    defaults={"detections": [4, 6], "missed": [0, 2]},
    draw=_draw_ap,
    solve=_solve_ap,
    prompt=_ap_prompt,
    mistakes=_ap_mistakes,
    answer=lambda p, s: s.answer["ap"],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
    value_range=(0, 1),
)

SPECS = (AVERAGE_PRECISION,)
