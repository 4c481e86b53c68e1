"""Checking a progress export before it is merged: the whole file is validated first, so a bad file writes nothing.

Why: an export is a JSON file a learner may edit or receive from elsewhere.  A row with ``answered_at: "x"`` or a
card ``"{}"`` used to be accepted and then crashed every later ``dldrill stats`` or review.  Each row is checked
against the columns of its table (types, required fields, ISO 8601 dates, cards that ``fsrs`` can read).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

#: how many problems the error message lists
SHOWN_PROBLEMS = 5

# column → (kind, required).  kind: "str", "int", "num", "bool01", "date", "json" (JSON text), "card" (FSRS card JSON)
COLUMNS: dict[str, dict[str, tuple[str, bool]]] = {
    "attempts": {"id": ("int", False), "question_id": ("str", True), "seed": ("int", False),
                 "answered_at": ("date", True), "correct": ("bool01", True), "score": ("num", True),
                 "elapsed_ms": ("int", False), "answer": ("str", False), "mistake": ("str", False),
                 "mode": ("str", False), "syllabus": ("str", False), "session_id": ("str", False)},
    "cards": {"card_key": ("str", True), "card_json": ("card", True), "due": ("date", True),
              "updated_at": ("date", True)},
    "settings": {"key": ("str", True), "value": ("json", True)},
    "sessions": {"id": ("str", True), "mode": ("str", True), "started_at": ("date", True),
                 "finished_at": ("date", False), "data": ("str", False)},
    "review_log": {"id": ("int", False), "card_key": ("str", True), "rating": ("int", True),
                   "reviewed_at": ("date", True), "duration_ms": ("int", False)},
}
NOT_NULL_WITH_DEFAULT = {("attempts", "seed"), ("attempts", "elapsed_ms"), ("attempts", "answer"),
                         ("attempts", "mode"), ("attempts", "syllabus"), ("sessions", "data")}


def is_iso_date(value: Any) -> bool:
    """An ISO 8601 date/time string that :func:`datetime.fromisoformat` reads (what the store writes)."""
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _value_problem(table: str, column: str, kind: str, value: Any) -> str | None:
    """Why ``value`` cannot go into ``table.column`` (None when it can)."""
    if kind == "str":
        ok = isinstance(value, str)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "num":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind == "bool01":
        ok = value in (0, 1) and not isinstance(value, float)
    elif kind == "date":
        ok = is_iso_date(value)
    elif kind == "json":
        ok = isinstance(value, str)
        try:
            json.loads(value) if ok else None
        except ValueError:
            ok = False
    else:  # card
        from dldrill.study.scheduler import CardError, load_card

        if not isinstance(value, str):
            return "must be the card's JSON text"
        try:
            load_card(value)
        except CardError as exc:
            return str(exc)
        return None
    if ok:
        return None
    expected = {"str": "a string", "int": "an integer", "num": "a number", "bool01": "0 or 1",
                "date": "an ISO 8601 date", "json": "JSON text"}[kind]
    return f"must be {expected}, not {json.dumps(value, ensure_ascii=False, default=str)[:40]}"


def row_problems(table: str, n: int, row: Any) -> list[str]:
    """Problems of row ``n`` of ``table`` (empty when it can be imported)."""
    where = f"{table}[{n}]"
    if not isinstance(row, dict):
        return [f"{where}: must be an object"]
    columns = COLUMNS[table]
    problems = [f"{where}: unknown column {str(k)[:30]!r}" for k in row if k not in columns]
    for column, (kind, required) in columns.items():
        if column not in row:
            if required:
                problems.append(f"{where}.{column}: missing")
            continue
        value = row[column]
        if value is None:
            if required or (table, column) in NOT_NULL_WITH_DEFAULT:
                problems.append(f"{where}.{column}: must not be null")
            continue
        problem = _value_problem(table, column, kind, value)
        if problem:
            problems.append(f"{where}.{column}: {problem}")
    if table == "review_log" and isinstance(row.get("rating"), int) and not 1 <= row["rating"] <= 4:
        problems.append(f"{where}.rating: must be 1-4")
    return problems


def export_problems(data: Any) -> list[str]:
    """Everything wrong with an export, in file order (empty when the whole file can be imported)."""
    if not isinstance(data, dict):
        return [f"the file must hold a JSON object, not {type(data).__name__}"]
    if data.get("format") != "dldrill-progress":
        return ['not a dldrill progress export (missing "format": "dldrill-progress")']
    problems: list[str] = []
    for table in COLUMNS:
        rows = data.get(table, [])
        if not isinstance(rows, list):
            problems.append(f"'{table}' must be a list")
            continue
        for n, row in enumerate(rows):
            problems += row_problems(table, n, row)
    return problems


def problems_message(problems: list[str]) -> str:
    """One line: how many problems, the first few, and that nothing was written."""
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    more = f" (+{len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
    return (f"取り込めません (問題 {len(problems)} 件、何も書き込んでいません) / invalid progress export, nothing was "
            f"imported ({len(problems)} problem{'s' if len(problems) != 1 else ''}): {shown}{more}")
