"""Agreement versions: a canonical, hashable form of one agreement and the model rebuilt from it.

The canonical form is a JSON-able dict holding the agreement file's data *and* the data of the
calendar it uses, so that changing a calendar makes a new version of every agreement on it::

    {"schema": "slacheck.agreement/1",
     "agreement": {...the file's keys...},
     "calendar": {"id": "berlin-office", ...the calendar's keys...}}

Dates are ISO strings and every dict has sorted keys.  It is built from parsed data, never from
the text, so reformatting a file or editing its comments does not change it or its hash.

A shared priority scheme (the top-level ``[priorities]`` table) is recorded resolved: folded
into the ``priorities`` of every service, whose own entries win by name.  A version thus holds
the priorities each service really has, and moving identical per-service priorities into a
shared scheme (or back) is the same version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, time
from pathlib import Path
from typing import Any

from ..domain.model import Agreement
from ..errors import ConfigError
from .checks import Doc, Section
from .problems import Problem
from .rules_agreement import References, build_agreement
from .rules_calendar import ALWAYS, BUILTIN, build_calendar

SCHEMA = "slacheck.agreement/1"


def _plain(value: Any) -> Any:
    """JSON-able copy: dicts with sorted keys, dates and times as ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(value[k]) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def fold_shared_priorities(raw: dict) -> dict:
    """``raw`` with its top-level ``priorities`` merged into each service's own (the service's
    entry of a name wins); as it is when there is no such table or the shapes are unexpected."""
    shared, services = raw.get("priorities"), raw.get("services")
    if not isinstance(shared, dict) or not isinstance(services, list) \
            or not all(isinstance(s, dict) for s in services):
        return raw
    folded = []
    for service in services:
        own = service.get("priorities", {})
        if not isinstance(own, dict):
            return raw
        merged = {**shared, **own}
        folded.append({**service, "priorities": merged} if merged else service)
    return {**{k: v for k, v in raw.items() if k != "priorities"}, "services": folded}


def canonical_agreement(result: Any, agreement_id: str) -> dict:
    """The canonical form of one agreement of a load.

    ``result`` is a :class:`~slacheck.config.loader.LoadResult` (anything with ``raw_agreements``
    and ``raw_calendars`` dicts).  Raises ``KeyError`` for an agreement or calendar it lacks.
    """
    raw = fold_shared_priorities(result.raw_agreements[agreement_id])
    calendar_id = raw.get("calendar", BUILTIN)
    calendar: dict = {"id": calendar_id}
    if calendar_id != BUILTIN:
        if calendar_id not in result.raw_calendars:
            raise KeyError(f"agreement {agreement_id!r} uses calendar {calendar_id!r}, "
                           "which the load does not hold")
        calendar.update(result.raw_calendars[calendar_id])
    return _plain({"schema": SCHEMA, "agreement": raw, "calendar": calendar})


def agreement_hash(canonical: dict) -> str:
    """sha256 (hex) of the compact, key-sorted JSON of a canonical agreement."""
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _revive(value: Any) -> Any:
    """An ISO date string back to a date; anything else as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def agreement_from_canonical(data: dict) -> Agreement:
    """Rebuild the model of a stored version.  Team names are not checked (the teams of today
    may differ); anything else wrong raises :class:`~slacheck.errors.ConfigError`."""
    agreement = dict(data.get("agreement") or {}) if isinstance(data, dict) else {}
    name = agreement.get("id") if isinstance(agreement.get("id"), str) else "unknown"
    doc = Doc(Path("<stored>") / f"{name}.toml")
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not agreement \
            or not isinstance(data.get("calendar"), dict):
        raise ConfigError([Problem(doc.path, 1, 1, f"not a stored agreement of schema {SCHEMA}")])
    for key in ("effective", "review_by"):
        if key in agreement:
            agreement[key] = _revive(agreement[key])
    calendar_data = dict(data["calendar"])
    calendar_id = str(calendar_data.pop("id", BUILTIN))
    if isinstance(calendar_data.get("closed"), list):
        calendar_data["closed"] = [_revive(day) for day in calendar_data["closed"]]
    if calendar_id == BUILTIN:
        calendar = ALWAYS
    else:
        calendar = build_calendar(doc, Section(doc, ("calendar",), calendar_data), calendar_id)
    built = build_agreement(doc, agreement, References(None, {calendar_id: calendar}))
    if built is None:
        raise ConfigError([p for p in doc.problems if p.is_error])
    return built
