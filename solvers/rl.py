"""Reinforcement-learning hand calculations: discounted return, Q-learning, SARSA, TD(0), ε-greedy and a one-step Bellman backup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from solvers.errors import SolverError
from solvers.exact import require_sum_one
from solvers.numbers import fmt, fmt_signed
from solvers.statistics import exact_number, exact_numbers, exact_probability
from solvers.steps import Bilingual, Solution, Step

TIE_RULES = ("first", "split")


def _gamma(gamma: Any) -> sp.Rational:
    g = exact_number(gamma, "gamma")
    if not 0 <= g <= 1:
        raise SolverError(f"the discount factor γ must lie in [0, 1], got {fmt(g)}",
                          f"割引率 γ は 0 以上 1 以下で指定してください ({fmt(g)})")
    return g


def _alpha(alpha: Any) -> sp.Rational:
    a = exact_number(alpha, "alpha")
    if not 0 < a <= 1:
        raise SolverError(f"the learning rate α must lie in (0, 1], got {fmt(a)}",
                          f"学習率 α は 0 より大きく 1 以下で指定してください ({fmt(a)})")
    return a


def discounted_return(rewards: Sequence[Any], gamma: Any) -> Solution:
    """G_0 = Σ_k γ^k r_{k+1} for the rewards r_1, r_2, … received after time 0, also by the backward recursion."""
    rs = exact_numbers(rewards, "rewards")
    g = _gamma(gamma)
    terms = [g**k * r for k, r in enumerate(rs)]
    total = sum(terms, sp.Integer(0))
    steps = [Step(Bilingual(f"k = {k}: {k} ステップ先の報酬を γ^{k} で割り引く", f"k = {k}: discount the reward {k} steps ahead by γ^{k}"),
                  formula="γ^k · r_{t+k+1}", substituted=f"{fmt(g)}^{k} × {fmt_signed(r)}", result=term, kind="window")
             for k, (r, term) in enumerate(zip(rs, terms, strict=True))]
    steps.append(Step(Bilingual("割引収益: 割り引いた報酬の和", "Discounted return: the sum of the discounted rewards"),
                      formula="G_t = Σ_k γ^k r_{t+k+1}", substituted=" + ".join(fmt_signed(t) for t in terms), result=total))
    backward = [sp.Integer(0)]
    for r in reversed(rs):
        backward.append(r + g * backward[-1])
    returns = list(reversed(backward[1:]))
    steps.append(Step(Bilingual("確認: 後ろから G_t = r_{t+1} + γ G_{t+1} で計算しても同じ (各時刻の G_t)",
                                "Check: computing backwards with G_t = r_{t+1} + γ G_{t+1} gives the same (G_t for each t)"),
                      formula="G_t = r_{t+1} + γ·G_{t+1},  G_T = 0", result=returns, kind="note"))
    return Solution("rl", {"kind": "return", "rewards": rs, "gamma": g}, total, steps)


def _update(kind: str, current: sp.Rational, reward: sp.Rational, gamma: sp.Rational, alpha: sp.Rational,
            bootstrap: sp.Rational, bootstrap_text: str, terminal: bool, names: tuple[str, str]) -> tuple[sp.Rational, list[Step]]:
    """The shared shape of every TD update: target, TD error, step of size α towards the target."""
    symbol, next_symbol = names
    steps = []
    if terminal:
        target = reward
        steps.append(Step(Bilingual("次の状態が終端なので、その先の価値は 0 (目標 = 報酬のみ)", "The next state is terminal, so its value is 0 (target = reward only)"),
                          formula="target = r", substituted=fmt(reward), result=target))
    else:
        target = reward + gamma * bootstrap
        steps.append(Step(Bilingual(f"TD ターゲット: 報酬 + 割り引いた{bootstrap_text}", f"TD target: reward + discounted {bootstrap_text}"),
                          formula=f"target = r + γ·{next_symbol}", substituted=f"{fmt(reward)} + {fmt(gamma)} × {fmt_signed(bootstrap)}",
                          result=target))
    delta = target - current
    new = current + alpha * delta
    steps += [
        Step(Bilingual("TD 誤差: ターゲットと現在の推定値の差", "TD error: target minus the current estimate"),
             formula=f"δ = target − {symbol}", substituted=f"{fmt(target)} − {fmt_signed(current)}", result=delta),
        Step(Bilingual(f"{kind} の更新: 学習率 α だけターゲットへ近づける", f"{kind} update: move a fraction α towards the target"),
             formula=f"{symbol} ← {symbol} + α·δ", substituted=f"{fmt(current)} + {fmt(alpha)} × {fmt_signed(delta)}", result=new),
    ]
    return new, steps


def q_learning(q: Any, reward: Any, gamma: Any, alpha: Any, next_q_values: Sequence[Any], terminal: bool = False) -> Solution:
    """Q(s,a) ← Q(s,a) + α(r + γ max_a' Q(s',a') − Q(s,a)): off-policy, it bootstraps from the best next action."""
    current, r, g, a = exact_number(q, "q"), exact_number(reward, "reward"), _gamma(gamma), _alpha(alpha)
    nexts = exact_numbers(next_q_values, "next_q") if not terminal or next_q_values else []
    best = max(nexts) if nexts else sp.Integer(0)
    steps = []
    if nexts and not terminal:
        steps.append(Step(Bilingual("次の状態 s' での最大の Q 値 (実際に取る行動とは無関係: 方策オフ型)",
                                    "Largest Q value in the next state s' (whatever action is actually taken: off-policy)"),
                          formula="max_a' Q(s', a')", substituted=f"max({', '.join(fmt(v) for v in nexts)})", result=best))
    new, more = _update("Q 学習 / Q-learning", current, r, g, a, best, "max Q(s',a')", terminal, ("Q(s,a)", "max_a' Q(s',a')"))
    inputs = {"kind": "q-learning", "q": current, "reward": r, "gamma": g, "alpha": a, "next_q": nexts, "terminal": terminal}
    return Solution("rl", inputs, new, steps + more)


def sarsa(q: Any, reward: Any, gamma: Any, alpha: Any, next_q_values: Sequence[Any], next_action: int | None = None,
          terminal: bool = False) -> Solution:
    """Q(s,a) ← Q(s,a) + α(r + γ Q(s',a') − Q(s,a)) with a' the action actually taken next (on-policy)."""
    current, r, g, a = exact_number(q, "q"), exact_number(reward, "reward"), _gamma(gamma), _alpha(alpha)
    nexts = exact_numbers(next_q_values, "next_q") if not terminal or next_q_values else []
    steps = []
    chosen = sp.Integer(0)
    if not terminal:
        if next_action is None:
            if len(nexts) != 1:
                raise SolverError("SARSA uses the next action actually taken: give its index (next_action) or only its Q value",
                                  "SARSA は実際に選んだ次の行動の Q を使います: その番号 (next_action) か、その Q 値1つを指定してください")
            next_action = 0
        if isinstance(next_action, bool) or not isinstance(next_action, int) or not 0 <= next_action < len(nexts):
            raise SolverError(f"next_action must be an index from 0 to {len(nexts) - 1}, got {next_action}",
                              f"next_action は 0 から {len(nexts) - 1} の番号で指定してください ({next_action})")
        chosen = nexts[next_action]
        steps.append(Step(Bilingual(f"次の状態で実際に選んだ行動 a' = {next_action} の Q 値 (方策オン型)",
                                    f"Q value of the action actually taken next, a' = {next_action} (on-policy)"),
                          formula="Q(s', a')", substituted=f"Q(s', {next_action})", result=chosen))
    new, more = _update("SARSA", current, r, g, a, chosen, "Q(s',a')", terminal, ("Q(s,a)", "Q(s',a')"))
    steps += more
    if not terminal and len(nexts) > 1 and max(nexts) != chosen:
        steps.append(Step(Bilingual(f"Q 学習なら max Q(s',·) = {fmt(max(nexts))} を使うので結果が異なる",
                                    f"Q-learning would use max Q(s',·) = {fmt(max(nexts))} instead, giving a different result"),
                          formula="SARSA: Q(s',a')  vs  Q-learning: max_a' Q(s',a')", result=max(nexts), kind="note"))
    inputs = {"kind": "sarsa", "q": current, "reward": r, "gamma": g, "alpha": a, "next_q": nexts,
              "next_action": next_action, "terminal": terminal}
    return Solution("rl", inputs, new, steps)


def td0(v: Any, reward: Any, gamma: Any, alpha: Any, v_next: Any = 0, terminal: bool = False) -> Solution:
    """V(s) ← V(s) + α(r + γV(s') − V(s)): the state-value version of the TD update."""
    current, r, g, a = exact_number(v, "v"), exact_number(reward, "reward"), _gamma(gamma), _alpha(alpha)
    nxt = exact_number(v_next, "v_next")
    new, steps = _update("TD(0)", current, r, g, a, nxt, "V(s')", terminal, ("V(s)", "V(s')"))
    inputs = {"kind": "td0", "v": current, "reward": r, "gamma": g, "alpha": a, "v_next": nxt, "terminal": terminal}
    return Solution("rl", inputs, new, steps)


def epsilon_greedy(q_values: Sequence[Any], epsilon: Any, ties: str = "first") -> Solution:
    """Action probabilities of ε-greedy: greedy 1 − ε + ε/|A|, every other action ε/|A|.

    With probability ε the agent explores uniformly over all |A| actions (the greedy one
    included), hence the ε/|A| inside the greedy probability.  Ties for the maximum follow
    ``ties``: ``"first"`` picks the first maximal action (like ``numpy.argmax``); ``"split"``
    shares the 1 − ε equally among all maximal actions.
    """
    qs = exact_numbers(q_values, "q_values")
    eps = exact_probability(epsilon, "epsilon")
    if ties not in TIE_RULES:
        raise SolverError("ties must be first or split", "ties は first か split で指定してください")
    n = len(qs)
    top = max(qs)
    tied = [i for i, v in enumerate(qs) if v == top]
    greedy = tied[:1] if ties == "first" else tied
    explore = eps / n
    probs = [(1 - eps) / len(greedy) + explore if i in greedy else explore for i in range(n)]
    rule = (("同点の最大値は最初の行動を貪欲行動とする (numpy.argmax と同じ)", "ties for the maximum go to the first such action (as numpy.argmax)")
            if ties == "first" else ("同点の最大値の行動で 1 − ε を等分する", "ties for the maximum share 1 − ε equally"))
    steps = [
        Step(Bilingual(f"貪欲行動: Q が最大の行動 ({rule[0]})", f"Greedy action: the one with the largest Q ({rule[1]})"),
             formula="argmax_a Q(s, a)", substituted=f"Q = {fmt(qs)}; max = {fmt(top)}", result=greedy),
        Step(Bilingual(f"確率 ε で {n} 個の行動から一様に選ぶ (貪欲行動も含む)", f"With probability ε pick uniformly among all {n} actions (greedy included)"),
             formula="ε / |A|", substituted=f"{fmt(eps)} / {n}", result=explore),
        Step(Bilingual("貪欲行動の確率 = (1 − ε)/(貪欲行動の数) + ε/|A|", "Greedy probability = (1 − ε)/(number of greedy actions) + ε/|A|"),
             formula="1 − ε + ε/|A|" if len(greedy) == 1 else "(1 − ε)/m + ε/|A|",
             substituted=f"(1 − {fmt(eps)})/{len(greedy)} + {fmt(explore)}", result=(1 - eps) / len(greedy) + explore),
        Step(Bilingual("各行動の確率 (合計 1)", "Probability of each action (sums to 1)"), formula="π(a | s)",
             substituted=" + ".join(fmt(p) for p in probs) + f" = {fmt(sum(probs, sp.Integer(0)))}", result=probs),
    ]
    return Solution("rl", {"kind": "epsilon-greedy", "q_values": qs, "epsilon": eps, "ties": ties}, probs, steps)


def _mdp(mdp: Mapping[str, Mapping[str, Sequence[Sequence[Any]]]], values: Mapping[str, sp.Rational],
         ) -> dict[str, dict[str, list[tuple[str, sp.Rational, sp.Rational]]]]:
    """Validate ``{state: {action: [[next_state, probability, reward], …]}}``."""
    if not isinstance(mdp, Mapping) or not mdp:
        raise SolverError("the MDP must map each state to its actions: {s: {a: [[s', P, r], …]}}",
                          "MDP は {状態: {行動: [[次の状態, 確率, 報酬], …]}} の形で指定してください")
    out: dict[str, dict[str, list[tuple[str, sp.Rational, sp.Rational]]]] = {}
    for s, actions in mdp.items():
        if not isinstance(actions, Mapping) or not actions:
            raise SolverError(f"state {s}: no actions given", f"状態 {s}: 行動がありません")
        out[str(s)] = {}
        for a, outcomes in actions.items():
            rows = []
            for row in outcomes:
                if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != 3:
                    raise SolverError(f"({s}, {a}): each outcome must be [next_state, probability, reward]",
                                      f"({s}, {a}): 各遷移は [次の状態, 確率, 報酬] で指定してください")
                nxt = str(row[0])
                if nxt not in values:
                    raise SolverError(f"({s}, {a}): next state '{nxt}' has no value V({nxt}) (give 0 for a terminal state)",
                                      f"({s}, {a}): 次の状態 '{nxt}' の価値 V({nxt}) がありません (終端状態なら 0 を指定)")
                rows.append((nxt, exact_probability(row[1], f"P({nxt}|{s},{a})"), exact_number(row[2], "reward")))
            require_sum_one(sum((p for _, p, _ in rows), sp.Integer(0)), f"({s}, {a}) transitions", f"({s}, {a}) の遷移")
            out[str(s)][str(a)] = rows
    return out


def bellman_backup(mdp: Mapping[str, Mapping[str, Sequence[Sequence[Any]]]], values: Mapping[str, Any], gamma: Any,
                   policy: Mapping[str, Mapping[str, Any]] | None = None) -> Solution:
    """One sweep: Q(s,a) = Σ_s' P(s'|s,a)[r + γV(s')], then V(s) = max_a Q(s,a) (optimality) or Σ_a π(a|s)Q(s,a) (policy)."""
    g = _gamma(gamma)
    v = {str(s): exact_number(x, f"V({s})") for s, x in values.items()}
    model = _mdp(mdp, v)
    q_table: dict[str, dict[str, sp.Rational]] = {}
    new_v: dict[str, sp.Rational] = {}
    greedy: dict[str, list[str]] = {}
    steps = []
    for s, actions in model.items():
        q_table[s] = {}
        for a, rows in actions.items():
            q = sum((p * (r + g * v[nxt]) for nxt, p, r in rows), sp.Integer(0))
            q_table[s][a] = q
            steps.append(Step(Bilingual(f"Q({s}, {a}): 遷移先ごとに 確率 × (報酬 + γ × 次の状態の価値) を足す",
                                        f"Q({s}, {a}): over the next states, add probability × (reward + γ × next value)"),
                              formula="Q(s,a) = Σ_s' P(s'|s,a)·[r + γ·V(s')]",
                              substituted=" + ".join(f"{fmt(p)}·({fmt(r)} + {fmt(g)}×{fmt_signed(v[nxt])})" for nxt, p, r in rows),
                              result=q, data={"state": s, "action": a}))
        if policy is None:
            new_v[s] = max(q_table[s].values())
            greedy[s] = [a for a, q in q_table[s].items() if q == new_v[s]]
            steps.append(Step(Bilingual(f"V({s}) = 最大の Q (ベルマン最適方程式); 貪欲行動 {', '.join(greedy[s])}",
                                        f"V({s}) = the largest Q (Bellman optimality); greedy action(s) {', '.join(greedy[s])}"),
                              formula="V(s) = max_a Q(s,a)", substituted=f"max({', '.join(fmt(q) for q in q_table[s].values())})",
                              result=new_v[s]))
        else:
            weights = policy.get(s) if isinstance(policy, Mapping) else None
            if not isinstance(weights, Mapping) or set(map(str, weights)) != set(q_table[s]):
                raise SolverError(f"the policy for state {s} must give a probability for each of its actions {sorted(q_table[s])}",
                                  f"状態 {s} の方策には各行動 {sorted(q_table[s])} の確率が必要です")
            pi = {str(a): exact_probability(p, f"π({a}|{s})") for a, p in weights.items()}
            require_sum_one(sum(pi.values(), sp.Integer(0)), f"policy for state {s}", f"状態 {s} の方策")
            new_v[s] = sum((pi[a] * q_table[s][a] for a in q_table[s]), sp.Integer(0))
            steps.append(Step(Bilingual(f"V({s}) = 方策の確率で重みづけた Q の和 (ベルマン期待方程式)",
                                        f"V({s}) = the policy-weighted sum of Q (Bellman expectation equation)"),
                              formula="V(s) = Σ_a π(a|s)·Q(s,a)",
                              substituted=" + ".join(f"{fmt(pi[a])}×{fmt_signed(q_table[s][a])}" for a in q_table[s]),
                              result=new_v[s]))
    answer: dict[str, Any] = {"Q": q_table, "V": new_v}
    if policy is None:
        answer["greedy"] = greedy
    inputs = {"kind": "bellman", "gamma": g, "values": v, "policy": "max" if policy is None else "given"}
    return Solution("rl", inputs, answer, steps)
