"""Generators for reinforcement learning: discounted return, Q-learning and SARSA updates, ε-greedy probabilities.

Keys and steps come from :mod:`solvers.rl`; the wrong options re-run the update by hand with one slip
(γ's exponent off by one, max instead of the next action, α or γ forgotten, the greedy action denied
its share of the exploration).
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


# ---------------------------------------------------------------- discounted_return


def _draw_return(d: Draw) -> dict[str, Any]:
    rewards = [d.int("reward") for _ in range(d.int("steps"))]
    if sum(1 for r in rewards if r) < 2 or rewards[-1] == 0:
        raise Redraw("want at least two rewards, the last one non-zero")
    return {"rewards": rewards, "gamma": _dec(d.decimal("gamma"))}


def _solve_return(p: dict[str, Any]) -> Solution:
    from solvers.rl import discounted_return

    return discounted_return(p["rewards"], Fraction(p["gamma"]))


def return_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """γ^(k+1) instead of γ^k, no discount, and the discounts applied back to front."""
    rewards, g = p["rewards"], Fraction(p["gamma"])
    last = len(rewards) - 1
    return [
        mistake(sum(g ** (k + 1) * r for k, r in enumerate(rewards)), "gamma-exponent-off-by-one",
                "γ の指数が1つずれています。直後の報酬 r_{t+1} は割り引かず (γ⁰ = 1)、k ステップ先に γ^k を掛けます。",
                "The exponent of γ is off by one: the first reward r_{t+1} is not discounted (γ⁰ = 1); k steps ahead gets γ^k."),
        mistake(Fraction(sum(rewards)), "no-discount", "割引をしていません (報酬の単純和)。", "You did not discount at all (a plain sum of the rewards)."),
        mistake(sum(g ** (last - k) * r for k, r in enumerate(rewards)), "discount-reversed",
                "割引を逆向きにかけています。遠い将来の報酬ほど大きく割り引きます。", "You discounted back to front; the further ahead a reward, the more it is discounted."),
        mistake(g * sum(rewards), "discounted-once", "報酬の和に γ を1回掛けただけです。k ステップ先の報酬には γ^k を掛けます。",
                "You multiplied the sum of the rewards by γ once; a reward k steps ahead gets γ^k."),
    ]


DISCOUNTED_RETURN = GeneratorSpec(
    name="discounted_return",
    title=Bilingual("割引収益", "Discounted return"),
    syllabus=("T09", "E4-7-1"),
    defaults={"steps": [3, 4], "reward": {"one_of": [-1, 0, 0, 1, 1, 2, 5, 10]}, "gamma": {"one_of": [0.5, 0.8, 0.9]}},
    draw=_draw_return,
    solve=_solve_return,
    prompt=lambda p: Bilingual(
        f"時刻 t の後、エージェントは順に報酬 r_(t+1), r_(t+2), … = {', '.join(map(str, p['rewards']))} を受け取ってエピソードが終わった。"
        f"割引率 γ = {_dec(p['gamma'])} のとき、割引収益 G_t = Σ_k γ^k r_(t+k+1) を求めよ。",
        f"After time t the agent receives the rewards r_(t+1), r_(t+2), … = {', '.join(map(str, p['rewards']))}, then the episode "
        f"ends. With discount factor γ = {_dec(p['gamma'])}, find the discounted return G_t = Σ_k γ^k r_(t+k+1)."),
    mistakes=return_mistakes,
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- q_learning_update / sarsa_update

TD_DEFAULTS: dict[str, Any] = {"q": [0, 5], "reward": {"one_of": [-1, 0, 1, 2, 5]}, "next_q": [0, 6], "actions": 3,
                               "alpha": {"one_of": [0.1, 0.2, 0.5]}, "gamma": {"one_of": [0.5, 0.8, 0.9]}}


def _draw_td(d: Draw) -> dict[str, Any]:
    nexts = [d.int("next_q") for _ in range(d.int("actions"))]
    best = max(nexts)
    others = [i for i, v in enumerate(nexts) if v != best]
    if nexts.count(best) > 1 or not others:
        raise Redraw("want one best next action and another one actually taken")
    taken = others[int(d.rng.integers(len(others)))]
    if nexts[taken] == 0:
        raise Redraw("Q(s', a') = 0 would hide a forgotten γ in SARSA")
    return {"q": d.int("q"), "reward": d.int("reward"), "next_q": nexts, "next_action": taken,
            "alpha": _dec(d.decimal("alpha")), "gamma": _dec(d.decimal("gamma"))}


def _solve_q(p: dict[str, Any]) -> Solution:
    from solvers.rl import q_learning

    return q_learning(p["q"], p["reward"], Fraction(p["gamma"]), Fraction(p["alpha"]), p["next_q"])


def _solve_sarsa(p: dict[str, Any]) -> Solution:
    from solvers.rl import sarsa

    return sarsa(p["q"], p["reward"], Fraction(p["gamma"]), Fraction(p["alpha"]), p["next_q"], p["next_action"])


def _td(q: int, r: int, g: Fraction, a: Fraction, bootstrap: int) -> Fraction:
    """Q ← Q + α(r + γ·bootstrap − Q), written out again so that each slip can change one piece."""
    return q + a * (r + g * bootstrap - q)


def td_mistakes(p: dict[str, Any], kind: str) -> list[Mistake]:
    """The other algorithm's bootstrap, α forgotten (jump to the target), γ forgotten, −Q(s,a) forgotten."""
    q, r, g, a = p["q"], p["reward"], Fraction(p["gamma"]), Fraction(p["alpha"])
    best, taken = max(p["next_q"]), p["next_q"][p["next_action"]]
    mine = best if kind == "q" else taken
    if kind == "q":
        swap = mistake(_td(q, r, g, a, taken), "used-next-action-not-max",
                       "実際に選んだ次の行動の Q を使っています (それは SARSA)。Q 学習は次状態での最大の Q: max_a' Q(s', a') を使います (方策オフ型)。",
                       "You used the Q of the action actually taken next (that is SARSA); Q-learning uses max_a' Q(s', a') (off-policy).")
    else:
        swap = mistake(_td(q, r, g, a, best), "used-max-not-next-action",
                       "次状態での最大の Q を使っています (それは Q 学習)。SARSA は実際に選んだ次の行動 a' の Q(s', a') を使います (方策オン型)。",
                       "You used the largest next Q (that is Q-learning); SARSA uses Q(s', a') of the action a' actually taken (on-policy).")
    return [
        swap,
        mistake(Fraction(r) + g * mine, "forgot-alpha", "学習率 α を忘れて、TD ターゲットそのものに置き換えています。Q ← Q + α(ターゲット − Q)。",
                "You forgot the learning rate α and jumped to the TD target itself; Q ← Q + α(target − Q)."),
        mistake(q + a * (r + mine - q), "forgot-gamma", "次状態の価値に割引率 γ を掛け忘れています。", "You forgot to multiply the next value by the discount γ."),
        mistake(q + a * (r + g * mine), "forgot-minus-q", "TD 誤差で現在の Q(s, a) を引き忘れています: δ = r + γ·(次の Q) − Q(s, a)。",
                "You forgot to subtract the current Q(s, a) in the TD error: δ = r + γ·(next Q) − Q(s, a)."),
    ]


def _td_prompt(p: dict[str, Any], kind: str) -> Bilingual:
    labels = [f"a{i + 1}" for i in range(len(p["next_q"]))]
    table_ja = "、".join(f"Q(s', {lab}) = {v}" for lab, v in zip(labels, p["next_q"], strict=True))
    table_en = ", ".join(f"Q(s', {lab}) = {v}" for lab, v in zip(labels, p["next_q"], strict=True))
    taken = labels[p["next_action"]]
    name_ja, name_en = ("Q 学習", "Q-learning") if kind == "q" else ("SARSA", "SARSA")
    return Bilingual(
        f"状態 s で行動 a をとり、報酬 r = {p['reward']} を得て状態 s' に移った。現在 Q(s, a) = {p['q']}、{table_ja} である。"
        f"エージェントは s' で (ε-greedy により) 次の行動として {taken} を選んだ。学習率 α = {_dec(p['alpha'])}、割引率 γ = {_dec(p['gamma'])} の"
        f" {name_ja} で更新した後の Q(s, a) を求めよ。",
        f"In state s the agent takes action a, receives reward r = {p['reward']} and moves to s'. Currently Q(s, a) = {p['q']} and "
        f"{table_en}. In s' the agent (ε-greedy) picks {taken} as its next action. Find Q(s, a) after one {name_en} update with "
        f"learning rate α = {_dec(p['alpha'])} and discount γ = {_dec(p['gamma'])}.")


Q_LEARNING_UPDATE = GeneratorSpec(
    name="q_learning_update",
    title=Bilingual("Q 学習の更新", "Q-learning update"),
    syllabus=("T09", "E4-7-1"),
    defaults=TD_DEFAULTS,
    draw=_draw_td,
    solve=_solve_q,
    prompt=lambda p: _td_prompt(p, "q"),
    mistakes=lambda p, s: td_mistakes(p, "q"),
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)

SARSA_UPDATE = GeneratorSpec(
    name="sarsa_update",
    title=Bilingual("SARSA の更新", "SARSA update"),
    syllabus=("T09",),
    defaults=TD_DEFAULTS,
    draw=_draw_td,
    solve=_solve_sarsa,
    prompt=lambda p: _td_prompt(p, "sarsa"),
    mistakes=lambda p, s: td_mistakes(p, "sarsa"),
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)


# ---------------------------------------------------------------- epsilon_greedy_probability


def _draw_eps(d: Draw) -> dict[str, Any]:
    n = d.int("actions")
    values = [d.int("q_value") for _ in range(n)]
    if len(set(values)) != n:
        raise Redraw("distinct Q values: one greedy action, no tie rule needed")
    greedy = values.index(max(values))
    target = str(d.pick("target"))
    others = [i for i in range(n) if i != greedy]
    asked = greedy if target == "greedy" else others[int(d.rng.integers(len(others)))]
    return {"q_values": values, "epsilon": _dec(d.decimal("epsilon")), "asked": asked, "target": target}


def _solve_eps(p: dict[str, Any]) -> Solution:
    from solvers.rl import epsilon_greedy

    return epsilon_greedy(p["q_values"], Fraction(p["epsilon"]))


def epsilon_mistakes(p: dict[str, Any], _s: Solution | None = None) -> list[Mistake]:
    """The greedy action denied its ε/|A| share, exploration over the other actions only, ε read as the greedy probability."""
    eps, n = Fraction(p["epsilon"]), len(p["q_values"])
    if p["target"] == "greedy":
        return [
            mistake(1 - eps, "forgot-greedy-share", "探索 (確率 ε) でも一様に選ぶので、貪欲行動にも ε/|A| が加わります: 1 − ε + ε/|A|。",
                    "Exploration (probability ε) picks uniformly among all actions, so the greedy one also gets ε/|A|: 1 − ε + ε/|A|."),
            mistake(eps + (1 - eps) / n, "epsilon-roles-swapped", "ε と 1 − ε の役割が逆です。ε は探索 (ランダム) の確率です。",
                    "You swapped the roles of ε and 1 − ε; ε is the probability of exploring at random."),
            mistake(eps / n, "exploration-share-only", "それは探索で選ばれる分 ε/|A| だけです。活用 (1 − ε) の分を足します。",
                    "That is only the exploration share ε/|A|; add the exploitation probability 1 − ε."),
            mistake(1 - eps / n, "subtracted-share", "1 から ε/|A| を引くのではなく、1 − ε に ε/|A| を足します。",
                    "Not 1 − ε/|A|: it is 1 − ε plus ε/|A|."),
        ]
    return [
        mistake(eps / (n - 1), "explore-excludes-greedy", "探索では貪欲行動も含めた |A| 個から一様に選ぶので ε/|A| です (|A| − 1 で割らない)。",
                "Exploration picks uniformly among all |A| actions, greedy included: ε/|A|, not ε/(|A| − 1)."),
        mistake(eps, "epsilon-not-divided", "ε は探索全体の確率です。1つの行動には ε/|A| ずつ配られます。",
                "ε is the probability of exploring at all; each action receives ε/|A| of it."),
        mistake((1 - eps) / n, "epsilon-roles-swapped", "ε と 1 − ε の役割が逆です。ε は探索 (ランダム) の確率です。",
                "You swapped the roles of ε and 1 − ε; ε is the probability of exploring at random."),
        mistake(1 - eps + eps / n, "greedy-probability", "それは貪欲行動 (Q が最大の行動) の確率です。", "That is the probability of the greedy (largest-Q) action."),
    ]


def _eps_prompt(p: dict[str, Any]) -> Bilingual:
    labels = [f"a{i + 1}" for i in range(len(p["q_values"]))]
    table = ", ".join(f"Q(s, {lab}) = {v}" for lab, v in zip(labels, p["q_values"], strict=True))
    asked = labels[p["asked"]]
    return Bilingual(f"状態 s で {len(labels)} 個の行動の Q 値が {table} である。ε = {_dec(p['epsilon'])} の ε-greedy 方策"
                     f" (確率 ε ですべての行動から一様に選び、それ以外は Q が最大の行動を選ぶ) で、行動 {asked} が選ばれる確率を求めよ。",
                     f"In state s the {len(labels)} actions have {table}. Under an ε-greedy policy with ε = {_dec(p['epsilon'])} "
                     f"(with probability ε pick uniformly among all actions, otherwise the largest-Q action), what is the "
                     f"probability of choosing {asked}?")


EPSILON_GREEDY_PROBABILITY = GeneratorSpec(
    name="epsilon_greedy_probability",
    value_range=(0, 1),
    title=Bilingual("ε-greedy 方策の行動確率", "Action probability under ε-greedy"),
    syllabus=("T09", "E4-7-1"),
    defaults={"actions": [2, 5], "q_value": [0, 9], "epsilon": {"one_of": [0.1, 0.2, 0.3]},
              "target": {"one_of": ["greedy", "other"]}},
    draw=_draw_eps,
    solve=_solve_eps,
    prompt=_eps_prompt,
    mistakes=epsilon_mistakes,
    answer=lambda p, s: s.answer[p["asked"]],
    tolerance=THREE_PLACES,
    answer_hint=THREE_PLACES_HINT,
)

SPECS = (DISCOUNTED_RETURN, Q_LEARNING_UPDATE, SARSA_UPDATE, EPSILON_GREEDY_PROBABILITY)
