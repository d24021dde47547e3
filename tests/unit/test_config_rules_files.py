"""Rules for teams, settings and health templates, and problems that span files."""

from __future__ import annotations

from pathlib import Path

from unit.test_config_fixtures import build, check, load

T = "agreements/teams.toml"
S = "agreements/slacheck.toml"
H = "agreements/health/squad.toml"


def test_settings_model(tmp_path):
    settings = load(tmp_path).catalog.settings
    assert (settings.timezone, settings.min_votes_shown) == ("Europe/Berlin", 3)


def test_settings_file_is_optional(tmp_path):
    result = load(tmp_path, files={S: None})
    assert result.problems == []
    assert (result.catalog.settings.timezone, result.catalog.settings.min_votes_shown) == ("UTC", 3)


def test_min_votes(tmp_path):
    assert load(tmp_path, settings={3: "min_votes = 5"}).catalog.settings.min_votes_shown == 5
    assert check(tmp_path, settings={3: "min_votes = 0"}) == [
        f"{S}:3:13: min_votes must be at least 1, not 0"]
    assert check(tmp_path, settings={3: 'min_votes = "3"'}) == [
        f"{S}:3:13: min_votes must be an integer, not a string ('3')"]


def test_settings_unknown_key_and_time_zone(tmp_path):
    problems = check(tmp_path, settings={1: 'timezone = "Mars/Base"', 3: "min_vote = 3"})
    assert problems == [
        f"{S}:1:12: unknown time zone 'Mars/Base'; use an IANA name like \"Europe/Berlin\"",
        f"{S}:3:1: unknown key 'min_vote' (did you mean 'min_votes'?)",
    ]


def test_team_without_name(tmp_path):
    problems = check(tmp_path, teams={7: ""})
    assert problems == [f"{T}:6:8: missing required key 'name'"]


def test_team_id_format(tmp_path):
    problems = check(tmp_path, teams={6: "[teams.Sales]"}, agreement={4: 'consumers = ["Sales"]'})
    assert problems == [f"{T}:6:8: team id 'Sales' must be lower-case words joined by '-', "
                        "like 'it' or 'cabin-crew'"]


def test_team_members_must_be_strings(tmp_path):
    problems = check(tmp_path, teams={4: 'members = ["Ali Khan", 3]'})
    assert problems == [f"{T}:4:24: members must hold strings, not an integer (3)"]


def test_unused_team_is_a_warning(tmp_path):
    result = load(tmp_path, teams_append='\n[teams.hr]\nname = "HR"\n')
    assert [p.format(cwd=tmp_path) for p in result.problems] == [
        f"{T}:12:8: warning: team 'hr' is not named by any agreement (as provider, consumer or "
        "escalation target)"
    ]
    assert result.catalog is not None


def test_missing_teams_file_makes_every_team_unknown(tmp_path):
    problems = check(tmp_path, files={T: None})
    assert "agreements/it-for-sales.toml:3:12: unknown provider 'it': not a team in teams.toml" \
        in problems


def test_unknown_health_scale(tmp_path):
    problems = check(tmp_path, health={3: 'scale = "traffic"'})
    assert problems == [f"{H}:3:9: unknown scale 'traffic' (did you mean 'traffic-light'?); use "
                        "'traffic-light' or 'likert-5'"]


def test_template_without_cards(tmp_path):
    text = 'id = "squad"\ntitle = "x"\nscale = "likert-5"\ncards = []\n'
    problems = check(tmp_path, files={H: text})
    assert problems == [f"{H}:4:9: the template has no cards; add at least one [[cards]]"]


def test_template_missing_cards_key(tmp_path):
    problems = check(tmp_path, files={H: 'id = "squad"\ntitle = "x"\nscale = "likert-5"\n'})
    assert problems == [f"{H}:1:1: missing required key 'cards'"]


def test_duplicate_card_id(tmp_path):
    problems = check(tmp_path, health={12: 'id = "fun"'})
    assert problems == [f"{H}:12:6: duplicate card id 'fun'"]


def test_card_missing_statement(tmp_path):
    problems = check(tmp_path, health={9: ""})
    assert problems == [f"{H}:5:1: missing required key 'crappy'"]


def test_template_stem_must_equal_id(tmp_path):
    problems = check(tmp_path, health={1: 'id = "squad-health"'})
    assert problems == [f"{H}:1:6: id 'squad-health' does not match the file name 'squad.toml'; "
                        "the id is the file name without .toml"]


def test_health_model(tmp_path):
    template = load(tmp_path).catalog.health_templates["squad"]
    assert template.scale == "traffic-light"
    assert [c.id for c in template.cards] == ["fun", "speed"]


def test_syntax_error_in_one_file_does_not_hide_the_others(tmp_path):
    problems = check(tmp_path, teams={2: 'name = "IT'}, health={3: 'scale = "x"'})
    assert problems[0].startswith(f"{H}:3:9: unknown scale 'x'")
    assert problems[-1].startswith(f"{T}:2:")
    assert "invalid TOML" in problems[-1]


def test_every_kind_of_file_reports_in_one_run(tmp_path):
    problems = check(
        tmp_path,
        settings={1: 'timezone = "Nowhere"'},
        calendars={6: 'day = "1w"'},
        agreement={9: 'objective = "200%"'},
        health={3: 'scale = "x"'},
        teams={4: "members = [1]"},
    )
    assert [p.split(":")[0] for p in problems] == [
        "agreements/calendars.toml", "agreements/health/squad.toml",
        "agreements/it-for-sales.toml", "agreements/slacheck.toml", "agreements/teams.toml",
    ]


def test_unreadable_teams_file_does_not_cascade(tmp_path):
    problems = check(tmp_path, teams={2: 'name = "IT'})
    assert len(problems) == 1 and problems[0].startswith(f"{T}:2:")


def test_unreadable_calendars_file_does_not_cascade(tmp_path):
    problems = check(tmp_path, calendars={2: "timezone = "})
    assert len(problems) == 1 and problems[0].startswith("agreements/calendars.toml:2:")


def test_unreadable_agreement_turns_off_the_unused_team_warning(tmp_path):
    problems = check(tmp_path, agreement={3: "provider = "})
    assert len(problems) == 1 and problems[0].startswith("agreements/it-for-sales.toml:3:")


def test_a_workspace_id_and_database_are_checked_where_they_are_written(tmp_path):
    assert check(tmp_path, settings={1: 'id = "Kestrel Aviation"'}) == [
        f"{S}:1:6: id 'Kestrel Aviation' is not a workspace id: a lowercase letter, then up to 46 "
        "lowercase letters, digits or '-' (it names the workspace's schema on a shared database)"]
    assert check(tmp_path, settings={1: 'database = "postgresql://lead:s3cret@db.example.com/sla"'}) == [
        f"{S}:1:12: database holds a password, and this file is shared through git: remove it "
        "and give it to libpq instead (PGPASSWORD, ~/.pgpass or a PGSERVICE entry)"]
    assert check(tmp_path, settings={1: 'database = "postgresql://db/sla?password=x"'})[0].startswith(
        f"{S}:1:12: database holds a password")
    assert check(tmp_path, settings={1: 'database = "mysql://db/sla"'}) == [
        f"{S}:1:12: database mysql:// is not supported: give a postgresql:// URL or a file path"]
    assert check(tmp_path, settings={1: 'database = ""'}) == [
        f"{S}:1:12: database is empty: give a postgresql:// URL or a file path, or leave the key "
        "out for the default .slacheck/slacheck.db"]
    for fine in ('database = "postgresql://lead@db.example.com/sla"', 'database = "../shared/log.db"',
                 'id = "kestrel-aviation"'):
        assert check(tmp_path, settings={1: fine}) == [], fine


def test_the_database_of_the_settings_file_is_the_one_opened(tmp_path):
    from slacheck.config.workspace import Workspace

    build(tmp_path, settings={1: 'database = "postgresql://lead@db.example.com/sla"\nid = "x-1"'})
    ws = Workspace(tmp_path)
    assert (ws.database(), ws.identity) == ("postgresql://lead@db.example.com/sla", "x-1")
    assert ws.with_database("other.db").database() == Path("other.db")  # --db wins
    assert ws.with_database("postgresql:///o").database() == "postgresql:///o"
    build(tmp_path, settings={1: 'database = "logs/team.db"'})
    assert Workspace(tmp_path).database() == (tmp_path / "logs" / "team.db").absolute()
