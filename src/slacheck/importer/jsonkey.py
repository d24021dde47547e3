"""A JSON document whose records sit under a key (``--records issues`` for Jira's REST answer
``{"startAt": 0, "issues": [...]}``; ``--records data.items`` for one nested deeper): scan to
that array as the text streams by, then read its elements one at a time like a top-level array.

Memory stays flat: the members before the array are skipped character by character without
being built (only their keys are kept, for a message), the array's elements are decoded one by
one, and whatever follows the array is never read.  Limits: a key path names object keys only
(no array indexes), a key that holds a dot itself cannot be named, the first member of a name
wins when an object repeats it, and the skipped members are checked only for balanced brackets
and strings, not as full JSON.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .readers import MAX_JSON_ELEMENT, RowProblem, _Buffer, _genuine, _json_elements

#: Keys named in a message before the rest is only counted.
_LISTED = 20
_OUTSIDE = re.compile(r'["\[\]{}]')
_INSIDE = re.compile(r'["\\]')
_SCALAR_END = re.compile(r'[\s,\]}:]')
_DECODER = json.JSONDecoder()


def records_path(records: str) -> tuple[str, ...]:
    """``data.items`` -> ``("data", "items")``; an empty name is an ``InputError``."""
    names = tuple(name.strip() for name in records.split("."))
    if not records.strip() or not all(names):
        raise InputError(f"--records {records!r}: name the key that holds the array of records, "
                         "e.g. --records issues, or --records data.items for a nested one")
    return names


def records_under(path: Path, text: io.TextIOWrapper, records: str
                  ) -> Iterator[tuple[int, dict[str, Any] | RowProblem]]:
    """The elements of the array at ``records`` (a dotted key path) in the JSON document
    ``text``; raises :class:`InputError` if the document has no array there."""
    names = records_path(records)
    buffer = _Buffer(text)
    option = f"--records {records}"
    for depth, name in enumerate(names):
        where = "the top of the file" if depth == 0 else repr(".".join(names[:depth]))
        first = buffer.skip_space()
        if first != "{":
            raise InputError(f"{path}: {option}: expected an object at {where}, found "
                             f"{_kind(first)}"
                             + ("; a file that is an array holds the records itself: leave out "
                                "--records" if depth == 0 and first == "[" else ""))
        buffer.pos += 1
        _find_key(buffer, path, option, name, where)
    first = buffer.skip_space()
    if first != "[":
        hint = f"; name the key of its array, e.g. --records {records}.KEY" if first == "{" else ""
        raise InputError(f"{path}: {option}: {records!r} holds {_kind(first)}, not an array of "
                         f"records{hint}")
    buffer.pos += 1
    return _json_elements(buffer)


def top_keys(text: io.TextIOWrapper) -> tuple[list[str], list[str]] | None:
    """The keys of the object a JSON document is, and those of them that hold an array (for the
    message that suggests --records); ``None`` if it cannot be scanned."""
    buffer = _Buffer(text)
    if buffer.skip_space() != "{":
        return None
    buffer.pos += 1
    arrays: list[str] = []
    try:
        keys = _member_keys(buffer, Path(), "", None, arrays)
    except InputError:
        return None
    return (keys, arrays) if keys is not None else None


def some_keys(keys: list[str]) -> str:
    """``'a', 'b'`` -- or the first keys of many and how many more."""
    shown = ", ".join(repr(key) for key in keys[:_LISTED])
    return shown if len(keys) <= _LISTED else f"{shown} (+{len(keys) - _LISTED:,} more)"


def _find_key(buffer: _Buffer, path: Path, option: str, name: str, where: str) -> None:
    """Advance past ``"name":`` in the object whose ``{`` was just read, skipping the members
    before it; raises :class:`InputError` naming the keys found if there is none."""
    found = _member_keys(buffer, path, option, name)
    if found is None:
        return
    keys = f"its keys are {some_keys(found)}" if found else "it is empty"
    raise InputError(f"{path}: {option}: no key {name!r} in the object at {where}; {keys}")


def _member_keys(buffer: _Buffer, path: Path, option: str, name: str | None,
                 arrays: list[str] | None = None) -> list[str] | None:
    """Skip an object's members up to the one called ``name`` (``None``: all of them, to the
    closing ``}``); ``None`` once positioned at that member's value, else the keys seen (those
    whose value is an array also go to ``arrays``)."""
    found: list[str] = []
    following = buffer.skip_space()
    if following == "}":
        return found
    while True:
        if following != '"':
            raise _broken(path, option, f"expected a key, found {_kind(following)}")
        key = _token(buffer, path, option)
        if buffer.skip_space() != ":":
            raise _broken(path, option, f"expected ':' after the key {key!r}")
        buffer.pos += 1
        if key == name:
            return None
        found.append(key)
        if arrays is not None and buffer.skip_space() == "[":
            arrays.append(key)
        _skip_value(buffer, path, option)
        following = buffer.skip_space()
        if following == "}":
            return found
        if following != ",":
            raise _broken(path, option, f"expected ',' or '}}' after the value of {key!r}")
        buffer.pos += 1
        following = buffer.skip_space()


def _token(buffer: _Buffer, path: Path, option: str) -> Any:
    """Decode one small value (a key, a number, a literal) at the buffer's position."""
    if buffer.data[buffer.pos] != '"':
        # A number cut by the end of the buffer would decode as a shorter one: read to its end.
        while (_SCALAR_END.search(buffer.data, buffer.pos) is None
               and len(buffer.data) - buffer.pos <= MAX_JSON_ELEMENT
               and buffer.fill(len(buffer.data) - buffer.pos)):
            pass
    while True:
        pending = len(buffer.data) - buffer.pos
        try:
            value, end = _DECODER.raw_decode(buffer.data, buffer.pos)
        except json.JSONDecodeError as exc:
            if _genuine(exc, len(buffer.data)) or pending > MAX_JSON_ELEMENT:
                raise _broken(path, option, str(exc)) from None
            if not buffer.fill(pending):
                raise _broken(path, option, f"{exc} (the file ends early)") from None
            continue
        if end < len(buffer.data) or not buffer.fill(pending):
            buffer.pos = end
            return value


def _skip_value(buffer: _Buffer, path: Path, option: str) -> None:
    """Move past one value without building it: strings and brackets are tracked across the
    buffer's refills, so a skipped array of any size costs no memory."""
    first = buffer.skip_space()
    if first not in '[{"':
        if first == "":
            raise _broken(path, option, "the file ends early")
        _token(buffer, path, option)
        return
    depth = 0
    in_string = False
    while True:
        data, pos = buffer.data, buffer.pos
        while True:
            match = (_INSIDE if in_string else _OUTSIDE).search(data, pos)
            if match is None:
                pos = len(data)
                break
            char, pos = match.group(), match.end()
            if in_string:
                if char == '"':
                    in_string = False
                    if depth == 0:
                        buffer.pos = pos
                        return
                elif pos < len(data):
                    pos += 1  # the escaped character
                else:
                    pos -= 1  # a backslash at the end of the buffer: read on from it
                    break
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    buffer.pos = pos
                    return
                if depth < 0:
                    raise _broken(path, option, f"unbalanced {char!r}")
        buffer.pos = pos
        if not buffer.fill():
            raise _broken(path, option, "the file ends early")


def _broken(path: Path, option: str, why: str) -> InputError:
    where = f" before the records of {option}" if option else ""
    return InputError(f"{path}: not valid JSON{where}: {why}")


def _kind(first: str) -> str:
    """What a JSON value starting with ``first`` is."""
    if first == "":
        return "the end of the file"
    kinds = {"{": "an object", "[": "an array", '"': "a string", "t": "a boolean",
             "f": "a boolean", "n": "null"}
    if first in kinds:
        return kinds[first]
    return "a number" if first in "-0123456789" else f"text starting with {first!r}"
