"""The generators added for solver coverage (ReLU … EfficientNet) and the audit fixes to the older ones.

Every key is recomputed here from the variant's params with plain Python/NumPy formulas written from the
textbook definitions (the VOC-style AP envelope, numpy softmax, …), never with the solvers or the
generators' own helpers.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from dldrill.generators.base import display_value, make_variant
from dldrill.generators.catalog import all_specs

SEEDS = range(40)


def variants(name: str, form: str = "choice", params: dict[str, Any] | None = None, seeds: range = SEEDS) -> list[Any]:
    key = (name, form, repr(params), seeds.start, seeds.stop)
    if key not in _DRAWN:  # several tests look at the same variants; drawing CTC ones is the slow part
        _DRAWN[key] = [make_variant(all_specs()[name], "t-" + name, seed, form, params) for seed in seeds]
    return _DRAWN[key]


_DRAWN: dict[tuple[Any, ...], list[Any]] = {}


def f(x: Any) -> float:
    return float(Fraction(x)) if isinstance(x, str) else float(x)


def relu_key(p: dict[str, Any]) -> float:
    x, a = float(p["x"]), float(p["alpha"])
    neg = 0.0 if p["function"] == "relu" else a
    if p["derivative"]:
        return 1.0 if x > 0 else neg
    return x if x > 0 else neg * x


def mae_key(p: dict[str, Any]) -> float:
    return float(np.mean(np.abs(np.array([float(v) for v in p["pred"]]) - np.array([float(v) for v in p["target"]]))))


def softmax_grad_key(p: dict[str, Any]) -> float:
    a = np.array(p["logits"], dtype=float)
    y = np.exp(a) / np.exp(a).sum()
    t = np.zeros_like(y)
    t[p["target"]] = 1
    return float((y - t)[p["index"]])


def norm_key(p: dict[str, Any]) -> float:
    x = np.array(p["x"], dtype=float)
    if p["kind"] == "layer":
        row = x[p["sample"]]
        return float((row[p["channel"]] - row.mean()) / row.std())
    group = x[0, 2 * (p["channel"] // 2): 2 * (p["channel"] // 2) + 2, :]
    return float((x[0, p["channel"], p["position"]] - group.mean()) / group.std())


def ap_key(p: dict[str, Any]) -> float:
    """The PASCAL VOC devkit's all-point AP: precision envelope from the right, then Σ Δrecall × precision."""
    order = np.argsort(-np.array(p["scores"]), kind="stable")
    tp = np.array(p["tp"])[order]
    ctp, cfp = np.cumsum(tp), np.cumsum(1 - tp)
    rec, prec = ctp / p["n_gt"], ctp / (ctp + cfp)
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))


def log(x: float, base: str) -> float:
    return math.log2(x) if base == "2" else math.log(x)


def mi_key(p: dict[str, Any]) -> float:
    t = np.array([[f(v) for v in row] for row in p["joint"]])
    px, py = t.sum(axis=1), t.sum(axis=0)
    return sum(t[i, j] * log(t[i, j] / (px[i] * py[j]), p["base"]) for i in range(2) for j in range(2) if t[i, j] > 0)


def js_key(p: dict[str, Any]) -> float:
    ps, qs = np.array([f(v) for v in p["p"]]), np.array([f(v) for v in p["q"]])
    m = (ps + qs) / 2
    return 0.5 * sum(a * log(a / c, p["base"]) for a, c in zip(ps, m, strict=True) if a > 0) + \
        0.5 * sum(b * log(b / c, p["base"]) for b, c in zip(qs, m, strict=True) if b > 0)


def perplexity_key(p: dict[str, Any]) -> float:
    return float(np.prod([f(v) for v in p["p"]]) ** (-1 / len(p["p"])))


def expectation_key(p: dict[str, Any]) -> float:
    x, q = np.array(p["values"], dtype=float), np.array([f(v) for v in p["probs"]])
    mean = float(x @ q)
    return mean if p["asked"] == "expectation" else float(((x - mean) ** 2) @ q)


def td0_key(p: dict[str, Any]) -> float:
    return p["v"] + f(p["alpha"]) * (p["reward"] + f(p["gamma"]) * p["v_next"] - p["v"])


def bellman_key(p: dict[str, Any]) -> float:
    g = f(p["gamma"])
    q = {a: sum(f(prob) * (r + g * p["values"][s]) for s, prob, r in rows) for a, rows in p["actions"].items()}
    if p["policy"] == "optimal":
        return max(q.values())
    return f(p["pi_a1"]) * q["a1"] + (1 - f(p["pi_a1"])) * q["a2"]


def efficientnet_key(p: dict[str, Any]) -> float:
    phi = p["phi"]
    return {"depth": 1.2**phi, "width": 1.1**phi, "resolution": 1.15**phi,
            "flops": (1.2 * 1.1**2 * 1.15**2) ** phi}[p["asked"]]


KEYS = {"relu_value": relu_key, "mae_value": mae_key, "softmax_loss_gradient": softmax_grad_key, "norm_value": norm_key,
        "average_precision": ap_key, "mutual_information": mi_key, "js_divergence": js_key,
        "perplexity_value": perplexity_key, "expectation_value": expectation_key, "td0_update": td0_key,
        "bellman_backup": bellman_key, "efficientnet_scaling": efficientnet_key}


def japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("name", sorted(KEYS))
def test_key_matches_an_independent_computation(name: str) -> None:
    for v in variants(name, "input"):
        assert float(v.answer) == pytest.approx(KEYS[name](dict(v.params)), abs=1e-9), (v.seed, v.params)


@pytest.mark.parametrize("name", sorted(KEYS))
def test_choice_form_has_named_bilingual_distractors(name: str) -> None:
    fallbacks = 0
    for v in variants(name):
        assert japanese(v.prompt.ja) and not japanese(v.prompt.en)
        wrong = [c for c in v.choices if not c.correct]
        assert all(c.tag and c.explanation and c.explanation.ja and c.explanation.en for c in wrong)
        fallbacks += any(c.tag == "near-miss" for c in wrong)
    assert fallbacks <= len(SEEDS) // 10  # modelled slips, not generic near misses, fill the options


def test_relu_covers_both_functions_and_derivatives() -> None:
    seen = {(v.params["function"], v.params["derivative"]) for v in variants("relu_value", "input")}
    assert seen == {("relu", False), ("relu", True), ("leaky_relu", False), ("leaky_relu", True)}


def test_norm_templates_draw_their_own_kind() -> None:
    assert {v.params["kind"] for v in variants("norm_value", params={"kind": "group"})} == {"group"}
    assert {v.params["kind"] for v in variants("norm_value", params={"kind": "layer"})} == {"layer"}


# ---------------------------------------------------------------- audit fixes


def test_ceil_not_floor_only_when_the_division_is_inexact() -> None:
    offered = 0
    for v in variants("conv_output_size", params={"allow_floor": True, "stride": [2, 3]}, seeds=range(120)):
        p = v.params
        inexact = (p["size"] + 2 * p["padding"] - p["dilation"] * (p["kernel"] - 1) - 1) % p["stride"] != 0
        tags = {m.tag for m in v.mistakes}
        if not inexact:
            assert "ceil-not-floor" not in tags
        if "ceil-not-floor" in tags:
            offered += 1
            value = next(m.value for m in v.mistakes if m.tag == "ceil-not-floor")
            assert value == v.answer + 1  # rounded up instead of down
            assert "切り捨て" in v.prompt.ja and "round down" in v.prompt.en
    assert offered > 0


def test_default_conv_template_only_draws_exact_divisions() -> None:
    for v in variants("conv_output_size"):
        p = v.params
        assert (p["size"] + 2 * p["padding"] - p["kernel"]) % p["stride"] == 0
        assert "ceil-not-floor" not in {m.tag for m in v.mistakes}


def brute_alignments(label: str, frames: int) -> int:
    def collapse(path: tuple[str, ...]) -> str:
        merged = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        return "".join(c for c in merged if c != "-")

    return sum(1 for path in itertools.product("-" + "".join(sorted(set(label))), repeat=frames) if collapse(path) == label)


def test_ctc_alignments_are_counted_right_and_vary() -> None:
    vs = variants("ctc_alignments", seeds=range(80))
    for v in vs[:30]:
        assert v.answer == brute_alignments(v.params["label"], v.params["frames"])
    assert len({(v.params["label"], v.params["frames"]) for v in vs}) >= 18


def test_attention_weights_are_never_trivial() -> None:
    for v in variants("attention_weight", seeds=range(80)):
        assert v.params["d_k"] > 1
        assert 0.05 <= float(v.answer) <= 0.95


@pytest.mark.parametrize("name", ["ctc_probability", "attention_weight", "roc_auc_small", "iou_boxes", "confusion_metrics",
                                  "average_precision", "js_divergence"])
def test_probability_options_stay_in_zero_one(name: str) -> None:
    for v in variants(name, seeds=range(80)):
        for c in v.choices:
            if c.tag == "near-miss" or c.correct:
                assert 0 <= float(c.value) <= 1, (v.seed, c)


@pytest.mark.parametrize("name", ["conv_output_size", "ctc_alignments", "receptive_field", "transposed_output_size"])
def test_count_options_are_positive_whole_numbers(name: str) -> None:
    for v in variants(name, seeds=range(80)):
        for c in v.choices:
            if c.tag == "near-miss":
                assert Fraction(c.value).denominator == 1 and c.value >= 1, (v.seed, c)


@pytest.mark.parametrize("name", ["ctc_probability", "ctc_alignments", "attention_weight", "conv_output_size", "receptive_field"])
def test_fallback_options_are_rare_for_the_audited_generators(name: str) -> None:
    vs = variants(name, seeds=range(80))
    assert sum(any(c.tag == "near-miss" for c in v.choices) for v in vs) < len(vs) // 10


def test_receptive_field_slips_follow_their_definitions() -> None:
    for v in variants("receptive_field", seeds=range(30)):
        layers = v.params["layers"]
        by_tag = {m.tag: m.value for m in v.mistakes}
        jump, rf = 1, 1
        for k, s, _ in layers:
            rf += (k - 1) * jump
            jump *= s
        assert v.answer == rf
        assert by_tag.get("own-stride-only", rf) in (rf, 1 + sum((k - 1) * s for k, s, _ in layers))
        assert display_value(by_tag.get("summed-kernels", rf)) in (str(rf), str(sum(k for k, _, _ in layers)))
