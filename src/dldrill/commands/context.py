"""Shared start-up for study commands: language, bank and progress store, with one-line errors."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class StudyContext:
    lang: str
    bank: Any
    store: Any


def resolve_lang(explicit: str | None, store: Any) -> str:
    """The language of a command: ``--lang``, then the language saved in Settings, then ``DLDRILL_LANG``/the locale.

    The same order as the app (``DldrillApp._resolve_lang``), so ``--plain`` and ``stats`` speak what the learner chose.
    """
    from dldrill.i18n import LANGS, detect_lang

    if explicit in LANGS:
        return str(explicit)
    try:
        saved = store.setting("lang") if store is not None else None
    except (ValueError, TypeError, sqlite3.Error):  # an unreadable setting is no reason to fail a command
        saved = None
    return str(saved) if saved in LANGS else detect_lang(None)


def open_context(args: argparse.Namespace, need_store: bool = True) -> StudyContext | None:
    """Load the bank (reporting broken user files on stderr) and open the store; None after an error."""
    from dldrill.bank.load import load_bank
    from dldrill.study.store import Store, StoreError

    bank = load_bank(getattr(args, "bank", None) or ())
    if bank.problems:
        shown = bank.problems[:5]
        for problem in shown:
            sys.stderr.write(f"{problem}\n")
        more = len(bank.problems) - len(shown)
        note = f" (+{more} more; run 'dldrill bank validate')" if more > 0 else ""
        sys.stderr.write(f"dldrill: skipped invalid questions{note}\n")
    store = None
    if need_store:
        try:
            store = Store.open()
        except StoreError as exc:
            sys.stderr.write(f"dldrill: {exc}\n")
            return None
        if store.notice:
            sys.stderr.write(store.notice + "\n")
    return StudyContext(resolve_lang(getattr(args, "lang", None), store), bank, store)
