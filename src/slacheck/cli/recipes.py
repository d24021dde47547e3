"""Import recipes on the command line: ``slacheck recipes [NAME]``, and the ``--recipe`` /
``--save-recipe`` options of ``slacheck import``.

``recipes`` lists what ``--recipe`` can name (the workspace's ``agreements/imports/*.toml``
first, then the presets shipped with slacheck) or prints one, so a preset can be copied into the
workspace and adapted.  :func:`recipe_of_run` merges ``--recipe`` with the other options of an
import and saves the result when asked.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from ..config.recipes import IMPORTS_DIR, Recipe, find_recipe, list_recipes
from ..config.recipe_text import recipe_text
from ..config.workspace import Workspace
from ..errors import InputError, WorkspaceError
from ..importer.options import recipe_from_options, run_options
from ..report.safe import terminal
from .common import workspace_from_ctx

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _workspace(ctx: click.Context) -> Workspace | None:
    try:
        return workspace_from_ctx(ctx)
    except WorkspaceError:
        return None


def recipe_of_run(ctx: click.Context, recipe_name: str | None, save_as: str | None, *,
                  file: str = "", **options) -> dict:
    """The keyword arguments of ``import_file`` for ``--recipe`` overridden by ``options``;
    with ``save_as``, the merged recipe is written to the workspace first."""
    given = recipe_from_options(**options)
    base = find_recipe(_workspace(ctx), recipe_name) if recipe_name else Recipe()
    recipe = base.overridden_by(given)
    if save_as is not None:
        _save(ctx, save_as, recipe, recipe_name, file)
    return run_options(recipe)


def _save(ctx: click.Context, name: str, recipe: Recipe, based_on: str | None, file: str) -> None:
    if not _NAME.match(name):
        raise InputError(f"--save-recipe {name!r}: a recipe name is letters, digits, '-', '_' "
                         "and '.', e.g. jira-sales")
    ws = workspace_from_ctx(ctx)
    path = ws.agreements_dir / IMPORTS_DIR / f"{name}.toml"
    header = [f"Saved by slacheck import --save-recipe on {date.today().isoformat()}"
              + (f" from {Path(file).name}" if file else "") + "."]
    if based_on:
        header.append(f"Built on the recipe {based_on!r}, with the options given then.")
    description = (f"Saved from {Path(file).name}" if file else "Saved") + (
        f", built on {based_on}" if based_on else "")
    text = recipe_text(replace(recipe, name=name, description=description),
                       header="\n".join(header))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    shown = path.relative_to(ws.root) if path.is_relative_to(ws.root) else path
    click.echo(f"{'Replaced' if existed else 'Saved'} recipe {name!r}: {shown}", err=True)


@click.command("recipes")
@click.argument("name", required=False)
@click.pass_context
def recipes(ctx: click.Context, name: str | None) -> None:
    """List the import recipes, or print the recipe NAME (with what it extends merged in).

    \b
    Examples:
      slacheck recipes
      slacheck recipes jira-csv > agreements/imports/jira-sales.toml
    """
    ws = _workspace(ctx)
    if name is not None:
        recipe = find_recipe(ws, name)
        click.echo(recipe_text(recipe), nl=False)
        return
    found = list_recipes(ws)
    if not found:
        click.echo("No recipes.")
        return
    width = max(len(info.name) for info in found)
    for info in found:
        where = "preset" if info.preset else "workspace"
        note = " (hidden by the workspace recipe)" if info.shadowed else ""
        click.echo(f"{terminal(info.name):<{width}}  {where:<9}  {terminal(info.description)}{note}")
