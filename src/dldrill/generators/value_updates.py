"""Generators for state values: the TD(0) update of V(s) and one Bellman backup of V(s) in a small MDP.

Keys and steps come from :mod:`solvers.rl`; the wrong options redo the arithmetic with one slip (α or γ
forgotten, the TD error alone, the mean instead of the max, the transition probabilities ignored).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dldrill.generators.base import Draw, GeneratorSpec, Redraw
from dldrill.generators.conventions import THREE_PLACES
from dldrill.generators.evaluation import THREE_PLACES_HINT, mistake
from dldrill.grading import Mistake
from solvers.steps import Bilingual, Solution


def _dec(x: Fraction | str) -> str:
    return f"{float(Fraction(x)):g}"


# ---------------------------------------------------------------- td0_update


def _draw_td0(d: Draw) -> dict[str, Any]:
    v, v_next = d.int("v"), d.int("v_next")
    if v_next == 0 or v == 0:
        raise Redraw("V = 0 would hide a forgotten γ or a forgotten −V(s)")
    return {"v": v, "reward": d.int("reward"), "v_next": v_next, "alpha": _dec(d.decimal("alpha")), "gamma": _dec(d.decimal("gamma"))}


def _solve_td0(p: dict[str, Any]) -> Solution:
    from solvers.rl import td0

    return td0(p["v"], p["reward"], Fraction(p["gamma"]), Fraction(p["alpha"]), p["v_next"])


def _td0_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    v, r, nxt, g, a = Fraction(p["v"]), Fraction(p["reward"]), Fraction(p["v_next"]), Fraction(p["gamma"]), Fraction(p["alpha"])
    target = r + g * nxt
    return [
        mistake(target, "forgot-alpha", "学習率 α を忘れて TD ターゲット r + γV(s') に置き換えています。V ← V + α(ターゲット − V)。",
                "You forgot α and replaced V(s) by the TD target r + γV(s'); V ← V + α(target − V)."),
        mistake(target - v, "td-error-only", "それは TD 誤差 δ = r + γV(s') − V(s) です。更新後の値は V(s) + αδ。",
                "That is the TD error δ = r + γV(s') − V(s); the updated value is V(s) + αδ."),
        mistake(v + a * (r + nxt - v), "forgot-gamma", "次状態の価値 V(s') に割引率 γ を掛け忘れています。",
                "You forgot to multiply V(s') by the discount γ."),
        mistake(v + a * target, "forgot-minus-v", "TD 誤差で現在の V(s) を引き忘れています。", "You forgot to subtract the current V(s) in the TD error."),
        mistake(a * v + (1 - a) * target, "alpha-swapped", "α と 1 − α の掛け先が逆です: V ← (1 − α)V + α(r + γV(s'))。",
                "α and 1 − α are on the wrong terms: V ← (1 − α)V + α(r + γV(s'))."),
    ]


TD0_UPDATE = GeneratorSpec(
    name="td0_update",
    title=Bilingual("TD(0) による状態価値の更新", "TD(0) state-value update"),
    syllabus=("E4-7-1", "T09"),
    defaults={"v": [-2, 6], "reward": {"one_of": [-1, 0, 1, 2, 5]}, "v_next": [-2, 8],
              "alpha": {"one_of": [0.1, 0.2, 0.5]}, "gamma": {"one_of": [0.5, 0.8, 0.9]}},
    draw=_draw_td0,
    solve=_solve_td0,
    prompt=lambda p: Bilingual(
        f"状態 s から報酬 r = {p['reward']} を得て状態 s' に移った。現在の状態価値は V(s) = {p['v']}、V(s') = {p['v_next']} である。"
        f"学習率 α = {p['alpha']}、割引率 γ = {p['gamma']} の TD(0) 学習 V(s) ← V(s) + α(r + γV(s') − V(s)) で更新した後の "
        "V(s) を求めよ (小数第4位を四捨五入)。",
        f"From state s the agent receives reward r = {p['reward']} and moves to s'. The current values are V(s) = {p['v']} "
        f"and V(s') = {p['v_next']}. Find V(s) after one TD(0) update V(s) ← V(s) + α(r + γV(s') − V(s)) with "
        f"α = {p['alpha']} and γ = {p['gamma']} (round to 3 decimal places)."),
    mistakes=_td0_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- bellman_backup


def _draw_bellman(d: Draw) -> dict[str, Any]:
    values = {"s1": d.int("next_value"), "s2": d.int("next_value")}
    if values["s1"] == values["s2"]:
        raise Redraw("equal next values hide the transition probabilities")
    stay = Fraction(int(d.rng.integers(1, 10)), 10)
    actions = {
        "a1": [["s1", _dec(stay), d.int("reward")], ["s2", _dec(1 - stay), d.int("reward")]],
        "a2": [["s2", "1", d.int("reward")]],
    }
    policy = str(d.pick("policy"))
    gamma = _dec(d.decimal("gamma"))
    p: dict[str, Any] = {"actions": actions, "values": values, "gamma": gamma, "policy": policy,
                         "pi_a1": _dec(d.decimal("pi_a1"))}
    q = _q_values(p, Fraction(gamma))
    if q["a1"] == q["a2"]:
        raise Redraw("tied actions")
    return p


def _q_values(p: dict[str, Any], g: Fraction, use_probs: bool = True) -> dict[str, Fraction]:
    """Q(s, a) = Σ P(s'|s,a)[r + γV(s')], written out again so that a slip can change one piece."""
    out = {}
    for a, rows in p["actions"].items():
        weights = [Fraction(prob) if use_probs else Fraction(1, len(rows)) for _, prob, _ in rows]
        out[a] = sum((w * (r + g * p["values"][s]) for w, (s, _, r) in zip(weights, rows, strict=True)), Fraction(0))
    return out


def _combine(p: dict[str, Any], q: dict[str, Fraction], policy: str | None = None) -> Fraction:
    if (policy or p["policy"]) == "optimal":
        return max(q.values())
    pi = Fraction(p["pi_a1"])
    return pi * q["a1"] + (1 - pi) * q["a2"]


def _solve_bellman(p: dict[str, Any]) -> Solution:
    from solvers.rl import bellman_backup

    mdp = {"s": {a: [[s, Fraction(prob), r] for s, prob, r in rows] for a, rows in p["actions"].items()}}
    policy = None if p["policy"] == "optimal" else {"s": {"a1": Fraction(p["pi_a1"]), "a2": 1 - Fraction(p["pi_a1"])}}
    return bellman_backup(mdp, {**p["values"], "s": 0}, Fraction(p["gamma"]), policy)


def _bellman_mistakes(p: dict[str, Any], _s: Solution) -> list[Mistake]:
    g = Fraction(p["gamma"])
    q = _q_values(p, g)
    out = [
        mistake(_combine(p, _q_values(p, Fraction(1))), "no-discount", "割引率 γ を掛け忘れています: r + γV(s')。",
                "You forgot the discount γ: r + γV(s')."),
        mistake(_combine(p, _q_values(p, g, use_probs=False)), "ignored-probabilities",
                "遷移確率を使わず遷移先を均等に扱っています。Q(s, a) = Σ P(s'|s, a)[r + γV(s')]。",
                "You weighted the next states equally instead of by their transition probabilities."),
        mistake(_combine(p, _q_values(p, Fraction(0))), "rewards-only", "次の状態の価値 γV(s') を足し忘れ、報酬だけで計算しています。",
                "You used the rewards alone and forgot the next-state value γV(s')."),
    ]
    if p["policy"] == "optimal":
        out.insert(0, mistake((q["a1"] + q["a2"]) / 2, "mean-not-max", "最適価値は行動についての最大値 max_a Q(s, a) です (平均ではない)。",
                              "The optimal value is the maximum over the actions, max_a Q(s, a), not their mean."))
        out.append(mistake(min(q.values()), "min-not-max", "最小の Q を選んでいます。", "You took the smallest Q."))
    else:
        out.insert(0, mistake(max(q.values()), "max-not-policy", "それはベルマン最適方程式の max です。方策 π の価値は π で重みづけた平均です。",
                              "That is the max of the Bellman optimality equation; the value of π is the π-weighted mean."))
        out.append(mistake(_combine(p, {"a1": q["a2"], "a2": q["a1"]}), "policy-swapped", "方策の確率を行動に逆に割り当てています。",
                           "You assigned the policy's probabilities to the wrong actions."))
    return out


def _bellman_prompt(p: dict[str, Any]) -> Bilingual:
    def rows(a: str) -> tuple[str, str]:
        ja = "、".join(f"確率 {prob} で {s} (報酬 {r})" for s, prob, r in p["actions"][a])
        en = ", ".join(f"to {s} with probability {prob} (reward {r})" for s, prob, r in p["actions"][a])
        return ja, en

    (a1_ja, a1_en), (a2_ja, a2_en) = rows("a1"), rows("a2")
    v = p["values"]
    if p["policy"] == "optimal":
        ask_ja, ask_en = "ベルマン最適方程式による更新 V(s) = max_a Σ P(s'|s, a)[r + γV(s')]", "the Bellman optimality backup V(s) = max_a Σ P(s'|s, a)[r + γV(s')]"
    else:
        pi = p["pi_a1"]
        ask_ja = f"方策 π(a1|s) = {pi}、π(a2|s) = {_dec(1 - Fraction(pi))} のベルマン期待方程式による更新 V(s) = Σ_a π(a|s) Σ P(s'|s, a)[r + γV(s')]"
        ask_en = (f"the Bellman expectation backup for the policy π(a1|s) = {pi}, π(a2|s) = {_dec(1 - Fraction(pi))}, "
                  "V(s) = Σ_a π(a|s) Σ P(s'|s, a)[r + γV(s')]")
    return Bilingual(
        f"状態 s で行動 a1 をとると{a1_ja}に、行動 a2 をとると{a2_ja}に遷移する。現在の価値は V(s1) = {v['s1']}、V(s2) = {v['s2']}、"
        f"割引率 γ = {p['gamma']} である。{ask_ja} で求めた V(s) はいくつか (小数第4位を四捨五入)。",
        f"In state s, action a1 leads {a1_en}; action a2 leads {a2_en}. The current values are V(s1) = {v['s1']}, "
        f"V(s2) = {v['s2']} and the discount is γ = {p['gamma']}. What is V(s) after {ask_en}? Round to 3 decimal places.")


BELLMAN_BACKUP = GeneratorSpec(
    name="bellman_backup",
    title=Bilingual("ベルマン方程式による価値の更新", "Bellman backup of a state value"),
    syllabus=("T09", "E4-7-1"),
    defaults={"next_value": [0, 10], "reward": {"one_of": [-1, 0, 1, 2, 5]}, "gamma": {"one_of": [0.5, 0.8, 0.9]},
              "policy": {"one_of": ["optimal", "optimal", "policy"]}, "pi_a1": {"one_of": [0.2, 0.25, 0.5, 0.6, 0.75]}},
    draw=_draw_bellman,
    solve=_solve_bellman,
    prompt=_bellman_prompt,
    mistakes=_bellman_mistakes,
    answer=lambda p, s: s.answer["V"]["s"],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)

SPECS = (TD0_UPDATE, BELLMAN_BACKUP)
