"""Where each generator lives: name → module.  Modules are imported only when a generator is used
or the bank is validated, so the CLI stays fast."""

from __future__ import annotations

import importlib
from functools import cache

from dldrill.generators.base import GeneratorSpec

#: modules holding generator specs (each exposes ``SPECS``), in display order
GENERATOR_MODULES: tuple[str, ...] = (
    "dldrill.generators.shapes",
    "dldrill.generators.sequence",
    "dldrill.generators.cost",
    "dldrill.generators.cnn",
    "dldrill.generators.activations_losses",
    "dldrill.generators.training",
    "dldrill.generators.evaluation",
    "dldrill.generators.probability",
    "dldrill.generators.reinforcement",
    "dldrill.generators.rectifiers_gradients",
    "dldrill.generators.information_expectation",
    "dldrill.generators.value_updates",
    "dldrill.generators.normalization",
    "dldrill.generators.scaling",
    "dldrill.generators.detection",
)


@cache
def all_specs() -> dict[str, GeneratorSpec]:
    """Every generator by name (modules not written yet are skipped)."""
    specs: dict[str, GeneratorSpec] = {}
    for module_name in GENERATOR_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        for spec in module.SPECS:
            if spec.name in specs:
                raise RuntimeError(f"generator {spec.name} defined twice")
            specs[spec.name] = spec
    return specs


def get_spec(name: str) -> GeneratorSpec:
    """The generator called ``name``; KeyError when unknown."""
    return all_specs()[name]


def param_table() -> dict[str, frozenset[str]]:
    """Generator name → accepted parameter keys, for the bank validator."""
    return {name: spec.param_keys for name, spec in all_specs().items()}
