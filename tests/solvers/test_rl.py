"""RL solvers against plain loops, a NumPy Bellman backup, branch counting for ε-greedy, and textbook values."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solvers import SolverError
from solvers.rl import bellman_backup, discounted_return, epsilon_greedy, q_learning, sarsa, td0

values = st.integers(-10, 10).map(lambda v: Fraction(v, 2))
rates = st.integers(1, 10).map(lambda v: Fraction(v, 10))
discounts = st.integers(0, 10).map(lambda v: Fraction(v, 10))


def exact(value: object) -> Fraction:
    return Fraction(str(value))


@given(st.lists(values, min_size=1, max_size=10), discounts)
def test_return_matches_forward_loop(rewards: list[Fraction], gamma: Fraction) -> None:
    total, weight = Fraction(0), Fraction(1)
    for r in rewards:
        total += weight * r
        weight *= gamma
    assert exact(discounted_return(rewards, gamma).answer) == total


def test_return_textbook() -> None:
    # Sutton & Barto exercise 3.8: γ = 0.5, R1..R5 = −1, 2, 6, 3, 2 → G0 = 2
    sol = discounted_return([-1, 2, 6, 3, 2], Fraction(1, 2))
    assert sol.answer == 2
    assert sol.steps[-1].result == [2, 6, 8, 4, 2]  # G0 … G4 from the backward recursion
    assert discounted_return([1, 0, 2], Fraction(9, 10)).answer == Fraction(262, 100)  # 1 + 0 + 0.81·2


@given(values, values, discounts, rates, st.lists(values, min_size=1, max_size=5))
def test_q_learning_matches_formula(q: Fraction, r: Fraction, gamma: Fraction, alpha: Fraction, nxt: list[Fraction]) -> None:
    best = nxt[0]
    for v in nxt:
        best = v if v > best else best
    assert exact(q_learning(q, r, gamma, alpha, nxt).answer) == q + alpha * (r + gamma * best - q)
    assert exact(q_learning(q, r, gamma, alpha, nxt, terminal=True).answer) == q + alpha * (r - q)


@given(values, values, discounts, rates, st.lists(values, min_size=1, max_size=5), st.data())
def test_sarsa_uses_the_taken_action(q: Fraction, r: Fraction, gamma: Fraction, alpha: Fraction, nxt: list[Fraction],
                                     data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(nxt) - 1))
    assert exact(sarsa(q, r, gamma, alpha, nxt, a).answer) == q + alpha * (r + gamma * nxt[a] - q)


@given(values, values, discounts, rates, values)
def test_td0_matches_formula(v: Fraction, r: Fraction, gamma: Fraction, alpha: Fraction, v_next: Fraction) -> None:
    assert exact(td0(v, r, gamma, alpha, v_next).answer) == v + alpha * (r + gamma * v_next - v)


def test_updates_textbook() -> None:
    # Q = 0, r = 1, γ = 0.9, α = 0.1, next Q values 0.2 and 0.5: target 1 + 0.9·0.5 = 1.45 → Q = 0.145
    assert q_learning(0, 1, Fraction(9, 10), Fraction(1, 10), [Fraction(1, 5), Fraction(1, 2)]).answer == Fraction(145, 1000)
    # SARSA took the 0.2 action: target 1.18 → 0.118; differs from Q-learning
    sol = sarsa(0, 1, Fraction(9, 10), Fraction(1, 10), [Fraction(1, 5), Fraction(1, 2)], 0)
    assert sol.answer == Fraction(118, 1000)
    assert any(s.kind == "note" and "Q-learning" in s.text.en for s in sol.steps)
    # TD(0): V = 0.5, r = 1, V' = 0.8, γ = 0.9, α = 0.1 → 0.5 + 0.1(1.72 − 0.5) = 0.622
    assert td0(Fraction(1, 2), 1, Fraction(9, 10), Fraction(1, 10), Fraction(4, 5)).answer == Fraction(622, 1000)


def count_epsilon_greedy(qs: list[Fraction], eps: Fraction, ties: str) -> list[Fraction]:
    """Enumerate the two branches (explore uniformly / exploit) and add up each action's probability."""
    probs = [Fraction(0)] * len(qs)
    for a in range(len(qs)):
        probs[a] += eps / len(qs)
    best = max(qs)
    greedy = [i for i, v in enumerate(qs) if v == best]
    if ties == "first":
        greedy = greedy[:1]
    for a in greedy:
        probs[a] += (1 - eps) / len(greedy)
    return probs


@given(st.lists(st.integers(0, 3).map(Fraction), min_size=1, max_size=6), discounts, st.sampled_from(["first", "split"]))
def test_epsilon_greedy_matches_branch_counting(qs: list[Fraction], eps: Fraction, ties: str) -> None:
    got = [exact(p) for p in epsilon_greedy(qs, eps, ties).answer]
    assert got == count_epsilon_greedy(qs, eps, ties)
    assert sum(got) == 1


def test_epsilon_greedy_textbook() -> None:
    # ε = 0.1, 4 actions: greedy 1 − 0.1 + 0.1/4 = 0.925, others 0.025
    assert epsilon_greedy([1, 5, 2, 3], Fraction(1, 10)).answer == [Fraction(1, 40), Fraction(37, 40), Fraction(1, 40), Fraction(1, 40)]
    # ε = 1: uniformly random; ε = 0: greedy only
    assert epsilon_greedy([1, 2], 1).answer == [Fraction(1, 2), Fraction(1, 2)]
    assert epsilon_greedy([1, 2, 2], 0, "first").answer == [0, 1, 0]


@given(st.integers(2, 3), st.integers(1, 3), st.data(), discounts)
def test_bellman_matches_numpy(n_states: int, n_actions: int, data: st.DataObject, gamma: Fraction) -> None:
    states = [f"s{i}" for i in range(n_states)]
    weights = data.draw(st.lists(st.lists(st.lists(st.integers(0, 4), min_size=n_states, max_size=n_states)
                                          .filter(lambda w: sum(w) > 0), min_size=n_actions, max_size=n_actions),
                                 min_size=n_states, max_size=n_states))
    rewards = data.draw(st.lists(st.integers(-3, 3), min_size=n_states * n_actions * n_states, max_size=n_states * n_actions * n_states))
    v = data.draw(st.lists(st.integers(-5, 5), min_size=n_states, max_size=n_states))
    transition = np.zeros((n_states, n_actions, n_states))
    reward = np.array(rewards, dtype=float).reshape(n_states, n_actions, n_states)
    mdp: dict[str, dict[str, list[list[object]]]] = {}
    for s in range(n_states):
        mdp[states[s]] = {}
        for a in range(n_actions):
            total = sum(weights[s][a])
            mdp[states[s]][f"a{a}"] = [[states[t], Fraction(weights[s][a][t], total), int(reward[s, a, t])] for t in range(n_states)]
            transition[s, a] = [w / total for w in weights[s][a]]
    q_numpy = np.einsum("sat,sat->sa", transition, reward + float(gamma) * np.array(v, dtype=float)[None, None, :])
    answer = bellman_backup(mdp, dict(zip(states, v, strict=True)), gamma).answer
    for s in range(n_states):
        for a in range(n_actions):
            assert float(answer["Q"][states[s]][f"a{a}"]) == pytest.approx(q_numpy[s, a], abs=1e-9)
        assert float(answer["V"][states[s]]) == pytest.approx(q_numpy[s].max(), abs=1e-9)
    policy = {s: {f"a{a}": Fraction(1, n_actions) for a in range(n_actions)} for s in states}
    averaged = bellman_backup(mdp, dict(zip(states, v, strict=True)), gamma, policy).answer
    for s in range(n_states):
        assert float(averaged["V"][states[s]]) == pytest.approx(q_numpy[s].mean(), abs=1e-9)


def test_bellman_textbook() -> None:
    # s0 --a--> s0 or s1 (½ each, rewards 1 and 0); s0 --b--> s1 (reward 2); V = (0, 10), γ = 0.9
    # Q(s0,a) = ½(1 + 0) + ½(0 + 9) = 5;  Q(s0,b) = 2 + 9 = 11 → V(s0) = 11, greedy b
    mdp = {"s0": {"a": [["s0", 0.5, 1], ["s1", 0.5, 0]], "b": [["s1", 1, 2]]}, "s1": {"stay": [["s1", 1, 0]]}}
    answer = bellman_backup(mdp, {"s0": 0, "s1": 10}, Fraction(9, 10)).answer
    assert answer["Q"]["s0"] == {"a": 5, "b": 11} and answer["V"]["s0"] == 11 and answer["greedy"]["s0"] == ["b"]
    # a 50/50 policy in s0: V = ½·5 + ½·11 = 8
    policy = {"s0": {"a": 0.5, "b": 0.5}, "s1": {"stay": 1}}
    assert bellman_backup(mdp, {"s0": 0, "s1": 10}, Fraction(9, 10), policy).answer["V"]["s0"] == 8


@pytest.mark.parametrize("call", [
    lambda: discounted_return([1, 2], Fraction(3, 2)),
    lambda: discounted_return([], Fraction(1, 2)),
    lambda: q_learning(0, 1, Fraction(1, 2), 0, [1]),
    lambda: q_learning(0, 1, Fraction(1, 2), Fraction(1, 2), []),
    lambda: sarsa(0, 1, Fraction(1, 2), Fraction(1, 2), [1, 2]),
    lambda: sarsa(0, 1, Fraction(1, 2), Fraction(1, 2), [1, 2], 5),
    lambda: epsilon_greedy([1, 2], Fraction(3, 2)),
    lambda: epsilon_greedy([1, 2], Fraction(1, 2), "random"),
    lambda: bellman_backup({"s0": {"a": [["s0", 0.5, 0]]}}, {"s0": 0}, Fraction(1, 2)),
    lambda: bellman_backup({"s0": {"a": [["s9", 1, 0]]}}, {"s0": 0}, Fraction(1, 2)),
    lambda: bellman_backup({"s0": {"a": [["s0", 1, 0]]}}, {"s0": 0}, Fraction(1, 2), {"s0": {"b": 1}}),
])
def test_bad_input(call: object) -> None:
    with pytest.raises(SolverError):
        call()  # type: ignore[operator]
