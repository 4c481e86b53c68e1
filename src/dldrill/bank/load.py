"""Loading the question bank: find the files, validate each question, locate every problem, cache the result.

The built-in bank (``dldrill/question_bank`` in the wheel, ``question_bank/`` in a checkout) is merged with extra
banks from ``--bank DIR`` and ``$DLDRILL_BANKS``.  Each question is validated on its own, so one broken question
or file is reported (``path:line:col: [id] message``) and skipped while every valid question is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from dldrill.bank.problems import Located, Problem, problems_from_error
from dldrill.bank.yamlsource import ParsedYaml, YamlSyntaxError, gc_paused, locate, parse_yaml

Progress = Callable[[int, int], None]
BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FileResult:
    """What one file validates to, independent of its path (so it can be cached by content)."""

    #: every question with a text id, in file order: (id, line, col of the id, the model or None if invalid)
    entries: tuple[tuple[str, int, int, Any], ...]
    problems: tuple[Located, ...]


@dataclass(frozen=True)
class Location:
    """Where a question is defined."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Bank:
    """The merged, validated bank: questions in file order, every problem found, and where each id lives."""

    questions: tuple[Any, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Any]:
        return {question.id: question for question in self.questions}

    def get(self, question_id: str) -> Any | None:
        """The question with this id, or None."""
        return self.by_id.get(question_id)


def builtin_bank_dir() -> Path | None:
    """The bank shipped with dldrill: package data in a wheel, else the repository's ``question_bank/``."""
    try:
        shipped = resources.files("dldrill").joinpath("question_bank")
        if shipped.is_dir():
            return Path(str(shipped))
    except (ModuleNotFoundError, NotADirectoryError):  # pragma: no cover - odd installs
        pass
    checkout = Path(__file__).resolve().parents[3] / "question_bank"
    return checkout if checkout.is_dir() else None


def extra_bank_dirs(cli_dirs: Sequence[str | Path] = (), environ: Mapping[str, str] | None = None) -> list[Path]:
    """Extra banks: ``--bank DIR`` options first, then ``$DLDRILL_BANKS`` (``os.pathsep``-separated)."""
    env = os.environ if environ is None else environ
    from_env = [part for part in env.get("DLDRILL_BANKS", "").split(os.pathsep) if part.strip()]
    return [Path(d).expanduser() for d in [*cli_dirs, *from_env]]


def bank_files(target: Path) -> list[Path]:
    """The YAML files of a bank: the file itself, or every ``*.yaml``/``*.yml`` under a directory (sorted)."""
    if target.is_file():
        return [target]
    return sorted(
        path for path in target.rglob("*")
        if path.suffix in BANK_SUFFIXES and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(target).parts)
    )


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (short, clickable), else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path.resolve())


def validate_bytes(raw: bytes, generators: Mapping[str, frozenset[str]] | None = None) -> FileResult:
    """Parse and validate one bank file's bytes: every valid question and every problem, located."""
    try:
        parsed = parse_yaml(raw)
    except YamlSyntaxError as exc:
        return FileResult((), ((exc.line, exc.col, "-", exc.message),))
    items, problems = _question_items(parsed)
    from pydantic import ValidationError

    from dldrill.bank.schema import QUESTION_ADAPTER, cross_field_problems

    context = None if generators is None else {"generators": generators}
    yaml_problems: dict[int, list[tuple[int, int, str]]] = {}
    for path, line, col, message in parsed.problems:
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            yaml_problems.setdefault(path[1], []).append((line, col, message))
        else:
            problems.append((line, col, "-", message))
    entries: list[tuple[str, int, int, Any]] = []
    for index, item in items:
        qid = item["id"] if isinstance(item.get("id"), str) and item["id"] else f"questions[{index}]"
        base = ("questions", index)
        found = [(line, col, qid, message) for line, col, message in yaml_problems.get(index, [])]
        question = None
        try:
            question = QUESTION_ADAPTER.validate_python(item, context=context)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                found += problems_from_error(dict(error), parsed.where, parsed.data, base, qid)
            # cross-field rules are model validators, which do not run when a field failed: run them on the raw
            # data so every problem of the question shows in one run (those the model reported are not repeated)
            rules = {"type": "bank_rule", "loc": (), "ctx": {"problems": cross_field_problems(item)}}
            found += [p for p in problems_from_error(rules, parsed.where, parsed.data, base, qid) if p not in found]
        problems += found
        if isinstance(item.get("id"), str):
            (line, col), _ = locate(parsed.where, parsed.data, (*base, "id"))
            entries.append((item["id"], line, col, None if found else question))
    problems.sort(key=lambda p: (p[0], p[1]))
    return FileResult(tuple(entries), tuple(problems))


def _question_items(parsed: ParsedYaml) -> tuple[list[tuple[int, dict[str, Any]]], list[Located]]:
    """The mappings under ``questions:``, and problems with the file's overall shape."""
    data, where = parsed.data, parsed.where
    shape = "a bank file is a mapping with one key, `questions`, holding a list of questions"
    if data is None:
        return [], [(1, 1, "-", f"empty file: {shape}")]
    if not isinstance(data, dict):
        return [], [(where.line, where.col, "-", f"top level is a {type(data).__name__}: {shape}")]
    problems: list[Located] = []
    for key in data:
        if key != "questions":
            (line, col), _ = locate(where, data, (key,))
            problems.append((line, col, "-", f"unknown top-level key `{key}`: {shape}"))
    if "questions" not in data:
        problems.append((where.line, where.col, "-", f"missing `questions`: {shape}"))
        return [], problems
    questions = data["questions"]
    if not isinstance(questions, list):
        (line, col), _ = locate(where, data, ("questions",))
        problems.append((line, col, "-", f"`questions` must be a list of questions, got {type(questions).__name__}"))
        return [], problems
    items: list[tuple[int, dict[str, Any]]] = []
    for index, item in enumerate(questions):
        if isinstance(item, dict):
            items.append((index, item))
        else:
            (line, col), _ = locate(where, data, ("questions", index))
            problems.append((line, col, f"questions[{index}]",
                             f"a question is a mapping of keys (id, type, …), got {type(item).__name__}"))
    return items, problems


def load_files(
    primary: Sequence[Path],
    context: Sequence[Path] = (),
    *,
    generators: Mapping[str, frozenset[str]] | None = None,
    environ: Mapping[str, str] | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Bank:
    """Load and merge banks; problems are reported for ``primary`` only, ``context`` just contributes ids.

    ``context`` is for validating some files on their own while still catching ids that clash with the
    rest of the bank.  The first definition of an id wins; later ones are reported and skipped.
    """
    from dldrill.bank import cache
    from dldrill.generators.registry import known_generators

    table = known_generators() if generators is None else dict(generators)
    directory = cache.cache_dir(environ) if use_cache else None
    validation = cache.validation_key(table)
    problems: list[Problem] = []
    files: list[tuple[Path, bool]] = []
    seen: set[Path] = set()
    for targets, is_primary in ((primary, True), (context, False)):
        for target in targets:
            if not target.exists():
                if is_primary:
                    problems.append(Problem(display_path(target), 1, 1, "-", "no such file or directory"))
                continue
            for path in bank_files(target):
                resolved = path.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    files.append((path, is_primary))
    with gc_paused():  # thousands of small objects that all survive: GC passes would only cost time
        return _merge(files, problems, directory, validation, None if generators is None else table, progress)


def _merge(
    files: list[tuple[Path, bool]], problems: list[Problem], directory: Path | None, validation: bytes,
    generators: Mapping[str, frozenset[str]] | None, progress: Progress | None,
) -> Bank:
    """Validate (or read from the cache) each file in order and merge: first valid definition of an id wins."""
    from dldrill.bank import cache

    questions: list[Any] = []
    locations: dict[str, Location] = {}  # id → where the kept question is
    first_seen: dict[str, tuple[Location, bool]] = {}  # id → its first definition, valid or not, and if primary
    for number, (path, is_primary) in enumerate(files, start=1):
        shown = display_path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            if is_primary:
                problems.append(Problem(shown, 1, 1, "-", f"cannot read the file: {exc.strerror or exc}"))
            continue
        key = cache.entry_key(validation, raw)
        result = cache.read_entry(directory, key)
        if not isinstance(result, FileResult):
            result = validate_bytes(raw, generators)
            cache.write_entry(directory, key, result)
        if is_primary:
            problems += [Problem(shown, line, col, qid, message) for line, col, qid, message in result.problems]
        for qid, line, col, question in result.entries:
            here = Location(shown, line, col)
            if qid in first_seen:
                first, first_is_primary = first_seen[qid]
                if is_primary:
                    problems.append(Problem(shown, line, col, qid, f"duplicate id: already defined at {first}"))
                elif first_is_primary:
                    problems.append(Problem(first.path, first.line, first.col, qid,
                                            f"duplicate id: also defined at {here}"))
            else:
                first_seen[qid] = (here, is_primary)
            if question is not None and qid not in locations:
                # the first *valid* definition is kept, so an invalid earlier copy loses nothing valid
                locations[qid] = here
                questions.append(question)
        if progress is not None:
            progress(number, len(files))
    order = {display_path(path): number for number, (path, _) in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.path, -1), p.line, p.col))
    return Bank(tuple(questions), tuple(problems), tuple(display_path(p) for p, _ in files), locations)


def load_bank(
    extra: Sequence[str | Path] = (),
    *,
    builtin: bool = True,
    environ: Mapping[str, str] | None = None,
    use_cache: bool = True,
    generators: Mapping[str, frozenset[str]] | None = None,
    progress: Progress | None = None,
) -> Bank:
    """The bank the app uses: built-in questions merged with ``--bank`` dirs and ``$DLDRILL_BANKS``."""
    sources: list[Path] = []
    if builtin and (shipped := builtin_bank_dir()) is not None:
        sources.append(shipped)
    sources += extra_bank_dirs(extra, environ)
    return load_files(sources, generators=generators, environ=environ, use_cache=use_cache, progress=progress)
