"""One test per calendar rule, each asserting the exact ``path:line:col: message``."""

from __future__ import annotations

from datetime import date

from unit.test_config_fixtures import check, load

C = "agreements/calendars.toml"


def test_calendar_model_is_built(tmp_path):
    calendars = load(tmp_path).catalog.calendars
    office = calendars["office"]
    assert office.timezone == "Europe/Berlin" and office.day_seconds == 8 * 3600
    assert office.hours[0] == ((9 * 3600, 17 * 3600),) and office.hours[2] == ()
    assert (office.holiday_country, office.holiday_subdivision) == ("DE", "BE")
    assert office.closed == frozenset({date(2026, 12, 24), date(2026, 12, 31)})
    assert calendars["24x7"].day_seconds == 86400


def test_unknown_time_zone(tmp_path):
    problems = check(tmp_path, calendars={2: 'timezone = "Europe/Berlln"'})
    assert problems == [f"{C}:2:12: unknown time zone 'Europe/Berlln' (did you mean "
                        "'Europe/Berlin'?); use an IANA name like \"Europe/Berlin\""]


def test_odd_time_zone_keys_do_not_crash(tmp_path):
    for zone in ("", "../etc", "/etc/passwd", "Europe"):
        problems = check(tmp_path, calendars={2: f'timezone = "{zone}"'})
        assert problems[0].startswith(f"{C}:2:12: unknown time zone {zone!r}")


def test_span_ending_before_it_starts(tmp_path):
    problems = check(tmp_path, calendars={3: 'hours = { mon = "17:00-09:00" }'})
    assert problems == [f"{C}:3:17: span '17:00-09:00' ends before it starts; a shift across "
                        "midnight is written as \"22:00-24:00\" on one day and \"00:00-06:00\" on "
                        "the next"]


def test_overlapping_spans(tmp_path):
    problems = check(tmp_path, calendars={3: 'hours = { mon = "09:00-12:00, 11:00-13:00" }'})
    assert problems == [f"{C}:3:17: spans 09:00-12:00 and 11:00-13:00 overlap"]


def test_bad_span_text(tmp_path):
    problems = check(tmp_path, calendars={3: 'hours = { mon = "9 to 5" }'})
    assert problems[0].startswith(f"{C}:3:17: bad time span '9 to 5'")


def test_unknown_weekday(tmp_path):
    hours = 'hours = { mon = "09:00-17:00", thur = "09:00-17:00" }'
    problems = check(tmp_path, calendars={3: hours})
    assert problems == [f"{C}:3:32: unknown key 'thur' (did you mean 'thu'?)"]


def test_hours_as_a_sub_table(tmp_path):
    text = '[calendars.office.hours]\nmon = "09:00-17:00"\ntue = "25:00-26:00"\n'
    problems = check(tmp_path, calendars={3: ""}, calendars_append=text)
    assert problems == [f"{C}:9:7: bad time 25:00 in span '25:00-26:00'"]


def test_no_working_hours_at_all(tmp_path):
    problems = check(tmp_path, calendars={3: 'hours = { mon = "closed", sat = "" }'})
    assert problems == [f"{C}:3:1: calendar 'office' has no working hours on any day"]


def test_unknown_holiday_country_suggests_a_code(tmp_path):
    problems = check(tmp_path, calendars={4: 'holidays = { country = "Germany" }'})
    assert problems == [f"{C}:4:24: unknown holiday country 'Germany' (did you mean 'DE'?); "
                        "use an ISO 3166 code like \"DE\""]


def test_lower_case_country_code(tmp_path):
    problems = check(tmp_path, calendars={4: 'holidays = { country = "de" }'})
    assert problems[0].startswith(f"{C}:4:24: unknown holiday country 'de' (did you mean 'DE'?)")


def test_unknown_holiday_subdivision(tmp_path):
    problems = check(tmp_path, calendars={4: 'holidays = { country = "DE", subdivision = "be" }'})
    assert len(problems) == 1
    assert problems[0].startswith(f"{C}:4:44: unknown subdivision 'be' of DE (did you mean 'BE'?); "
                                  "known: BB, BE, BW")


def test_subdivision_of_a_country_without_any(tmp_path):
    problems = check(tmp_path, calendars={4: 'holidays = { country = "IS", subdivision = "X" }'})
    assert problems == [f"{C}:4:44: unknown subdivision 'X' of IS; IS has no subdivisions"]


def test_closed_day_as_a_string(tmp_path):
    problems = check(tmp_path, calendars={5: 'closed = ["2026-12-24"]'})
    assert problems == [f"{C}:5:11: a closed day '2026-12-24' is a string; write the date without "
                        "quotes: 2026-12-24"]


def test_day_must_be_hours_and_minutes(tmp_path):
    problems = check(tmp_path, calendars={6: 'day = "1d"'})
    assert problems == [f"{C}:6:7: day '1d' must be written in hours and minutes, like \"8h\" or "
                        "\"7h30m\""]


def test_day_longer_than_24_hours(tmp_path):
    problems = check(tmp_path, calendars={6: 'day = "25h"'})
    assert problems == [f"{C}:6:7: day '25h' is longer than 24 hours"]


def test_day_of_7h30m(tmp_path):
    catalog = load(tmp_path, calendars={6: 'day = "7h30m"'}).catalog
    assert catalog.calendars["office"].day_seconds == 27000


def test_24x7_is_reserved(tmp_path):
    text = '\n[calendars.24x7]\ntimezone = "UTC"\nhours = { mon = "00:00-24:00" }\n'
    problems = check(tmp_path, calendars_append=text)
    assert problems == [f"{C}:8:12: the calendar '24x7' is built in and cannot be redefined; "
                        "choose another name"]


def test_missing_timezone(tmp_path):
    problems = check(tmp_path, calendars={2: ""})
    assert problems == [f"{C}:1:12: missing required key 'timezone'"]


def test_a_broken_calendar_is_not_reported_again_at_the_agreement(tmp_path):
    problems = check(tmp_path, calendars={6: 'day = "x"'})
    assert len(problems) == 1 and problems[0].startswith(f"{C}:6:7: bad duration 'x'")
