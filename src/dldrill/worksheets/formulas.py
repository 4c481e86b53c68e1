"""Plain-Unicode step formulas (``O = ⌊(H + 2P − K)/S⌋ + 1``) → MathML for HTML and Typst math for PDF.

Why a small converter and not a LaTeX dependency: the solvers write formulas in readable Unicode, where the only
structure is ``_`` / ``^`` scripts (with ``{…}`` or ``(…)`` groups), words and numbers; everything else is an
operator printed as it is.  ``/`` stays a slash (as on the board), and anything the converter does not know
(Japanese text, odd symbols) is kept as text, so the output never fails to compile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z]{2,}(?:_[A-Za-z]{2,})*|[A-Za-z])"
    r"|(?P<letter>[^\W\d_\u3000-\u9fff\uff00-\uffef])"
    r"|(?P<cjk>[\u3000-\u9fff\uff00-\uffef]+)"
    r"|(?P<script>[_^])"
    r"|(?P<open>[({])|(?P<close>[)}])"
    r"|(?P<op>.)",
    re.DOTALL,
)
MAX_FORMULA = 400


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass
class Node:
    """``kind``: atom kinds (num, word, letter, cjk, op), ``group`` (children; ``parens`` says if shown), or script."""

    kind: str
    text: str = ""
    children: list[Node] | None = None
    parens: str = ""
    sub: Node | None = None
    sup: Node | None = None


def tokenize(text: str) -> list[Token]:
    return [Token(m.lastgroup or "op", m.group()) for m in TOKEN.finditer(text) if m.lastgroup != "space"]


def parse(text: str) -> list[Node]:
    """A formula as a list of nodes; brackets are matched, unmatched ones become plain operators."""
    tokens = tokenize(text)
    nodes, _ = _sequence(tokens, 0, None)
    return nodes


CLOSING = {"(": ")", "{": "}"}


def _sequence(tokens: list[Token], pos: int, closer: str | None) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    while pos < len(tokens):
        token = tokens[pos]
        if token.kind == "close" and token.text == closer:
            return nodes, pos
        if token.kind == "script" and nodes and nodes[-1].kind != "op" and pos + 1 < len(tokens):
            argument, pos = _atom(tokens, pos + 1, bare=True)
            base = nodes[-1]
            if base.kind != "script":
                base = Node("script", children=[base])
                nodes[-1] = base
            if token.text == "_" and base.sub is None:
                base.sub = argument
            elif token.text == "^" and base.sup is None:
                base.sup = argument
            else:
                nodes.append(Node("op", token.text))
                nodes.append(argument)
            continue
        atom, pos = _atom(tokens, pos, bare=False)
        nodes.append(atom)
    return nodes, pos


def _atom(tokens: list[Token], pos: int, bare: bool) -> tuple[Node, int]:
    """One atom; a bracket group is one atom (its brackets hidden when it is a script argument, ``bare``)."""
    token = tokens[pos]
    if token.kind == "open":
        closer = CLOSING[token.text]
        inner, end = _sequence(tokens, pos + 1, closer)
        if end < len(tokens):
            shown = "" if bare or token.text == "{" else "()"
            return Node("group", children=inner, parens=shown), end + 1
        return Node("op", token.text), pos + 1  # unmatched: an ordinary character
    kind = token.kind if token.kind in ("num", "word", "letter", "cjk") else "op"
    return Node(kind, token.text), pos + 1


# -- MathML ---------------------------------------------------------------------------------------------------------
def _mathml_node(node: Node) -> str:
    if node.kind == "num":
        return f"<mn>{node.text}</mn>"
    if node.kind in ("word", "letter"):
        return f"<mi>{escape(node.text)}</mi>"
    if node.kind == "cjk":
        return f"<mtext>{escape(node.text)}</mtext>"
    if node.kind == "group":
        inner = "".join(_mathml_node(n) for n in node.children or [])
        if node.parens:
            inner = f"<mo>(</mo>{inner}<mo>)</mo>"
        return f"<mrow>{inner}</mrow>"
    if node.kind == "script":
        base = _mathml_node((node.children or [Node("op", "")])[0])
        sub = _mathml_node(node.sub) if node.sub else ""
        sup = _mathml_node(node.sup) if node.sup else ""
        if sub and sup:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        return f"<msub>{base}{sub}</msub>" if sub else f"<msup>{base}{sup}</msup>"
    return f"<mo>{escape(node.text)}</mo>"


@lru_cache(maxsize=4096)
def to_mathml(text: str, display: bool = False) -> str:
    """``<math>`` for a formula (no namespace URL: HTML5 knows the element, and the page must hold no URL).

    Memoised, like :func:`to_typst_math`: the general formula of a template repeats in every variant and copy.
    """
    if len(text) > MAX_FORMULA:
        return f"<code>{escape(text)}</code>"
    body = "".join(_mathml_node(n) for n in parse(text))
    mode = ' display="block"' if display else ""
    return f"<math{mode}><mrow>{body}</mrow></math>"


# -- Typst math -----------------------------------------------------------------------------------------------------
TYPST_PLAIN_OPS = set("+-=|,.!:[]") | {chr(c) for c in range(0x80, 0x3000)}


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_node(node: Node) -> str:
    if node.kind in ("num", "letter"):
        return node.text
    if node.kind == "word":
        return node.text if len(node.text) == 1 else _typst_string(node.text)
    if node.kind == "cjk":
        return _typst_string(node.text)
    if node.kind == "group":
        inner = " ".join(_typst_node(n) for n in node.children or [])
        return f"lr(( {inner} ))" if node.parens else f"({inner})"
    if node.kind == "script":
        base = _typst_node((node.children or [Node("op", "")])[0])
        if (node.children or [Node("op", "")])[0].kind == "op":
            base = f"{{}}{base}"
        out = base
        for mark, part in (("_", node.sub), ("^", node.sup)):
            if part is not None:
                inner = _typst_node(part)
                out += f"{mark}({inner})" if not inner.startswith("(") else f"{mark}{inner}"
        return out
    if node.text in TYPST_PLAIN_OPS and node.text not in "[]":
        return node.text
    return _typst_string(node.text)


@lru_cache(maxsize=4096)
def to_typst_math(text: str) -> str:
    """Typst math source (without ``$``) for a formula: words upright as strings, ``/`` as a slash (memoised)."""
    if len(text) > MAX_FORMULA:
        return _typst_string(text)
    return " ".join(_typst_node(n) for n in parse(text))
