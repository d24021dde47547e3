"""Trend lines, sparklines and the team-wide grid."""

import math

import pytest

from slacheck.domain.health import (
    AMBER,
    BETTER,
    DOWN,
    GREEN,
    RED,
    UP,
    GridColumn,
    HealthError,
    SeriesKey,
    Session,
    TrendPoint,
    Vote,
    build_grid,
    group_by_series,
    sparkline,
    summarize_session,
    trend_series,
    trend_sparkline,
)
from slacheck.domain.model import HealthCard, HealthTemplate

SQUAD = HealthTemplate("squad-health", "Squad health check", "traffic-light", (
    HealthCard("fun", "Fun", "a", "c"),
    HealthCard("speed", "Speed", "a", "c"),
))
REL = HealthTemplate("relationship-check", "Relationship check", "likert-5", (
    HealthCard("clarity", "Clarity", "a", "c"),
))
G, A, R = GREEN, AMBER, RED


@pytest.mark.parametrize("values, lo, hi, line", [
    ([0, 0.5, 1], 0, 1, "▁▅█"),
    ([0.25, 0.75], 0, 1, "▃▇"),
    ([None, 1], 0, 1, " █"),
    ([], None, None, ""),
    ([None, None], None, None, "  "),
    ([1, 2, 3], None, None, "▁▅█"),              # range from the values
    ([3, 3], None, None, "▄▄"),                   # an empty range: the middle
    ([-1, 2], 0, 1, "▁█"),                        # clamped
    ([1, math.nan, 5], 1, 5, "▁ █"),              # NaN is a gap
    ([1, 2, 3, 4, 5], 1, 5, "▁▃▅▇█"),
    ([0.0, 0.124, 0.125, 0.999], 0, 1, "▁▁▂█"),   # eight equal bins
    ([2, None, 4], 2, None, "▁ █"),               # one bound given, the other from the values
])
def test_sparkline(values, lo, hi, line):
    assert sparkline(values, lo, hi) == line


def squad(sid, team, opened, closed, votes):
    session = Session(sid, "squad-health", team, None, opened, closed)
    return session, votes


def chain(template, runs, min_votes=3):
    """Results of runs in order, each compared with the previous closed one of its series."""
    results, last = [], {}
    for session, votes in runs:
        previous = last.get(session.series)
        result = summarize_session(template, session, votes, previous=previous, min_votes=min_votes)
        results.append(result)
        if session.is_closed:
            last[session.series] = result
    return results


def fun(*cols, speed=()):
    return [Vote("fun", c) for c in cols] + [Vote("speed", c) for c in speed]


def it_runs():
    return chain(SQUAD, [
        squad(1, "it", 100, 150, fun(G, G, G, speed=(R, R, A))),
        squad(2, "it", 200, 250, fun(G, A, R, speed=(A, A))),      # speed hidden: 2 votes
        squad(3, "it", 300, 350, fun(R, R, R, speed=(G, G, G))),
        squad(4, "it", 400, None, fun(G, G, G, speed=(G, G, G))),  # still open
    ])


def test_trend_series_for_one_card():
    points = trend_series(reversed(it_runs()), "fun")
    assert points == (
        TrendPoint(1, 100, 1.0, 3, G),
        TrendPoint(2, 200, 0.5, 3, R),
        TrendPoint(3, 300, 0.0, 3, R),
    )
    assert trend_sparkline(points, "traffic-light") == "█▅▁"


def test_trend_series_gap_for_a_hidden_card_and_open_sessions_on_request():
    points = trend_series(it_runs(), "speed", include_open=True)
    assert [p.value for p in points] == [1 / 6, None, 1.0, 1.0]
    assert [p.votes for p in points] == [3, 2, 3, 3]
    assert trend_sparkline(points, "traffic-light") == "▂ ██"


def test_trend_series_for_whole_sessions():
    points = trend_series(it_runs())
    # session 1: (1 + 1/6) / 2; session 2: only fun shows; session 3: (0 + 1) / 2
    assert [p.value for p in points] == [pytest.approx(7 / 12), 0.5, 0.5]
    assert [p.votes for p in points] == [3, 3, 3]
    assert all(p.colour is None for p in points)


def test_trend_series_on_the_likert_scale():
    runs = chain(REL, [
        (Session(1, "relationship-check", "sales", "it", 100, 150), [Vote("clarity", score=s) for s in (2, 3, 4)]),
        (Session(2, "relationship-check", "sales", "it", 200, 250), [Vote("clarity", score=s) for s in (4, 4, 5, 5)]),
    ])
    points = trend_series(runs, "clarity")
    assert [p.value for p in points] == [3.0, 4.5]
    assert trend_sparkline(points, "likert-5") == "▅█"    # 3.5/4 of the range is the top bin


def test_trend_series_refuses_mixed_series_and_unknown_cards():
    other = chain(SQUAD, [squad(9, "hr", 100, 150, fun(G, G, G))])
    with pytest.raises(HealthError, match="one team, template and subject, not several: "
                                          "hr/squad-health, it/squad-health"):
        trend_series(it_runs() + other)
    with pytest.raises(HealthError, match="unknown card 'mission' in template 'squad-health'"):
        trend_series(it_runs(), "mission")
    assert trend_series([]) == ()


def test_group_by_series():
    mixed = it_runs() + chain(SQUAD, [squad(9, "hr", 500, 550, fun(G, G, G))])
    groups = group_by_series(reversed(mixed))
    assert list(groups) == [SeriesKey("hr", "squad-health", None), SeriesKey("it", "squad-health", None)]
    assert [r.session.id for r in groups[SeriesKey("it", "squad-health", None)]] == [1, 2, 3, 4]


def grid_results():
    squad_runs = chain(SQUAD, [
        squad(1, "it", 100, 150, fun(G, G, A, speed=(A, A, A))),
        squad(2, "it", 200, 250, [Vote("fun", R, DOWN), Vote("fun", R, DOWN), Vote("fun", A, UP),
                                  Vote("speed", G), Vote("speed", G)]),
        squad(3, "it", 300, None, fun(G, G, G)),                          # open: ignored
        squad(4, "hr", 120, 170, [Vote("fun", G, UP), Vote("fun", G, UP), Vote("fun", G, UP),
                                  Vote("speed", A), Vote("speed", A), Vote("speed", R)]),
    ])
    rel_runs = chain(REL, [
        (Session(5, "relationship-check", "sales", "it", 100, 150), [Vote("clarity", score=s) for s in (2, 2, 3)]),
        (Session(6, "relationship-check", "sales", "it", 200, 250), [Vote("clarity", score=s) for s in (4, 4, 3)]),
        (Session(7, "relationship-check", "it", "sales", 200, 250), [Vote("clarity", score=s) for s in (5, 5, 5)]),
    ])
    return squad_runs + rel_runs


def test_grid_of_a_traffic_light_template():
    grid = build_grid(SQUAD, grid_results())
    hr, it = GridColumn("hr"), GridColumn("it")
    assert grid.columns == (hr, it)
    assert [c.label for c in grid.columns] == ["hr", "it"]
    fun_it = grid.cell("fun", it)
    assert (fun_it.session, fun_it.value, fun_it.direction, fun_it.arrow) == (2, R, DOWN, "↓")
    assert fun_it.result.split is False and fun_it.result.change.direction == "worse"
    speed_it = grid.cell("speed", it)                 # two votes: hidden, no arrow
    assert (speed_it.value, speed_it.direction, speed_it.arrow, speed_it.result.votes) == (None, None, "", 2)
    fun_hr = grid.cell("fun", hr)
    assert (fun_hr.value, fun_hr.arrow) == (G, "↑")
    speed_hr = grid.cell("speed", hr)                 # no trend votes, no previous session
    assert (speed_hr.value, speed_hr.arrow) == (A, "")
    assert [cell.value for cell in grid.row("fun")] == [G, R]
    assert grid.cell("mission", it) is None


def test_grid_of_relationship_checks_has_a_column_per_direction():
    grid = build_grid(REL, grid_results())
    assert [c.label for c in grid.columns] == ["it → sales", "sales → it"]
    sales_it = grid.cell("clarity", GridColumn("sales", "it"))
    assert sales_it.session == 6 and sales_it.value == pytest.approx(11 / 3)
    assert (sales_it.direction, sales_it.arrow) == (BETTER, "↑")    # 7/3 -> 11/3
    it_sales = grid.cell("clarity", GridColumn("it", "sales"))
    assert (it_sales.value, it_sales.arrow) == (5.0, "")


def test_empty_grid():
    grid = build_grid(SQUAD, [])
    assert grid.columns == () and grid.cells == {} and grid.row("fun") == ()
