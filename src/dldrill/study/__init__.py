"""The study engine: progress store (SQLite), FSRS scheduler and the session engine; no UI imports."""
