"""The --plain prompt loop: ``:n`` on a question that is not generated, per-question state (issue 6, defect 3)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from rich.console import Console

from dldrill.plain_session import NOT_GENERATED, run_plain
from dldrill.study.session import SessionEngine
from dldrill.study.store import Store


def reader(lines: list[str]) -> Any:
    feed: Iterator[str] = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read


def static_engine(questions: list[Any], store: Store) -> SessionEngine:
    chosen = [q for q in questions if q.id in ("t-single-1", "t-single-2")]
    return SessionEngine(store, [(q, 1) for q in chosen], "practice")


def test_n_on_a_static_first_question_asks_it_again(questions: list[Any], store: Store) -> None:
    engine = static_engine(questions, store)
    out = io.StringIO()
    key = engine.items[0].presented.answer_text("en")
    summary = run_plain(engine, "en", Console(file=out, width=100), reader([":n", key, ":q"]))
    assert summary == {"answered": 1, "correct": 1}
    assert NOT_GENERATED["en"] in out.getvalue()
    assert [r["question_id"] for r in store.attempts()] == ["t-single-1"]


def test_n_later_does_not_replay_the_previous_feedback(questions: list[Any], store: Store) -> None:
    engine = static_engine(questions, store)
    out = io.StringIO()
    key = engine.items[0].presented.answer_text("en")
    summary = run_plain(engine, "en", Console(file=out, width=100), reader([key, ":n", ":q"]))
    assert summary == {"answered": 1, "correct": 1}  # the :n on question 2 is not a second answer
    assert len(store.attempts()) == 1
    assert out.getvalue().count(NOT_GENERATED["en"]) == 1


def test_n_on_a_generated_question_gives_a_fresh_variant(questions: list[Any], store: Store) -> None:
    gen = next(q for q in questions if q.id == "t-gen")
    engine = SessionEngine(store, [(gen, 7)], "practice")
    out = io.StringIO()
    run_plain(engine, "en", Console(file=out, width=100), reader([":n", ":q"]))
    assert NOT_GENERATED["en"] not in out.getvalue()
    assert len(engine.items) == 2 and engine.items[1].seed != 7 and store.attempts() == []
