"""Where each key and value of a TOML document sits: the position locator.

tomlkit parses but does not report positions, so :func:`locate` walks the source once more with
a small tokenizer that knows just enough TOML to follow the structure: table headers ``[a.b]``
and ``[[a]]`` (counting the elements of every array of tables), dotted and quoted keys, inline
tables, arrays over several lines, the four kinds of strings and comments.  It assumes the text
has already been accepted by the parser.

Paths are tuples of keys and array indexes, e.g. ``("services", 1, "priorities", "urgent")`` or
``("closed", 0)``.  For each path :class:`Positions` holds the 1-based (line, col) of its key and
of its value.  A table opened by a header has the header's ``[`` as its value position; an array
element's key position is its value position.
"""

from __future__ import annotations

import re
from bisect import bisect_right

KeyPath = tuple  # tuple[str | int, ...]
Pos = tuple[int, int]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]*")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b",
                   '"': '"', "\\": "\\"}


class Positions:
    """Key and value positions by path, with a fallback to the nearest recorded parent."""

    def __init__(self, keys: dict[KeyPath, Pos] | None = None,
                 values: dict[KeyPath, Pos] | None = None) -> None:
        self.keys: dict[KeyPath, Pos] = keys or {}
        self.values: dict[KeyPath, Pos] = values or {}

    def __contains__(self, path: KeyPath) -> bool:
        return tuple(path) in self.keys

    def _fallback(self, path: KeyPath) -> Pos:
        path = tuple(path)
        while path:
            path = path[:-1]
            if path in self.keys:
                return self.keys[path]
        return (1, 1)

    def key(self, path: KeyPath) -> Pos:
        """Where the key of ``path`` starts; else where its nearest recorded parent's key does."""
        found = self.keys.get(tuple(path))
        return found if found is not None else self._fallback(path)

    def value(self, path: KeyPath) -> Pos:
        """Where the value of ``path`` starts; else where its nearest recorded parent's key does."""
        found = self.values.get(tuple(path))
        return found if found is not None else self._fallback(path)


class _Stop(Exception):
    """The text is not TOML this tokenizer understands: keep what was found so far."""


def _unescape(raw: str) -> str:
    def repl(match: re.Match) -> str:
        code = match.group(1)
        if code[0] in "uUx" and len(code) > 1:
            try:
                return chr(int(code[1:], 16))
            except (ValueError, OverflowError):
                return code
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(repl, raw)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.keys: dict[KeyPath, Pos] = {}
        self.values: dict[KeyPath, Pos] = {}
        self.aot: dict[KeyPath, int] = {}  # array-of-tables path -> index of its last element

    # ------------------------------------------------------------------ helpers
    def pos(self, index: int) -> Pos:
        line = bisect_right(self.line_starts, index) - 1
        return (line + 1, index - self.line_starts[line] + 1)

    def note(self, path: KeyPath, key: int, value: int, *, force: bool = False) -> None:
        if force or path not in self.keys:
            self.keys[path] = self.pos(key)
            self.values[path] = self.pos(value)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < self.n else ""

    def skip_blanks(self) -> None:
        """Spaces and tabs only."""
        while self.i < self.n and self.s[self.i] in " \t\r":
            self.i += 1

    def skip_all(self) -> None:
        """Whitespace, newlines and comments."""
        while self.i < self.n:
            c = self.s[self.i]
            if c in " \t\r\n":
                self.i += 1
            elif c == "#":
                end = self.s.find("\n", self.i)
                self.i = self.n if end < 0 else end
            else:
                return

    # ------------------------------------------------------------------ strings and keys
    def string(self) -> str:
        """Consume a string starting at ``self.i``; return its text (escapes decoded)."""
        s, i = self.s, self.i
        if s.startswith('"""', i) or s.startswith("'''", i):
            quote = s[i]
            j = i + 3
            while j < self.n:
                if quote == '"' and s[j] == "\\":
                    j += 2
                    continue
                if s.startswith(quote * 3, j):
                    k = j + 3
                    while k < self.n and s[k] == quote and k - j < 5:
                        k += 1
                    body = s[i + 3:k - 3]
                    self.i = k
                    return _unescape(body) if quote == '"' else body
                j += 1
            raise _Stop
        quote = s[i]
        j = i + 1
        while j < self.n and s[j] != quote and s[j] != "\n":
            if quote == '"' and s[j] == "\\":
                j += 1
            j += 1
        if j >= self.n or s[j] != quote:
            raise _Stop
        self.i = j + 1
        body = s[i + 1:j]
        return _unescape(body) if quote == '"' else body

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its segments, each with the index where it starts."""
        segments: list[tuple[str, int]] = []
        while True:
            self.skip_blanks()
            start = self.i
            c = self.peek()
            if c in ('"', "'"):
                segments.append((self.string(), start))
            else:
                match = _BARE_KEY.match(self.s, self.i)
                if not match:
                    raise _Stop
                segments.append((match.group(), start))
                self.i = match.end()
            self.skip_blanks()
            if self.peek() != ".":
                return segments
            self.i += 1

    # ------------------------------------------------------------------ values
    def value(self, path: KeyPath, depth: int = 0) -> None:
        if depth > 200:
            raise _Stop
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_all()
                if self.peek() == "]":
                    self.i += 1
                    return
                if not self.peek():
                    raise _Stop
                start = self.i
                self.note(path + (index,), start, start, force=True)
                self.value(path + (index,), depth + 1)
                index += 1
                self.skip_all()
                if self.peek() == ",":
                    self.i += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_all()
                if self.peek() == "}":
                    self.i += 1
                    return
                if not self.peek():
                    raise _Stop
                self.keyval(path, depth + 1)
                self.skip_all()
                if self.peek() == ",":
                    self.i += 1
        else:
            match = _SCALAR.match(self.s, self.i)
            if not match or not match.group().strip():
                raise _Stop
            self.i = match.end()

    def keyval(self, table: KeyPath, depth: int = 0) -> None:
        segments = self.key()
        path = table
        for name, start in segments[:-1]:
            path = path + (name,)
            self.note(path, start, start)
        name, start = segments[-1]
        path = path + (name,)
        self.skip_blanks()
        if self.peek() != "=":
            raise _Stop
        self.i += 1
        self.skip_blanks()
        self.note(path, start, self.i, force=True)
        self.value(path, depth)

    # ------------------------------------------------------------------ document
    def header(self) -> KeyPath:
        opening = self.i
        is_array = self.peek(1) == "["
        self.i += 2 if is_array else 1
        segments = self.key()
        self.skip_blanks()
        closing = "]]" if is_array else "]"
        if not self.s.startswith(closing, self.i):
            raise _Stop
        self.i += len(closing)
        path: KeyPath = ()
        for k, (name, start) in enumerate(segments):
            path = path + (name,)
            last = k == len(segments) - 1
            if last and is_array:
                self.note(path, start, opening)
                index = self.aot.get(path, -1) + 1
                self.aot[path] = index
                path = path + (index,)
                self.note(path, opening, opening, force=True)
            elif last:
                self.note(path, start, opening, force=True)
            else:
                self.note(path, start, opening)
                if path in self.aot:
                    path = path + (self.aot[path],)
        return path

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_all()
            if self.i >= self.n:
                return
            if self.peek() == "[":
                table = self.header()
            else:
                self.keyval(table)
            self.skip_blanks()
            if self.peek() == "#":
                end = self.s.find("\n", self.i)
                self.i = self.n if end < 0 else end
            elif self.peek() not in ("\n", ""):
                raise _Stop


def locate(text: str) -> Positions:
    """Positions of every key and value in ``text``, a TOML document the parser accepted.

    Never raises: on text it does not understand it returns what it found up to there, and a
    path that was not found falls back to its nearest recorded parent, then to 1:1.
    """
    scanner = _Scanner(text)
    try:
        scanner.document()
    except (_Stop, RecursionError, IndexError, ValueError):
        pass
    return Positions(scanner.keys, scanner.values)
