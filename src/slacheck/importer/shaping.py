"""Shaping a raw export row before it is read: constants, defaults, null markers, value maps,
date formats, time zones and folds per column (``slacheck import --set / --default / --null /
--value / --date-format / --tz / --fold``).

:class:`Shaping` holds what the user said, keyed by *our* column names; :meth:`Shaping.apply`
rewrites one row (keyed by the file's column names, as the readers give it) so that
:class:`~slacheck.importer.records.RecordParser` then reads it as if the export had been written
for slacheck.  A timestamp read with a date format leaves here as ISO 8601 with its offset; a
local time that the clocks skip (a DST gap) is refused, as ``slacheck log --at`` refuses it, and
one they repeat (the autumn hour) unless ``--fold`` says which of the two it is.

Month names are read in English, German, French, Spanish and Portuguese, in any case, full or
abbreviated (``22/Dec/25``, ``10/nov/25``, ``3. März 2026``): before ``strptime`` they are replaced
by the English abbreviation, so ``%b`` and ``%B`` both match them.  Without a date format a column
is ISO 8601 only: slacheck never guesses between day and month.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from ..errors import InputError
from .instants import local_moment
from .readers import RowProblem

_ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Month names and abbreviations by language, January first.
_MONTHS = {
    "en": ("january february march april may june july august september october november december",
           "jan feb mar apr may jun jul aug sep oct nov dec", "sept"),
    "de": ("januar februar märz april mai juni juli august september oktober november dezember",
           "jan feb mär apr mai jun jul aug sep okt nov dez", "jän mrz"),
    "fr": ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "janv févr mars avr mai juin juil août sept oct nov déc", "fév déc"),
    "es": ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "ene feb mar abr may jun jul ago sep oct nov dic", "set"),
    "pt": ("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
           "jan fev mar abr mai jun jul ago set out nov dez", ""),
}
_EXTRA_MONTH = {"sept": 9, "jän": 1, "mrz": 3, "fév": 2, "déc": 12, "set": 9}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for full, short, _ in _MONTHS.values():
        for names in (full.split(), short.split()):
            for number, name in enumerate(names, 1):
                table.setdefault(name, number)
    for name, number in _EXTRA_MONTH.items():
        table.setdefault(name, number)
    return table


MONTHS = _month_table()
_MONTH_WORD = re.compile(
    "(?<![^\\W\\d_])(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + ")\\.?(?![^\\W\\d_])",
    re.IGNORECASE,
)


def english_months(text: str) -> str:
    """``10/nov/25`` -> ``10/Nov/25``, ``3. März`` -> ``3. Mar``: every month name in English."""
    return _MONTH_WORD.sub(lambda m: _ENGLISH[MONTHS[m.group(1).lower()] - 1], text)


def _format_for_months(fmt: str) -> str:
    return fmt.replace("%B", "%b")


def localize(naive: datetime, zone: tzinfo, shown: str, column: str = "COL",
             fold: str | None = None) -> datetime:
    """``naive`` read in ``zone``: a wall time the clocks skip is refused (as ``log --at``), one
    they repeat unless ``fold`` says which (see :func:`.instants.local_moment`)."""
    return local_moment(naive, zone, shown, column, fold)


def parse_formatted(text: str, fmt: str, zone: tzinfo, column: str = "COL",
                    fold: str | None = None) -> str:
    """``text`` read with the strptime format ``fmt`` (month names in any supported language);
    a naive result is in ``zone`` (a repeated wall time needs ``fold``, named for ``column``).
    Returns ISO 8601 with the offset."""
    raw = text.strip()
    try:
        moment = datetime.strptime(english_months(raw), _format_for_months(fmt))
    except ValueError:
        raise RowProblem(f"{raw!r} does not match the date format {fmt!r}") from None
    if moment.tzinfo is None:
        moment = localize(moment, zone, raw, column, fold)
    return moment.isoformat()


@dataclass(frozen=True)
class Shaping:
    """What to do to each row before it is read, by our column name."""

    constants: Mapping[str, str] = field(default_factory=dict)  # --set ours=VALUE
    defaults: Mapping[str, str] = field(default_factory=dict)  # --default ours=VALUE
    nulls: frozenset[str] = frozenset()  # --null TEXT
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # --value COL:THEIRS=OURS
    date_formats: Mapping[str, str] = field(default_factory=dict)  # --date-format COL=FORMAT
    zones: Mapping[str, tzinfo] = field(default_factory=dict)  # --tz COL=ZONE
    #: --fold COL=earlier|later: which of the two instants a repeated wall time is.
    folds: Mapping[str, str] = field(default_factory=dict)

    def is_plain(self) -> bool:
        """Whether :meth:`apply` leaves every row as it is (``folds`` are read by the parser,
        not applied to the row)."""
        return not (self.constants or self.defaults or self.nulls or self.values
                    or self.date_formats or self.zones)

    def apply(self, row: Mapping[str, Any], sources: Mapping[str, str], zone: tzinfo) -> dict[str, Any]:
        """The row with every shaping applied; ``sources`` maps our columns to their keys in
        the row."""
        shaped = dict(row)
        folded = {column: {k.casefold(): v for k, v in table.items()}
                  for column, table in self.values.items()}
        for ours, theirs in sources.items():
            if ours in self.constants:
                shaped[theirs] = self.constants[ours]
                continue
            value = shaped.get(theirs)
            if isinstance(value, str) and value.strip() in self.nulls:
                value = ""
            if value is None or value == "":
                value = self.defaults.get(ours, value)
            if ours in self.values and isinstance(value, str) and value:
                table = self.values[ours]
                value = table.get(value, folded[ours].get(value.strip().casefold(), value))
            if isinstance(value, str) and value.strip() and ours in self.date_formats:
                value = self._formatted(ours, value, zone)
            elif isinstance(value, str) and value.strip() and ours in self.zones:
                value = self._zoned(ours, value)
            shaped[theirs] = value
        return shaped

    def _formatted(self, ours: str, value: str, zone: tzinfo) -> str:
        try:
            return parse_formatted(value, self.date_formats[ours], self.zones.get(ours, zone),
                                   ours, self.folds.get(ours))
        except RowProblem as problem:
            raise RowProblem(f"{ours}: {problem}") from None

    def _zoned(self, ours: str, value: str) -> str:
        raw = value.strip()
        try:
            moment = datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1:] in "zZ" else raw)
        except ValueError:
            return value  # the parser says what is wrong with it
        if moment.tzinfo is not None:
            return value
        try:
            return localize(moment, self.zones[ours], raw, ours, self.folds.get(ours)).isoformat()
        except RowProblem as problem:
            raise RowProblem(f"{ours}: {problem}") from None


def build_shaping(*, sets: tuple[str, ...] = (), defaults: tuple[str, ...] = (),
                  nulls: tuple[str, ...] = (), values: tuple[str, ...] = (),
                  date_formats: tuple[str, ...] = (), zones: tuple[str, ...] = (),
                  folds: tuple[str, ...] = ()) -> Shaping:
    """The :class:`Shaping` of the command-line options; unknown columns, zones and folds are
    refused (``InputError``, exit 2) before the file is read."""
    from .columns import COLUMNS, TIMESTAMP_COLUMNS
    from .instants import FOLDS, zone_of

    def known(table: Mapping[str, Any], option: str) -> None:
        for column in table:
            if column not in COLUMNS:
                raise InputError(f"{option} {column}: {column!r} is not an import column; the "
                                 f"columns are {', '.join(COLUMNS)}")

    shaping = Shaping(
        constants=parse_assignments(sets, "--set"),
        defaults=parse_assignments(defaults, "--default"),
        nulls=frozenset(text.strip() for text in nulls),
        values=parse_value_maps(values),
        date_formats=parse_assignments(date_formats, "--date-format"),
        zones={column: zone_of(name.strip())
               for column, name in parse_assignments(zones, "--tz").items()},
        folds={column: fold.strip()
               for column, fold in parse_assignments(folds, "--fold").items()},
    )
    for table, option in ((shaping.constants, "--set"), (shaping.defaults, "--default"),
                          (shaping.values, "--value"), (shaping.date_formats, "--date-format"),
                          (shaping.zones, "--tz"), (shaping.folds, "--fold")):
        known(table, option)
    for column, fmt in shaping.date_formats.items():
        if "%" not in fmt:
            raise InputError(f"--date-format {column}={fmt}: a strptime format has % codes, e.g. "
                             "'%d/%b/%y %I:%M %p'")
    for column, fold in shaping.folds.items():
        if column not in TIMESTAMP_COLUMNS:
            raise InputError(f"--fold {column}={fold}: {column} holds no timestamp; a fold is for "
                             f"{', '.join(TIMESTAMP_COLUMNS)}")
        if fold not in FOLDS:
            raise InputError(f"--fold {column}={fold}: write earlier or later (the first or the "
                             "second time the clocks showed that hour)")
    return shaping


def parse_assignments(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """``ours=VALUE`` pairs of ``--set`` / ``--default`` / ``--date-format`` / ``--tz``."""
    found: dict[str, str] = {}
    for pair in pairs:
        ours, sep, value = pair.partition("=")
        if not sep or not ours.strip():
            raise InputError(f"{option} {pair!r}: write COLUMN=VALUE, e.g. {option} agreement=it-for-sales")
        found[ours.strip()] = value
    return found


def parse_value_maps(items: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``--value COL:THEIRS=OURS`` (``priority:1 - Critical=urgent``)."""
    maps: dict[str, dict[str, str]] = {}
    for item in items:
        column, colon, rest = item.partition(":")
        theirs, sep, ours = rest.rpartition("=")
        if not colon or not sep or not column.strip():
            raise InputError(f"--value {item!r}: write COLUMN:THEIRS=OURS, e.g. "
                             "--value 'priority:1 - Critical=urgent'")
        maps.setdefault(column.strip(), {})[theirs] = ours
    return maps
