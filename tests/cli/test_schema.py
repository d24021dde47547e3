"""``slacheck schema``: the JSON Schema of the agreement files, checked against the examples.

jsonschema is not a dependency, so a small checker below understands exactly the keywords the
schema uses (a test fails if the schema starts using another one). It validates every file of
the example company and of the ``slacheck init`` scaffold, and checks that the examples use
every key the schema knows, so the schema and the files cannot drift apart unnoticed.
"""

from __future__ import annotations

import inspect
import json
import re
import tomllib
import zoneinfo
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from slacheck.cli.main import cli
from slacheck.cli.schema import schema as schema_command
from slacheck.config import schema as S
from slacheck.domain.calendar import CalendarError, parse_spans
from slacheck.domain.durations import Duration, DurationError, Window, parse_percent

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_FILES = sorted((REPO / "agreements").rglob("*.toml"))
PRESET_FILES = sorted((REPO / "src/slacheck/presets").glob("*.toml"))
INIT_FILES = sorted((REPO / "src/slacheck/templates/init/agreements").rglob("*.toml"))
KNOWN_KEYWORDS = {
    "$schema", "$id", "title", "description", "type", "properties", "required",
    "additionalProperties", "propertyNames", "pattern", "enum", "not", "items", "minItems",
    "uniqueItems", "minProperties", "anyOf", "minimum", "format", "minLength",
}


def kind_of(path: Path) -> str:
    if path.parent.name == "health":
        return "health"
    if path.parent.name in ("imports", "presets"):
        return "recipe"
    return {"teams.toml": "teams", "calendars.toml": "calendars", "slacheck.toml": "settings"}.get(
        path.name, "agreement"
    )


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def check(schema: dict, value: Any, path: str, errors: list[str], used: set[str]) -> None:
    """Validate ``value``; collect messages in ``errors`` and visited key paths in ``used``."""
    kind = schema.get("type")
    if kind == "string":
        # TOML dates arrive as date objects; JSON tools see them as ISO strings.
        if schema.get("format") == "date" and isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, str):
            errors.append(f"{path}: expected a string, got {value!r}")
            return
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: empty string")
        if schema.get("format") == "date":
            date.fromisoformat(value)
    elif kind == "integer" and (not isinstance(value, int) or value < schema.get("minimum", value)):
        errors.append(f"{path}: expected an integer >= {schema.get('minimum')}, got {value!r}")
    elif kind == "array":
        if not isinstance(value, list) or len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: expected an array of {schema.get('minItems', 0)}+ items")
            return
        if schema.get("uniqueItems") and len(set(map(repr, value))) != len(value):
            errors.append(f"{path}: items are not unique")
        for item in value:
            check(schema["items"], item, f"{path}[]", errors, used)
    elif kind == "object":
        check_object(schema, value, path, errors, used)
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    for alternative in schema.get("anyOf", []):
        if set(alternative["required"]) <= set(value):
            break
    else:
        if "anyOf" in schema:
            errors.append(f"{path}: none of {schema['anyOf']} holds")


def check_object(schema: dict, value: Any, path: str, errors: list[str], used: set[str]) -> None:
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a table, got {value!r}")
        return
    missing = set(schema.get("required", [])) - set(value)
    if missing:
        errors.append(f"{path}: missing {sorted(missing)}")
    if len(value) < schema.get("minProperties", 0):
        errors.append(f"{path}: empty table")
    properties = schema.get("properties", {})
    names = schema.get("propertyNames", {})
    for key, item in value.items():
        if "pattern" in names and not re.search(names["pattern"], key):
            errors.append(f"{path}: key {key!r} does not match {names['pattern']}")
        if len(key) < names.get("minLength", 0):
            errors.append(f"{path}: empty key")
        if "enum" in names and key not in names["enum"]:
            errors.append(f"{path}: key {key!r} is not one of {names['enum']}")
        if key in names.get("not", {}).get("enum", []):
            errors.append(f"{path}: key {key!r} is reserved")
        if key in properties:
            used.add(f"{path}.{key}")
            check(properties[key], item, f"{path}.{key}", errors, used)
        elif schema.get("additionalProperties") is False:
            errors.append(f"{path}: unknown key {key!r}")
        else:
            used.add(f"{path}.*")
            check(schema["additionalProperties"], item, f"{path}.*", errors, used)


def schema_paths(schema: dict, path: str = "$") -> set[str]:
    """Every key path a schema defines, in the notation :func:`check` records."""
    found: set[str] = set()
    if schema.get("type") == "array":
        return schema_paths(schema["items"], f"{path}[]")
    for key, sub in schema.get("properties", {}).items():
        found |= {f"{path}.{key}"} | schema_paths(sub, f"{path}.{key}")
    if isinstance(schema.get("additionalProperties"), dict):
        found |= {f"{path}.*"} | schema_paths(schema["additionalProperties"], f"{path}.*")
    return found


def walk(schema: dict, path: str = "$"):
    """Yield ``(path, subschema)`` for every schema node."""
    yield path, schema
    for key, sub in schema.get("properties", {}).items():
        yield from walk(sub, f"{path}.{key}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from walk(schema[key], f"{path}.{key}")


# ---------------------------------------------------------------- the command


@pytest.mark.parametrize("kind", S.KINDS)
def test_prints_pretty_json_draft_2020_12(kind: str):
    result = CliRunner().invoke(cli, ["schema", "--kind", kind])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == S.build_schema(kind)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["$id"] == f"urn:slacheck:schema:{kind}"
    assert result.stdout.startswith('{\n  "$schema"')


def test_default_kind_is_agreement():
    result = CliRunner().invoke(cli, ["schema"])
    assert json.loads(result.stdout)["$id"].endswith(":agreement")


def test_output_writes_the_file_and_creates_its_folder(tmp_path: Path):
    target = tmp_path / ".slacheck-schema" / "teams.json"
    result = CliRunner().invoke(cli, ["schema", "--kind", "teams", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == S.build_schema("teams")
    assert str(target) in result.stdout


def test_unknown_kind_is_a_usage_error():
    result = CliRunner().invoke(cli, ["schema", "--kind", "tickets"])
    assert result.exit_code == 2
    assert "tickets" in result.stderr


def test_help_ends_with_an_example():
    help_text = inspect.cleandoc(schema_command.help)
    assert "\b\nExample:\n" in help_text
    assert help_text.splitlines()[-1].strip().startswith("slacheck schema")


# ---------------------------------------------------------------- the schema's shape


@pytest.mark.parametrize("kind", S.KINDS)
def test_every_node_is_described_closed_and_uses_known_keywords(kind: str):
    for path, node in walk(S.build_schema(kind)):
        assert set(node) <= KNOWN_KEYWORDS, path
        assert node.get("description"), f"{path} has no description"
        if node.get("type") == "object":
            assert "additionalProperties" in node, f"{path} is open"
            if "properties" in node:
                assert node["additionalProperties"] is False, path


@pytest.mark.parametrize("kind", S.KINDS)
def test_patterns_are_portable(kind: str):
    """No look-around or inline flags: editors use ECMA-262 and Rust regex engines."""
    for path, node in walk(S.build_schema(kind)):
        for pattern in (node.get("pattern"), node.get("propertyNames", {}).get("pattern")):
            if pattern:
                assert "(?" not in pattern.replace("(?:", ""), path
                assert pattern.startswith("^") and pattern.endswith("$"), path


def test_required_keys_match_the_validator():
    from slacheck.config import rules_agreement

    agreement = S.build_schema("agreement")
    assert agreement["required"] == list(rules_agreement.REQUIRED)
    assert set(agreement["properties"]) == {*rules_agreement.REQUIRED, *rules_agreement.OPTIONAL}
    calendars = S.build_schema("calendars")
    assert calendars["required"] == ["calendars"]
    assert calendars["properties"]["calendars"]["additionalProperties"]["required"] == [
        "timezone", "hours",
    ]
    assert S.build_schema("teams")["required"] == ["teams"]
    assert S.build_schema("health")["required"] == ["id", "title", "scale", "cards"]
    assert "required" not in S.build_schema("settings")


# ---------------------------------------------------------------- the schema against the files


@pytest.mark.parametrize(
    "path", EXAMPLE_FILES + INIT_FILES + PRESET_FILES, ids=lambda p: str(p.relative_to(REPO))
)
def test_example_and_init_files_conform(path: Path):
    errors: list[str] = []
    check(S.build_schema(kind_of(path)), load(path), "$", errors, set())
    assert errors == []


#: Keys the example company leaves out (a shared priority scheme would give its services
#: priorities they do not have, and change the demo's figures); the init scaffold shows them.
SCAFFOLD_ONLY = {"agreement": {"$.priorities", "$.priorities.*", "$.priorities.*.first_response",
                               "$.priorities.*.resolution"}}


#: Keys that the example files show only in a comment: where a company's database server is
#: cannot be known to a file shipped with slacheck.
COMMENTED_ONLY = {"settings": {"$.database"}}


def used_keys(kind: str, files: list[Path]) -> set[str]:
    used: set[str] = set()
    for path in files:
        if kind_of(path) == kind:
            check(S.build_schema(kind), load(path), "$", [], used)
    return used


@pytest.mark.parametrize("kind", S.KINDS)
def test_the_example_company_uses_every_key_of_the_schema(kind: str):
    only = SCAFFOLD_ONLY.get(kind, set())
    commented = COMMENTED_ONLY.get(kind, set())
    assert (schema_paths(S.build_schema(kind)) - only - commented
            == used_keys(kind, EXAMPLE_FILES + PRESET_FILES))
    assert only <= used_keys(kind, INIT_FILES)
    for path in EXAMPLE_FILES + INIT_FILES:
        if kind_of(path) == kind:
            for key in commented:
                assert f"# {key.removeprefix('$.')} = " in path.read_text(encoding="utf-8"), path


def test_the_schema_describes_a_shared_priority_scheme():
    agreement = S.build_schema("agreement")
    shared = agreement["properties"]["priorities"]
    assert "every service" in shared["description"]
    service = agreement["properties"]["services"]["items"]
    assert shared["additionalProperties"] == service["properties"]["priorities"]["additionalProperties"]
    errors: list[str] = []
    scheme = {"1 - Critical": {"resolution": "4h"}, "4 - Low": {"resolutoin": "1w"}, "x": {}}
    check(agreement, load(REPO / "agreements" / "it-for-sales.toml") | {"priorities": scheme},
          "$", errors, set())
    assert errors == ["$.priorities.*: unknown key 'resolutoin'", "$.priorities.*: empty table"]


def test_schema_rejects_what_the_examples_must_not_contain():
    errors: list[str] = []
    bad = load(REPO / "agreements" / "it-for-sales.toml") | {"objetive": "95%", "window": "2 weeks"}
    check(S.build_schema("agreement"), bad, "$", errors, set())
    assert any("'objetive'" in e for e in errors) and any("2 weeks" in e for e in errors)
    errors = []
    always = {"calendars": {"24x7": {"timezone": "UTC", "hours": {"mon": "00:00-24:00"}}}}
    check(S.build_schema("calendars"), always, "$", errors, set())
    assert errors == ["$.calendars: key '24x7' is reserved"]


# ---------------------------------------------------------------- patterns agree with the parsers


@pytest.mark.parametrize("text", ["90m", "4h", "2d", "1w", "1d4h", "1w2d", "1w2d3h4m", "7h15m"])
def test_duration_pattern_accepts_what_the_parser_reads(text: str):
    assert re.fullmatch(S.DURATION_PATTERN, text)
    Duration.parse(text)


@pytest.mark.parametrize("text", ["", "4", "4 h", "h4", "1h1d", "1.5h", "4hours", "1d 4h"])
def test_duration_pattern_rejects_what_the_parser_refuses(text: str):
    assert not re.fullmatch(S.DURATION_PATTERN, text)
    with pytest.raises(DurationError):
        Duration.parse(text)


SPANS_GOOD = [
    "09:00-17:00", "09:00-12:30, 13:15-17:00", "22:00-24:00", "00:00-06:00", "9:00-17:00",
    "closed", "",
]
SPANS_BAD = ["9-17", "09:00", "24:30-25:00", "09:00-17:00;", "17:00 to 18:00", "09:60-10:00"]


@pytest.mark.parametrize(
    ("pattern", "good", "bad", "parser", "error"),
    [
        (S.PERCENT_PATTERN, ["95%", "99.5%", "100%"], ["95", "95 %%", ".5%", "0.95"],
         parse_percent, DurationError),
        (S.WINDOW_PATTERN, ["30d", "4w", "month", "quarter"], ["30", "year", "1m", "30 d"],
         Window.parse, DurationError),
        (S.SPANS_PATTERN, SPANS_GOOD, SPANS_BAD, parse_spans, CalendarError),
    ],
    ids=["percent", "window", "spans"],
)
def test_value_patterns_agree_with_the_parsers(pattern, good, bad, parser, error):
    for text in good:
        assert re.fullmatch(pattern, text), text
        parser(text)
    for text in bad:
        assert not re.fullmatch(pattern, text), text
        with pytest.raises(error):
            parser(text)


def test_day_pattern_is_hours_and_minutes():
    assert all(re.fullmatch(S.DAY_PATTERN, t) for t in ["8h", "7h30m", "450m", "24h"])
    assert not any(re.fullmatch(S.DAY_PATTERN, t) for t in ["1d", "8", "1w"])


def test_timezone_pattern_accepts_every_iana_zone():
    zones = zoneinfo.available_timezones() | {"UTC"}
    assert all(re.fullmatch(S.TIMEZONE_PATTERN, zone) for zone in zones)
    assert not re.fullmatch(S.TIMEZONE_PATTERN, "Europe Berlin")


def test_matches_a_real_validator_when_one_is_installed():
    jsonschema = pytest.importorskip("jsonschema")
    for kind in S.KINDS:
        jsonschema.Draft202012Validator.check_schema(S.build_schema(kind))
    for path in EXAMPLE_FILES + INIT_FILES:
        data = json.loads(json.dumps(load(path), default=str))
        jsonschema.Draft202012Validator(S.build_schema(kind_of(path))).validate(data)
