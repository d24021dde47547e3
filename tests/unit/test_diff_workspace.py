"""Whole-catalog diffs: no-op reordering, agreements added and removed, teams, settings, health."""

from dataclasses import replace

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.diff import diff_catalogs
from slacheck.domain.model import HealthCard, HealthTemplate, Service, Settings, Team
from helpers import BERLIN, agreement, targets
from unit.diff_helpers import TEAMS, calendar, catalog, texts, week, with_priority


def test_two_models_built_in_different_orders_have_no_change_in_meaning():
    a = with_priority(agreement(agreement_id="a"), "laptop-repair", "vip", "15m", None)
    b = agreement(agreement_id="b")
    laptop, access = a.services
    # Reordered: services, priorities, consumers, agreements, calendars, teams, team members,
    # closed days; a fresh but equal calendar object; durations written another way.
    priorities = dict(reversed(list(laptop.priorities.items())))
    shuffled = replace(
        a, consumers=tuple(reversed(a.consumers)),
        services=(access, replace(laptop, priorities=priorities, targets=targets("240m", "24h"))),
        calendar=calendar(hours=week()),
    )
    old = catalog(a, b, teams=TEAMS)
    teams = {k: TEAMS[k] for k in reversed(list(TEAMS))}
    teams["it"] = replace(TEAMS["it"], members=tuple(reversed(TEAMS["it"].members)))
    new = catalog(b, shuffled, teams=teams,
                  calendars={"berlin-office": calendar(hours=week()), "24x7": ALWAYS})
    result = diff_catalogs(old, new)
    assert not result.has_meaning_changes
    assert result.changes == () and result.changed_agreements == ()
    assert [(d.id, d.status) for d in result.agreements] == [("a", "unchanged"), ("b", "unchanged")]


def test_agreements_added_and_removed_in_the_catalog():
    keep, gone, fresh = (agreement(agreement_id=i) for i in ("keep", "gone", "fresh"))
    fresh = replace(fresh, title="Printer support")
    result = diff_catalogs(catalog(keep, gone), catalog(keep, fresh))
    assert [(d.id, d.status) for d in result.agreements] == [
        ("fresh", "added"), ("gone", "removed"), ("keep", "unchanged")]
    assert texts(result) == ['new agreement "Printer support" (stricter)',
                             'agreement "IT support for Sales" removed (looser)']
    assert [c.agreement for c in result.changes] == ["fresh", "gone"]
    assert [c.text() for c in result.stricter] == ['new agreement "Printer support" (stricter)']
    assert [c.agreement for c in result.looser] == ["gone"]


def test_team_changes():
    a = agreement()
    teams = dict(TEAMS)
    teams["it"] = Team("it", "IT Desk", "Ali Khan", ("Ali Khan", "Bo Lind"))
    teams["marketing"] = Team("marketing", "Marketing")
    del teams["cio"]
    result = diff_catalogs(catalog(a), catalog(a, teams=teams))
    assert [c.text() for c in result.teams] == [
        'team it renamed "IT Service Desk" → "IT Desk"',
        'team it: lead "Dana Ruiz" → "Ali Khan"',
        'team it: "Bo Lind" added as member',
        'new team marketing "Marketing"',
        'team cio "Office of the CIO" removed',
    ]
    assert {c.direction for c in result.teams} == {"neutral"} and result.agreements[0].changes == ()
    assert [c.field for c in result.teams][:2] == ["teams.it.name", "teams.it.lead"]


def test_team_with_a_new_id_and_the_same_name_is_a_renamed_id():
    teams = {k: v for k, v in TEAMS.items() if k != "cio"}
    teams["cio-office"] = Team("cio-office", "Office of the CIO", "Kim Park")
    result = diff_catalogs(catalog(agreement()), catalog(agreement(), teams=teams))
    assert [c.text() for c in result.teams] == [
        "team cio renamed to cio-office", 'team cio-office: lead none → "Kim Park"']
    assert (result.teams[0].old, result.teams[0].new) == ("cio", "cio-office")


def test_settings_changes():
    result = diff_catalogs(catalog(agreement()),
                           catalog(agreement(), settings=Settings("Europe/Berlin", 5)))
    assert [c.text() for c in result.settings] == [
        "workspace time zone UTC → Europe/Berlin", "health checks: minimum votes shown 3 → 5"]


def test_health_template_changes():
    fun = HealthCard("fun", "Fun", "We love it.", "Boring.")
    speed = HealthCard("speed", "Speed", "Fast.", "Slow.")
    old = HealthTemplate("squad", "Squad health check", "traffic-light", (fun, speed))
    new = HealthTemplate("squad", "Team health", "likert-5",
                         (replace(fun, crappy="Dull."), HealthCard("pawns", "Pawns", "We decide.", "We obey.")))
    retro = HealthTemplate("retro", "Retro", "traffic-light", (fun,))
    result = diff_catalogs(catalog(agreement(), health={"squad": old}),
                           catalog(agreement(), health={"squad": new, "retro": retro}))
    assert [c.text() for c in result.health] == [
        "new health template retro",
        'health template squad: title "Squad health check" → "Team health"',
        "health template squad: scale traffic-light → likert-5",
        "health template squad: card fun reworded",
        "health template squad: new card pawns",
        "health template squad: card speed removed",
    ]
    reordered = replace(old, cards=(speed, fun))
    assert diff_catalogs(catalog(agreement(), health={"squad": old}),
                         catalog(agreement(), health={"squad": reordered})).changes == ()


def test_changes_list_agreements_first_then_the_workspace():
    a = agreement()
    new_a = replace(a, services=a.services + (Service("printers", "Printers", targets("1h", None)),))
    longer = calendar(hours=week(sat="10:00-12:00"))
    result = diff_catalogs(
        catalog(a, calendars={"berlin-office": BERLIN}),
        catalog(replace(new_a, calendar=longer), calendars={"berlin-office": longer},
                settings=Settings("Europe/Berlin")))
    assert texts(result) == [
        "calendar berlin-office: Saturday closed → 10:00-12:00 (stricter)",
        'new service "Printers" (first response 1h) (stricter)',
        "calendar berlin-office: Saturday closed → 10:00-12:00 (stricter)",
        "workspace time zone UTC → Europe/Berlin",
    ]
    assert [c.agreement for c in result.changes] == ["it-for-sales", "it-for-sales", None, None]
    assert len(result.workspace) == 2 and len(result.stricter) == 2
