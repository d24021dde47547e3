"""Streaming readers for ticket exports: CSV, a JSON array, JSON Lines.

Each reader yields ``(row_number, values)`` where ``values`` maps the file's own column names
to raw values, or ``(row_number, RowProblem)`` for a row that cannot be read; memory stays flat
in the size of the file.  Row numbers are what a user looks up: for CSV the line on which the
record starts (the header is line 1), for JSON Lines the line, for a JSON array the element
(1-based), also for an array under a key (``--records``, :mod:`.jsonkey`).

Text is UTF-8 (a BOM is accepted; a UTF-16 file with a BOM is read as UTF-16).  Bytes that are
not valid in the encoding make *that row* a problem, never the whole file: the text is decoded
with ``surrogateescape`` and each row is checked before it is used.  A file that cannot be
read at all (missing, a folder, no header, not a JSON array) raises :class:`InputError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError

FORMATS = ("csv", "json", "jsonl")
_EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: CSV fields may be large (a long description); the csv module's default limit is 128 KiB.
FIELD_SIZE_LIMIT = 1 << 30
#: A JSON array element larger than this is refused (it would have to be held in memory).
MAX_JSON_ELEMENT = 64 << 20
_CHUNK = 1 << 16


class RowProblem(Exception):
    """A row that cannot be imported; the message says why.

    ``key`` groups identical problems of many rows (``slacheck import`` prints each group once):
    ``None`` means the message itself; a problem whose message holds a value that varies from row
    to row (a cell's text, an instant, a ref) is made with :meth:`varying`, and its key is the
    message without those values.  ``column`` and ``value``: our timestamp column and the text
    in it that could not be read as a time (from which a ``--date-format`` is suggested).
    """

    def __init__(self, message: str, key: Any = None, *, column: str | None = None,
                 value: Any = None) -> None:
        super().__init__(message)
        self.key = key
        self.column = column
        self.value = value

    @classmethod
    def varying(cls, *parts: str, column: str | None = None, value: Any = None) -> RowProblem:
        """A message of fixed and varying parts, alternately (``"rating: ", repr(v), " is bad"``):
        grouped by the fixed ones."""
        return cls("".join(parts), parts[0::2], column=column, value=value)

    def wrap(self, before: str = "", after: str = "") -> RowProblem:
        """This problem within a longer message (``"opened_at: "`` before it), grouped alike."""
        key = None if self.key is None else (before, self.key, after)
        return RowProblem(f"{before}{self}{after}", key, column=self.column, value=self.value)


@dataclass
class Source:
    """An opened export: its format, columns (CSV only) and rows, with read progress."""

    path: Path
    fmt: str
    binary: BinaryIO
    size: int
    columns: tuple[str, ...] | None = None
    rows: Iterator[tuple[int, dict[str, Any] | RowProblem]] = field(default=iter(()))
    #: Header names that appear more than once (CSV): each row keeps the first such column;
    #: mapping one of them is an error (``records.check_columns``).
    repeated: frozenset[str] = frozenset()

    def bytes_read(self) -> int:
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return self.size

    def close(self) -> None:
        self.binary.close()


def detect_format(path: Path, fmt: str | None) -> str:
    """``fmt`` if given, else from the file's extension."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}: use csv, json or jsonl")
        return fmt
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: cannot tell the format from the extension {path.suffix!r}; "
            "name it .csv, .json or .jsonl, or pass --format"
        )
    return found


def open_source(path: str | Path, fmt: str | None = None, encoding: str = "utf-8",
                records: str | None = None) -> Source:
    """Open an export for streaming; raises :class:`InputError` if it cannot be read at all.

    ``records``: for a JSON document, the dotted key path of the array that holds the records
    (``issues``, ``data.items``; see :mod:`.jsonkey`)."""
    path = Path(path)
    fmt = detect_format(path, fmt)
    if records is not None and fmt != "json":
        raise InputError(f"--records {records}: only a JSON document holds its records under a "
                         f"key; a {'CSV file' if fmt == 'csv' else 'JSON Lines file'} has one "
                         "record a " + ("row" if fmt == "csv" else "line"))
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    try:
        binary = open(path, "rb")  # noqa: SIM115 - the Source owns it and closes it
        size = os.fstat(binary.fileno()).st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        text = _text(binary, encoding)
        source = Source(path, fmt, binary, size)
        if fmt == "csv":
            source.columns, source.rows, source.repeated = _csv_rows(path, text)
        elif fmt == "jsonl":
            source.rows = _jsonl_rows(text)
        elif records is not None:
            from .jsonkey import records_under  # it builds on this module's JSON reader

            source.rows = records_under(path, text, records)
        else:
            source.rows = _json_array_rows(path, text)
        return source
    except InputError:
        binary.close()
        raise
    except OSError as exc:
        binary.close()
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def _text(binary: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """A text view of ``binary``, honouring a BOM, with undecodable bytes kept as surrogates."""
    head = binary.read(4)
    binary.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    return io.TextIOWrapper(binary, encoding=encoding, errors="surrogateescape", newline="")


def _lone_surrogates(raw: str, value: Any) -> str | None:
    """A message if JSON escapes in ``raw`` decoded to unpaired surrogates (not storable text)."""
    if "\\ud" not in raw and "\\uD" not in raw:
        return None
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "a \\u escape of an unpaired surrogate, which is not text"
    return None


def undecodable(text: str) -> str | None:
    """A message if ``text`` holds bytes that were not valid in the file's encoding."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end]
        if all("\udc80" <= ch <= "\udcff" for ch in bad):
            shown = " ".join(f"0x{ord(ch) - 0xDC00:02x}" for ch in bad[:4])
            return f"bytes that are not valid text in the file's encoding ({shown}); save the file as UTF-8"
        return "text with unpaired surrogate characters"
    return None


# ---------------------------------------------------------------------------------- CSV
def _csv_rows(path: Path, text: io.TextIOWrapper):
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{path}:1: cannot read the header: {exc}") from None
    if not header or not any(name.strip() for name in header):
        raise InputError(f"{path}: empty file, or no header line with the column names")
    problem = undecodable("".join(header))
    if problem:
        raise InputError(f"{path}:1: the header holds {problem}")
    columns = tuple(name.strip() for name in header)
    # Jira repeats a header for each value of a multi-value field (Comment, Watchers, Sprint):
    # such columns are fine as long as nobody maps them; a row keeps the first of each.
    repeated = frozenset(name for name in columns if name and columns.count(name) > 1)
    return columns, _csv_records(reader, columns, repeated), repeated


def _csv_records(reader, columns: tuple[str, ...],
                 repeated: frozenset[str] = frozenset()) -> Iterator[tuple[int, dict[str, Any] | RowProblem]]:
    width = len(columns)
    # With repeated names, the first column of each name wins: zip the reversed pairs.
    pick = (lambda fields: dict(reversed(list(zip(columns, fields))))) if repeated else None
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last_line = reader.line_num
            yield start, RowProblem(f"cannot read this CSV record: {exc}")
            continue
        last_line = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0]):
            continue  # a blank line
        problem = undecodable("".join(fields))
        if problem:
            yield start, RowProblem(f"the row holds {problem}")
            continue
        if len(fields) > width:
            if any(fields[width:]):
                yield start, RowProblem(
                    f"the row has {len(fields)} fields but the header names {width} columns"
                )
                continue
            fields = fields[:width]
        yield start, dict(zip(columns, fields)) if pick is None else pick(fields)


# ---------------------------------------------------------------------------------- JSON Lines
def _jsonl_rows(text: io.TextIOWrapper) -> Iterator[tuple[int, dict[str, Any] | RowProblem]]:
    decode = json.JSONDecoder().decode
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        problem = undecodable(line)
        if problem:
            yield number, RowProblem(f"the line holds {problem}")
            continue
        try:
            value = decode(line)
        except ValueError as exc:
            yield number, RowProblem(f"not valid JSON: {exc}")
            continue
        if not isinstance(value, dict):
            yield number, RowProblem(f"expected a JSON object, found {_json_type(value)}")
            continue
        problem = _lone_surrogates(line, value)
        if problem:
            yield number, RowProblem(f"the line holds {problem}")
            continue
        yield number, value


# ---------------------------------------------------------------------------------- JSON array
class _Buffer:
    """A sliding window over a text stream for incremental ``raw_decode``."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.data = ""
        self.pos = 0
        self.eof = False

    def fill(self, at_least: int = _CHUNK) -> bool:
        """Read more text (dropping what was consumed); ``False`` at the end of the file."""
        if self.eof:
            return False
        self.data = self.data[self.pos:]
        self.pos = 0
        chunk = self.text.read(max(at_least, _CHUNK))
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def skip_space(self) -> str:
        """Skip whitespace; the next character, or ``""`` at the end of the file."""
        while True:
            data, pos = self.data, self.pos
            while pos < len(data) and data[pos] in " \t\r\n":
                pos += 1
            self.pos = pos
            if pos < len(data):
                return data[pos]
            if not self.fill():
                return ""


def _json_array_rows(path: Path, text: io.TextIOWrapper):
    buffer = _Buffer(text)
    first = buffer.skip_space()
    if first == "{":
        from .jsonkey import some_keys, top_keys  # it builds on this module's JSON reader

        found = top_keys(text) if text.seek(0) == 0 else None
        if found is not None:
            keys, arrays = found
            named = [key for key in arrays if re.fullmatch(r"[\w-]+", key)]
            example = f"--records {named[0]}" if named else "--records KEY"
            raise InputError(f"{path}: expected a JSON array of objects, found an object with "
                             + (f"the keys {some_keys(keys)}" if keys else "no keys")
                             + f"; if the records are in an array under a key, name it: {example}")
    if first != "[":
        what = "an empty file" if first == "" else f"text starting with {first!r}"
        raise InputError(
            f"{path}: expected a JSON array of objects ([{{...}}, ...]), found {what}; "
            "for one object per line name the file .jsonl or pass --format jsonl"
        )
    buffer.pos += 1
    return _json_elements(buffer)


def _json_elements(buffer: _Buffer) -> Iterator[tuple[int, dict[str, Any] | RowProblem]]:
    decoder = json.JSONDecoder()
    number = 0
    if buffer.skip_space() == "]":
        return
    while True:
        number += 1
        buffer.skip_space()
        while True:
            pending = len(buffer.data) - buffer.pos
            try:
                value, end = decoder.raw_decode(buffer.data, buffer.pos)
                if end < len(buffer.data) or not buffer.fill(pending):
                    break
                continue  # it ended exactly at the end of the buffer: it may go on
            except json.JSONDecodeError as exc:
                if _genuine(exc, len(buffer.data)):
                    yield number, RowProblem(f"not valid JSON: {exc}; the rest of the file is skipped")
                    return
                if pending > MAX_JSON_ELEMENT:
                    yield number, RowProblem(
                        f"an element larger than {MAX_JSON_ELEMENT >> 20} MiB; "
                        "the rest of the file is skipped"
                    )
                    return
                if not buffer.fill(pending):  # an incomplete element: read as much again
                    yield number, RowProblem(f"not valid JSON: {exc}; the rest of the file is skipped")
                    return
        raw = buffer.data[buffer.pos:end]
        buffer.pos = end
        problem = undecodable(raw) or _lone_surrogates(raw, value)
        if problem:
            yield number, RowProblem(f"the element holds {problem}")
        elif not isinstance(value, dict):
            yield number, RowProblem(f"expected a JSON object, found {_json_type(value)}")
        else:
            yield number, value
        following = buffer.skip_space()
        if following == ",":
            buffer.pos += 1
            continue
        if following == "]":
            return
        yield number + 1, RowProblem(
            "not valid JSON: expected ',' or ']' after an element"
            + ("" if following else " (the file ends early)") + "; the rest of the file is skipped"
        )
        return


def _genuine(exc: json.JSONDecodeError, available: int) -> bool:
    """Whether a decoding error is bad JSON rather than an element cut by the buffer's end.

    An error near the end of the buffer may be a literal or number cut in two (``tru``), and an
    unterminated string is reported where the string starts: both are read on before judging.
    """
    return exc.pos < available - 16 and not exc.msg.startswith("Unterminated string")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array"}.get(type(value), type(value).__name__)
