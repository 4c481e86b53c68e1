"""Which language to speak, and the UI string catalog in Japanese and English.

The language comes from ``--lang``, then ``DLDRILL_LANG``, then the locale (``ja_*`` → Japanese,
another explicit language → English); with no locale at all (``C``/``POSIX``) we fall back to
Japanese, the project's default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("ja", "en")


def detect_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Resolve the UI language: explicit choice, ``DLDRILL_LANG``, locale, then Japanese."""
    env = os.environ if environ is None else environ
    if explicit in LANGS:
        return explicit
    forced = env.get("DLDRILL_LANG", "")
    if forced in LANGS:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        if value.lower().startswith("ja"):
            return "ja"
        if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
            return "ja"
        return "en"
    return "ja"


def pick(text: Mapping[str, str] | object, lang: str) -> str:
    """The ``lang`` side of a ``{ja, en}`` mapping or a ``Bilingual``; falls back to the other side."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or text.get("ja") or text.get("en") or "")
    value = getattr(text, lang, None) or getattr(text, "ja", "")
    return str(value)
