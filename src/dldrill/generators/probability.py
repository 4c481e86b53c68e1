"""Generators for information theory and statistics: entropy, KL divergence, Bayes' rule, variance, correlation, binomial.

Keys and steps come from :mod:`solvers.information` and :mod:`solvers.statistics`; every wrong option is
recomputed with ``math`` or ``fractions`` under one modelled slip (the other log base, the KL direction
reversed, base-rate neglect, ÷n instead of ÷(n − 1), the binomial coefficient forgotten …).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.generators.evaluation import THREE_PLACES_HINT, keep, mistake
from dldrill.grading import Mistake, Tolerance
from solvers.steps import Bilingual, Solution

FOUR_PLACES = Tolerance("decimals", 4, "half_up")
FOUR_PLACES_HINT = Bilingual("小数第4位まで (小数第5位を四捨五入)", "4 decimal places (round half up)")
LOG_NAMES = {"2": ("log₂ (単位: ビット)", "log₂ (bits)"), "e": ("自然対数 ln (単位: ナット)", "natural log ln (nats)")}


def _prob_text(p: Fraction, decimal: bool = True) -> str:
    """How a probability is written in params and prompts: a short decimal (0.05), or a fraction (3/8) on a dyadic grid."""
    return f"{float(p):g}" if decimal else str(p)


def _log(x: float, base: str) -> float:
    return math.log2(x) if base == "2" else math.log(x)


def _composition(d: Draw, parts: int, denominator: int) -> list[Fraction]:
    """``parts`` positive multiples of 1/denominator that sum to 1, largest first."""
    if parts > denominator:
        raise Redraw("more outcomes than grid steps")
    cuts = sorted(int(c) + 1 for c in d.rng.choice(denominator - 1, size=parts - 1, replace=False))
    edges = [0, *cuts, denominator]
    return sorted((Fraction(b - a, denominator) for a, b in itertools.pairwise(edges)), reverse=True)


# ---------------------------------------------------------------- entropy_value


def _draw_entropy(d: Draw) -> dict[str, Any]:
    den = d.int("denominator")
    probs = _composition(d, d.int("outcomes"), den)
    if len(set(probs)) == 1 and len(probs) > 2:
        raise Redraw("the uniform case is a one-liner")
    if d.pick("allow_zero"):
        probs.append(Fraction(0))
    return {"p": [_prob_text(x, den == 10) for x in probs], "base": str(d.pick("base"))}


def _solve_entropy(p: dict[str, Any]) -> Solution:
    from solvers.information import entropy

    return entropy([Fraction(x) for x in p["p"]], p["base"])


def entropy_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """The other log base, the sign dropped, log n as if uniform (counting a p = 0 outcome), unweighted logs."""
    probs = [Fraction(x) for x in p["p"]]
    base, other = p["base"], "e" if p["base"] == "2" else "2"
    nonzero = [float(x) for x in probs if x > 0]
    h = -sum(x * _log(x, base) for x in nonzero)
    has_zero = len(nonzero) < len(probs)
    unit = {"2": ("ビット (log₂)", "bits (log₂)"), "e": ("ナット (ln)", "nats (ln)")}
    out = [
        mistake(-sum(x * _log(x, other) for x in nonzero), "wrong-log-base",
                f"対数の底を取り違えています。問われているのは {unit[base][0]} で、{unit[other][0]} ではありません (1 nat = 1/ln 2 ≈ 1.443 ビット)。",
                f"Wrong log base: the question asks for {unit[base][1]}, not {unit[other][1]} (1 nat = 1/ln 2 ≈ 1.443 bits)."),
        mistake(-h, "forgot-minus-sign", "マイナス符号を忘れています。log p ≤ 0 なので H = −Σ p log p ≥ 0 です。",
                "You dropped the minus sign; log p ≤ 0, so H = −Σ p log p ≥ 0."),
    ]
    if has_zero:
        out.append(mistake(_log(len(probs), base), "zero-outcome-counted",
                           "確率 0 の事象も1つの選択肢として数え、一様分布の log n を使っています。0·log 0 = 0 なので確率 0 の事象は何も寄与しません。",
                           "You counted the probability-0 outcome and used log n of a uniform distribution; 0·log 0 = 0, "
                           "so that outcome contributes nothing."))
    else:
        out.append(mistake(_log(len(probs), base), "used-log-n", "それは一様分布のときの最大値 log n です。偏った分布のエントロピーはそれより小さくなります。",
                           "That is log n, the maximum reached only by the uniform distribution; a skewed one has less."))
    out.append(mistake(-sum(_log(x, base) for x in nonzero), "forgot-probability-weights",
                       "各項に確率 p を掛け忘れています (自己情報量の単純和)。エントロピーは期待値 −Σ p log p です。",
                       "You forgot to weight each term by p (a plain sum of self-information); entropy is the expectation −Σ p log p."))
    return out


def _entropy_prompt(p: dict[str, Any]) -> Bilingual:
    shown = ", ".join(p["p"])
    log_ja, log_en = LOG_NAMES[p["base"]]
    return Bilingual(f"確率分布 p = ({shown}) のエントロピー H(p) = −Σ p log p を、{log_ja} で求めよ。",
                     f"Find the entropy H(p) = −Σ p log p of the distribution p = ({shown}) using the {log_en}.")


ENTROPY_VALUE = GeneratorSpec(
    name="entropy_value",
    value_range=(0, None),
    title=Bilingual("エントロピーの計算", "Entropy of a distribution"),
    syllabus=("E1-3-1", "T37"),
    defaults={"outcomes": [2, 4], "denominator": {"one_of": [4, 8, 10]}, "base": {"one_of": ["2", "2", "e"]},
              "allow_zero": {"one_of": [False, False, True]}},
    draw=_draw_entropy,
    solve=_solve_entropy,
    prompt=_entropy_prompt,
    mistakes=entropy_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=Bilingual("小数第3位まで (小数第4位を四捨五入)", "3 decimal places (round half up)"),
)


# ---------------------------------------------------------------- kl_divergence


def _draw_kl(d: Draw) -> dict[str, Any]:
    n, den = d.int("outcomes"), d.int("denominator")
    p, q = _composition(d, n, den), _composition(d, n, den)
    q = d.shuffle(q)
    if p == q:
        raise Redraw("p = q gives KL = 0")
    fwd = sum(float(a) * math.log(a / b) for a, b in zip(p, q, strict=True))
    back = sum(float(b) * math.log(b / a) for a, b in zip(p, q, strict=True))
    if abs(fwd - back) < 0.01:
        raise Redraw("want an asymmetric pair so that the direction matters")
    return {"p": [_prob_text(x, den == 10) for x in p], "q": [_prob_text(x, den == 10) for x in q], "base": str(d.pick("base"))}


def _solve_kl(p: dict[str, Any]) -> Solution:
    from solvers.information import kl_divergence

    return kl_divergence([Fraction(x) for x in p["p"]], [Fraction(x) for x in p["q"]], p["base"])


def kl_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """KL(q‖p) instead of KL(p‖q), the other base, cross-entropy, and the log ratio upside down."""
    ps = [float(Fraction(x)) for x in p["p"]]
    qs = [float(Fraction(x)) for x in p["q"]]
    base, other = p["base"], "e" if p["base"] == "2" else "2"
    return [
        mistake(sum(b * _log(b / a, base) for a, b in zip(ps, qs, strict=True)), "direction-swapped",
                "向きが逆です (KL(q‖p) を計算しています)。KL(p‖q) = Σ p log(p/q) は p で重みづけます。KL は非対称です。",
                "Wrong direction: that is KL(q‖p). KL(p‖q) = Σ p log(p/q) is weighted by p; KL is not symmetric."),
        mistake(sum(a * _log(a / b, other) for a, b in zip(ps, qs, strict=True)), "wrong-log-base",
                "対数の底が違います (ビットとナットの取り違え)。", "Wrong log base (bits and nats mixed up)."),
        mistake(-sum(a * _log(b, base) for a, b in zip(ps, qs, strict=True)), "cross-entropy-not-kl",
                "それは交差エントロピー H(p, q) です。KL(p‖q) = H(p, q) − H(p)。",
                "That is the cross-entropy H(p, q); KL(p‖q) = H(p, q) − H(p)."),
        mistake(sum(a * _log(b / a, base) for a, b in zip(ps, qs, strict=True)), "ratio-inverted",
                "対数の中の比が逆 (q/p) です。KL は常に 0 以上になります。", "The ratio inside the log is upside down (q/p); KL is never negative."),
    ]


def _kl_prompt(p: dict[str, Any]) -> Bilingual:
    ps, qs = ", ".join(p["p"]), ", ".join(p["q"])
    log_ja, log_en = LOG_NAMES[p["base"]]
    return Bilingual(f"2つの確率分布 p = ({ps}) と q = ({qs}) について、KL ダイバージェンス KL(p‖q) = Σ p log(p/q) を {log_ja} で求めよ。",
                     f"For the distributions p = ({ps}) and q = ({qs}), find the KL divergence KL(p‖q) = Σ p log(p/q) "
                     f"using the {log_en}.")


KL_DIVERGENCE = GeneratorSpec(
    name="kl_divergence",
    value_range=(0, None),
    title=Bilingual("KL ダイバージェンス", "KL divergence"),
    syllabus=("E1-3-1", "E1-2-4"),
    defaults={"outcomes": [2, 3], "denominator": {"one_of": [4, 10]}, "base": {"one_of": ["e", "e", "2"]}},
    draw=_draw_kl,
    solve=_solve_kl,
    prompt=_kl_prompt,
    mistakes=kl_mistakes,
    answer=lambda p, s: s.answer["p||q"],
    tolerance=THREE_PLACES,
    answer_hint=Bilingual("小数第3位まで (小数第4位を四捨五入)", "3 decimal places (round half up)"),
)


# ---------------------------------------------------------------- bayes_posterior


def _draw_bayes(d: Draw) -> dict[str, Any]:
    prior, sens, fpr = d.decimal("prior"), d.decimal("sensitivity"), d.decimal("false_positive")
    return {"prior": _prob_text(prior), "sensitivity": _prob_text(sens), "false_positive": _prob_text(fpr)}


def _solve_bayes(p: dict[str, Any]) -> Solution:
    from solvers.statistics import bayes

    return bayes(Fraction(p["prior"]), Fraction(p["sensitivity"]), Fraction(p["false_positive"]))


def bayes_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Base-rate neglect, the joint instead of the conditional, the false-positive branch unweighted or left out."""
    prior, sens, fpr = Fraction(p["prior"]), Fraction(p["sensitivity"]), Fraction(p["false_positive"])
    return [
        mistake(sens, "base-rate-neglect", "基準率の無視: それは感度 P(+|D) です。有病率が低いと、陽性者の多くは偽陽性です。",
                "Base-rate neglect: that is the sensitivity P(+|D). With a low prevalence most positives are false positives."),
        mistake(sens * prior, "joint-not-conditional", "それは同時確率 P(+ ∩ D) です。陽性になる確率 P(+) で割ります。",
                "That is the joint probability P(+ ∩ D); divide it by P(+)."),
        mistake(sens * prior / (sens * prior + fpr), "unweighted-false-positive",
                "偽陽性の枝に P(¬D) = 1 − 有病率 を掛け忘れています: P(+) = P(+|D)P(D) + P(+|¬D)P(¬D)。",
                "You forgot to weight the false-positive branch by P(¬D) = 1 − prevalence: P(+) = P(+|D)P(D) + P(+|¬D)P(¬D)."),
        mistake(Fraction(1), "forgot-false-positive-branch", "P(+) に偽陽性の枝を入れ忘れています。健康な人も P(+|¬D) の確率で陽性になります。",
                "You left the false-positive branch out of P(+); healthy people also test positive with probability P(+|¬D)."),
        mistake(1 - fpr, "specificity-not-posterior", "それは特異度 1 − P(+|¬D) です。", "That is the specificity 1 − P(+|¬D)."),
    ]


def _pct(x: str) -> str:
    return f"{float(Fraction(x)) * 100:g}%"


BAYES_POSTERIOR = GeneratorSpec(
    name="bayes_posterior",
    value_range=(0, 1),
    title=Bilingual("ベイズの定理 (検査の陽性的中率)", "Bayes' rule: probability of disease after a positive test"),
    syllabus=("T37", "E1-2-4"),
    defaults={"prior": {"one_of": [0.01, 0.02, 0.05, 0.1, 0.2]}, "sensitivity": {"one_of": [0.8, 0.9, 0.95, 0.99]},
              "false_positive": {"one_of": [0.02, 0.05, 0.1, 0.2]}},
    draw=_draw_bayes,
    solve=_solve_bayes,
    prompt=lambda p: Bilingual(
        f"ある病気の有病率は {_pct(p['prior'])} である。検査は、病気の人を {_pct(p['sensitivity'])} の確率で陽性と判定し (感度)、"
        f"病気でない人を {_pct(p['false_positive'])} の確率で誤って陽性と判定する (偽陽性率)。検査が陽性だった人が本当に病気である確率 "
        "P(病気 | 陽性) を求めよ。",
        f"A disease has a prevalence of {_pct(p['prior'])}. A test flags {_pct(p['sensitivity'])} of sick people as positive "
        f"(sensitivity) and wrongly flags {_pct(p['false_positive'])} of healthy people (false-positive rate). What is the "
        "probability that a person who tests positive has the disease, P(disease | positive)?"),
    mistakes=bayes_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- variance_std

STAT_NAMES = {
    "variance_population": ("母分散 (n で割る)", "population variance (divide by n)"),
    "variance_sample": ("不偏分散 (n − 1 で割る)", "unbiased sample variance (divide by n − 1)"),
    "std_population": ("母標準偏差 (n で割る分散の平方根)", "population standard deviation (square root of the ÷n variance)"),
    "std_sample": ("標本標準偏差 (不偏分散の平方根)", "sample standard deviation (square root of the unbiased variance)"),
}


def _whole_mean(values: list[int], d: Draw) -> list[int]:
    """Nudge the last value down so the mean is a whole number (pencil-friendly deviations); redraw if it leaves the range."""
    low = d.ranges["value"][0] if isinstance(d.ranges["value"], list) else 0
    last = values[-1] - sum(values) % len(values)
    if last < int(low):
        raise Redraw("integer mean would leave the value range")
    return [*values[:-1], last]


def _draw_variance(d: Draw) -> dict[str, Any]:
    data = _whole_mean([d.int("value") for _ in range(d.int("count"))], d)
    if len(set(data)) < 3:
        raise Redraw("want some spread")
    return {"data": data, "statistic": str(d.pick("statistic"))}


def _solve_variance(p: dict[str, Any]) -> Solution:
    from solvers.statistics import describe

    return describe(p["data"], p["statistic"].split("_")[0])


def variance_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """The other divisor, variance for std (or std for variance), and E[x²] without subtracting the squared mean."""
    data, stat = p["data"], p["statistic"]
    n = len(data)
    mean = Fraction(sum(data), n)
    squares = sum((x - mean) ** 2 for x in data)
    divisor = {"population": n, "sample": n - 1}
    kind, which = stat.split("_")
    other = "sample" if which == "population" else "population"
    var_here, var_other = squares / divisor[which], squares / divisor[other]
    raw_second = Fraction(sum(x * x for x in data), n)
    div_ja = {"population": "n", "sample": "n − 1"}
    if kind == "variance":
        return [
            mistake(var_other, "population-sample-swapped", f"{div_ja[other]} で割っています。問われているのは {div_ja[which]} で割る分散です。",
                    f"You divided by {div_ja[other]}; the question asks for the variance divided by {div_ja[which]}."),
            mistake(math.sqrt(var_here), "std-not-variance", "それは標準偏差 (分散の平方根) です。", "That is the standard deviation (the square root)."),
            mistake(raw_second, "forgot-subtract-mean", "2乗の平均から平均の2乗を引き忘れています: V = E[x²] − (E[x])²。",
                    "You forgot to subtract the squared mean: V = E[x²] − (E[x])²."),
        ]
    return [
        mistake(math.sqrt(var_other), "population-sample-swapped", f"{div_ja[other]} で割っています。問われているのは {div_ja[which]} で割る方です。",
                f"You divided by {div_ja[other]}; the question asks for the one divided by {div_ja[which]}."),
        mistake(var_here, "variance-not-std", "それは分散です。標準偏差はその平方根です。", "That is the variance; the standard deviation is its square root."),
        mistake(math.sqrt(raw_second), "forgot-subtract-mean", "平均を引かずに2乗しています: V = E[x²] − (E[x])²。",
                "You squared without subtracting the mean: V = E[x²] − (E[x])²."),
    ]


VARIANCE_STD = GeneratorSpec(
    name="variance_std",
    value_range=(0, None),
    title=Bilingual("分散と標準偏差", "Variance and standard deviation"),
    syllabus=("T37", "E1-2-1"),
    defaults={"count": [4, 6], "value": [0, 10],
              "statistic": {"one_of": ["variance_population", "variance_sample", "std_population", "std_sample"]}},
    draw=_draw_variance,
    solve=_solve_variance,
    prompt=lambda p: Bilingual(
        f"データ {', '.join(map(str, p['data']))} の{STAT_NAMES[p['statistic']][0]}を求めよ。",
        f"Find the {STAT_NAMES[p['statistic']][1]} of the data {', '.join(map(str, p['data']))}."),
    mistakes=variance_mistakes,
    answer=lambda p, s: s.answer[p["statistic"].split("_")[1]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- correlation


def _draw_correlation(d: Draw) -> dict[str, Any]:
    n = d.int("count")
    xs, ys = _whole_mean([d.int("value") for _ in range(n)], d), _whole_mean([d.int("value") for _ in range(n)], d)
    mx, my = sum(xs) // n, sum(ys) // n
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    if not sxx or not syy or not 0.2 <= abs(sxy) / math.sqrt(sxx * syy) < 0.99:
        raise Redraw("want a clear but imperfect correlation")
    return {"x": xs, "y": ys}


def _solve_correlation(p: dict[str, Any]) -> Solution:
    from solvers.statistics import describe

    return describe(p["x"], "correlation", p["y"])


def correlation_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """Covariance for r, r², the sign flipped, and a ÷(n − 1) covariance over ÷n standard deviations."""
    xs, ys = p["x"], p["y"]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    r = sxy / math.sqrt(sxx * syy)
    return [
        mistake(sxy / n, "covariance-not-correlation", "それは共分散です。相関係数は標準偏差の積で割って −1〜1 に正規化します。",
                "That is the covariance; the correlation divides by both standard deviations, landing in [−1, 1]."),
        mistake(-r, "sign-flipped", "符号が逆です。偏差の積 (x − x̄)(y − ȳ) の符号を確認しましょう。",
                "The sign is flipped; check the signs of the deviation products (x − x̄)(y − ȳ)."),
        mistake(r * r, "r-squared", "それは決定係数 r² です。", "That is the coefficient of determination r²."),
        mistake((sxy / (n - 1)) / math.sqrt((sxx / n) * (syy / n)), "mixed-n-and-n-minus-1",
                "共分散は n − 1 で、標準偏差は n で割っています。分子と分母で同じ割り方をすれば打ち消し合います。",
                "You divided the covariance by n − 1 but the standard deviations by n; use the same divisor and it cancels."),
    ]


def _corr_prompt(p: dict[str, Any]) -> Bilingual:
    header = "| x | " + " | ".join(map(str, p["x"])) + " |\n|---|" + "---|" * len(p["x"]) + "\n| y | " + " | ".join(map(str, p["y"])) + " |"
    return Bilingual("次の対になったデータ x, y のピアソンの相関係数 r を求めよ。\n\n" + header,
                     "Find Pearson's correlation coefficient r of the paired data x, y below.\n\n" + header)


CORRELATION = GeneratorSpec(
    name="correlation",
    value_range=(-1, 1),
    title=Bilingual("相関係数", "Correlation coefficient"),
    syllabus=("T37", "E2-1-4"),
    defaults={"count": [4, 5], "value": [1, 9]},
    draw=_draw_correlation,
    solve=_solve_correlation,
    prompt=_corr_prompt,
    mistakes=correlation_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=Bilingual("小数第3位まで (小数第4位を四捨五入)", "3 decimal places (round half up)"),
)


# ---------------------------------------------------------------- binomial_probability


def _draw_binomial(d: Draw) -> dict[str, Any]:
    n, k, prob = d.int("trials"), d.int("successes"), d.decimal("p")
    if k >= n or prob == Fraction(1, 2):
        raise Redraw("k < n (else two slips equal the key), and p ≠ 1/2 so that p and 1 − p differ")
    return {"n": n, "k": k, "p": _prob_text(prob)}


def _solve_binomial(p: dict[str, Any]) -> Solution:
    from solvers.statistics import binomial

    return binomial(p["n"], p["k"], Fraction(p["p"]))


def binomial_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """No C(n, k), p and 1 − p swapped, the failures' factor forgotten, and ordered arrangements n!/(n − k)!."""
    n, k, prob = p["n"], p["k"], Fraction(p["p"])
    one = prob**k * (1 - prob) ** (n - k)
    out: list[Mistake | None] = [
        mistake(one, "forgot-binomial-coefficient", f"二項係数 C({n}, {k}) を掛け忘れています。成功の位置の選び方が C(n, k) 通りあります。",
                f"You forgot the binomial coefficient C({n}, {k}): there are C(n, k) ways to place the successes."),
        mistake(math.comb(n, k) * (1 - prob) ** k * prob ** (n - k), "p-and-q-swapped",
                "成功確率 p と失敗確率 1 − p を取り違えています。", "You swapped the success probability p and the failure probability 1 − p."),
        mistake(math.comb(n, k) * prob**k, "forgot-failures", "失敗する試行の確率 (1 − p)^(n−k) を掛け忘れています。",
                "You forgot the failures' factor (1 − p)^(n−k)."),
    ]
    ordered = math.perm(n, k) * one
    if ordered <= 1:
        out.append(mistake(ordered, "permutation-not-combination", "順列 n!/(n − k)! ではなく組合せ C(n, k) を使います (成功どうしの順番は区別しない)。",
                           "Use the combination C(n, k), not the permutation n!/(n − k)! (successes are not ordered)."))
    return keep(out)


BINOMIAL_PROBABILITY = GeneratorSpec(
    name="binomial_probability",
    value_range=(0, 1),
    title=Bilingual("二項分布の確率", "Binomial probability"),
    syllabus=("T37", "E1-2-2"),
    defaults={"trials": [3, 6], "successes": [1, 4], "p": {"one_of": [0.1, 0.2, 0.3, 0.4, 0.6, 0.8]}},
    draw=_draw_binomial,
    solve=_solve_binomial,
    prompt=lambda p: Bilingual(
        f"1回の試行で成功する確率が {p['p']} の独立な試行を {p['n']} 回行う。ちょうど {p['k']} 回成功する確率を求めよ。",
        f"Independent trials each succeed with probability {p['p']}. In {p['n']} trials, what is the "
        f"probability of exactly {p['k']} successes?"),
    mistakes=binomial_mistakes,
    tolerance=FOUR_PLACES,
    answer_hint=FOUR_PLACES_HINT,
)

SPECS = (ENTROPY_VALUE, KL_DIVERGENCE, BAYES_POSTERIOR, VARIANCE_STD, CORRELATION, BINOMIAL_PROBABILITY)
