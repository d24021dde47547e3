"""Loading a workspace: every file read, every rule applied, the model built.

:func:`load_catalog` never stops at the first problem: it reads every file, collects every
problem (errors and warnings, sorted) and builds the :class:`~slacheck.domain.model.Catalog` only
when there is no error.  :func:`require_catalog` is what every command but ``validate`` uses.

The plain data of every agreement and calendar stays on the :class:`LoadResult`, so that
:mod:`slacheck.config.canonical` can fingerprint agreement versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.calendar import ALWAYS, WorkCalendar
from ..domain.model import Agreement, Catalog, HealthTemplate, Settings
from ..errors import ConfigError
from .checks import Doc
from .problems import Problem, count_errors
from .rules_agreement import References, build_agreement
from .rules_calendar import build_calendars
from .rules_health import build_health_template
from .rules_settings import build_settings
from .rules_teams import TeamIndex, build_teams
from .source import Source, read_source
from .workspace import Workspace

SETTINGS_FILE = "slacheck.toml"
TEAMS_FILE = "teams.toml"
CALENDARS_FILE = "calendars.toml"
HEALTH_DIR = "health"
RESERVED = (SETTINGS_FILE, TEAMS_FILE, CALENDARS_FILE)


@dataclass
class LoadResult:
    """Everything one load found.  ``catalog`` is ``None`` when any problem is an error."""

    workspace: Workspace
    catalog: Catalog | None
    problems: list[Problem]
    files: list[Path] = field(default_factory=list)
    raw_agreements: dict[str, dict] = field(default_factory=dict)
    raw_calendars: dict[str, dict] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.catalog is not None

    def raise_for_errors(self) -> Catalog:
        """The catalog, or :class:`~slacheck.errors.ConfigError` holding the errors."""
        if self.catalog is None:
            raise ConfigError(self.errors)
        return self.catalog


def _toml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file())


def _read(path: Path, problems: list[Problem], files: list[Path]) -> tuple[Source, Doc] | None:
    """Read one file if it exists; its syntax problems join ``problems``."""
    if not path.is_file():
        return None
    files.append(path)
    source = read_source(path)
    problems.extend(source.problems)
    return source, Doc(path, source.positions, problems)


def _mentioned_teams(raw_agreements: dict[str, dict]) -> set[str]:
    """Team ids named as provider, consumer or escalation target (valid or not)."""
    named: set[str] = set()
    for data in raw_agreements.values():
        if isinstance(data.get("provider"), str):
            named.add(data["provider"])
        if isinstance(data.get("consumers"), list):
            named.update(c for c in data["consumers"] if isinstance(c, str))
        if isinstance(data.get("escalations"), list):
            named.update(e["to"] for e in data["escalations"]
                         if isinstance(e, dict) and isinstance(e.get("to"), str))
    return named


def load_catalog(ws: Workspace, today: date | None = None) -> LoadResult:
    """Read and check every file of the workspace.  ``today`` (default: the local date) is what
    a ``review_by`` date is compared with."""
    today = today or date.today()
    folder = ws.agreements_dir
    problems: list[Problem] = []
    files: list[Path] = []

    settings: Settings | None = Settings()
    read = _read(folder / SETTINGS_FILE, problems, files)
    if read:
        settings = build_settings(read[1], read[0].data) if read[0].data is not None else None

    # A teams or calendars file that cannot be parsed turns off the checks of the names it
    # would define: one syntax error, not one "unknown team" per agreement.
    teams: TeamIndex | None = TeamIndex()
    teams_doc: Doc | None = None
    read = _read(folder / TEAMS_FILE, problems, files)
    if read and read[0].data is None:
        teams = None
    elif read:
        teams_doc = read[1]
        teams = build_teams(teams_doc, read[0].data)

    calendars: dict[str, WorkCalendar | None] | None = {ALWAYS.id: ALWAYS}
    raw_calendars: dict[str, dict] = {}
    read = _read(folder / CALENDARS_FILE, problems, files)
    if read and read[0].data is None:
        calendars = None
    elif read:
        calendars = build_calendars(read[1], read[0].data)
        if isinstance(read[0].data.get("calendars"), dict):
            raw_calendars = {k: v for k, v in read[0].data["calendars"].items()
                             if isinstance(v, dict)}

    refs = References(teams, calendars)
    agreements: dict[str, Agreement] = {}
    raw_agreements: dict[str, dict] = {}
    all_parsed = True
    for path in _toml_files(folder):
        if path.name in RESERVED:
            continue
        read = _read(path, problems, files)
        all_parsed = all_parsed and bool(read and read[0].data is not None)
        if read and read[0].data is not None:
            raw_agreements[path.stem] = read[0].data
            agreement = build_agreement(read[1], read[0].data, refs, today)
            if agreement is not None:
                agreements[agreement.id] = agreement

    templates: dict[str, HealthTemplate] = {}
    for path in _toml_files(folder / HEALTH_DIR):
        read = _read(path, problems, files)
        if read and read[0].data is not None:
            template = build_health_template(read[1], read[0].data)
            if template is not None:
                templates[template.id] = template

    if teams_doc is not None and teams is not None and all_parsed:
        mentioned = _mentioned_teams(raw_agreements)
        for team_id in sorted(teams.ids - mentioned):
            teams_doc.warning(("teams", team_id), f"team {team_id!r} is not named by any "
                              "agreement (as provider, consumer or escalation target)", key=True)

    problems.sort()
    catalog = None
    if not count_errors(problems) and settings is not None:
        catalog = Catalog(
            settings=settings,
            teams=dict(teams.teams) if teams else {},
            calendars={k: v for k, v in (calendars or {}).items() if v is not None},
            agreements=agreements,
            health_templates=templates,
        )
    return LoadResult(ws, catalog, problems, files, raw_agreements, raw_calendars)


def require_catalog(ws: Workspace, today: date | None = None) -> Catalog:
    """The workspace's catalog; raises :class:`~slacheck.errors.ConfigError` (holding every
    error) when the files have errors."""
    return load_catalog(ws, today).raise_for_errors()
