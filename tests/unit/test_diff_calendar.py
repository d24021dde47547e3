"""Calendar changes: words, directions, and how they reach every agreement on the calendar."""

from datetime import date

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.diff import diff_agreements, diff_catalogs
from slacheck.domain.diff_calendar import calendar_changes, weekly_seconds
from helpers import BERLIN, agreement
from unit.diff_helpers import calendar, catalog, texts, week


def calendar_texts(new, old=BERLIN, years=(2026,)):
    return [c.text() for c in calendar_changes(old, new, years)]


# ---------------------------------------------------------------- hours
def test_longer_friday_is_stricter():
    short_friday = calendar(hours=week(fri="09:00-15:00"))
    (c,) = calendar_changes(short_friday, BERLIN)
    assert c.text() == "calendar berlin-office: Friday 09:00-15:00 → 09:00-17:00 (stricter)"
    assert (c.field, c.kind, c.old, c.new) == ("hours.fri", "calendar-hours", "09:00-15:00",
                                               "09:00-17:00")


def test_shorter_day_of_work_is_looser_and_moved_hours_neutral():
    assert calendar_texts(calendar(hours=week(fri="09:00-15:00"))) == [
        "calendar berlin-office: Friday 09:00-17:00 → 09:00-15:00 (looser)"]
    (moved,) = calendar_changes(BERLIN, calendar(hours=week(wed="10:00-18:00")))
    assert moved.text() == "calendar berlin-office: Wednesday 09:00-17:00 → 10:00-18:00"
    assert moved.direction == "neutral"


def test_consecutive_days_changed_alike_are_one_change():
    lunch = calendar(hours=week("09:00-12:30, 13:15-17:00", fri="09:00-14:00", sat="09:00-13:00"))
    assert calendar_texts(lunch) == [
        "calendar berlin-office: Monday-Thursday 09:00-17:00 → 09:00-12:30, 13:15-17:00 (looser)",
        "calendar berlin-office: Friday 09:00-17:00 → 09:00-14:00 (looser)",
        "calendar berlin-office: Saturday closed → 09:00-13:00 (stricter)",
    ]
    assert [c.field for c in calendar_changes(BERLIN, lunch)] == [
        "hours.mon-thu", "hours.fri", "hours.sat"]


# ---------------------------------------------------------------- zone, day, holidays, closed
def test_time_zone_change_is_neutral():
    (c,) = calendar_changes(BERLIN, calendar(timezone="Europe/London"))
    assert c.text() == "calendar berlin-office: time zone Europe/Berlin → Europe/London"
    assert c.direction == "neutral"


def test_shorter_day_is_stricter_and_shrinks_day_targets():
    assert calendar_texts(calendar(day_seconds=7 * 3600 + 1800)) == [
        "calendar berlin-office: day 8h → 7h30m (stricter)"]
    result = diff_agreements(agreement(), agreement(calendar(day_seconds=7 * 3600 + 1800)))
    assert texts(result) == [
        "calendar berlin-office: day 8h → 7h30m (stricter)",
        "Laptop repair: resolution 3d (24h) → 3d (22h30m) (stricter)",
        "Laptop repair (low): resolution 5d (40h) → 5d (37h30m) (stricter)",
        "Access rights: resolution 1d (8h) → 1d (7h30m) (stricter)",
    ]
    assert result.changes[0].field == "calendar.day"


def test_holiday_region_weighed_over_the_reference_years():
    # Bavaria has more weekday holidays than Berlin in 2026 (6 January, Corpus Christi, ...).
    bavaria = calendar(holiday_subdivision="BY")
    (c,) = calendar_changes(BERLIN, bavaria, (2026,))
    assert c.text() == "calendar berlin-office: holidays DE-BE → DE-BY (looser)"
    assert (c.field, c.old, c.new) == ("holidays", "DE-BE", "DE-BY")
    assert calendar_changes(bavaria, BERLIN, (2026,))[0].direction == "stricter"
    assert calendar_changes(BERLIN, bavaria, ())[0].direction == "neutral"  # no years: unknown


def test_holidays_added_and_removed():
    none = calendar(holiday_country=None, holiday_subdivision=None)
    assert calendar_texts(BERLIN, old=none) == [
        "calendar berlin-office: holidays none → DE-BE (looser)"]
    assert calendar_texts(none) == ["calendar berlin-office: holidays DE-BE → none (stricter)"]
    assert calendar_changes(none, BERLIN, ())[0].direction == "looser"


def test_closed_days():
    # 2026-12-24 is a Thursday, 2026-12-27 a Sunday, 2026-12-25 a public holiday.
    closing = calendar(closed=frozenset({date(2026, 12, 24), date(2026, 12, 31)}))
    (c,) = calendar_changes(BERLIN, closing)
    assert c.text() == "calendar berlin-office: closed on 2026-12-24, 2026-12-31 (looser)"
    assert (c.kind, c.old, c.new) == ("calendar-closed-added", None, "2026-12-24, 2026-12-31")
    assert calendar_texts(BERLIN, old=closing) == [
        "calendar berlin-office: no longer closed on 2026-12-24, 2026-12-31 (stricter)"]
    idle = calendar(closed=frozenset({date(2026, 12, 27), date(2026, 12, 25)}))
    assert [c.direction for c in calendar_changes(BERLIN, idle)] == ["neutral"]


def test_equal_calendars_built_apart_are_no_change():
    assert calendar_changes(BERLIN, calendar(closed=frozenset(), hours=week())) == []
    assert weekly_seconds(ALWAYS) == 7 * 86400 and weekly_seconds(BERLIN) == 40 * 3600


# ---------------------------------------------------------------- reaching the agreements
def test_calendar_change_reaches_every_agreement_on_it_and_the_workspace_once():
    longer = calendar(hours=week(fri="09:00-18:00"))
    a, b = agreement(agreement_id="a"), agreement(agreement_id="b")
    elsewhere = agreement(ALWAYS, agreement_id="c")
    old = catalog(a, b, elsewhere)
    new = catalog(agreement(longer, agreement_id="a"), agreement(longer, agreement_id="b"),
                  elsewhere)
    result = diff_catalogs(old, new)
    sentence = "calendar berlin-office: Friday 09:00-17:00 → 09:00-18:00 (stricter)"
    assert texts(result.agreement("a")) == [sentence]
    assert texts(result.agreement("b")) == [sentence]
    assert result.agreement("c").changes == () and result.agreement("c").status == "unchanged"
    (once,) = result.calendars
    assert (once.agreement, once.field, once.text()) == (
        None, "calendars.berlin-office.hours.fri", sentence)
    assert result.agreement("a").changes[0].field == "calendar.hours.fri"
    assert [c.agreement for c in result.stricter] == ["a", "b"]
    assert result.counts() == {"stricter": 3, "looser": 0, "neutral": 0}


def test_calendars_added_and_removed_in_the_workspace():
    spare = calendar(id="spare")
    old = catalog(agreement(), calendars={"24x7": ALWAYS, "berlin-office": BERLIN, "spare": spare})
    new = catalog(agreement(), calendars={"24x7": ALWAYS, "berlin-office": BERLIN,
                                          "london": calendar(id="london", timezone="Europe/London")})
    result = diff_catalogs(old, new)
    assert [c.text() for c in result.calendars] == ["new calendar london", "calendar spare removed"]
    assert result.has_meaning_changes and result.stricter == ()
