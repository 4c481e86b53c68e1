"""Evaluation metrics with exact fractions: confusion-matrix scores, ROC/AUC, IoU of boxes and detection average precision.

Conventions, stated once here and again in the steps: a K×K confusion matrix has rows = actual
class and columns = predicted class (scikit-learn's layout); a score counts as positive when
score ≥ threshold; boxes use continuous coordinates (no "+1 pixel" as in old PASCAL code).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.numbers import fmt
from solvers.statistics import exact_number, exact_numbers, par
from solvers.steps import Bilingual, Solution, Step

BOX_FORMATS = ("corner", "center")
DEFAULT_IOU_THRESHOLD = sp.Rational(1, 2)  # PASCAL VOC


def _count(value: Any, name: str, name_ja: str | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SolverError(f"{name} must be a whole number ≥ 0 (a count), got {value}",
                          f"{name_ja or name} は 0 以上の整数 (個数) で指定してください ({value})")
    return value


def _beta(beta: Any) -> sp.Rational:
    value = exact_number(beta, "beta")
    if value <= 0:
        raise SolverError(f"beta must be positive, got {fmt(value)}", f"beta は正の数で指定してください ({fmt(value)})")
    return value


def _zero_division(value: Any) -> sp.Rational | None:
    if value is None:
        return None
    z = exact_number(value, "zero_division")
    if z not in (0, 1):
        raise SolverError("zero_division must be 0 or 1", "zero_division は 0 か 1 で指定してください")
    return z


def _ratio(num: int, den: int, name: str, formula: str, substituted: str, text: Bilingual,
           zero_division: sp.Rational | None) -> tuple[sp.Rational, Step]:
    """num/den as a step; 0/0 is undefined and is refused unless a substitute is chosen, as scikit-learn allows."""
    if den == 0:
        if zero_division is None:
            raise SolverError(
                f"{name} = {formula} is undefined here: the denominator is 0 ({substituted}). scikit-learn reports 0"
                " with an UndefinedMetricWarning (zero_division='warn'); choose zero_division 0 or 1 (--zero-division) to do the same",
                f"{name} = {formula} は分母が 0 ({substituted}) なので定義されません。scikit-learn は警告"
                " (UndefinedMetricWarning) を出して 0 を返します。同じ扱いにするには zero_division (--zero-division) に 0 か 1 を指定してください",
            )
        return zero_division, Step(Bilingual(f"{text.ja}: 分母が 0 で定義されないため zero_division = {zero_division} とする",
                                             f"{text.en}: the denominator is 0, so it is undefined; using zero_division = {zero_division}"),
                                   formula=formula, substituted=substituted, result=zero_division, kind="note")
    value = sp.Rational(num, den)
    return value, Step(text, formula=formula, substituted=substituted, result=value)


def _rates(tp: int, fp: int, fn: int, tn: int, beta: sp.Rational, zero_division: sp.Rational | None,
           label: str = "") -> tuple[dict[str, sp.Rational], list[Step]]:
    """Precision, recall, specificity, F1 (and Fβ) of one positive class."""
    tag = f" [{label}]" if label else ""
    out: dict[str, sp.Rational] = {}
    steps: list[Step] = []
    out["precision"], step = _ratio(tp, tp + fp, "precision", "TP / (TP + FP)", f"{tp} / ({tp} + {fp})",
                                    Bilingual(f"適合率{tag}: 陽性と予測したうち本当に陽性の割合", f"Precision{tag}: the share of predicted positives that are positive"),
                                    zero_division)
    steps.append(step)
    out["recall"], step = _ratio(tp, tp + fn, "recall", "TP / (TP + FN)", f"{tp} / ({tp} + {fn})",
                                 Bilingual(f"再現率{tag} (感度・TPR): 本当の陽性のうち陽性と予測できた割合", f"Recall{tag} (sensitivity, TPR): the share of actual positives found"),
                                 zero_division)
    steps.append(step)
    out["specificity"], step = _ratio(tn, tn + fp, "specificity", "TN / (TN + FP)", f"{tn} / ({tn} + {fp})",
                                      Bilingual(f"特異度{tag} (TNR): 本当の陰性のうち陰性と予測できた割合", f"Specificity{tag} (TNR): the share of actual negatives predicted negative"),
                                      zero_division)
    steps.append(step)
    for key, b in [("f1", sp.Integer(1))] + ([("f_beta", beta)] if beta != 1 else []):
        b2 = b**2
        name = "F1" if key == "f1" else f"F{fmt(b)}"
        den = (1 + b2) * tp + b2 * fn + fp
        p, r = out["precision"], out["recall"]
        text = Bilingual(f"{name}{tag}: 適合率と再現率の (重みつき) 調和平均", f"{name}{tag}: the (weighted) harmonic mean of precision and recall")
        if den == 0:
            out[key], step = _ratio(0, 0, name, "(1+β²)TP / ((1+β²)TP + β²FN + FP)", "TP = FP = FN = 0", text, zero_division)
        elif p + r != 0 and tp + fp and tp + fn:
            value = (1 + b2) * p * r / (b2 * p + r)
            formula = "F1 = 2PR / (P + R)" if b == 1 else "Fβ = (1 + β²)PR / (β²P + R)"
            substituted = (f"2·{par(p)}·{par(r)} / ({par(p)} + {par(r)})" if b == 1 else  # the form the formula states
                           f"(1 + {fmt(b2)})·{par(p)}·{par(r)} / ({fmt(b2)}·{par(p)} + {par(r)})")
            step = Step(text, formula=formula, substituted=substituted, result=value)
            out[key] = value
        else:  # P + R = 0 or one of them undefined: the count form still works (scikit-learn ≥ 1.3 does the same)
            out[key] = (1 + b2) * tp / den
            if b == 1:
                step = Step(text, formula="F1 = 2TP / (2TP + FN + FP)", substituted=f"2·{tp} / (2·{tp} + {fn} + {fp})",
                            result=out[key])
            else:
                step = Step(text, formula="Fβ = (1+β²)TP / ((1+β²)TP + β²FN + FP)",
                            substituted=f"(1 + {fmt(b2)})·{tp} / ((1 + {fmt(b2)})·{tp} + {fmt(b2)}·{fn} + {fp})",
                            result=out[key])
        steps.append(step)
    return out, steps


def binary_metrics(tp: int, fp: int, fn: int, tn: int, beta: Any = 1, zero_division: Any = None) -> Solution:
    """Accuracy, precision, recall, specificity, F1 (and Fβ) from the four counts of a binary confusion matrix."""
    answer, steps = _binary(_count(tp, "TP"), _count(fp, "FP"), _count(fn, "FN"), _count(tn, "TN"),
                            _beta(beta), _zero_division(zero_division))
    inputs = {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "beta": _beta(beta)}
    return Solution("metrics", inputs, answer, steps)


def _binary(tp: int, fp: int, fn: int, tn: int, beta: sp.Rational, zero_division: sp.Rational | None,
            ) -> tuple[dict[str, sp.Rational], list[Step]]:
    total = tp + fp + fn + tn
    if total == 0:
        raise SolverError("all counts are 0: there is nothing to evaluate", "すべての個数が 0 です: 評価するデータがありません")
    steps = [Step(Bilingual("混同行列 (行 = 実際, 列 = 予測; 陽性を先に書く)", "Confusion matrix (rows = actual, columns = predicted; positive first)"),
                  formula="[[TP, FN], [FP, TN]]", result=[[tp, fn], [fp, tn]])]
    accuracy = sp.Rational(tp + tn, total)
    steps.append(Step(Bilingual("正解率: 全体のうち正しく予測した割合", "Accuracy: the share of all predictions that are correct"),
                      formula="(TP + TN) / (TP + FP + FN + TN)", substituted=f"({tp} + {tn}) / {total}", result=accuracy))
    rates, rate_steps = _rates(tp, fp, fn, tn, beta, zero_division)
    return {"accuracy": accuracy, **rates}, steps + rate_steps


def confusion_metrics(matrix: Sequence[Sequence[int]], beta: Any = 1, zero_division: Any = None,
                      class_names: Sequence[str] | None = None) -> Solution:
    """Per-class, macro- and micro-averaged metrics of a K×K confusion matrix (rows = actual, columns = predicted)."""
    k = len(matrix)
    if k < 2 or any(len(row) != k for row in matrix):
        raise SolverError("the confusion matrix must be square, K×K with K ≥ 2 (rows = actual, columns = predicted)",
                          "混同行列は K×K (K ≥ 2) の正方行列で指定してください (行 = 実際, 列 = 予測)")
    cm = [[_count(v, "confusion matrix entry", "混同行列の要素") for v in row] for row in matrix]
    names = [str(n) for n in class_names] if class_names else [str(i) for i in range(k)]
    if len(names) != k:
        raise SolverError(f"{len(names)} class names for {k} classes", f"クラス名が {len(names)} 個ありますがクラスは {k} 個です")
    b, zero = _beta(beta), _zero_division(zero_division)
    total = sum(map(sum, cm))
    if total == 0:
        raise SolverError("all counts are 0: there is nothing to evaluate", "すべての個数が 0 です: 評価するデータがありません")
    correct = sum(cm[i][i] for i in range(k))
    steps = [
        Step(Bilingual("混同行列: 行 = 実際のクラス, 列 = 予測したクラス (scikit-learn と同じ向き)",
                       "Confusion matrix: rows = actual class, columns = predicted class (scikit-learn's layout)"),
             formula="C[i][j] = #(actual i, predicted j)", result=cm, data={"classes": names}),
        Step(Bilingual("正解率: 対角成分の和 / 総数", "Accuracy: the diagonal sum over the total"), formula="Σ C[i][i] / Σ C",
             substituted=f"({' + '.join(str(cm[i][i]) for i in range(k))}) / {total}", result=sp.Rational(correct, total)),
    ]
    per_class: dict[str, Any] = {}
    sums = {"tp": 0, "fp": 0, "fn": 0}
    for i, name in enumerate(names):
        tp = cm[i][i]
        fp = sum(cm[r][i] for r in range(k)) - tp
        fn = sum(cm[i]) - tp
        tn = total - tp - fp - fn
        sums["tp"] += tp
        sums["fp"] += fp
        sums["fn"] += fn
        steps.append(Step(Bilingual(f"クラス {name} を陽性とみなす: TP = 対角, FP = 列の残り, FN = 行の残り, TN = それ以外",
                                    f"Class {name} as the positive class: TP = diagonal, FP = rest of its column, FN = rest of its row, TN = everything else"),
                          formula="TP, FP, FN, TN", substituted=f"{tp}, {fp}, {fn}, {tn}", result=[tp, fp, fn, tn],
                          data={"class": name}))
        rates, rate_steps = _rates(tp, fp, fn, tn, b, zero, name)
        steps += rate_steps
        per_class[name] = {**rates, "support": tp + fn}
    keys = [key for key in per_class[names[0]] if key != "support"]
    macro = {key: sum((per_class[n][key] for n in names), sp.Integer(0)) / k for key in keys}
    for key in keys:
        steps.append(Step(Bilingual(f"マクロ平均 {key}: クラスごとの値の単純平均 (クラスの大きさを無視)",
                                    f"Macro-averaged {key}: the plain mean over classes (ignores class sizes)"),
                          formula=f"(1/K) Σ {key}_k", substituted=f"({' + '.join(fmt(per_class[n][key]) for n in names)}) / {k}",
                          result=macro[key]))
    micro_p = sp.Rational(sums["tp"], sums["tp"] + sums["fp"])
    micro_r = sp.Rational(sums["tp"], sums["tp"] + sums["fn"])
    micro = {"precision": micro_p, "recall": micro_r, "f1": micro_p, **({"f_beta": micro_p} if b != 1 else {})}
    steps.append(Step(Bilingual("マイクロ平均: 全クラスの TP, FP, FN を合計してから計算。誤分類1件は必ず FP 1件かつ FN 1件なので、"
                                "単一ラベル分類では適合率 = 再現率 = F1 = 正解率",
                                "Micro average: add up TP, FP, FN over the classes first. Each mistake is one FP and one FN,"
                                " so for single-label classification micro precision = recall = F1 = accuracy"),
                      formula="ΣTP / (ΣTP + ΣFP)", substituted=f"{sums['tp']} / ({sums['tp']} + {sums['fp']})", result=micro_p))
    answer = {"accuracy": sp.Rational(correct, total), "per_class": per_class, "macro": macro, "micro": micro}
    return Solution("metrics", {"confusion": cm, "classes": names, "beta": b}, answer, steps)


def _binary_labels(labels: Sequence[Any], n: int) -> list[int]:
    out = []
    for v in labels:
        if isinstance(v, bool) or v not in (0, 1):
            raise SolverError(f"labels must be 0 or 1, got {v}", f"ラベルは 0 か 1 で指定してください ({v})")
        out.append(int(v))
    if len(out) != n:
        raise SolverError(f"{n} scores but {len(out)} labels", f"スコアが {n} 個なのにラベルが {len(out)} 個です")
    return out


def metrics_from_scores(scores: Sequence[Any], labels: Sequence[Any], threshold: Any, beta: Any = 1,
                        zero_division: Any = None) -> Solution:
    """Threshold the scores (score ≥ threshold → positive), count the confusion matrix, then score it."""
    xs = exact_numbers(scores, "scores")
    ys = _binary_labels(labels, len(xs))
    t = exact_number(threshold, "threshold")
    steps = []
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for i, (s, y) in enumerate(zip(xs, ys, strict=True)):
        pred = 1 if s >= t else 0
        key = ("tp" if y else "fp") if pred else ("fn" if y else "tn")
        counts[key] += 1
        steps.append(Step(Bilingual(f"サンプル {i + 1}: スコア ≥ しきい値 なら陽性 (1) と予測", f"Sample {i + 1}: predict positive (1) when score ≥ threshold"),
                          formula="ŷ = [s ≥ t]", substituted=f"{fmt(s)} {'≥' if pred else '<'} {fmt(t)} → ŷ = {pred}, y = {y}: {key.upper()}",
                          result=pred, kind="window"))
    answer, more = _binary(counts["tp"], counts["fp"], counts["fn"], counts["tn"], _beta(beta), _zero_division(zero_division))
    inputs = {"scores": xs, "labels": ys, "threshold": t, "beta": _beta(beta)}
    return Solution("metrics", inputs, {**answer, "confusion": counts}, steps + more)


def roc_curve(scores: Sequence[Any], labels: Sequence[Any]) -> Solution:
    """ROC points at every distinct threshold (descending) and the AUC by the trapezoidal rule.

    Equal scores share one threshold, so the curve moves diagonally across them; the trapezoid
    then gives each tied positive–negative pair half credit, exactly as the Mann–Whitney U does.
    """
    xs = exact_numbers(scores, "scores")
    ys = _binary_labels(labels, len(xs))
    pos, neg = sum(ys), len(ys) - sum(ys)
    if pos == 0 or neg == 0:
        raise SolverError("ROC needs at least one positive and one negative label (TPR or FPR would divide by 0)",
                          "ROC には陽性と陰性のラベルが少なくとも1つずつ必要です (TPR か FPR が 0 で割ることになります)")
    thresholds: list[Any] = [sp.oo, *sorted(set(xs), reverse=True)]
    fpr: list[sp.Rational] = []
    tpr: list[sp.Rational] = []
    steps = [Step(Bilingual(f"陽性 P = {pos} 件, 陰性 N = {neg} 件。しきい値を +∞ から各スコアへ下げ、スコア ≥ t を陽性とする",
                            f"P = {pos} positives, N = {neg} negatives. Lower the threshold from +∞ through each distinct score; score ≥ t is positive"),
                  formula="TPR = TP/P, FPR = FP/N", result=[pos, neg])]
    for t in thresholds:
        tp = sum(1 for s, y in zip(xs, ys, strict=True) if y == 1 and s >= t)
        fp = sum(1 for s, y in zip(xs, ys, strict=True) if y == 0 and s >= t)
        fpr.append(sp.Rational(fp, neg))
        tpr.append(sp.Rational(tp, pos))
        steps.append(Step(Bilingual(f"しきい値 t = {'∞' if t == sp.oo else fmt(t)}", f"Threshold t = {'∞' if t == sp.oo else fmt(t)}"),
                          formula="(FPR, TPR) = (FP/N, TP/P)", substituted=f"({fp}/{neg}, {tp}/{pos})",
                          result=[fpr[-1], tpr[-1]], kind="window", data={"threshold": t, "tp": tp, "fp": fp}))
    pieces = [(fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2 for i in range(1, len(fpr))]
    auc = sum(pieces, sp.Integer(0))
    shown = [f"({fmt(fpr[i])} − {fmt(fpr[i - 1])})·({fmt(tpr[i])} + {fmt(tpr[i - 1])})/2"
             for i in range(1, len(fpr)) if fpr[i] != fpr[i - 1]]
    steps.append(Step(Bilingual("AUC: 台形則で ROC 曲線の下の面積を足す (同点のスコアは斜めに進み、半分として数えられる)",
                                "AUC: add the trapezoids under the ROC curve (tied scores move diagonally and count as half)"),
                      formula="AUC = Σ (FPR_i − FPR_{i−1})·(TPR_i + TPR_{i−1})/2", substituted=" + ".join(shown) or "0", result=auc))
    answer = {"auc": auc, "fpr": fpr, "tpr": tpr, "thresholds": thresholds}
    return Solution("roc", {"scores": xs, "labels": ys}, answer, steps)


def _corners(box: Sequence[Any], box_format: str, name: str) -> tuple[list[sp.Rational], list[Step]]:
    values = exact_numbers(box, name)
    if len(values) != 4:
        raise SolverError(f"{name} needs 4 numbers, got {len(values)}", f"{name} には4つの数値が必要です ({len(values)} 個)")
    steps = []
    if box_format == "center":
        cx, cy, w, h = values
        if w <= 0 or h <= 0:
            raise SolverError(f"{name}: width and height must be positive", f"{name}: 幅と高さは正の数が必要です")
        values = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]
        steps.append(Step(Bilingual(f"{name}: 中心形式 (cx, cy, w, h) を角の座標 (x1, y1, x2, y2) に直す",
                                    f"{name}: convert centre format (cx, cy, w, h) to corners (x1, y1, x2, y2)"),
                          formula="(cx − w/2, cy − h/2, cx + w/2, cy + h/2)",
                          substituted=f"({fmt(cx)} − {fmt(w)}/2, {fmt(cy)} − {fmt(h)}/2, {fmt(cx)} + {fmt(w)}/2, {fmt(cy)} + {fmt(h)}/2)",
                          result=values))
    elif values[2] <= values[0] or values[3] <= values[1]:
        raise SolverError(f"{name}: corners must satisfy x2 > x1 and y2 > y1 (format x1,y1,x2,y2)",
                          f"{name}: 角の座標は x2 > x1, y2 > y1 が必要です (x1,y1,x2,y2 の順)")
    return values, steps


def iou(box_a: Sequence[Any], box_b: Sequence[Any], box_format: str = "corner") -> Solution:
    """Intersection over union of two axis-aligned boxes, in continuous coordinates (area = (x2 − x1)(y2 − y1))."""
    if box_format not in BOX_FORMATS:
        raise SolverError(f"box format must be corner or center, got {box_format}", f"形式は corner か center です ({box_format})")
    a, steps = _corners(box_a, box_format, "box A")
    b, more = _corners(box_b, box_format, "box B")
    steps += more
    ix1, iy1, ix2, iy2 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    iw, ih = max(sp.Integer(0), ix2 - ix1), max(sp.Integer(0), iy2 - iy1)
    inter = iw * ih
    area_a, area_b = (a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])
    union = area_a + area_b - inter
    value = inter / union
    steps += [
        Step(Bilingual("重なりの幅と高さ (重ならなければ 0; 連続座標なので +1 はしない)", "Overlap width and height (0 if disjoint; continuous coordinates, no +1)"),
             formula="w = max(0, min(x2) − max(x1)),  h = max(0, min(y2) − max(y1))",
             substituted=f"max(0, {fmt(ix2)} − {fmt(ix1)}),  max(0, {fmt(iy2)} − {fmt(iy1)})", result=[iw, ih]),
        Step(Bilingual("共通部分の面積", "Intersection area"), formula="I = w·h", substituted=f"{fmt(iw)}·{fmt(ih)}", result=inter),
        Step(Bilingual("それぞれの面積", "Area of each box"), formula="(x2 − x1)(y2 − y1)",
             substituted=f"({fmt(a[2])} − {fmt(a[0])})({fmt(a[3])} − {fmt(a[1])}),  ({fmt(b[2])} − {fmt(b[0])})({fmt(b[3])} − {fmt(b[1])})",
             result=[area_a, area_b]),
        Step(Bilingual("和集合の面積 = 面積の和 − 共通部分 (重なりを2回数えないため)", "Union area = sum of areas − intersection (not counting the overlap twice)"),
             formula="U = A + B − I", substituted=f"{fmt(area_a)} + {fmt(area_b)} − {fmt(inter)}", result=union),
        Step(Bilingual("IoU = 共通部分 / 和集合", "IoU = intersection / union"), formula="IoU = I / U",
             substituted=f"{par(inter)} / {par(union)}", result=value),
    ]
    return Solution("iou", {"box_a": exact_numbers(box_a, "box A"), "box_b": exact_numbers(box_b, "box B"),
                            "format": box_format}, value, steps)


def _match_boxes(order: Sequence[int], boxes: Sequence[Sequence[Any]], gt_boxes: Sequence[Sequence[Any]],
                 threshold: sp.Rational) -> tuple[dict[int, int], list[Step]]:
    """Greedy PASCAL-style matching in score order: the best-IoU ground truth, if still free and IoU ≥ threshold."""
    gts = [_corners(g, "corner", f"ground truth {j + 1}")[0] for j, g in enumerate(gt_boxes)]
    taken: set[int] = set()
    flags: dict[int, int] = {}
    steps = []
    for i in order:
        overlaps = [iou(boxes[i], g).answer for g in gts]
        best = max(range(len(gts)), key=lambda j: overlaps[j]) if gts else -1
        ok = bool(best >= 0 and overlaps[best] >= threshold and best not in taken)
        if ok:
            taken.add(best)
        why = ("IoU ≥ しきい値で未使用の正解に一致 → TP", "IoU ≥ threshold with an unused ground truth → TP") if ok else \
            (("正解はすでに使用済み (重複検出) → FP", "that ground truth is already taken (duplicate) → FP") if best in taken and overlaps[best] >= threshold
             else ("IoU < しきい値 → FP", "IoU < threshold → FP"))
        flags[i] = int(ok)
        steps.append(Step(Bilingual(f"検出 {i + 1}: 最も重なる正解は {best + 1} 番, {why[0]}", f"Detection {i + 1}: best ground truth {best + 1}, {why[1]}"),
                          formula="max_j IoU(det, gt_j) ≥ t", substituted=f"IoU = {fmt(overlaps[best]) if gts else '—'}, t = {fmt(threshold)}",
                          result=int(ok), kind="window"))
    return flags, steps


def average_precision(scores: Sequence[Any], tp_flags: Sequence[Any] | None = None, n_gt: int | None = None,
                      interpolation: str = "all", ious: Sequence[Any] | None = None, iou_threshold: Any = DEFAULT_IOU_THRESHOLD,
                      boxes: Sequence[Sequence[Any]] | None = None, gt_boxes: Sequence[Sequence[Any]] | None = None) -> Solution:
    """AP of a ranked detection list: the area under the interpolated precision–recall curve.

    Detections are ranked by score (ties keep the given order).  Each is a TP or FP from
    ``tp_flags``, from its IoU (``ious``, TP when IoU ≥ ``iou_threshold``) or from greedy matching
    of ``boxes`` to ``gt_boxes`` (a ground truth can be matched once, so duplicates are FP).
    ``interpolation="all"`` is PASCAL VOC 2010+ (every recall point); ``"11"`` is VOC 2007's
    mean of the interpolated precision at recall 0, 0.1, …, 1.
    """
    if interpolation not in ("all", "11"):
        raise SolverError("interpolation must be all or 11", "interpolation は all か 11 で指定してください")
    xs = exact_numbers(scores, "scores")
    order = sorted(range(len(xs)), key=lambda i: -xs[i])
    t = exact_number(iou_threshold, "iou_threshold")
    steps = [Step(Bilingual("スコアの高い順に並べる (同点は入力順)", "Rank the detections by score, highest first (ties keep the input order)"),
                  formula="sort by score ↓", substituted=", ".join(f"#{i + 1}: {fmt(xs[i])}" for i in order), result=[i + 1 for i in order])]
    given = [v is not None for v in (tp_flags, ious, boxes)]
    if sum(given) != 1:
        raise SolverError("give exactly one of tp_flags, ious or boxes (with gt_boxes)",
                          "tp_flags, ious, boxes (gt_boxes とともに) のどれか1つだけを指定してください")
    if boxes is not None:
        if gt_boxes is None:
            raise SolverError("boxes need gt_boxes", "boxes には gt_boxes が必要です")
        if len(boxes) != len(xs):
            raise SolverError(f"{len(xs)} scores but {len(boxes)} boxes", f"スコアが {len(xs)} 個なのにボックスが {len(boxes)} 個です")
        n_gt = len(gt_boxes) if n_gt is None else n_gt
        found, match_steps = _match_boxes(order, boxes, gt_boxes, t)
        steps += match_steps
        flags = [found[i] for i in range(len(xs))]
    elif ious is not None:
        overlaps = exact_numbers(ious, "ious")
        flags = [1 if v >= t else 0 for v in overlaps]
        steps.append(Step(Bilingual("IoU ≥ しきい値なら TP (各 IoU は対応する正解とのもの; 重複検出の判定には boxes を使う)",
                                    "TP when IoU ≥ threshold (each IoU is against the detection's own ground truth; use boxes to catch duplicates)"),
                          formula="TP ⇔ IoU ≥ t", substituted=", ".join(f"{fmt(v)}" for v in overlaps) + f"; t = {fmt(t)}", result=flags))
    else:
        flags = _binary_labels(tp_flags or [], len(xs))
    if len(flags) != len(xs):
        raise SolverError(f"{len(xs)} scores but {len(flags)} TP/FP flags", f"スコアが {len(xs)} 個なのに TP/FP が {len(flags)} 個です")
    gt = _count(n_gt, "n_gt") if n_gt is not None else 0
    if gt == 0:
        raise SolverError("the number of ground truths must be ≥ 1 (recall = TP / 0 is undefined)",
                          "正解 (ground truth) の数は1以上が必要です (再現率 = TP / 0 は定義されません)")
    if sum(flags) > gt:
        raise SolverError(f"{sum(flags)} true positives but only {gt} ground truths (recall would exceed 1)",
                          f"TP が {sum(flags)} 件ありますが正解は {gt} 件しかありません (再現率が 1 を超えます)")
    precision, recall = [], []
    hits = 0
    for rank, i in enumerate(order, 1):
        hits += flags[i]
        precision.append(sp.Rational(hits, rank))
        recall.append(sp.Rational(hits, gt))
        steps.append(Step(Bilingual(f"{rank} 位 (検出 {i + 1}, {'TP' if flags[i] else 'FP'}): 累積 TP = {hits}",
                                    f"Rank {rank} (detection {i + 1}, {'TP' if flags[i] else 'FP'}): cumulative TP = {hits}"),
                          formula="P = TP_cum / rank,  R = TP_cum / n_gt", substituted=f"{hits}/{rank},  {hits}/{gt}",
                          result=[precision[-1], recall[-1]], kind="window"))

    def interpolated(level: sp.Rational) -> sp.Rational:
        """Highest precision at any recall ≥ level: the curve is made monotone before integrating."""
        candidates = [p for p, r in zip(precision, recall, strict=True) if r >= level]
        return max(candidates) if candidates else sp.Integer(0)

    if interpolation == "all":
        terms = []
        previous = sp.Integer(0)
        for r in recall:
            if r > previous:
                terms.append((r - previous, interpolated(r)))
                previous = r
        ap = sum((dr * p for dr, p in terms), sp.Integer(0))
        steps.append(Step(Bilingual("全点補間 (VOC 2010 以降): 再現率が増える点ごとに Δ再現率 × 補間適合率 (それ以降の最大の適合率) を足す",
                                    "All-point interpolation (VOC 2010+): at each recall increase add Δrecall × interpolated precision (the best precision at that recall or beyond)"),
                          formula="AP = Σ (R_k − R_{k−1})·max_{R ≥ R_k} P", substituted=" + ".join(f"{fmt(dr)}·{fmt(p)}" for dr, p in terms) or "0",
                          result=ap))
    else:
        levels = [sp.Rational(j, 10) for j in range(11)]
        values = [interpolated(level) for level in levels]
        ap = sum(values, sp.Integer(0)) / 11
        steps.append(Step(Bilingual("11点補間 (VOC 2007): 再現率 0, 0.1, …, 1 での補間適合率の平均 (その再現率に届かなければ 0)",
                                    "11-point interpolation (VOC 2007): mean interpolated precision at recall 0, 0.1, …, 1 (0 where that recall is never reached)"),
                          formula="AP = (1/11) Σ_{r ∈ {0, 0.1, …, 1}} max_{R ≥ r} P", substituted=f"({' + '.join(fmt(v) for v in values)}) / 11",
                          result=ap))
    inputs = {"scores": xs, "tp": flags, "n_gt": gt, "interpolation": interpolation}
    return Solution("average-precision", inputs, {"ap": ap, "precision": precision, "recall": recall}, steps)
