"""Generators for ReLU / Leaky ReLU values and slopes, the mean absolute error, and the Softmax-with-Loss gradient
y − t, each with the slips learners make on paper."""

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

# --- ReLU and Leaky ReLU -----------------------------------------------------------------------------------


def _draw_relu(d: Draw) -> dict[str, Any]:
    x = d.decimal("x", "0.5")
    if x == 0:
        raise Redraw("x = 0 is the non-differentiable point; its value depends on a convention")
    return {"function": str(d.pick("function")), "derivative": bool(d.pick("derivative")), "x": x,
            "alpha": Fraction(str(d.pick("alpha")))}


def _solve_relu(p: dict[str, Any]) -> Solution:
    from solvers.activations import leaky_relu, relu

    if p["function"] == "relu":
        return relu(p["x"], derivative=p["derivative"])
    return leaky_relu(p["x"], p["alpha"], derivative=p["derivative"])


def _relu_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    x, a = float(p["x"]), float(p["alpha"])
    leaky, derivative = p["function"] != "relu", p["derivative"]
    out: list[Mistake] = []
    if not derivative:
        out += _mistake(x if x < 0 else (a * x if leaky else 0.0), "sides-swapped", "正と負の側を取り違えています: 正の入力はそのまま、負の入力は"
                        + ("α 倍" if leaky else " 0") + "です。",
                        "You swapped the two sides: a positive input passes unchanged, a negative one is "
                        + ("multiplied by α." if leaky else "set to 0."))
        out += _mistake(abs(x), "absolute-value", "絶対値ではありません。負の入力は" + ("α 倍されて負のまま" if leaky else " 0") + "です。",
                        "It is not the absolute value; a negative input " + ("stays negative, scaled by α." if leaky else "becomes 0."))
        if leaky:
            out += _mistake(0.0 if x < 0 else -x, "plain-relu" if x < 0 else "sign-slip", "それは通常の ReLU の値です。Leaky ReLU は負の側に傾き α を残します。",
                            "That is plain ReLU; Leaky ReLU keeps the slope α on the negative side.")
            if x > 0:
                out[-1] = Mistake(-x, "sign-slip", Bilingual("符号を反転させる関数ではありません。", "Leaky ReLU does not flip the sign."))
            out += _mistake(a if x < 0 else 1.0, "slope-not-value", "それは傾き (微分) です。関数の値は α·x (x ≤ 0) です。",
                            "That is the slope (the derivative); the value is α·x for x ≤ 0.")
        else:
            out += _mistake(0.01 * x if x < 0 else 1.0, "leaky-or-slope",
                            "ReLU の負の側は 0 です (0.01x は Leaky ReLU)。" if x < 0 else "1 は傾き (微分) です。正の入力ではそのまま x を出力します。",
                            "ReLU gives 0 on the negative side (0.01x is Leaky ReLU)." if x < 0 else
                            "1 is the slope (the derivative); a positive input is passed through as x.")
            out += _mistake(-x, "sign-slip", "符号を反転させる関数ではありません。", "ReLU does not flip the sign.")
        return out
    out += _mistake(x, "value-not-slope", "それは関数の値 (入力そのもの) です。微分は傾きです。", "That is the function's value (the input itself); the derivative is the slope.")
    negative_slope = a if leaky else 0.0
    out += _mistake(1.0 if x < 0 else negative_slope, "sides-swapped", "正と負の側の傾きを取り違えています。",
                    "You swapped the slopes of the two sides.")
    if leaky:
        out += _mistake(0.0, "plain-relu", "0 は通常の ReLU の負の側の傾きです。Leaky ReLU の負の側は α、正の側は 1 です。",
                        "0 is plain ReLU's negative-side slope; Leaky ReLU has α there and 1 on the positive side.")
        if x < 0:
            out += _mistake(a * x, "value-not-slope", "α·x は関数の値です。微分 (傾き) は α です。", "α·x is the value; the slope is α.")
    else:
        out += _mistake(0.01, "leaky-slope", "0.01 は Leaky ReLU の負の側の傾きです。", "0.01 is Leaky ReLU's negative-side slope.")
        out += _mistake(0.5, "half-slope", "ReLU の傾きは 0 か 1 のどちらかです (x = 0 以外)。", "ReLU's slope is either 0 or 1 (away from x = 0).")
    return out


def _relu_prompt(p: dict[str, Any]) -> Bilingual:
    if p["function"] == "relu":
        name_ja, name_en = "ReLU 関数 f(x) = max(0, x)", "the ReLU f(x) = max(0, x)"
    else:
        alpha = _num(p["alpha"])
        name_ja = f"Leaky ReLU 関数 f(x) = x (x > 0)、{alpha}x (x ≤ 0)"
        name_en = f"the Leaky ReLU f(x) = x (x > 0), {alpha}x (x ≤ 0)"
    what_ja, what_en = ("の導関数 f'(x) の値", "the derivative f'(x) of ") if p["derivative"] else ("の値 f(x)", "the value f(x) of ")
    return Bilingual(f"x = {_num(p['x'])} における{name_ja}{what_ja}を求めよ。",
                     f"Find {what_en}{name_en} at x = {_num(p['x'])}.")


RELU_VALUE = GeneratorSpec(
    name="relu_value",
    title=Bilingual("ReLU・Leaky ReLU とその微分", "ReLU and Leaky ReLU values and slopes"),
    syllabus=("T12", "E3-1-4"),
    defaults={"function": {"one_of": ["relu", "leaky_relu"]}, "derivative": {"one_of": [False, True]}, "x": [-3, 3],
              "alpha": {"one_of": ["0.01", "0.1", "0.2"]}},
    draw=_draw_relu,
    solve=_solve_relu,
    prompt=_relu_prompt,
    mistakes=_relu_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=Bilingual("数値で答える (小数第3位まで)", "Answer with a number (up to 3 decimal places)"),
)


# --- mean absolute error ------------------------------------------------------------------------------------


def _draw_mae(d: Draw) -> dict[str, Any]:
    n = d.int("samples")
    pred = [d.decimal("pred_values", "0.5") for _ in range(n)]
    target = [Fraction(d.int("target_values")) for _ in range(n)]
    diffs = [y - t for y, t in zip(pred, target, strict=True)]
    if sum(1 for v in diffs if v) < 2 or len({abs(v) for v in diffs}) < 2 or all(v >= 0 for v in diffs) \
            or all(v <= 0 for v in diffs):
        raise Redraw("want different non-zero errors of both signs (so that dropping |·| changes the result)")
    return {"pred": pred, "target": target}


def _solve_mae(p: dict[str, Any]) -> Solution:
    from solvers.losses import mae

    return mae(p["pred"], p["target"])


def _mae_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    diffs = [float(y - t) for y, t in zip(p["pred"], p["target"], strict=True)]
    n = len(diffs)
    out = _mistake(sum(abs(v) for v in diffs), "sum-not-mean", f"絶対誤差の和のままです。平均をとるので {n} で割ります。",
                   f"You left the sum of absolute errors; the mean divides by {n}.")
    out += _mistake(sum(v * v for v in diffs) / n, "squared-not-absolute", "それは平均二乗誤差 (MSE) です。MAE は差の絶対値の平均です。",
                    "That is the mean squared error (MSE); the MAE averages the absolute differences.")
    out += _mistake(abs(sum(diffs) / n), "absolute-after-mean", "差を平均してから絶対値をとると、正負の誤差が打ち消し合います。",
                    "Averaging the signed differences first lets positive and negative errors cancel.")
    out += _mistake(math.sqrt(sum(v * v for v in diffs) / n), "rmse-not-mae", "それは RMSE (平均二乗誤差の平方根) です。",
                    "That is the RMSE (root of the mean squared error).")
    return out


MAE_VALUE = GeneratorSpec(
    name="mae_value",
    title=Bilingual("平均絶対誤差 (MAE)", "Mean absolute error"),
    syllabus=("T10", "E3-1-2", "E2-1-12"),
    defaults={"samples": [3, 5], "pred_values": [0, 4], "target_values": [0, 4]},
    draw=_draw_mae,
    solve=_solve_mae,
    prompt=lambda p: Bilingual(
        f"予測 y = {_vec(p['pred'])}、正解 t = {_vec(p['target'])} のとき、平均絶対誤差 MAE = (1/N) Σ |y − t| はいくつか"
        "(小数第4位を四捨五入)。",
        f"With predictions y = {_vec(p['pred'])} and targets t = {_vec(p['target'])}, what is the mean absolute error "
        "MAE = (1/N) Σ |y − t|? Round to 3 decimal places."),
    mistakes=_mae_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
    value_range=(0, None),
)


# --- Softmax-with-Loss gradient ----------------------------------------------------------------------------


def _draw_swl(d: Draw) -> dict[str, Any]:
    n = d.int("classes")
    logits = [d.int("logit_values") for _ in range(n)]
    if len(set(logits)) < 2:
        raise Redraw("all logits equal")
    target = int(d.rng.integers(n))
    index = target if d.pick("ask_target") else int(d.rng.choice([i for i in range(n) if i != target]))
    return {"logits": logits, "target": target, "index": index}


def _solve_swl(p: dict[str, Any]) -> Solution:
    from solvers.backprop import softmax_with_loss

    return softmax_with_loss(p["target"], logits=p["logits"])


def _swl_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    xs, k, c = p["logits"], p["index"], p["target"]
    exps = [math.exp(x) for x in xs]
    y = [e / sum(exps) for e in exps]
    t = 1.0 if k == c else 0.0
    out = _mistake(t - y[k], "sign-swapped", "符号が逆です。損失のロジットについての勾配は y − t です (t − y ではない)。",
                   "Wrong sign: the gradient of the loss with respect to the logits is y − t, not t − y.")
    out += _mistake(y[k] if k == c else y[k] - 1, "target-misplaced",
                    "正解ラベル t を引く成分を取り違えています。t は正解クラスだけ 1 (one-hot) です。",
                    "You subtracted the target at the wrong component; t is 1 only for the correct class (one-hot).")
    out += _mistake(y[k] * (1 - y[k]), "softmax-derivative-only", "それはソフトマックスの対角の微分 y(1 − y) です。交差エントロピーと合わせると y − t になります。",
                    "That is the softmax's own diagonal derivative y(1 − y); combined with cross-entropy it becomes y − t.")
    if k == c:
        out += _mistake(-1 / y[c], "gradient-wrt-output", "それは出力 y についての勾配 −t/y です。ロジット a についての勾配は y − t です。",
                        "That is the gradient with respect to the output y, −t/y; with respect to the logit it is y − t.")
    else:
        out += _mistake(1 - y[k], "one-minus-y", "正解クラスでない成分は t = 0 なので、勾配は y − 0 = y です (1 − y ではない)。",
                        "For a wrong class t = 0, so the gradient is y − 0 = y, not 1 − y.")
    return out


SOFTMAX_LOSS_GRADIENT = GeneratorSpec(
    name="softmax_loss_gradient",
    title=Bilingual("Softmax-with-Loss の逆伝播 (y − t)", "Softmax-with-Loss gradient (y − t)"),
    syllabus=("E3-2-2", "E3-1-3"),
    defaults={"classes": [3, 4], "logit_values": [-1, 2], "ask_target": {"one_of": [True, True, False]}},
    draw=_draw_swl,
    solve=_solve_swl,
    prompt=lambda p: Bilingual(
        f"ロジット a = {_vec(p['logits'])} をソフトマックス関数に通し、交差エントロピー誤差 L = −Σ t_k log y_k を計算する "
        f"(Softmax-with-Loss レイヤ)。正解クラスは {p['target'] + 1} 番目 (one-hot) である。逆伝播で得られる ∂L/∂a_{p['index'] + 1} "
        "はいくつか (小数第4位を四捨五入)。",
        f"The logits a = {_vec(p['logits'])} go through a softmax and the cross-entropy L = −Σ t_k log y_k is computed "
        f"(a Softmax-with-Loss layer). The correct class is number {p['target'] + 1} (one-hot). What is the gradient "
        f"∂L/∂a_{p['index'] + 1} from backpropagation? Round to 3 decimal places."),
    mistakes=_swl_mistakes,
    answer=lambda p, s: s.answer["gradient"][p["index"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_HINT,
    value_range=(-1, 1),
)

SPECS = (RELU_VALUE, MAE_VALUE, SOFTMAX_LOSS_GRADIENT)
