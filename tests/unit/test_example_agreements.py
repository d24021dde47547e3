"""The example company in ``agreements/``: the structure every user (and every test) relies on.

Most checks read the files with ``tomllib`` and the domain parsers, so a failure points at the
requirement it breaks; two more run the validator over the whole folder. ``TODAY`` is the
reference date the review dates are judged against, so the tests do not age.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from slacheck.cli.main import cli
from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain.calendar import parse_spans
from slacheck.domain.durations import Duration, Window, parse_percent

AGREEMENTS = Path(__file__).resolve().parents[2] / "agreements"
NOT_AGREEMENTS = {"teams.toml", "calendars.toml", "slacheck.toml"}
SQUAD_CARDS = [
    "delivering-value", "easy-to-release", "fun", "health-of-codebase", "learning", "mission",
    "pawns-or-players", "speed", "suitable-process", "support", "teamwork",
]
TODAY = date(2026, 11, 23)


def load(name: str) -> dict:
    with (AGREEMENTS / name).open("rb") as handle:
        return tomllib.load(handle)


def agreement_files() -> list[Path]:
    return sorted(p for p in AGREEMENTS.glob("*.toml") if p.name not in NOT_AGREEMENTS)


AGREEMENT_FILES = agreement_files()
TEAMS = load("teams.toml")["teams"]
CALENDARS = load("calendars.toml")["calendars"]


def agreements() -> dict[str, dict]:
    return {p.stem: load(p.name) for p in AGREEMENT_FILES}


def day_seconds(calendar_id: str) -> int:
    if calendar_id == "24x7":
        return 86400
    return Duration.parse(CALENDARS[calendar_id].get("day", "8h")).seconds(0)


def test_slacheck_validate_passes():
    result = CliRunner().invoke(
        cli, ["--workspace", str(AGREEMENTS.parent), "validate", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert report["files"] == len(list(AGREEMENTS.rglob("*.toml")))


def test_no_problem_at_all_on_the_reference_date():
    """Not even a warning: every team is mentioned and no review date has passed."""
    result = load_catalog(find_workspace(AGREEMENTS.parent), today=TODAY)
    assert result.problems == []


def test_settings():
    settings = load("slacheck.toml")
    assert settings == {"id": "kestrel-aviation", "timezone": "Europe/Berlin", "health": {"min_votes": 3}}


def test_at_least_eight_teams_with_name_and_lead():
    assert len(TEAMS) >= 8
    for team_id, team in TEAMS.items():
        assert team["name"] and team["lead"], team_id
    for escalation_target in ("it-oncall", "cio", "plant-manager"):
        assert escalation_target in TEAMS


def test_calendars_span_two_time_zones_and_a_night_shift():
    assert len(CALENDARS) >= 3
    assert len({c["timezone"] for c in CALENDARS.values()}) >= 2
    assert all("holidays" in c for c in CALENDARS.values())
    assert any("closed" in c for c in CALENDARS.values())
    assert any("day" in c for c in CALENDARS.values())
    all_spans = [parse_spans(text) for c in CALENDARS.values() for text in c["hours"].values()]
    assert any(len(spans) > 1 for spans in all_spans)  # a lunch break
    assert ((22 * 3600, 86400) in {s for spans in all_spans for s in spans})
    assert ((0, 6 * 3600) in {s for spans in all_spans for s in spans})


def test_at_least_seven_agreements_with_variety():
    found = agreements()
    assert len(found) >= 7
    for stem, agreement in found.items():
        assert agreement["id"] == stem
    calendars = {a.get("calendar", "24x7") for a in found.values()}
    assert "24x7" in calendars and len(calendars) >= 3
    assert {a["window"] for a in found.values()} >= {"30d", "month", "quarter"}
    objectives = [parse_percent(a["objective"]) for a in found.values()]
    assert all(parse_percent("90%") <= o <= parse_percent("99%") for o in objectives)
    assert any(
        [str(e["at"]) for e in a.get("escalations", [])] == ["75%", "100%", "150%"]
        for a in found.values()
    )
    assert any("priorities" in s for a in found.values() for s in a["services"])


def test_dates_effective_in_2026_and_review_ahead():
    for agreement in agreements().values():
        assert agreement["effective"].year == 2026
        assert agreement["review_by"] > TODAY
        assert agreement["review_by"] > agreement["effective"]


def test_two_way_relationship():
    pairs = {(a["provider"], c) for a in agreements().values() for c in a["consumers"]}
    assert any((consumer, provider) in pairs for provider, consumer in pairs)


def test_references_resolve_and_every_team_is_mentioned():
    people = {p for t in TEAMS.values() for p in [t["lead"], *t.get("members", [])]}
    mentioned: set[str] = set()
    for stem, agreement in agreements().items():
        named = [agreement["provider"], *agreement["consumers"]]
        named += [e["to"] for e in agreement.get("escalations", [])]
        assert set(named) <= set(TEAMS), stem
        assert agreement["provider"] not in agreement["consumers"], stem
        assert agreement["owner"] in TEAMS or agreement["owner"] in people, stem
        calendar = agreement.get("calendar", "24x7")
        assert calendar == "24x7" or calendar in CALENDARS, stem
        mentioned |= set(named)
    assert mentioned == set(TEAMS)


@pytest.mark.parametrize("path", AGREEMENT_FILES, ids=lambda p: p.stem)
def test_targets_parse_and_first_response_fits_resolution(path: Path):
    agreement = load(path.name)
    Window.parse(agreement["window"])
    day = day_seconds(agreement.get("calendar", "24x7"))
    service_ids = [s["id"] for s in agreement["services"]]
    assert len(service_ids) == len(set(service_ids))
    for service in agreement["services"]:
        base = {k: service.get(k) for k in ("first_response", "resolution")}
        assert any(base.values()), service["id"]
        variants = [base] + [
            {k: prio.get(k) or base[k] for k in base}
            for prio in service.get("priorities", {}).values()
        ]
        for targets in variants:
            if targets["first_response"] and targets["resolution"]:
                first = Duration.parse(targets["first_response"]).seconds(day)
                assert first <= Duration.parse(targets["resolution"]).seconds(day), service["id"]
    thresholds = [parse_percent(e["at"]) for e in agreement.get("escalations", [])]
    assert thresholds == sorted(set(thresholds))


def test_squad_health_has_the_eleven_cards():
    template = load("health/squad-health.toml")
    assert template["id"] == "squad-health" and template["scale"] == "traffic-light"
    assert [c["id"] for c in template["cards"]] == SQUAD_CARDS
    for card in template["cards"]:
        assert card["title"] and card["awesome"] and card["crappy"]
    for word in ("Green", "Amber", "Red"):
        assert word in template["description"]


def test_relationship_check():
    template = load("health/relationship-check.toml")
    assert template["scale"] == "likert-5"
    assert [c["id"] for c in template["cards"]] == [
        "responsiveness", "clarity", "communication", "reliability", "escalations",
    ]
