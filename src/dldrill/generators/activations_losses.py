"""Generators for activation values (softmax, sigmoid, tanh and their derivatives) and losses (cross-entropy,
binary cross-entropy, MSE / sum of squares), with the slips learners make on paper."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_HINT, THREE_PLACES
from dldrill.generators.conventions import short_number as _num
from dldrill.generators.conventions import slip as _mistake
from dldrill.generators.conventions import vector_text as _vec
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution

# --- softmax ---------------------------------------------------------------------------------------------

def _draw_softmax(d: Draw) -> dict[str, Any]:
    n = d.int("classes")
    logits = [d.int("logit_values") for _ in range(n)]
    if len(set(logits)) < 2:
        raise Redraw("all logits equal: every output is 1/n")
    return {"logits": logits, "index": int(d.rng.integers(n)), "temperature": d.int("temperature")}


def _solve_softmax(p: dict[str, Any]) -> Solution:
    from solvers.activations import softmax

    return softmax(p["logits"], p["temperature"])


def _softmax_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    from solvers.activations import softmax

    xs, k, t = p["logits"], p["index"], p["temperature"]
    exps = [math.exp(x / t) for x in xs]
    other = max((i for i in range(len(xs)) if i != k), key=lambda i: xs[i])
    out = _mistake(exps[k], "not-normalised", "指数を取っただけで、和で割って正規化していません。",
                   "You exponentiated but did not divide by the sum (no normalisation).")
    if sum(xs) > 0 and min(xs) >= 0 and xs[k]:
        out += _mistake(xs[k] / sum(xs), "linear-normalisation", "指数を取らずに値をそのまま和で割っています。",
                        "You divided the raw logits by their sum without exponentiating.")
    if t != 1:
        out += _mistake(float(softmax(xs, 1).answer[k]), "ignored-temperature",
                        f"温度 T = {t} で割り忘れています (y = softmax(x/T))。", f"You forgot to divide by the temperature T = {t}.")
        out += _mistake(float(softmax(xs, Fraction(1, t)).answer[k]), "times-temperature",
                        "温度は割ります (x/T)。掛けると分布が鋭くなってしまいます。",
                        "The logits are divided by T, not multiplied (multiplying sharpens the distribution).")
    out += _mistake(exps[k] / (sum(exps) - exps[k]), "others-in-denominator",
                    "分母は自分を含む全要素の指数の和です。", "The denominator sums the exponentials of all elements, itself included.")
    out += _mistake(1 / (1 + math.exp(-xs[k] / t)), "sigmoid-instead",
                    "要素ごとのシグモイドではなく、全要素で正規化するソフトマックスです。",
                    "Softmax normalises over all elements; it is not an element-wise sigmoid.")
    out += _mistake(exps[other] / sum(exps), "wrong-element", f"別の要素 (y_{other + 1}) の値を答えています。",
                    f"That is the value of another element (y_{other + 1}).")
    return out


def _softmax_prompt(p: dict[str, Any]) -> Bilingual:
    t = p["temperature"]
    temp_ja = f"温度 T = {t} のソフトマックス y_i = exp(x_i/T)/Σ_j exp(x_j/T)" if t != 1 else "ソフトマックス関数"
    temp_en = f"the softmax with temperature T = {t}, y_i = exp(x_i/T)/Σ_j exp(x_j/T)" if t != 1 else "the softmax function"
    return Bilingual(
        f"入力 x = {_vec(p['logits'])} に{temp_ja}を適用したとき、{p['index'] + 1} 番目の出力 y_{p['index'] + 1} はいくつか"
        "(小数第4位を四捨五入)。",
        f"Apply {temp_en} to x = {_vec(p['logits'])}. What is the output y_{p['index'] + 1} (element {p['index'] + 1})? "
        "Round to 3 decimal places.")


SOFTMAX_VALUE = GeneratorSpec(
    name="softmax_value",
    value_range=(0, 1),
    title=Bilingual("ソフトマックスの値", "Softmax value"),
    syllabus=("T12", "E3-1-3", "E3-1-4"),
    defaults={"classes": [2, 4], "logit_values": [-1, 3], "temperature": {"one_of": [1, 1, 1, 2]}},
    draw=_draw_softmax,
    solve=_solve_softmax,
    prompt=_softmax_prompt,
    mistakes=_softmax_mistakes,
    answer=lambda p, s: s.answer[p["index"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)


# --- sigmoid and tanh --------------------------------------------------------------------------------------

def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _draw_sigmoid_tanh(d: Draw) -> dict[str, Any]:
    x = d.decimal("x", "0.5")
    if x == 0:
        raise Redraw("x = 0 makes several slips coincide")
    return {"function": str(d.pick("function")), "derivative": bool(d.pick("derivative")), "x": x}


def _solve_sigmoid_tanh(p: dict[str, Any]) -> Solution:
    from solvers import activations

    solver = activations.sigmoid if p["function"] == "sigmoid" else activations.tanh
    return solver(p["x"], derivative=p["derivative"])


def _sigmoid_tanh_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    from solvers import activations

    x = float(p["x"])
    sig, th = _sigmoid(x), math.tanh(x)
    out: list[Mistake] = []
    if p["function"] == "sigmoid" and not p["derivative"]:
        out += _mistake(_sigmoid(-x), "sign-slip", "e^{−x} の符号を取り違えています (σ(x) = 1/(1 + e^{−x}))。",
                        "You got the sign in e^{−x} wrong (σ(x) = 1/(1 + e^{−x})).")
        out += _mistake(float(activations.tanh(p["x"]).answer), "tanh-instead", "それは tanh の値です。",
                        "That is the value of tanh.")
        out += _mistake(math.exp(x), "forgot-one", "分母の 1 + を忘れています: 1/e^{−x} = e^x になってしまいます。",
                        "You dropped the 1 + in the denominator, leaving 1/e^{−x} = e^x.")
    elif p["function"] == "sigmoid":
        out += _mistake(sig, "forward-value", "それは σ(x) の値 (順伝播の出力) です。微分は σ(x)(1 − σ(x))。",
                        "That is σ(x) itself (the forward output); the derivative is σ(x)(1 − σ(x)).")
        out += _mistake(1 - sig, "missing-factor", "σ(x) を掛け忘れています: σ'(x) = σ(x)(1 − σ(x))。",
                        "You left out the factor σ(x): σ'(x) = σ(x)(1 − σ(x)).")
        out += _mistake(1 - sig**2, "tanh-derivative-formula", "1 − y² は tanh の微分の形です。シグモイドは y(1 − y)。",
                        "1 − y² is tanh's derivative; the sigmoid's is y(1 − y).")
    elif not p["derivative"]:
        out += _mistake(float(activations.sigmoid(p["x"]).answer), "sigmoid-instead", "それはシグモイド σ(x) の値です。",
                        "That is the sigmoid σ(x).")
        out += _mistake(2 * sig - 1, "half-argument", "tanh(x) = 2σ(2x) − 1 の 2x を x にしています。",
                        "tanh(x) = 2σ(2x) − 1; you used σ(x) instead of σ(2x).")
        out += _mistake(-th, "sign-slip", "符号を取り違えています (tanh は奇関数で x と同符号)。",
                        "Wrong sign: tanh is odd and has the sign of x.")
    else:
        out += _mistake(th, "forward-value", "それは tanh(x) の値です。微分は 1 − tanh²(x)。",
                        "That is tanh(x) itself; the derivative is 1 − tanh²(x).")
        out += _mistake(1 - th, "forgot-square", "tanh を2乗し忘れています: 1 − tanh²(x)。", "You forgot to square tanh: 1 − tanh²(x).")
        out += _mistake(th * (1 - th), "sigmoid-derivative-formula", "y(1 − y) はシグモイドの微分の形です。tanh は 1 − y²。",
                        "y(1 − y) is the sigmoid's derivative; tanh's is 1 − y².")
    return out


def _sigmoid_tanh_prompt(p: dict[str, Any]) -> Bilingual:
    name = {"sigmoid": ("シグモイド関数 σ(x) = 1/(1 + e^{−x})", "the sigmoid σ(x) = 1/(1 + e^{−x})"),
            "tanh": ("双曲線正接関数 tanh(x)", "the hyperbolic tangent tanh(x)")}[p["function"]]
    what_ja = "の導関数の値" if p["derivative"] else "の値"
    what_en = "the derivative of " if p["derivative"] else ""
    return Bilingual(f"x = {_num(p['x'])} における{name[0]}{what_ja}を求めよ (小数第4位を四捨五入)。",
                     f"Find {what_en}{name[1]} at x = {_num(p['x'])} (round to 3 decimal places).")


SIGMOID_TANH_VALUE = GeneratorSpec(
    name="sigmoid_tanh_value",
    value_range=(-1, 1),
    title=Bilingual("シグモイド・tanh とその微分", "Sigmoid and tanh values and derivatives"),
    syllabus=("T12", "E3-1-4"),
    defaults={"function": {"one_of": ["sigmoid", "tanh"]}, "derivative": {"one_of": [False, True]}, "x": [-2, 2]},
    draw=_draw_sigmoid_tanh,
    solve=_solve_sigmoid_tanh,
    prompt=_sigmoid_tanh_prompt,
    mistakes=_sigmoid_tanh_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)


# --- cross-entropy -----------------------------------------------------------------------------------------

LOG_NAMES = {"e": ("自然対数 (底 e)", "natural log (base e)"), "2": ("底 2 の対数", "log base 2"),
             "10": ("常用対数 (底 10)", "log base 10")}


def _log(x: float, base: str) -> float:
    return math.log(x) if base == "e" else math.log(x, int(base))


def _tenths(d: Draw, n: int) -> list[Fraction]:
    """n probabilities in tenths, each at least 0.1, summing to 1 (how exam tables are written)."""
    cuts = sorted(int(c) for c in d.rng.choice(range(1, 10), size=n - 1, replace=False))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
    return [Fraction(v, 10) for v in parts]


def _draw_ce(d: Draw) -> dict[str, Any]:
    kind, base = str(d.pick("kind")), str(d.pick("log_base"))
    if kind == "categorical":
        probs = _tenths(d, d.int("classes"))
        return {"kind": kind, "log_base": base, "probs": probs, "target": int(d.rng.integers(len(probs)))}
    n = d.int("samples")
    probs = [Fraction(int(d.rng.integers(1, 10)), 10) for _ in range(n)]
    targets = [int(d.rng.integers(2)) for _ in range(n)]
    if len(set(targets)) < 2:
        raise Redraw("want both a positive and a negative example")
    return {"kind": kind, "log_base": base, "probs": probs, "targets": targets}


def _solve_ce(p: dict[str, Any]) -> Solution:
    from solvers.losses import binary_cross_entropy, cross_entropy

    if p["kind"] == "categorical":
        return cross_entropy(probs=p["probs"], target=p["target"], log_base=p["log_base"])
    return binary_cross_entropy(p["probs"], p["targets"], log_base=p["log_base"])


def _other_bases(p: dict[str, Any]) -> list[Mistake]:
    """The same loss in the other log bases, through the solver with the wrong setting."""
    out: list[Mistake] = []
    for base in ("e", "2", "10"):
        if base == p["log_base"]:
            continue
        value = float(_solve_ce({**p, "log_base": base}).answer)
        out += _mistake(value, f"log-base-{base}", f"{LOG_NAMES[base][0]}で計算しています。問題は{LOG_NAMES[p['log_base']][0]}です。",
                        f"You used the {LOG_NAMES[base][1]}; the question uses the {LOG_NAMES[p['log_base']][1]}.")
    return out


def _ce_mistakes(p: dict[str, Any], s: Solution) -> list[Mistake]:
    base = p["log_base"]
    if p["kind"] == "categorical":
        probs, k = [float(v) for v in p["probs"]], p["target"]
        wrong = max((i for i in range(len(probs)) if i != k), key=lambda i: probs[i])
        out = _mistake(-_log(probs[wrong], base), "wrong-class",
                       f"正解クラスではなく、確率が最大の別のクラス ({wrong}) の確率を使っています。",
                       f"You used the probability of another class ({wrong}, the most likely one), not the target class.")
        out += _mistake(_log(probs[k], base), "forgot-minus", "先頭のマイナスを忘れています。損失は −log y で正の値です。",
                        "You forgot the leading minus sign; the loss −log y is positive.")
        out += _other_bases(p)
        out += _mistake(-sum(_log(q, base) for q in probs), "all-classes",
                        "one-hot の正解では正解クラスの項だけが残ります。全クラスの −log を足していません。",
                        "With a one-hot target only the target class's term remains; do not add −log over every class.")
        out += _mistake(1 - probs[k], "one-minus-p", "交差エントロピーは −log y です (1 − y ではありません)。",
                        "Cross-entropy is −log y, not 1 − y.")
        return out
    ps, ts = [float(v) for v in p["probs"]], p["targets"]
    n = len(ps)
    terms = [-(t * _log(q, base) + (1 - t) * _log(1 - q, base)) for q, t in zip(ps, ts, strict=True)]
    out = _mistake(sum(terms), "sum-not-mean", f"{n} 個の和のままです。Keras・PyTorch の既定では平均を取ります。",
                   f"You left the sum of the {n} terms; Keras and PyTorch take the mean by default.")
    out += _mistake(-sum(t * _log(q, base) for q, t in zip(ps, ts, strict=True)) / n, "forgot-negative-term",
                    "t = 0 の要素の (1 − t)·log(1 − p) の項を忘れています。",
                    "You dropped the (1 − t)·log(1 − p) term, which is the only one for t = 0.")
    out += _mistake(-sum(_log(q, base) for q in ps) / n, "ignored-targets",
                    "正解ラベルによらず log p を使っています。t = 0 の要素は log(1 − p) です。",
                    "You used log p whatever the label; for t = 0 it is log(1 − p).")
    out += _mistake(-sum(terms) / n, "forgot-minus", "先頭のマイナスを忘れています。損失は正の値です。",
                    "You forgot the leading minus sign; the loss is positive.")
    out += _other_bases(p)
    return out


def _ce_prompt(p: dict[str, Any]) -> Bilingual:
    log_ja, log_en = LOG_NAMES[p["log_base"]]
    if p["kind"] == "categorical":
        return Bilingual(
            f"{len(p['probs'])} クラス分類で、モデルのソフトマックス出力が y = {_vec(p['probs'])}、正解クラスが {p['target']} "
            f"(クラス番号は 0 から、one-hot) のとき、交差エントロピー誤差 L = −Σ t_k log y_k はいくつか。対数は{log_ja}、"
            "小数第4位を四捨五入。",
            f"In a {len(p['probs'])}-class problem the softmax output is y = {_vec(p['probs'])} and the target class is "
            f"{p['target']} (classes from 0, one-hot). What is the cross-entropy L = −Σ t_k log y_k? Use the {log_en} and "
            "round to 3 decimal places.")
    return Bilingual(
        f"2値分類で、予測確率 p = {_vec(p['probs'])}、正解ラベル t = {_vec(p['targets'])} のとき、バイナリ交差エントロピー "
        f"L = −(1/N) Σ [t log p + (1 − t) log(1 − p)] (平均) はいくつか。対数は{log_ja}、小数第4位を四捨五入。",
        f"In binary classification the predicted probabilities are p = {_vec(p['probs'])} and the labels t = "
        f"{_vec(p['targets'])}. What is the binary cross-entropy L = −(1/N) Σ [t log p + (1 − t) log(1 − p)] (the mean)? "
        f"Use the {log_en} and round to 3 decimal places.")


CROSS_ENTROPY_VALUE = GeneratorSpec(
    name="cross_entropy_value",
    value_range=(0, None),
    title=Bilingual("交差エントロピー誤差の値", "Cross-entropy value"),
    syllabus=("T13", "E3-1-3"),
    defaults={"kind": {"one_of": ["categorical", "categorical", "binary"]}, "log_base": "e", "classes": [3, 4],
              "samples": [2, 3]},
    draw=_draw_ce,
    solve=_solve_ce,
    prompt=_ce_prompt,
    mistakes=_ce_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)


# --- squared error ------------------------------------------------------------------------------------------

def _draw_mse(d: Draw) -> dict[str, Any]:
    n = d.int("samples")
    pred = [d.decimal("pred_values", "0.5") for _ in range(n)]
    target = [Fraction(d.int("target_values")) for _ in range(n)]
    diffs = [y - t for y, t in zip(pred, target, strict=True)]
    if sum(1 for v in diffs if v) < 2 or len({abs(v) for v in diffs}) < 2:
        raise Redraw("want at least two different non-zero errors")
    return {"loss": str(d.pick("loss")), "pred": pred, "target": target}


def _solve_mse(p: dict[str, Any]) -> Solution:
    from solvers import losses

    return (losses.mse if p["loss"] == "mse" else losses.sse)(p["pred"], p["target"])


def _mse_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    diffs = [float(y - t) for y, t in zip(p["pred"], p["target"], strict=True)]
    n = len(diffs)
    sq = sum(d * d for d in diffs)
    if p["loss"] == "mse":
        out = _mistake(sq, "sum-not-mean", f"2乗誤差の和のままです。平均二乗誤差は {n} で割ります。",
                       f"You left the sum of squares; the mean squared error divides by {n}.")
        out += _mistake(sq / (2 * n), "added-half", "½ は二乗和誤差 E = ½Σ(y − t)² の係数です。MSE には付きません。",
                        "The ½ belongs to the sum-of-squares error E = ½Σ(y − t)²; MSE has no ½.")
        out += _mistake((sum(diffs) / n) ** 2, "squared-after-mean", "差を平均してから2乗しています。各差を2乗してから平均します。",
                        "You averaged the differences and then squared; square each difference first, then average.")
        out += _mistake(sum(abs(d) for d in diffs) / n, "absolute-not-squared", "それは平均絶対誤差 (MAE) です。差を2乗します。",
                        "That is the mean absolute error (MAE); square the differences.")
        out += _mistake(math.sqrt(sq / n), "took-root", "平方根を取ると RMSE になります。MSE は平方根を取りません。",
                        "Taking the square root gives the RMSE; the MSE has no root.")
        return out
    out = _mistake(sq, "forgot-half", "½ を掛け忘れています (E = ½Σ(y − t)²)。", "You forgot the ½ (E = ½Σ(y − t)²).")
    out += _mistake(sq / n, "mean-not-half", f"{n} で割る平均 (MSE) になっています。二乗和誤差は ½ を掛けるだけです。",
                    f"You divided by {n} (the MSE); the sum-of-squares error only multiplies by ½.")
    out += _mistake(sum(diffs) ** 2 / 2, "squared-after-sum", "差を足してから2乗しています。各差を2乗してから足します。",
                    "You summed the differences and then squared; square each difference first, then sum.")
    out += _mistake(sum(abs(d) for d in diffs) / 2, "absolute-not-squared", "差を2乗していません (絶対値を足しています)。",
                    "You did not square the differences (you added their absolute values).")
    return out


def _mse_prompt(p: dict[str, Any]) -> Bilingual:
    if p["loss"] == "mse":
        what_ja, what_en = "平均二乗誤差 MSE = (1/N) Σ (y − t)²", "mean squared error MSE = (1/N) Σ (y − t)²"
    else:
        what_ja, what_en = "二乗和誤差 E = ½ Σ (y − t)²", "sum-of-squares error E = ½ Σ (y − t)²"
    return Bilingual(
        f"予測 y = {_vec(p['pred'])}、正解 t = {_vec(p['target'])} のとき、{what_ja} はいくつか (小数第4位を四捨五入)。",
        f"With predictions y = {_vec(p['pred'])} and targets t = {_vec(p['target'])}, what is the {what_en}? "
        "Round to 3 decimal places.")


MSE_VALUE = GeneratorSpec(
    name="mse_value",
    value_range=(0, None),
    title=Bilingual("二乗誤差の値", "Squared-error loss value"),
    syllabus=("T13", "E3-1-2"),
    defaults={"loss": {"one_of": ["mse", "sse"]}, "samples": [3, 4], "pred_values": [0, 3], "target_values": [0, 3]},
    draw=_draw_mse,
    solve=_solve_mse,
    prompt=_mse_prompt,
    mistakes=_mse_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
)

SPECS = (SOFTMAX_VALUE, SIGMOID_TANH_VALUE, CROSS_ENTROPY_VALUE, MSE_VALUE)
