"""Building a demo workspace end to end: files, agreement versions, a year of requests, escalations.

:func:`build_demo` is what ``slacheck demo`` and the benchmarks call.  The order matters:

1. the folder gets the example company's files (:mod:`slacheck.demo.workspace`);
2. every agreement's version is recorded as seen at the start of the year, so every stored
   request is tied to the rules in force when it was opened;
3. the year of requests is drawn and stored (:mod:`slacheck.demo.generate`);
4. figures are computed at the evaluation instant and the escalations they reveal are recorded
   and partly acknowledged (:mod:`slacheck.demo.aftermath`).

Nothing reads the wall clock except to choose the evaluation instant when none is given, so the
same seed, size and ``as_of`` give a byte-identical database.  When anything fails after the
folder was prepared, the half-written database is removed.
"""

from __future__ import annotations

import random
import time
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..config.loader import SETTINGS_FILE, load_catalog
from ..config.workspace import AGREEMENTS, Workspace
from ..services.figures import Figures, compute_figures
from ..services.session import Session
from .aftermath import settle
from .generate import generate
from .health import generate_health
from .profiles import STRUGGLING
from .planted import ESCALATED_TOP
from .workspace import database_files, example_files, prepare

#: The seed used unless ``--seed`` says otherwise.
DEFAULT_SEED = 2026
#: Requests in the default year.
DEFAULT_SIZE = 30_000
#: The generated history: the 365 days before the evaluation instant.
YEAR = 365 * 86400


@dataclass(frozen=True)
class DemoResult:
    """What :func:`build_demo` wrote, and the figures at its evaluation instant.

    ``figures`` were computed before the escalations they reveal were recorded and partly
    acknowledged; ``acknowledged`` holds the interactions acknowledged then (so an escalation is
    open and unacknowledged when it is in ``figures.escalations`` and in neither).
    """

    root: Path
    database: Path
    seed: int
    size: int
    start: int
    as_of: int
    wrote_files: bool
    interactions: int
    events: int
    seconds: float
    figures: Figures
    acknowledged: frozenset[int]
    roles: dict[str, list[int]]
    timezone: str
    health_sessions: int = 0

    @property
    def unacknowledged(self) -> list[int]:
        """Interactions with an open escalation nobody acknowledged."""
        return [e.interaction.id for e in self.figures.escalations
                if not (e.acknowledged or e.interaction.id in self.acknowledged)]

    @property
    def highlight(self) -> int | None:
        """The request most worth ``slacheck show``: the planted top-level escalation."""
        for number in self.roles.get(ESCALATED_TOP, []):
            return number
        unacknowledged = self.unacknowledged
        if unacknowledged:
            return unacknowledged[0]
        return self.figures.at_risk[0].evaluation.interaction.id if self.figures.at_risk else None


def _utc_date(instant: int) -> date:
    return datetime.fromtimestamp(instant, UTC).date()


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def workspace_timezone(root: Path) -> str:
    """The time zone a demo in ``root`` will have: its own settings file when it exists (with
    ``--force``), else the example company's."""
    settings = root / AGREEMENTS / SETTINGS_FILE
    try:
        text = settings.read_text(encoding="utf-8") if settings.is_file() else dict(
            example_files()).get(SETTINGS_FILE, b"").decode("utf-8")
        value = tomllib.loads(text).get("timezone", "UTC")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "UTC"
    return value if isinstance(value, str) else "UTC"


def build_demo(root: Path, *, seed: int = DEFAULT_SEED, as_of: int | None = None,
               size: int = DEFAULT_SIZE, force: bool = False) -> DemoResult:
    """Write a demo workspace into ``root`` with about ``size`` requests over the year before
    ``as_of`` (default: now).  Raises :class:`~slacheck.errors.SlacheckError` subclasses for a
    folder it may not write (see :func:`slacheck.demo.workspace.prepare`) and
    :class:`~slacheck.errors.ConfigError` when an existing workspace's files have errors."""
    began = time.perf_counter()
    as_of = int(time.time()) if as_of is None else int(as_of)
    start = as_of - YEAR
    root = Path(root)
    wrote = prepare(root, effective=_utc_date(start), review_by=_a_year_after(_utc_date(as_of)),
                    force=force)
    workspace = Workspace(root.resolve())
    try:
        load = load_catalog(workspace, today=_utc_date(as_of))
        with Session(load) as session:
            session.sync_versions(start)
            written = generate(session.catalog, session.store, seed=seed, start=start,
                               as_of=as_of, size=size)
            figures = compute_figures(session.catalog, session.store, as_of,
                                      resolve_version=session.resolve_version)
            settled = settle(session, figures, written.roles, seed, as_of)
            # Health checks come from their own random stream so that adding them leaves the
            # requests of a given seed unchanged.
            health_sessions = generate_health(session, random.Random(f"health-{seed}"), start,
                                              as_of, STRUGGLING)
            timezone_name = session.timezone
    except BaseException:
        for path in database_files(workspace.root):
            path.unlink(missing_ok=True)
        raise
    return DemoResult(
        root=root, database=workspace.db_path, seed=seed, size=size, start=start, as_of=as_of,
        wrote_files=wrote, interactions=written.interactions,
        events=written.events + settled.escalated + len(settled.acknowledged),
        seconds=time.perf_counter() - began, figures=figures, acknowledged=settled.acknowledged,
        roles=written.roles, timezone=timezone_name, health_sessions=health_sessions,
    )
