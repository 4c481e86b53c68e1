"""Importing progress: the whole file is checked before anything is written, an older export never rolls a card
back, and bad rows already in a store do not crash stats or review (issue 6, defect 4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dldrill.study.scheduler import Scheduler
from dldrill.study.stats import compute_stats
from dldrill.study.store import Attempt, Store, StoreError


def export_of(store: Store) -> dict[str, Any]:
    return json.loads(json.dumps(store.export_data()))


def good_export(store: Store) -> dict[str, Any]:
    store.record_attempt(Attempt("q1", True, 1.0, syllabus=["T18"]))
    Scheduler(store, fuzz=False).review("q1", 3)
    return export_of(store)


@pytest.mark.parametrize("data", [[1, 2], "text", 3, None])
def test_a_file_that_is_not_an_object_is_refused(store: Store, data: Any) -> None:
    with pytest.raises(StoreError, match="JSON object"):
        store.import_data(data)


@pytest.mark.parametrize(("table", "column", "value", "named"), [
    ("attempts", "answered_at", "x", "attempts[0].answered_at"),
    ("attempts", "correct", "yes", "attempts[0].correct"),
    ("attempts", "score", None, "attempts[0].score"),
    ("cards", "card_json", "{}", "cards[0].card_json"),
    ("cards", "card_json", "not json", "cards[0].card_json"),
    ("cards", "due", "tomorrow", "cards[0].due"),
    ("review_log", "rating", 9, "review_log[0].rating"),
])
def test_bad_rows_are_named_and_nothing_is_written(store: Store, tmp_path: Any, table: str, column: str, value: Any,
                                                   named: str) -> None:
    source = Store.open(tmp_path / "source.db")
    data = good_export(source)
    source.close()
    data[table][0][column] = value
    data["attempts"].append({**data["attempts"][0], "question_id": "q-good", "answered_at": "2026-01-02T00:00:00+00:00",
                             "correct": 1, "score": 1.0})
    with pytest.raises(StoreError) as info:
        store.import_data(data)
    assert named in str(info.value) and "\n" not in str(info.value)
    assert store.attempts() == [] and store.export_data()["cards"] == []  # the good rows were not written either


def test_many_problems_are_summarised_in_one_line(store: Store) -> None:
    rows = [{"question_id": "q", "answered_at": "x", "correct": 1, "score": 1.0} for _ in range(12)]
    with pytest.raises(StoreError) as info:
        store.import_data({"format": "dldrill-progress", "attempts": rows})
    message = str(info.value)
    assert "12 problems" in message and "(+7 more)" in message and "attempts[4]" in message
    assert "attempts[5]" not in message


def test_an_older_export_does_not_roll_a_card_back(store: Store, tmp_path: Any) -> None:
    day0 = datetime(2026, 1, 1, tzinfo=UTC)
    Scheduler(store, fuzz=False).review("q1", 3, day0)
    old_export = export_of(store)
    Scheduler(store, fuzz=False).review("q1", 3, day0 + timedelta(days=3))  # studied on after exporting
    newer_card = store.card_text("q1")
    counts = store.import_data(old_export)
    assert store.card_text("q1") == newer_card
    assert counts["cards"] == 0  # nothing changed, nothing reported
    # the other way round: a newer export does replace the older schedule, and is counted
    fresh = Store.open(tmp_path / "fresh.db")
    Scheduler(fresh, fuzz=False).review("q1", 3, day0)
    counts = fresh.import_data(export_of(store))
    assert fresh.card_text("q1") == newer_card and counts["cards"] == 1
    fresh.close()


def test_bad_rows_already_in_a_store_are_skipped_with_a_warning(store: Store) -> None:
    store.record_attempt(Attempt("ok", True, 1.0, syllabus=["T18"]))
    store.conn.execute("INSERT INTO attempts (question_id, answered_at, correct, score) VALUES ('bad', 'x', 1, 1.0)")
    store.conn.execute("INSERT INTO cards (card_key, card_json, due, updated_at) VALUES ('broken', '{}', "
                       "'2000-01-01T00:00:00.000+00:00', '2000-01-01T00:00:00+00:00')")
    stats = compute_stats(store)
    assert stats["attempts"] == 1 and stats["by_section"]["T"]["attempts"] == 1
    assert any("attempt" in w for w in stats["warnings"]) and any("broken" in w for w in stats["warnings"])
    scheduler = Scheduler(store, fuzz=False)
    assert scheduler.due() == []  # the unreadable card is not offered for review
    due = scheduler.review("broken", 3)  # answering that question again starts the card afresh
    assert due > datetime(2020, 1, 1, tzinfo=UTC) and json.loads(store.card_text("broken") or "")["card_id"]
