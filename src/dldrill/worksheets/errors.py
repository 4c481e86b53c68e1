"""The one error a worksheet user can cause (bad code, changed bank, no font …), carried in both languages."""

from __future__ import annotations


class WorksheetError(Exception):
    """A problem the user can fix; the CLI prints :meth:`message` on one line and exits with status 2."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(f"{ja} / {en}")
        self.ja = ja
        self.en = en

    def message(self, lang: str) -> str:
        """Both languages, the chosen one first, so a learner reading either understands the fix."""
        return f"{self.en} / {self.ja}" if lang == "en" else f"{self.ja} / {self.en}"
