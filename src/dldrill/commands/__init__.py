"""One module per CLI command; each exposes ``run_command(name, argv) -> int``."""
