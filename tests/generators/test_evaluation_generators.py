"""Evaluation, information, statistics and RL generators against hand-worked examples.

For each generator a small example is worked by hand in the comments; the test checks that the key
(from the solver) and at least two tagged slips have exactly those values.  The framework checks
(determinism, four distinct options, key position, solver agreement) run in test_generators.py.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from dldrill.generators.base import make_variant
from dldrill.generators.catalog import all_specs

REPO = Path(__file__).resolve().parents[2]


def worked(name: str, params: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """(key, {tag: wrong value}) of the named generator for hand-chosen params."""
    spec = all_specs()[name]
    solution = spec.solve(params)
    key = float(spec.answer(params, solution))
    return key, {m.tag: float(m.value) for m in spec.mistakes(params, solution)}


def close(a: float, b: float | Fraction) -> bool:
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-12)


COUNTS = {"tp": 40, "fp": 10, "fn": 20, "tn": 30, "layout": "matrix"}


def test_confusion_precision_by_hand() -> None:
    # TP 40, FP 10, FN 20, TN 30: precision 40/50 = 0.8; recall 40/60 = 2/3 (swap);
    # FP/(TP+FP) = 10/50 = 0.2 (false discovery rate); accuracy (40+30)/100 = 0.7
    key, slips = worked("confusion_metrics", {**COUNTS, "metric": "precision"})
    assert close(key, Fraction(4, 5))
    assert close(slips["precision-recall-swapped"], Fraction(2, 3))
    assert close(slips["false-discovery-rate"], Fraction(1, 5))
    assert close(slips["accuracy-not-precision"], Fraction(7, 10))


def test_confusion_f1_and_specificity_by_hand() -> None:
    # P = 4/5, R = 2/3: F1 = 2·(4/5)(2/3)/(4/5 + 2/3) = (16/15)/(22/15) = 8/11;
    # arithmetic mean (4/5 + 2/3)/2 = 11/15; without the 2: 4/11
    key, slips = worked("confusion_metrics", {**COUNTS, "metric": "f1"})
    assert close(key, Fraction(8, 11))
    assert close(slips["f1-arithmetic-mean"], Fraction(11, 15))
    assert close(slips["f1-forgot-two"], Fraction(4, 11))
    # specificity TN/(TN+FP) = 30/40; FP↔FN swapped: 30/(30+20) = 3/5; FPR = 10/40
    key, slips = worked("confusion_metrics", {**COUNTS, "metric": "specificity"})
    assert close(key, Fraction(3, 4))
    assert close(slips["fp-fn-swapped"], Fraction(3, 5))
    assert close(slips["false-positive-rate"], Fraction(1, 4))
    # accuracy 70/100; positives only 40/100; error rate 30/100
    key, slips = worked("confusion_metrics", {**COUNTS, "metric": "accuracy"})
    assert close(key, Fraction(7, 10))
    assert close(slips["accuracy-positives-only"], Fraction(2, 5))
    assert close(slips["error-rate"], Fraction(3, 10))


def test_macro_precision_by_hand() -> None:
    # rows = actual, columns = predicted; column sums 7, 8, 5; row sums 6, 10, 4; diagonal 14 of 20
    # precision per class 5/7, 6/8, 3/5 → macro (5/7 + 3/4 + 3/5)/3 = 289/420
    # recall per class 5/6, 6/10, 3/4 → macro 131/180 (what reading rows as columns gives)
    # micro = 14/20; weighted by support (6·5/7 + 10·3/4 + 4·3/5)/20 = 993/1400
    params = {"matrix": [[5, 1, 0], [2, 6, 2], [0, 1, 3]], "metric": "precision", "average": "macro"}
    key, slips = worked("macro_micro_average", params)
    assert close(key, Fraction(289, 420))
    assert close(slips["micro-not-macro"], Fraction(7, 10))
    assert close(slips["rows-columns-swapped"], Fraction(131, 180))
    assert close(slips["weighted-by-support"], Fraction(993, 1400))
    assert close(slips["one-class-only"], Fraction(5, 7))
    # micro average: 14/20 whatever the metric; the macro value is then the slip
    key, slips = worked("macro_micro_average", {**params, "average": "micro"})
    assert close(key, Fraction(7, 10))
    assert close(slips["macro-not-micro"], Fraction(289, 420))


def test_iou_by_hand() -> None:
    # A = (0,0,4,4), B = (2,2,6,6): I = 2·2 = 4, U = 16 + 16 − 4 = 28 → 1/7
    # no −I: 4/32 = 1/8; +1 pixel: I = 3·3 = 9, U = 25 + 25 − 9 = 41 → 9/41
    # read as centres: A → (−2,−2,2,2), B → (−1,−1,5,5): I = 3·3 = 9, U = 16 + 36 − 9 = 43 → 9/43
    key, slips = worked("iou_boxes", {"box_a": [0, 0, 4, 4], "box_b": [2, 2, 6, 6], "box_format": "corner"})
    assert close(key, Fraction(1, 7))
    assert close(slips["union-not-subtracting-intersection"], Fraction(1, 8))
    assert close(slips["plus-one-pixel"], Fraction(9, 41))
    assert close(slips["corner-centre-confused"], Fraction(9, 43))
    # the same boxes in centre format: A = (2,2,4,4), B = (4,4,4,4) → key 1/7 again
    key, slips = worked("iou_boxes", {"box_a": [2, 2, 4, 4], "box_b": [4, 4, 4, 4], "box_format": "center"})
    assert close(key, Fraction(1, 7))
    # read as corners: (2,2)-(4,4) and (4,4)-(4,4) has no area → that slip is left out
    assert "corner-centre-confused" not in slips


def test_roc_auc_by_hand() -> None:
    # positives 0.9, 0.8, 0.4; negatives 0.6, 0.3: ordered pairs won 2 + 2 + 1 = 5 of 6 → 5/6
    # labels swapped 1/6; over all C(5,2) = 10 pairs: 5/10; accuracy at 0.5: 3/5; TPR at 0.5: 2/3
    key, slips = worked("roc_auc_small", {"scores": [0.9, 0.8, 0.6, 0.4, 0.3], "labels": [1, 1, 0, 1, 0]})
    assert close(key, Fraction(5, 6))
    assert close(slips["labels-swapped"], Fraction(1, 6))
    assert close(slips["all-pairs-denominator"], Fraction(1, 2))
    assert close(slips["accuracy-not-auc"], Fraction(3, 5))
    assert close(slips["tpr-not-auc"], Fraction(2, 3))
    # a tie: positives 0.8, 0.5; negatives 0.5, 0.2 → (3 + ½)/4 = 7/8; tie as 0 → 3/4, as 1 → 1
    key, slips = worked("roc_auc_small", {"scores": [0.8, 0.5, 0.5, 0.2], "labels": [1, 1, 0, 0]})
    assert close(key, Fraction(7, 8))
    assert close(slips["ties-as-zero"], Fraction(3, 4))
    assert close(slips["ties-as-one"], 1)


def test_entropy_by_hand() -> None:
    # (1/2, 1/4, 1/4) in bits: ½·1 + ¼·2 + ¼·2 = 1.5; in nats 1.5·ln 2; sign dropped −1.5;
    # log₂ 3 (uniform); unweighted 1 + 2 + 2 = 5
    key, slips = worked("entropy_value", {"p": ["1/2", "1/4", "1/4"], "base": "2"})
    assert close(key, 1.5)
    assert close(slips["wrong-log-base"], 1.5 * math.log(2))
    assert close(slips["forgot-minus-sign"], -1.5)
    assert close(slips["used-log-n"], math.log2(3))
    assert close(slips["forgot-probability-weights"], 5)
    # (1/2, 1/2, 0): 0·log 0 = 0 so H = 1 bit; counting the impossible outcome gives log₂ 3
    key, slips = worked("entropy_value", {"p": ["1/2", "1/2", "0"], "base": "2"})
    assert close(key, 1)
    assert close(slips["zero-outcome-counted"], math.log2(3))


def test_kl_by_hand() -> None:
    # p = (½, ½), q = (¼, ¾), bits: ½·log₂2 + ½·log₂(2/3) = 1 − ½·log₂3 ≈ 0.2075
    # KL(q‖p) = ¼·log₂(½) + ¾·log₂(3/2) = −1 + ¾·log₂3 ≈ 0.1887
    # cross-entropy −(½·log₂¼ + ½·log₂¾) = 2 − ½·log₂3 ≈ 1.2075
    key, slips = worked("kl_divergence", {"p": ["1/2", "1/2"], "q": ["1/4", "3/4"], "base": "2"})
    assert close(key, 1 - 0.5 * math.log2(3))
    assert close(slips["direction-swapped"], -1 + 0.75 * math.log2(3))
    assert close(slips["cross-entropy-not-kl"], 2 - 0.5 * math.log2(3))
    assert close(slips["wrong-log-base"], (1 - 0.5 * math.log2(3)) * math.log(2))


def test_bayes_by_hand() -> None:
    # prevalence 1%, sensitivity 90%, false positives 9%: P(+) = 0.009 + 0.09·0.99 = 0.0981
    # P(D|+) = 0.009/0.0981 = 90/981 = 10/109 ≈ 0.0917; neglecting the base rate gives 0.9;
    # the joint 0.009; the FP branch unweighted 0.009/(0.009 + 0.09) = 1/11
    key, slips = worked("bayes_posterior", {"prior": "0.01", "sensitivity": "0.9", "false_positive": "0.09"})
    assert close(key, Fraction(10, 109))
    assert close(slips["base-rate-neglect"], Fraction(9, 10))
    assert close(slips["joint-not-conditional"], Fraction(9, 1000))
    assert close(slips["unweighted-false-positive"], Fraction(1, 11))


def test_variance_std_by_hand() -> None:
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32
    # σ² = 32/8 = 4, σ = 2; s² = 32/7; E[x²] = 232/8 = 29
    data = [2, 4, 4, 4, 5, 5, 7, 9]
    key, slips = worked("variance_std", {"data": data, "statistic": "std_population"})
    assert close(key, 2)
    assert close(slips["population-sample-swapped"], math.sqrt(32 / 7))
    assert close(slips["variance-not-std"], 4)
    assert close(slips["forgot-subtract-mean"], math.sqrt(29))
    key, slips = worked("variance_std", {"data": data, "statistic": "variance_sample"})
    assert close(key, Fraction(32, 7))
    assert close(slips["population-sample-swapped"], 4)
    assert close(slips["std-not-variance"], math.sqrt(32 / 7))


def test_correlation_by_hand() -> None:
    # x = 1,2,3,4 (mean 2.5), y = 2,4,5,5 (mean 4): Sxy = 3 + 0 + 0.5 + 1.5 = 5, Sxx = 5, Syy = 6
    # r = 5/√30 ≈ 0.9129; covariance 5/4; r² = 5/6; (5/3)/√((5/4)(6/4)) = (4/3)·r
    key, slips = worked("correlation", {"x": [1, 2, 3, 4], "y": [2, 4, 5, 5]})
    assert close(key, 5 / math.sqrt(30))
    assert close(slips["covariance-not-correlation"], 1.25)
    assert close(slips["r-squared"], Fraction(5, 6))
    assert close(slips["sign-flipped"], -5 / math.sqrt(30))
    assert close(slips["mixed-n-and-n-minus-1"], 4 / 3 * 5 / math.sqrt(30))


def test_binomial_by_hand() -> None:
    # n = 5, k = 2, p = 0.2: C(5,2) = 10, 0.2²·0.8³ = 0.04·0.512 = 0.02048 → 0.2048
    # without C: 0.02048; p↔q: 10·0.8²·0.2³ = 0.0512; no failures: 10·0.04 = 0.4; 5·4·0.02048 = 0.4096
    key, slips = worked("binomial_probability", {"n": 5, "k": 2, "p": "0.2"})
    assert close(key, Fraction(2048, 10000))
    assert close(slips["forgot-binomial-coefficient"], Fraction(2048, 100000))
    assert close(slips["p-and-q-swapped"], Fraction(512, 10000))
    assert close(slips["forgot-failures"], Fraction(4, 10))
    assert close(slips["permutation-not-combination"], Fraction(4096, 10000))


def test_discounted_return_by_hand() -> None:
    # rewards 1, 0, 2, 10 with γ = 0.5: 1 + 0 + 0.25·2 + 0.125·10 = 2.75
    # γ^(k+1): 0.5 + 0 + 0.125·2 + 0.0625·10 = 1.375; no discount 13; reversed 0.125 + 0 + 1 + 10 = 11.125
    key, slips = worked("discounted_return", {"rewards": [1, 0, 2, 10], "gamma": "0.5"})
    assert close(key, 2.75)
    assert close(slips["gamma-exponent-off-by-one"], 1.375)
    assert close(slips["no-discount"], 13)
    assert close(slips["discount-reversed"], 11.125)


TD = {"q": 2, "reward": 1, "next_q": [3, 5, 1], "next_action": 0, "alpha": "0.5", "gamma": "0.9"}


def test_q_learning_and_sarsa_by_hand() -> None:
    # Q-learning: target 1 + 0.9·max(3,5,1) = 5.5, δ = 3.5, Q ← 2 + 0.5·3.5 = 3.75
    # SARSA with a' = a1: target 1 + 0.9·3 = 3.7, δ = 1.7, Q ← 2 + 0.85 = 2.85
    # Q-learning slips: no α → 5.5; no γ → 2 + 0.5(1 + 5 − 2) = 4; no −Q → 2 + 0.5·5.5 = 4.75
    key, slips = worked("q_learning_update", TD)
    assert close(key, 3.75)
    assert close(slips["used-next-action-not-max"], 2.85)
    assert close(slips["forgot-alpha"], 5.5)
    assert close(slips["forgot-gamma"], 4)
    assert close(slips["forgot-minus-q"], 4.75)
    # SARSA slips: the max → 3.75; no α → 3.7; no γ → 2 + 0.5(1 + 3 − 2) = 3
    key, slips = worked("sarsa_update", TD)
    assert close(key, 2.85)
    assert close(slips["used-max-not-next-action"], 3.75)
    assert close(slips["forgot-alpha"], 3.7)
    assert close(slips["forgot-gamma"], 3)


def test_epsilon_greedy_by_hand() -> None:
    # Q = 1, 5, 3, 2 and ε = 0.2: greedy a2 gets 0.8 + 0.2/4 = 0.85; without its share 0.8;
    # ε and 1 − ε swapped 0.2 + 0.8/4 = 0.4; every other action 0.05, or 0.2/3 if the greedy one is left out
    params = {"q_values": [1, 5, 3, 2], "epsilon": "0.2", "asked": 1, "target": "greedy"}
    key, slips = worked("epsilon_greedy_probability", params)
    assert close(key, 0.85)
    assert close(slips["forgot-greedy-share"], 0.8)
    assert close(slips["epsilon-roles-swapped"], 0.4)
    key, slips = worked("epsilon_greedy_probability", {**params, "asked": 2, "target": "other"})
    assert close(key, 0.05)
    assert close(slips["explore-excludes-greedy"], Fraction(1, 15))
    assert close(slips["epsilon-not-divided"], 0.2)


def japanese(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"


OURS = ("confusion_metrics", "macro_micro_average", "iou_boxes", "roc_auc_small", "entropy_value", "kl_divergence",
        "bayes_posterior", "variance_std", "correlation", "binomial_probability", "discounted_return",
        "q_learning_update", "sarsa_update", "epsilon_greedy_probability")


@pytest.mark.parametrize("name", OURS)
def test_prompts_are_bilingual_and_both_forms_work(name: str) -> None:
    spec = all_specs()[name]
    for form in ("choice", "input"):
        v = make_variant(spec, "t-" + name, 11, form)
        assert any(japanese(ch) for ch in v.prompt.ja)
        assert not any(japanese(ch) for ch in v.prompt.en)
        assert v.mistakes and all(m.explanation.ja and m.explanation.en for m in v.mistakes)


def test_bank_templates_cover_every_generator_and_draw() -> None:
    data = yaml.safe_load((REPO / "question_bank" / "generated_evaluation.yaml").read_text(encoding="utf-8"))
    questions = data["questions"]
    assert len(questions) >= 14
    assert set(OURS) <= {q["generator"] for q in questions}
    for q in questions:
        assert q["type"] == "generated" and q["syllabus"]
        v = make_variant(all_specs()[q["generator"]], q["id"], 3, q["form"], q.get("params"))
        assert v.form == q["form"]
