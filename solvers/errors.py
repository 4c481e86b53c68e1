"""The one exception type solvers raise for input a user can get wrong."""

from __future__ import annotations


class SolverError(ValueError):
    """Invalid input to a solver, with a message fit to show a learner as-is.

    ``message_ja`` carries the Japanese wording when the solver provides one; the English
    ``str(exc)`` is always present.  The CLI prints one line and exits with status 2.
    """

    def __init__(self, message: str, message_ja: str | None = None) -> None:
        super().__init__(message)
        self.message_en = message
        self.message_ja = message_ja or message

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ("ja" or "en")."""
        return self.message_ja if lang == "ja" else self.message_en
