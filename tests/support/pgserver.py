"""A throwaway PostgreSQL server for the tests, in a directory of its own, on a Unix socket only.

``start(base_dir)`` runs ``initdb`` into ``base_dir/data`` (trust authentication, superuser
``postgres``, no locale), tunes it for speed rather than durability (``fsync``,
``synchronous_commit`` and ``full_page_writes`` off), starts it with ``pg_ctl start -w`` and
returns a libpq URL such as ``postgresql://postgres@/postgres?host=/tmp/x/socket&port=5432``
that ``psycopg.connect`` accepts. The server listens on no TCP port at all
(``listen_addresses = ''``): the port number only names the socket file in ``base_dir/socket``.
Its log is ``base_dir/server.log``. ``stop(base_dir)`` stops it (``pg_ctl stop -m fast``) and
does nothing when no server runs there.

PostgreSQL refuses to run as root, so when this process is root (CI is) every PostgreSQL program
runs as the unprivileged ``postgres`` user through ``runuser -u postgres --``, and ``base_dir`` is
handed over to that user. Every directory above ``base_dir`` must then be searchable by it:
a fresh ``tempfile.mkdtemp()`` directory is fine, pytest's ``tmp_path`` (under a root-only
``/tmp/pytest-of-root``) is not.

When a server cannot be started, :class:`PgServerError` says why (no binaries, no ``runuser``,
``initdb`` failed with its stderr, ...).

Also a script, stdlib only, for CI and for a developer's shell::

    python tests/support/pgserver.py start DIR     # prints the URL, and only the URL
    python tests/support/pgserver.py stop DIR
    python tests/support/pgserver.py bin-dir       # prints the directory of initdb, or exits 1

:func:`scratch_database` and :func:`with_dbname` (these need psycopg) make and name one empty
database per test on such a server; ``tests/conftest.py`` wraps them as the ``postgres_server``
and ``postgres_url`` fixtures.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

#: The OS user the server runs as when this process is root, and the name of its superuser role.
SERVER_USER = "postgres"
#: Only names the socket file (``.s.PGSQL.5432``): no TCP port is ever opened.
PORT = 5432
#: Settings appended to ``postgresql.conf`` (the socket directory is added per server).
SETTINGS = {
    "listen_addresses": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}
#: Linux's limit on a Unix socket path (``sun_path`` is 108 bytes with the final NUL).
MAX_SOCKET_PATH = 107
#: Seconds given to ``initdb`` and to ``pg_ctl`` before they are considered hung.
TIMEOUT = 120


class PgServerError(RuntimeError):
    """A server could not be started or stopped; the message says why."""


def find_bin_dir() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl``: the ``initdb`` on PATH (symlinks followed),
    else the newest ``/usr/lib/postgresql/<version>/bin`` (Debian's layout), else ``None``."""
    initdb = shutil.which("initdb")
    if initdb:
        for candidate in (Path(initdb).resolve().parent, Path(initdb).parent):
            if _has_programs(candidate):
                return candidate
    versions = [
        (tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name)), bin_dir)
        for bin_dir in Path("/usr/lib/postgresql").glob("*/bin")
        if _has_programs(bin_dir)
    ]
    return max(versions)[1] if versions else None


def _has_programs(bin_dir: Path) -> bool:
    return all(os.access(bin_dir / name, os.X_OK) for name in ("initdb", "pg_ctl"))


def server_url(base_dir: Path) -> str:
    """The URL of the ``postgres`` database of the server of ``base_dir``, as ``start`` returns it."""
    socket_dir = quote(str(_socket_dir(base_dir)), safe="/")
    return f"postgresql://{SERVER_USER}@/postgres?host={socket_dir}&port={PORT}"


def start(base_dir: Path) -> str:
    """Initialise (unless already done) and start a server in ``base_dir``; return its URL.

    ``base_dir`` is created if missing. Starting a server that already runs there just returns
    its URL. Raises :class:`PgServerError` with the reason when the server cannot be started.
    """
    base_dir = Path(base_dir).absolute()
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgServerError(
            "no PostgreSQL binaries: initdb is not on PATH and there is no /usr/lib/postgresql/*/bin "
            "(Debian/Ubuntu: apt-get install postgresql)"
        )
    socket_dir = _socket_dir(base_dir)
    socket_file = socket_dir / f".s.PGSQL.{PORT}"
    if len(os.fsencode(socket_file)) > MAX_SOCKET_PATH:
        raise PgServerError(f"the socket path {socket_file} is longer than {MAX_SOCKET_PATH} bytes: use a shorter directory")
    if "," in str(socket_dir):
        raise PgServerError(f"the socket directory {socket_dir} holds a comma, which PostgreSQL reads as a list separator")
    prefix = _run_as_server_user()
    try:
        socket_dir.mkdir(parents=True, exist_ok=True)
        if prefix:
            _hand_over(base_dir, socket_dir, prefix)
    except OSError as exc:
        raise PgServerError(f"cannot prepare {base_dir}: {exc}") from exc

    data_dir = _data_dir(base_dir)
    if not (data_dir / "PG_VERSION").exists():
        _run(
            prefix + [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", SERVER_USER, "-A", "trust",
                      "-E", "UTF8", "--no-locale", "--no-sync"],
            base_dir, what="initdb",
        )
        settings = {**SETTINGS, "unix_socket_directories": str(socket_dir)}
        with open(data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# Added by tests/support/pgserver.py: a throwaway server for tests.\n")
            conf.writelines(f"{name} = {_quote_setting(value)}\n" for name, value in settings.items())

    if _is_running(bin_dir, data_dir, base_dir, prefix):
        return server_url(base_dir)
    log = _log_file(base_dir)
    try:
        _run(
            prefix + [str(bin_dir / "pg_ctl"), "start", "-w", "-t", str(TIMEOUT), "-D", str(data_dir),
                      "-l", str(log), "-o", f"-p {PORT}"],
            base_dir, what="pg_ctl start",
        )
    except PgServerError as exc:
        raise PgServerError(f"{exc}\nend of {log}:\n{_tail(log)}") from None
    return server_url(base_dir)


def stop(base_dir: Path) -> None:
    """Stop the server of ``base_dir`` (``pg_ctl stop -m fast``); nothing happens if none runs."""
    base_dir = Path(base_dir).absolute()
    data_dir = _data_dir(base_dir)
    if not (data_dir / "postmaster.pid").exists():
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgServerError(f"a server may run in {data_dir}, but no pg_ctl was found to stop it")
    prefix = _run_as_server_user()
    if not _is_running(bin_dir, data_dir, base_dir, prefix):
        return
    _run(prefix + [str(bin_dir / "pg_ctl"), "stop", "-w", "-t", str(TIMEOUT), "-m", "fast", "-D", str(data_dir)],
         base_dir, what="pg_ctl stop")


# --- one empty database per test (these need psycopg) ------------------------------------------


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """A new, empty database on ``server`` (a URL or conninfo of any of its databases); yields its
    URL and drops it on exit, even while connections to it are still open."""
    import psycopg
    from psycopg import sql

    name = f"slacheck_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        # template0 is empty even on a server whose template1 someone filled. About 20 ms on
        # PostgreSQL 15 with fsync off, whichever the template or STRATEGY: no need to tune it.
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        yield with_dbname(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def with_dbname(conninfo: str, dbname: str) -> str:
    """``conninfo`` (a URL or a ``key=value`` string) pointed at database ``dbname``, as a
    ``postgresql://`` URL: the user (and password) in the authority, every other parameter,
    the socket directory as ``host`` included, in the query string."""
    from psycopg.conninfo import conninfo_to_dict

    params = {name: str(value) for name, value in conninfo_to_dict(conninfo).items() if value is not None}
    params.pop("dbname", None)
    user = params.pop("user", None)
    password = params.pop("password", None)
    auth = ""
    if user is not None:
        auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "") + "@"
    query = "&".join(f"{name}={quote(value, safe='/')}" for name, value in params.items())
    return f"postgresql://{auth}/{quote(dbname, safe='')}" + (f"?{query}" if query else "")


# --- internals ----------------------------------------------------------------------------------


def _data_dir(base_dir: Path) -> Path:
    return Path(base_dir).absolute() / "data"


def _socket_dir(base_dir: Path) -> Path:
    return Path(base_dir).absolute() / "socket"


def _log_file(base_dir: Path) -> Path:
    return Path(base_dir).absolute() / "server.log"


def _run_as_server_user() -> list[str]:
    """The command prefix that runs a program as ``SERVER_USER``: empty unless we are root."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or next(
        (path for path in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(path, os.X_OK)), None
    )
    if runuser is None:
        raise PgServerError(
            f"running as root, and PostgreSQL refuses to run as root, but runuser (util-linux) "
            f"is missing to run it as the {SERVER_USER!r} user"
        )
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PgServerError(
            f"running as root, and PostgreSQL refuses to run as root, but there is no {SERVER_USER!r} "
            f"user to run it as (Debian's postgresql package creates it)"
        ) from None
    return [runuser, "-u", SERVER_USER, "--"]


def _hand_over(base_dir: Path, socket_dir: Path, prefix: list[str]) -> None:
    """Give ``base_dir`` and its socket directory to ``SERVER_USER``, and check that it can reach them."""
    user = pwd.getpwnam(SERVER_USER)
    for directory in (base_dir, socket_dir):
        os.chown(directory, user.pw_uid, user.pw_gid)
        os.chmod(directory, 0o700)
    probe = subprocess.run(prefix + ["test", "-w", str(base_dir)], cwd="/", stdin=subprocess.DEVNULL,
                           capture_output=True, env=_environment())
    if probe.returncode != 0:
        raise PgServerError(
            f"the {SERVER_USER!r} user cannot write to {base_dir}: a directory above it is not "
            f"searchable by that user (use a directory such as one from tempfile.mkdtemp())"
        )


def _environment() -> dict[str, str]:
    """This process's environment without libpq's ``PG*`` variables, in the C locale."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _run(command: list[str], cwd: Path, *, what: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd``; raise :class:`PgServerError` with its output if it fails."""
    try:
        done = subprocess.run(command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=TIMEOUT + 30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgServerError(f"{what} could not run: {exc}") from exc
    if done.returncode != 0:
        output = done.stderr.strip() or done.stdout.strip() or "(no output)"
        raise PgServerError(f"{what} failed (exit status {done.returncode}): {output}")
    return done


def _is_running(bin_dir: Path, data_dir: Path, cwd: Path, prefix: list[str]) -> bool:
    """Whether a server runs on ``data_dir`` (``pg_ctl status`` exits 3 when none does)."""
    command = prefix + [str(bin_dir / "pg_ctl"), "status", "-D", str(data_dir)]
    done = subprocess.run(command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    return done.returncode == 0


def _quote_setting(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) or "(empty)"
    except OSError as exc:
        return f"(cannot read it: {exc})"


def main(argv: list[str] | None = None) -> int:
    """The command line: ``start DIR`` prints the URL, ``stop DIR``, ``bin-dir``."""
    parser = argparse.ArgumentParser(description="A throwaway PostgreSQL server for the tests (Unix socket only).")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("start", help="initdb and start a server in DIR; print its URL").add_argument("dir", type=Path)
    commands.add_parser("stop", help="stop the server in DIR, if one runs").add_argument("dir", type=Path)
    commands.add_parser("bin-dir", help="print the directory of initdb and pg_ctl; exit 1 if there is none")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            print(start(args.dir))
        elif args.command == "stop":
            stop(args.dir)
        else:
            bin_dir = find_bin_dir()
            if bin_dir is None:
                print("pgserver: no PostgreSQL binaries found", file=sys.stderr)
                return 1
            print(bin_dir)
    except PgServerError as exc:
        print(f"pgserver: cannot {args.command} PostgreSQL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
