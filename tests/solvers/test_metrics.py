"""Metrics against sample-level counting, brute-force AUC, pixel-counted IoU, a port of the VOC AP code and textbook cases."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.metrics import (
    average_precision,
    binary_metrics,
    confusion_metrics,
    iou,
    metrics_from_scores,
    roc_curve,
)


def as_fraction(value: object) -> Fraction:
    return Fraction(str(value))


def reference_scores(y_true: list[int], y_pred: list[int], positive: int, zero: Fraction = Fraction(0)) -> dict[str, Fraction]:
    """Per-class scores from the sample lists directly; 0/0 → ``zero`` like scikit-learn's zero_division."""
    predicted = [t for t, p in zip(y_true, y_pred, strict=True) if p == positive]
    actual = [p for t, p in zip(y_true, y_pred, strict=True) if t == positive]
    negatives = [p for t, p in zip(y_true, y_pred, strict=True) if t != positive]
    precision = Fraction(predicted.count(positive), len(predicted)) if predicted else zero
    recall = Fraction(actual.count(positive), len(actual)) if actual else zero
    specificity = Fraction(sum(1 for p in negatives if p != positive), len(negatives)) if negatives else zero
    hits = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p == positive)
    if hits == 0:
        f1 = zero if not predicted and not actual else Fraction(0)
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "specificity": specificity, "f1": f1}


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.sampled_from([1, 2, Fraction(1, 2)]))
def test_binary_matches_definitions(tp: int, fp: int, fn: int, tn: int, beta: Fraction) -> None:
    assume(tp + fp > 0 and tp + fn > 0 and tn + fp > 0)
    answer = binary_metrics(tp, fp, fn, tn, beta=beta).answer
    precision, recall = Fraction(tp, tp + fp), Fraction(tp, tp + fn)
    assert as_fraction(answer["accuracy"]) == Fraction(tp + tn, tp + fp + fn + tn)
    assert as_fraction(answer["precision"]) == precision
    assert as_fraction(answer["recall"]) == recall
    assert as_fraction(answer["specificity"]) == Fraction(tn, tn + fp)
    harmonic = 2 / (1 / precision + 1 / recall) if tp else 0
    assert as_fraction(answer["f1"]) == harmonic
    if beta != 1:
        b2 = Fraction(beta) ** 2
        expected = (1 + b2) * precision * recall / (b2 * precision + recall) if tp else 0
        assert as_fraction(answer["f_beta"]) == expected


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=40))
def test_multiclass_matches_sample_level_counting(pairs: list[tuple[int, int]]) -> None:
    y_true, y_pred = [t for t, _ in pairs], [p for _, p in pairs]
    matrix = [[sum(1 for t, p in pairs if t == i and p == j) for j in range(3)] for i in range(3)]
    answer = confusion_metrics(matrix, zero_division=0).answer
    accuracy = Fraction(sum(1 for t, p in pairs if t == p), len(pairs))
    assert as_fraction(answer["accuracy"]) == accuracy
    references = [reference_scores(y_true, y_pred, k) for k in range(3)]
    for k in range(3):
        got = answer["per_class"][str(k)]
        for key, value in references[k].items():
            assert as_fraction(got[key]) == value, (k, key)
        assert got["support"] == y_true.count(k)
    for key in ("precision", "recall", "specificity", "f1"):
        assert as_fraction(answer["macro"][key]) == sum(r[key] for r in references) / 3
    for key in ("precision", "recall", "f1"):
        assert as_fraction(answer["micro"][key]) == accuracy


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 1)), min_size=1, max_size=20), st.integers(0, 11))
def test_threshold_counts(samples: list[tuple[int, int]], threshold: int) -> None:
    scores = [Fraction(s, 10) for s, _ in samples]
    labels = [y for _, y in samples]
    t = Fraction(threshold, 10)
    sol = metrics_from_scores(scores, labels, t, zero_division=0)
    counts = sol.answer["confusion"]
    assert counts["tp"] == sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and y == 1)
    assert counts["fp"] == sum(1 for s, y in zip(scores, labels, strict=True) if s >= t and y == 0)
    assert counts["fn"] == sum(1 for s, y in zip(scores, labels, strict=True) if s < t and y == 1)
    assert counts["tn"] == sum(1 for s, y in zip(scores, labels, strict=True) if s < t and y == 0)


def brute_force_auc(scores: list[Fraction], labels: list[int]) -> Fraction:
    """Probability that a random positive outscores a random negative, ties counting 1/2 (Mann–Whitney)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    wins = sum(Fraction(1) if p > n else Fraction(1, 2) if p == n else Fraction(0) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 1)), min_size=2, max_size=25))
def test_auc_equals_pairwise_brute_force_with_ties(samples: list[tuple[int, int]]) -> None:
    labels = [y for _, y in samples]
    assume(0 < sum(labels) < len(labels))
    scores = [Fraction(s, 5) for s, _ in samples]
    answer = roc_curve(scores, labels).answer
    assert as_fraction(answer["auc"]) == brute_force_auc(scores, labels)
    pos, neg = sum(labels), len(labels) - sum(labels)
    for t, fpr, tpr in zip(answer["thresholds"][1:], answer["fpr"][1:], answer["tpr"][1:], strict=True):
        assert as_fraction(tpr) == Fraction(sum(1 for s, y in zip(scores, labels, strict=True) if y and s >= t), pos)
        assert as_fraction(fpr) == Fraction(sum(1 for s, y in zip(scores, labels, strict=True) if not y and s >= t), neg)
    assert (answer["fpr"][0], answer["tpr"][0]) == (0, 0) and (answer["fpr"][-1], answer["tpr"][-1]) == (1, 1)
    assert list(answer["thresholds"][1:]) == sorted(set(answer["thresholds"][1:]), reverse=True)


def test_roc_textbook() -> None:
    # perfect ranking → AUC 1; reversed → 0; all scores equal → 1/2 (the diagonal)
    assert roc_curve([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]).answer["auc"] == 1
    assert roc_curve([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]).answer["auc"] == 0
    assert roc_curve([0.5, 0.5, 0.5], [1, 0, 1]).answer["auc"] == Fraction(1, 2)


def pixel_iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> Fraction:
    """Count the unit cells covered by each box: exact areas for integer corners."""
    cells_a = {(x, y) for x in range(a[0], a[2]) for y in range(a[1], a[3])}
    cells_b = {(x, y) for x in range(b[0], b[2]) for y in range(b[1], b[3])}
    return Fraction(len(cells_a & cells_b), len(cells_a | cells_b))


boxes = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 6), st.integers(1, 6)).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@given(boxes, boxes)
def test_iou_matches_pixel_count_and_center_format(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> None:
    expected = pixel_iou(a, b)
    assert as_fraction(iou(a, b).answer) == expected
    assert as_fraction(iou(b, a).answer) == expected

    def center(box: tuple[int, int, int, int]) -> list[Fraction]:
        return [Fraction(box[0] + box[2], 2), Fraction(box[1] + box[3], 2), Fraction(box[2] - box[0]), Fraction(box[3] - box[1])]

    assert as_fraction(iou(center(a), center(b), "center").answer) == expected


def test_iou_textbook() -> None:
    assert iou([0, 0, 2, 2], [1, 1, 3, 3]).answer == Fraction(1, 7)  # 1×1 overlap of two 2×2 boxes: 1/(4+4−1)
    assert iou([0, 0, 2, 2], [0, 0, 2, 2]).answer == 1
    assert iou([0, 0, 1, 1], [1, 0, 2, 1]).answer == 0  # touching edges: no area in common
    assert iou([0, 0, 2, 1], [1, 0, 3, 1]).answer == Fraction(1, 3)
    assert iou([1, 1, 2, 2], [2, 2, 2, 2], "center").answer == Fraction(1, 7)


def voc_ap(precision: list[float], recall: list[float]) -> float:
    """Port of the PASCAL VOC 2010 devkit's VOCap (all-point)."""
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([0.0], precision, [0.0]))
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))


def voc07_ap(precision: list[float], recall: list[float]) -> float:
    """The VOC 2007 11-point rule: mean of max precision at recall ≥ t for t = 0, 0.1, …, 1."""
    total = 0.0
    for t in np.linspace(0, 1, 11):
        above = [p for p, r in zip(precision, recall, strict=True) if r >= t - 1e-12]
        total += max(above) if above else 0.0
    return total / 11


@given(st.lists(st.integers(0, 1), min_size=1, max_size=15), st.integers(0, 4), st.sampled_from(["all", "11"]))
def test_ap_matches_voc_reference(flags: list[int], extra_gt: int, interpolation: str) -> None:
    n_gt = sum(flags) + extra_gt
    assume(n_gt > 0)
    scores = [Fraction(len(flags) - i, len(flags) + 1) for i in range(len(flags))]  # already ranked, distinct
    answer = average_precision(scores, flags, n_gt, interpolation).answer
    hits = np.cumsum(flags)
    precision = [float(h) / (i + 1) for i, h in enumerate(hits)]
    recall = [float(h) / n_gt for h in hits]
    expected = voc_ap(precision, recall) if interpolation == "all" else voc07_ap(precision, recall)
    assert float(answer["ap"]) == pytest.approx(expected, abs=1e-12)


def test_ap_ranks_by_score_and_textbook_values() -> None:
    # TP, FP, TP, FP, TP with 4 ground truths: P = 1, 1/2, 2/3, 1/2, 3/5 at R = 1/4, 1/4, 1/2, 1/2, 3/4;
    # interpolated precision 1, 2/3, 3/5 at each recall step of 1/4 → (1 + 2/3 + 3/5)/4 = 17/30
    assert average_precision([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 1], 4).answer["ap"] == Fraction(17, 30)
    # same detections given out of order: the solver sorts by score
    assert average_precision([0.5, 0.9, 0.6, 0.8, 0.7], [1, 1, 0, 0, 1], 4).answer["ap"] == Fraction(17, 30)
    # one TP at the top, 2 ground truths: 11-point gives precision 1 at recall 0 … 0.5 → 6/11
    assert average_precision([0.9], [1], 2, "11").answer["ap"] == Fraction(6, 11)
    assert average_precision([0.9, 0.1], [1, 1], 2).answer["ap"] == 1


def test_ap_from_ious_and_box_matching() -> None:
    assert average_precision([0.9, 0.8], n_gt=2, ious=[0.7, 0.4]).answer["ap"] == Fraction(1, 2)
    # the second box duplicates the first detection of ground truth 1 → FP
    sol = average_precision([0.9, 0.8, 0.7], boxes=[[0, 0, 2, 2], [0, 0, 2, 2], [10, 10, 12, 12]],
                            gt_boxes=[[0, 0, 2, 2], [10, 10, 12, 12]])
    assert sol.inputs["tp"] == [1, 0, 1]
    assert sol.answer["ap"] == Fraction(1, 2) * 1 + Fraction(1, 2) * Fraction(2, 3)


def test_binary_textbook() -> None:
    # 100 e-mails: TP 8, FP 2, FN 4, TN 86 → accuracy 0.94, precision 0.8, recall 2/3, F1 = 2·0.8·(2/3)/(0.8+2/3) = 8/11
    answer = binary_metrics(8, 2, 4, 86).answer
    assert (answer["accuracy"], answer["precision"], answer["recall"], answer["f1"]) == \
        (Fraction(47, 50), Fraction(4, 5), Fraction(2, 3), Fraction(8, 11))
    # imbalanced data: always predicting negative has 95% accuracy but finds no positives
    answer = binary_metrics(0, 0, 5, 95, zero_division=0).answer
    assert answer["accuracy"] == Fraction(19, 20) and answer["recall"] == 0 and answer["precision"] == 0


def test_micro_average_equals_accuracy_textbook() -> None:
    answer = confusion_metrics([[5, 1, 0], [2, 3, 1], [0, 2, 6]]).answer
    assert answer["accuracy"] == Fraction(14, 20)
    assert answer["per_class"]["0"]["precision"] == Fraction(5, 7)  # column 0: 5 + 2 + 0
    assert answer["per_class"]["2"]["recall"] == Fraction(6, 8)  # row 2: 0 + 2 + 6
    assert answer["micro"]["f1"] == answer["accuracy"]


def test_undefined_precision_is_explained() -> None:
    with pytest.raises(SolverError, match=r"undefined.*scikit-learn reports 0") as info:
        binary_metrics(0, 0, 3, 5)
    assert "定義されません" in info.value.message("ja")
    note = [s for s in binary_metrics(0, 0, 3, 5, zero_division=1).steps if s.kind == "note"]
    assert note and note[0].result == 1


@pytest.mark.parametrize("call", [
    lambda: binary_metrics(-1, 2, 3, 4),
    lambda: binary_metrics(0, 0, 0, 0),
    lambda: binary_metrics(1, 2, 3, 4, beta=0),
    lambda: confusion_metrics([[1, 2, 3], [4, 5, 6]]),
    lambda: confusion_metrics([[1, 0], [0, 0]]),  # class 1 never predicted: precision undefined
    lambda: roc_curve([0.1, 0.2], [1, 1]),
    lambda: roc_curve([0.1, 0.2], [1, 2]),
    lambda: iou([0, 0, 1], [0, 0, 1, 1]),
    lambda: iou([2, 0, 1, 1], [0, 0, 1, 1]),
    lambda: average_precision([0.9], [1], 0),
    lambda: average_precision([0.9, 0.8], [1, 1], 1),
    lambda: average_precision([0.9], [1], 1, "5"),
])
def test_bad_input(call: object) -> None:
    with pytest.raises(SolverError):
        call()  # type: ignore[operator]
