"""Seeded, deterministic mutations of a YAML or JSON file: at the text level and on its parsed data."""
from __future__ import annotations

import copy
import json
import random
import re

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# --- text level -------------------------------------------------------------------------------
# Each takes the text (str; invalid bytes kept as surrogate escapes) and returns new text, or None
# when it does not apply to this text.

KEY_LINE = re.compile(r'^(?P<indent>[ ]*)(?P<dash>- )?(?P<key>"[^"\n]*"|[A-Za-z_][\w-]*)(?P<colon>:)(?P<rest>[ ].*|)$')

BAD_SCALARS = [
    "2024-02-30", "2023-13-01", "2024-00-10", "0000-01-01", "2024-02-29T25:61:00", "2001-12-14t21:59:43.10-05:00",
    "!!int abc", "!!float x", "!!timestamp nope", "!!bool maybe", "!!map [1]", "!!seq {a: 1}", "!!null x",
    "!!python/object:os.system ls", "!!python/name:os.system", "!!python/object/apply:os.system [ls]",
    "!!binary ???", "!!set [1]", "!!omap [1]", "!!pairs x", "!!merge x", "!!value y", "!custom x", "!<!> x",
    "!<tag:yaml.org,2002:int> z", "!!str", "!!int", "!!timestamp 2024-02-30", "!!float 1e9999",
    "yes", "no", "on", "off", "~", "null", "true", ".nan", ".inf", "-.inf", "0x1F", "0o17", "0b101", "1_000",
    "1e999", "-0", "12:30:00", "''", '""', "[]", "{}", "[~]", "{~: ~}", "*undefined", "&anchor", "|", ">-",
    "'unterminated", '"bad \\escape"', '"\\ud800"', "- a", "a: b: c", "{a: 1", "[1, 2", "@reserved", "`x`",
    "% x", "? x", "\t", "\\", "#", "- - - -",
]

NON_STRING_KEYS = ["1", "~", ".nan", "true", "3.5", "null", "2024-01-01", "2024-02-30", "[a, b]", "{a: 1}",
                   "? [a, b]\n{indent}", "? {a: 1}\n{indent}", "<<", "=", "0x10", "!!int 7", "!!binary aGk="]

BROKEN_KEYS = ['"a\\nb"', '"line\\u2028sep"', '"tab\\there"', '"cr\\rhere"', '"nul\\0here"', '"\\x85next"',
               '? |\n{indent}  two\n{indent}  lines\n{indent}', "'quoted\n{indent}  across lines'",
               '"colon: inside"', '"a.b.c"', '" spaced "', '""', '"\\ud800"', '"é\u0301"', '"\u202eevil"']

INVALID_BYTES = ["\udcff", "\udcc3", "\udced\udca0\udc80", "\udcc0\udcaf", "\udc80", "\udcfe\udcff",
                 "\udcf4\udc90\udc80\udc80"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if KEY_LINE.match(line)]


def byte_flip(text: str, rng: random.Random) -> str | None:
    raw = bytearray(text.encode("utf-8", "surrogateescape"))
    if not raw:
        return None
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(raw))
        raw[at] ^= 1 << rng.randrange(8)
    return raw.decode("utf-8", "surrogateescape")


def truncate(text: str, rng: random.Random) -> str | None:
    return text[: rng.randrange(len(text))] if text else None


def invalid_utf8(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(INVALID_BYTES) + text[at:]


def control_chars(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    junk = rng.choice(["\x00", "\x07", "\x1b[31m", "\u202e", "\ufffe", "\uffff", "\x85", "\u2028", "\u2029",
                       "\x7f", "\u200b", "\U0001F4A5", "\x0c", "\x0b", "\r"])
    return text[:at] + junk + text[at:]


def tabs(text: str, rng: random.Random) -> str | None:
    lines = _lines(text)
    indented = [i for i, line in enumerate(lines) if line.startswith(" ")]
    if indented and rng.random() < 0.6:
        i = rng.choice(indented)
        lines[i] = "\t" + lines[i].lstrip(" ")
    else:
        keyed = _key_lines(lines)
        if not keyed:
            return None
        i = rng.choice(keyed)
        lines[i] = lines[i].replace(": ", ":\t", 1) if rng.random() < 0.5 else "\t" + lines[i]
    return "\n".join(lines)


def _replace_value(text: str, rng: random.Random, value: str) -> str | None:
    """The value of one `key: value` line replaced by `value`."""
    lines = _lines(text)
    keyed = _key_lines(lines)
    if not keyed:
        return None
    i = rng.choice(keyed)
    m = KEY_LINE.match(lines[i])
    indent = m["indent"] + ("  " if m["dash"] else "")
    lines[i] = f'{m["indent"]}{m["dash"] or ""}{m["key"]}: {value.replace("{indent}", indent)}'
    return "\n".join(lines)


def bad_scalar(text: str, rng: random.Random) -> str | None:
    return _replace_value(text, rng, rng.choice(BAD_SCALARS))


def huge_number(text: str, rng: random.Random) -> str | None:
    digits = rng.choice([20, 400, 4299, 4301, 5000, 50_000])
    value = rng.choice(["9" * digits, "-" + "9" * digits, "0x" + "f" * digits, "1" + "0" * digits + ".5",
                        "1e" + "9" * min(digits, 50), "0." + "0" * digits + "1", "0o" + "7" * digits])
    return _replace_value(text, rng, value)


def long_string(text: str, rng: random.Random) -> str | None:
    n = rng.choice([300, 5_000, 100_000])
    return _replace_value(text, rng, rng.choice(["x" * n, "[" + ", ".join(["a"] * (n // 10)) + "]",
                                                 '"' + "\\u00e9" * (n // 6) + '"']))


def deep_nesting(text: str, rng: random.Random) -> str | None:
    n = rng.choice([40, 200, 990, 1200, 5000, 50_000])
    shape = rng.randrange(4)
    if shape == 0:
        value = "[" * n + "]" * n
    elif shape == 1:
        value = "{a: " * n + "1" + "}" * n
    elif shape == 2:
        value = "[" * n  # unterminated
    else:
        n = min(n, 2000)  # block style: each level two more spaces
        value = "\n" + "\n".join("{indent}" + "  " * (d + 1) + "- " + ("x" if d == n - 1 else "") for d in range(n))
    return _replace_value(text, rng, value)


def alias_bomb(text: str, rng: random.Random) -> str | None:
    # Small on disk; width ** depth values when expanded (kept below about ten million).
    width, depth = rng.choice([(3, 3), (5, 4), (9, 5), (10, 7), (9, 8), (4, 12)])
    levels = [f"&b0 [{', '.join(['lol'] * width)}]"]
    for d in range(1, depth):
        levels.append(f"&b{d} [{', '.join([f'*b{d - 1}'] * width)}]")
    if rng.random() < 0.5:
        return _replace_value(text, rng, "[" + ", ".join(levels) + "]")
    mapping = "{" + ", ".join(f"k{d}: {level}" for d, level in enumerate(levels)) + "}"
    return _replace_value(text, rng, mapping)


def recursive_alias(text: str, rng: random.Random) -> str | None:
    return _replace_value(text, rng, rng.choice(["&r [*r]", "&r {k: *r}", "&r [a, [b, *r]]", "*r", "&r &s x",
                                                 "{<<: &m {a: 1}, b: *m}", "{<<: [*nope]}", "{<<: 5}"]))


def odd_key(text: str, rng: random.Random) -> str | None:
    """A non-string key, or a key with a line break or other trouble, beside an existing key."""
    lines = _lines(text)
    keyed = _key_lines(lines)
    if not keyed:
        return None
    i = rng.choice(keyed)
    m = KEY_LINE.match(lines[i])
    indent = m["indent"] + ("  " if m["dash"] else "")
    key = rng.choice(NON_STRING_KEYS if rng.random() < 0.5 else BROKEN_KEYS).replace("{indent}", indent)
    new = f"{indent}{key}: {rng.choice(['x', '1', '[a]', '~', '{b: c}'])}"
    lines.insert(i + 1 if m["rest"].strip() else i, new)
    return "\n".join(lines)


def duplicate_key(text: str, rng: random.Random) -> str | None:
    lines = _lines(text)
    keyed = [i for i in _key_lines(lines) if KEY_LINE.match(lines[i])["rest"].strip()]
    if not keyed:
        return None
    i = rng.choice(keyed)
    m = KEY_LINE.match(lines[i])
    line = (m["indent"] + ("  " if m["dash"] else "") + lines[i][len(m["indent"]) + len(m["dash"] or ""):])
    lines.insert(i + 1 + rng.randrange(3), line)
    return "\n".join(lines)


def move_line(text: str, rng: random.Random) -> str | None:
    lines = _lines(text)
    if len(lines) < 2:
        return None
    line = lines.pop(rng.randrange(len(lines)))
    lines.insert(rng.randrange(len(lines) + 1), rng.choice([line, line.strip(), "  " + line]))
    return "\n".join(lines)


def line_breaks(text: str, rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return text.replace("\n", "\r\n")
    if choice == 1:
        return text.replace("\n", "\r")
    if choice == 2:
        return text.replace("\n", rng.choice(["\x85", "\u2028", "\u2029"]), rng.randint(1, 5))
    if choice == 3:
        return text.rstrip("\n")
    return text.replace("\n", "\r\n", rng.randint(1, 20))


def bom(text: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(["\ufeff", "\ufeff\ufeff", "\udcff\udcfe"]) + text
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\ufeff" + text[at:]


MARKUP = ["{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{# x", "{{", "}}", "{0}", "{x}", "%s", "%(x)s", "${x}", "```",
          "```\n", "<!--", "-->", "<script>alert(1)</script>", "]]>", "[link](", "[x]: <", "|", "| a | b |\n|---|",
          "\\", "!!! note", "??? x", "--8<-- \"/etc/passwd\"", "{: #id .class }", "*[", "^^", "<", "&amp;", "&#0;",
          "[[", "]]", "\u0000", "\\u0000", ":material-x:", "$$", "\\(", "<img src=x onerror=alert(1)>", "\t"]


def markup(text: str, rng: random.Random) -> str | None:
    """Template, format-string and Markdown syntax inside a text value: odd, but valid input."""
    lines = _lines(text)
    keyed = [i for i in _key_lines(lines) if KEY_LINE.match(lines[i])["rest"].strip()[:1].isalpha()]
    if not keyed:
        return None
    i = rng.choice(keyed)
    m = KEY_LINE.match(lines[i])
    junk = rng.choice(MARKUP).replace("\n", " ")
    value = m["rest"].strip()
    lines[i] = f'{m["indent"]}{m["dash"] or ""}{m["key"]}: {json.dumps(value + " " + junk, ensure_ascii=False)}'
    return "\n".join(lines)


def whole_file(text: str, rng: random.Random) -> str:
    return rng.choice(["", " ", "\n\n", "---\n", "...\n", "~\n", "[]\n", "{}\n", "just a string\n", "- a\n- b\n",
                       "--- a\n--- b\n", text + "\n---\nsecond: doc\n", "%YAML 1.1\n---\n" + text,
                       "%YAML 9.9\n---\n" + text, "%TAG ! tag:example.com,2000:\n---\n" + text, "# only a comment\n",
                       "!!map\n" + text, "!!python/object:os.system\n" + text, "? " + text, "- " + text,
                       "&a " + text, "\x00" * 10, "\ufeff"])


TEXT_YAML = [byte_flip, truncate, invalid_utf8, control_chars, tabs, bad_scalar, huge_number, long_string,
             deep_nesting, alias_bomb, recursive_alias, odd_key, duplicate_key, move_line, line_breaks, bom,
             whole_file, markup, markup]

# --- JSON text -------------------------------------------------------------------------------

JSON_VALUE = re.compile(r'(?P<key>"[^"\n]*")(?P<colon>\s*:\s*)'
                        r'(?P<value>"(?:[^"\\\n]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)')


def _json_value(text: str, rng: random.Random, value: str) -> str | None:
    spots = list(JSON_VALUE.finditer(text))
    if not spots:
        return None
    m = rng.choice(spots)
    return text[: m.start("value")] + value + text[m.end("value"):]


def json_odd_value(text: str, rng: random.Random) -> str | None:
    digits = rng.choice([400, 4301, 5000, 100_000])
    n = rng.choice([100, 990, 5000, 100_000])
    value = rng.choice([
        '"\\ud800"', '"\\udfff"', '"a\\ud800b"', '"\\udc00\\ud800"', '"\\u0000"', '"\\u2028"', '"\\u001b[31m"',
        "9" * digits, "-" + "9" * digits, "1e" + "9" * 6, "0." + "0" * digits + "1", "NaN", "Infinity",
        "-Infinity", "01", "1.", ".5", "+1", "0x10", "[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n,
        "[]", "{}", "null", "true", '""', '"' + "x" * 100_000 + '"', '"2024-02-30"', '"!!int abc"', "'single'",
        "undefined", '"\\x41"', '"\\/"', '"\\a"', '"tab\there"', '"line\nbreak"',
    ] + [json.dumps(m) for m in MARKUP])
    return _json_value(text, rng, value)


def json_odd_key(text: str, rng: random.Random) -> str | None:
    spots = list(JSON_VALUE.finditer(text))
    if not spots:
        return None
    m = rng.choice(spots)
    key = rng.choice(['"a\\nb"', '"\\ud800"', '""', '"\\u2028"', "1", "null", "key", '"questionnaire"', '"answers"',
                      '"a: b"', '"a.b"', '"&anchor"', '"*alias"', '"!!int"', '"? x"', '"- x"'])
    value = rng.choice(["1", "null", "[]", '"x"'])
    return text[: m.start()] + f"{key}: {value}, " + text[m.start():]


def json_duplicate_key(text: str, rng: random.Random) -> str | None:
    spots = list(JSON_VALUE.finditer(text))
    if not spots:
        return None
    m = rng.choice(spots)
    return text[: m.start()] + m.group(0) + ", " + text[m.start():]


def json_syntax(text: str, rng: random.Random) -> str | None:
    choice = rng.randrange(6)
    if choice == 0:
        return re.sub(r"\n(\s*)}", r",\n\1}", text, count=1)          # trailing comma
    if choice == 1:
        return "// comment\n" + text
    if choice == 2:
        return text.replace('"', "'", rng.randint(1, 6))
    if choice == 3:
        return text + rng.choice(["\n{}", "x", "\n\n", "\x00"])
    if choice == 4:
        return text.replace("  ", "\t", rng.randint(1, 30))          # tabs: valid JSON, odd YAML
    return text.replace(",", "", 1)


TEXT_JSON = [byte_flip, truncate, invalid_utf8, control_chars, json_odd_value, json_odd_value, json_odd_key,
             json_duplicate_key, json_syntax, line_breaks, bom, whole_file, alias_bomb, bad_scalar]

# --- structure level --------------------------------------------------------------------------
# Each changes the parsed data in place at one randomly chosen spot.

ID_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$")
KINDS = ["models", "patterns", "concepts", "glossary", "roles", "sources", "phases", "placements", "tags",
         "comparisons", "paths", "onboarding", "questions", "assessments", "model", "content"]


def _spots(data):
    """Every (container, key) pair in the data, depth first."""
    if isinstance(data, dict):
        for key in list(data):
            yield data, key
            yield from _spots(data[key])
    elif isinstance(data, list):
        for index in range(len(data)):
            yield data, index
            yield from _spots(data[index])


def near_miss(word: str, rng: random.Random) -> str:
    """A plausible typo of `word`."""
    if not word:
        return "x"
    i = rng.randrange(len(word))
    choice = rng.randrange(7)
    if choice == 0:
        return word[:i] + word[i + 1:]
    if choice == 1:
        return word[:i] + word[i] + word[i:]
    if choice == 2 and len(word) > 1:
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if choice == 3:
        return word.upper() if rng.random() < 0.5 else word.title()
    if choice == 4:
        return rng.choice([" ", "", "\t"]) + word + rng.choice([" ", "\n", "/", "-"])
    if choice == 5:
        return word.replace("-", rng.choice(["_", " ", "--", ""]))
    return word[:i] + rng.choice("aeiouxz0-é\u0456") + word[i + 1:]


def drop_field(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data)]
    if not spots:
        return False
    container, key = rng.choice(spots)
    del container[key]
    return True


def rename_field(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if isinstance(c, dict)]
    if not spots:
        return False
    container, key = rng.choice(spots)
    others = [k for c, k in spots if k != key]
    new = rng.choice([near_miss(str(key), rng), near_miss(str(key), rng), rng.choice(others) if others else "x",
                      1, None, 2.5, True, "", str(key) + "\n" + str(key)])
    value = container.pop(key)
    container[new] = value
    return True


def retype_field(data, rng: random.Random) -> bool:
    spots = list(_spots(data))
    if not spots:
        return False
    container, key = rng.choice(spots)
    value = container[key]
    container[key] = rng.choice([
        None, "", [], {}, 0, -1, 1.5, float("nan"), float("inf"), True, False, 10 ** 30, -(10 ** 30), "x" * 1000,
        [value], {"k": value}, str(value), [[value]], {"": value}, {1: value}, [None], [{}], "2024-02-30",
    ])
    return True


def swap_id(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if isinstance(c[k], str) and ID_LIKE.match(c[k])]
    if not spots:
        return False
    container, key = rng.choice(spots)
    value = container[key]
    ids = [c[k] for c, k in spots]
    choice = rng.randrange(4)
    if choice == 0:
        container[key] = near_miss(value, rng)
    elif choice == 1:
        container[key] = rng.choice(ids)              # an id that exists, in the wrong place
    elif choice == 2 and "/" in value:
        container[key] = rng.choice(KINDS) + "/" + value.split("/", 1)[1]   # a reference of the wrong kind
    else:
        container[key] = value.split("/")[-1] if "/" in value else "models/" + value
    return True


def empty_container(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if isinstance(c[k], (list, dict))]
    if not spots:
        return False
    container, key = rng.choice(spots)
    container[key] = rng.choice([[], {}, None, [None], [[]]])
    return True


def duplicate_item(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if isinstance(c[k], list) and c[k]]
    if not spots:
        return False
    container, key = rng.choice(spots)
    items = container[key]
    items.insert(rng.randrange(len(items) + 1), copy.deepcopy(rng.choice(items)))
    return True


def reorder(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if isinstance(c[k], list) and len(c[k]) > 1]
    if not spots:
        return False
    container, key = rng.choice(spots)
    container[key].reverse()
    return True


def swap_values(data, rng: random.Random) -> bool:
    spots = list(_spots(data))
    if len(spots) < 2:
        return False
    (c1, k1), (c2, k2) = rng.sample(spots, 2)
    try:
        c1[k1], c2[k2] = copy.deepcopy(c2[k2]), copy.deepcopy(c1[k1])
    except RecursionError:
        return False
    return True


# Questionnaire-shaped changes, for the reachability check: deep, contradictory or many conditions,
# many questions, candidates that cannot win.

CONDITION_KEYS = ("answer", "dimension", "all", "any", "not")


def _conditions(data) -> list[tuple[object, object]]:
    return [(c, k) for c, k in _spots(data) if isinstance(c[k], dict) and any(key in c[k] for key in CONDITION_KEYS)]


def deep_condition(data, rng: random.Random) -> bool:
    spots = _conditions(data)
    if not spots:
        return False
    container, key = rng.choice(spots)
    condition = container[key]
    for _ in range(rng.choice([2, 7, 60, 300])):
        condition = rng.choice([{"not": condition}, {"all": [condition]}, {"any": [condition]}])
    container[key] = condition
    return True


def impossible_condition(data, rng: random.Random) -> bool:
    spots = _conditions(data)
    if not spots:
        return False
    container, key = rng.choice(spots)
    condition = container[key]
    others = [copy.deepcopy(c[k]) for c, k in rng.sample(spots, min(len(spots), rng.choice([2, 8, 30])))]
    container[key] = rng.choice([
        {"all": [condition, {"not": copy.deepcopy(condition)}]},
        {"all": others + [{"not": {"any": copy.deepcopy(others)}}]},
        {"any": others},
        {"all": others},
    ])
    return True


def many_questions(data, rng: random.Random) -> bool:
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list) or not sections or not isinstance(sections[0], dict):
        return False
    section = rng.choice([s for s in sections if isinstance(s, dict)] or [sections[0]])
    questions = section.get("questions")
    if not isinstance(questions, list) or not questions:
        return False
    copies = []
    for n in range(rng.choice([5, 20, 60])):
        for question in questions:
            twin = copy.deepcopy(question)
            if isinstance(twin, dict):
                twin["id"] = f"{twin.get('id')}-c{n}"
            copies.append(twin)
    questions.extend(copies[: rng.choice([40, 180, 400])])
    return True


def hopeless_candidate(data, rng: random.Random) -> bool:
    spots = [(c, k) for c, k in _spots(data) if k == "candidates" and isinstance(c[k], dict)]
    if not spots:
        return False
    value = rng.choice([0, -1000, -1, 1000])
    for container, key in rng.sample(spots, max(1, len(spots) // rng.choice([1, 2, 4]))):
        for candidate in container[key]:
            if rng.random() < 0.5:
                container[key][candidate] = value
    return True


QUESTIONNAIRE = [deep_condition, impossible_condition, many_questions, hopeless_candidate]

STRUCTURE = [drop_field, rename_field, retype_field, retype_field, swap_id, swap_id, empty_container,
             duplicate_item, reorder, swap_values]


def dump(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=100)


def _mutate_data(text: str, fmt: str, rng: random.Random, applied: list[str]) -> str | None:
    try:
        data = json.loads(text) if fmt == "json" else yaml.load(text, Loader=LOADER)
    except (ValueError, RecursionError, yaml.YAMLError):
        return None
    ops = STRUCTURE + QUESTIONNAIRE * 2 if isinstance(data, dict) and "sections" in data else STRUCTURE
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        op = rng.choice(ops)
        if op(data, rng):
            applied.append(op.__name__)
    try:
        return dump(data, fmt)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError):
        return None


def mutate(original: bytes, fmt: str, rng: random.Random) -> tuple[bytes, list[str]]:
    """The file mutated once to three times, and the names of the mutations applied."""
    text = original.decode("utf-8", "surrogateescape")
    applied: list[str] = []
    if rng.random() < 0.4:
        text = _mutate_data(text, fmt, rng, applied) or text
    if not applied or rng.random() < 0.3:
        ops = TEXT_JSON if fmt == "json" else TEXT_YAML
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            for _attempt in range(5):
                op = rng.choice(ops)
                changed = op(text, rng)
                if changed is not None and changed != text:
                    text = changed
                    applied.append(op.__name__)
                    break
    return text.encode("utf-8", "surrogateescape"), applied
