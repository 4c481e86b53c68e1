"""Safe parsing of learner-typed arithmetic (``x**2 + 3*y**2``) into a small tree and into SymPy.

Why not ``sympify``: it calls ``eval`` and would run ``__import__('os')``.  Here the text goes through
``ast.parse`` and only a whitelist survives — numbers, names, ``+ − * / **``, unary minus and calls to
a few named functions — with bounds on the length, the number of nodes and the size of exponents, so
that neither code execution nor a ``9**9**9`` memory bomb is possible.  Numbers are read exactly from
their source text (``0.1`` is 1/10).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from solvers.errors import SolverError

MAX_EXPRESSION_CHARS = 500
MAX_NODES = 200
MAX_NAME_CHARS = 30
MAX_EXPONENT = 100
MAX_EXPONENT_DENOMINATOR = 100
MAX_LITERAL_EXPONENT = 400  # of a written number such as 1e-5, as on the command line
MAX_RATIONAL_BITS = 12_000  # below CPython's 4300-digit int→str limit

#: functions a learner may call, each with one argument
FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sqrt", "sigmoid")

_BINARY_OPS: dict[type[ast.operator], str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow",
}
_SYMBOL = {"add": "+", "sub": "−", "mul": "×", "div": "/", "pow": "^"}
_NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

_CONSTRUCT_NAMES = {
    ast.Attribute: ("attribute access (a.b)", "属性アクセス (a.b)"),
    ast.Lambda: ("lambda", "lambda 式"),
    ast.Subscript: ("indexing (a[i])", "添字 (a[i])"),
    ast.Compare: ("comparison", "比較"),
    ast.BoolOp: ("and/or", "and/or"),
    ast.Constant: ("this constant", "この定数"),
}


@dataclass(frozen=True)
class ExprNode:
    """One node of a parsed expression.

    ``op`` is ``"const"`` (``value`` holds an exact ``sympy.Rational``), ``"var"`` (``name``), one of
    ``add sub mul div pow neg`` or a function name from :data:`FUNCTIONS`.  A ``pow`` node's exponent
    is always a ``const``: exam graphs raise to fixed powers, and a variable exponent would let the
    size of the numbers escape every bound.
    """

    op: str
    args: tuple[ExprNode, ...] = ()
    name: str = ""
    value: Any = None

    def walk(self) -> Iterator[ExprNode]:
        """This node and all below it, children first (the order a forward pass visits them)."""
        for arg in self.args:
            yield from arg.walk()
        yield self

    def variables(self) -> list[str]:
        """Variable names in order of first appearance."""
        seen: dict[str, None] = {}
        for node in self.walk():
            if node.op == "var":
                seen.setdefault(node.name, None)
        return list(seen)

    def text(self) -> str:
        """Readable infix text with the parentheses a reader needs (``(a + b)×c``)."""
        if self.op == "const":
            return str(self.value)
        if self.op == "var":
            return self.name
        if self.op == "neg":
            return f"−{_wrap(self.args[0], 'neg')}"
        if self.op in _SYMBOL:
            left, right = self.args
            return f"{_wrap(left, self.op)} {_SYMBOL[self.op]} {_wrap(right, self.op, right_side=True)}" \
                if self.op in ("add", "sub") else \
                f"{_wrap(left, self.op)}{_SYMBOL[self.op]}{_wrap(right, self.op, right_side=True)}"
        return function_text(self.op, self.args[0].text())


def function_text(name: str, argument: str) -> str:
    """A function applied to ``argument`` in the notation of the worked steps: ``e^{a}``, ``ln(a)``, ``√(a)``.

    Why: the learner types ``exp``, ``log`` and ``sqrt`` (code syntax), but the board writes e, ln and √.
    """
    if name == "exp":
        return f"e^{{{argument}}}"
    if name == "log":
        return f"ln({argument})"
    if name == "sqrt":
        return f"√{argument}" if argument.isalnum() else f"√({argument})"
    return f"{name}({argument})"


_PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4}


def _wrap(node: ExprNode, parent: str, right_side: bool = False) -> str:
    inner = node.text()
    mine, theirs = _PRECEDENCE.get(node.op, 5), _PRECEDENCE[parent]
    needs = mine < theirs or (right_side and mine == theirs and parent in ("sub", "div", "pow")) \
        or (parent == "pow" and not right_side and mine == theirs)
    if node.op == "const" and (node.value < 0 or not node.value.is_Integer) and theirs >= 2:
        needs = True
    return f"({inner})" if needs else inner


def _refuse(en: str, ja: str) -> SolverError:
    return SolverError(f"expression: {en}", f"式: {ja}")


def check_rational_size(value: Any) -> None:
    """Refuse a rational whose numerator or denominator has grown beyond :data:`MAX_RATIONAL_BITS`."""
    if isinstance(value, sympy.Rational) and \
            max(abs(int(value.p)).bit_length(), int(value.q).bit_length()) > MAX_RATIONAL_BITS:
        raise _refuse("the numbers grow too large to compute exactly", "数が大きくなりすぎて厳密に計算できません")


def safe_pow(base: Any, exponent: Any) -> Any:
    """``base ** exponent`` with the size of the result bounded before it is computed."""
    exponent = sympy.Rational(exponent)
    if abs(exponent) > MAX_EXPONENT or exponent.q > MAX_EXPONENT_DENOMINATOR:
        raise _refuse(f"exponent {exponent} is too large (|p| ≤ {MAX_EXPONENT}, denominator ≤ {MAX_EXPONENT_DENOMINATOR})",
                      f"指数 {exponent} が大きすぎます (|p| ≤ {MAX_EXPONENT}、分母 ≤ {MAX_EXPONENT_DENOMINATOR})")
    if isinstance(base, sympy.Rational):
        if base == 0 and exponent < 0:
            raise _refuse("0 raised to a negative power (division by zero)", "0 の負のべき乗 (ゼロ除算) です")
        if base < 0 and not exponent.is_Integer:
            raise _refuse(f"({base})^({exponent}) is not a real number", f"({base})^({exponent}) は実数になりません")
        bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length()) * int(abs(exponent.p))
        if bits > MAX_RATIONAL_BITS:
            raise _refuse("the numbers grow too large to compute exactly", "数が大きくなりすぎて厳密に計算できません")
    return sympy.Pow(base, exponent)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0

    def node(self, tree: ast.AST) -> ExprNode:
        self.count += 1
        if self.count > MAX_NODES:
            raise _refuse(f"too many terms (at most {MAX_NODES} nodes)", f"項が多すぎます (ノードは {MAX_NODES} 個まで)")
        if isinstance(tree, ast.Constant):
            return ExprNode("const", value=self.constant(tree))
        if isinstance(tree, ast.Name):
            return ExprNode("var", name=self.name(tree.id))
        if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub | ast.UAdd):
            operand = self.node(tree.operand)
            if isinstance(tree.op, ast.UAdd):
                return operand
            if operand.op == "const":
                return ExprNode("const", value=-operand.value)
            return ExprNode("neg", (operand,))
        if isinstance(tree, ast.BinOp):
            if isinstance(tree.op, ast.BitXor):
                raise _refuse("'^' is not a power here; write x**2", "'^' はべき乗ではありません。x**2 と書いてください")
            op = _BINARY_OPS.get(type(tree.op))
            if op is None:
                raise _refuse(f"operator '{type(tree.op).__name__}' is not allowed (use + - * / **)",
                              f"演算子 '{type(tree.op).__name__}' は使えません (+ - * / ** のみ)")
            left = self.node(tree.left)
            if op == "pow":
                return ExprNode("pow", (left, ExprNode("const", value=self.constant_exponent(tree.right))))
            return ExprNode(op, (left, self.node(tree.right)))
        if isinstance(tree, ast.Call):
            return self.call(tree)
        en, ja = _CONSTRUCT_NAMES.get(type(tree), (type(tree).__name__, type(tree).__name__))
        raise _refuse(f"{en} is not allowed; use numbers, names, + - * / ** and {', '.join(FUNCTIONS)}",
                      f"{ja} は使えません。数・変数名・+ - * / ** と {', '.join(FUNCTIONS)} のみ使えます")

    def constant(self, tree: ast.Constant) -> Any:
        value = tree.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(f"{value!r} is not a number", f"{value!r} は数値ではありません")
        if isinstance(value, int):
            return sympy.Integer(value)
        segment = ast.get_source_segment(self.source, tree) or repr(value)
        # Fraction("1e-99999999") builds a hundred-million-digit denominator and never returns: bound it first
        mantissa, _, written_exponent = segment.lower().replace("_", "").partition("e")
        if written_exponent and abs(int(written_exponent)) + len(mantissa) > MAX_LITERAL_EXPONENT:
            raise _refuse(f"{segment!r}: exponent too large (at most 10^±{MAX_LITERAL_EXPONENT})",
                          f"{segment!r} は指数が大きすぎます (10^±{MAX_LITERAL_EXPONENT} まで)")
        try:
            exact = Fraction(segment.replace("_", ""))
        except ValueError:
            raise _refuse(f"{segment!r} is not a number", f"{segment!r} は数値ではありません") from None
        result = sympy.Rational(exact.numerator, exact.denominator)
        check_rational_size(result)
        return result

    def name(self, identifier: str) -> str:
        if identifier in FUNCTIONS:
            raise _refuse(f"'{identifier}' is a function; call it as {identifier}(x)",
                          f"'{identifier}' は関数です。{identifier}(x) の形で使ってください")
        if not _NAME_PATTERN.match(identifier) or len(identifier) > MAX_NAME_CHARS:
            raise _refuse(f"'{identifier}' is not an allowed name (letters, digits, _; starts with a letter)",
                          f"'{identifier}' は使えない名前です (英字で始まる英数字と _)")
        return identifier

    def constant_exponent(self, tree: ast.AST) -> Any:
        """Fold an exponent made of numbers only; a variable exponent is refused (see ExprNode)."""
        node = self.node(tree)
        value = _fold_constant(node)
        if value is None:
            raise _refuse("exponents must be numbers (x**2, x**(1/2)), not expressions with variables",
                          "指数は数値にしてください (x**2, x**(1/2) など。変数を含む指数は不可)")
        if abs(value) > MAX_EXPONENT or value.q > MAX_EXPONENT_DENOMINATOR:
            raise _refuse(f"exponent {value} is too large (|p| ≤ {MAX_EXPONENT})",
                          f"指数 {value} が大きすぎます (|p| ≤ {MAX_EXPONENT})")
        return value

    def call(self, tree: ast.Call) -> ExprNode:
        if not isinstance(tree.func, ast.Name) or tree.func.id not in FUNCTIONS:
            what = f"'{tree.func.id}'" if isinstance(tree.func, ast.Name) else "this call"
            what_ja = f"'{tree.func.id}' は呼び出せません" if isinstance(tree.func, ast.Name) else "この形の呼び出しは使えません"
            raise _refuse(f"{what} cannot be called; allowed functions: {', '.join(FUNCTIONS)}",
                          f"{what_ja}。使える関数: {', '.join(FUNCTIONS)}")
        if tree.keywords or len(tree.args) != 1 or isinstance(tree.args[0], ast.Starred):
            raise _refuse(f"{tree.func.id}() takes exactly one argument", f"{tree.func.id}() の引数は1つです")
        return ExprNode(tree.func.id, (self.node(tree.args[0]),))


def _fold_constant(node: ExprNode) -> Any:
    """The exact value of a variable-free arithmetic node, or None if it has variables or functions."""
    if node.op == "const":
        return node.value
    if node.op not in ("add", "sub", "mul", "div", "pow", "neg"):
        return None
    values = [_fold_constant(a) for a in node.args]
    if any(v is None for v in values):
        return None
    if node.op == "neg":
        return -values[0]
    a, b = values
    if node.op == "div" and b == 0:
        raise _refuse("division by zero", "ゼロ除算です")
    result = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
              "pow": lambda: safe_pow(a, b)}[node.op]()
    if not isinstance(result, sympy.Rational):
        raise _refuse("exponents must be rational numbers", "指数は有理数にしてください")
    return result


def parse_expression(text: str) -> ExprNode:
    """Parse learner text into an :class:`ExprNode`, or raise :class:`SolverError` saying why not."""
    if not isinstance(text, str) or not text.strip():
        raise _refuse("empty expression", "式が空です")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise _refuse(f"too long ({len(text)} characters; at most {MAX_EXPRESSION_CHARS})",
                      f"長すぎます ({len(text)} 文字、最大 {MAX_EXPRESSION_CHARS})")
    source = text.strip().replace("−", "-").replace("×", "*").replace("÷", "/")
    shown = text if len(text) <= 60 else text[:57] + "…"
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise _refuse(f"cannot read '{shown}' ({exc.msg})", f"'{shown}' を式として読めません ({exc.msg})") from None
    except (ValueError, RecursionError, MemoryError):
        raise _refuse(f"cannot read '{shown}'", f"'{shown}' を式として読めません") from None
    try:
        return _Parser(source).node(tree.body)
    except RecursionError:
        raise _refuse("nested too deeply", "入れ子が深すぎます") from None


def to_sympy(node: ExprNode, symbols: Mapping[str, sympy.Symbol] | None = None) -> Any:
    """The SymPy expression of a parsed tree (``sigmoid(x)`` becomes ``1/(1 + exp(−x))``)."""
    symbols = dict(symbols or {})
    if node.op == "const":
        return node.value
    if node.op == "var":
        if node.name not in symbols:
            symbols[node.name] = sympy.Symbol(node.name, real=True)
        return symbols[node.name]
    args = [to_sympy(a, symbols) for a in node.args]
    if node.op == "neg":
        return -args[0]
    if node.op in ("add", "sub", "mul", "div"):
        a, b = args
        if node.op == "div" and b == 0:
            raise _refuse("division by zero", "ゼロ除算です")
        result = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b}[node.op]()
        check_rational_size(result)
        return result
    if node.op == "pow":
        return safe_pow(args[0], args[1])
    if node.op == "sigmoid":
        return 1 / (1 + sympy.exp(-args[0]))
    function = {"exp": sympy.exp, "log": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
                "tanh": sympy.tanh, "sqrt": sympy.sqrt}[node.op]
    return function(args[0])


def parse_sympy(text: str, names: list[str] | None = None) -> tuple[Any, dict[str, sympy.Symbol]]:
    """Parse ``text`` and return the SymPy expression with its symbols by name.

    ``names`` fixes the order (e.g. the order of a start point); a name used in ``text`` but not in
    ``names`` is refused so that a typo (``x**2 + yy``) is caught instead of silently treated as 0.
    """
    tree = parse_expression(text)
    used = tree.variables()
    order = list(names) if names is not None else used
    unknown = [n for n in used if n not in order]
    if unknown:
        raise _refuse(f"no value given for {', '.join(unknown)}", f"{', '.join(unknown)} の値が指定されていません")
    symbols = {n: sympy.Symbol(n, real=True) for n in order}
    return to_sympy(tree, symbols), symbols
