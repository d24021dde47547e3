"""Shaping a raw export row before it is read: constants, defaults, null markers, value maps,
date formats and time zones per column (``slacheck import --set / --default / --null / --value /
--date-format / --tz``).

:class:`Shaping` holds what the user said, keyed by *our* column names; :meth:`Shaping.apply`
rewrites one row (keyed by the file's column names, as the readers give it) so that
:class:`~slacheck.importer.records.RecordParser` then reads it as if the export had been written
for slacheck.  A timestamp read with a date format (or a zone) leaves here as an aware
``datetime``; a local time that the clocks skip is refused, and one they repeat needs a fold
(:mod:`.localtime`).  :meth:`Shaping.compile` works out once per import what each column needs,
so a row costs only the steps its columns have.

Dates are read by :mod:`.datefmt` (month names in English, German, French, Spanish and
Portuguese).  Without a date format a column is ISO 8601 only: slacheck never guesses between
day and month.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from ..config.recipes import TIMESTAMP_COLUMNS
from .datefmt import MONTHS, FormatMismatch, english_months, reader  # noqa: F401 - re-exported
from .localtime import YearChangeDays, localize
from .readers import RowProblem

Shaper = Callable[[Mapping[str, Any]], dict[str, Any]]
#: Characters ``str.strip`` removes (a cell that starts or ends with one may be a padded marker).
_BLANKS = frozenset(chr(code) for code in range(0x3001) if chr(code).isspace())

def parse_formatted(text: str, fmt: str, zone: tzinfo, fold: str | None = None,
                    column: str = "") -> datetime | str:
    """``text`` read with the strptime format ``fmt`` (month names in any supported language);
    a result without an offset is in ``zone`` (see :func:`.localtime.localize`).  Blank text
    is returned as it is.  The reader of a ``--date-format`` column, for one value."""
    return _timestamp(column, fmt, zone, fold)(text)


def parse_zoned(text: str, zone: tzinfo, fold: str | None = None, column: str = "") -> datetime | str:
    """An ISO 8601 text without an offset, read in ``zone``; other text is returned as it is
    (the record parser says what is wrong with it)."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1:] in "zZ" else raw)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        return moment
    return localize(moment, zone, raw, fold, column)


@dataclass(frozen=True)
class Shaping:
    """What to do to each row before it is read, by our column name."""

    constants: Mapping[str, str] = field(default_factory=dict)  # --set ours=VALUE
    defaults: Mapping[str, str] = field(default_factory=dict)  # --default ours=VALUE
    nulls: frozenset[str] = frozenset()  # --null TEXT
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # --value COL:THEIRS=OURS
    date_formats: Mapping[str, str] = field(default_factory=dict)  # --date-format COL=FORMAT
    zones: Mapping[str, tzinfo] = field(default_factory=dict)  # --tz COL=ZONE
    folds: Mapping[str, str] = field(default_factory=dict)  # --fold COL=earlier|later

    def is_plain(self) -> bool:
        """Nothing to do to a row (folds alone are applied by the record parser)."""
        return not (self.constants or self.defaults or self.nulls or self.values
                    or self.date_formats or self.zones)

    def compile(self, sources: Mapping[str, str], zone: tzinfo) -> Shaper:
        """A function that shapes one row; ``sources`` maps our columns to the file's, ``zone``
        is the workspace's (for timestamps without an offset and without a ``--tz``).

        Null markers are one quick pass over the mapped columns; the other steps run only for
        the columns that have one."""
        constants = [(theirs, self.constants[ours]) for ours, theirs in sources.items()
                     if ours in self.constants]
        steps = []
        for ours, theirs in sources.items():
            if ours in self.constants:
                continue
            table = self.values.get(ours)
            folded = ({k.strip().casefold(): v for k, v in table.items()}
                      if table is not None else None)
            timestamp = None
            if ours in TIMESTAMP_COLUMNS and (ours in self.date_formats or ours in self.zones):
                timestamp = _timestamp(ours, self.date_formats.get(ours),
                                       self.zones.get(ours, zone), self.folds.get(ours))
            default = self.defaults.get(ours)
            if default is not None or table is not None or timestamp is not None:
                steps.append((theirs, default, table, folded, timestamp))
        nulls = self.nulls
        starts = frozenset(marker[0] for marker in nulls if marker) | _BLANKS
        nullable = tuple(theirs for ours, theirs in sources.items() if ours not in self.constants)

        def shape(row: Mapping[str, Any]) -> dict[str, Any]:
            shaped = dict(row)
            if nulls:
                for theirs in nullable:
                    value = shaped.get(theirs)
                    # Only a cell that starts like a marker, or with or after a blank, can be one.
                    if value.__class__ is str and value and (
                            value[0] in starts or value[-1] in _BLANKS) and (
                            value in nulls or value.strip() in nulls):
                        shaped[theirs] = ""
            for theirs, value in constants:
                shaped[theirs] = value
            for theirs, default, table, folded, timestamp in steps:
                value = shaped.get(theirs)
                if (value is None or value == "") and default is not None:
                    value = default
                if table is not None and value.__class__ is str and value:
                    value = table.get(value, folded.get(value.strip().casefold(), value))
                if timestamp is not None and value.__class__ is str and value:
                    value = timestamp(value)
                shaped[theirs] = value
            return shaped

        return shape


def _timestamp(ours: str, fmt: str | None, zone: tzinfo, fold: str | None) -> Callable[[str], Any]:
    """What a timestamp column's cell goes through: its date format, else its zone."""
    prefix = f"{ours}: " if ours else ""
    if fmt is not None:
        read = reader(fmt)
        changes = YearChangeDays(zone)

        def formatted(text: str) -> datetime | str:
            raw = text.strip()
            if not raw:
                return text  # blanks: an empty cell
            try:
                moment = read(raw)
            except FormatMismatch:
                raise RowProblem.varying(prefix, repr(raw), " does not match the date format "
                                         f"{fmt!r}", column=ours or None, value=raw) from None
            if moment.tzinfo is None:
                if (moment.month, moment.day) not in changes[moment.year]:
                    return moment.replace(tzinfo=zone)  # the common case, inline
                try:
                    moment = localize(moment, zone, raw, fold, ours)
                except RowProblem as problem:
                    raise problem.wrap(prefix) from None
            return moment

        return formatted

    def zoned(text: str) -> Any:
        try:
            return parse_zoned(text, zone, fold, ours)
        except RowProblem as problem:
            raise problem.wrap(prefix) from None

    return zoned
