"""The names of the registered question generators and the parameter keys each accepts.

The bank validator only needs this table, not the generators themselves, so it stays import-light: a
generated question naming a generator that is not here, or a parameter key the generator does not take,
is an authoring error.  Issue 5 fills the table (``GENERATORS`` below or :func:`register_generator`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: generator name → parameter keys it accepts in a question's ``params``
GENERATORS: dict[str, frozenset[str]] = {}


def register_generator(name: str, params: Iterable[str]) -> None:
    """Declare a generator and its parameter keys (re-registering replaces the keys)."""
    GENERATORS[name] = frozenset(params)


def unregister_generator(name: str) -> None:
    """Remove a generator; for tests that register a temporary one."""
    GENERATORS.pop(name, None)


def known_generators() -> dict[str, frozenset[str]]:
    """A copy of the table: generator name → allowed parameter keys (the catalog's generators plus any registered)."""
    from dldrill.generators.catalog import param_table

    return {**param_table(), **GENERATORS}


def param_defaults(name: str) -> Mapping[str, Any] | None:
    """The defaults of a catalogued generator (their kinds decide which values a question's params may hold),
    or None for a name that is only registered here."""
    from dldrill.generators.catalog import all_specs

    spec = all_specs().get(name)
    return None if spec is None else spec.defaults
