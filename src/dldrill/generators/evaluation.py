"""Generators for evaluation metrics: confusion-matrix scores, macro/micro averages, IoU of boxes, small ROC AUC.

Keys and worked steps come from :mod:`solvers.metrics`; each wrong option is computed by a small
direct formula that models one slip (swapped precision/recall, the union without subtracting the
overlap, the "+1 pixel" convention …), never by editing the key.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution

THREE_PLACES_HINT = Bilingual("小数第3位まで (小数第4位を四捨五入)。分数でもよい", "3 decimal places (round half up); a fraction is fine too")

METRIC_NAMES = {
    "accuracy": ("正解率 (Accuracy)", "accuracy"),
    "precision": ("適合率 (Precision)", "precision"),
    "recall": ("再現率 (Recall)", "recall"),
    "specificity": ("特異度 (Specificity)", "specificity"),
    "f1": ("F1 値 (F1-score)", "F1 score"),
}


def mistake(value: Any, tag: str, ja: str, en: str) -> Mistake:
    """A tagged wrong answer with its bilingual explanation (shared shorthand for the evaluation generators)."""
    return Mistake(value, tag, Bilingual(ja, en))


def ratio(num: int | Fraction, den: int | Fraction) -> Fraction | None:
    """num/den as an exact fraction, or None when the slip would divide by zero (that option is then left out)."""
    return Fraction(num) / Fraction(den) if den else None


def keep(mistakes: list[Mistake | None]) -> list[Mistake]:
    """Drop slips that are undefined for these numbers."""
    return [m for m in mistakes if m is not None and m.value is not None]


# ---------------------------------------------------------------- confusion_metrics


def _draw_confusion(d: Draw) -> dict[str, Any]:
    unit = d.int("unit")
    tp, fp, fn, tn = (d.int(k) * unit for k in ("tp", "fp", "fn", "tn"))
    if fp == fn:
        raise Redraw("FP = FN would make precision equal recall")
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "metric": str(d.pick("metric")), "layout": str(d.pick("layout"))}


def _solve_confusion(p: dict[str, Any]) -> Solution:
    from solvers.metrics import binary_metrics

    return binary_metrics(p["tp"], p["fp"], p["fn"], p["tn"])


def confusion_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Wrong values of the asked metric from the classic slips, each computed directly from the four counts."""
    tp, fp, fn, tn, metric = p["tp"], p["fp"], p["fn"], p["tn"], p["metric"]
    total = tp + fp + fn + tn
    precision, recall = Fraction(tp, tp + fp), Fraction(tp, tp + fn)
    out: list[Mistake | None] = []
    if metric == "accuracy":
        out = [
            mistake(Fraction(tp, total), "accuracy-positives-only", "正解は陽性の的中 (TP) だけではありません。陰性を陰性と当てた TN も足します。",
                    "Correct predictions include the true negatives: (TP + TN) / total, not TP / total."),
            mistake(Fraction(fp + fn, total), "error-rate", "それは誤分類率 (FP + FN)/全体 です。正解率は 1 − 誤分類率。",
                    "That is the error rate (FP + FN)/total; accuracy is 1 − error rate."),
            mistake(precision, "precision-not-accuracy", "それは適合率 TP/(TP + FP) です。正解率は全データに対する割合です。",
                    "That is precision TP/(TP + FP); accuracy is over all the data."),
            mistake(ratio(tp, tp + fp + fn), "dropped-tn", "TN を分母からも除いています。正解率の分母は全データ数です。",
                    "You left TN out of the denominator too; accuracy divides by all the data."),
        ]
    elif metric == "precision":
        out = [
            mistake(recall, "precision-recall-swapped", "それは再現率 TP/(TP + FN) です。適合率は「陽性と予測したもの」が分母: TP/(TP + FP)。",
                    "That is recall TP/(TP + FN); precision divides by the predicted positives: TP/(TP + FP)."),
            mistake(Fraction(fp, tp + fp), "false-discovery-rate", "分子が FP になっています (偽発見率)。適合率の分子は TP です。",
                    "The numerator is FP (false discovery rate); precision has TP on top."),
            mistake(Fraction(tp + tn, total), "accuracy-not-precision", "それは正解率です。", "That is accuracy."),
        ]
    elif metric == "recall":
        out = [
            mistake(precision, "precision-recall-swapped", "それは適合率 TP/(TP + FP) です。再現率は「本当に陽性のもの」が分母: TP/(TP + FN)。",
                    "That is precision TP/(TP + FP); recall divides by the actual positives: TP/(TP + FN)."),
            mistake(Fraction(tn, tn + fp), "specificity-not-recall", "それは特異度 (陰性側の再現率) TN/(TN + FP) です。",
                    "That is specificity TN/(TN + FP), the recall of the negative class."),
            mistake(Fraction(fn, tp + fn), "miss-rate", "分子が FN になっています (見逃し率)。再現率 = 1 − 見逃し率。",
                    "The numerator is FN (the miss rate); recall = 1 − miss rate."),
            mistake(Fraction(tp + tn, total), "accuracy-not-recall", "それは正解率です。", "That is accuracy."),
        ]
    elif metric == "specificity":
        out = [
            mistake(ratio(tn, tn + fn), "fp-fn-swapped", "FP と FN を取り違えています。特異度は実際に陰性のもの (TN + FP) が分母です。",
                    "You swapped FP and FN; specificity divides by the actual negatives (TN + FP)."),
            mistake(recall, "sensitivity-not-specificity", "それは感度 (再現率) です。特異度は陰性側: TN/(TN + FP)。",
                    "That is sensitivity (recall); specificity is about the negatives: TN/(TN + FP)."),
            mistake(Fraction(fp, tn + fp), "false-positive-rate", "それは偽陽性率 FPR = FP/(TN + FP) です。特異度 = 1 − FPR。",
                    "That is the false-positive rate FP/(TN + FP); specificity = 1 − FPR."),
        ]
    elif metric == "f1":
        out = [
            mistake((precision + recall) / 2, "f1-arithmetic-mean", "適合率と再現率の算術平均ではなく調和平均 2PR/(P + R) です。",
                    "F1 is the harmonic mean 2PR/(P + R), not the arithmetic mean."),
            mistake(precision * recall / (precision + recall), "f1-forgot-two", "調和平均の係数 2 を忘れています: F1 = 2PR/(P + R)。",
                    "You forgot the factor 2: F1 = 2PR/(P + R)."),
            mistake(Fraction(tp + tn, total), "accuracy-not-f1", "それは正解率です。F1 は TN を使いません。", "That is accuracy; F1 does not use TN."),
            mistake(precision * recall, "f1-product", "P と R を掛けただけです。F1 = 2PR/(P + R)。", "You only multiplied P and R; F1 = 2PR/(P + R)."),
        ]
    return keep(out)


def _confusion_prompt(p: dict[str, Any]) -> Bilingual:
    tp, fp, fn, tn = p["tp"], p["fp"], p["fn"], p["tn"]
    name_ja, name_en = METRIC_NAMES[p["metric"]]
    if p["layout"] == "matrix":
        ja_data = ("| | 予測: 陽性 | 予測: 陰性 |\n|---|---|---|\n"
                   f"| 実際: 陽性 | {tp} | {fn} |\n| 実際: 陰性 | {fp} | {tn} |")
        en_data = ("| | predicted positive | predicted negative |\n|---|---|---|\n"
                   f"| actual positive | {tp} | {fn} |\n| actual negative | {fp} | {tn} |")
        return Bilingual(f"2値分類器の混同行列は次のとおり。{name_ja} を求めよ。\n\n{ja_data}",
                         f"A binary classifier has the confusion matrix below. Find its {name_en}.\n\n{en_data}")
    return Bilingual(
        f"2値分類器をテストした。実際に陽性の {tp + fn} 件のうち {tp} 件を陽性と予測し、実際に陰性の {fp + tn} 件のうち {fp} 件を"
        f"誤って陽性と予測した。{name_ja} を求めよ。",
        f"A binary classifier is tested. Of the {tp + fn} actual positives it predicts {tp} as positive; of the {fp + tn} "
        f"actual negatives it wrongly predicts {fp} as positive. Find its {name_en}.")


CONFUSION_METRICS = GeneratorSpec(
    name="confusion_metrics",
    value_range=(0, 1),
    title=Bilingual("混同行列からの評価指標", "Metrics from a confusion matrix"),
    syllabus=("T10", "E2-1-12"),
    defaults={"tp": [2, 12], "fp": [1, 6], "fn": [1, 6], "tn": [2, 12], "unit": {"one_of": [1, 5, 10]},
              "metric": {"one_of": ["accuracy", "precision", "recall", "specificity", "f1"]},
              "layout": {"one_of": ["matrix", "counts"]}},
    draw=_draw_confusion,
    solve=_solve_confusion,
    prompt=_confusion_prompt,
    mistakes=confusion_mistakes,
    answer=lambda p, s: s.answer[p["metric"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- macro_micro_average

CLASSES = ("A", "B", "C")


def _draw_macro(d: Draw) -> dict[str, Any]:
    k = len(CLASSES)
    matrix = [[d.int("diagonal") if i == j else d.int("off_diagonal") for j in range(k)] for i in range(k)]
    return {"matrix": matrix, "metric": str(d.pick("metric")), "average": str(d.pick("average"))}


def _solve_macro(p: dict[str, Any]) -> Solution:
    from solvers.metrics import confusion_metrics

    return confusion_metrics(p["matrix"], class_names=list(CLASSES))


def _per_class(matrix: list[list[int]]) -> list[tuple[Fraction, Fraction, Fraction, int]]:
    """(precision, recall, F1, support) per class straight from rows (actual) and columns (predicted)."""
    k = len(matrix)
    out = []
    for i in range(k):
        column, row = sum(matrix[r][i] for r in range(k)), sum(matrix[i])
        p, r = Fraction(matrix[i][i], column), Fraction(matrix[i][i], row)
        out.append((p, r, 2 * p * r / (p + r), row))
    return out


def macro_micro_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Wrong averages: the other kind of average, support weighting, F1 of the averaged P and R, transposed matrix."""
    matrix, metric, average = p["matrix"], p["metric"], p["average"]
    k = len(matrix)
    index = {"precision": 0, "recall": 1, "f1": 2}[metric]
    rows = _per_class(matrix)
    total = sum(map(sum, matrix))
    diagonal = sum(matrix[i][i] for i in range(k))
    macro = sum((r[index] for r in rows), Fraction(0)) / k
    micro = Fraction(diagonal, total)
    weighted = sum((r[index] * r[3] for r in rows), Fraction(0)) / total
    out: list[Mistake] = []
    one_class = mistake(rows[0][index], "one-class-only", "クラス A の値だけを答えています。全クラスについて平均をとります。",
                        "That is class A's value alone; average over all the classes.")
    if average == "macro":
        out.append(mistake(micro, "micro-not-macro", "それはマイクロ平均 (全クラスの TP などを合計してから計算; 単一ラベルでは正解率と同じ) です。"
                           "マクロ平均はクラスごとの値の単純平均です。",
                           "That is the micro average (pool TP, FP, FN first; equal to accuracy for single-label data). "
                           "The macro average is the plain mean of the per-class values."))
        if metric == "f1":
            mp = sum((r[0] for r in rows), Fraction(0)) / k
            mr = sum((r[1] for r in rows), Fraction(0)) / k
            out.append(mistake(2 * mp * mr / (mp + mr), "f1-of-averages", "マクロ平均の P と R から F1 を作っています。マクロ F1 はクラスごとの F1 の平均です。",
                               "You took the F1 of the macro P and macro R; macro F1 averages the per-class F1 scores."))
        else:
            other = sum((r[1 - index] for r in rows), Fraction(0)) / k
            out.append(mistake(other, "rows-columns-swapped", "行 (実際) と列 (予測) を取り違えて、適合率と再現率が入れ替わっています。",
                               "You read rows (actual) as columns (predicted), which swaps precision and recall."))
        out.append(mistake(weighted, "weighted-by-support", "クラスのデータ数で重みづけています (weighted 平均)。マクロ平均はどのクラスも同じ重みです。",
                           "You weighted by class size (the 'weighted' average); the macro average gives every class the same weight."))
        out.append(one_class)
    else:
        out.append(mistake(macro, "macro-not-micro", "それはマクロ平均 (クラスごとの値の単純平均) です。マイクロ平均は TP・FP・FN を合計してから計算します。",
                           "That is the macro average (mean of per-class values); the micro average pools TP, FP and FN first."))
        out.append(mistake(weighted, "weighted-by-support", "クラスのデータ数で重みづけた平均 (weighted 平均) です。マイクロ平均とは別物です。",
                           "That is the support-weighted average, which is not the micro average."))
        fp_total = total - diagonal
        out.append(mistake(Fraction(diagonal, diagonal + 2 * fp_total), "counted-errors-twice",
                           "誤分類1件は FP にも FN にもなりますが、分母は ΣTP + ΣFP (適合率) か ΣTP + ΣFN (再現率) で、両方は足しません。",
                           "Each error is one FP and one FN, but the denominator is ΣTP + ΣFP (or ΣTP + ΣFN), not both."))
        out.append(one_class)
    return out


def _macro_prompt(p: dict[str, Any]) -> Bilingual:
    m = p["matrix"]
    header_ja = "| 実際 \\ 予測 | " + " | ".join(CLASSES) + " |\n|---|---|---|---|\n"
    header_en = "| actual \\ predicted | " + " | ".join(CLASSES) + " |\n|---|---|---|---|\n"
    body = "\n".join(f"| {c} | " + " | ".join(str(v) for v in row) + " |" for c, row in zip(CLASSES, m, strict=True))
    avg_ja = {"macro": "マクロ平均", "micro": "マイクロ平均"}[p["average"]]
    avg_en = {"macro": "macro-averaged", "micro": "micro-averaged"}[p["average"]]
    name_ja, name_en = METRIC_NAMES[p["metric"]]
    return Bilingual(f"3クラス分類器の混同行列 (行 = 実際のクラス, 列 = 予測したクラス) は次のとおり。{avg_ja}の{name_ja}を求めよ。\n\n"
                     + header_ja + body,
                     f"A 3-class classifier has the confusion matrix below (rows = actual class, columns = predicted class). "
                     f"Find the {avg_en} {name_en}.\n\n" + header_en + body)


MACRO_MICRO_AVERAGE = GeneratorSpec(
    name="macro_micro_average",
    value_range=(0, 1),
    title=Bilingual("マクロ平均とマイクロ平均", "Macro and micro averages"),
    syllabus=("E2-1-12", "T10"),
    defaults={"diagonal": [4, 12], "off_diagonal": [0, 4], "metric": {"one_of": ["precision", "recall", "f1"]},
              "average": {"one_of": ["macro", "macro", "micro"]}},
    draw=_draw_macro,
    solve=_solve_macro,
    prompt=_macro_prompt,
    mistakes=macro_micro_mistakes,
    answer=lambda p, s: s.answer[p["average"]][p["metric"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- iou_boxes


def _draw_iou(d: Draw) -> dict[str, Any]:
    fmt_name = str(d.pick("box_format"))
    boxes = []
    for _ in range(2):
        x, y, w, h = d.int("origin"), d.int("origin"), d.int("side"), d.int("side")
        if fmt_name == "center" and (w % 2 or h % 2):
            raise Redraw("centre format: keep even sides so the corners are whole numbers")
        boxes.append((x, y, x + w, y + h))
    (a1, b1, a2, b2), (c1, d1, c2, d2) = boxes
    overlap = max(0, min(a2, c2) - max(a1, c1)) * max(0, min(b2, d2) - max(b1, d1))
    if overlap == 0 or boxes[0] == boxes[1]:
        raise Redraw("want partly overlapping boxes")
    if fmt_name == "center":
        shown = [[(x1 + x2) // 2, (y1 + y2) // 2, x2 - x1, y2 - y1] for x1, y1, x2, y2 in boxes]
    else:
        shown = [list(b) for b in boxes]
    return {"box_a": shown[0], "box_b": shown[1], "box_format": fmt_name}


def _solve_iou(p: dict[str, Any]) -> Solution:
    from solvers.metrics import iou

    return iou(p["box_a"], p["box_b"], p["box_format"])


def _corners_of(box: list[int], box_format: str) -> tuple[Fraction, ...]:
    if box_format == "center":
        cx, cy, w, h = (Fraction(v) for v in box)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    return tuple(Fraction(v) for v in box)


def _iou_direct(a: tuple[Fraction, ...], b: tuple[Fraction, ...], plus_one: int = 0, subtract: bool = True) -> Fraction | None:
    """IoU by hand; ``plus_one`` = 1 counts pixels inclusively (old PASCAL code), ``subtract`` = False forgets −I."""
    iw = min(a[2], b[2]) - max(a[0], b[0]) + plus_one
    ih = min(a[3], b[3]) - max(a[1], b[1]) + plus_one
    inter = max(Fraction(0), iw) * max(Fraction(0), ih)
    area_a = (a[2] - a[0] + plus_one) * (a[3] - a[1] + plus_one)
    area_b = (b[2] - b[0] + plus_one) * (b[3] - b[1] + plus_one)
    union = area_a + area_b - (inter if subtract else 0)
    return inter / union if union > 0 and inter > 0 else None


def iou_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Wrong IoUs: union without −I, the other box format, inclusive "+1" pixel counting, I over one box."""
    fmt_name = p["box_format"]
    a, b = _corners_of(p["box_a"], fmt_name), _corners_of(p["box_b"], fmt_name)
    other = "corner" if fmt_name == "center" else "center"
    a2, b2 = _corners_of(p["box_a"], other), _corners_of(p["box_b"], other)
    swapped = _iou_direct(a2, b2) if a2[2] > a2[0] and a2[3] > a2[1] and b2[2] > b2[0] and b2[3] > b2[1] else None
    inter = (min(a[2], b[2]) - max(a[0], b[0])) * (min(a[3], b[3]) - max(a[1], b[1]))
    out: list[Mistake | None] = [
        mistake(_iou_direct(a, b, subtract=False), "union-not-subtracting-intersection",
                "和集合の面積から共通部分を引き忘れています (重なりを2回数えている): U = A + B − I。",
                "You did not subtract the intersection from the union (the overlap counted twice): U = A + B − I."),
        mistake(swapped, "corner-centre-confused",
                "座標の形式を取り違えています。"
                + ("(cx, cy, w, h) は中心と幅・高さです。" if fmt_name == "center" else "(x1, y1, x2, y2) は左上と右下の角です。"),
                "You mixed up the box format: "
                + ("(cx, cy, w, h) is the centre with width and height." if fmt_name == "center"
                   else "(x1, y1, x2, y2) are the top-left and bottom-right corners.")),
        mistake(_iou_direct(a, b, plus_one=1), "plus-one-pixel",
                "幅を x2 − x1 + 1 と数えています (古い PASCAL VOC の画素の数え方)。連続座標では +1 しません。",
                "You counted widths as x2 − x1 + 1 (old PASCAL VOC pixel counting); continuous coordinates take no +1."),
        mistake(inter / ((a[2] - a[0]) * (a[3] - a[1])), "over-one-box", "共通部分をボックス A の面積だけで割っています。分母は和集合です。",
                "You divided the intersection by box A's area alone; the denominator is the union."),
    ]
    return keep(out)


def _iou_prompt(p: dict[str, Any]) -> Bilingual:
    a, b = tuple(p["box_a"]), tuple(p["box_b"])
    if p["box_format"] == "center":
        form_ja, form_en = "(中心 x, 中心 y, 幅, 高さ)", "(centre x, centre y, width, height)"
    else:
        form_ja, form_en = "(左上 x, 左上 y, 右下 x, 右下 y)", "(top-left x, top-left y, bottom-right x, bottom-right y)"
    return Bilingual(f"物体検出で、予測ボックス A = {a} と正解ボックス B = {b} が {form_ja} の形式で与えられている。"
                     "IoU (Intersection over Union) を求めよ。座標は連続値とする。",
                     f"In object detection, a predicted box A = {a} and a ground-truth box B = {b} are given as {form_en}. "
                     "Find their IoU (intersection over union), treating coordinates as continuous.")


IOU_BOXES = GeneratorSpec(
    name="iou_boxes",
    value_range=(0, 1),
    title=Bilingual("バウンディングボックスの IoU", "IoU of two bounding boxes"),
    syllabus=("E2-1-12", "T26"),
    defaults={"origin": [0, 6], "side": [2, 8], "box_format": {"one_of": ["corner", "corner", "center"]}},
    draw=_draw_iou,
    solve=_solve_iou,
    prompt=_iou_prompt,
    mistakes=iou_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- roc_auc_small


def _draw_roc(d: Draw) -> dict[str, Any]:
    n, positives = d.int("samples"), d.int("positives")
    if not 1 <= positives < n:
        raise Redraw("need positives and negatives")
    grid = [Fraction(i, 10) for i in range(1, 10)]
    ties = bool(d.pick("ties"))
    picks = [grid[int(i)] for i in d.rng.choice(9, size=n, replace=ties)]
    labels = [1] * positives + [0] * (n - positives)
    labels = d.shuffle(labels)
    order = sorted(range(n), key=lambda i: -picks[i])
    scores, labels = [picks[i] for i in order], [labels[i] for i in order]
    tied_pairs = sum(1 for i, j in itertools.combinations(range(n), 2) if scores[i] == scores[j] and labels[i] != labels[j])
    if ties and tied_pairs == 0:
        raise Redraw("asked for a positive–negative tie")
    wins = sum(1 for i in range(n) for j in range(n) if labels[i] == 1 and labels[j] == 0 and scores[i] > scores[j])
    pairs = positives * (n - positives)
    if wins in (0, pairs) or 2 * wins + tied_pairs == pairs:
        raise Redraw("AUC of 0, 1 or exactly 0.5 is too easy")
    return {"scores": [float(s) for s in scores], "labels": labels}


def _solve_roc(p: dict[str, Any]) -> Solution:
    from solvers.metrics import roc_curve

    return roc_curve([str(s) for s in p["scores"]], p["labels"])


def roc_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Wrong AUCs by counting positive–negative pairs by hand (Mann–Whitney) with one slip each."""
    scores = [Fraction(str(s)) for s in p["scores"]]
    labels = p["labels"]
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    wins = sum(1 for a in pos for b in neg if a > b)
    ties = sum(1 for a in pos for b in neg if a == b)
    pairs = len(pos) * len(neg)
    n = len(scores)
    tpr_at_half = Fraction(sum(1 for a in pos if a >= Fraction(1, 2)), len(pos))
    correct_at_half = sum(1 for s, y in zip(scores, labels, strict=True) if (s >= Fraction(1, 2)) == (y == 1))
    out: list[Mistake] = [
        mistake(Fraction(pairs - wins - ties, pairs) + Fraction(ties, 2 * pairs), "labels-swapped",
                "陽性と陰性を逆にしています (1 − AUC)。ROC の縦軸は陽性の TPR、横軸は陰性の FPR です。",
                "You swapped positives and negatives (1 − AUC); the ROC's y-axis is the TPR of positives, x-axis the FPR of negatives."),
        mistake(Fraction(2 * wins + ties, n * (n - 1)), "all-pairs-denominator",
                "同じラベル同士の組まで分母に入れています。AUC の分母は (陽性の数) × (陰性の数) です。",
                "You divided by all pairs of samples; AUC divides by (#positives) × (#negatives) only."),
        mistake(Fraction(correct_at_half, n), "accuracy-not-auc", "しきい値 0.5 での正解率を答えています。AUC はすべてのしきい値にわたる面積です。",
                "That is the accuracy at threshold 0.5; AUC is the area over every threshold."),
        mistake(tpr_at_half, "tpr-not-auc", "しきい値 0.5 での TPR (再現率) は ROC 曲線上の1点にすぎません。AUC は曲線の下の面積です。",
                "The TPR (recall) at threshold 0.5 is one point of the ROC curve; AUC is the area under the whole curve."),
    ]
    if ties:
        out.insert(1, mistake(Fraction(wins, pairs), "ties-as-zero", "同点のスコアの組を 0 と数えています。同点は 1/2 (ROC 上では斜めの線分) です。",
                              "You counted tied pairs as 0; a tie counts as 1/2 (a diagonal segment of the ROC curve)."))
        out.insert(2, mistake(Fraction(wins + ties, pairs), "ties-as-one", "同点のスコアの組を 1 と数えています。同点は 1/2 です。",
                              "You counted tied pairs as 1; a tie counts as 1/2."))
    return out


def _roc_prompt(p: dict[str, Any]) -> Bilingual:
    rows = "\n".join(f"| {i + 1} | {s:g} | {y} |" for i, (s, y) in enumerate(zip(p["scores"], p["labels"], strict=True)))
    return Bilingual("次の各サンプルについて、分類器が出した陽性のスコアと正解ラベル (1 = 陽性, 0 = 陰性) が与えられている。"
                     "ROC 曲線の下の面積 AUC を求めよ。\n\n| サンプル | スコア | ラベル |\n|---|---|---|\n" + rows,
                     "A classifier gives each sample below a positive score; the true label is 1 (positive) or 0 (negative). "
                     "Find the area under the ROC curve (AUC).\n\n| sample | score | label |\n|---|---|---|\n" + rows)


ROC_AUC_SMALL = GeneratorSpec(
    name="roc_auc_small",
    value_range=(0, 1),
    title=Bilingual("小さなデータの ROC AUC", "ROC AUC of a small data set"),
    syllabus=("T10", "E2-1-12"),
    defaults={"samples": [4, 6], "positives": [2, 3], "ties": {"one_of": [False, False, True]}},
    draw=_draw_roc,
    solve=_solve_roc,
    prompt=_roc_prompt,
    mistakes=roc_mistakes,
    answer=lambda p, s: s.answer["auc"],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)

SPECS = (CONFUSION_METRICS, MACRO_MICRO_AVERAGE, IOU_BOXES, ROC_AUC_SMALL)
