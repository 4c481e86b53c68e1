"""Descriptive statistics and elementary probability (Bayes, binomial, expectation) with exact worked steps."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.exact import check_number_text, require_sum_one
from solvers.numbers import fmt, fmt_signed
from solvers.steps import Bilingual, Solution, Step

MEASURES = ("mean", "median", "mode", "variance", "std", "covariance", "correlation", "zscore", "all")


def exact_number(value: Any, name: str = "value") -> sp.Rational:
    """An exact rational from an int, ``Fraction``, SymPy rational, float or a string such as ``"1/3"``.

    Floats are read as the decimal they print as (``0.1`` → 1/10), because that is what the
    learner typed; computing with the binary approximation would make 0.1 + 0.2 + 0.7 ≠ 1.
    """
    if isinstance(value, bool):
        raise SolverError(f"{name}: expected a number, got {value!r}", f"{name}: 数値を指定してください ({value!r})")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SolverError(f"{name}: {value} is not a finite number", f"{name}: {value} は有限の数ではありません")
        return sp.Rational(repr(value))
    if isinstance(value, sp.Rational):
        return value
    if isinstance(value, sp.Float):
        return sp.Rational(str(value))
    if isinstance(value, str):
        check_number_text(value.strip(), name)
        try:
            return exact_number(Fraction(value.strip().replace("−", "-")), name)
        except (ValueError, ZeroDivisionError):
            pass
    raise SolverError(f"{name}: expected a number, got {value!r}", f"{name}: 数値を指定してください ({value!r})")


#: most values in one data set: the worked steps write every value out, and 5 000 exact values took 23 s
MAX_VALUES = 500


def exact_numbers(values: Sequence[Any], name: str = "values", minimum_length: int = 1) -> list[sp.Rational]:
    """A list of exact rationals, at least ``minimum_length`` long."""
    if len(values) < minimum_length:
        raise SolverError(f"{name}: at least {minimum_length} value(s) needed, got {len(values)}",
                          f"{name}: {minimum_length} 個以上の値が必要です ({len(values)} 個)")
    if len(values) > MAX_VALUES:
        raise SolverError(f"{name}: too many values ({len(values)}; at most {MAX_VALUES})",
                          f"{name}: 値が多すぎます ({len(values)} 個、上限 {MAX_VALUES})")
    return [exact_number(v, name) for v in values]


def exact_probability(value: Any, name: str = "p") -> sp.Rational:
    """A probability in [0, 1]."""
    p = exact_number(value, name)
    if p < 0 or p > 1:
        raise SolverError(f"{name} = {fmt(p)} is not a probability (it must lie in [0, 1])",
                          f"{name} = {fmt(p)} は確率ではありません (0 以上 1 以下が必要です)")
    return p


def exact_distribution(values: Sequence[Any], name: str = "p") -> list[sp.Rational]:
    """Probabilities in [0, 1] that sum to 1 (within the shared tolerance); the error says by how much they miss."""
    probs = [exact_probability(v, name) for v in exact_numbers(values, name)]
    require_sum_one(sum(probs, sp.Integer(0)), name, name, " (type thirds as 1/3)", " (1/3 などは分数で入力してください)")
    return probs


def par(value: Any) -> str:
    """``fmt`` with parentheses around fractions and negatives, for use as an operand: ``(3/4) / (1/2)``."""
    text = fmt(value)
    return f"({text})" if any(c in text for c in "/-−+ ") else text


def _joined(values: Sequence[Any], sep: str = " + ") -> str:
    return sep.join(fmt_signed(v) for v in values)


def _mean_steps(data: Sequence[sp.Rational], symbol: str = "x") -> tuple[sp.Rational, list[Step]]:
    n = len(data)
    total = sum(data, sp.Integer(0))
    mean = total / n
    return mean, [Step(Bilingual(f"平均: 合計をデータ数 n = {n} で割る", f"Mean: the sum divided by the count n = {n}"),
                       formula=f"{symbol}̄ = (1/n) Σ {symbol}_i",
                       substituted=f"({_joined(data)}) / {n} = {fmt(total)}/{n}", result=mean)]


def _median_step(data: Sequence[sp.Rational]) -> tuple[sp.Rational, Step]:
    ordered = sorted(data)
    n = len(ordered)
    if n % 2:
        median = ordered[n // 2]
        how = (f"n = {n} は奇数なので中央 ({n // 2 + 1} 番目) の値", f"n = {n} is odd: the middle ({n // 2 + 1}th) value")
        substituted = f"sorted: {fmt(ordered)} → {fmt(median)}"
    else:
        low, high = ordered[n // 2 - 1], ordered[n // 2]
        median = (low + high) / 2
        how = (f"n = {n} は偶数なので中央の2つ ({n // 2}, {n // 2 + 1} 番目) の平均",
               f"n = {n} is even: the mean of the two middle values ({n // 2}th and {n // 2 + 1}th)")
        substituted = f"sorted: {fmt(ordered)} → ({fmt(low)} + {fmt(high)})/2"
    return median, Step(Bilingual(f"中央値: 並べ替えて{how[0]}", f"Median: sort, then take {how[1]}"),
                        formula="median", substituted=substituted, result=median)


def _mode_step(data: Sequence[sp.Rational]) -> tuple[list[sp.Rational], Step]:
    counts = Counter(data)
    top = max(counts.values())
    modes = sorted(v for v, c in counts.items() if c == top)
    table = ", ".join(f"{fmt(v)}: {c}" for v, c in sorted(counts.items()))
    if top == 1:
        text = Bilingual("最頻値: どの値も1回ずつなので、すべての値が最頻値 (「最頻値なし」とする教科書もある)",
                         "Mode: every value occurs once, so all of them are modes (some textbooks say 'no mode')")
    elif len(modes) > 1:
        text = Bilingual(f"最頻値: {top} 回で同数の値が {len(modes)} 個あるので、すべてを最頻値とする",
                         f"Mode: {len(modes)} values tie at {top} occurrences, so all of them are modes")
    else:
        text = Bilingual(f"最頻値: 最も多く ({top} 回) 現れる値", f"Mode: the value that occurs most often ({top} times)")
    return modes, Step(text, formula="mode = argmax count(x)", substituted=f"counts {{{table}}}", result=modes)


def _sum_of_squares(data: Sequence[sp.Rational], mean: sp.Rational, symbol: str) -> tuple[sp.Rational, Step]:
    squares = [(x - mean) ** 2 for x in data]
    total = sum(squares, sp.Integer(0))
    terms = " + ".join(f"({fmt(x)} − {fmt(mean)})²" for x in data)
    return total, Step(Bilingual("偏差平方和: 各値と平均の差の2乗を足す", "Sum of squared deviations from the mean"),
                       formula=f"S = Σ ({symbol}_i − {symbol}̄)²", substituted=terms, result=total)


def _variance_steps(n: int, squares: sp.Rational, want_sample: bool) -> tuple[dict[str, Any], list[Step]]:
    population = squares / n
    steps = [
        Step(Bilingual("母分散 (n で割る; NumPy の np.var の既定 ddof=0)",
                       "Population variance (divide by n; NumPy's np.var default, ddof=0)"),
             formula="σ² = S / n", substituted=f"{par(squares)} / {n}", result=population),
        Step(Bilingual("母標準偏差 = 母分散の平方根", "Population standard deviation = √(population variance)"),
             formula="σ = √(σ²)", substituted=f"√({fmt(population)})", result=sp.sqrt(population)),
    ]
    out: dict[str, Any] = {"variance_population": population, "std_population": sp.sqrt(population)}
    if want_sample:
        sample = squares / (n - 1)
        steps += [
            Step(Bilingual("標本分散 (不偏分散, n − 1 で割る; pandas・statistics.variance の既定)",
                           "Sample (unbiased) variance (divide by n − 1; the default of pandas and statistics.variance)"),
                 formula="s² = S / (n − 1)", substituted=f"{par(squares)} / ({n} − 1)", result=sample),
            Step(Bilingual("標本標準偏差 = 不偏分散の平方根", "Sample standard deviation = √(sample variance)"),
                 formula="s = √(s²)", substituted=f"√({fmt(sample)})", result=sp.sqrt(sample)),
        ]
        out.update(variance_sample=sample, std_sample=sp.sqrt(sample))
    return out, steps


def describe(data: Sequence[Any], measure: str = "all", data2: Sequence[Any] | None = None, ddof: int = 0) -> Solution:
    """Mean, median, modes, variances, standard deviations, covariance, Pearson correlation or z-scores.

    Variance and standard deviation are given both ways (population ÷ n and sample ÷ (n − 1))
    because the exams ask for either and the two are confused constantly.  z-scores use the
    population σ by default (``ddof=0``, as scikit-learn's StandardScaler does).
    """
    if measure not in MEASURES:
        raise SolverError(f"unknown measure '{measure}' (choose from {', '.join(MEASURES)})",
                          f"measure '{measure}' は不明です ({', '.join(MEASURES)} から選んでください)")
    xs = exact_numbers(data, "data")
    n = len(xs)
    needs_pair = measure in ("covariance", "correlation") or (measure == "all" and data2 is not None)
    ys: list[sp.Rational] = []
    if needs_pair:
        if data2 is None:
            raise SolverError(f"{measure} needs a second data set (data2)", f"{measure} には2つ目のデータ (data2) が必要です")
        ys = exact_numbers(data2, "data2")
        if len(ys) != n:
            raise SolverError(f"data and data2 must have the same length ({n} ≠ {len(ys)})",
                              f"data と data2 の長さが違います ({n} ≠ {len(ys)})")
    if measure in ("variance", "std", "covariance") and n < 2:
        raise SolverError("the sample variance needs at least 2 values (it divides by n − 1 = 0)",
                          "不偏分散には2個以上の値が必要です (n − 1 = 0 で割ることになります)")
    if ddof not in (0, 1) or (ddof == 1 and n < 2 and measure in ("zscore", "all")):
        raise SolverError("ddof must be 0 (population) or 1 (sample, needs n ≥ 2)",
                          "ddof は 0 (母集団) か 1 (標本, n ≥ 2) で指定してください")
    steps: list[Step] = []
    answer: dict[str, Any] = {}
    inputs: dict[str, Any] = {"measure": measure, "data": xs}
    if ys:
        inputs["data2"] = ys
    everything = measure == "all"
    mean, mean_steps = _mean_steps(xs)
    if measure != "median" and measure != "mode":
        steps += mean_steps
        answer["mean"] = mean
    if measure in ("median", "all"):
        answer["median"], step = _median_step(xs)
        steps.append(step)
    if measure in ("mode", "all"):
        answer["modes"], step = _mode_step(xs)
        steps.append(step)
    if measure in ("variance", "std", "correlation", "zscore", "all"):
        squares, step = _sum_of_squares(xs, mean, "x")
        steps.append(step)
        found, var_steps = _variance_steps(n, squares, want_sample=n >= 2)
        if everything and n < 2:
            var_steps.append(Step(Bilingual("n = 1 なので不偏分散 (n − 1 で割る) は定義されない",
                                            "n = 1, so the sample variance (÷ (n − 1)) is undefined"), kind="note"))
        steps += var_steps
        answer.update(found)
    if ys:
        steps += _pair_steps(xs, ys, mean, measure, answer)
    if measure == "zscore" or (measure == "all" and answer["std_population"] != 0):
        steps += _zscore_steps(xs, mean, answer, ddof)
    elif measure == "all":
        steps.append(Step(Bilingual("すべての値が等しく σ = 0 なので標準化 (z スコア) はできない",
                                    "All values are equal (σ = 0), so z-scores are undefined"), kind="note"))
    if measure == "mode":
        result: Any = answer["modes"]
    elif measure in ("mean", "median", "correlation"):
        result = answer[measure]
    elif measure in ("variance", "std"):
        result = {"population": answer[f"{measure}_population"], "sample": answer[f"{measure}_sample"]}
    elif measure == "covariance":
        result = {"population": answer["covariance_population"], "sample": answer["covariance_sample"]}
    elif measure == "zscore":
        result = answer["zscores"]
    else:
        result = {"n": n, **answer}
    return Solution("stats", inputs, result, steps)


def _pair_steps(xs: Sequence[sp.Rational], ys: Sequence[sp.Rational], mean_x: sp.Rational, measure: str,
                answer: dict[str, Any]) -> list[Step]:
    n = len(xs)
    mean_y, steps = _mean_steps(ys, "y")
    products = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), sp.Integer(0))
    steps.append(Step(Bilingual("偏差積和: (x − x̄)(y − ȳ) を足す", "Sum of products of deviations"),
                      formula="S_xy = Σ (x_i − x̄)(y_i − ȳ)",
                      substituted=" + ".join(f"({fmt(x)} − {fmt(mean_x)})({fmt(y)} − {fmt(mean_y)})"
                                             for x, y in zip(xs, ys, strict=True)),
                      result=products))
    answer["mean_data2"] = mean_y
    if measure in ("covariance", "all"):
        answer["covariance_population"] = products / n
        steps.append(Step(Bilingual("母共分散 (n で割る)", "Population covariance (divide by n)"),
                          formula="cov = S_xy / n", substituted=f"{par(products)} / {n}", result=products / n))
        if n >= 2:
            answer["covariance_sample"] = products / (n - 1)
            steps.append(Step(Bilingual("標本共分散 (n − 1 で割る; np.cov の既定)", "Sample covariance (divide by n − 1; np.cov default)"),
                              formula="cov = S_xy / (n − 1)", substituted=f"{par(products)} / ({n} − 1)",
                              result=products / (n - 1)))
    if measure in ("correlation", "all"):
        sxx = sum(((x - mean_x) ** 2 for x in xs), sp.Integer(0))
        syy = sum(((y - mean_y) ** 2 for y in ys), sp.Integer(0))
        if (sxx == 0 or syy == 0) and measure == "all":
            steps.append(Step(Bilingual("一方のデータの分散が 0 なので相関係数は定義されない (0 で割る)",
                                        "One data set has zero variance, so the correlation is undefined (division by 0)"),
                              kind="note"))
            return steps
        if sxx == 0 or syy == 0:
            raise SolverError("the correlation is undefined: one data set has zero variance (division by 0)",
                              "相関係数は定義されません: 一方のデータの分散が 0 です (0 で割ることになります)")
        r = sp.radsimp(products / sp.sqrt(sxx * syy))
        answer["correlation"] = r
        steps.append(Step(Bilingual("ピアソンの相関係数: n と n − 1 のどちらで割っても約分されて同じ値",
                                    "Pearson correlation: the n or n − 1 cancels, so both conventions agree"),
                          formula="r = S_xy / √(S_xx · S_yy)",
                          substituted=f"{par(products)} / √({fmt(sxx)} · {fmt(syy)})", result=r))
    return steps


def _zscore_steps(xs: Sequence[sp.Rational], mean: sp.Rational, answer: dict[str, Any], ddof: int) -> list[Step]:
    sigma = answer["std_population"] if ddof == 0 else answer["std_sample"]
    if sigma == 0:
        raise SolverError("z-scores are undefined: all values are equal (σ = 0)",
                          "標準化できません: すべての値が等しく σ = 0 です")
    which = ("母標準偏差 σ (ddof=0, scikit-learn の StandardScaler と同じ)", "population σ (ddof=0, as StandardScaler)") \
        if ddof == 0 else ("標本標準偏差 s (ddof=1)", "sample s (ddof=1)")
    zs = [sp.radsimp((x - mean) / sigma) for x in xs]
    answer["zscores"] = zs
    return [Step(Bilingual(f"標準化 (z スコア): 平均を引き {which[0]} で割る", f"Standardise (z-scores): subtract the mean, divide by the {which[1]}"),
                 formula="z_i = (x_i − x̄) / σ",
                 substituted="; ".join(f"({fmt(x)} − {fmt(mean)})/{fmt(sigma)}" for x in xs), result=zs)]


def bayes(prior: Any, likelihood: Any, false_positive: Any) -> Solution:
    """Posterior P(D | +) from the prevalence P(D), sensitivity P(+ | D) and false-positive rate P(+ | ¬D).

    The steps also count people in a population of 10 000 (natural frequencies), which makes
    the base-rate trap visible: when the condition is rare, the false positives from the many
    healthy people outnumber the true positives, so a positive test is far from conclusive.
    """
    p_d = exact_probability(prior, "prior")
    sens = exact_probability(likelihood, "likelihood")
    fpr = exact_probability(false_positive, "false_positive")
    true_pos = sens * p_d
    false_pos = fpr * (1 - p_d)
    evidence = true_pos + false_pos
    if evidence == 0:
        raise SolverError("P(+) = 0: a positive result is impossible with these numbers, so P(D | +) is undefined",
                          "P(+) = 0 です: 陽性になることがないので P(D | +) は定義されません")
    posterior = true_pos / evidence
    steps = [
        Step(Bilingual("病気でない確率 (余事象)", "Probability of not having the condition (complement)"),
             formula="P(¬D) = 1 − P(D)", substituted=f"1 − {fmt(p_d)}", result=1 - p_d),
        Step(Bilingual("病気かつ陽性 (真陽性) の確率", "Probability of being ill and testing positive (true positive)"),
             formula="P(+ ∩ D) = P(+ | D) · P(D)", substituted=f"{fmt(sens)} × {fmt(p_d)}", result=true_pos),
        Step(Bilingual("病気でないのに陽性 (偽陽性) の確率", "Probability of being healthy and testing positive (false positive)"),
             formula="P(+ ∩ ¬D) = P(+ | ¬D) · P(¬D)", substituted=f"{fmt(fpr)} × {fmt(1 - p_d)}", result=false_pos),
        Step(Bilingual("全確率の定理: 陽性になる確率", "Law of total probability: probability of a positive test"),
             formula="P(+) = P(+ ∩ D) + P(+ ∩ ¬D)", substituted=f"{fmt(true_pos)} + {fmt(false_pos)}", result=evidence),
        Step(Bilingual("ベイズの定理: 陽性のとき病気である確率 (事後確率)", "Bayes' theorem: probability of the condition given a positive test"),
             formula="P(D | +) = P(+ | D) · P(D) / P(+)", substituted=f"{par(true_pos)} / {par(evidence)}",
             result=posterior),
    ]
    population = _whole_population(p_d, true_pos, false_pos)
    ill, ill_pos, healthy_pos = p_d * population, true_pos * population, false_pos * population
    steps.append(Step(
        Bilingual(
            f"基準率の罠: {population} 人で数えると、病気の人は {fmt(ill)} 人、そのうち陽性 {fmt(ill_pos)} 人。"
            f"健康な {fmt(population - ill)} 人のうち陽性 {fmt(healthy_pos)} 人。陽性者のうち本当に病気なのは"
            f" {fmt(ill_pos)}/({fmt(ill_pos)} + {fmt(healthy_pos)}) ≈ {float(posterior):.1%} にすぎない。"
            "有病率 (基準率) が低いと、検査の精度が高くても偽陽性の数が真陽性を上回りうる。",
            f"Base-rate trap: out of {population} people, {fmt(ill)} are ill and {fmt(ill_pos)} of them test positive;"
            f" of the {fmt(population - ill)} healthy people, {fmt(healthy_pos)} test positive. Only"
            f" {fmt(ill_pos)}/({fmt(ill_pos)} + {fmt(healthy_pos)}) ≈ {float(posterior):.1%} of the positives are ill:"
            " when the prevalence (base rate) is low, false positives can outnumber true positives even for an accurate test.",
        ),
        formula="P(D | +) = #(ill ∩ +) / #(+)", substituted=f"{fmt(ill_pos)} / {fmt(ill_pos + healthy_pos)}",
        result=posterior, kind="note",
    ))
    inputs = {"kind": "bayes", "prior": p_d, "likelihood": sens, "false_positive": fpr}
    return Solution("probability", inputs, posterior, steps)


def _whole_population(*rates: sp.Rational) -> int:
    """The smallest power of ten (from 1 000) in which every rate is a whole number of people, else 10 000."""
    for digits in range(3, 9):
        if all((rate * 10**digits).is_integer for rate in rates):
            return int(10**digits)
    return 10_000


#: largest n of the binomial: C(10^4, 5·10^3) has 3 008 digits, computed in milliseconds; 10^8 trials never finish
MAX_BINOMIAL_N = 10_000
#: digits of the exact binomial probability (Python prints at most 4 300-digit integers)
MAX_BINOMIAL_DIGITS = 4_000


def binomial(n: int, k: int, p: Any) -> Solution:
    """P(X = k) for X ~ Binomial(n, p) = C(n, k) p^k (1 − p)^(n−k); n = 1 is the Bernoulli case."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise SolverError(f"n must be an integer ≥ 0, got {n}", f"n は 0 以上の整数で指定してください ({n})")
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= n:
        raise SolverError(f"k must be an integer between 0 and n = {n}, got {k}",
                          f"k は 0 以上 n = {n} 以下の整数で指定してください ({k})")
    if n > MAX_BINOMIAL_N:
        raise SolverError(f"n = {n} is too large (at most {MAX_BINOMIAL_N})", f"n = {n} は大きすぎます (最大 {MAX_BINOMIAL_N})")
    prob = exact_probability(p, "p")
    # the exact answer has about n·log10(q) digits for p = a/q; beyond a few thousand it cannot even be printed
    digits = n * math.log10(int(sp.Rational(prob).q))
    if digits > MAX_BINOMIAL_DIGITS:
        raise SolverError(f"n = {n} with p = {fmt(prob)} gives a {int(digits)}-digit exact answer (at most "
                          f"{MAX_BINOMIAL_DIGITS}): use a smaller n or a p with a shorter denominator (0.5, 1/4)",
                          f"n = {n}, p = {fmt(prob)} では厳密な答えが {int(digits)} 桁になります (最大 {MAX_BINOMIAL_DIGITS} 桁):"
                          " n を小さくするか、分母の短い p (0.5, 1/4 など) にしてください")
    ways = sp.binomial(n, k)
    value = ways * prob**k * (1 - prob) ** (n - k)
    steps = []
    if n == 1:
        steps.append(Step(Bilingual("n = 1 はベルヌーイ分布: 成功 (k=1) の確率 p、失敗 (k=0) の確率 1 − p",
                                    "n = 1 is a Bernoulli trial: success (k = 1) has probability p, failure (k = 0) 1 − p"),
                          formula="P(X = k) = p^k (1 − p)^(1−k)", kind="note"))
    steps += [
        Step(Bilingual(f"{n} 回中 {k} 回成功する並び方の数 (二項係数)", f"Number of ways to place {k} successes among {n} trials"),
             formula="C(n, k) = n! / (k! (n − k)!)", substituted=f"{n}! / ({k}! · {n - k}!)", result=ways),
        Step(Bilingual("1つの並び方の確率: 成功 k 回と失敗 n − k 回", "Probability of one such sequence: k successes, n − k failures"),
             formula="p^k (1 − p)^(n−k)", substituted=f"{fmt(prob)}^{k} × {fmt(1 - prob)}^{n - k}",
             result=prob**k * (1 - prob) ** (n - k)),
        Step(Bilingual("二項分布の確率 = 並び方の数 × 1つの並び方の確率", "Binomial probability = number of ways × probability of one way"),
             formula="P(X = k) = C(n, k) p^k (1 − p)^(n−k)",
             substituted=f"{ways} × {fmt(prob**k * (1 - prob) ** (n - k))}", result=value),
        Step(Bilingual("参考: 二項分布の期待値と分散", "For reference: mean and variance of the binomial distribution"),
             formula="E[X] = np,  V[X] = np(1 − p)", substituted=f"{n}·{fmt(prob)},  {n}·{fmt(prob)}·{fmt(1 - prob)}",
             result=[n * prob, n * prob * (1 - prob)], kind="note"),
    ]
    return Solution("probability", {"kind": "binomial", "n": n, "k": k, "p": prob}, value, steps)


def expectation(values: Sequence[Any], probs: Sequence[Any]) -> Solution:
    """E[X], E[X²], Var[X] and the standard deviation of a discrete distribution given as values and probabilities."""
    xs = exact_numbers(values, "values")
    ps = exact_distribution(probs, "probs")
    if len(xs) != len(ps):
        raise SolverError(f"values and probs must have the same length ({len(xs)} ≠ {len(ps)})",
                          f"values と probs の長さが違います ({len(xs)} ≠ {len(ps)})")
    steps = [Step(Bilingual("確率の合計が 1 であることを確認", "Check that the probabilities sum to 1"),
                  formula="Σ p_i = 1", substituted=_joined(ps), result=sum(ps, sp.Integer(0)))]
    mean = sum((x * p for x, p in zip(xs, ps, strict=True)), sp.Integer(0))
    steps.append(Step(Bilingual("期待値: 値 × 確率 の和", "Expectation: sum of value × probability"),
                      formula="E[X] = Σ x_i p_i",
                      substituted=" + ".join(f"{fmt_signed(x)}×{fmt(p)}" for x, p in zip(xs, ps, strict=True)),
                      result=mean))
    second = sum((x**2 * p for x, p in zip(xs, ps, strict=True)), sp.Integer(0))
    steps.append(Step(Bilingual("2乗の期待値", "Expectation of the square"), formula="E[X²] = Σ x_i² p_i",
                      substituted=" + ".join(f"{fmt_signed(x)}²×{fmt(p)}" for x, p in zip(xs, ps, strict=True)),
                      result=second))
    variance = second - mean**2
    steps.append(Step(Bilingual("分散 = 2乗の期待値 − 期待値の2乗 (= Σ p_i (x_i − μ)²)",
                                "Variance = E[X²] − E[X]² (equal to Σ p_i (x_i − μ)²)"),
                      formula="V[X] = E[X²] − (E[X])²", substituted=f"{fmt(second)} − ({fmt(mean)})²", result=variance))
    std = sp.sqrt(variance)
    steps.append(Step(Bilingual("標準偏差 = 分散の平方根", "Standard deviation = √variance"),
                      formula="σ = √V[X]", substituted=f"√({fmt(variance)})", result=std))
    answer = {"expectation": mean, "variance": variance, "std": std}
    return Solution("probability", {"kind": "expectation", "values": xs, "probs": ps}, answer, steps)
