"""Shared start-up for study commands: language, bank and progress store, with one-line errors."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class StudyContext:
    lang: str
    bank: Any
    store: Any


def open_context(args: argparse.Namespace, need_store: bool = True) -> StudyContext | None:
    """Load the bank (reporting broken user files on stderr) and open the store; None after an error."""
    from dldrill.bank.load import load_bank
    from dldrill.i18n import detect_lang
    from dldrill.study.store import Store, StoreError

    lang = detect_lang(getattr(args, "lang", None))
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
    return StudyContext(lang, bank, store)
