"""Entry point of the ``slacheck`` command.

Bare ``slacheck`` opens the dashboard (the ``tui`` command, imported only then).
Every command maps :class:`slacheck.errors.SlacheckError` to its exit code and a message on
stderr; no traceback reaches a user.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__
from ..errors import SlacheckError


#: Subcommands, imported only when invoked so that start-up stays fast: name -> "module:attr".
COMMANDS: dict[str, str] = {
    "log": ".interactions:log",
    "respond": ".interactions:respond",
    "pause": ".interactions:pause",
    "resume": ".interactions:resume",
    "resolve": ".interactions:resolve",
    "rate": ".interactions:rate",
    "reopen": ".interactions:reopen",
    "reprioritize": ".interactions:reprioritize",
    "comment": ".interactions:comment",
    "show": ".show:show",
    "report": ".report:report",
    "verdicts": ".verdicts:verdicts",
    "escalations": ".escalations:escalations",
    "ack": ".escalations:ack",
    "health": ".health:health",
    "init": ".init:init",
    "schema": ".schema:schema",
    "validate": ".validate:validate",
    "tui": ".tui:tui",
    "diff": ".diff:diff",
    "import": ".import_cmd:import_",
    "recipes": ".recipes:recipes",
    "db": ".db:db",
    "demo": ".demo:demo",
}


class SlacheckGroup(click.Group):
    """A lazy group that turns our errors into a message and an exit code, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module_name, attr = COMMANDS[name].split(":")
            module = importlib.import_module(module_name, package=__package__)
            return getattr(module, attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SlacheckError as exc:
            click.echo(f"slacheck: {exc.message}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=SlacheckGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slacheck")
@click.option(
    "--workspace",
    "-w",
    envvar="SLACHECK_WORKSPACE",
    type=click.Path(file_okay=False, path_type=str),
    help="Workspace folder (holds agreements/). Default: found from the current folder upwards.",
)
@click.option(
    "--db",
    envvar="SLACHECK_DB",
    metavar="FILE|URL",
    help="The database: an SQLite file, or a postgresql:// URL of a shared one. Default: "
    "'database' in agreements/slacheck.toml, else .slacheck/slacheck.db in the workspace.",
)
@click.pass_context
def cli(ctx: click.Context, workspace: str | None, db: str | None) -> None:
    """slacheck: internal service agreements between departments, measured.

    \b
    Example:
      slacheck init acme && cd acme && slacheck validate
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        from .tui import tui

        ctx.invoke(tui)


def main() -> None:
    """Console-script entry point.

    The last guard of "no traceback reaches a user": an exception that is not a
    :class:`SlacheckError` is a bug; it is reported in one line (exit 2), with its traceback only
    when ``SLACHECK_DEBUG`` is set.  (Tests call ``cli`` directly, so they still see it raised.)
    """
    try:
        cli.main(prog_name="slacheck")
    except KeyboardInterrupt:
        click.echo("slacheck: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader of our output went away (`slacheck verdicts | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        if os.environ.get("SLACHECK_DEBUG"):
            raise
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        click.echo(f"slacheck: unexpected error ({type(exc).__name__}{': ' + detail if detail else ''}); "
                   "this is a bug: run again with SLACHECK_DEBUG=1 to see where, and report it",
                   err=True)
        sys.exit(2)
