"""Internal-customer satisfaction against hand-computed figures, the watermelon check and the
two-sided view."""

from fractions import Fraction

import pytest

from slacheck.domain.evaluation import BREACHED, MET, OPEN
from slacheck.domain.health import GREEN, AMBER, Session, Vote, summarize_session
from slacheck.domain.model import HealthCard, HealthTemplate
from slacheck.domain.satisfaction import (
    GREEN_OUTSIDE,
    RED_OUTSIDE,
    SELF_HIGHER,
    SELF_LOWER,
    InvalidRating,
    Rating,
    as_ratings,
    latest_customer_checks,
    relationship_mean,
    satisfaction_figures,
    summarize_ratings,
    two_sided,
    watermelon_check,
)

ROWS = [
    # rating, comment, state, interaction, title, agreement, service, provider
    (5, "", MET, 1, "Laptop swap", "it-for-sales", "laptop-repair", "it"),
    (4, "quick", MET, 2, "Access to CRM", "it-for-sales", "access", "it"),
    (2, "took a week", BREACHED, 3, "Laptop screen", "it-for-sales", "laptop-repair", "it"),
    (1, "lost my data", BREACHED, 4, "Laptop", "it-for-sales", "laptop-repair", "it"),
    (3, "fine", OPEN, 5, "VPN", "it-for-sales", "access", "it"),
    (1, "", MET, 6, "Docking station", "it-for-sales", "laptop-repair", "it"),
    (4, "", MET, 7, "Payslip question", "hr-for-staff", "payroll", "hr"),
]


def test_overall_summary_by_hand():
    summary = summarize_ratings(ROWS)
    assert summary.count == 7
    assert summary.mean == 20 / 7
    assert summary.distribution == {1: 2, 2: 1, 3: 1, 4: 2, 5: 1}
    assert (summary.satisfied, summary.satisfied_share) == (3, 3 / 7)
    assert (summary.met_count, summary.met_mean) == (4, 3.5)            # 5, 4, 1, 4
    assert (summary.breached_count, summary.breached_mean) == (2, 1.5)  # 2, 1
    assert summary.gap == 2.0
    assert summary.open_count == 1
    # ratings of 3 or less, lowest first; with a comment first among equals; then newest
    assert [r.interaction for r in summary.lowest] == [4, 6, 3, 5]
    assert summary.lowest[0].comment == "lost my data"


@pytest.mark.parametrize("lowest, at_most, ids", [
    (2, 3, [4, 6]),
    (0, 3, []),
    (5, 1, [4, 6]),
    (10, 5, [4, 6, 3, 5, 2, 7, 1]),
])
def test_lowest_rated(lowest, at_most, ids):
    summary = summarize_ratings(ROWS, lowest=lowest, lowest_at_most=at_most)
    assert [r.interaction for r in summary.lowest] == ids


def test_no_ratings():
    summary = summarize_ratings([])
    assert (summary.count, summary.mean, summary.satisfied_share, summary.gap) == (0, None, None, None)
    assert summary.distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert (summary.met_mean, summary.breached_mean, summary.lowest) == (None, None, ())


def test_figures_per_agreement_service_and_provider():
    figures = satisfaction_figures(ROWS)
    assert figures.overall.count == 7
    assert list(figures.agreements) == ["hr-for-staff", "it-for-sales"]
    assert figures.agreements["it-for-sales"].mean == 16 / 6
    hr = figures.agreements["hr-for-staff"]
    assert (hr.mean, hr.met_count, hr.breached_count, hr.gap) == (4.0, 1, 0, None)
    assert list(figures.services) == [("hr-for-staff", "payroll"), ("it-for-sales", "access"),
                                      ("it-for-sales", "laptop-repair")]
    access = figures.services[("it-for-sales", "access")]
    assert (access.count, access.mean, access.satisfied_share) == (2, 3.5, 0.5)
    laptop = figures.services[("it-for-sales", "laptop-repair")]
    assert (laptop.mean, laptop.met_mean, laptop.breached_mean, laptop.gap) == (2.25, 3.0, 1.5, 1.5)
    assert list(figures.providers) == ["hr", "it"]
    assert figures.providers["it"].count == 6


def test_ratings_from_tuples_and_objects():
    rating = Rating(5, None, MET, 9, "x", "a", "s", "p")
    assert rating.comment == ""
    assert as_ratings([ROWS[0], rating]) == (Rating(*ROWS[0]), rating)


@pytest.mark.parametrize("rating, state, message", [
    (0, MET, "interaction 1: rating 0 is not a whole number from 1 to 5"),
    (6, MET, "interaction 1: rating 6 is not a whole number from 1 to 5"),
    (4.5, MET, "interaction 1: rating 4.5 is not a whole number from 1 to 5"),
    (True, MET, "interaction 1: rating True is not a whole number from 1 to 5"),
    (4, "done", "interaction 1: state 'done' is not one of met, breached, open"),
])
def test_rating_refuses_nonsense(rating, state, message):
    with pytest.raises(InvalidRating, match=message):
        Rating(rating, "", state, 1, "t", "a", "s", "p")
    assert issubclass(InvalidRating, ValueError)


@pytest.mark.parametrize("compliance, objective, kwargs, kind, reason", [
    (0.96, 0.95, dict(mean_rating=2.4, ratings=12), GREEN_OUTSIDE,
     "compliance 96.0 % meets the 95 % objective, but its customers are unhappy: "
     "mean rating 2.4 (12 ratings) below 3.0."),
    (0.96, 0.95, dict(relationship_mean=2.8), GREEN_OUTSIDE,
     "compliance 96.0 % meets the 95 % objective, but its customers are unhappy: "
     "relationship check 2.8 below 3.0."),
    (0.96, 0.95, dict(mean_rating=3.5, relationship_mean=2.5), GREEN_OUTSIDE,
     "compliance 96.0 % meets the 95 % objective, but its customers are unhappy: "
     "relationship check 2.5 below 3.0."),
    (0.96, 0.95, dict(mean_rating=4.2), None,
     "compliance 96.0 % meets the 95 % objective and its customers agree (mean rating 4.2)."),
    (0.96, 0.95, dict(mean_rating=3.0), None,             # 3.0 is not poor
     "compliance 96.0 % meets the 95 % objective and its customers agree (mean rating 3.0)."),
    (0.88, 0.95, dict(mean_rating=4.5, ratings=20, relationship_mean=4.2), RED_OUTSIDE,
     "compliance 88.0 % misses the 95 % objective, yet its customers are happy: mean rating 4.5 "
     "(20 ratings) and relationship check 4.2 at 4.0 or above; the targets may measure what "
     "they do not care about."),
    (0.9499, 0.95, dict(mean_rating=4.0), RED_OUTSIDE,    # 4.0 is good
     "compliance 94.99 % misses the 95 % objective, yet its customers are happy: mean rating 4.0 "
     "at 4.0 or above; the targets may measure what they do not care about."),
    (0.88, 0.95, dict(mean_rating=4.5, relationship_mean=3.5), None,
     "compliance 88.0 % misses the 95 % objective and its customers are not clearly happy "
     "either (mean rating 4.5 and relationship check 3.5)."),
    (0.88, 0.95, dict(mean_rating=2.0), None,
     "compliance 88.0 % misses the 95 % objective and its customers are not clearly happy "
     "either (mean rating 2.0)."),
    (19 / 20, Fraction(19, 20), dict(mean_rating=2.9), GREEN_OUTSIDE,   # at the objective meets it
     "compliance 95.0 % meets the 95 % objective, but its customers are unhappy: mean rating 2.9 below 3.0."),
    (None, 0.95, dict(mean_rating=1.0), None,
     "no compliance figure (nothing met or breached), nothing to compare."),
    (0.96, 0.95, dict(mean_rating=1.0, ratings=2), None,
     "compliance 96.0 % meets the 95 % objective; no customer view to compare (only 2 ratings, fewer than 3)."),
    (0.96, 0.95, dict(mean_rating=1.0, ratings=1), None,
     "compliance 96.0 % meets the 95 % objective; no customer view to compare (only 1 rating, fewer than 3)."),
    (0.96, 0.95, {}, None,
     "compliance 96.0 % meets the 95 % objective; no customer view to compare (no ratings or relationship check)."),
    (0.96, 0.95, dict(mean_rating=3.4, poor_below=3.5), GREEN_OUTSIDE,
     "compliance 96.0 % meets the 95 % objective, but its customers are unhappy: mean rating 3.4 below 3.5."),
    (0.80, 0.95, dict(mean_rating=4.4, good_from=4.5), None,
     "compliance 80.0 % misses the 95 % objective and its customers are not clearly happy either (mean rating 4.4)."),
    (0.96, 0.95, dict(mean_rating=1.0, ratings=2, min_ratings=1), GREEN_OUTSIDE,
     "compliance 96.0 % meets the 95 % objective, but its customers are unhappy: mean rating 1.0 (2 ratings) below 3.0."),
])
def test_watermelon_check(compliance, objective, kwargs, kind, reason):
    check = watermelon_check(compliance, objective, **kwargs)
    assert check.kind == kind and check.flagged is (kind is not None)
    assert check.reason == reason


def test_watermelon_reason_names_its_subject():
    check = watermelon_check(0.96, 0.95, mean_rating=2.0, subject="it-for-sales")
    assert check.reason.startswith("it-for-sales: compliance 96.0 % meets")
    assert (check.compliance, check.objective, check.mean_rating) == (0.96, 0.95, 2.0)


SQUAD = HealthTemplate("squad-health", "Squad", "traffic-light",
                       (HealthCard("fun", "Fun", "a", "c"), HealthCard("speed", "Speed", "a", "c")))
REL = HealthTemplate("relationship-check", "Relationship", "likert-5", (HealthCard("clarity", "Clarity", "a", "c"),))


def results():
    def rel(sid, team, opened, closed, values, about="it"):
        session = Session(sid, "relationship-check", team, about, opened, closed)
        return summarize_session(REL, session, [Vote("clarity", score=v) for v in values])

    def own(sid, opened, closed, fun, speed, team="it"):
        session = Session(sid, "squad-health", team, None, opened, closed)
        votes = [Vote("fun", c) for c in fun] + [Vote("speed", c) for c in speed]
        return summarize_session(SQUAD, session, votes)

    G, A = GREEN, AMBER
    return [
        own(1, 100, 150, [A, A, A], [A, A, A]),
        own(2, 200, 250, [G, G, G], [G, A, A]),       # latest own check: (1 + 2/3) / 2 = 5/6
        own(3, 300, None, [A, A, A], [A, A, A]),      # open: not a self-assessment yet
        rel(10, "sales", 100, 150, [5, 5, 5]),
        rel(11, "sales", 200, 250, [2, 3, 2]),        # sales' latest: 7/3
        rel(12, "finance", 210, 260, [3, 3, 3]),      # finance: 3
        rel(13, "finance", 400, None, [1, 1, 1]),     # open: ignored
        rel(14, "sales", 220, 270, [1, 1, 1], about="hr"),
    ]


def test_latest_customer_checks_and_relationship_mean():
    assert [r.session.id for r in latest_customer_checks("it", results())] == [12, 11]
    assert [r.session.id for r in latest_customer_checks("it", results(), ["sales"])] == [11]
    assert relationship_mean("it", results()) == pytest.approx(8 / 3)   # each team weighs the same
    assert relationship_mean("it", results(), consumers=["sales"]) == pytest.approx(7 / 3)
    assert relationship_mean("procurement", results()) is None


def test_two_sided_view_by_hand():
    ratings = summarize_ratings([(3, "", MET, i, "t", "it-for-sales", "access", "it") for i in range(10)])
    view = two_sided("it", results(), ratings)
    assert view.self_check.session.id == 2
    assert [r.session.id for r in view.customer_checks] == [12, 11]
    assert view.self_score == pytest.approx(5 / 6)
    # relationship 8/3 -> 5/12 on 0..1; mean rating 3.0 -> 1/2; customers: (5/12 + 1/2) / 2 = 11/24
    assert view.customer_score == pytest.approx(11 / 24)
    assert view.gap == pytest.approx(9 / 24)
    assert view.perception == SELF_HIGHER
    assert view.reason == ("it rates itself 83 % of the scale, its customers 46 % (relationship "
                           "checks 2.7 of 5, mean rating 3.0 of 5 (10 ratings)): the team sees "
                           "itself clearly better than its customers do.")


def test_two_sided_view_when_customers_are_happier():
    ratings = summarize_ratings([(5, "", MET, i, "t", "a", "s", "it") for i in range(5)])
    only_ratings = [r for r in results() if r.session.about is None]
    view = two_sided("it", only_ratings, ratings)
    assert (view.self_score, view.customer_score) == (pytest.approx(5 / 6), 1.0)
    assert view.perception is None                   # gap -1/6 is within 0.25
    assert view.reason.endswith("the two views agree.")
    view = two_sided("it", only_ratings, ratings, gap_at=0.1)
    assert view.perception == SELF_LOWER
    assert view.reason.endswith("its customers see it clearly better than it sees itself.")


def test_two_sided_view_needs_both_sides():
    few = summarize_ratings([(1, "", MET, 1, "t", "a", "s", "it")])
    view = two_sided("it", [r for r in results() if r.session.about is None], few)
    assert (view.customer_score, view.gap, view.perception) == (None, None, None)
    assert view.reason == "it: no comparison without a customer view."
    view = two_sided("procurement", results())
    assert view.reason == "procurement: no comparison without its own health check."
    assert two_sided("it", results(), self_template="other").self_check is None
