"""YAML safe loading through one shim (libyaml when present) that keeps the line and column of every node.

Only plain data comes out: str, int, float, bool, None, dates, lists and dicts, resolved exactly as
``yaml.safe_load`` resolves them (same implicit-type rules).  Beside the data we build a light "where" tree with
the position of every node and mapping key, so a validation error's ``loc`` can be mapped back to a line.
We drive the event stream ourselves instead of composing nodes: it is several times faster than
``yaml.load`` on large files and lets us report duplicate keys, which ``safe_load`` silently overwrites.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

#: the fastest safe loader available: libyaml's parser when PyYAML was built with it
SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_IMPLICIT = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_COLLECTION_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}
#: lists/mappings inside each other: a question needs a handful of levels; far deeper data (1000-deep lists) only
#: makes pickling, JSON output and validation recurse until Python's recursion limit
MAX_DEPTH = 50
#: nodes that aliases may add to one file: anchors are for sharing a few keys, and a "billion laughs" alias bomb
#: (aliases of aliases of …) would otherwise expand to ~10^9 nodes when the data is printed or dumped
MAX_ALIAS_NODES = 10_000


class YamlSyntaxError(Exception):
    """The file is not YAML we accept; ``line``/``col`` are 1-based."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


@dataclass(eq=False)
class Where:
    """Position of one node (1-based); for a mapping value, also the position of its key."""

    line: int
    col: int
    key_line: int = 0
    key_col: int = 0
    children: dict[Any, Where] | list[Where] | None = None

    @property
    def position(self) -> tuple[int, int]:
        """Where to point a reader: the key of a mapping entry, else the node itself."""
        return (self.key_line, self.key_col) if self.key_line else (self.line, self.col)


@dataclass
class ParsedYaml:
    """The data of one YAML document, the where-tree beside it, and problems found while reading."""

    data: Any
    where: Where
    #: (path inside the data, line, col, message), e.g. a duplicated key
    problems: list[tuple[tuple[Any, ...], int, int, str]] = field(default_factory=list)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building many small objects that all survive: its passes would only cost time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _resolve_plain(value: str) -> Any:
    for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
        if regexp.match(value):
            if tag == f"{_TAG}merge":
                return _MergeKey()
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
    return value


class _MergeKey:
    """The ``<<`` key of a YAML merge, applied when its mapping ends."""

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MergeKey)


def _scalar(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        return _resolve_plain(event.value) if tag is None and event.implicit[0] else event.value
    if tag not in _SCALAR_TAGS:
        raise YamlSyntaxError(event.start_mark.line + 1, event.start_mark.column + 1,
                              f"unsupported YAML tag {tag!r} (bank files hold plain data only)")
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, event.value))


def parse_yaml(raw: bytes, name: str = "<bank>") -> ParsedYaml:
    """Parse one YAML document into data plus positions; raises :class:`YamlSyntaxError`."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlSyntaxError(line, col, "the file is not UTF-8 text") from None
    try:
        with gc_paused():
            return _build(raw, name)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        context_mark = getattr(exc, "context_mark", None)
        where = f" ({context} at line {context_mark.line + 1})" if context and context_mark is not None else ""
        raise YamlSyntaxError(line, col, f"YAML syntax error: {problem}{where}") from None


def _build(raw: bytes, name: str) -> ParsedYaml:
    loader = SafeLoader(raw)
    try:
        return _build_events(loader)
    finally:
        loader.dispose()


def _build_events(loader: Any) -> ParsedYaml:
    get_event = loader.get_event
    problems: list[tuple[tuple[Any, ...], int, int, str]] = []
    #: anchor → (value, where, nodes in it with aliases expanded, nesting height); size None while still open
    anchors: dict[str, tuple[Any, Where, int | None, int]] = {}
    # a frame: [container, where, pending key or _NO_KEY, key where, path of the container, is flow style,
    #           anchor or None, nodes below (aliases expanded), height below]
    stack: list[list[Any]] = []
    root: Any = None
    root_where = Where(1, 1)
    documents = 0
    flow_depth = 0  # inside {…} / […]
    alias_nodes = 0  # nodes added by aliases so far in this file
    refused: set[tuple[Any, ...]] = set()  # questions (path prefixes) already told about a refused alias
    while True:
        event = get_event()
        kind = type(event)
        size, height = 1, 0
        if kind is ScalarEvent:
            mark = event.start_mark
            value = _scalar(event)
            where = Where(mark.line + 1, mark.column + 1)
            if flow_depth and not event.style and "?" in event.value:
                problems.append((_child_path(stack), where.line, where.col, _QUESTION_MARK))
            if event.anchor:
                anchors[event.anchor] = (value, where, 1, 0)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag not in _COLLECTION_TAGS:
                raise YamlSyntaxError(event.start_mark.line + 1, event.start_mark.column + 1,
                                      f"unsupported YAML tag {event.tag!r} (bank files hold plain data only)")
            mark = event.start_mark
            if len(stack) >= MAX_DEPTH:
                value, where = None, Where(mark.line + 1, mark.column + 1)
                path = _child_path(stack)
                if path[:2] not in refused:  # once per question: the rest is the same story
                    refused.add(path[:2])
                    problems.append((path, where.line, where.col, _TOO_DEEP))
                if event.anchor:
                    anchors[event.anchor] = (None, where, 1, 0)
                _skip_collection(get_event, anchors, where)
            else:
                is_map = kind is MappingStartEvent
                container: Any = {} if is_map else []
                where = Where(mark.line + 1, mark.column + 1, children={} if is_map else [])
                if event.anchor:
                    anchors[event.anchor] = (container, where, None, 0)
                path = _child_path(stack)
                stack.append([container, where, _NO_KEY, None, path, bool(event.flow_style), event.anchor, 0, 0])
                flow_depth += bool(event.flow_style)
                continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, where, _, _, path, in_flow, anchor, below, below_height = stack.pop()
            flow_depth -= in_flow
            if kind is MappingEndEvent and _MergeKey() in container:
                _apply_merge(container, where, path, problems)
            value = container
            size, height = below + 1, below_height + 1
            if anchor is not None:
                anchors[anchor] = (container, where, size, height)
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise YamlSyntaxError(event.start_mark.line + 1, event.start_mark.column + 1,
                                      f"unknown alias *{event.anchor}")
            value, target, size_or_open, height = anchors[event.anchor]
            mark = event.start_mark
            where = Where(mark.line + 1, mark.column + 1, children=target.children)
            refusal = _refuse_alias(event.anchor, size_or_open, height, len(stack), alias_nodes)
            if refusal is not None:
                path = _child_path(stack)
                if path[:2] not in refused:
                    refused.add(path[:2])
                    problems.append((path, where.line, where.col, refusal))
                value, where, size, height = None, Where(where.line, where.col), 1, 0
            else:
                assert size_or_open is not None, "an open anchor is refused above"
                size = size_or_open
                alias_nodes += size
        elif kind is StreamEndEvent:
            break
        else:  # stream/document start and end
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlSyntaxError(mark.line + 1, mark.column + 1,
                                          "a bank file holds one YAML document (remove the second '---')")
            continue
        if not stack:
            root, root_where = value, where
            continue
        frame = stack[-1]
        frame[7] += size
        frame[8] = max(frame[8], height)
        parent = frame[0]
        if type(parent) is list:
            parent.append(value)
            frame[1].children.append(where)
        elif frame[2] is _NO_KEY:
            frame[2], frame[3] = value, where
        else:
            key, key_where = frame[2], frame[3]
            frame[2] = _NO_KEY
            try:
                hash(key)
            except TypeError:
                problems.append((frame[4], key_where.line, key_where.col, "a mapping key must be plain text"))
                key = repr(key)
            if key in parent and not isinstance(key, _MergeKey):
                problems.append(((*frame[4], key), key_where.line, key_where.col,
                                 f"duplicate key `{key}` (first at line {frame[1].children[key].position[0]})"))
                continue
            parent[key] = value
            where.key_line, where.key_col = key_where.line, key_where.col
            frame[1].children[key] = where
    return ParsedYaml(root, root_where, problems)


_TOO_DEEP = (f"lists/mappings nested more than {MAX_DEPTH} levels deep; a question needs only a few levels "
             "(the part below is left out)")


def _skip_collection(get_event: Any, anchors: dict[str, tuple[Any, Where, int | None, int]], where: Where) -> None:
    """Read past a collection that is nested too deeply, without building it (its start event is consumed)."""
    depth = 1
    while depth:
        event = get_event()
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        elif kind is StreamEndEvent:  # pragma: no cover - the parser reports an unclosed collection first
            return
        anchor = getattr(event, "anchor", None)
        if anchor and kind is not AliasEvent:
            anchors[anchor] = (None, where, 1, 0)  # a later alias to it gets the same "left out" value


def _refuse_alias(anchor: str, size: int | None, height: int, depth: int, alias_nodes: int) -> str | None:
    """Why an alias may not be expanded here (cycle, nesting, alias bomb), or None when it may."""
    if size is None:
        return f"alias *{anchor} refers to a list/mapping that contains it (a cycle); bank data must be a tree"
    if depth + height > MAX_DEPTH:
        return _TOO_DEEP.replace(" (the part below is left out)", f" once alias *{anchor} is expanded")
    if alias_nodes + size > MAX_ALIAS_NODES:
        return (f"aliases expand to more than {MAX_ALIAS_NODES:,} values in this file (at *{anchor}); "
                "an alias bomb? Write the data out instead")
    return None


_NO_KEY = object()
#: libyaml accepts an unquoted "?" inside {…}, PyYAML's pure-Python parser (used where libyaml is missing) does not
_QUESTION_MARK = ("quote this text: an unquoted `?` inside {…} or […] is not portable YAML "
                  "(PyYAML without libyaml rejects it)")


def _child_path(stack: list[list[Any]]) -> tuple[Any, ...]:
    """Path of the node about to be added to the innermost container."""
    if not stack:
        return ()
    frame = stack[-1]
    if type(frame[0]) is list:
        return (*frame[4], len(frame[0]))
    return (*frame[4], frame[2]) if frame[2] is not _NO_KEY else frame[4]


def _apply_merge(mapping: dict[Any, Any], where: Where, path: tuple[Any, ...],
                 problems: list[tuple[tuple[Any, ...], int, int, str]]) -> None:
    """YAML ``<<: *base`` merges: keys of the merged mapping(s) that the mapping does not set itself."""
    children = where.children
    assert isinstance(children, dict), "a mapping's where-node holds its children by key"
    merge_where = children.pop(_MergeKey())
    sources = mapping.pop(_MergeKey())
    if isinstance(sources, list):
        assert isinstance(merge_where.children, list), "a sequence's where-node holds its children in a list"
        sources_where = merge_where.children
    else:
        sources_where = [merge_where]
    for source, source_where in zip(sources if isinstance(sources, list) else [sources], sources_where, strict=False):
        if not isinstance(source, dict):
            problems.append((path, merge_where.line, merge_where.col, "`<<` must merge a mapping"))
            continue
        for key, value in source.items():
            if key not in mapping:
                mapping[key] = value
                child = source_where.children.get(key) if isinstance(source_where.children, dict) else None
                children[key] = child or merge_where


def locate(where: Where, data: Any, loc: tuple[Any, ...]) -> tuple[tuple[int, int], tuple[Any, ...]]:
    """The position best matching ``loc`` and the part of ``loc`` that exists in the data.

    Elements that are not keys/indices of the data (the tags pydantic inserts for discriminated unions) are
    skipped; when a key is missing, the nearest existing ancestor is used.
    """
    found: list[Any] = []
    position = where.position
    for element in loc:
        children = where.children
        if isinstance(children, dict) and isinstance(data, dict):
            if element in children and element in data:
                where, data = children[element], data[element]
            elif isinstance(element, str):
                continue  # a union tag, or a missing key: stay on the parent
            else:
                break
        elif isinstance(children, list) and isinstance(data, list) and isinstance(element, int) \
                and 0 <= element < len(children):
            where, data = children[element], data[element]
        else:
            if isinstance(element, str) and not isinstance(data, dict | list):
                continue
            break
        found.append(element)
        position = where.position
    return position, tuple(found)
