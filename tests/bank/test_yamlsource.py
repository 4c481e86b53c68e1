"""The YAML shim gives the same data as ``yaml.safe_load`` and the same positions as PyYAML's composer."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from dldrill.bank.yamlsource import Where, YamlSyntaxError, locate, parse_yaml

DOCUMENTS = [
    "questions: []\n",
    "a: 1\nb: -2\nc: 0x1F\nd: 1_000\ne: 3.5\nf: 1e-3\ng: 1.0e-3\nh: .inf\ni: ~\nj: null\nk: yes\nl: No\nm: off\n",
    "a: '1'\nb: \"true\"\nc: !!str 12\nd: !!int '7'\ne: 2024-01-01\nf: 2024-01-01 10:00:00\n",
    "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\nempty:\n",
    "- {ja: あ, en: a}\n- [1, [2, 3], {x: y}]\n- ja: い\n  en: b\n",
    "base: &b {x: 1, y: [1, 2]}\nother:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n",
    "# comment only\n",
    "",
    "questions:\n  - id: q1\n    prompt:\n      ja: \"{{1}} と {{2}}\"\n      en: '{{1}} and {{2}}'\n",
    "k: 1:30\nv: 0o17\nw: 017\nz: +12\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_data_equals_safe_load(text: str) -> None:
    assert parse_yaml(text.encode()).data == yaml.safe_load(text)


def _positions_from_composer(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], tuple[int, int]],
                             key_mark: yaml.Mark | None = None) -> None:
    mark = key_mark or node.start_mark
    out[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.tag.endswith(":merge"):
                continue
            _positions_from_composer(value, (*path, yaml.safe_load(key.value) if key.style is None else key.value),
                                     out, key.start_mark)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _positions_from_composer(value, (*path, index), out)


def _positions_from_where(where: Where, path: tuple[Any, ...], out: dict[tuple[Any, ...], tuple[int, int]]) -> None:
    out[path] = where.position
    if isinstance(where.children, dict):
        for key, child in where.children.items():
            _positions_from_where(child, (*path, key), out)
    elif isinstance(where.children, list):
        for index, child in enumerate(where.children):
            _positions_from_where(child, (*path, index), out)


@pytest.mark.parametrize("text", [d for d in DOCUMENTS if yaml.safe_load(d) is not None and "*b" not in d])
def test_positions_equal_pyyaml_marks(text: str) -> None:
    expected: dict[tuple[Any, ...], tuple[int, int]] = {}
    _positions_from_composer(yaml.compose(text, Loader=yaml.SafeLoader), (), expected)
    found: dict[tuple[Any, ...], tuple[int, int]] = {}
    _positions_from_where(parse_yaml(text.encode()).where, (), found)
    assert found == expected


def test_duplicate_key_is_reported_with_its_line() -> None:
    parsed = parse_yaml(b"questions:\n  - id: a\n    answer: 0\n    answer: 1\n")
    assert parsed.problems == [(("questions", 0, "answer"), 4, 5, "duplicate key `answer` (first at line 3)")]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    (b"a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
    (b"a: 1\n\tb: 2\n", 2, "YAML syntax error"),
    (b"a: !!python/object:os.system {}\n", 1, "unsupported YAML tag"),
    (b"a: *nowhere\n", 1, "unknown alias"),
    (b"a: 1\n---\nb: 2\n", 2, "one YAML document"),
    (b"a: ok\nb: \xff\xfe\n", 2, "not UTF-8"),
])
def test_syntax_errors_have_lines(text: bytes, line: int, fragment: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_locate_skips_union_tags_and_stops_at_missing_keys() -> None:
    parsed = parse_yaml(b"questions:\n  - id: a\n    prompt:\n      ja: x\n")
    assert locate(parsed.where, parsed.data, ("questions", 0, "single", "prompt", "en")) == \
        ((3, 5), ("questions", 0, "prompt"))
    assert locate(parsed.where, parsed.data, ("questions", 0, "prompt", "ja")) == ((4, 7), ("questions", 0, "prompt", "ja"))
    assert locate(parsed.where, parsed.data, ("questions", 5)) == ((1, 1), ("questions",))
