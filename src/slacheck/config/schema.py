"""JSON Schema (draft 2020-12) of the agreement files, for editors.

Editors such as VS Code with Even Better TOML (taplo) use it to complete keys, show each key's
description on hover and underline bad values while typing. It mirrors docs/agreements.md: the
same keys, ``additionalProperties: false`` everywhere, and patterns for durations, percentages,
windows and time spans. ``slacheck validate`` remains the authority: it also checks what a
schema cannot (references between files, overlapping spans, known time zones and holidays).

Only keywords that every draft understands are used (no ``$ref``, no look-around in patterns),
so older validators built into editors read the schema too.
"""

from __future__ import annotations

from typing import Any

from .schema_recipe import recipe_schema

Schema = dict[str, Any]

KINDS = ("agreement", "teams", "calendars", "health", "settings", "recipe")
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Team ids have a fixed form; other names (calendars, services, priorities, cards) may be any
#: non-empty text, so the schema asks no more of them than `slacheck validate` does. Durations,
#: percentages and windows are matched in the canonical form the docs use (lower case, no
#: spaces), which the validator also reads.
TEAM_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DURATION_PATTERN = r"^(\d+w(\d+d)?(\d+h)?(\d+m)?|\d+d(\d+h)?(\d+m)?|\d+h(\d+m)?|\d+m)$"
DAY_PATTERN = r"^(\d+h(\d+m)?|\d+m)$"
PERCENT_PATTERN = r"^\d+(\.\d+)?%$"
WINDOW_PATTERN = r"^(\d+[dw]|month|quarter)$"
TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
_TIME = r"(([01]?\d|2[0-3]):[0-5]\d|24:00)"
_SPAN = rf"\s*{_TIME}\s*-\s*{_TIME}\s*"
SPANS_PATTERN = rf"^\s*(closed|{_SPAN}(,{_SPAN})*)?\s*$"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _string(description: str, pattern: str | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "string", "description": description}
    if pattern:
        schema["pattern"] = pattern
    return schema | extra


def _name(description: str) -> Schema:
    """Any non-empty text: a name slacheck only compares, such as a service or calendar id."""
    return {"type": "string", "description": description, "minLength": 1}


def _object(
    description: str, properties: dict[str, Schema], required: tuple[str, ...] = ()
) -> Schema:
    schema: Schema = {
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _map(description: str, value: Schema, reserved: tuple[str, ...] = (), **names: Any) -> Schema:
    """A table whose keys are ids (teams, calendars, priorities) and whose values share a schema.

    ``names`` constrains the keys (``pattern=...`` or ``minLength=1``); ``reserved`` keys are
    refused.
    """
    if reserved:
        names["not"] = {"enum": list(reserved)}
    return {
        "type": "object",
        "description": description,
        "propertyNames": names,
        "additionalProperties": value,
    }


def _date(description: str) -> Schema:
    return _string(description + " A TOML date such as 2026-01-01.", format="date")


def _duration(description: str) -> Schema:
    return _string(
        description + ' Units m, h, d, w from the largest down: "90m", "4h", "2d", "1w", "1d4h".'
        " d is the calendar's working day, w five of them.",
        DURATION_PATTERN,
    )


def _root(kind: str, title: str, description: str, body: Schema) -> Schema:
    head = {"$schema": DRAFT, "$id": f"urn:slacheck:schema:{kind}", "title": title}
    rest = {key: value for key, value in body.items() if key != "description"}
    return head | {"description": description} | rest


def _targets(what: str) -> dict[str, Schema]:
    return {
        "first_response": _duration(
            f"First-response target {what}: working time until someone answers the requester."
        ),
        "resolution": _duration(
            f"Resolution target {what}: working time until the request is resolved, "
            "pauses excluded."
        ),
    }


def agreement_schema() -> Schema:
    priority = _object(
        "Targets for one priority; each overrides the service's own, the other is kept.",
        _targets("for this priority"),
    ) | {"minProperties": 1}
    service = _object(
        "One service of the agreement, with at least one of the two targets.",
        {
            "id": _name("Service id, unique within the agreement (used when logging)."),
            "name": _string("What the service is, as the requester would say it."),
            **_targets("of the service"),
            "priorities": _map(
                "Targets per priority (e.g. urgent, high, low); a request without a priority "
                "gets the service's own targets, an undefined priority is refused.",
                priority,
                minLength=1,
            ),
        },
        ("id", "name"),
    ) | {"anyOf": [{"required": ["first_response"]}, {"required": ["resolution"]}]}
    escalation = _object(
        "One rung of the escalation ladder.",
        {
            "at": _string(
                'Share of the resolution target elapsed (working time minus pauses), e.g. "75%";'
                " thresholds ascend strictly.",
                PERCENT_PATTERN,
            ),
            "to": _string("Team id (teams.toml) that is notified at this level.", TEAM_ID_PATTERN),
        },
        ("at", "to"),
    )
    return _root(
        "agreement",
        "slacheck agreement",
        "One internal service agreement: agreements/<id>.toml, the file stem is its id.",
        _object(
            "One internal service agreement.",
            {
                "id": _name("Agreement id; must equal the file name without .toml."),
                "title": _string("Human-readable title shown in reports and the dashboard."),
                "provider": _string(
                    "Team id (teams.toml) of the team that delivers.", TEAM_ID_PATTERN
                ),
                "consumers": {
                    "type": "array",
                    "description": "Team ids of the internal customers; at least one, "
                    "not the provider.",
                    "items": _string("Team id (teams.toml).", TEAM_ID_PATTERN),
                    "minItems": 1,
                    "uniqueItems": True,
                },
                "owner": _name(
                    "Who answers for the agreement: a team id, or a team's lead or member."
                ),
                "effective": _date("First day the agreement applies."),
                "review_by": _date("Date by which the agreement is reviewed; after effective."),
                "calendar": _name(
                    "Calendar id (calendars.toml) whose working time the targets count; "
                    'default "24x7".'
                ),
                "objective": _string(
                    "Share of requests that must meet every target that applies, "
                    'e.g. "95%"; in (0, 100%].',
                    PERCENT_PATTERN,
                ),
                "window": _string(
                    'Window of the compliance figure: rolling "30d" or "4w" (calendar days), '
                    'or "month" or "quarter".',
                    WINDOW_PATTERN,
                ),
                "description": _string("Free text: scope, how to ask, what counts as urgent."),
                "priorities": _map(
                    'Priorities shared by every service (e.g. "1 - Critical" ... "4 - Low"); '
                    "a service's own entry of the same name replaces one, and a service may add "
                    "names of its own.",
                    priority,
                    minLength=1,
                ),
                "services": {
                    "type": "array",
                    "description": "The services covered, each with its targets.",
                    "items": service,
                    "minItems": 1,
                },
                "escalations": {
                    "type": "array",
                    "description": "Escalation ladder: who hears of a request as its "
                    "resolution clock runs.",
                    "items": escalation,
                },
            },
            ("id", "title", "provider", "consumers", "owner", "effective", "objective", "window",
             "services"),
        ),
    )


def teams_schema() -> Schema:
    team = _object(
        "One team (department, rota or office).",
        {
            "name": _string("The team's name as people know it."),
            "lead": _string("The person who answers for the team."),
            "members": {
                "type": "array",
                "description": "Names of the team's members.",
                "items": _string("A member's name."),
            },
            "description": _string("Free text about the team."),
        },
        ("name",),
    )
    return _root(
        "teams",
        "slacheck teams",
        "agreements/teams.toml: every team that provides, consumes or receives escalations.",
        _object(
            "The teams file.",
            {
                "teams": _map(
                    "Teams by id: lower-case words joined by '-', e.g. it-oncall.",
                    team,
                    pattern=TEAM_ID_PATTERN,
                )
            },
            ("teams",),
        ),
    )


def calendars_schema() -> Schema:
    hours = _object(
        'Working spans per weekday in the calendar\'s zone: "09:00-17:00", several separated by '
        'commas; a missing day, "" or "closed" is closed.',
        {
            day: _string(
                f'{name}: "HH:MM-HH:MM" spans, e.g. "09:00-12:30, 13:15-17:00"; '
                "24:00 may end a span.",
                SPANS_PATTERN,
            )
            for day, name in zip(WEEKDAYS, _WEEKDAY_NAMES)
        },
    )
    calendar = _object(
        "One working-time calendar.",
        {
            "timezone": _string('IANA time zone, e.g. "Europe/Berlin".', TIMEZONE_PATTERN),
            "hours": hours,
            "holidays": _object(
                "Public holidays from the holidays package; those days are closed.",
                {
                    "country": _string('ISO 3166 country code, e.g. "DE" or "US".', r"^[A-Z]{2}$"),
                    "subdivision": _string('State or region code, e.g. "BE" or "IL".'),
                },
                ("country",),
            ),
            "closed": {
                "type": "array",
                "description": "Extra closed days on top of the public holidays.",
                "items": _date("A closed day."),
                "uniqueItems": True,
            },
            "day": _string(
                'What "1d" means in targets on this calendar, in hours and minutes '
                '("8h", "7h30m"); '
                'default "8h".',
                DAY_PATTERN,
            ),
        },
        ("timezone", "hours"),
    )
    return _root(
        "calendars",
        "slacheck calendars",
        'agreements/calendars.toml: working time. "24x7" is built in and cannot be redefined.',
        _object(
            "The calendars file.",
            {
                "calendars": _map(
                    "Calendars by id, e.g. berlin-office.",
                    calendar,
                    reserved=("24x7",),
                    minLength=1,
                )
            },
            ("calendars",),
        ),
    )


def health_schema() -> Schema:
    card = _object(
        "One card of the health check, voted on by every participant.",
        {
            "id": _name("Card id, unique within the template."),
            "title": _string("Short title shown on the card."),
            "awesome": _string("What the best case looks like (green, or 5)."),
            "crappy": _string("What the worst case looks like (red, or 1)."),
        },
        ("id", "title", "awesome", "crappy"),
    )
    return _root(
        "health",
        "slacheck health-check template",
        "agreements/health/<id>.toml: a health-check template; the file stem is its id.",
        _object(
            "A health-check template.",
            {
                "id": _name("Template id; must equal the file name without .toml."),
                "title": _string("Title of the health check."),
                "scale": _string(
                    "How cards are voted: traffic-light (green / amber / red with a trend) or "
                    "likert-5 (1 to 5).",
                    enum=["traffic-light", "likert-5"],
                ),
                "description": _string("Instructions shown to the participants."),
                "cards": {
                    "type": "array",
                    "description": "The cards, in the order they are voted.",
                    "items": card,
                    "minItems": 1,
                },
            },
            ("id", "title", "scale", "cards"),
        ),
    )


def settings_schema() -> Schema:
    return _root(
        "settings",
        "slacheck workspace settings",
        "agreements/slacheck.toml: workspace-wide settings; every key is optional.",
        _object(
            "Workspace settings.",
            {
                "id": _string(
                    "This workspace's id (written by slacheck init): on a shared PostgreSQL "
                    "database it names the workspace's own schema, slacheck_<id>. The same in "
                    "every copy of the workspace; another workspace needs another id.",
                    "^[a-z][a-z0-9-]{0,46}$",
                ),
                "database": {
                    "type": "string",
                    "minLength": 1,
                    "description": "Where the interaction log lives: a PostgreSQL URL "
                    "(postgresql://user@host/dbname, never with a password: libpq's PGPASSWORD, "
                    "~/.pgpass and PGSERVICE work) or an SQLite file, relative to the workspace; "
                    "default .slacheck/slacheck.db. --db and SLACHECK_DB override it.",
                },
                "timezone": _string(
                    'IANA zone of timestamps written without an offset and of month and quarter '
                    'windows; default "UTC".',
                    TIMEZONE_PATTERN,
                ),
                "health": _object(
                    "Health-check settings.",
                    {
                        "min_votes": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "A card's vote distribution is hidden below this "
                            "many votes; default 3.",
                        }
                    },
                ),
            },
        ),
    )


_BUILDERS = {
    "agreement": agreement_schema,
    "teams": teams_schema,
    "calendars": calendars_schema,
    "health": health_schema,
    "settings": settings_schema,
    "recipe": lambda: recipe_schema(DRAFT),
}


def build_schema(kind: str = "agreement") -> Schema:
    """The JSON Schema of one kind of file; ``KeyError`` for a kind not in :data:`KINDS`."""
    return _BUILDERS[kind]()
