"""``slacheck schema``: print or write the JSON Schema of one kind of agreement file.

The schema itself is built in :mod:`slacheck.config.schema`; this module only renders it as
pretty JSON on stdout or into a file (creating its folder), for editors to pick up.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..config.schema import KINDS, build_schema
from ..errors import InputError


@click.command("schema")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="agreement",
    show_default=True,
    help="Which file the schema describes: an agreement (<id>.toml), teams.toml, "
    "calendars.toml, a health/ template, slacheck.toml, or an import recipe "
    "(agreements/imports/NAME.toml).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file (its folder is created) instead of stdout.",
)
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the agreement files, for editors.

    Point Even Better TOML / taplo at the generated file to get completion, hover help and
    inline errors while editing; docs/editors.md shows how.

    \b
    Example:
      slacheck schema --kind agreement --output .slacheck-schema/agreement.json
      slacheck schema --kind teams > teams.schema.json
    """
    text = json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote the {kind} schema to {output}")
