"""Reading one TOML file: bytes to text to plain Python data, with positions and problems.

Whatever the bytes (invalid UTF-8, NUL bytes, a byte-order mark, a syntax error, nesting deep
enough to exhaust the parser, a file over :data:`MAX_FILE_BYTES`), :func:`read_source` returns a
:class:`Source` and never raises:
what went wrong is a :class:`~slacheck.config.problems.Problem` with a line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError

from .locator import Positions, locate
from .problems import Problem

_BOM = "\ufeff"
#: The largest agreement file slacheck reads.  A real one is a few kilobytes; this leaves room
#: for thousands of services while keeping ``validate`` fast and its memory small.
MAX_FILE_BYTES = 512 * 1024
_AT_LINE = re.compile(r"\s+at line \d+ col \d+\s*$")


@dataclass
class Source:
    """One parsed file: ``data`` is ``None`` when it could not be read as TOML."""

    path: Path
    data: dict | None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)


def decode(raw: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes to text.  A byte-order mark is dropped with a warning; bad bytes are an error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        message = (f"not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line} cannot be "
                   "decoded; save the file as UTF-8")
        return None, [Problem(path, 1, 1, message)]
    problems: list[Problem] = []
    if text.startswith(_BOM):
        text = text[1:]
        problems.append(Problem(
            path, 1, 1, "the file starts with a byte-order mark; save it as UTF-8 without one",
            "warning",
        ))
    return text, problems


def _syntax_problem(exc: ParseError, text: str, path: Path) -> Problem:
    message = _AT_LINE.sub("", str(exc)).strip() or "invalid TOML"
    line, col = exc.line or 1, (exc.col or 0) + 1
    if "'\\x00'" in message and "\x00" not in text:
        message = "unexpected end of file"
        lines = text.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
    message = message[0].lower() + message[1:]
    return Problem(path, line, col, f"invalid TOML: {message}")


def _too_large(path: Path, size: int) -> Source:
    message = (f"the file has {size:,} bytes; agreement files are limited to "
               f"{MAX_FILE_BYTES // 1024:,} KiB (split it into several agreements)")
    return Source(path, None, problems=[Problem(path, 1, 1, message)])


def parse_text(text: str, path: Path) -> Source:
    """Parse TOML text into plain Python data (dates stay ``datetime.date``) and positions."""
    if len(text) > MAX_FILE_BYTES:
        return _too_large(path, len(text.encode("utf-8", "surrogatepass")))
    try:
        document = tomlkit.parse(text)
        data = document.unwrap()
    except ParseError as exc:
        return Source(path, None, problems=[_syntax_problem(exc, text, path)])
    except RecursionError:
        return Source(path, None, problems=[Problem(path, 1, 1, "invalid TOML: nested too deeply")])
    except Exception as exc:  # tomlkit raises a few non-ParseError types on odd input
        detail = str(exc).strip() or type(exc).__name__
        detail = detail[0].lower() + detail[1:]
        return Source(path, None, problems=[Problem(path, 1, 1, f"invalid TOML: {detail}")])
    return Source(path, data, locate(text))


def read_source(path: Path) -> Source:
    """Read and parse one file; every failure becomes a problem on the returned source."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _too_large(path, size)
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Source(path, None, problems=[Problem(path, 1, 1, f"cannot read the file: {reason}")])
    text, problems = decode(raw, path)
    if text is None:
        return Source(path, None, problems=problems)
    source = parse_text(text, path)
    source.problems[:0] = problems
    return source
