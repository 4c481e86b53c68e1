"""Information theory with exact logarithms: self-information, entropies, cross-entropy, KL, JS, mutual information, perplexity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.numbers import exact_text, fmt
from solvers.statistics import exact_distribution, exact_probability, par
from solvers.steps import Bilingual, Solution, Step

#: base name → (log symbol, unit ja, unit en)
BASES: dict[str, tuple[str, str, str]] = {
    "e": ("ln", "nat", "nats"),
    "2": ("log₂", "ビット", "bits"),
    "10": ("log₁₀", "ハートレー", "hartleys"),
}
MEASURES = ("self", "entropy", "joint", "conditional", "cross-entropy", "kl", "js", "mutual", "perplexity")


def _base(base: str | int) -> tuple[str, str, str]:
    key = str(base)
    if key not in BASES:
        raise SolverError(f"base must be e, 2 or 10, got {base}", f"底は e, 2, 10 のいずれかです ({base})")
    return BASES[key]


def tidy(expr: Any) -> Any:
    """Logs of rationals split into logs of primes and collected, so equal values print (and compare) equal."""
    return sp.expand(sp.expand_log(sp.sympify(expr), force=True))


def log_base(x: Any, base: str | int = "e") -> Any:
    """log_b x exactly (``log(3)/log(2)`` style); −∞ for x = 0 is the caller's business."""
    _base(base)
    value = sp.log(x) if str(base) == "e" else sp.log(x) / sp.log(int(base))
    return tidy(value)


def _sym(base: str | int) -> str:
    return _base(base)[0]


def _unit(base: str | int) -> Bilingual:
    _, ja, en = _base(base)
    return Bilingual(ja, en)


def _zero_note(base: str | int) -> Step:
    log = _sym(base)
    return Step(Bilingual(f"p = 0 の項は 0·{log} 0 = 0 とする (p→0 で p {log} p → 0 となる極限)",
                          f"Terms with p = 0 count as 0·{log} 0 = 0 (the limit of p {log} p as p → 0)"),
                formula=f"lim_(p→0) p·{_sym(base)} p = 0", kind="note")


def _entropy(probs: Sequence[Any], base: str | int) -> tuple[Any, str]:
    """−Σ p log p over p > 0, and the sum written out."""
    terms = [p for p in probs if p != 0]
    value = tidy(-sum((p * log_base(p, base) for p in terms), sp.Integer(0)))
    written = "−(" + " + ".join(f"{fmt(p)}·{_sym(base)}({fmt(p)})" for p in terms) + ")"
    return value, written


def _entropy_step(probs: Sequence[Any], base: str | int, name: str, what: Bilingual) -> tuple[Any, list[Step]]:
    value, written = _entropy(probs, base)
    unit = _unit(base)
    steps = [Step(Bilingual(f"{what.ja} ({unit.ja})", f"{what.en} (in {unit.en})"),
                  formula=f"{name} = −Σ p·{_sym(base)} p", substituted=written, result=value)]
    if any(p == 0 for p in probs):
        steps.append(_zero_note(base))
    return value, steps


def _table(joint: Sequence[Sequence[Any]]) -> list[list[sp.Rational]]:
    if not joint or not all(isinstance(row, Sequence) and not isinstance(row, str) for row in joint):
        raise SolverError("the joint table must be a 2-D list (rows = X, columns = Y)",
                          "同時確率表は2次元のリストで指定してください (行 = X, 列 = Y)")
    width = len(joint[0])
    if width == 0 or any(len(row) != width for row in joint):
        raise SolverError("the joint table must be rectangular and non-empty", "同時確率表の行の長さがそろっていません")
    flat = exact_distribution([v for row in joint for v in row], "joint")
    return [flat[i * width:(i + 1) * width] for i in range(len(joint))]


def _marginals(table: Sequence[Sequence[sp.Rational]]) -> tuple[list[sp.Rational], list[sp.Rational], list[Step]]:
    px = [sum(row, sp.Integer(0)) for row in table]
    py = [sum(col, sp.Integer(0)) for col in zip(*table, strict=True)]
    steps = [
        Step(Bilingual("周辺分布 p(x): 行ごとの和", "Marginal p(x): sum each row"), formula="p(x) = Σ_y p(x, y)",
             substituted="; ".join(" + ".join(fmt(v) for v in row) for row in table), result=px),
        Step(Bilingual("周辺分布 p(y): 列ごとの和", "Marginal p(y): sum each column"), formula="p(y) = Σ_x p(x, y)",
             substituted="; ".join(" + ".join(fmt(v) for v in col) for col in zip(*table, strict=True)), result=py),
    ]
    return px, py, steps


def _pair(p: Sequence[Any], q: Sequence[Any]) -> tuple[list[sp.Rational], list[sp.Rational]]:
    ps, qs = exact_distribution(p, "p"), exact_distribution(q, "q")
    if len(ps) != len(qs):
        raise SolverError(f"p and q must have the same length ({len(ps)} ≠ {len(qs)})",
                          f"p と q の長さが違います ({len(ps)} ≠ {len(qs)})")
    return ps, qs


def _kl(ps: Sequence[sp.Rational], qs: Sequence[sp.Rational], base: str | int, name: str) -> tuple[Any, list[Step]]:
    """One direction of KL, with the infinite case explained instead of computed."""
    blocking = [i for i, (a, b) in enumerate(zip(ps, qs, strict=True)) if a > 0 and b == 0]
    left, right = name[3], name[5]  # "KL(p‖q)" → p, q
    if blocking:
        i = blocking[0]
        return sp.oo, [Step(Bilingual(
            f"{name} = ∞: {i + 1} 番目の事象で {left} = {fmt(ps[i])} > 0 なのに {right} = 0。{left} では起こる事象を"
            f" {right} は「ありえない」としているので {_sym(base)}({left}/0) = +∞ となり、ほかの項では打ち消せない。"
            " KL は非対称で、q に 0 を置かないよう平滑化 (ラベル平滑化・ε の加算) するのはこのため。",
            f"{name} = ∞: at outcome {i + 1}, {left} = {fmt(ps[i])} > 0 but {right} = 0. {right} rules out an outcome"
            f" that {left} says happens, so {_sym(base)}({left}/0) = +∞ and no other term can cancel it. This is why KL is"
            " asymmetric and why models smooth q (label smoothing, adding ε) so that it is never exactly 0.",
        ), formula=f"{left}_i·{_sym(base)}({left}_i/{right}_i) with {right}_i = 0", result=sp.oo)]
    terms = [(a, b) for a, b in zip(ps, qs, strict=True) if a > 0]
    value = tidy(sum((a * log_base(a / b, base) for a, b in terms), sp.Integer(0)))
    steps = [Step(Bilingual(f"{name}: {left} で重みづけた {_sym(base)}({left}/{right}) の和 ({left} = 0 の項は 0)",
                            f"{name}: the {left}-weighted sum of {_sym(base)}({left}/{right}) (terms with {left} = 0 vanish)"),
                  formula=f"{name} = Σ {left}_i·{_sym(base)}({left}_i/{right}_i)",
                  substituted=" + ".join(f"{fmt(a)}·{_sym(base)}({par(a)}/{par(b)})" for a, b in terms), result=value)]
    return value, steps


def _solution(measure: str, inputs: dict[str, Any], answer: Any, steps: list[Step], base: str | int) -> Solution:
    return Solution("info", {"measure": measure, "base": str(base), **inputs}, answer, steps)


def self_information(p: Any, base: str | int = "e") -> Solution:
    """I(p) = −log p: rare events carry more information; a certain event carries none."""
    prob = exact_probability(p, "p")
    if prob == 0:
        step = Step(Bilingual("p = 0 の事象の自己情報量は −log 0 = +∞ (決して起こらない事象)",
                              "An event of probability 0 has self-information −log 0 = +∞ (it never happens)"),
                    formula="I = −log p", substituted=f"−{_sym(base)}(0)", result=sp.oo)
        return _solution("self", {"p": prob}, sp.oo, [step], base)
    value = tidy(-log_base(prob, base))
    unit = _unit(base)
    step = Step(Bilingual(f"自己情報量: 起こりにくい事象ほど大きい ({unit.ja})", f"Self-information: the rarer the event, the larger ({unit.en})"),
                formula=f"I(x) = −{_sym(base)} p(x)", substituted=f"−{_sym(base)}({fmt(prob)})", result=value)
    return _solution("self", {"p": prob}, value, [step], base)


def entropy(p: Sequence[Any], base: str | int = "e") -> Solution:
    """H(p) = −Σ p log p, the expected self-information."""
    ps = exact_distribution(p, "p")
    value, steps = _entropy_step(ps, base, "H(p)", Bilingual("エントロピー: 自己情報量の期待値", "Entropy: expected self-information"))
    if len(ps) > 1:
        top = tidy(log_base(len(ps), base))
        steps.append(Step(Bilingual(f"参考: {len(ps)} 通りの一様分布で最大値 {_sym(base)} {len(ps)}",
                                    f"For reference: the maximum, {_sym(base)} {len(ps)}, is reached by the uniform distribution"),
                          formula=f"H ≤ {_sym(base)} n", substituted=f"{_sym(base)}({len(ps)})", result=top, kind="note"))
    return _solution("entropy", {"p": ps}, value, steps, base)


def joint_entropy(joint: Sequence[Sequence[Any]], base: str | int = "e") -> Solution:
    """H(X, Y) = −Σ p(x, y) log p(x, y) over every cell of the joint table."""
    table = _table(joint)
    cells = [v for row in table for v in row]
    value, steps = _entropy_step(cells, base, "H(X, Y)", Bilingual("同時エントロピー: 表のすべてのセルで和をとる", "Joint entropy: sum over every cell of the table"))
    return _solution("joint", {"joint": table}, value, steps, base)


def conditional_entropy(joint: Sequence[Sequence[Any]], base: str | int = "e", given: str = "X") -> Solution:
    """H(Y | X) = H(X, Y) − H(X) (or H(X | Y) with ``given="Y"``), also shown as the direct sum −Σ p(x,y) log p(y|x)."""
    if given not in ("X", "Y"):
        raise SolverError("given must be X or Y", "given は X か Y で指定してください")
    table = _table(joint)
    px, py, steps = _marginals(table)
    target = "Y" if given == "X" else "X"
    name = f"H({target} | {given})"
    cells = [v for row in table for v in row]
    h_joint, joint_steps = _entropy_step(cells, base, "H(X, Y)", Bilingual("同時エントロピー", "Joint entropy"))
    marginal = px if given == "X" else py
    h_given, given_steps = _entropy_step(marginal, base, f"H({given})", Bilingual(f"{given} のエントロピー", f"Entropy of {given}"))
    steps += joint_steps + given_steps
    value = tidy(h_joint - h_given)
    steps.append(Step(Bilingual(f"連鎖律: {name} = H(X, Y) − H({given})", f"Chain rule: {name} = H(X, Y) − H({given})"),
                      formula=f"{name} = H(X, Y) − H({given})", substituted=f"{par(h_joint)} − {par(h_given)}", result=value))
    terms = [(table[i][j], marginal[i] if given == "X" else marginal[j])
             for i in range(len(table)) for j in range(len(table[0])) if table[i][j] != 0]
    direct = tidy(-sum((c * log_base(c / m, base) for c, m in terms), sp.Integer(0)))
    steps.append(Step(Bilingual(f"確認: 条件付き確率 p({target.lower()}|{given.lower()}) = p(x,y)/p({given.lower()}) を使った直接の和",
                                f"Check: the direct sum with p({target.lower()}|{given.lower()}) = p(x,y)/p({given.lower()})"),
                      formula=f"{name} = −Σ p(x,y)·{_sym(base)} p({target.lower()}|{given.lower()})",
                      substituted="−(" + " + ".join(f"{fmt(c)}·{_sym(base)}({par(c)}/{par(m)})" for c, m in terms) + ")",
                      result=direct))
    return _solution("conditional", {"joint": table, "given": given}, value, steps, base)


def cross_entropy(p: Sequence[Any], q: Sequence[Any], base: str | int = "e") -> Solution:
    """H(p, q) = −Σ p log q: the cost of coding p with a code built for q; equals H(p) + KL(p‖q)."""
    ps, qs = _pair(p, q)
    kl, kl_steps = _kl(ps, qs, base, "KL(p‖q)")
    if kl == sp.oo:
        return _solution("cross-entropy", {"p": ps, "q": qs}, sp.oo, [*kl_steps[:1], Step(
            Bilingual("したがって交差エントロピーも ∞ (−p·log 0 の項がある)", "So the cross-entropy is ∞ as well (it has a −p·log 0 term)"),
            formula="H(p, q) = −Σ p·log q", result=sp.oo)], base)
    terms = [(a, b) for a, b in zip(ps, qs, strict=True) if a > 0]
    value = tidy(-sum((a * log_base(b, base) for a, b in terms), sp.Integer(0)))
    steps = [Step(Bilingual("交差エントロピー: 正解分布 p で重みづけた −log q の和 (p = 0 の項は 0)",
                            "Cross-entropy: the p-weighted sum of −log q (terms with p = 0 vanish)"),
                  formula=f"H(p, q) = −Σ p_i·{_sym(base)} q_i",
                  substituted="−(" + " + ".join(f"{fmt(a)}·{_sym(base)}({fmt(b)})" for a, b in terms) + ")", result=value)]
    h_p, h_steps = _entropy_step(ps, base, "H(p)", Bilingual("確認: p のエントロピー", "Check: entropy of p"))
    steps += h_steps + kl_steps
    steps.append(Step(Bilingual("交差エントロピー = エントロピー + KL (p が固定なら H(p,q) の最小化は KL の最小化)",
                                "Cross-entropy = entropy + KL (with p fixed, minimising H(p, q) minimises KL)"),
                      formula="H(p, q) = H(p) + KL(p‖q)", substituted=f"{par(h_p)} + {par(kl)}", result=tidy(h_p + kl)))
    return _solution("cross-entropy", {"p": ps, "q": qs}, value, steps, base)


def kl_divergence(p: Sequence[Any], q: Sequence[Any], base: str | int = "e") -> Solution:
    """KL(p‖q) and KL(q‖p): both are shown because the asymmetry is the point of most exam questions."""
    ps, qs = _pair(p, q)
    forward, steps = _kl(ps, qs, base, "KL(p‖q)")
    backward, back_steps = _kl(qs, ps, base, "KL(q‖p)")
    steps += back_steps
    if forward != backward:
        steps.append(Step(Bilingual("KL は非対称: KL(p‖q) ≠ KL(q‖p) なので距離ではない",
                                    "KL is asymmetric: KL(p‖q) ≠ KL(q‖p), so it is not a distance"),
                          formula="KL(p‖q) ≠ KL(q‖p)", result=[forward, backward], kind="note"))
    return _solution("kl", {"p": ps, "q": qs}, {"p||q": forward, "q||p": backward}, steps, base)


def js_divergence(p: Sequence[Any], q: Sequence[Any], base: str | int = "e") -> Solution:
    """JS(p, q) = ½KL(p‖m) + ½KL(q‖m) with m = (p + q)/2: symmetric and always finite (≤ log 2)."""
    ps, qs = _pair(p, q)
    mix = [(a + b) / 2 for a, b in zip(ps, qs, strict=True)]
    steps = [Step(Bilingual("混合分布 m = (p + q)/2 (p か q が正なら m も正なので JS は有限)",
                            "Mixture m = (p + q)/2 (positive wherever p or q is, so JS is finite)"),
                  formula="m_i = (p_i + q_i)/2", substituted="; ".join(f"({fmt(a)} + {fmt(b)})/2" for a, b in zip(ps, qs, strict=True)),
                  result=mix)]
    kl_p, p_steps = _kl(ps, mix, base, "KL(p‖m)")
    kl_q, q_steps = _kl(qs, mix, base, "KL(q‖m)")
    value = tidy((kl_p + kl_q) / 2)
    steps += p_steps + q_steps
    steps.append(Step(Bilingual(f"JS ダイバージェンス: 2つの KL の平均 (対称・上限 {_sym(base)} 2)",
                                f"JS divergence: the mean of the two KLs (symmetric, at most {_sym(base)} 2)"),
                      formula="JS = ½KL(p‖m) + ½KL(q‖m)", substituted=f"({par(kl_p)} + {par(kl_q)})/2", result=value))
    return _solution("js", {"p": ps, "q": qs}, value, steps, base)


def mutual_information(joint: Sequence[Sequence[Any]], base: str | int = "e") -> Solution:
    """I(X; Y) = H(X) + H(Y) − H(X, Y), and the same as Σ p(x,y) log(p(x,y) / (p(x)p(y)))."""
    table = _table(joint)
    px, py, steps = _marginals(table)
    h_x, hx_steps = _entropy_step(px, base, "H(X)", Bilingual("X のエントロピー", "Entropy of X"))
    h_y, hy_steps = _entropy_step(py, base, "H(Y)", Bilingual("Y のエントロピー", "Entropy of Y"))
    h_xy, hxy_steps = _entropy_step([v for row in table for v in row], base, "H(X, Y)", Bilingual("同時エントロピー", "Joint entropy"))
    steps += hx_steps + hy_steps + hxy_steps
    value = tidy(h_x + h_y - h_xy)
    steps.append(Step(Bilingual("相互情報量 = 周辺エントロピーの和 − 同時エントロピー", "Mutual information = sum of marginal entropies − joint entropy"),
                      formula="I(X; Y) = H(X) + H(Y) − H(X, Y)", substituted=f"{par(h_x)} + {par(h_y)} − {par(h_xy)}", result=value))
    cells = [(table[i][j], px[i], py[j]) for i in range(len(px)) for j in range(len(py)) if table[i][j] != 0]
    direct = tidy(sum((c * log_base(c / (a * b), base) for c, a, b in cells), sp.Integer(0)))
    steps.append(Step(Bilingual("同じ値を定義どおりの和で (独立なら p(x,y) = p(x)p(y) で 0)", "The same by the defining sum (0 when independent: p(x,y) = p(x)p(y))"),
                      formula=f"I(X; Y) = Σ p(x,y)·{_sym(base)}(p(x,y) / (p(x)p(y)))",
                      substituted=" + ".join(f"{fmt(c)}·{_sym(base)}({par(c)}/({fmt(a)}·{fmt(b)}))" for c, a, b in cells),
                      result=direct))
    return _solution("mutual", {"joint": table}, value, steps, base)


def perplexity(p: Sequence[Any], base: str | int = "e", per_token: bool = False) -> Solution:
    """Perplexity b^H(p) (the same for every base b), or from per-token probabilities (Π p_i)^(−1/N).

    Perplexity is the effective number of equally likely choices: a fair die has perplexity 6.
    """
    sym = _sym(base)
    b = sp.E if str(base) == "e" else sp.Integer(int(base))
    if per_token:
        tokens = [exact_probability(v, "p") for v in p]
        if not tokens:
            raise SolverError("give at least one token probability", "トークンの確率を1つ以上指定してください")
        n = len(tokens)
        if any(t == 0 for t in tokens):
            step = Step(Bilingual("確率 0 のトークンがあるので、平均負対数尤度もパープレキシティも ∞",
                                  "A token has probability 0, so the mean negative log-likelihood and the perplexity are ∞"),
                        formula="−log 0 = ∞", result=sp.oo)
            return _solution("perplexity", {"p": tokens, "per_token": True}, sp.oo, [step], base)
        nll = tidy(-sum((log_base(t, base) for t in tokens), sp.Integer(0)) / n)
        product = sp.Mul(*tokens)
        value = sp.simplify(product ** sp.Rational(-1, n))
        steps = [
            Step(Bilingual("1トークンあたりの平均負対数尤度 (交差エントロピー)", "Mean negative log-likelihood per token (cross-entropy)"),
                 formula=f"H = −(1/N) Σ {sym} p_i", substituted=f"−({' + '.join(f'{sym}({fmt(t)})' for t in tokens)})/{n}", result=nll),
            Step(Bilingual("パープレキシティ = 底の H 乗", "Perplexity = base raised to H"), formula=f"PP = {exact_text(b)}^H",
                 substituted=f"{exact_text(b)}^({fmt(nll)})", result=value),
            Step(Bilingual("同じ値: 確率の幾何平均の逆数", "The same value: the inverse of the geometric mean of the probabilities"),
                 formula="PP = (Π p_i)^(−1/N)", substituted=f"({' × '.join(fmt(t) for t in tokens)})^(−1/{n})", result=value),
        ]
        return _solution("perplexity", {"p": tokens, "per_token": True}, value, steps, base)
    ps = exact_distribution(p, "p")
    h, steps = _entropy_step(ps, base, "H(p)", Bilingual("エントロピー", "Entropy"))
    h_nats, _ = _entropy(ps, "e")
    value = sp.simplify(sp.exp(h_nats))
    steps.append(Step(Bilingual("パープレキシティ = 底の H 乗 (実効的な選択肢の数)", "Perplexity = base raised to H (the effective number of choices)"),
                      formula=f"PP = {exact_text(b)}^H", substituted=f"{exact_text(b)}^({fmt(h)})", result=value))
    steps.append(Step(Bilingual("底によらない: 2^(ビットの H) = e^(nat の H)", "Independent of the base: 2^(H in bits) = e^(H in nats)"),
                      formula="PP = 2^(H₂) = e^(H_e) = Π p_i^(−p_i)", result=value, kind="note"))
    return _solution("perplexity", {"p": ps}, value, steps, base)


def information(measure: str, p: Sequence[Any] | None = None, q: Sequence[Any] | None = None,
                joint: Sequence[Sequence[Any]] | None = None, base: str | int = "e", given: str = "X",
                per_token: bool = False) -> Solution:
    """Dispatch on ``measure``; says which input is missing instead of failing later."""
    if measure not in MEASURES:
        raise SolverError(f"unknown measure '{measure}' (choose from {', '.join(MEASURES)})",
                          f"measure '{measure}' は不明です ({', '.join(MEASURES)} から選んでください)")
    _base(base)

    def need(value: Any, flag: str) -> Any:
        if value is None:
            raise SolverError(f"measure '{measure}' needs {flag}", f"measure '{measure}' には {flag} が必要です")
        return value

    if measure in ("joint", "conditional", "mutual"):
        table = need(joint, "a joint table (--joint)")
        if measure == "joint":
            return joint_entropy(table, base)
        return conditional_entropy(table, base, given) if measure == "conditional" else mutual_information(table, base)
    probs = need(p, "p (--p)")
    if measure == "self":
        if len(probs) != 1:
            raise SolverError("self-information takes one probability", "自己情報量には確率を1つだけ指定してください")
        return self_information(probs[0], base)
    if measure == "entropy":
        return entropy(probs, base)
    if measure == "perplexity":
        return perplexity(probs, base, per_token)
    other = need(q, "q (--q)")
    return {"cross-entropy": cross_entropy, "kl": kl_divergence, "js": js_divergence}[measure](probs, other, base)
