"""Japanese text as authors write it versus as terminals wrap it.

Terminal renderers (Rich, Textual) break lines only at spaces and fold a run without spaces at the screen edge.
Japanese has no spaces between words, so two habits of authors make ragged screens: wrapping a long line in the
YAML file (Markdown turns the wrap into a space mid-sentence), and putting a space between a Japanese character
and a Latin word or number (``CNN の層``), which gives the renderer a break point that leaves half-empty lines.
Both are normalised when the bank is loaded: Japanese typography needs neither.
"""

from __future__ import annotations

import re

_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SOFT_BREAK = re.compile(rf"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")
# a space with a Japanese character on one side and a plain character on the other; never next to Markdown
# emphasis or code markers, never the space after a list/heading/quote marker at the start of a line
_PLAIN = r"[^\s*_`|#>\-+]"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}]) (?={_PLAIN})|(?<={_PLAIN}) (?=[{_CJK}])")
_LINE_MARKER = re.compile(r"^(\s*(?:[-*+]|\d+[.)]|#+|>)) ", re.MULTILINE)
_OPERATOR = r"[=+\-−×·/<>≈≤≥→]"
_LATIN_TOKEN = rf"[^\s{_CJK}]+"
_FORMULA_BEFORE = re.compile(rf"{_OPERATOR} ?{_LATIN_TOKEN}$")
_FORMULA_AFTER = re.compile(rf"^{_LATIN_TOKEN} ?{_OPERATOR}")


def _outside_code(text: str, transform: object) -> str:
    parts = text.split("```")
    parts[::2] = [transform(part) for part in parts[::2]]  # type: ignore[operator]
    return "```".join(parts)


def join_cjk_soft_breaks(text: str) -> str:
    """Remove single line breaks between two CJK characters (outside ``` code fences)."""
    if "\n" not in text:
        return text
    return _outside_code(text, lambda part: _SOFT_BREAK.sub("", part))


def tighten_cjk_spaces(text: str) -> str:
    """Remove ASCII spaces between a CJK character and a Latin word or number (outside code fences)."""
    if " " not in text:
        return text

    def keep(match: re.Match[str]) -> str:
        """Keep the space beside a formula (``値 y = Wx + b を``): there it separates maths from prose."""
        before, after = match.string[:match.start()], match.string[match.end():]
        if _FORMULA_BEFORE.search(before) or _FORMULA_AFTER.match(after):
            return " "
        return ""

    def tighten(part: str) -> str:
        # protect the space that ends a Markdown line marker ("- 項目", "1. 手順") before tightening
        protected = _LINE_MARKER.sub(lambda m: m.group(1) + "\0", part)
        return _SPACE_BY_CJK.sub(keep, protected).replace("\0", " ")

    return _outside_code(text, tighten)


def normalize_japanese(text: str) -> str:
    """Both normalisations, for a Japanese text field of the bank."""
    return tighten_cjk_spaces(join_cjk_soft_breaks(text))


def for_display(text: str, lang: str) -> str:
    """Text the program itself writes (solver steps, generated prompts), normalised like bank text when Japanese."""
    return normalize_japanese(text) if lang == "ja" else text
