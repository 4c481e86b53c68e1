"""Backpropagation by hand: a computational graph's forward values and chain-rule gradients, node by node.

Also the gradient ``y − t`` of the Softmax-with-Loss and Sigmoid-with-Loss layers, which is why
those layers are fused in practice: the exponentials cancel and the error signal is the difference
between prediction and target (divided by the batch size N when the loss is a batch mean).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from solvers.errors import SolverError
from solvers.exact import exact_real as _exact
from solvers.exact import require_sum_one
from solvers.expr import ExprNode, check_rational_size, function_text, parse_expression, safe_pow
from solvers.numbers import fmt
from solvers.steps import Bilingual, Solution, Step

MAX_LOSS_ELEMENTS = 400

# op → (formula of the node, its local derivatives, a teacher's remark) for the steps
OP_FORMULAS: dict[str, tuple[str, tuple[str, ...], Bilingual]] = {
    "add": ("y = a + b", ("∂y/∂a = 1", "∂y/∂b = 1"),
            Bilingual("加算ノードは上流の勾配をそのまま流す", "an add node passes the upstream gradient on unchanged")),
    "sub": ("y = a − b", ("∂y/∂a = 1", "∂y/∂b = −1"),
            Bilingual("減算ノードは b 側だけ符号を反転して流す", "a subtract node flips the sign on the b side")),
    "mul": ("y = a × b", ("∂y/∂a = b", "∂y/∂b = a"),
            Bilingual("乗算ノードは入力を入れ替えて掛ける", "a multiply node multiplies by the other input (the inputs swap)")),
    "div": ("y = a / b", ("∂y/∂a = 1/b", "∂y/∂b = −a/b²"),
            Bilingual("除算ノード", "a divide node")),
    "pow": ("y = a^p", ("∂y/∂a = p·a^(p−1)",), Bilingual("べき乗ノード", "a power node")),
    "neg": ("y = −a", ("∂y/∂a = −1",), Bilingual("符号反転ノード", "a negate node")),
    "exp": ("y = e^{a}", ("∂y/∂a = e^{a} = y",),
            Bilingual("exp ノードの微分は順伝播の出力そのもの", "the derivative of exp is its own output")),
    "log": ("y = ln(a)", ("∂y/∂a = 1/a",), Bilingual("log (自然対数 ln) ノード", "a log node (natural log, ln)")),
    "sin": ("y = sin(a)", ("∂y/∂a = cos(a)",), Bilingual("sin ノード", "a sin node")),
    "cos": ("y = cos(a)", ("∂y/∂a = −sin(a)",), Bilingual("cos ノード", "a cos node")),
    "tanh": ("y = tanh(a)", ("∂y/∂a = 1 − y²",), Bilingual("tanh ノード (出力 y で書ける)", "a tanh node (written with its output y)")),
    "sqrt": ("y = √a", ("∂y/∂a = 1/(2√a) = 1/(2y)",), Bilingual("平方根ノード", "a square-root node")),
    "sigmoid": ("y = 1/(1 + e^{−a})", ("∂y/∂a = y(1 − y)",),
                Bilingual("シグモイドノード (出力 y だけで微分が書ける)", "a sigmoid node (its derivative needs only its output y)")),
}


@dataclass
class _Node:
    """A node of the computational graph; leaves are variables (op "var") and constants (op "const")."""

    label: str
    op: str
    inputs: list[int]
    text: str
    value: Any = None
    exponent: Any = None
    grad: Any = field(default_factory=lambda: sympy.Integer(0))


#: largest |x| given to exp, sigmoid, tanh, sin or cos: exp(10^6) still evaluates (≈ 10^434294), its exp would not
MAX_FUNCTION_INPUT = 10**6


def _show(value: Any) -> str:
    if isinstance(value, sympy.Rational):
        text = str(value)
        return text if len(text) <= 14 else fmt(float(value))
    if isinstance(value, sympy.Basic) and len(str(value)) > 24:
        return fmt(float(value))
    return fmt(value)


def _operand(value: Any) -> str:
    text = _show(value)
    return f"({text})" if text.startswith("-") or "/" in text or " " in text else text


def _build(tree: ExprNode, nodes: list[_Node], variables: dict[str, int]) -> int:
    """Add ``tree`` to the graph (children first) and return its index; a repeated name is one shared node."""
    if tree.op == "var":
        if tree.name not in variables:
            variables[tree.name] = len(nodes)
            nodes.append(_Node(tree.name, "var", [], tree.name))
        return variables[tree.name]
    if tree.op == "const":
        nodes.append(_Node(str(tree.value), "const", [], str(tree.value), value=tree.value))
        return len(nodes) - 1
    if tree.op == "pow":
        inputs = [_build(tree.args[0], nodes, variables)]
        exponent = tree.args[1].value
    else:
        inputs = [_build(a, nodes, variables) for a in tree.args]
        exponent = None
    count = sum(1 for n in nodes if n.op not in ("var", "const")) + 1
    nodes.append(_Node(f"n{count}", tree.op, inputs, tree.text(), exponent=exponent))
    return len(nodes) - 1


def _domain_error(label: str, en: str, ja: str) -> SolverError:
    return SolverError(f"node {label}: {en}", f"ノード {label}: {ja}")


def _forward_value(node: _Node, args: list[Any]) -> Any:
    op = node.op
    if op == "add":
        return args[0] + args[1]
    if op == "sub":
        return args[0] - args[1]
    if op == "mul":
        return args[0] * args[1]
    if op == "div":
        if args[1] == 0:
            raise _domain_error(node.label, "division by zero", "ゼロ除算です")
        return args[0] / args[1]
    if op == "pow":
        return safe_pow(args[0], node.exponent)
    if op == "neg":
        return -args[0]
    if op == "log":
        if not args[0] > 0:
            raise _domain_error(node.label, f"log needs a positive input, got {_show(args[0])}",
                                f"log の入力は正である必要があります ({_show(args[0])})")
        return sympy.log(args[0])
    if op == "sqrt":
        if args[0] < 0:
            raise _domain_error(node.label, f"√ of a negative number ({_show(args[0])})", f"負の数の平方根です ({_show(args[0])})")
        return sympy.sqrt(args[0])
    if abs(float(args[0])) > MAX_FUNCTION_INPUT:
        # exp(exp(exp(exp(10)))) has ~10^9565 digits: evaluating it overflows mpmath, so refuse before computing
        raise _domain_error(node.label, f"the input of {op} is too large to compute (at most |x| ≤ 10^6)",
                            f"{op} の入力が大きすぎて計算できません (|x| ≤ 10^6 まで)")
    if op == "sigmoid":
        return 1 / (1 + sympy.exp(-args[0]))
    return {"exp": sympy.exp, "sin": sympy.sin, "cos": sympy.cos, "tanh": sympy.tanh}[op](args[0])


def _local_derivatives(node: _Node, args: list[Any]) -> list[Any]:
    """∂node/∂input for each input, written with the forward values (as one does by hand)."""
    op, y = node.op, node.value
    if op == "add":
        return [sympy.Integer(1), sympy.Integer(1)]
    if op == "sub":
        return [sympy.Integer(1), sympy.Integer(-1)]
    if op == "mul":
        return [args[1], args[0]]
    if op == "div":
        return [1 / args[1], -args[0] / args[1] ** 2]
    if op == "pow":
        p = node.exponent
        if args[0] == 0 and p < 1:
            raise _domain_error(node.label, "the power has no derivative at 0", "0 でべき乗の微分が定義されません")
        return [p * safe_pow(args[0], p - 1)]
    if op == "sqrt":
        if y == 0:
            raise _domain_error(node.label, "√a has no derivative at a = 0", "√a は a = 0 で微分できません")
        return [1 / (2 * y)]
    return [{"neg": lambda: sympy.Integer(-1), "exp": lambda: y, "log": lambda: 1 / args[0],
             "sin": lambda: sympy.cos(args[0]), "cos": lambda: -sympy.sin(args[0]),
             "tanh": lambda: 1 - y**2, "sigmoid": lambda: y * (1 - y)}[op]()]


def _forward_text(node: _Node, nodes: list[_Node]) -> str:
    names = [nodes[i].label for i in node.inputs]
    values = [_operand(nodes[i].value) for i in node.inputs]
    if node.op in ("add", "sub", "mul", "div"):
        symbol = {"add": " + ", "sub": " − ", "mul": " × ", "div": " / "}[node.op]
        return symbol.join(names) + " = " + symbol.join(values)
    if node.op == "pow":
        return f"{names[0]}^{_operand(node.exponent)} = {values[0]}^{_operand(node.exponent)}"
    if node.op == "neg":
        return f"−{names[0]} = −{values[0]}"
    return f"{function_text(node.op, names[0])} = {function_text(node.op, _show(nodes[node.inputs[0]].value))}"


def backprop(expression: str, values: Mapping[str, Any]) -> Solution:
    """Forward values of every node of ``expression`` and each input's partial derivative by the chain rule.

    The output L is the last node; ∂L/∂L = 1 and each node passes ``upstream × local derivative`` to
    its inputs.  A variable used in several places is one node whose gradient is the sum over its
    branches (the multivariable chain rule).
    """
    tree = parse_expression(expression)
    nodes: list[_Node] = []
    variables: dict[str, int] = {}
    output = _build(tree, nodes, variables)
    missing = [n for n in variables if n not in values]
    if missing:
        raise SolverError(f"no value given for {', '.join(missing)}", f"{', '.join(missing)} の値が指定されていません")
    unused = [str(n) for n in values if n not in variables]
    if unused:
        raise SolverError(f"the expression does not use {', '.join(unused)}", f"式に {', '.join(unused)} は現れません")
    inputs = {name: _exact(values[name], name) for name in variables}
    for name, index in variables.items():
        nodes[index].value = inputs[name]

    steps: list[Step] = []
    for node in nodes:
        if node.op in ("var", "const"):
            continue
        args = [nodes[i].value for i in node.inputs]
        node.value = _forward_value(node, args)
        check_rational_size(node.value)
        steps.append(Step(Bilingual(f"順伝播: ノード {node.label} = {node.text}", f"forward: node {node.label} = {node.text}"),
                          formula=OP_FORMULAS[node.op][0], substituted=f"{node.label} = {_forward_text(node, nodes)}",
                          result=node.value, data={"node": node.label, "op": node.op,
                                                   "inputs": [nodes[i].label for i in node.inputs]}))

    root = nodes[output]
    root.grad = sympy.Integer(1)
    steps.append(Step(Bilingual(f"逆伝播の出発点: 出力 L = {root.label} について ∂L/∂L = 1",
                                f"start of backpropagation: for the output L = {root.label}, ∂L/∂L = 1"),
                      formula="∂L/∂L = 1", result=sympy.Integer(1)))
    branches: dict[int, int] = {}
    for node in reversed(nodes):
        if node.op in ("var", "const"):
            continue
        args = [nodes[i].value for i in node.inputs]
        local = _local_derivatives(node, args)
        _, derivative_texts, remark = OP_FORMULAS[node.op]
        for position, (index, derivative) in enumerate(zip(node.inputs, local, strict=True)):
            target = nodes[index]
            if target.op == "const":
                continue
            contribution = node.grad * derivative
            check_rational_size(contribution)
            target.grad = target.grad + contribution
            branches[index] = branches.get(index, 0) + 1
            side = derivative_texts[position]
            steps.append(Step(
                Bilingual(f"逆伝播: {node.label} ({node.text}) から {target.label} へ。{remark.ja}",
                          f"backward: from {node.label} ({node.text}) to {target.label}; {remark.en}"),
                formula=f"∂L/∂{target.label} += ∂L/∂{node.label} · ∂{node.label}/∂{target.label}   ({side})",
                substituted=f"{_operand(node.grad)} × {_operand(derivative)}",
                result=contribution,
                data={"from": node.label, "to": target.label, "upstream": node.grad, "local": derivative}))
    gradients = {name: nodes[index].grad for name, index in variables.items()}
    for name, index in variables.items():
        if branches.get(index, 0) > 1:
            steps.append(Step(
                Bilingual(f"{name} は {branches[index]} か所で使われるので、各経路の勾配を足し合わせる",
                          f"{name} is used in {branches[index]} places, so the gradients of the branches add up"),
                formula=f"∂L/∂{name} = Σ (branch contributions)", result=gradients[name]))
    steps.append(Step(Bilingual("各入力についての偏微分", "partial derivative of L with respect to each input"),
                      formula="∂L/∂x", result=dict(gradients)))
    answer = {"value": root.value, "gradients": gradients}
    return Solution("backprop", {"expression": expression, "values": inputs}, answer, steps)


def _as_nested(value: Any, what: str) -> Any:
    if isinstance(value, list | tuple):
        return [_as_nested(v, what) for v in value]
    return _exact(value, what)


def _shape(value: Any) -> tuple[int, ...]:
    if isinstance(value, list):
        inner = {_shape(v) for v in value}
        if len(inner) != 1 or not value:
            raise SolverError("the array is ragged or empty", "配列が空か、行の長さがそろっていません")
        return (len(value), *inner.pop())
    return ()


def _target_rows(target: Any, rows: int, classes: int, batched: bool) -> list[list[Any]]:
    """The one-hot (or soft) target rows from an index, a list of indices, a one-hot vector or a matrix."""
    def one_hot(index: Any) -> list[Any]:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < classes:
            raise SolverError(f"target index {index} is not in 0…{classes - 1}", f"正解のインデックス {index} が 0〜{classes - 1} にありません")
        return [sympy.Integer(int(k == index)) for k in range(classes)]

    if isinstance(target, int) and not isinstance(target, bool):
        if batched:
            raise SolverError("a batch needs one target per row", "バッチでは行ごとに正解を指定してください")
        return [one_hot(target)]
    shape = _shape(target)
    if batched and shape == (rows,) and all(isinstance(t, int) and not isinstance(t, bool) for t in target):
        return [one_hot(t) for t in target]
    expected = (rows, classes) if batched else (classes,)
    if shape != expected:
        raise SolverError(f"target shape {shape} does not match the scores {expected}",
                          f"正解の形 {shape} がスコアの形 {expected} と一致しません")
    matrix = _as_nested(target if batched else [target], "target")
    for row in matrix:
        if any(t < 0 for t in row):
            raise SolverError("each target row must be ≥ 0 and sum to 1 (one-hot)", "正解の各行は 0 以上で和が 1 (one-hot) にしてください")
        require_sum_one(sum(row), "target", "正解")
    return list(matrix)


def _log_probability(row: list[Any], k: int, from_logits: bool) -> Any:
    """log y_k exactly: a_k − log Σ exp(a_j) from logits (log-sum-exp), log p_k from probabilities."""
    if from_logits:
        return row[k] - sympy.log(sum(sympy.exp(a) for a in row))
    return sympy.log(row[k]) if row[k] != 0 else -sympy.oo


def _check_probabilities(rows: list[list[Any]], need_sum_one: bool) -> None:
    for row in rows:
        if any(p < 0 or p > 1 for p in row):
            raise SolverError("probabilities must be in [0, 1]", "確率は 0〜1 にしてください")
        if need_sum_one:
            require_sum_one(sum(row), "probs", "probs")


def _batch_note(rows: int, batched: bool) -> Step:
    if batched:
        return Step(Bilingual(f"バッチの平均損失なので、勾配はバッチサイズ N = {rows} で割る (ゼロから作るDeep Learning の"
                              " SoftmaxWithLoss と同じ)",
                              f"the loss is the batch mean, so the gradient is divided by the batch size N = {rows}"
                              " (as in Deep Learning from Scratch's SoftmaxWithLoss)"),
                    formula="∂L/∂a = (y − t)/N", result=rows, kind="note")
    return Step(Bilingual("1サンプルなので N で割らない (バッチの平均損失なら (y − t)/N になる)",
                          "a single sample, so nothing is divided (for a batch-mean loss it would be (y − t)/N)"),
                formula="∂L/∂a = y − t", kind="note")


def softmax_with_loss(target: Any, *, logits: Any = None, probs: Any = None, sigmoid: bool = False) -> Solution:
    """Forward (y, loss) and backward (∂L/∂a = y − t, over N for a batch) of Softmax- or Sigmoid-with-Loss.

    Softmax: scores of shape (K,) for one sample or (N, K) for a batch; the target is a class index,
    a list of N indices, or one-hot rows.  Sigmoid (binary cross-entropy): a scalar, N samples (N,) or
    (N, K) independent outputs, with targets of the same shape in [0, 1].  With ``probs`` instead of
    logits the gradient is still with respect to the logits, which need not be known.
    """
    if (logits is None) == (probs is None):
        raise SolverError("give either logits or probabilities", "ロジットか確率のどちらか一方を指定してください")
    from_logits = logits is not None
    raw = logits if from_logits else probs
    shape = _shape(raw) if isinstance(raw, list | tuple) else ()
    raw = list(raw) if isinstance(raw, tuple) else raw
    size = 1
    for d in shape:
        size *= d
    if size > MAX_LOSS_ELEMENTS or len(shape) > 2:
        raise SolverError(f"give a vector or a matrix with at most {MAX_LOSS_ELEMENTS} entries",
                          f"ベクトルか行列 (要素 {MAX_LOSS_ELEMENTS} 個まで) で指定してください")
    scores = _as_nested(raw, "logits" if from_logits else "probs")
    return (_sigmoid_with_loss if sigmoid else _softmax_with_loss)(scores, shape, target, from_logits)


def _softmax_with_loss(scores: Any, shape: tuple[int, ...], target: Any, from_logits: bool) -> Solution:
    if len(shape) not in (1, 2):
        raise SolverError("softmax needs a vector (K,) or a batch (N, K)", "ソフトマックスにはベクトル (K,) かバッチ (N, K) が必要です")
    batched = len(shape) == 2
    rows: list[list[Any]] = scores if batched else [scores]
    t_rows = _target_rows(target, len(rows), shape[-1], batched)
    if not from_logits:
        _check_probabilities(rows, need_sum_one=True)
    steps: list[Step] = []
    y_rows: list[list[Any]] = []
    losses: list[Any] = []
    for n, (row, t_row) in enumerate(zip(rows, t_rows, strict=True)):
        tag = f" (n = {n + 1})" if batched else ""
        if from_logits:
            total = sum(sympy.exp(a) for a in row)
            y = [sympy.exp(a) / total for a in row]
            steps.append(Step(Bilingual(f"ソフトマックスで確率にする{tag}", f"softmax turns the scores into probabilities{tag}"),
                              formula="y_k = e^{a_k} / Σ_j e^{a_j}",
                              substituted="Σ_j e^{a_j} = " + " + ".join(f"e^{{{_show(a)}}}" for a in row) + f" ≈ {fmt(float(total))}",
                              result=y))
        else:
            y = list(row)
        terms = [(k, t) for k, t in enumerate(t_row) if t != 0]
        loss = -sum(t * _log_probability(row, k, from_logits) for k, t in terms)
        losses.append(loss)
        y_rows.append(y)
        steps.append(Step(Bilingual(f"交差エントロピー誤差{tag}", f"cross-entropy loss{tag}"),
                          formula="L = −Σ_k t_k ln y_k" + (" = −a_c + ln Σ_j e^{a_j}" if from_logits and len(terms) == 1 else ""),
                          substituted=" ".join(f"− {'' if t == 1 else _operand(t) + '×'}ln({_show(y[k])})" for k, t in terms),
                          result=loss))
    n_rows = len(rows)
    loss_total = sum(losses) / n_rows if batched else losses[0]
    if batched:
        steps.append(Step(Bilingual("バッチ平均の損失", "batch-mean loss"), formula="L = (1/N) Σ_n L_n",
                          substituted=f"(1/{n_rows})×(" + " + ".join(_show(v) for v in losses) + ")", result=loss_total))
    return _finish("softmax-with-loss", y_rows, t_rows, loss_total, steps, batched, from_logits, shape, "softmax")


def _sigmoid_with_loss(scores: Any, shape: tuple[int, ...], target: Any, from_logits: bool) -> Solution:
    batched = len(shape) >= 1
    rows: list[list[Any]] = [[v] for v in scores] if len(shape) == 1 else (scores if len(shape) == 2 else [[scores]])
    t_shape = _shape(target) if isinstance(target, list | tuple) else ()
    if t_shape != shape:
        raise SolverError(f"target shape {t_shape} does not match the scores {shape}",
                          f"正解の形 {t_shape} がスコアの形 {shape} と一致しません")
    t_exact = _as_nested(list(target) if isinstance(target, tuple) else target, "target")
    t_rows: list[list[Any]] = [[v] for v in t_exact] if len(shape) == 1 else (t_exact if len(shape) == 2 else [[t_exact]])
    _check_probabilities(t_rows, need_sum_one=False)
    if not from_logits:
        _check_probabilities(rows, need_sum_one=False)
    steps: list[Step] = []
    y_rows = [[1 / (1 + sympy.exp(-a)) for a in row] for row in rows] if from_logits else [list(r) for r in rows]
    if from_logits:
        steps.append(Step(Bilingual("シグモイドで確率にする", "the sigmoid turns each score into a probability"),
                          formula="y = 1/(1 + e^{−a})", result=_reshape(y_rows, shape)))
    total: Any = sympy.Integer(0)
    for row, y_row, t_row in zip(rows, y_rows, t_rows, strict=True):
        for a, y, t in zip(row, y_row, t_row, strict=True):
            if from_logits:  # log y = −log(1 + e^−a), log(1 − y) = −log(1 + e^a): exact and never log 0
                total += t * sympy.log(1 + sympy.exp(-a)) + (1 - t) * sympy.log(1 + sympy.exp(a))
            else:
                total += (-t * sympy.log(y) if t != 0 else 0) + (-(1 - t) * sympy.log(1 - y) if t != 1 else 0)
    n_rows = len(rows)
    loss = total / n_rows
    if loss.has(sympy.zoo):
        loss = sympy.oo
    steps.append(Step(Bilingual("バイナリ交差エントロピー (バッチ平均)" if batched else "バイナリ交差エントロピー",
                                "binary cross-entropy (batch mean)" if batched else "binary cross-entropy"),
                      formula="L = −(1/N) Σ [t ln y + (1 − t) ln(1 − y)]", substituted=f"N = {n_rows}", result=loss))
    return _finish("softmax-with-loss", y_rows, t_rows, loss, steps, batched, from_logits, shape, "sigmoid")


def _reshape(rows: list[list[Any]], shape: tuple[int, ...]) -> Any:
    if len(shape) == 2:
        return rows
    if len(shape) == 1:
        return [r[0] for r in rows]
    return rows[0][0]


def _finish(problem: str, y_rows: list[list[Any]], t_rows: list[list[Any]], loss: Any, steps: list[Step], batched: bool,
            from_logits: bool, shape: tuple[int, ...], layer: str) -> Solution:
    """The backward step ∂L/∂a = (y − t)/N shared by both layers, and the Solution."""
    n_rows = len(y_rows)
    divisor = n_rows if batched else 1
    gradient = [[(y - t) / divisor for y, t in zip(yr, tr, strict=True)] for yr, tr in zip(y_rows, t_rows, strict=True)]
    if layer == "softmax":
        y_out: Any = y_rows if batched else y_rows[0]
        grad_out: Any = gradient if batched else gradient[0]
    else:
        y_out, grad_out = _reshape(y_rows, shape), _reshape(gradient, shape)
    steps.append(_batch_note(n_rows, batched))
    y0, t0 = y_rows[0][0], t_rows[0][0]
    steps.append(Step(Bilingual("逆伝播: 損失のロジットについての勾配は y − t (指数と対数が打ち消し合う)",
                                "backward: the gradient of the loss with respect to the logits is y − t"
                                " (the exponential and the logarithm cancel)"),
                      formula="∂L/∂a = (y − t)/N" if batched else "∂L/∂a = y − t",
                      substituted=f"first entry: ({_show(y0)} − {_show(t0)})" + (f"/{divisor}" if batched else ""),
                      result=grad_out))
    notes = [] if from_logits else [Bilingual("確率 y が与えられたので、ロジット a 自体は不要 (勾配は a についてのもの)",
                                              "the probabilities y were given, so the logits a themselves are not needed"
                                              " (the gradient is still with respect to a)")]
    inputs = {"layer": layer, "from": "logits" if from_logits else "probs", "shape": list(shape),
              "batch": n_rows if batched else 1}
    return Solution(problem, inputs, {"y": y_out, "loss": loss, "gradient": grad_out}, steps, notes=notes)
