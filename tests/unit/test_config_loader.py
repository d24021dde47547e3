"""Loading a whole workspace, ``require_catalog``, and canonical agreement versions."""

from __future__ import annotations

import json

import pytest

from slacheck.config.canonical import (
    SCHEMA, agreement_from_canonical, agreement_hash, canonical_agreement,
)
from slacheck.config.loader import require_catalog
from slacheck.config.workspace import Workspace
from slacheck.errors import ConfigError
from unit.test_config_fixtures import AGREEMENT, CALENDARS, TODAY, build, edit, load

A = "agreements/it-for-sales.toml"


def test_files_read_and_catalog(tmp_path):
    result = load(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in result.files) == [
        "agreements/calendars.toml", "agreements/health/squad.toml", A,
        "agreements/slacheck.toml", "agreements/teams.toml",
    ]
    catalog = result.catalog
    assert set(catalog.teams) == {"it", "sales", "it-oncall"}
    assert catalog.teams["it"].members == ("Ali Khan",)
    assert set(catalog.calendars) == {"office", "24x7"}
    assert set(catalog.agreements) == {"it-for-sales"}


def test_other_files_are_ignored(tmp_path):
    files = {"agreements/README.md": "# notes", "agreements/.draft.toml": "x = ",
             "agreements/old/other.toml": "x = ", "agreements/health/notes.txt": "x"}
    result = load(tmp_path, files=files)
    assert result.problems == [] and len(result.files) == 5


def test_an_error_means_no_catalog(tmp_path):
    result = load(tmp_path, agreement={3: 'provider = "x"'})
    assert result.catalog is None and not result.ok
    assert len(result.errors) == 1 and result.warnings == []


def test_empty_workspace(tmp_path):
    (tmp_path / "agreements").mkdir()
    result = load(tmp_path, files={p: None for p in (
        "agreements/slacheck.toml", "agreements/teams.toml", "agreements/calendars.toml",
        A, "agreements/health/squad.toml")})
    assert result.problems == [] and result.files == []
    assert result.catalog.agreements == {} and set(result.catalog.calendars) == {"24x7"}


def test_require_catalog(tmp_path):
    build(tmp_path)
    assert require_catalog(Workspace(tmp_path), today=TODAY).agreements
    build(tmp_path, agreement={3: 'provider = "x"', 7: "review_by = 2026-02-01"})
    with pytest.raises(ConfigError) as info:
        require_catalog(Workspace(tmp_path), today=TODAY)
    assert info.value.exit_code == 1
    assert [p.line for p in info.value.problems] == [3]


def test_canonical_form(tmp_path):
    canonical = canonical_agreement(load(tmp_path), "it-for-sales")
    assert canonical["schema"] == SCHEMA
    assert canonical["agreement"]["effective"] == "2026-01-01"
    assert canonical["calendar"]["id"] == "office"
    assert canonical["calendar"]["closed"] == ["2026-12-24", "2026-12-31"]
    assert list(canonical["agreement"]) == sorted(canonical["agreement"])
    assert json.loads(json.dumps(canonical)) == canonical


def _hash(tmp_path, agreement=AGREEMENT, calendars=CALENDARS):
    root = tmp_path / f"ws{len(list(tmp_path.iterdir()))}"
    result = load(root, files={A: agreement, "agreements/calendars.toml": calendars})
    return agreement_hash(canonical_agreement(result, "it-for-sales"))


def test_hash_ignores_formatting_and_comments(tmp_path):
    reformatted = "# a comment\n" + AGREEMENT.replace(' = ', '   =   ').replace(
        'consumers = ["sales"]', 'consumers = [\n  "sales",  # the only one\n]')
    reordered = edit(AGREEMENT, {1: 'title = "IT support for Sales"', 2: 'id = "it-for-sales"'})
    base = _hash(tmp_path)
    assert len(base) == 64
    assert _hash(tmp_path, agreement=reformatted) == base
    assert _hash(tmp_path, agreement=reordered) == base
    assert _hash(tmp_path, calendars="# c\n" + CALENDARS.replace('"8h"', "'8h'")) == base
    sub_table = edit(CALENDARS, {3: ""}, '[calendars.office.hours]\nfri = "09:00-15:00"\n'
                     'mon = "09:00-17:00"\ntue = "09:00-17:00"\n')
    assert _hash(tmp_path, calendars=sub_table) == base


def test_hash_changes_with_the_agreement_or_its_calendar(tmp_path):
    base = _hash(tmp_path)
    assert _hash(tmp_path, agreement=edit(AGREEMENT, {9: 'objective = "90%"'})) != base
    assert _hash(tmp_path, calendars=edit(CALENDARS, {6: 'day = "7h"'})) != base


def test_rebuilt_from_canonical_equals_the_loaded_agreement(tmp_path):
    result = load(tmp_path)
    canonical = json.loads(json.dumps(canonical_agreement(result, "it-for-sales")))
    assert agreement_from_canonical(canonical) == result.catalog.agreements["it-for-sales"]


def test_rebuilt_on_24x7(tmp_path):
    result = load(tmp_path, agreement={8: ""})
    canonical = canonical_agreement(result, "it-for-sales")
    assert canonical["calendar"] == {"id": "24x7"}
    assert agreement_from_canonical(canonical) == result.catalog.agreements["it-for-sales"]


def test_rebuilt_without_checking_teams(tmp_path):
    result = load(tmp_path)
    canonical = canonical_agreement(result, "it-for-sales")
    canonical["agreement"]["provider"] = "a-team-since-deleted"
    assert agreement_from_canonical(canonical).provider == "a-team-since-deleted"


def test_bad_canonical_data_raises_config_error(tmp_path):
    with pytest.raises(ConfigError):
        agreement_from_canonical({"schema": "other"})
    canonical = canonical_agreement(load(tmp_path), "it-for-sales")
    canonical["agreement"]["window"] = "never"
    with pytest.raises(ConfigError) as info:
        agreement_from_canonical(canonical)
    assert "bad window 'never'" in info.value.problems[0].message


def test_canonical_of_an_unknown_agreement(tmp_path):
    with pytest.raises(KeyError):
        canonical_agreement(load(tmp_path), "nope")


# A shared scheme holding exactly the fixture's one per-service priority.
SHARED_URGENT = edit(AGREEMENT, {11: '\n[priorities.urgent]\nfirst_response = "30m"\n'
                                     'resolution = "4h"\n', 17: "", 18: "", 19: ""})


def test_a_shared_priority_is_recorded_in_each_service(tmp_path):
    from unit.test_config_rules_priorities import SHARED

    result = load(tmp_path, files={A: SHARED})
    canonical = json.loads(json.dumps(canonical_agreement(result, "it-for-sales")))
    assert "priorities" not in canonical["agreement"]
    laptop, access = canonical["agreement"]["services"]
    assert sorted(laptop["priorities"]) == ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]
    assert access["priorities"]["1 - Critical"] == {"resolution": "2h"}  # the service's entry wins
    assert sorted(access["priorities"]) == ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low",
                                            "vip"]
    assert agreement_from_canonical(canonical) == result.catalog.agreements["it-for-sales"]


def test_moving_identical_priorities_into_a_shared_scheme_keeps_the_version(tmp_path):
    assert load(tmp_path / "check", files={A: SHARED_URGENT}).problems == []
    base = _hash(tmp_path)
    assert _hash(tmp_path, agreement=SHARED_URGENT) == base
    # ... and kept on the service as well: the service's entry wins, the same rules again.
    both = edit(AGREEMENT, {11: '\n[priorities.urgent]\nfirst_response = "30m"\n'
                                'resolution = "4h"\n'})
    assert _hash(tmp_path, agreement=both) == base
    changed = SHARED_URGENT.replace('resolution = "4h"', 'resolution = "2h"')
    assert _hash(tmp_path, agreement=changed) != base
