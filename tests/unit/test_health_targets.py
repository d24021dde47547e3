"""Targets of action items: read from text, judged, and followed between sessions."""

import re

import pytest

from slacheck.domain.health import (
    InvalidTarget,
    Target,
    find_target,
    format_figure,
    parse_target,
    target_progress,
)

AGREEMENTS = {"it-for-sales", "hr-for-staff"}


@pytest.mark.parametrize("text, expected", [
    ("it-for-sales resolution >= 95% next quarter",
     Target("resolution", ">=", 0.95, "it-for-sales", "next quarter")),
    ("it-for-sales resolution ≥ 95 % next quarter",
     Target("resolution", ">=", 0.95, "it-for-sales", "next quarter")),
    ("compliance ≥ 95 %", Target("compliance", ">=", 0.95)),
    ("Compliance => 95", Target("compliance", ">=", 0.95)),           # above 1: percent
    ("compliance >= 0.9", Target("compliance", ">=", 0.9)),           # at most 1: a fraction
    ("SLA > 97,5%", Target("compliance", ">", 0.975)),
    ("first response >= 90%", Target("first-response", ">=", 0.9)),
    ("it-for-sales first-response >= 90% by March", Target("first-response", ">=", 0.9, "it-for-sales", "by March")),
    ("it-for-sales first_response ≤ 100", Target("first-response", "<=", 1.0, "it-for-sales")),
    ("response>=80%", Target("first-response", ">=", 0.8)),
    ("satisfied >= 80 %", Target("satisfied", ">=", 0.8)),
    ("rating >= 4.2", Target("rating", ">=", 4.2)),
    ("hr-for-staff mean rating ≥ 4", Target("rating", ">=", 4.0, "hr-for-staff")),
    ("csat = 4", Target("rating", "=", 4.0)),
    ("breaches <= 2 this month", Target("breaches", "<=", 2.0, horizon="this month")),
    ("escalations < 1", Target("escalations", "<", 1.0)),
    ("compliance == 100%", Target("compliance", "=", 1.0)),
    ("compliance =< 50%", Target("compliance", "<=", 0.5)),
])
def test_parse_target(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize("text, message", [
    ("rating >= 7", "rating is a mean rating from 1 to 5, not 7"),
    ("rating >= 80%", "rating is a mean rating, not a percentage"),
    ("compliance >= 120%", "compliance is a share: 120% is above 100 %"),
    ("breaches <= 2.5", "breaches is a count: use a whole number, not 2.5"),
    ("escalations <= 10%", "escalations is a count, not a percentage"),
    ("make things better", "cannot read target 'make things better'"),
    ("happiness >= 4", "cannot read target 'happiness >= 4'"),
    ("it-for-sale compliance >= 95%", "unknown agreement 'it-for-sale' (did you mean 'it-for-sales'?)"),
])
def test_parse_target_refuses_with_a_reason(text, message):
    with pytest.raises(InvalidTarget, match=re.escape(message)):
        parse_target(text, AGREEMENTS)


@pytest.mark.parametrize("text, expected", [
    ("Get it-for-sales resolution ≥ 95 % next quarter, says Dana",
     Target("resolution", ">=", 0.95, "it-for-sales", "next quarter")),
    ("Raise compliance >= 95% next quarter.", Target("compliance", ">=", 0.95, None, "next quarter")),
    ("Hire a second technician (it-for-sales compliance >= 95%)", Target("compliance", ">=", 0.95, "it-for-sales")),
    ("Keep breaches <= 2; review weekly", Target("breaches", "<=", 2.0)),
    ("Ask for rating >= 9 then aim for rating >= 4", Target("rating", ">=", 4.0)),   # first sensible one
    ("Write the onboarding checklist", None),
    ("Meet on 2026-12-01 at 10:00", None),
])
def test_find_target_in_free_text(text, expected):
    assert find_target(text, AGREEMENTS) == expected


def test_find_target_without_known_agreements_names_none():
    assert find_target("it-for-sales compliance >= 95%") == Target("compliance", ">=", 0.95)


@pytest.mark.parametrize("comparator, value, figure, met", [
    (">=", 0.95, 0.95, True),
    (">=", 0.95, 19 / 20, True),
    (">=", 0.95, 0.9444, False),
    (">", 0.95, 0.95, False),
    (">", 0.95, 0.96, True),
    ("<=", 2, 2, True),
    ("<=", 2, 3, False),
    ("<", 2, 2, False),
    ("<", 2, 1, True),
    ("=", 4, 4.0, True),
    ("=", 4, 4.1, False),
    (">=", 0.95, None, None),
])
def test_target_met_by(comparator, value, figure, met):
    assert Target("compliance", comparator, value).met_by(figure) is met


@pytest.mark.parametrize("target, text", [
    (Target("resolution", ">=", 0.95, "it-for-sales", "next quarter"), "it-for-sales resolution ≥ 95 % next quarter"),
    (Target("compliance", ">", 0.975), "compliance > 97.5 %"),
    (Target("rating", ">=", 4.0), "rating ≥ 4"),
    (Target("breaches", "<", 3.0), "breaches < 3"),
    (Target("satisfied", "=", 0.8), "satisfied = 80 %"),
])
def test_target_text(target, text):
    assert str(target) == text
    assert parse_target(text) == target


@pytest.mark.parametrize("metric, value, text", [
    ("compliance", 0.9444, "94.4 %"),
    ("compliance", 1.0, "100.0 %"),
    ("rating", 3.25, "3.2"),
    ("rating", 4.0, "4.0"),
    ("breaches", 3.0, "3"),
])
def test_format_figure(metric, value, text):
    assert format_figure(metric, value) == text


TARGET = Target("compliance", ">=", 0.95, "it-for-sales")


@pytest.mark.parametrize("target, before, after, moved, toward, met, was_met, sentence", [
    (TARGET, 0.91, 0.96, "up", True, True, False,
     "it-for-sales compliance moved up from 91.0 % to 96.0 % (+5.0 points): target ≥ 95 % met."),
    (TARGET, 0.96, 0.93, "down", False, False, True,
     "it-for-sales compliance moved down from 96.0 % to 93.0 % (-3.0 points): target ≥ 95 % no longer met."),
    (TARGET, 0.90, 0.91, "up", True, False, False,
     "it-for-sales compliance moved up from 90.0 % to 91.0 % (+1.0 point): target ≥ 95 % not met yet."),
    (TARGET, 0.91, 0.91, "same", False, False, False,
     "it-for-sales compliance did not move (91.0 %): target ≥ 95 % not met yet."),
    (TARGET, None, 0.96, None, None, True, None,
     "it-for-sales compliance is 96.0 %: target ≥ 95 % met."),
    (TARGET, 0.91, None, None, None, None, False,
     "No figure for it-for-sales compliance yet: target ≥ 95 % cannot be judged."),
    (Target("breaches", "<=", 2.0), 5, 3, "down", True, False, False,
     "Breaches moved down from 5 to 3 (-2): target ≤ 2 not met yet."),
    (Target("rating", ">=", 4.0), 3.6, 4.1, "up", True, True, False,
     "Rating moved up from 3.6 to 4.1 (+0.5): target ≥ 4 met."),
    (Target("rating", "=", 4.0), 4.6, 4.2, "down", True, False, False,
     "Rating moved down from 4.6 to 4.2 (-0.4): target = 4 not met yet."),
    (Target("rating", "=", 4.0), 4.2, 3.5, "down", False, False, False,
     "Rating moved down from 4.2 to 3.5 (-0.7): target = 4 not met yet."),
])
def test_target_progress(target, before, after, moved, toward, met, was_met, sentence):
    progress = target_progress(target, before, after)
    assert (progress.moved, progress.toward, progress.met, progress.was_met) == (moved, toward, met, was_met)
    assert progress.sentence == sentence
    if before is not None and after is not None:
        assert progress.delta == pytest.approx(after - before)
    else:
        assert progress.delta is None


def test_progress_delta_is_free_of_float_noise():
    assert target_progress(TARGET, 0.2, 0.3).delta == 0.1
