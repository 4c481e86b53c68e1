"""Model specs for the ``summary`` solver: safe parsing into layer calls, argument binding, value checks.

A spec is a list of layer calls such as ``Input((150,150,3)), Conv2D(32,(3,3)), Flatten()``,
separated by commas or newlines.  It is read with :mod:`ast` and a whitelist of literal nodes,
never with ``eval``: arguments may be numbers, strings, booleans, ``None``, tuples and lists,
simple integer arithmetic (``16*16*16``) and, for wrappers such as ``Bidirectional``, another
layer call.  Every error names the line and column the learner has to fix.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from solvers.errors import SolverError
from solvers.steps import Bilingual, Step

Shape = tuple[int | None, ...]

MAX_SPEC_CHARS = 20_000
MAX_LAYERS = 300
MAX_DEPTH = 60  # of the syntax tree of one layer: 1+1+…+1 is a chain as deep as it has terms
MAX_INT = 10**15  # integer arithmetic beyond this is surely a typo, and keeps ``**`` cheap

#: prefixes that say which framework a layer name is written for
TORCH_PREFIXES = ("torch.nn.", "nn.")
KERAS_PREFIXES = ("tf.keras.layers.", "tensorflow.keras.layers.", "keras.layers.", "layers.", "tf.keras.", "keras.")
SEQUENTIAL_NAMES = {"Sequential", "nn.Sequential", "torch.nn.Sequential", "keras.Sequential", "tf.keras.Sequential",
                    "keras.models.Sequential", "tf.keras.models.Sequential", "models.Sequential"}


@dataclass(frozen=True)
class Where:
    """A position in the spec, 1-based, for error messages."""

    line: int
    column: int
    multiline: bool

    @property
    def en(self) -> str:
        return f"line {self.line}, column {self.column}" if self.multiline else f"column {self.column}"

    @property
    def ja(self) -> str:
        return f"{self.line} 行 {self.column} 文字目" if self.multiline else f"{self.column} 文字目"


@dataclass(frozen=True)
class LayerCall:
    """One layer as written: ``written`` is the callee as typed (``nn.Conv2d``), ``name`` without prefix."""

    name: str
    written: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    where: Where
    prefix_framework: str | None = None  # "pytorch" / "keras" when a prefix such as ``nn.`` says so


def spec_error(where: Where, en: str, ja: str) -> SolverError:
    return SolverError(f"{where.en}: {en}", f"{where.ja}: {ja}")


# --------------------------------------------------------------------------------------------
# Splitting the spec into top-level segments
# --------------------------------------------------------------------------------------------

class _Text:
    """The whole spec, able to turn a character offset into a :class:`Where`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.multiline = "\n" in text.strip()

    def where(self, offset: int) -> Where:
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Where(line, column, self.multiline)


_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _split_top_level(spec: _Text) -> list[tuple[int, str]]:
    """Segments between top-level commas, semicolons and newlines, with their start offsets.

    Why a scanner and not one big ``ast.parse``: layers may be separated by bare newlines, which
    are not Python syntax between expressions; splitting first keeps every column exact.
    """
    text = spec.text
    segments: list[tuple[int, str]] = []
    stack: list[tuple[str, int]] = []
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < len(text) and text[j] != ch:
                if text[j] == "\n":
                    break
                j += 2 if text[j] == "\\" else 1
            if j >= len(text) or text[j] != ch:
                raise spec_error(spec.where(i), "unterminated string", "文字列が閉じていません")
            i = j + 1
            continue
        if ch == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            text_before = text[:i] + " " * (end - i) + text[end:]
            text = text_before  # blank the comment out so the segment parses
            i = end
            continue
        if ch in "([{":
            stack.append((ch, i))
        elif ch in ")]}":
            if not stack:
                raise spec_error(spec.where(i), f"unmatched '{ch}'", f"対応する開き括弧のない '{ch}' があります")
            opener, _ = stack.pop()
            if opener != _CLOSERS[ch]:
                raise spec_error(spec.where(i), f"'{ch}' does not match '{opener}'",
                                 f"'{ch}' が '{opener}' と対応していません")
        elif ch in ",;\n" and not stack:
            segments.append((start, text[start:i]))
            start = i + 1
        i += 1
    if stack:
        opener, at = stack[-1]
        raise spec_error(spec.where(at), f"'{opener}' is never closed", f"'{opener}' が閉じられていません")
    segments.append((start, text[start:]))
    return segments


# --------------------------------------------------------------------------------------------
# Literal evaluation through a whitelist
# --------------------------------------------------------------------------------------------

class _Segment:
    """One segment parsed by ``ast``; maps node positions back to the whole spec."""

    def __init__(self, spec: _Text, offset: int, source: str) -> None:
        self.spec = spec
        self.offset = offset
        self.source = source
        self.lines = source.split("\n")

    def where(self, node: ast.AST) -> Where:
        lineno = getattr(node, "lineno", 1)
        col_bytes = getattr(node, "col_offset", 0)
        line_text = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        col_chars = len(line_text.encode()[:col_bytes].decode(errors="ignore"))
        before = sum(len(line) + 1 for line in self.lines[: lineno - 1])
        return self.spec.where(self.offset + before + col_chars)

    def fail(self, node: ast.AST, en: str, ja: str) -> SolverError:
        return spec_error(self.where(node), en, ja)


def dotted_name(node: ast.AST) -> str | None:
    """``nn.Conv2d`` for an attribute chain of plain names, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted_name(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _check_int(seg: _Segment, node: ast.AST, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise seg.fail(node, "only integer arithmetic is allowed in a spec",
                       "仕様の中で使える計算は整数の四則演算だけです")
    if abs(value) > MAX_INT:
        raise seg.fail(node, "number too large", "数が大きすぎます")
    return value


def _arith(seg: _Segment, node: ast.BinOp, left: int, right: int) -> int:
    op = node.op
    if isinstance(op, ast.Add):
        return _check_int(seg, node, left + right)
    if isinstance(op, ast.Sub):
        return _check_int(seg, node, left - right)
    if isinstance(op, ast.Mult):
        return _check_int(seg, node, left * right)
    if isinstance(op, ast.FloorDiv | ast.Div | ast.Mod):
        if right == 0:
            raise seg.fail(node, "division by zero", "0 で割っています")
        if isinstance(op, ast.Mod):
            return left % right
        if isinstance(op, ast.Div) and left % right:
            raise seg.fail(node, f"{left}/{right} is not an integer (use // to floor)",
                           f"{left}/{right} は整数になりません (切り捨ては // )")
        return left // right
    if isinstance(op, ast.Pow):
        if right < 0 or right > 64:
            raise seg.fail(node, "exponent must be between 0 and 64", "指数は 0 以上 64 以下にしてください")
        if left and right * math.log2(abs(left) or 1) > 52:
            raise seg.fail(node, "number too large", "数が大きすぎます")
        return _check_int(seg, node, left**right)
    raise seg.fail(node, "only + − × // and ** are allowed", "使える演算は + − × // ** だけです")


def _literal(seg: _Segment, node: ast.AST, allow_call: bool) -> Any:
    """Value of a whitelisted literal node; a nested call becomes a :class:`LayerCall`."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool | int | float | str) or node.value is None:
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return _check_int(seg, node, node.value)
            return node.value
        raise seg.fail(node, f"unsupported literal {node.value!r}", f"使えないリテラルです ({node.value!r})")
    if isinstance(node, ast.Tuple | ast.List):
        if len(node.elts) > 64:
            raise seg.fail(node, "tuple too long", "タプルが長すぎます")
        return tuple(_literal(seg, e, allow_call) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _literal(seg, node.operand, False)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise seg.fail(node, "a sign needs a number", "符号の後には数が必要です")
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _check_int(seg, node.left, _literal(seg, node.left, False))
        right = _check_int(seg, node.right, _literal(seg, node.right, False))
        return _arith(seg, node, left, right)
    if isinstance(node, ast.Call) and allow_call:
        return _layer_call(seg, node)
    if isinstance(node, ast.Name | ast.Attribute):
        name = dotted_name(node) or "?"
        raise seg.fail(node, f"'{name}' is not a literal: use numbers, strings ('relu'), tuples or True/False/None",
                       f"'{name}' はリテラルではありません: 数・文字列 ('relu')・タプル・True/False/None を使ってください")
    raise seg.fail(node, f"unsupported expression ({type(node).__name__})",
                   f"使えない式です ({type(node).__name__})")


def _split_prefix(written: str) -> tuple[str, str | None]:
    for prefix in TORCH_PREFIXES:
        if written.startswith(prefix):
            return written[len(prefix):], "pytorch"
    for prefix in KERAS_PREFIXES:
        if written.startswith(prefix):
            return written[len(prefix):], "keras"
    return written, None


def _layer_call(seg: _Segment, node: ast.Call) -> LayerCall:
    written = dotted_name(node.func)
    if written is None:
        raise seg.fail(node, "expected a layer name such as Dense(…)", "Dense(…) のような層の名前が必要です")
    name, framework = _split_prefix(written)
    if "." in name:
        raise seg.fail(node, f"unknown module path '{written}' (write Conv2D, layers.Conv2D or nn.Conv2d)",
                       f"'{written}' は読めません (Conv2D, layers.Conv2D, nn.Conv2d の形で書いてください)")
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        raise seg.fail(node, "*args / **kwargs are not allowed", "*args / **kwargs は使えません")
    args = tuple(_literal(seg, a, True) for a in node.args)
    kwargs: dict[str, Any] = {}
    for keyword in node.keywords:
        assert keyword.arg is not None
        if keyword.arg in kwargs:
            raise seg.fail(keyword, f"argument '{keyword.arg}' given twice", f"引数 '{keyword.arg}' が二重に指定されています")
        kwargs[keyword.arg] = _literal(seg, keyword.value, True)
    return LayerCall(name, written, args, kwargs, seg.where(node), framework)


def _top_level_calls(seg: _Segment, node: ast.AST) -> list[LayerCall]:
    """Layer calls in one segment, unwrapping ``Sequential([...])``, ``model.add(...)`` and lists."""
    if isinstance(node, ast.List | ast.Tuple):
        return [call for element in node.elts for call in _top_level_calls(seg, element)]
    if isinstance(node, ast.Call):
        written = dotted_name(node.func) or ""
        if written in SEQUENTIAL_NAMES and not node.keywords:
            return [call for element in node.args for call in _top_level_calls(seg, element)]
        if written.endswith(".add") and len(node.args) == 1 and not node.keywords:
            return _top_level_calls(seg, node.args[0])
        return [_layer_call(seg, node)]
    raise seg.fail(node, "expected a layer call such as Dense(10)", "Dense(10) のような層の呼び出しが必要です")


def _syntax_error(spec: _Text, seg: _Segment, offset: int, reason: str) -> SolverError:
    """A one-line syntax error; says "comma missing?" when two layers touch (``Dense(1) Dense(2)``)."""
    before = spec.text[seg.offset:offset].rstrip()
    at = spec.text[offset:offset + 1]
    if reason.startswith("invalid syntax. Perhaps you forgot a comma") or (
            reason == "invalid syntax" and before.endswith(")") and (at.isalpha() or at == "_")):
        return spec_error(spec.where(offset), "invalid syntax — is a comma missing?", "構文が正しくありません (カンマが抜けている?)")
    if reason == "invalid syntax":
        return spec_error(spec.where(offset), "invalid syntax", "構文が正しくありません")
    return spec_error(spec.where(offset), f"invalid syntax: {reason}", f"構文が正しくありません: {reason}")


_TOO_DEEP = (f"expression nested too deeply (at most {MAX_DEPTH} levels of arithmetic, calls and brackets)",
             f"式の入れ子が深すぎます (計算・呼び出し・括弧は {MAX_DEPTH} 段まで)")


def _check_depth(seg: _Segment, root: ast.AST) -> None:
    """Refuse a tree deeper than :data:`MAX_DEPTH` before the recursive reading of literals meets it."""
    pending: list[tuple[ast.AST, int]] = [(root, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise seg.fail(node, *_TOO_DEEP)
        pending += [(child, depth + 1) for child in ast.iter_child_nodes(node)]


def parse_spec(text: str) -> list[LayerCall]:
    """The layer calls of a spec, in order; SolverError with line/column for anything malformed."""
    if len(text) > MAX_SPEC_CHARS:
        raise SolverError(f"spec too long ({len(text)} characters, at most {MAX_SPEC_CHARS})",
                          f"仕様が長すぎます ({len(text)} 文字、最大 {MAX_SPEC_CHARS})")
    spec = _Text(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    calls: list[LayerCall] = []
    for offset, source in _split_top_level(spec):
        stripped = source.strip()
        if not stripped:
            continue
        lead = len(source) - len(source.lstrip())
        seg = _Segment(spec, offset + lead, stripped)
        try:
            tree = ast.parse(stripped, mode="eval")
        except SyntaxError as exc:
            line = (exc.lineno or 1) - 1
            col = max((exc.offset or 1) - 1, 0)
            before = sum(len(s) + 1 for s in seg.lines[:line])
            raise _syntax_error(spec, seg, seg.offset + before + col, exc.msg or "invalid syntax") from None
        except (RecursionError, MemoryError):  # the parser's own stack: thousands of nested signs or brackets
            raise spec_error(spec.where(seg.offset), *_TOO_DEEP) from None
        _check_depth(seg, tree.body)
        calls += _top_level_calls(seg, tree.body)
        if len(calls) > MAX_LAYERS:
            raise SolverError(f"too many layers (at most {MAX_LAYERS})", f"層が多すぎます (最大 {MAX_LAYERS})")
    if not calls:
        raise SolverError("the spec has no layers", "層が1つもありません")
    return calls


# --------------------------------------------------------------------------------------------
# Binding arguments to a layer's signature
# --------------------------------------------------------------------------------------------

REQUIRED: Any = object()


@dataclass(frozen=True)
class Signature:
    """A layer constructor's arguments: ``params`` in positional order with defaults (``REQUIRED``).

    ``keyword_only`` are accepted only by name; ``ignored`` are accepted and have no effect on
    shapes or parameter counts (initialisers, regularisers, ``name`` …).
    """

    params: tuple[tuple[str, Any], ...]
    keyword_only: tuple[tuple[str, Any], ...] = ()
    ignored: frozenset[str] = field(default_factory=frozenset)

    def bind(self, call: LayerCall, shown: str) -> dict[str, Any]:
        names = [n for n, _ in self.params]
        if len(call.args) > len(names):
            raise SolverError(
                f"{shown}() takes at most {len(names)} positional argument(s) ({', '.join(names) or 'none'}),"
                f" got {len(call.args)}",
                f"{shown}() の位置引数は最大 {len(names)} 個です ({', '.join(names) or 'なし'})、{len(call.args)} 個あります",
            )
        bound: dict[str, Any] = dict(zip(names, call.args, strict=False))
        known = names + [n for n, _ in self.keyword_only]
        for key, value in call.kwargs.items():
            if key in bound:
                raise SolverError(f"{shown}() got argument '{key}' twice", f"{shown}() の引数 '{key}' が二重に指定されています")
            if key not in known and key not in self.ignored:
                close = difflib.get_close_matches(key, known + sorted(self.ignored), n=1, cutoff=0.6)
                hint_en = f" — did you mean '{close[0]}'?" if close else f" (arguments: {', '.join(known)})"
                hint_ja = f" — '{close[0]}' のことですか?" if close else f" (引数: {', '.join(known)})"
                raise SolverError(f"{shown}() has no argument '{key}'{hint_en}", f"{shown}() に引数 '{key}' はありません{hint_ja}")
            bound[key] = value
        for key, default in (*self.params, *self.keyword_only):
            if key not in bound:
                if default is REQUIRED:
                    raise SolverError(f"{shown}() is missing the argument '{key}'", f"{shown}() に引数 '{key}' が必要です")
                bound[key] = default
        return bound


# --------------------------------------------------------------------------------------------
# Value checks shared by the Keras and PyTorch rules
# --------------------------------------------------------------------------------------------

def as_int(value: Any, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SolverError(f"{what} must be an integer ≥ {minimum}, got {value!r}",
                          f"{what} は {minimum} 以上の整数にしてください ({value!r})")
    return value


def as_ints(value: Any, what: str, count: int, minimum: int = 1) -> tuple[int, ...]:
    """An int repeated ``count`` times, or a tuple/list of exactly ``count`` ints."""
    if isinstance(value, tuple) and len(value) == count:
        return tuple(as_int(v, what, minimum) for v in value)
    if isinstance(value, tuple):
        raise SolverError(f"{what} needs {count} value(s), got {len(value)}", f"{what} には値が {count} 個必要です ({len(value)} 個)")
    return (as_int(value, what, minimum),) * count


def as_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise SolverError(f"{what} must be True or False, got {value!r}", f"{what} は True か False にしてください ({value!r})")
    return value


def as_choice(value: Any, what: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value.lower() not in choices:
        raise SolverError(f"{what} must be one of {', '.join(repr(c) for c in choices)}, got {value!r}",
                          f"{what} は {', '.join(repr(c) for c in choices)} のどれかにしてください ({value!r})")
    return value.lower()


def as_shape(value: Any, what: str) -> Shape:
    """A shape tuple of positive ints or None (unknown length); a bare int means ``(n,)``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, tuple) or not value:
        raise SolverError(f"{what} must be a tuple such as (28, 28, 1), got {value!r}",
                          f"{what} は (28, 28, 1) のようなタプルにしてください ({value!r})")
    return tuple(None if v is None else as_int(v, what) for v in value)


def need_rank(shape: Shape, ranks: Sequence[int], layout: str) -> None:
    """Refuse an input of the wrong rank, naming the layout the layer expects."""
    if len(shape) not in ranks:
        raise SolverError(f"expects a {layout} input (without the batch axis), got {fmt_shape(shape)}",
                          f"入力は {layout} (バッチ軸なし) である必要があります ({fmt_shape(shape)})")


def known(value: int | None, what: str) -> int:
    """A dimension that must be known (e.g. channels that set a parameter count)."""
    if value is None:
        raise SolverError(f"{what} must be known to count parameters, but it is None",
                          f"パラメータ数を数えるには {what} が必要ですが None です")
    return value


def product(values: Sequence[int]) -> int:
    return math.prod(values)


def fmt_shape(shape: Shape, batch: bool = False) -> str:
    """``(148, 148, 32)``; with ``batch`` Keras' ``(None, 148, 148, 32)``."""
    items = (["None"] if batch else []) + ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


# --------------------------------------------------------------------------------------------
# What one layer contributes
# --------------------------------------------------------------------------------------------

@dataclass
class LayerOutcome:
    """A layer's output shape, its parameters split by trainability, and the steps that show it."""

    output_shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    steps: list[Step] = field(default_factory=list)
    notes: list[Bilingual] = field(default_factory=list)

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable


def shape_step(label: Bilingual, formula: str, substituted: str, shape: Shape,
               remark: tuple[str, str] | None = None) -> Step:
    """The layer's output shape; ``remark`` (ja, en) adds why, e.g. "no parameters"."""
    ja, en = f"{label.ja}: 出力形状", f"{label.en}: output shape"
    if substituted == fmt_shape(shape):
        substituted = ""  # the result itself is the shape; writing it twice adds nothing
    if remark:
        ja, en = f"{ja} ({remark[0]})", f"{en} ({remark[1]})"
    return Step(Bilingual(ja, en), formula=formula, substituted=substituted, result=list(shape),
                data={"output_shape": list(shape)})


def params_step(label: Bilingual, text: Bilingual, formula: str, substituted: str, value: int) -> Step:
    return Step(Bilingual(f"{label.ja}: {text.ja}", f"{label.en}: {text.en}"), formula=formula,
                substituted=substituted, result=value, kind="params")


def labelled(label: Bilingual, steps: Sequence[Step]) -> list[Step]:
    """Steps of a shared helper (e.g. ``output_size_steps``) prefixed with the layer's label."""
    return [replace(s, text=Bilingual(f"{label.ja}: {s.text.ja}", f"{label.en}: {s.text.en}")) for s in steps]


Rule = Callable[[dict[str, Any], Shape, Bilingual], LayerOutcome]
