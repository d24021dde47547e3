"""The position locator: key and value positions for every kind of TOML structure."""

from __future__ import annotations

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from slacheck.config.locator import Positions, locate

NESTED = '''\
# a comment with [brackets] and = signs
id = "x"   # trailing [comment]

[services.priorities.urgent]
resolution = "4h"
'''


def test_top_level_keys_and_values():
    pos = locate(NESTED)
    assert pos.key(("id",)) == (2, 1)
    assert pos.value(("id",)) == (2, 6)


def test_nested_table_header_records_every_segment():
    pos = locate(NESTED)
    assert pos.key(("services",)) == (4, 2)
    assert pos.key(("services", "priorities")) == (4, 11)
    assert pos.key(("services", "priorities", "urgent")) == (4, 22)
    assert pos.value(("services", "priorities", "urgent")) == (4, 1)
    assert pos.value(("services", "priorities", "urgent", "resolution")) == (5, 14)


AOT = '''\
[[services]]
id = "a"

[[services]]
id = "b"
[services.priorities.urgent]
first_response = "30m"

[[services]]
  id = "c"
[[services.extra]]
x = 1
[[services.extra]]
x = 2
'''


def test_arrays_of_tables_count_their_elements():
    pos = locate(AOT)
    assert pos.value(("services", 0, "id")) == (2, 6)
    assert pos.value(("services", 1, "id")) == (5, 6)
    assert pos.key(("services", 1)) == (4, 1)
    assert pos.value(("services", 1, "priorities", "urgent", "first_response")) == (7, 18)
    assert pos.key(("services", 2, "id")) == (10, 3)
    assert pos.value(("services", 2, "extra", 0, "x")) == (12, 5)
    assert pos.value(("services", 2, "extra", 1, "x")) == (14, 5)


INLINE = '''\
[calendars.office]
hours = { mon = "09:00-17:00", "tue" = '09:00-12:00', wed = "" }
holidays = {country="DE",subdivision="BE"}
closed = [2026-12-24, 2026-12-31]
'''


def test_inline_tables_and_arrays():
    pos = locate(INLINE)
    base = ("calendars", "office")
    assert pos.key(base + ("hours",)) == (2, 1)
    assert pos.value(base + ("hours",)) == (2, 9)
    assert pos.key(base + ("hours", "mon")) == (2, 11)
    assert pos.value(base + ("hours", "mon")) == (2, 17)
    assert pos.key(base + ("hours", "tue")) == (2, 32)
    assert pos.value(base + ("hours", "tue")) == (2, 40)
    assert pos.value(base + ("holidays", "subdivision")) == (3, 38)
    assert pos.value(base + ("closed", 0)) == (4, 11)
    assert pos.value(base + ("closed", 1)) == (4, 23)


MULTILINE = '''\
consumers = [
  "sales",   # [not a header]
  'a [b] c',
  """x
[fake.header]
y = 1""",
  "escaped \\" ] [",
  "last",
]
s = \'\'\'
[[also.fake]]
\'\'\'
after = true
'''


def test_multiline_arrays_with_brackets_inside_strings():
    pos = locate(MULTILINE)
    assert tomlkit.parse(MULTILINE).unwrap()["consumers"][4] == "last"
    assert pos.value(("consumers", 0)) == (2, 3)
    assert pos.value(("consumers", 1)) == (3, 3)
    assert pos.value(("consumers", 2)) == (4, 3)
    assert pos.value(("consumers", 3)) == (7, 3)
    assert pos.value(("consumers", 4)) == (8, 3)
    assert pos.value(("after",)) == (13, 9)
    assert ("fake",) not in pos and ("also",) not in pos


QUOTED = '''\
"quoted key" = 1
'literal.key' = 2
site."north plant".hours = "x"
"esc\\u0041ped" = 3
[teams."cabin-crew"]
name = "Cabin crew"
'''


def test_quoted_and_dotted_keys():
    pos = locate(QUOTED)
    assert pos.key(("quoted key",)) == (1, 1)
    assert pos.value(("literal.key",)) == (2, 17)
    assert pos.key(("site", "north plant")) == (3, 6)
    assert pos.key(("site", "north plant", "hours")) == (3, 20)
    assert pos.value(("site", "north plant", "hours")) == (3, 28)
    assert pos.key(("escAped",)) == (4, 1)
    assert pos.key(("teams", "cabin-crew")) == (5, 8)
    assert pos.value(("teams", "cabin-crew", "name")) == (6, 8)


def test_missing_path_falls_back_to_nearest_parent_then_origin():
    pos = locate(AOT)
    assert pos.key(("services", 1, "name")) == (4, 1)
    assert pos.value(("services", 1, "priorities", "urgent", "resolution")) == (6, 22)
    assert pos.value(("nothing", "here")) == (1, 1)
    assert Positions().key(("a",)) == (1, 1)


def test_crlf_line_endings():
    pos = locate('a = 1\r\n[t]\r\nb = "x"\r\n')
    assert pos.value(("t", "b")) == (3, 5)


def test_text_it_cannot_follow_keeps_what_it_found():
    pos = locate('a = 1\n??? nonsense\nb = 2\n')
    assert pos.value(("a",)) == (1, 5)
    assert pos.value(("b",)) == (1, 1)


_keys = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), min_size=1, max_size=6)
_scalars = st.one_of(st.integers(), st.booleans(), st.text(max_size=8), st.dates())
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=12,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=4))
def test_every_path_of_a_generated_document_is_located(data):
    text = tomlkit.dumps(data)
    assert tomlkit.parse(text).unwrap() == data
    pos = locate(text)
    lines = text.split("\n")
    for path in _paths(data):
        if not path:
            continue
        assert path in pos, (path, text)
        line, col = pos.value(path)
        assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1
