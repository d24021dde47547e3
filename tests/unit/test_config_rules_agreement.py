"""One test per agreement rule, each asserting the exact ``path:line:col: message``."""

from __future__ import annotations

from unit.test_config_fixtures import AGREEMENT, check, load

A = "agreements/it-for-sales.toml"


def test_base_workspace_is_clean(tmp_path):
    result = load(tmp_path)
    assert result.problems == []
    assert result.catalog is not None


def test_missing_required_key_at_the_table(tmp_path):
    problems = check(tmp_path, agreement={2: ""})
    assert problems == [f"{A}:1:1: missing required key 'title'"]


def test_missing_key_in_a_service_points_at_its_header(tmp_path):
    problems = check(tmp_path, agreement={14: ""})
    assert problems == [f"{A}:12:1: missing required key 'name'"]


def test_unknown_key_with_did_you_mean(tmp_path):
    problems = check(tmp_path, agreement={2: 'titel = "IT support for Sales"'})
    assert f"{A}:2:1: unknown key 'titel' (did you mean 'title'?)" in problems
    assert f"{A}:1:1: missing required key 'title'" in problems


def test_unknown_key_without_near_miss(tmp_path):
    problems = check(tmp_path, agreement={13: 'id = "laptop-repair"\ncolour = "red"'})
    assert problems == [f"{A}:14:1: unknown key 'colour'"]


def test_wrong_type(tmp_path):
    problems = check(tmp_path, agreement={2: "title = 42"})
    assert problems == [f"{A}:2:9: title must be a string, not an integer (42)"]


def test_wrong_type_inside_an_array(tmp_path):
    problems = check(tmp_path, agreement={4: 'consumers = ["sales", 7]'})
    assert problems == [f"{A}:4:23: consumers must hold strings, not an integer (7)"]


def test_file_stem_must_equal_id(tmp_path):
    problems = check(tmp_path, agreement={1: 'id = "it-sales"'})
    assert problems == [f"{A}:1:6: id 'it-sales' does not match the file name "
                        "'it-for-sales.toml'; the id is the file name without .toml"]


def test_unknown_provider(tmp_path):
    problems = check(tmp_path, agreement={3: 'provider = "itt"'})
    assert problems == [f"{A}:3:12: unknown provider 'itt': not a team in teams.toml "
                        "(did you mean 'it'?)"]


def test_unknown_consumer(tmp_path):
    problems = check(tmp_path, agreement={4: 'consumers = ["sales", "marketing"]'})
    assert problems == [f"{A}:4:23: unknown consumer 'marketing': not a team in teams.toml"]


def test_provider_is_not_its_own_consumer(tmp_path):
    problems = check(tmp_path, agreement={4: 'consumers = ["sales", "it"]'})
    assert problems == [f"{A}:4:23: the provider 'it' cannot be its own consumer"]


def test_duplicate_consumer(tmp_path):
    problems = check(tmp_path, agreement={4: 'consumers = [\n  "sales",\n  "sales",\n]'})
    assert problems == [f"{A}:6:3: consumer 'sales' is listed twice"]


def test_no_consumers(tmp_path):
    problems = check(tmp_path, agreement={4: "consumers = []"})
    assert problems == [
        f"{A}:4:13: consumers is empty; name at least one team",
        "agreements/teams.toml:6:8: warning: team 'sales' is not named by any agreement "
        "(as provider, consumer or escalation target)",
    ]


def test_owner_may_be_a_team_lead_or_member(tmp_path):
    for owner in ("it", "Dana Ruiz", "Ali Khan"):
        assert check(tmp_path, agreement={5: f'owner = "{owner}"'}) == []


def test_unknown_owner(tmp_path):
    problems = check(tmp_path, agreement={5: 'owner = "Ali Kahn"'})
    assert problems == [f"{A}:5:9: unknown owner 'Ali Kahn': not a team id, nor a team's lead "
                        "or member (did you mean 'Ali Khan'?)"]


def test_unknown_calendar(tmp_path):
    problems = check(tmp_path, agreement={8: 'calendar = "ofice"'})
    assert problems == [f"{A}:8:12: unknown calendar 'ofice' (did you mean 'office'?); "
                        "known: 24x7, office"]


def test_calendar_defaults_to_24x7(tmp_path):
    result = load(tmp_path, agreement={8: ""})
    assert result.problems == []
    assert result.catalog.agreements["it-for-sales"].calendar.id == "24x7"


def test_unknown_escalation_target(tmp_path):
    problems = check(tmp_path, agreement={23: 'to = "cio"'})
    assert problems[0] == f"{A}:23:6: unknown escalation target 'cio': not a team in teams.toml"
    assert problems[1].startswith("agreements/teams.toml:9:8: warning: team 'it-oncall'")


def test_date_given_as_a_string(tmp_path):
    problems = check(tmp_path, agreement={6: 'effective = "2026-01-01"'})
    assert problems == [f"{A}:6:13: effective '2026-01-01' is a string; write the date without "
                        "quotes: 2026-01-01"]


def test_date_that_is_no_date(tmp_path):
    problems = check(tmp_path, agreement={6: 'effective = "soon"'})
    assert problems == [f"{A}:6:13: effective must be a TOML date like 2026-01-01, not a string "
                        "('soon')"]


def test_date_with_a_time(tmp_path):
    problems = check(tmp_path, agreement={7: "review_by = 2026-07-01T09:00:00"})
    assert problems == [f"{A}:7:13: review_by must be a date without a time, not a date-time "
                        "(2026-07-01T09:00:00); write 2026-07-01"]


def test_effective_after_review_by(tmp_path):
    problems = check(tmp_path, agreement={6: "effective = 2026-08-01"})
    assert problems == [f"{A}:7:13: review_by 2026-07-01 must come after effective 2026-08-01"]


def test_review_by_in_the_past_is_a_warning(tmp_path):
    result = load(tmp_path, agreement={7: "review_by = 2026-02-01"})
    assert [p.format(cwd=tmp_path) for p in result.problems] == [
        f"{A}:7:13: warning: review_by 2026-02-01 is in the past; review the agreement and set "
        "a new date"
    ]
    assert result.catalog is not None


def test_bad_percentage(tmp_path):
    problems = check(tmp_path, agreement={9: 'objective = "95"'})
    assert problems == [f"{A}:9:13: bad percentage '95': write e.g. \"95%\" or \"99.5%\""]


def test_objective_out_of_range(tmp_path):
    for text in ('"0%"', '"100.5%"'):
        problems = check(tmp_path, agreement={9: f"objective = {text}"})
        assert problems == [f"{A}:9:13: objective {text.replace(chr(34), chr(39))} must be above "
                            "0% and at most 100%"]
    assert check(tmp_path, agreement={9: 'objective = "100%"'}) == []


def test_bad_window(tmp_path):
    problems = check(tmp_path, agreement={10: 'window = "fortnight"'})
    assert problems == [f"{A}:10:10: bad window 'fortnight': use a rolling length like \"30d\" or "
                        "\"4w\", or \"month\" or \"quarter\""]


def test_bad_duration(tmp_path):
    problems = check(tmp_path, agreement={16: 'resolution = "3 days"'})
    assert len(problems) == 1
    assert problems[0].startswith(f"{A}:16:14: bad duration '3 days'")


def test_service_without_target(tmp_path):
    problems = check(tmp_path, agreement={15: "", 16: "", 17: "", 18: "", 19: ""})
    assert problems == [f"{A}:12:1: service 'laptop-repair' has no target; give it "
                        "first_response, resolution or both"]


def test_duplicate_service_id(tmp_path):
    extra = '\n[[services]]\nid = "laptop-repair"\nname = "Again"\nresolution = "1d"\n'
    problems = check(tmp_path, agreement_append=extra)
    assert problems == [f"{A}:29:6: duplicate service id 'laptop-repair'"]


def test_no_services(tmp_path):
    lines = {n: "" for n in range(12, 20)}
    lines[11] = "services = []"
    problems = check(tmp_path, agreement=lines)
    assert problems == [f"{A}:11:12: an agreement needs at least one service ([[services]])"]


def test_empty_priority_overrides_nothing(tmp_path):
    problems = check(tmp_path, agreement={18: "", 19: ""})
    assert problems == [f"{A}:17:22: warning: priority 'urgent' overrides nothing: a request "
                        "with this priority is judged as one without"]


def test_priority_with_the_service_values_is_only_a_warning(tmp_path):
    # 240m is the service's 4h; on the office calendar 1d16h is 24 h, the service's 3d.
    lines = {18: 'first_response = "240m"', 19: 'resolution = "1d16h"'}
    result = load(tmp_path, agreement=lines)
    assert [p.format(cwd=tmp_path) for p in result.problems] == [
        f"{A}:17:22: warning: priority 'urgent' sets the same targets as its service; a request "
        "with this priority is judged as one without"]
    agreement = result.catalog.agreements["it-for-sales"]
    service = agreement.service("laptop-repair")
    for key in ("first_response", "resolution"):
        assert agreement.target_seconds(getattr(service.targets_for("urgent"), key)) == \
            agreement.target_seconds(getattr(service.targets_for(""), key))


def test_first_response_longer_than_resolution(tmp_path):
    lines = {15: 'first_response = "4d"', 18: "", 19: 'resolution = "5d"'}
    problems = check(tmp_path, agreement=lines)
    assert problems == [f"{A}:15:18: first-response target '4d' is longer than the resolution "
                        "target '3d'"]


def test_first_response_is_compared_on_the_calendar_day(tmp_path):
    # On the office calendar "1d" is 8 h, so "9h" is longer than "1d"; on 24x7 it is not.
    lines = {15: 'first_response = "9h"', 16: 'resolution = "1d"', 18: "", 19: 'resolution = "2d"'}
    problems = check(tmp_path, agreement=lines)
    assert problems == [f"{A}:15:18: first-response target '9h' is longer than the resolution "
                        "target '1d'"]
    assert check(tmp_path, agreement={**lines, 8: 'calendar = "24x7"'}) == []


def test_priority_inherits_a_longer_first_response(tmp_path):
    problems = check(tmp_path, agreement={18: "", 19: 'resolution = "2h"'})
    assert problems == [f"{A}:19:14: first-response target '4h' is longer than the resolution "
                        "target '2h' for priority 'urgent'"]


def test_priority_first_response_longer_than_inherited_resolution(tmp_path):
    problems = check(tmp_path, agreement={18: 'first_response = "4d"', 19: ""})
    assert problems == [f"{A}:18:18: first-response target '4d' is longer than the resolution "
                        "target '3d' for priority 'urgent'"]


def test_escalation_thresholds_strictly_ascending(tmp_path):
    problems = check(tmp_path, agreement={25: 'at = "75%"'})
    assert problems == [f"{A}:25:6: escalation thresholds must rise strictly: '75%' follows '75%'"]


def test_escalation_threshold_above_zero(tmp_path):
    problems = check(tmp_path, agreement={22: 'at = "0%"'})
    assert problems == [f"{A}:22:6: escalation threshold '0%' must be above 0%"]


def test_all_problems_in_one_run(tmp_path):
    lines = {1: 'id = "x"', 3: 'provider = "nope"', 10: 'window = "1y"', 22: 'at = "-"'}
    problems = check(tmp_path, agreement=lines)
    assert [p.split(": ")[0] for p in problems] == [
        f"{A}:1:6", f"{A}:3:12", f"{A}:10:10", f"{A}:22:6",
    ]


def test_agreement_model_is_built(tmp_path):
    agreement = load(tmp_path).catalog.agreements["it-for-sales"]
    assert agreement.consumers == ("sales",)
    assert agreement.calendar.id == "office"
    assert [str(r.at) for r in agreement.escalations] == ["3/4", "1"]
    urgent = agreement.service("laptop-repair").targets_for("urgent")
    assert str(urgent.first_response) == "30m" and str(urgent.resolution) == "4h"


def test_base_text_line_numbers():
    rows = AGREEMENT.split("\n")
    assert rows[11] == "[[services]]" and rows[21] == 'at = "75%"'
