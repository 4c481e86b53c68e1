"""Per-family argument parsing for ``dldrill solve`` (one module per solver family)."""
