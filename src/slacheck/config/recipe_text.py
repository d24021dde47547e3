"""Writing an import recipe as commented TOML (``slacheck import --save-recipe NAME``).

The text is what a person would write by hand: each table with a comment that says which
command-line option it stands for, so that a saved recipe teaches the format.  Reading it back
with :func:`slacheck.config.recipes.read_recipe` gives the same :class:`Recipe`.
"""

from __future__ import annotations

import tomlkit

from .recipes import Recipe

_TABLES = (
    ("columns", "columns", "Which column of the file feeds each of ours (--map OURS=THEIRS)."),
    ("constants", "set", "A constant for a column the file lacks (--set OURS=VALUE)."),
    ("defaults", "default", "The value where the column is empty (--default OURS=VALUE)."),
    ("date_formats", "date_formats", "strptime formats of timestamp columns (--date-format)."),
    ("zones", "zones", "Columns whose times without an offset are in another zone (--tz)."),
    ("folds", "folds", "Which of a repeated autumn hour a local time means (--fold)."),
)


def recipe_text(recipe: Recipe, *, header: str = "") -> str:
    """The recipe as a TOML document with comments."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Import recipe {recipe.name!r} for slacheck import --recipe "
                            f"{recipe.name or 'NAME'} (docs/import.md)."))
    if header:
        for line in header.splitlines():
            doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    if recipe.description:
        doc.add("description", recipe.description)
    for key, comment in (("format", "csv, json or jsonl (default: from the file's extension)"),
                         ("encoding", "the file's text encoding (a BOM is honoured)"),
                         ("records", "JSON: the key that holds the array of tickets")):
        value = getattr(recipe, key)
        if value is not None:
            doc.add(key, value)
            doc[key].comment(comment)
    if recipe.nulls:
        doc.add("null", list(recipe.nulls))
        doc["null"].comment("values read as empty, in every column (--null)")
    for attr, key, comment in _TABLES:
        table = getattr(recipe, attr)
        if table:
            section = tomlkit.table()
            section.add(tomlkit.comment(comment))
            for column, value in table.items():
                section.add(column, value)
            doc.add(key, section)
    if recipe.values:
        values = tomlkit.table(is_super_table=True)
        for column, table in recipe.values.items():
            section = tomlkit.table()
            section.add(tomlkit.comment(f"The file's {column} = ours (--value {column}:THEIRS=OURS); "
                                        "matched exactly, else regardless of case."))
            for theirs, ours in table.items():
                section.add(theirs, ours)
            values.add(column, section)
        doc.add("values", values)
    if recipe.events:
        events = tomlkit.table()
        events.add(tomlkit.comment("Rows are successive states of one ticket (an event log)."))
        for key, value in recipe.events.items():
            events.add(key, value)
        doc.add("events", events)
    return tomlkit.dumps(doc)
