"""parse_yaml builds the same data as PyYAML's safe loader, with the line of every field."""
from __future__ import annotations

import textwrap

import pytest
import yaml

from generator.yamlsource import YamlSyntaxError, parse_yaml

# Every scalar type the safe loader resolves, anchors, aliases, merge keys and non-string keys.
DOCUMENTS = {
    "scalars": """
        text: plain words
        quoted: "123"
        tagged: !!str 456
        number: 42
        hex: 0x1F
        octal: 0o17
        float: 2.5
        exponent: 1e3
        infinity: .inf
        yes_bool: true
        no_bool: False
        nothing: null
        tilde: ~
        empty:
        date: 2026-11-23
        stamp: 2026-11-23T10:00:00Z
        block: |
          two
          lines
    """,
    "collections": """
        list: [a, 1, true, null]
        nested:
          - id: one
            items: [x, y]
          - id: two
            items: []
        empty_map: {}
        3: number key
        true: bool key
        null: null key
    """,
    "aliases": """
        base: &base
          a: 1
          b: [x, y]
        copy: *base
        listed: [*base, *base]
    """,
    "merge keys": """
        base: &base {a: 1, b: 2}
        child:
          <<: *base
          b: 3
    """,
    "date key": """
        2026-11-23: a date as key
    """,
    "set and omap": """
        set: !!set {a, b}
        omap: !!omap [{a: 1}, {b: 2}]
    """,
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_data_equals_the_safe_loaders(name):
    text = textwrap.dedent(DOCUMENTS[name])
    assert parse_yaml(text).data == yaml.load(text, Loader=yaml.SafeLoader)


def test_lines_of_keys_and_items():
    doc = parse_yaml("title: T\nrows:\n  - id: a\n    cells: [x, y]\n  - id: b\n3: three\n")
    assert doc.lines[("title",)] == 1
    assert doc.lines[("rows", 0)] == 3
    assert doc.lines[("rows", 0, "cells")] == 4
    assert doc.lines[("rows", 1, "id")] == 5
    assert doc.line_of(("rows", 1, "cells", 7)) == 5
    assert doc.lines[("3",)] == 6


def test_duplicate_keys_are_recorded_and_the_later_value_wins():
    doc = parse_yaml("a: 1\nb:\n  c: x\n  c: y\na: 2\n")
    assert doc.data == {"a": 2, "b": {"c": "y"}}
    assert doc.duplicate_keys == [(("b", "c"), 4), (("a",), 5)]


def test_merge_keys_still_get_lines():
    doc = parse_yaml("base: &b {a: 1}\nchild:\n  <<: *b\n  c: 2\n")
    assert doc.data["child"] == {"a": 1, "c": 2}
    assert doc.lines[("child", "c")] == 4


def test_an_alias_inside_its_own_anchor_is_a_syntax_error_not_a_crash():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("loop: &a\n  - *a\n")
    assert caught.value.line == 1


def test_unknown_tag_is_a_syntax_error_with_its_line():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: !!python/name:os.system x\n")
    assert caught.value.line == 2
