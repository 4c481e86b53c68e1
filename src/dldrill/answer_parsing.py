"""Read answers the way people type them: full-width IME input, fractions, percentages, scientific
notation, small expressions (e, π, exp, ln, log, sqrt), vectors, matrices, choice labels.

User text is never given to ``eval`` or ``sympify``: expressions are parsed with :mod:`ast` and
evaluated by a whitelist walker over :class:`fractions.Fraction` (exact) or floats, with bounds on
input length, node count, digits and exponents, so ``9**9**9**9`` or a 10 MB paste is refused at once.
Every failure raises :class:`AnswerFormatError` with a bilingual hint saying what format is expected.
"""

from __future__ import annotations

import ast
import json
import math
import re
import unicodedata
from fractions import Fraction

Number = Fraction | float

MAX_TEXT = 20_000          # characters of a whole answer (a matrix); anything longer is refused unread
MAX_EXPRESSION = 200       # characters of one number / expression (after normalisation)
MAX_RAW_EXPRESSION = 1_000  # characters of one number as typed: checked before NFKC, which can expand text 18-fold
MAX_LABEL = 100            # characters of a choice label, a set of labels or a true/false answer as typed
MAX_TERM = 1_000           # characters of one cloze blank as typed
MAX_BITS = 6_700           # size of an exact numerator or denominator (about 2000 decimal digits)
MAX_NODES = 60
MAX_DIGITS = 40
MAX_EXPONENT = 400
MAX_CELLS = 400


class AnswerFormatError(ValueError):
    """The answer could not be read; costs no attempt.  ``ja``/``en`` say what is expected."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja = ja
        self.en = en

    def __str__(self) -> str:
        return self.en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja


NUMBER_HINT = ("数値で答えてください (例: 0.25, 1/4, 25%, 2.5e-3, sqrt(2), ln(2))",
               "Answer with a number (e.g. 0.25, 1/4, 25%, 2.5e-3, sqrt(2), ln(2))")

_TRANSLATE = str.maketrans({
    "×": "*", "✕": "*", "・": "*", "÷": "/", "−": "-", "–": "-", "—": "-", "‐": "-", "ー": "-",
    "、": ",", "，": ",", "。": ".", "．": ".", "π": "pi", "√": "sqrt", "＾": "^", "　": " ", "⁄": "/", "∕": "/",
})


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII), then map Japanese punctuation and math signs to ASCII."""
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE).strip()


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾", "0123456789+-()")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾]+")
_SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_LOG_BASE = re.compile("(log)([₀₁₂₃₄₅₆₇₈₉]+)", re.IGNORECASE)
_SUBSCRIPT_LEFT = re.compile("[₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎]")
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒↉"
_VULGAR_RUN = re.compile(rf"([\d.．]*)([{_VULGAR}])")


def _vulgar(match: re.Match[str]) -> str:
    whole, char = match.group(1), match.group(2)
    fraction = unicodedata.normalize("NFKC", char).replace("⁄", "/")
    if not whole:
        return f"({fraction})"
    if whole.isdigit():
        return f"({whole}+{fraction})"  # a mixed number: 1½ = 1 + 1/2
    raise AnswerFormatError("分数記号の前には整数だけを書けます (例: 1½)", "Only a whole number may precede a fraction sign (e.g. 1½)")


def rewrite_scripts(text: str) -> str:
    """Superscripts, subscripts and vulgar fractions written out, BEFORE NFKC, which would flatten them into
    plain digits and silently misread ``10²`` as 102: ``10⁻³`` → ``10**(-3)``, ``e⁻²`` → ``e**(-2)``,
    ``½`` → ``(1/2)``, ``1½`` → ``(1+1/2)``, ``log₂`` → ``log2``; any other subscript is refused."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "**(" + m.group(0).translate(_SUPERSCRIPT) + ")", text)
    text = _LOG_BASE.sub(lambda m: m.group(1) + m.group(2).translate(_SUBSCRIPT), text)
    if _SUBSCRIPT_LEFT.search(text):
        raise AnswerFormatError("下付き文字は使えません (log₂ を除く)", "Subscripts cannot be read (except in log₂)")
    return _VULGAR_RUN.sub(_vulgar, text)


def _check_size(text: str, limit: int) -> None:
    if len(text) > limit:
        raise AnswerFormatError(f"入力が長すぎます ({len(text)} 文字、上限 {limit})",
                                f"The answer is too long ({len(text)} characters, limit {limit})")


_FUNCTIONS = {"exp", "ln", "log", "log2", "log10", "sqrt"}
_CONSTANTS = {"e": math.e, "pi": math.pi}


def _as_float(x: Number) -> float:
    return float(x)


def _pow(base: Number, exp: Number) -> Number:
    if isinstance(exp, Fraction) and exp.denominator == 1:
        n = int(exp)
        if abs(n) > MAX_EXPONENT:
            raise AnswerFormatError("指数が大きすぎます", "The exponent is too large")
        if isinstance(base, Fraction):
            if base == 0 and n < 0:
                raise AnswerFormatError("0 の負のべき乗は定義されません", "0 to a negative power is undefined")
            # bit lengths, not str(): str() of an int over 4300 digits raises ValueError
            if max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(n) > MAX_BITS:
                raise AnswerFormatError("数が大きすぎます", "The number is too large")
            return base**n
    try:
        b, e = _as_float(base), _as_float(exp)  # an exact 10**400 has no float: OverflowError
        if abs(e) > MAX_EXPONENT:
            raise AnswerFormatError("指数が大きすぎます", "The exponent is too large")
        # float ** float is typed Any: a negative base with a fractional exponent gives a complex number
        value: float | complex = b**e
    except ArithmeticError:  # OverflowError, ZeroDivisionError
        raise AnswerFormatError("計算できない値です", "This value cannot be computed") from None
    if isinstance(value, complex):
        raise AnswerFormatError("実数になりません", "The value is not a real number")
    return value


def _call(name: str, args: list[Number]) -> Number:
    try:
        if name == "sqrt" and len(args) == 1:
            x = args[0]
            if isinstance(x, Fraction) and x >= 0:
                rn, rd = math.isqrt(x.numerator), math.isqrt(x.denominator)
                if rn * rn == x.numerator and rd * rd == x.denominator:
                    return Fraction(rn, rd)
            return math.sqrt(_as_float(x))
        if name == "exp" and len(args) == 1:
            return math.exp(_as_float(args[0]))
        if name in ("ln", "log") and len(args) == 1:
            return math.log(_as_float(args[0]))
        if name == "log" and len(args) == 2:
            return math.log(_as_float(args[0]), _as_float(args[1]))
        if name == "log2" and len(args) == 1:
            return math.log2(_as_float(args[0]))
        if name == "log10" and len(args) == 1:
            return math.log10(_as_float(args[0]))
    except (ValueError, OverflowError, ZeroDivisionError):
        raise AnswerFormatError(f"{name} の引数が範囲外です", f"The argument of {name} is out of range") from None
    raise AnswerFormatError(f"{name} の引数の数が違います", f"Wrong number of arguments for {name}")


TOO_LARGE = ("数が大きすぎます", "The number is too large")
CANNOT_COMPUTE = ("計算できない値です", "This value cannot be computed")


def _bounded(value: Number) -> Number:
    """An exact value kept to about 2000 digits and a float kept finite, so every later step is cheap and safe."""
    if isinstance(value, Fraction):
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_BITS:
            raise AnswerFormatError(*TOO_LARGE)
    elif not math.isfinite(value):
        raise AnswerFormatError(*CANNOT_COMPUTE)
    return value


def _eval(node: ast.AST) -> Number:
    """Evaluate a whitelisted tree; mixing an exact value too large for a float with e, π or a function
    (``10**400 + e``) ends in a format error, never an OverflowError."""
    try:
        return _bounded(_eval_node(node))
    except ArithmeticError:  # OverflowError (Fraction → float), ZeroDivisionError
        raise AnswerFormatError(*CANNOT_COMPUTE) from None


def _eval_node(node: ast.AST) -> Number:
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        if isinstance(node.value, float) and not math.isfinite(node.value):
            raise AnswerFormatError(*NUMBER_HINT)
        return Fraction(node.value) if isinstance(node.value, int) else Fraction(repr(node.value))
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.Pow):
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow):
            return _pow(left, right)
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise AnswerFormatError("0 で割っています", "Division by zero")
            return left / right
        return left + right if isinstance(node.op, ast.Add) else left - right if isinstance(node.op, ast.Sub) else left * right
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords:
        return _call(node.func.id, [_eval(a) for a in node.args])
    raise AnswerFormatError(*NUMBER_HINT)


# a number (not the tail of a name such as log2) or ")" directly followed by a name or "(": "2π", "2(3+1)"
_IMPLICIT_MUL = re.compile(r"((?<![A-Za-z_\d.])\d+(?:\.\d+)?|\))\s*(?=(?:sqrt|exp|ln|log|pi|e(?![-+]?\d)|\())")
_BARE_CALL = re.compile(r"(?<![a-z])(sqrt|exp|ln)\s*(\d+(?:\.\d+)?)")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str) -> Number:
    """One number or small expression → exact ``Fraction`` when possible, else ``float``."""
    _check_size(text, MAX_RAW_EXPRESSION)
    raw = normalize(rewrite_scripts(text))
    _check_size(raw, MAX_EXPRESSION)
    if not raw:
        raise AnswerFormatError(*NUMBER_HINT)
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].strip()
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    raw = raw.replace("^", "**")
    raw = _BARE_CALL.sub(r"\1(\2)", raw)
    raw = re.sub(r"(?<=\d)\s*\*\s*10\s*\*\*\s*", "e", raw) if re.fullmatch(r"[-+]?[\d.]+\s*\*\s*10\s*\*\*\s*[-+]?\d+", raw) else raw
    raw = _IMPLICIT_MUL.sub(r"\1*", raw)
    if any(len(d) > MAX_DIGITS for d in re.findall(r"\d+", raw)):
        raise AnswerFormatError("桁数が多すぎます", "Too many digits")
    try:
        tree = ast.parse(raw, mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        raise AnswerFormatError(*NUMBER_HINT) from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise AnswerFormatError("式が長すぎます", "The expression is too long")
    value = _eval(tree)
    return value / 100 if percent else value


MATRIX_HINT = ("行列は行を ; か改行で、要素を空白かカンマで区切ってください (例: 1 2; 3 4) / JSON も可",
               "Separate rows with ; or new lines and entries with spaces or commas (e.g. 1 2; 3 4), or use JSON")


def parse_matrix(text: str) -> list[list[Number]]:
    """``5 20 3; 10 23 10``, newline-separated rows, or JSON ``[[5,20,3],[10,23,10]]``; a vector is one row."""
    _check_size(text, MAX_TEXT)
    raw = normalize(text)
    _check_size(raw, MAX_TEXT)
    if not raw:
        raise AnswerFormatError(*MATRIX_HINT)
    if raw.startswith("["):
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            raise AnswerFormatError(*MATRIX_HINT) from None
        if isinstance(data, list) and data and not isinstance(data[0], list):
            data = [data]
        if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
            raise AnswerFormatError(*MATRIX_HINT)
        rows_text = [[str(c) for c in r] for r in data]
    else:
        rows_text = []
        for line in re.split(r"[;\n]", raw):
            line = line.strip().strip("[]").strip()
            if line:
                rows_text.append([c for c in re.split(r"[,\s]+", line) if c])
    if not rows_text or sum(len(r) for r in rows_text) > MAX_CELLS:
        raise AnswerFormatError(*MATRIX_HINT)
    try:
        rows = [[parse_number(c) for c in r] for r in rows_text]
    except AnswerFormatError as exc:
        raise AnswerFormatError(f"{exc.ja} — {MATRIX_HINT[0]}", f"{exc.en} — {MATRIX_HINT[1]}") from None
    if len({len(r) for r in rows}) != 1:
        raise AnswerFormatError("行ごとの要素数がそろっていません", "Rows have different numbers of entries")
    return rows


_KATAKANA = "アイウエオカキクケコ"
_HIRAGANA = "あいうえおかきくけこ"


def choice_hint(n: int) -> tuple[str, str]:
    letters = "abcdefghij"[:n]
    return (f"選択肢の記号で答えてください ({letters[0]}–{letters[-1]}、1–{n}、{_KATAKANA[0]}–{_KATAKANA[n - 1]})",
            f"Answer with a choice label ({letters[0]}–{letters[-1]} or 1–{n})")


def parse_choice_label(text: str, n: int) -> int:
    """``a``/``A``/``1``/``ア``/``(b)``/``b)`` → 0-based index, for ``n`` choices."""
    _check_size(text, MAX_LABEL)
    raw = normalize(text).strip("()（）[]「」.) ").lower()  # noqa: B005 - a set of wrapper characters
    if len(raw) == 1:
        if "a" <= raw <= "j":
            idx = ord(raw) - ord("a")
        elif raw.isdigit():
            idx = int(raw) - 1
        elif raw in _KATAKANA:
            idx = _KATAKANA.index(raw)
        elif raw in _HIRAGANA:
            idx = _HIRAGANA.index(raw)
        else:
            idx = -1
        if 0 <= idx < n:
            return idx
    raise AnswerFormatError(*choice_hint(n))


def parse_choice_set(text: str, n: int) -> frozenset[int]:
    """Several labels: ``a,c``, ``a c``, ``ac``, ``1 3``, ``アウ`` → set of 0-based indices."""
    _check_size(text, MAX_LABEL * 10)
    raw = normalize(text)
    _check_size(raw, 100)
    parts = [p for p in re.split(r"[,\s/と]+", raw) if p]
    if len(parts) == 1 and len(parts[0]) > 1:
        parts = list(parts[0])
    if not parts:
        raise AnswerFormatError(*choice_hint(n))
    return frozenset(parse_choice_label(p, n) for p in parts)


_TRUE = {"true", "t", "yes", "y", "o", "○", "〇", "◯", "まる", "正", "正しい", "はい", "1"}
_FALSE = {"false", "f", "no", "n", "x", "×", "✕", "ばつ", "誤", "誤り", "いいえ", "0"}


def parse_truefalse(text: str) -> bool:
    """○/×, 正/誤, true/false, yes/no, はい/いいえ, t/f."""
    _check_size(text, MAX_LABEL)
    raw = unicodedata.normalize("NFKC", text).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise AnswerFormatError("○ か × (正 / 誤、true / false) で答えてください", "Answer true or false (○ / ×, t / f)")


def parse_ordering(text: str, n: int) -> list[int]:
    """An order of ``n`` items by labels: ``b a c``, ``2,1,3``, ``bac``, ``イアウ`` → 0-based indices."""
    _check_size(text, MAX_LABEL * 10)
    raw = normalize(text)
    _check_size(raw, 200)
    parts = [p for p in re.split(r"[,\s>→-]+", raw) if p]
    if len(parts) == 1 and len(parts[0]) == n:
        parts = list(parts[0])
    try:
        order = [parse_choice_label(p, n) for p in parts]
    except AnswerFormatError:
        order = []
    if len(order) != n or len(set(order)) != n:
        raise AnswerFormatError(f"{n} 個の項目をすべて1回ずつ並べてください (例: b a c)",
                                f"List all {n} items once each, in order (e.g. b a c)")
    return order


def normalize_term(text: str) -> str:
    """A term for comparing cloze answers: NFKC, casefolded, without spaces, hyphens or middle dots.
    Length is checked as typed (NFKC can expand one character to 18) and again after normalising."""
    _check_size(text, MAX_TERM)
    raw = unicodedata.normalize("NFKC", text).casefold()
    _check_size(raw, MAX_TERM)
    return re.sub(r"[\s\-_・･.()（）「」]", "", raw)
