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
    assert doc.lines[(3,)] == doc.lines[("3",)] == 6


def test_non_string_keys_have_their_own_lines_under_the_key_and_its_spelling():
    doc = parse_yaml("a: 1\n1: x\n~: y\n.nan: z\n2.5: w\n")
    nan = next(k for k in doc.data if isinstance(k, float) and k != k)
    assert [doc.lines[(1,)], doc.lines[(None,)], doc.lines[(nan,)], doc.lines[(2.5,)]] == [2, 3, 4, 5]
    # pydantic's error locations spell None and nan as text
    assert [doc.line_of(("None",)), doc.line_of(("nan",)), doc.line_of(("2.5",))] == [3, 4, 5]


@pytest.mark.parametrize("value, words", [
    ("2024-02-30", "day is out of range"), ("!!int abc", "not a valid whole number"),
    ("!!timestamp nope", "not a valid date"), ("!!bool maybe", "not a valid true/false value"),
    ("!!map [1]", "expected a mapping node"), ("9" * 5000, "4300 digits"),
])
def test_a_value_the_constructors_reject_names_its_path_and_line(value, words):
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(f"a: 1\nb:\n  - ok\n  - {value}\n")
    assert (caught.value.line, caught.value.path) == (4, ("b", 1))
    assert words in caught.value.message


def test_a_bad_value_inside_a_merged_mapping_is_found_below_it():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("base: &b {a: 1}\nchild:\n  <<: *b\n  c: 2023-13-01\n")
    assert (caught.value.line, caught.value.path) == (4, ("child", "c"))


@pytest.mark.parametrize("levels", [11, 999, 1001, 50_000])
def test_the_depth_limit_is_ours_whatever_the_parser_allows(levels):
    for text in ("a: " + "[" * levels + "]" * levels,
                 "".join("  " * i + f"k{i}:\n" for i in range(min(levels, 1200))) + "  " * min(levels, 1200) + "x\n"):
        with pytest.raises(YamlSyntaxError) as caught:
            parse_yaml(text, max_depth=10)
        assert caught.value.message == "nested too deeply (at most 10 levels)"
    assert parse_yaml("a: " + "[" * 9 + "]" * 9, max_depth=10).data == {"a": [[[[[[[[[]]]]]]]]]}


def test_aliases_count_against_the_value_budget():
    bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n"
    assert len(parse_yaml(bomb, max_values=500).data["d"]) == 4   # 453 values walked, keys included
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(bomb, max_values=300)
    assert caught.value.line == 4 and caught.value.message.startswith("more than 300 values")


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
