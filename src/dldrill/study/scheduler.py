"""Spaced review with FSRS (the ``fsrs`` package): one card per static question and one per generated
template (each review draws a fresh variant), ratings derived from how the answer went."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dldrill.study.store import Store

if TYPE_CHECKING:
    import fsrs

#: seconds a typical answer takes, per answer kind: faster than half of it is "easy", slower than twice "hard"
EXPECTED_SECONDS = {"choice": 30, "multiple": 45, "truefalse": 20, "cloze": 45, "ordering": 60, "number": 90,
                    "matrix": 180, "free": 120}
SELF_GRADES = {"again": 1, "hard": 2, "good": 3, "easy": 4}


def derive_rating(correct: bool, score: float, elapsed_s: float, kind: str, self_grade: str | None = None) -> int:
    """FSRS rating 1–4 (Again, Hard, Good, Easy).

    A self-grade (free response) is taken as given.  Otherwise: wrong → Again; partly right or slow
    (more than twice the usual time) → Hard; quick (under half the usual time) → Easy; else Good.
    """
    if self_grade is not None:
        return SELF_GRADES[self_grade]
    if not correct:
        return 1
    expected = EXPECTED_SECONDS.get(kind, 60)
    if score < 1.0 or elapsed_s > 2 * expected:
        return 2
    if elapsed_s < expected / 2:
        return 4
    return 3


class CardError(ValueError):
    """A stored or imported card that ``fsrs`` cannot use (a hand-edited file, a bad import)."""


def load_card(data: Any) -> fsrs.Card:
    """An ``fsrs.Card`` from its stored form (JSON text or the dict ``Card.to_dict`` wrote); :class:`CardError` when
    it is not one: missing keys, wrong types, dates that are not ISO 8601 with a time zone."""
    import fsrs

    try:
        if isinstance(data, str):
            data = json.loads(data)
        if not isinstance(data, dict):
            raise CardError("a card must be a JSON object")
        step = data.get("step")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
            raise CardError("card 'step' must be an integer or null")
        card = fsrs.Card.from_dict(data)  # type: ignore[arg-type]
    except CardError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CardError(f"not an FSRS card: {type(exc).__name__} {exc}") from None
    for name in ("due", "last_review"):
        when = getattr(card, name)
        if when is not None and when.tzinfo is None:
            raise CardError(f"card '{name}' has no time zone")
    return card


@dataclass
class Scheduler:
    """FSRS over the store's card table.  A card the store holds but ``fsrs`` cannot read is skipped by :meth:`due`
    and replaced by a fresh card when that question is answered again; ``warnings`` says which."""

    store: Store
    desired_retention: float = 0.9
    fuzz: bool = True
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_settings(cls, store: Store) -> Scheduler:
        """The scheduler with the learner's desired retention from Settings (0.9 when never set), so practice,
        review, exams and paper worksheets all schedule alike."""
        try:
            retention = float(store.setting("desired_retention", 0.9))
        except (TypeError, ValueError):
            retention = 0.9
        return cls(store, desired_retention=retention if 0.7 <= retention <= 0.99 else 0.9)

    def _fsrs(self) -> fsrs.Scheduler:
        import fsrs

        return fsrs.Scheduler(desired_retention=self.desired_retention, enable_fuzzing=self.fuzz)

    def review(self, card_key: str, rating: int, when: datetime | None = None, duration_ms: int | None = None) -> datetime:
        """Apply one review to the card (created on first sight) and return its next due time.

        The read-modify-write happens inside one ``BEGIN IMMEDIATE`` transaction so a second running
        instance cannot interleave and lose this review.
        """
        import fsrs

        when = when or datetime.now(UTC)
        with self.store.transaction() as conn:
            row = conn.execute("SELECT card_json FROM cards WHERE card_key = ?", (card_key,)).fetchone()
            card = fsrs.Card(due=when)
            if row is not None:
                try:
                    card = load_card(row[0])
                except CardError as exc:
                    self.warnings.append(f"card {card_key}: {exc}; started afresh")
            card, _log = self._fsrs().review_card(card, fsrs.Rating(rating), review_datetime=when, review_duration=duration_ms)
            data = card.to_dict()
            due = card.due.astimezone(UTC).isoformat(timespec="milliseconds")
            conn.execute("INSERT INTO cards (card_key, card_json, due, updated_at) VALUES (?,?,?,?) ON CONFLICT(card_key)"
                         " DO UPDATE SET card_json = excluded.card_json, due = excluded.due, updated_at = excluded.updated_at",
                         (card_key, json.dumps(data), due, when.isoformat()))
            conn.execute("INSERT INTO review_log (card_key, rating, reviewed_at, duration_ms) VALUES (?,?,?,?)",
                         (card_key, rating, when.isoformat(), duration_ms))
        return card.due

    def due(self, when: datetime | None = None) -> list[str]:
        """Keys of the cards due by ``when``, most overdue first; unreadable cards are left out (with a warning)."""
        when = when or datetime.now(UTC)
        keys = self.store.due_cards(when.astimezone(UTC).isoformat(timespec="milliseconds"))
        good = []
        for key in keys:
            try:
                load_card(self.store.card_text(key))
            except CardError as exc:
                message = f"skipped card {key}: {exc}"
                if message not in self.warnings:
                    self.warnings.append(message)
                continue
            good.append(key)
        return good

    def due_count(self, when: datetime | None = None) -> int:
        return len(self.due(when))

    def retrievability(self, card_key: str, when: datetime | None = None) -> float | None:
        """Estimated probability of recalling the card now (None for a card never reviewed)."""

        text = self.store.card_text(card_key)
        if text is None:
            return None
        try:
            card = load_card(text)
        except CardError:
            return None
        return float(self._fsrs().get_card_retrievability(card, current_datetime=when or datetime.now(UTC)))

    def due_within(self, days: int) -> int:
        return len(self.due(datetime.now(UTC) + timedelta(days=days)))
