"""Spaced review with FSRS (the ``fsrs`` package): one card per static question and one per generated
template (each review draws a fresh variant), ratings derived from how the answer went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

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


@dataclass
class Scheduler:
    """FSRS over the store's card table."""

    store: Store
    desired_retention: float = 0.9
    fuzz: bool = True

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
            import json

            card = fsrs.Card.from_dict(json.loads(row[0])) if row else fsrs.Card(due=when)
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
        when = when or datetime.now(UTC)
        return self.store.due_cards(when.astimezone(UTC).isoformat(timespec="milliseconds"))

    def due_count(self, when: datetime | None = None) -> int:
        return len(self.due(when))

    def retrievability(self, card_key: str, when: datetime | None = None) -> float | None:
        """Estimated probability of recalling the card now (None for a card never reviewed)."""
        import fsrs

        data = self.store.card(card_key)
        if data is None:
            return None
        return float(self._fsrs().get_card_retrievability(fsrs.Card.from_dict(data), current_datetime=when or datetime.now(UTC)))

    def due_within(self, days: int) -> int:
        return len(self.due(datetime.now(UTC) + timedelta(days=days)))
