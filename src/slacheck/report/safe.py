"""User text is data, never markup: make titles, comments and names safe for each format.

* terminals: control characters (ANSI escape sequences start with ESC) are shown as visible
  ``\\x1b``-style escapes, so they can neither colour, move the cursor nor break a line;
* Rich: user text is only ever put into ``rich.text.Text`` objects, never parsed as markup
  (the table renderer does that; :func:`terminal` is applied first);
* Markdown: characters that are active inside a table cell or a heading (emphasis, code, links,
  HTML, entities, the cell separator) are backslash-escaped;
* CSV: a cell that a spreadsheet would run as a formula (``= + - @``, tab, CR) gets a ``'``,
  and :func:`csv_row` quotes every cell that holds a separator, a quote or any control
  character (a bare CR would end the record early in every CSV reader).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~&])")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group(0)):02x}"


def terminal(text: object) -> str:
    """Text safe to print on a terminal: control characters made visible, one line."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(_visible, value)


def markdown(text: object) -> str:
    """Text shown literally in Markdown (and in a table cell of it)."""
    return _MARKDOWN.sub(r"\\\1", terminal(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_CSV_NEEDS_QUOTES = re.compile(r'[,"\x00-\x1f\x7f]')


def csv_row(values: list[object]) -> str:
    """One CSV record (``\n``-terminated) of safe cells: numbers bare, empty for ``None``, and
    text quoted whenever it holds a comma, a quote or a control character.  (Inline rather than
    through :func:`csv_cell`: ``slacheck verdicts`` writes a million rows.)"""
    cells = []
    append = cells.append
    needs_quotes = _CSV_NEEDS_QUOTES.search
    for value in values:
        if value is None:
            append("")
            continue
        kind = type(value)
        if kind is int:
            append(str(value))
            continue
        if kind is float:
            append(repr(value))
            continue
        text = str(value)
        if text.startswith(_FORMULA_START):
            text = "'" + text
        if needs_quotes(text):
            text = '"' + text.replace('"', '""') + '"'
        append(text)
    return ",".join(cells) + "\n"


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not evaluate; numbers pass through unchanged."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
