"""``dldrill solve rl`` argument parsing: return, Q-learning, SARSA, TD(0), ε-greedy, Bellman backup."""

from __future__ import annotations

import argparse

from dldrill.commands.solvecli.common import (
    InputError,
    parse_int,
    parse_json,
    parse_number,
    parse_number_list,
)
from solvers.steps import Solution

EPILOG = {"rl": (
    "例 / examples:\n"
    "  dldrill solve rl --kind return --rewards 1,0,2 --gamma 0.9\n"
    "  dldrill solve rl --kind q-learning --q 0.5 --reward 1 --next-q 0.2,0.8 --gamma 0.9 --alpha 0.1\n"
    "  dldrill solve rl --kind sarsa --q 0.5 --reward 1 --next-q 0.2,0.8 --next-action 0 --gamma 0.9 --alpha 0.1\n"
    "  dldrill solve rl --kind td0 --v 0.5 --reward 1 --next-v 0.8 --gamma 0.9 --alpha 0.1\n"
    "  dldrill solve rl --kind epsilon-greedy --q-values 1,3,2 --epsilon 0.1\n"
    "  dldrill solve rl --kind bellman --gamma 0.9 --values '{\"s0\": 0, \"s1\": 10}' \\\n"
    "      --mdp '{\"s0\": {\"a\": [[\"s0\", 0.5, 1], [\"s1\", 0.5, 0]], \"b\": [[\"s1\", 1, 2]]}, \"s1\": {\"a\": [[\"s1\", 1, 0]]}}'\n"
    "負の数で始まる列は = かスペース区切りで / lists starting with a negative number: --rewards=-1,2,6 or --rewards -1 2 6\n"
    "MDP: {状態: {行動: [[次の状態, 確率, 報酬], …]}} / {state: {action: [[next_state, probability, reward], …]}}"
)}

KINDS = ["return", "q-learning", "sarsa", "td0", "epsilon-greedy", "bellman"]

#: kind → flags it requires (argparse dest names)
REQUIRED = {
    "return": ["rewards", "gamma"],
    "q-learning": ["q", "reward", "gamma", "alpha"],
    "sarsa": ["q", "reward", "gamma", "alpha"],
    "td0": ["v", "reward", "gamma", "alpha"],
    "epsilon-greedy": ["q_values", "epsilon"],
    "bellman": ["mdp", "values", "gamma"],
}


def add_arguments(problem: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", required=True, choices=KINDS, help="計算の種類 / calculation")
    parser.add_argument("--rewards", nargs="+", metavar="R", help="報酬の列 r_{t+1}, r_{t+2}, … / reward sequence")
    parser.add_argument("--gamma", metavar="γ", help="割引率 / discount factor")
    parser.add_argument("--alpha", metavar="α", help="学習率 / learning rate")
    parser.add_argument("--q", metavar="Q", help="現在の Q(s,a) / current Q(s,a)")
    parser.add_argument("--reward", metavar="R", help="受け取った報酬 r / reward received")
    parser.add_argument("--next-q", nargs="+", metavar="Q", help="次の状態の Q(s',·) / Q values of the next state")
    parser.add_argument("--next-action", metavar="I", help="SARSA: 実際に選んだ次の行動の番号 (0 始まり) / index of the next action taken")
    parser.add_argument("--terminal", action="store_true", help="次の状態が終端 / the next state is terminal")
    parser.add_argument("--v", metavar="V", help="現在の V(s) / current V(s)")
    parser.add_argument("--next-v", metavar="V", help="次の状態の V(s') / V(s') of the next state")
    parser.add_argument("--q-values", nargs="+", metavar="Q", help="ε-greedy: 各行動の Q / Q of each action")
    parser.add_argument("--epsilon", metavar="ε", help="探索率 / exploration rate")
    parser.add_argument("--ties", choices=["first", "split"], default="first",
                        help="同点の最大値: first = 最初の行動 (argmax), split = 等分 / greedy ties")
    parser.add_argument("--mdp", metavar="JSON", help="遷移 {s: {a: [[s', P, r], …]}} / transitions")
    parser.add_argument("--values", metavar="JSON", help="価値関数 {s: V} / value function")
    parser.add_argument("--policy", metavar="JSON", help="方策 {s: {a: π}} (省略時は max) / policy (default: max)")


def solve(problem: str, args: argparse.Namespace) -> Solution:
    from solvers import rl

    missing = [f"--{f.replace('_', '-')}" for f in REQUIRED[args.kind] if getattr(args, f) is None]
    if missing:
        raise InputError(f"--kind {args.kind} needs {' '.join(missing)}", f"--kind {args.kind} には {' '.join(missing)} が必要です")
    gamma = parse_number(args.gamma, "--gamma") if args.gamma is not None else None
    alpha = parse_number(args.alpha, "--alpha") if args.alpha is not None else None
    if args.kind == "return":
        return rl.discounted_return(parse_number_list(args.rewards, "--rewards"), gamma)
    if args.kind == "epsilon-greedy":
        return rl.epsilon_greedy(parse_number_list(args.q_values, "--q-values"), parse_number(args.epsilon, "--epsilon"), args.ties)
    if args.kind == "bellman":
        mdp, values = parse_json(args.mdp, "--mdp"), parse_json(args.values, "--values")
        policy = parse_json(args.policy, "--policy") if args.policy else None
        if not isinstance(values, dict):
            raise InputError("--values must be a JSON object {state: value}", "--values は {状態: 価値} の JSON で指定してください")
        return rl.bellman_backup(mdp, values, gamma, policy)
    reward = parse_number(args.reward, "--reward")
    if args.kind == "td0":
        if args.next_v is None and not args.terminal:
            raise InputError("--kind td0 needs --next-v (or --terminal)", "--kind td0 には --next-v (または --terminal) が必要です")
        next_v = parse_number(args.next_v, "--next-v") if args.next_v is not None else 0
        return rl.td0(parse_number(args.v, "--v"), reward, gamma, alpha, next_v, args.terminal)
    if args.next_q is None and not args.terminal:
        raise InputError(f"--kind {args.kind} needs --next-q (or --terminal)", f"--kind {args.kind} には --next-q (または --terminal) が必要です")
    next_q = parse_number_list(args.next_q, "--next-q") if args.next_q else []
    q = parse_number(args.q, "--q")
    if args.kind == "q-learning":
        return rl.q_learning(q, reward, gamma, alpha, next_q, args.terminal)
    next_action = parse_int(args.next_action, "--next-action", 0) if args.next_action is not None else None
    return rl.sarsa(q, reward, gamma, alpha, next_q, next_action, args.terminal)
