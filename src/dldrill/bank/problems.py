"""Problems found in bank files, and the translation of Pydantic errors into located, readable problems."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from dldrill.bank.yamlsource import Where, locate


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a bank file, printed as ``path:line:col: [id] message`` (line and col 1-based)."""

    path: str
    line: int
    col: int
    qid: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.qid}] {self.message}"


#: a problem before it is given its file: (line, col, question id or "-", message)
Located = tuple[int, int, str, str]

QUESTION_TAGS = frozenset({"single", "multiple", "truefalse", "cloze", "ordering", "numeric", "free", "generated"})


def _all_field_names() -> list[str]:
    from pydantic import BaseModel

    from dldrill.bank import schema

    names: set[str] = set()
    for value in vars(schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == schema.__name__:
            names.update(value.model_fields)
    return sorted(names)


def dotted(path: tuple[Any, ...]) -> str:
    """``('choices', 2, 'why', 'en')`` → ``choices[2].why.en``."""
    text = ""
    for element in path:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else str(element))
    return text


def _message(error: dict[str, Any], field: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        if field in ("ja", "en"):
            return f"missing {field} text (both ja and en are required)"
        return f"missing required key `{field}`"
    if kind == "extra_forbidden":
        if given is None and not str(field).isidentifier():
            return (f"unknown key `{field}`: a comma inside {{ja: …, en: …}} splits the text there; "
                    "put the text in quotes")
        close = get_close_matches(str(field), _all_field_names(), n=1)
        return f"unknown key `{field}`" + (f" (did you mean `{close[0]}`?)" if close else "")
    if kind == "string_pattern_mismatch":
        if field == "id":
            return f"id {given!r} must be a lowercase ASCII slug such as `cnn-padding-purpose` (a-z 0-9 . _ -)"
        if isinstance(field, int):
            return f"topic {given!r} must be a short lowercase English tag such as `padding`"
        return "text is empty"
    if kind == "string_type":
        if given is None:
            return f"empty {field} text" if field in ("ja", "en") else "value is empty"
        return f"expected text, got {given!r}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if field in ("prompt", "explanation", "text", "why", "model_answer") or isinstance(field, int):
            return f"expected a mapping (e.g. {{ja: …, en: …}}), got {given!r}"
        return f"expected a mapping, got {given!r}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {given!r}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} item(s), has {ctx.get('actual_length')}"
    if kind == "greater_than_equal":
        return f"must be ≥ {ctx.get('ge')}, got {given!r}"
    if kind == "less_than_equal":
        return f"must be ≤ {ctx.get('le')}, got {given!r}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {given!r}"
    if kind == "bool_type":
        return f"expected true or false, got {given!r}"
    if kind == "literal_error":
        return f"got {given!r}; expected {ctx.get('expected')}"
    return str(error.get("msg", kind))


def problems_from_error(
    error: dict[str, Any], where: Where, data: Any, base: tuple[Any, ...], qid: str
) -> list[Located]:
    """Located problems for one Pydantic error of the question at ``base`` in the file's data."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "union_tag_invalid" and not loc:
        (line, col), _ = locate(where, data, (*base, "type"))
        expected = ", ".join(sorted(QUESTION_TAGS))
        return [(line, col, qid, f"type: unknown question type {error['ctx'].get('tag')!r} (expected one of {expected})")]
    if kind == "union_tag_not_found" and not loc:
        (line, col), _ = locate(where, data, base)
        return [(line, col, qid, f"missing required key `type` (one of {', '.join(sorted(QUESTION_TAGS))})")]
    ctx = error.get("ctx") or {}
    if kind == "too_short" and isinstance(error.get("input"), list | tuple) \
            and len(error["input"]) >= ctx.get("min_length", 0):
        return []  # the list is long enough; items that failed are reported on their own
    if kind == "bank_rule" and "problems" in ctx:
        parts = [((*loc, *relative), message) for relative, message in ctx["problems"]]
    else:
        parts = [(loc, None)]
    located: list[Located] = []
    for full_loc, rule_message in parts:
        (line, col), found = locate(where, data, (*base, *full_loc))
        found = found[len(base):]
        last = full_loc[-1] if full_loc else None
        shown = found
        if kind == "missing" and last is not None and (not found or found[-1] != last):
            shown = (*found, last)
        message = rule_message if rule_message is not None else _message(error, last)
        prefix = dotted(shown)
        located.append((line, col, qid, f"{prefix}: {message}" if prefix else message))
    return located
