"""``python -m dldrill`` runs the CLI."""

from dldrill.cli import main

raise SystemExit(main())
