"""A small valid workspace for the validation tests, and a way to break one line of it.

Each base file below is laid out so that tests can name lines by number; ``check`` writes the
workspace with some lines replaced and returns every problem as ``path:line:col: message``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slacheck.config.loader import LoadResult, load_catalog
from slacheck.config.workspace import Workspace

TODAY = date(2026, 3, 1)

TEAMS = '''\
[teams.it]
name = "IT Service Desk"
lead = "Dana Ruiz"
members = ["Ali Khan"]

[teams.sales]
name = "Sales"

[teams.it-oncall]
name = "IT on call"
'''

CALENDARS = '''\
[calendars.office]
timezone = "Europe/Berlin"
hours = { mon = "09:00-17:00", tue = "09:00-17:00", fri = "09:00-15:00" }
holidays = { country = "DE", subdivision = "BE" }
closed = [2026-12-24, 2026-12-31]
day = "8h"
'''

AGREEMENT = '''\
id = "it-for-sales"
title = "IT support for Sales"
provider = "it"
consumers = ["sales"]
owner = "Dana Ruiz"
effective = 2026-01-01
review_by = 2026-07-01
calendar = "office"
objective = "95%"
window = "30d"

[[services]]
id = "laptop-repair"
name = "Laptop repair"
first_response = "4h"
resolution = "3d"
[services.priorities.urgent]
first_response = "30m"
resolution = "4h"

[[escalations]]
at = "75%"
to = "it-oncall"
[[escalations]]
at = "100%"
to = "it"
'''

HEALTH = '''\
id = "squad"
title = "Squad health check"
scale = "traffic-light"

[[cards]]
id = "fun"
title = "Fun"
awesome = "We love going to work."
crappy = "Boring."

[[cards]]
id = "speed"
title = "Speed"
awesome = "We get stuff done quickly."
crappy = "We never seem to get done."
'''

SETTINGS = '''\
timezone = "Europe/Berlin"
[health]
min_votes = 3
'''

BASE = {
    "agreements/slacheck.toml": SETTINGS,
    "agreements/teams.toml": TEAMS,
    "agreements/calendars.toml": CALENDARS,
    "agreements/it-for-sales.toml": AGREEMENT,
    "agreements/health/squad.toml": HEALTH,
}
SHORT = {
    "settings": "agreements/slacheck.toml",
    "teams": "agreements/teams.toml",
    "calendars": "agreements/calendars.toml",
    "agreement": "agreements/it-for-sales.toml",
    "health": "agreements/health/squad.toml",
}


def edit(text: str, lines: dict[int, str] | None = None, append: str = "") -> str:
    """``text`` with the given 1-based lines replaced, and ``append`` added at the end."""
    rows = text.split("\n")
    for number, row in (lines or {}).items():
        rows[number - 1] = row
    return "\n".join(rows) + append


def build(root: Path, files: dict[str, str | bytes | None] | None = None, **changes) -> Path:
    """Write the base workspace under ``root``.  ``files`` adds, replaces (text or bytes) or,
    with ``None``, removes files; ``agreement={3: 'provider = "x"'}`` replaces lines of a base
    file (keys: settings, teams, calendars, agreement, health), ``agreement_append`` appends."""
    content: dict[str, str | bytes | None] = dict(BASE)
    for short, path in SHORT.items():
        if short in changes or f"{short}_append" in changes:
            content[path] = edit(BASE[path], changes.get(short), changes.get(f"{short}_append", ""))
    content.update(files or {})
    for rel, text in content.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def load(root: Path, files=None, **changes) -> LoadResult:
    build(root, files, **changes)
    return load_catalog(Workspace(root.resolve()), today=TODAY)


def check(root: Path, files=None, **changes) -> list[str]:
    """Every problem of the workspace, formatted relative to its root."""
    result = load(root, files, **changes)
    return [p.format(cwd=root) for p in result.problems]
