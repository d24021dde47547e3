"""Reading timestamps with a ``strptime`` format, fast and in five languages.

``datetime.strptime`` costs about 30 µs a call, and month names other than English need a
second pass over the text first: for an import of a million rows with three dates each that is
most of the time.  :func:`reader` compiles a format once into one regular expression with a
group per field (the same patterns ``strptime`` uses), so that reading a value is one match
and one ``datetime(...)``.  Month names are matched as words and looked up in :data:`MONTHS`
(English, German, French, Spanish, Portuguese; full or abbreviated, any case, a trailing dot
allowed); ``%p`` reads ``PM``, ``pm``, ``p.m.`` and ``p. m.``.

A format with a directive the compiler does not know (``%j``, ``%U``, ``%c`` ...) falls back to
``strptime`` after the month names are put into English, with the same results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Month names and abbreviations by language, January first; then extra spellings.
_NAMES = {
    "en": ("january february march april may june july august september october november december",
           "jan feb mar apr may jun jul aug sep oct nov dec"),
    "de": ("januar februar märz april mai juni juli august september oktober november dezember",
           "jan feb mär apr mai jun jul aug sep okt nov dez"),
    "fr": ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "janv févr mars avr mai juin juil août sept oct nov déc"),
    "es": ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "ene feb mar abr may jun jul ago sep oct nov dic"),
    "pt": ("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
           "jan fev mar abr mai jun jul ago set out nov dez"),
}
_EXTRA = {"sept": 9, "jän": 1, "mrz": 3, "fév": 2, "déc": 12, "set": 9, "maerz": 3, "marz": 3}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for full, short in _NAMES.values():
        for names in (full.split(), short.split()):
            for number, name in enumerate(names, 1):
                table.setdefault(name, number)
    for name, number in _EXTRA.items():
        table.setdefault(name, number)
    return table


#: Every month name slacheck reads, lower case -> 1..12.
MONTHS = _month_table()
_MONTH_WORD = re.compile(
    "(?<![^\\W\\d_])(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
    + ")\\.?(?![^\\W\\d_])", re.IGNORECASE)


def english_months(text: str) -> str:
    """``10/nov/25`` -> ``10/Nov/25``, ``3. März`` -> ``3. Mar``: every month name in English."""
    return _MONTH_WORD.sub(lambda m: _ENGLISH[MONTHS[m.group(1).lower()] - 1], text)


# The patterns of CPython's _strptime, one group each.
_FIELDS = {
    "d": r"(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])",
    "m": r"(1[0-2]|0[1-9]|[1-9])",
    "y": r"(\d\d)",
    "Y": r"(\d\d\d\d)",
    "H": r"(2[0-3]|[0-1]\d|\d)",
    "I": r"(1[0-2]|0[1-9]|[1-9])",
    "M": r"([0-5]\d|\d)",
    "S": r"(6[0-1]|[0-5]\d|\d)",
    "f": r"(\d{1,6})",
    "p": r"([AaPp])\.?\s?[Mm]\.?",
    "b": r"([^\W\d_]+)\.?",
    "B": r"([^\W\d_]+)\.?",
    "a": r"(?:[^\W\d_]+)\.?",
    "A": r"(?:[^\W\d_]+)\.?",
    "z": r"(Z|z|[+-]\d\d:?[0-5]\d(?::?[0-5]\d(?:\.\d{1,6})?)?)",
}
_NO_GROUP = ("a", "A")


class FormatMismatch(ValueError):
    """The text does not match the format (or names no real date)."""


Reader = Callable[[str], datetime]


def _compile(fmt: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """The regular expression of ``fmt`` and the directive of each group; ``None`` when the
    format uses a directive this module does not compile."""
    parts: list[str] = []
    order: list[str] = []
    index = 0
    while index < len(fmt):
        char = fmt[index]
        if char == "%":
            if index + 1 >= len(fmt):
                return None
            code = fmt[index + 1]
            index += 2
            if code == "%":
                parts.append("%")
                continue
            if code not in _FIELDS:
                return None
            parts.append(_FIELDS[code])
            if code not in _NO_GROUP:
                order.append(code)
            continue
        if char.isspace():
            parts.append(r"\s+")
            while index < len(fmt) and fmt[index].isspace():
                index += 1
            continue
        parts.append(re.escape(char))
        index += 1
    return re.compile("".join(parts), re.IGNORECASE), tuple(order)


def _offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4])
    seconds = float(digits[4:]) if len(digits) > 4 else 0.0
    return timezone(sign * timedelta(hours=hours, minutes=minutes, seconds=seconds))


def _short_year(text: str) -> int:
    short = int(text)
    return short + (1900 if short >= 69 else 2000)


def _micro(text: str) -> int:
    return int(text.ljust(6, "0"))


def _month(name: str, text: str) -> int:
    found = MONTHS.get(name.lower())
    if found is None:
        raise FormatMismatch(text)
    return found


def _build(pattern: re.Pattern[str], order: tuple[str, ...]) -> Reader:
    """A reader for a compiled format, as one small function made for it: each argument of
    ``datetime`` is an expression of the match's groups.

    The function's source holds only group indexes and the names of this module's helpers,
    never text of the format, so a format cannot put code into it.  (A loop over the groups
    costs about twice as much, three times a row in a large import.)
    """
    def group(code: str) -> int | None:
        return order.index(code) if code in order else None

    def value(codes: tuple[str, ...], default: str) -> str:
        for code in codes:
            index = group(code)
            if index is not None:
                return {"y": f"_short_year(g[{index}])", "f": f"_micro(g[{index}])",
                        "b": f"_month(g[{index}], text)", "B": f"_month(g[{index}], text)",
                        }.get(code, f"int(g[{index}])")
        return default

    hour = value(("H", "I"), "0")
    if "I" in order and "p" in order:
        hour = f"{hour} % 12 + (12 if g[{group('p')}] in 'pP' else 0)"
    arguments = [value(("Y", "y"), "1900"), value(("m", "b", "B"), "1"), value(("d",), "1"),
                 hour, value(("M",), "0"), value(("S",), "0"), value(("f",), "0")]
    if "z" in order:
        arguments.append(f"tzinfo=_offset(g[{group('z')}])")
    source = (
        "def read(text):\n"
        "    match = fullmatch(text)\n"
        "    if match is None:\n"
        "        raise FormatMismatch(text)\n"
        "    g = match.groups()\n"
        "    try:\n"
        f"        return datetime({', '.join(arguments)})\n"
        "    except ValueError:\n"
        "        raise FormatMismatch(text) from None\n"
    )
    namespace = {"fullmatch": pattern.fullmatch, "FormatMismatch": FormatMismatch,
                 "datetime": datetime, "_short_year": _short_year, "_micro": _micro,
                 "_month": _month, "_offset": _offset}
    exec(compile(source, f"<date format reader {len(order)} fields>", "exec"), namespace)  # noqa: S102
    return namespace["read"]


def _fallback(fmt: str) -> Reader:
    english = fmt.replace("%B", "%b")

    def read(text: str) -> datetime:
        try:
            return datetime.strptime(english_months(text), english)
        except ValueError:
            raise FormatMismatch(text) from None

    return read


_READERS: dict[str, Reader] = {}


def reader(fmt: str) -> Reader:
    """A function that reads text written in ``fmt`` (blanks around it ignored) into a
    ``datetime`` (aware when the format has ``%z``), or raises :class:`FormatMismatch`."""
    found = _READERS.get(fmt)
    if found is None:
        compiled = _compile(fmt.strip())
        found = _READERS[fmt] = _build(*compiled) if compiled is not None else _fallback(fmt)
    return found
