"""Generators for mutual information, JS divergence, perplexity and the expectation / variance of a discrete variable.

Keys and steps come from :mod:`solvers.information` and :mod:`solvers.statistics`; each wrong option is
recomputed by a direct formula with one slip (a missing term, the wrong log base, the unweighted mean …).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.generators.evaluation import THREE_PLACES_HINT, mistake
from dldrill.generators.probability import LOG_NAMES, _composition, _log, _prob_text
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _h(ps: list[float], base: str) -> float:
    return -sum(p * _log(p, base) for p in ps if p > 0)


def _other(base: str) -> str:
    return "e" if base == "2" else "2"


# ---------------------------------------------------------------- mutual_information


def _draw_mi(d: Draw) -> dict[str, Any]:
    den = d.int("denominator")
    cells = d.shuffle(_composition(d, 4, den))
    joint = [[cells[0], cells[1]], [cells[2], cells[3]]]
    px = [sum(row, Fraction(0)) for row in joint]
    py = [joint[0][j] + joint[1][j] for j in range(2)]
    mi = sum(float(joint[i][j]) * math.log(joint[i][j] / (px[i] * py[j])) for i in range(2) for j in range(2))
    if mi < 0.01:
        raise Redraw("nearly independent: I(X; Y) ≈ 0 is a one-liner")
    return {"joint": [[_prob_text(v, den == 10) for v in row] for row in joint], "base": str(d.pick("base"))}


def _joint(p: dict[str, Any]) -> list[list[Fraction]]:
    return [[Fraction(v) for v in row] for row in p["joint"]]


def _solve_mi(p: dict[str, Any]) -> Solution:
    from solvers.information import mutual_information

    return mutual_information(_joint(p), p["base"])


def _mi_parts(p: dict[str, Any], base: str) -> tuple[float, float, float]:
    t = [[float(v) for v in row] for row in _joint(p)]
    px = [sum(row) for row in t]
    py = [t[0][j] + t[1][j] for j in range(2)]
    return _h(px, base), _h(py, base), _h([v for row in t for v in row], base)


def _mi_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    base = p["base"]
    hx, hy, hxy = _mi_parts(p, base)
    ox, oy, oxy = _mi_parts(p, _other(base))
    return [
        mistake(hx + hy, "forgot-joint", "周辺エントロピーの和のままです。I(X; Y) = H(X) + H(Y) − H(X, Y) と同時エントロピーを引きます。",
                "You stopped at the sum of the marginal entropies; subtract the joint entropy: I(X; Y) = H(X) + H(Y) − H(X, Y)."),
        mistake(hxy, "joint-entropy", "それは同時エントロピー H(X, Y) です。", "That is the joint entropy H(X, Y)."),
        mistake(hxy - hy, "conditional-entropy", "それは条件付きエントロピー H(X|Y) = H(X, Y) − H(Y) です。I(X; Y) = H(X) − H(X|Y)。",
                "That is the conditional entropy H(X|Y) = H(X, Y) − H(Y); I(X; Y) = H(X) − H(X|Y)."),
        mistake(ox + oy - oxy, "wrong-log-base", "対数の底が違います (ビットとナットの取り違え)。", "Wrong log base (bits and nats mixed up)."),
    ]


def _mi_prompt(p: dict[str, Any]) -> Bilingual:
    (a, b), (c, e) = p["joint"]
    log_ja, log_en = LOG_NAMES[p["base"]]
    table = f"P(X=0, Y=0) = {a}, P(X=0, Y=1) = {b}, P(X=1, Y=0) = {c}, P(X=1, Y=1) = {e}"
    return Bilingual(f"2値の確率変数 X, Y の同時分布が {table} のとき、相互情報量 I(X; Y) を{log_ja}で求めよ (小数第4位を四捨五入)。",
                     f"Two binary random variables X, Y have the joint distribution {table}. Find the mutual information "
                     f"I(X; Y) using the {log_en} (round to 3 decimal places).")


MUTUAL_INFORMATION = GeneratorSpec(
    name="mutual_information",
    title=Bilingual("相互情報量", "Mutual information"),
    syllabus=("E1-3-1",),
    defaults={"denominator": {"one_of": [8, 10]}, "base": {"one_of": ["2", "2", "e"]}},
    draw=_draw_mi,
    solve=_solve_mi,
    prompt=_mi_prompt,
    mistakes=_mi_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
    value_range=(0, None),
)


# ---------------------------------------------------------------- js_divergence


def _draw_js(d: Draw) -> dict[str, Any]:
    n, den = d.int("outcomes"), d.int("denominator")
    p, q = _composition(d, n, den), d.shuffle(_composition(d, n, den))
    if p == q:
        raise Redraw("p = q gives JS = 0")
    return {"p": [_prob_text(x, den == 10) for x in p], "q": [_prob_text(x, den == 10) for x in q], "base": str(d.pick("base"))}


def _solve_js(p: dict[str, Any]) -> Solution:
    from solvers.information import js_divergence

    return js_divergence([Fraction(x) for x in p["p"]], [Fraction(x) for x in p["q"]], p["base"])


def _kl(ps: list[float], qs: list[float], base: str) -> float:
    return sum(a * _log(a / b, base) for a, b in zip(ps, qs, strict=True) if a > 0)


def _js_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    ps, qs, base = [float(Fraction(x)) for x in p["p"]], [float(Fraction(x)) for x in p["q"]], p["base"]
    ms = [(a + b) / 2 for a, b in zip(ps, qs, strict=True)]
    kp, kq = _kl(ps, ms, base), _kl(qs, ms, base)
    other = _other(base)
    return [
        mistake(kp + kq, "forgot-half", "2つの KL を足しただけです。JS はその平均 ½KL(p‖m) + ½KL(q‖m) です。",
                "You added the two KLs; JS is their mean, ½KL(p‖m) + ½KL(q‖m)."),
        mistake(_kl(ps, qs, base), "kl-not-js", "それは KL(p‖q) です。JS は混合分布 m = (p + q)/2 との KL の平均です。",
                "That is KL(p‖q); JS averages the KLs to the mixture m = (p + q)/2."),
        mistake(kp / 2, "one-term-only", "½KL(p‖m) だけで、½KL(q‖m) の項を忘れています。", "You kept ½KL(p‖m) and forgot ½KL(q‖m)."),
        mistake((_kl(ps, ms, other) + _kl(qs, ms, other)) / 2, "wrong-log-base", "対数の底が違います (ビットとナットの取り違え)。",
                "Wrong log base (bits and nats mixed up)."),
    ]


JS_DIVERGENCE = GeneratorSpec(
    name="js_divergence",
    title=Bilingual("JS ダイバージェンス", "Jensen–Shannon divergence"),
    syllabus=("E1-3-1",),
    defaults={"outcomes": [2, 3], "denominator": {"one_of": [4, 10]}, "base": {"one_of": ["2", "e"]}},
    draw=_draw_js,
    solve=_solve_js,
    prompt=lambda p: Bilingual(
        f"確率分布 p = ({', '.join(p['p'])}) と q = ({', '.join(p['q'])}) の JS ダイバージェンス "
        f"JS(p, q) = ½KL(p‖m) + ½KL(q‖m) (m = (p + q)/2) を{LOG_NAMES[p['base']][0]}で求めよ (小数第4位を四捨五入)。",
        f"Find the Jensen–Shannon divergence JS(p, q) = ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2, of p = ({', '.join(p['p'])}) "
        f"and q = ({', '.join(p['q'])}) using the {LOG_NAMES[p['base']][1]} (round to 3 decimal places)."),
    mistakes=_js_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
    value_range=(0, 1),
)


# ---------------------------------------------------------------- perplexity_value


def _draw_pp(d: Draw) -> dict[str, Any]:
    tokens = [Fraction(str(d.pick("token_probs"))) for _ in range(d.int("tokens"))]
    if len(set(tokens)) < 2:
        raise Redraw("equal probabilities make PP = 1/p a one-liner")
    return {"p": [_prob_text(t) for t in tokens]}


def _solve_pp(p: dict[str, Any]) -> Solution:
    from solvers.information import perplexity

    return perplexity([Fraction(x) for x in p["p"]], "e", per_token=True)


def _pp_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    ts = [float(Fraction(x)) for x in p["p"]]
    n = len(ts)
    nll = -sum(math.log(t) for t in ts) / n
    return [
        mistake(sum(1 / t for t in ts) / n, "arithmetic-mean", "1/p の算術平均です。パープレキシティは幾何平均の逆数 (Π p_i)^(−1/N) です。",
                "That is the arithmetic mean of 1/p; perplexity is the inverse geometric mean (Π p_i)^(−1/N)."),
        mistake(n / sum(ts), "inverse-mean", "確率の算術平均の逆数です。平均は幾何平均 (対数の平均) でとります。",
                "That is the inverse of the arithmetic mean of the probabilities; the mean must be geometric (a mean of logs)."),
        mistake(nll, "cross-entropy-not-perplexity", "それは平均負対数尤度 (交差エントロピー) H です。パープレキシティは e^H です。",
                "That is the mean negative log-likelihood (cross-entropy) H; the perplexity is e^H."),
        mistake(2 ** nll, "base-mismatch", "ナットで求めた H に 2 の累乗をとっています。底をそろえます (e^H_e = 2^H_2)。",
                "You raised 2 to an H measured in nats; the bases must match (e^H_e = 2^H_2)."),
        mistake(math.exp(-sum(math.log(t) for t in ts)), "no-root", "確率の積の逆数のままです。N 乗根 (1/N 乗) をとってトークンあたりにします。",
                "You left the inverse of the product; take the N-th root to get a per-token value."),
    ]


PERPLEXITY_VALUE = GeneratorSpec(
    name="perplexity_value",
    title=Bilingual("パープレキシティ", "Perplexity"),
    syllabus=("E2-1-12", "E1-3-1"),
    defaults={"tokens": [2, 4], "token_probs": {"one_of": ["0.1", "0.2", "0.25", "0.4", "0.5", "0.8"]}},
    draw=_draw_pp,
    solve=_solve_pp,
    prompt=lambda p: Bilingual(
        f"言語モデルが {len(p['p'])} 個のトークンからなる文の各トークンに、順に確率 {', '.join(p['p'])} を割り当てた。"
        "この文のパープレキシティ PP = (Π p_i)^(−1/N) はいくつか (小数第4位を四捨五入)。",
        f"A language model assigns the probabilities {', '.join(p['p'])} to the {len(p['p'])} tokens of a sentence. "
        "What is the perplexity PP = (Π p_i)^(−1/N) of the sentence? Round to 3 decimal places."),
    mistakes=_pp_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
    value_range=(1, None),
)


# ---------------------------------------------------------------- expectation_value


def _draw_expectation(d: Draw) -> dict[str, Any]:
    n = d.int("outcomes")
    values = sorted({d.int("values") for _ in range(n)})
    if len(values) < n:
        raise Redraw("repeated values")
    probs = d.shuffle(_composition(d, n, 10))
    if len(set(probs)) < 2:
        raise Redraw("uniform probabilities make the weighting invisible")
    return {"values": values, "probs": [_prob_text(x) for x in probs], "asked": str(d.pick("asked"))}


def _solve_expectation(p: dict[str, Any]) -> Solution:
    from solvers.statistics import expectation

    return expectation(p["values"], [Fraction(x) for x in p["probs"]])


def _expectation_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    xs, ps = [Fraction(v) for v in p["values"]], [Fraction(x) for x in p["probs"]]
    n = len(xs)
    mean = sum((x * q for x, q in zip(xs, ps, strict=True)), Fraction(0))
    second = sum((x * x * q for x, q in zip(xs, ps, strict=True)), Fraction(0))
    plain = sum(xs, Fraction(0)) / n
    if p["asked"] == "expectation":
        return [
            mistake(plain, "unweighted-mean", "確率で重みづけずに値を単純平均しています。E[X] = Σ x_i p_i。",
                    "You averaged the values without weighting them by their probabilities; E[X] = Σ x_i p_i."),
            mistake(xs[max(range(n), key=lambda i: ps[i])], "most-likely-value", "それは最も確率の高い値 (最頻値) です。期待値は重みつき平均です。",
                    "That is the most likely value (the mode); the expectation is the probability-weighted mean."),
            mistake(second, "second-moment", "それは 2乗の期待値 E[X²] です。", "That is the expectation of the square, E[X²]."),
            mistake(sum(xs, Fraction(0)), "sum-of-values", "値を足しただけで確率を掛けていません。", "You added the values without multiplying by their probabilities."),
        ]
    plain_var = sum(((x - plain) ** 2 for x in xs), Fraction(0)) / n
    return [
        mistake(second, "forgot-mean-square", "E[X²] のままです。分散は E[X²] − (E[X])² です。", "You stopped at E[X²]; the variance is E[X²] − (E[X])²."),
        mistake(second - mean, "mean-not-squared", "E[X] を2乗せずに引いています: V[X] = E[X²] − (E[X])²。",
                "You subtracted E[X] without squaring it: V[X] = E[X²] − (E[X])²."),
        mistake(plain_var, "unweighted-variance", "確率で重みづけずに値の分散を計算しています。", "You took the variance of the values without weighting by the probabilities."),
        mistake(math.sqrt(second - mean * mean), "took-root", "平方根をとると標準偏差です。分散は平方根をとりません。",
                "Taking the square root gives the standard deviation; the variance has no root."),
    ]


def _expectation_prompt(p: dict[str, Any]) -> Bilingual:
    table = ", ".join(f"P(X = {x}) = {q}" for x, q in zip(p["values"], p["probs"], strict=True))
    if p["asked"] == "expectation":
        return Bilingual(f"離散確率変数 X の分布が {table} のとき、期待値 E[X] を求めよ (小数第4位を四捨五入)。",
                         f"A discrete random variable X has the distribution {table}. Find the expectation E[X] "
                         "(round to 3 decimal places).")
    return Bilingual(f"離散確率変数 X の分布が {table} のとき、分散 V[X] を求めよ (小数第4位を四捨五入)。",
                     f"A discrete random variable X has the distribution {table}. Find the variance V[X] (round to 3 decimal places).")


EXPECTATION_VALUE = GeneratorSpec(
    name="expectation_value",
    title=Bilingual("離散確率変数の期待値と分散", "Expectation and variance of a discrete variable"),
    syllabus=("T37", "E1-2-1"),
    defaults={"outcomes": [3, 4], "values": [-2, 6], "asked": {"one_of": ["expectation", "expectation", "variance"]}},
    draw=_draw_expectation,
    solve=_solve_expectation,
    prompt=_expectation_prompt,
    mistakes=_expectation_mistakes,
    answer=lambda p, s: s.answer[p["asked"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)

SPECS = (MUTUAL_INFORMATION, JS_DIVERGENCE, PERPLEXITY_VALUE, EXPECTATION_VALUE)
