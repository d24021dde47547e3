"""Import recipes: how to read one source's exports, as a reviewed TOML file.

A recipe says everything ``slacheck import`` needs to read one ticket system's export: the
file's format and encoding, which of its columns feeds each of ours, constants, defaults, null
markers, value maps, date formats, time zones, which fold of a repeated hour, and, for a log of
state changes, how states become events.  Recipes live in the workspace at
``agreements/imports/NAME.toml`` (reviewed in git like the agreements); presets with the same
format ship with slacheck (``slacheck/presets/``).  A workspace recipe wins over a preset of
the same name, and ``extends = "NAME"`` starts from another recipe or preset.

This module reads and checks recipes (every problem as ``path:line:col``, as for the agreement
files) into plain :class:`Recipe` data; :mod:`slacheck.importer.options` turns one into what
the importer runs with, and :mod:`slacheck.config.recipe_text` writes one back as TOML.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InputError
from .checks import Doc, Section, describe
from .eventlog import EventLog, EventLogError
from .problems import Problem, did_you_mean
from .source import read_source
from .workspace import Workspace

#: The canonical import columns, in the order of the contract (``docs/store.md``).
COLUMNS = (
    "ref", "agreement", "service", "priority", "requester", "title", "opened_at",
    "first_response_at", "resolved_at", "pauses", "rating", "comment",
)
#: Columns every row must fill.
REQUIRED = ("ref", "agreement", "service", "opened_at")
#: Columns that hold one instant each.
TIMESTAMP_COLUMNS = ("opened_at", "first_response_at", "resolved_at")
FORMATS = ("csv", "json", "jsonl")
FOLDS = ("earlier", "later")
#: Keys of an ``[events]`` table (an event-log source): single column names, and state lists.
EVENT_COLUMN_KEYS = ("key", "order", "state", "priority", "sequence", "assignee")
EVENT_STATE_KEYS = ("pause", "resolve", "respond", "reopen")
IMPORTS_DIR = "imports"
PRESETS = Path(__file__).resolve().parent.parent / "presets"
_TABLES = ("columns", "set", "default", "values", "date_formats", "zones", "folds")
_KEYS = ("description", "extends", "format", "encoding", "records", "null", *_TABLES, "events")


@dataclass(frozen=True)
class Recipe:
    """How to read one source.  Tables are keyed by *our* column name.

    ``origin`` is the file it came from (``None``: built from command-line options).
    """

    name: str = ""
    origin: Path | None = None
    preset: bool = False
    description: str = ""
    format: str | None = None
    encoding: str | None = None
    records: str | None = None
    nulls: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # --map ours=theirs
    constants: dict[str, str] = field(default_factory=dict)  # --set
    defaults: dict[str, str] = field(default_factory=dict)  # --default
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # --value COL:THEIRS=OURS
    date_formats: dict[str, str] = field(default_factory=dict)  # --date-format
    zones: dict[str, str] = field(default_factory=dict)  # --tz
    folds: dict[str, str] = field(default_factory=dict)  # --fold
    events: dict | None = None  # an event-log source: see docs/import.md

    def overridden_by(self, other: Recipe) -> Recipe:
        """This recipe with ``other``'s settings on top: a scalar ``other`` sets wins, tables
        are merged key by key (value maps per column and value), null markers are added."""
        changes: dict = {}
        for name in ("format", "encoding", "records", "events"):
            if getattr(other, name) is not None:
                changes[name] = getattr(other, name)
        if other.description:
            changes["description"] = other.description
        for name in ("columns", "constants", "defaults", "date_formats", "zones", "folds"):
            changes[name] = {**getattr(self, name), **getattr(other, name)}
        merged_values = {column: dict(table) for column, table in self.values.items()}
        for column, table in other.values.items():
            merged_values.setdefault(column, {}).update(table)
        changes["values"] = merged_values
        changes["nulls"] = tuple(dict.fromkeys(self.nulls + other.nulls))
        return replace(self, **changes)


@dataclass(frozen=True)
class RecipeInfo:
    """One recipe that ``--recipe NAME`` can name, for listings."""

    name: str
    path: Path
    preset: bool
    description: str
    shadowed: bool = False  # a preset hidden by a workspace recipe of the same name


# ------------------------------------------------------------------------------ reading
def _string_table(doc: Doc, section: Section, key: str, *, columns: tuple[str, ...] = COLUMNS,
                  check=None) -> dict[str, str]:
    """A table of our column -> string (``[columns]``, ``[set]`` ...); problems reported."""
    table = section.table(key)
    found: dict[str, str] = {}
    if table is None:
        return found
    for column, value in table.data.items():
        at = table.at(column)
        if column not in columns:
            doc.error(at, f"{column!r} is not an import column{did_you_mean(column, columns)}; "
                          f"the columns are {', '.join(columns)}", key=True)
            continue
        if not isinstance(value, str):
            doc.error(at, f"{key}.{column} must be a string, not {describe(value)}")
            continue
        problem = check(column, value) if check is not None else None
        if problem:
            doc.error(at, problem)
            continue
        found[column] = value
    return found


def _nonempty(column: str, value: str) -> str | None:
    return None if value.strip() else f"name the file's column that feeds {column}"


def _date_format(column: str, value: str) -> str | None:
    if column not in TIMESTAMP_COLUMNS:
        return f"{column} holds no timestamp; date formats are for {', '.join(TIMESTAMP_COLUMNS)}"
    if "%" not in value:
        return f"{value!r} is not a strptime format: it has no % codes (e.g. '%d/%b/%y %I:%M %p')"
    return None


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone slacheck can use, or ``None``."""
    if name.strip().upper() in ("UTC", "Z"):
        return None
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin"
    return None


def _zone(column: str, value: str) -> str | None:
    return zone_problem(value)


def _fold(column: str, value: str) -> str | None:
    return None if value in FOLDS else f"a fold is 'earlier' or 'later', not {value!r}"


def _values(doc: Doc, section: Section) -> dict[str, dict[str, str]]:
    """``[values.priority]`` tables: the file's value -> ours."""
    table = section.table("values")
    found: dict[str, dict[str, str]] = {}
    if table is None:
        return found
    for column, raw in table.data.items():
        if column not in COLUMNS:
            doc.error(table.at(column), f"{column!r} is not an import column"
                      f"{did_you_mean(column, COLUMNS)}", key=True)
            continue
        if not isinstance(raw, dict):
            doc.error(table.at(column), f"values.{column} must be a table of the file's value = "
                      f"ours ([values.{column}]), not {describe(raw)}")
            continue
        for theirs, ours in raw.items():
            if not isinstance(ours, str):
                doc.error(table.at(column, theirs),
                          f"values.{column}.{theirs} must be a string, not {describe(ours)}")
                continue
            found.setdefault(column, {})[theirs] = ours
    return found


def _events(doc: Doc, section: Section) -> dict | None:
    """The ``[events]`` table of an event-log source, checked by :meth:`EventLog.from_table`
    (its first problem is reported at the key it names)."""
    table = section.table("events")
    if table is None:
        return None
    try:
        EventLog.from_table(table.data)
    except EventLogError as problem:
        at = table.at(problem.key) if problem.key in table.data else table.path
        doc.error(at, f"events.{problem}", key=problem.key not in table.data
                  or problem.message.startswith("unknown key"))
        return None
    return dict(table.data)


def build_recipe(doc: Doc, data: dict, name: str, *, preset: bool = False) -> Recipe:
    """A recipe from one file's parsed data; every problem goes to ``doc``."""
    root = Section(doc, (), data)
    root.keys(required=(), optional=_KEYS)
    fmt = root.str("format")
    if fmt is not None and fmt not in FORMATS:
        doc.error(root.at("format"), f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        fmt = None
    encoding = root.str("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            doc.error(root.at("encoding"), f"unknown encoding {encoding!r} (e.g. utf-8, cp1252)")
            encoding = None
    records = root.str("records")
    if records is not None and not records.strip():
        doc.error(root.at("records"), "records names the key that holds the array, e.g. 'issues'")
        records = None
    nulls = tuple(text for _, text in (root.str_list("null") or ()))
    return Recipe(
        name=name,
        origin=doc.path,
        preset=preset,
        description=root.str("description") or "",
        format=fmt,
        encoding=encoding,
        records=records,
        nulls=nulls,
        columns=_string_table(doc, root, "columns", check=_nonempty),
        constants=_string_table(doc, root, "set"),
        defaults=_string_table(doc, root, "default"),
        values=_values(doc, root),
        date_formats=_string_table(doc, root, "date_formats", check=_date_format),
        zones=_string_table(doc, root, "zones", check=_zone),
        folds=_string_table(doc, root, "folds", columns=(*TIMESTAMP_COLUMNS, "pauses"),
                            check=_fold),
        events=_events(doc, root),
    )


def read_recipe(path: Path, *, preset: bool = False) -> tuple[Recipe | None, list[Problem], str | None]:
    """One recipe file: the recipe (``None`` when it has errors), its problems, and the name of
    the recipe it extends."""
    source = read_source(path)
    problems = list(source.problems)
    if source.data is None:
        return None, problems, None
    doc = Doc(path, source.positions, problems)
    recipe = build_recipe(doc, source.data, path.stem, preset=preset)
    extends = source.data.get("extends")
    if extends is not None and not isinstance(extends, str):
        doc.error(("extends",), f"extends must name a recipe, not {describe(extends)}")
        extends = None
    problems.sort()
    return (None if doc.errors else recipe), problems, extends


# ------------------------------------------------------------------------------ finding
def workspace_recipes(ws: Workspace) -> dict[str, Path]:
    folder = ws.agreements_dir / IMPORTS_DIR
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.toml"))
            if path.is_file() and not path.name.startswith(".")}


def preset_recipes() -> dict[str, Path]:
    return {path.stem: path for path in sorted(PRESETS.glob("*.toml"))}


def list_recipes(ws: Workspace | None) -> list[RecipeInfo]:
    """Every recipe a workspace can name: its own first, then the presets."""
    own = workspace_recipes(ws) if ws is not None else {}
    found = []
    for name, path in own.items():
        found.append(RecipeInfo(name, path, False, _description(path)))
    for name, path in preset_recipes().items():
        found.append(RecipeInfo(name, path, True, _description(path), shadowed=name in own))
    return found


def _description(path: Path) -> str:
    source = read_source(path)
    if source.data is None:
        return "(cannot be read: slacheck validate says why)"
    text = source.data.get("description", "")
    return text.strip().splitlines()[0] if isinstance(text, str) and text.strip() else ""


def _path_of(ws: Workspace | None, name: str, *, skip_own: Path | None = None) -> tuple[Path, bool]:
    own = workspace_recipes(ws) if ws is not None else {}
    presets = preset_recipes()
    if name in own and own[name] != skip_own:
        return own[name], False
    if name in presets:
        return presets[name], True
    known = sorted(set(own) | set(presets))
    hint = did_you_mean(name, known)
    where = (f"no {ws.agreements_dir / IMPORTS_DIR / (name + '.toml')} and no preset of that name"
             if ws is not None else "no preset of that name")
    raise InputError(f"unknown recipe {name!r}{hint}: {where}; the recipes are: "
                     f"{', '.join(known) or 'none'} (slacheck recipes lists them)")


def find_recipe(ws: Workspace | None, name: str) -> Recipe:
    """The recipe ``--recipe NAME`` means, with everything it extends merged in.

    Raises :class:`InputError` (exit 2) for an unknown name, a recipe with errors (each as
    ``path:line:col: message``) and a cycle of ``extends``.
    """
    if not name.strip():
        raise InputError("--recipe needs a name (slacheck recipes lists them)")
    chain: list[Recipe] = []
    seen: list[Path] = []
    current, skip = name.strip(), None
    while current is not None:
        path, preset = _path_of(ws, current, skip_own=skip)
        if path in seen:
            names = " -> ".join(p.stem for p in (*seen, path))
            raise InputError(f"recipe {name!r} extends itself in a circle: {names}")
        seen.append(path)
        recipe, problems, extends = read_recipe(path, preset=preset)
        errors = [problem for problem in problems if problem.is_error]
        if recipe is None or errors:
            raise InputError("\n".join(problem.format() for problem in errors)
                             or f"{path}: cannot read the recipe")
        chain.append(recipe)
        # A workspace recipe that extends its own name builds on the preset it shadows.
        skip = path if extends == current and not preset else None
        current = extends
    merged = chain[-1]
    for recipe in reversed(chain[:-1]):
        merged = merged.overridden_by(recipe)
    return replace(merged, name=chain[0].name, origin=chain[0].origin, preset=chain[0].preset)


def check_recipes(ws: Workspace) -> tuple[list[Path], list[Problem]]:
    """For ``slacheck validate``: every workspace recipe read and checked, and each one's
    ``extends`` resolved."""
    files: list[Path] = []
    problems: list[Problem] = []
    for name, path in workspace_recipes(ws).items():
        files.append(path)
        recipe, found, extends = read_recipe(path)
        problems.extend(found)
        if recipe is not None and extends is not None:
            try:
                find_recipe(ws, name)
            except InputError as exc:
                source = read_source(path)
                line, col = source.positions.value(("extends",))
                problems.append(Problem(path, line, col, exc.message.splitlines()[0]))
    return files, problems
