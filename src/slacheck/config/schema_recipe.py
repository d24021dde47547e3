"""JSON Schema (draft 2020-12) of an import recipe (``agreements/imports/NAME.toml``).

It mirrors :mod:`slacheck.config.recipes` and docs/import.md, for editors; ``slacheck
validate`` remains the authority (it also checks time zones, encodings and ``extends``).
"""

from __future__ import annotations

from .recipes import COLUMNS, EVENT_COLUMN_KEYS, EVENT_STATE_KEYS, FOLDS, FORMATS, TIMESTAMP_COLUMNS

Schema = dict


def _strings(description: str, keys: tuple[str, ...], value: Schema) -> Schema:
    return {"type": "object", "description": description,
            "propertyNames": {"enum": list(keys)}, "additionalProperties": value}


def _text(description: str) -> Schema:
    return {"type": "string", "description": description}


def recipe_schema(draft: str) -> Schema:
    text = _text("Any text.")
    column = {"type": "string", "minLength": 1}
    states = {"type": "array", "items": _text("A state as the file writes it (any case).")}
    events = {
        "key": "The file's column that names the ticket (its rows are its successive states).",
        "order": "The file's column that orders a ticket's rows (when each state began).",
        "state": "The file's column that holds the state.",
        "priority": "The file's column whose change is a reprioritization.",
        "pause": "States that pause the clock (e.g. Awaiting User Info).",
        "resolve": "States that resolve the ticket (e.g. Resolved, Closed).",
        "respond": "States that count as the first response (e.g. In Progress).",
        "reopen": "States that reopen a resolved ticket (default: any other state).",
        "sequence": "The file's column that breaks ties between rows of the same instant.",
        "assignee": "The file's column whose first filled value counts as the first response.",
    }
    return {
        "$schema": draft,
        "$id": "urn:slacheck:schema:recipe",
        "title": "slacheck import recipe",
        "description": "agreements/imports/NAME.toml: how slacheck import --recipe NAME reads "
                       "one source's exports; every key is optional.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "description": {**text, "description": "One line shown by slacheck recipes."},
            "extends": {**column, "description": "Start from this recipe or preset; this "
                        "file's keys win, tables merge key by key."},
            "format": {"enum": list(FORMATS), "description": "csv, json or jsonl (default: "
                       "from the file's extension)."},
            "encoding": {**column, "description": "The file's text encoding (default utf-8)."},
            "records": {**column, "description": "JSON: the key (dotted for nested) that "
                        "holds the array of tickets, e.g. issues."},
            "null": {"type": "array", "items": _text("A value read as empty."),
                     "description": "Values read as empty in every column (--null)."},
            "columns": _strings("Our column = the file's column that feeds it (--map).", COLUMNS,
                                {**column, "description": "The file's column (a dotted path "
                                 "in JSON, or OURS+COLUMN:UNIT for a duration)."}),
            "set": _strings("A constant for our column (--set).", COLUMNS,
                            _text("The value of every row.")),
            "default": _strings("The value where our column is empty (--default).", COLUMNS,
                                _text("The value of an empty cell.")),
            "values": _strings("Per column, the file's value = ours (--value).", COLUMNS,
                               {"type": "object", "description": "The file's value = ours.",
                                "additionalProperties": _text("Our value.")}),
            "date_formats": _strings("strptime format per timestamp column (--date-format).",
                                     TIMESTAMP_COLUMNS,
                                     {"type": "string", "pattern": "^.*%.*$",
                                      "description": "A strptime format, e.g. %d/%b/%y %I:%M %p."}),
            "zones": _strings("IANA zone of a column's times without an offset (--tz).", COLUMNS,
                              {**column, "description": "An IANA zone such as Europe/Berlin."}),
            "folds": _strings("Which of a repeated autumn hour a local time means (--fold).",
                              (*TIMESTAMP_COLUMNS, "pauses"),
                              {"enum": list(FOLDS), "description": "earlier or later."}),
            "events": {
                "type": "object",
                "description": "Rows are successive states of one ticket (an event log).",
                "additionalProperties": False,
                "required": ["key", "order", "state", "resolve"],
                "properties": {
                    **{key: {**column, "description": events[key]} for key in EVENT_COLUMN_KEYS},
                    **{key: {**states, "description": events[key]} for key in EVENT_STATE_KEYS},
                },
            },
        },
    }
