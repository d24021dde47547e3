"""The options of one import, as one :class:`~slacheck.config.recipes.Recipe`.

Every way of saying how to read a file ends up as a recipe: ``--recipe NAME`` loads one, the
command-line options (``--map``, ``--set``, ``--value`` ...) are parsed into another by
:func:`recipe_from_options`, and the second overrides the first.  :func:`run_options` turns the
result into the keyword arguments of :func:`slacheck.importer.run.import_file`, so a saved
recipe (``--save-recipe``) and the options it was saved from run the very same import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..config.eventlog import EventLog, EventLogError
from ..config.problems import did_you_mean
from ..config.recipes import COLUMNS, FOLDS, TIMESTAMP_COLUMNS, Recipe, zone_problem
from ..errors import InputError
from .records import zone_of
from .shaping import Shaping


def parse_assignments(pairs: Iterable[str], option: str, *, allow_empty: bool = True) -> dict[str, str]:
    """``OURS=VALUE`` pairs of ``--map`` / ``--set`` / ``--default`` / ``--date-format`` / ``--tz``."""
    found: dict[str, str] = {}
    for pair in pairs:
        ours, sep, value = pair.partition("=")
        if not sep or not ours.strip() or (not allow_empty and not value.strip()):
            raise InputError(f"{option} {pair!r}: write COLUMN=VALUE, e.g. "
                             f"{_EXAMPLES.get(option, option + ' agreement=it-for-sales')}")
        found[ours.strip()] = value.strip() if option in _TRIMMED else value
    return found


_EXAMPLES = {"--map": "--map ref='Issue key'", "--tz": "--tz resolved_at=UTC",
             "--date-format": "--date-format 'opened_at=%d/%b/%y %I:%M %p'",
             "--fold": "--fold opened_at=earlier"}
_TRIMMED = ("--map", "--tz", "--fold")


def parse_value_maps(items: Iterable[str]) -> dict[str, dict[str, str]]:
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


def recipe_from_options(*, maps: Iterable[str] = (), sets: Iterable[str] = (),
                        defaults: Iterable[str] = (), nulls: Iterable[str] = (),
                        values: Iterable[str] = (), date_formats: Iterable[str] = (),
                        zones: Iterable[str] = (), folds: Iterable[str] = (),
                        fmt: str | None = None, encoding: str | None = None,
                        records: str | None = None) -> Recipe:
    """The recipe the command-line options describe; anything malformed or unknown is an
    :class:`InputError` (exit 2) before the file is read."""
    recipe = Recipe(
        name="", format=fmt, encoding=encoding, records=records,
        nulls=tuple(dict.fromkeys(text.strip() for text in nulls)),
        columns=parse_assignments(maps, "--map", allow_empty=False),
        constants=parse_assignments(sets, "--set"),
        defaults=parse_assignments(defaults, "--default"),
        values=parse_value_maps(values),
        date_formats=parse_assignments(date_formats, "--date-format"),
        zones=parse_assignments(zones, "--tz"),
        folds=parse_assignments(folds, "--fold"),
    )
    check_options(recipe)
    return recipe


def check_options(recipe: Recipe) -> None:
    """Refuse columns, formats, zones and folds that cannot work (``InputError``, exit 2).

    A recipe read from a file was checked already, with line and column; this repeats the
    checks for options given on the command line."""
    for table, option in ((recipe.columns, "--map"), (recipe.constants, "--set"),
                          (recipe.defaults, "--default"), (recipe.values, "--value"),
                          (recipe.date_formats, "--date-format"), (recipe.zones, "--tz"),
                          (recipe.folds, "--fold")):
        for column in table:
            if column not in COLUMNS:
                raise InputError(f"{option} {column}: {column!r} is not an import column"
                                 f"{did_you_mean(column, COLUMNS)}; the columns are "
                                 f"{', '.join(COLUMNS)}")
    for column, fmt in recipe.date_formats.items():
        if column not in TIMESTAMP_COLUMNS:
            raise InputError(f"--date-format {column}: {column} holds no timestamp; date "
                             f"formats are for {', '.join(TIMESTAMP_COLUMNS)}")
        if "%" not in fmt:
            raise InputError(f"--date-format {column}={fmt}: a strptime format has % codes, e.g. "
                             "'%d/%b/%y %I:%M %p'")
    for column, zone in recipe.zones.items():
        problem = zone_problem(zone)
        if problem:
            raise InputError(f"--tz {column}={zone}: {problem}")
    for column, fold in recipe.folds.items():
        if column not in (*TIMESTAMP_COLUMNS, "pauses"):
            raise InputError(f"--fold {column}: {column} holds no timestamp")
        if fold not in FOLDS:
            raise InputError(f"--fold {column}={fold}: write earlier or later")


def shaping_of(recipe: Recipe) -> Shaping:
    """What the recipe does to each row before it is read."""
    return Shaping(
        constants=dict(recipe.constants),
        defaults=dict(recipe.defaults),
        nulls=frozenset(recipe.nulls),
        values={column: dict(table) for column, table in recipe.values.items()},
        date_formats=dict(recipe.date_formats),
        zones={column: zone_of(name) for column, name in recipe.zones.items()},
        folds=dict(recipe.folds),
    )


def run_options(recipe: Recipe) -> dict[str, Any]:
    """The keyword arguments of :func:`~slacheck.importer.run.import_file` for ``recipe``."""
    options = {
        "fmt": recipe.format,
        "encoding": recipe.encoding or "utf-8",
        "mapping": dict(recipe.columns),
        "shaping": shaping_of(recipe),
        "records": recipe.records,
    }
    if recipe.events is not None:
        try:
            options["event_log"] = EventLog.from_table(recipe.events)
        except EventLogError as problem:
            raise InputError(f"recipe {recipe.name or '(options)'}: events.{problem}") from None
    return options


def build_shaping(*, sets: Iterable[str] = (), defaults: Iterable[str] = (),
                  nulls: Iterable[str] = (), values: Iterable[str] = (),
                  date_formats: Iterable[str] = (), zones: Iterable[str] = (),
                  folds: Iterable[str] = ()) -> Shaping:
    """The :class:`Shaping` of options written as on the command line (``"agreement=x"``,
    ``"priority:1 - Critical=urgent"``), for code that calls the importer directly."""
    return shaping_of(recipe_from_options(sets=sets, defaults=defaults, nulls=nulls,
                                          values=values, date_formats=date_formats, zones=zones,
                                          folds=folds))
