"""Priorities in the agreement files: a shared scheme ``[priorities.NAME]`` for every service,
a service's own entries winning by name, and each rule checked per service it applies to."""

from __future__ import annotations

from slacheck.domain.durations import Duration
from slacheck.domain.model import Targets
from unit.test_config_fixtures import check, edit, load

A = "agreements/it-for-sales.toml"

#: Four shared levels, the third equal to laptop-repair's own targets; access replaces the first
#: and adds one of its own.  Tests name lines by number.
SHARED = '''\
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

[priorities."1 - Critical"]
first_response = "30m"
resolution = "4h"
[priorities."2 - High"]
first_response = "1h"
resolution = "1d"
[priorities."3 - Moderate"]
first_response = "4h"
resolution = "3d"
[priorities."4 - Low"]
resolution = "1w"

[[services]]
id = "laptop-repair"
name = "Laptop repair"
first_response = "4h"
resolution = "3d"

[[services]]
id = "access"
name = "Access rights"
first_response = "2h"
resolution = "1d"
[services.priorities."1 - Critical"]
resolution = "2h"
[services.priorities.vip]
first_response = "15m"

[[escalations]]
at = "75%"
to = "it-oncall"
[[escalations]]
at = "100%"
to = "it"
'''
LEVELS = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]


def d(text: str | None) -> Duration | None:
    return None if text is None else Duration.parse(text)


def t(first: str | None, resolution: str | None) -> Targets:
    return Targets(d(first), d(resolution))


def shared(tmp_path, lines=None, append=""):
    return check(tmp_path, files={A: edit(SHARED, lines, append)})


def test_a_shared_scheme_applies_to_every_service_and_a_service_entry_wins(tmp_path):
    result = load(tmp_path, files={A: SHARED})
    assert result.problems == []  # "3 - Moderate" equals laptop-repair's own targets: fine
    agreement = result.catalog.agreements["it-for-sales"]
    laptop, access = agreement.service("laptop-repair"), agreement.service("access")
    assert laptop.priorities == {
        "1 - Critical": t("30m", "4h"), "2 - High": t("1h", "1d"), "3 - Moderate": t("4h", "3d"),
        "4 - Low": t(None, "1w")}
    assert list(access.priorities) == [*LEVELS, "vip"]
    assert access.priorities["1 - Critical"] == t(None, "2h")  # the whole entry, not merged
    assert access.targets_for("1 - Critical") == t("2h", "2h")
    assert access.targets_for("4 - Low") == t("2h", "1w")
    assert laptop.targets_for("3 - Moderate") == laptop.targets_for("")


def test_a_shared_target_that_conflicts_with_a_service_names_the_service(tmp_path):
    # "3h" is shorter than laptop-repair's own 4h first response, not than access's 2h.
    assert shared(tmp_path, {22: 'resolution = "3h"'}) == [
        f"{A}:22:14: first-response target '4h' is longer than the resolution target '3h' for "
        "shared priority '4 - Low' on service 'laptop-repair'"]


def test_one_error_per_service_a_shared_priority_conflicts_with(tmp_path):
    # "1h" is shorter than both services' own first response (4h, 2h).
    assert shared(tmp_path, {22: 'resolution = "1h"'}) == [
        f"{A}:22:14: first-response target '2h' is longer than the resolution target '1h' for "
        "shared priority '4 - Low' on service 'access'",
        f"{A}:22:14: first-response target '4h' is longer than the resolution target '1h' for "
        "shared priority '4 - Low' on service 'laptop-repair'"]


def test_a_service_that_replaces_the_shared_entry_is_not_checked_against_it(tmp_path):
    replaced = '[services.priorities."4 - Low"]\nresolution = "2w"'
    assert shared(tmp_path, {22: 'resolution = "3h"', 29: replaced}) == []


def test_the_shared_entry_itself_is_checked_like_a_service_priority(tmp_path):
    assert shared(tmp_path, {22: 'resolutoin = "1w"'}) == [
        f"{A}:22:1: unknown key 'resolutoin' (did you mean 'resolution'?)"]
    # An empty level of a shared scheme is each service's own targets: no problem at all.
    assert shared(tmp_path, {22: ''}) == []
    assert shared(tmp_path, {22: 'resolution = "1 week"'}) == [
        f"{A}:22:14: bad duration '1 week': use a number and a unit (m, h, d, w), e.g. \"90m\", "
        "\"4h\", \"2d\", \"1w\" or \"1d4h\""]
    assert shared(tmp_path, {22: 'resolution = "261w"'}) == [
        f"{A}:22:14: duration '261w' is longer than the longest target slacheck accepts (260w, "
        "five years of working days)"]
    assert shared(tmp_path, {21: '[priorities.""]'}) == [f"{A}:21:13: a priority needs a name"]


def test_a_shared_scheme_of_the_wrong_shape(tmp_path):
    lines = {n: "" for n in range(12, 23)}
    assert shared(tmp_path, {**lines, 12: 'priorities = "urgent"'}) == [
        f"{A}:12:14: priorities must be a table, not a string ('urgent')"]
    assert shared(tmp_path, {**lines, 12: "[priorities]", 13: 'low = "5d"'}) == [
        f"{A}:13:7: priority 'low' must be a table ([priorities.low])"]


def test_same_targets_as_the_service_warn_only_when_written_on_the_service(tmp_path):
    # access's own "vip" equal to access's targets: a warning; laptop-repair's own "2 - High"
    # equal to its targets replaces a shared entry on purpose: nothing.
    lines = {38: 'first_response = "2h"',
             29: '[services.priorities."2 - High"]\nfirst_response = "4h"'}
    result = load(tmp_path, files={A: edit(SHARED, lines)})
    assert [p.format(cwd=tmp_path) for p in result.problems] == [
        f"{A}:38:22: warning: priority 'vip' sets the same targets as its service; a request "
        "with this priority is judged as one without"]
    assert result.catalog is not None
