"""A cache of validated bank files, keyed by the bytes of each file and of everything validation depends on.

Parsing and validating YAML is the slow part of start-up; a file whose bytes are unchanged since the last run
is read back from a pickle instead.  The key also covers the source of every module of ``dldrill.bank``, the
syllabus and the generator registry (names, parameter keys and defaults), so changing any of them invalidates
every entry.  The directory is
``platformdirs.user_cache_dir("dldrill")/bank``, or ``$DLDRILL_CACHE`` (``off`` disables caching).
Entries are written to a temporary name and renamed; an unreadable or corrupt entry is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

CACHE_FORMAT = b"dldrill-bank-cache-1"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where entries live, or None when caching is switched off."""
    env = os.environ if environ is None else environ
    override = env.get("DLDRILL_CACHE")
    if override is not None and override.strip().lower() in ("off", "0", "none", "false"):
        return None
    if override:
        return Path(override) / "bank"
    import platformdirs

    return Path(platformdirs.user_cache_dir("dldrill")) / "bank"


@cache
def _code_fingerprint() -> bytes:
    """Bytes of the modules whose behaviour decides what a file validates to, and the library versions."""
    import pydantic
    import yaml

    from dldrill.bank.syllabus import syllabus_fingerprint

    here = Path(__file__).parent
    generators = here.parent / "generators"
    parts = [CACHE_FORMAT, pydantic.VERSION.encode(), yaml.__version__.encode(), syllabus_fingerprint()]
    # every module of the bank package (a new one, or japanese.py rewriting loaded text, changes what a file
    # loads to) and the generator registry files whose defaults the parameter checks read
    sources = sorted(here.glob("*.py")) + [generators / name for name in ("registry.py", "catalog.py", "base.py")]
    parts += [path.name.encode() + b"\0" + path.read_bytes() for path in sources]
    parts.append(_generator_defaults())
    return hashlib.sha256(b"\0".join(parts)).digest()


def _generator_defaults() -> bytes:
    """The defaults every generator declares: parameter values in the bank are checked against their kinds."""
    from dldrill.generators.catalog import all_specs

    return repr(sorted((name, sorted(spec.defaults.items())) for name, spec in all_specs().items())).encode()


def validation_key(generators: Mapping[str, frozenset[str]]) -> bytes:
    """The part of every entry's key that does not depend on the file: code, syllabus and generator table."""
    table = repr(sorted((name, sorted(keys)) for name, keys in generators.items())).encode()
    return hashlib.sha256(_code_fingerprint() + table).digest()


def entry_key(validation: bytes, raw: bytes) -> str:
    """The name of a file's entry: its bytes plus everything validation depends on."""
    return hashlib.sha256(validation + raw).hexdigest()


def read_entry(directory: Path | None, key: str) -> Any | None:
    """The cached value, or None if absent, unreadable or corrupt."""
    if directory is None:
        return None
    path = directory / f"{key}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file is simply a cache miss
        return None


def write_entry(directory: Path | None, key: str, value: Any) -> None:
    """Store ``value`` atomically (temporary file + rename); failures (read-only disk …) are ignored."""
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, directory / f"{key}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except Exception:  # read-only disk, or a value pickle cannot store (RecursionError …): only a cache miss later
        return
