"""Settings: language, desired retention for FSRS and the exam date, saved in the progress store."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, RadioButton, RadioSet

from dldrill.tui.screens.common import bind_keys

RETENTION_RANGE = (0.70, 0.99)


class SettingsScreen(Screen[None]):
    """Edits ``lang``, ``desired_retention`` and ``exam_date`` in the store's settings table."""

    @property
    def dapp(self) -> Any:
        return self.app

    def compose(self) -> ComposeResult:
        t = self.dapp.t
        store = self.dapp.store
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Label(t("settings.lang"), classes="form-label")
            with RadioSet(id="lang"):
                yield RadioButton("日本語", value=self.dapp.lang == "ja", id="lang-ja")
                yield RadioButton("English", value=self.dapp.lang == "en", id="lang-en")
            yield Label(t("settings.retention"), classes="form-label")
            yield Input(value=str(store.setting("desired_retention", 0.9)), id="retention")
            yield Label(t("settings.exam_date"), classes="form-label")
            yield Input(value=str(store.setting("exam_date", "") or ""), placeholder="2026-07-05", id="exam-date")
            yield Button(t("settings.save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        bind_keys(self, self.dapp.lang, [("escape", "home", "key.back"), ("ctrl+s", "save", "key.save")])
        self.query_one(RadioSet).focus()

    def on_button_pressed(self) -> None:
        self.action_save()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Check and store every field; a bad value is named in a notification and nothing is saved."""
        t = self.dapp.t
        store = self.dapp.store
        try:
            retention = float(self.query_one("#retention", Input).value.strip())
        except ValueError:
            retention = -1.0
        if not RETENTION_RANGE[0] <= retention <= RETENTION_RANGE[1]:
            self.notify(t("settings.bad_retention"), severity="error")
            return
        exam_date = self.query_one("#exam-date", Input).value.strip()
        if exam_date:
            try:
                date.fromisoformat(exam_date)
            except ValueError:
                self.notify(t("settings.bad_date"), severity="error")
                return
        lang = "en" if self.query_one("#lang-en", RadioButton).value else "ja"
        store.set_setting("desired_retention", retention)
        store.set_setting("exam_date", exam_date or None)
        store.set_setting("lang", lang)
        changed = lang != self.dapp.lang
        if changed:
            self.dapp.set_language(lang)
        self.app.notify(self.dapp.t("settings.saved"), timeout=2)
        if not changed:
            self.app.pop_screen()

    def action_home(self) -> None:
        self.app.pop_screen()
