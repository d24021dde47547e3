"""Durations, percentages, report windows and the rendering of seconds."""

from __future__ import annotations

from fractions import Fraction

import pytest

from slacheck.domain.durations import (
    Duration,
    DurationError,
    Window,
    format_seconds,
    parse_percent,
)

H = 3600


# ---------------------------------------------------------------------------- Duration.parse
@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("90m", (0, 0, 0, 90)),
        ("4h", (0, 0, 4, 0)),
        ("2d", (0, 2, 0, 0)),
        ("1w", (1, 0, 0, 0)),
        ("1d4h", (0, 1, 4, 0)),
        ("1w2d", (1, 2, 0, 0)),
        ("1w2d3h4m", (1, 2, 3, 4)),
        ("2h30m", (0, 0, 2, 30)),
        ("0d4h", (0, 0, 4, 0)),  # a zero part is allowed when the whole is not zero
        (" 4H ", (0, 0, 4, 0)),  # surrounding blanks and capitals are read
        ("100h", (0, 0, 100, 0)),
    ],
)
def test_parse_valid(text: str, parts: tuple[int, int, int, int]) -> None:
    d = Duration.parse(text)
    assert (d.weeks, d.days, d.hours, d.minutes) == parts


@pytest.mark.parametrize("text", ["4h1d", "30m2h", "1d1w", "5m4h"])
def test_parse_wants_units_from_largest_to_smallest(text: str) -> None:
    with pytest.raises(DurationError, match="largest to smallest"):
        Duration.parse(text)


@pytest.mark.parametrize("text", ["4h4h", "1d2h1d", "1m1m"])
def test_parse_refuses_a_repeated_unit(text: str) -> None:
    with pytest.raises(DurationError, match="twice"):
        Duration.parse(text)


@pytest.mark.parametrize("text", ["0m", "0h", "0d0h", "0w0d0h0m"])
def test_parse_refuses_zero(text: str) -> None:
    with pytest.raises(DurationError, match="zero"):
        Duration.parse(text)


@pytest.mark.parametrize(
    "text",
    ["4", "h", "4 h", "4hours", "1.5h", "-4h", "4s", "4h ago", "1d 4h", "four hours", "4h,",
     "PT4H"],
)
def test_parse_refuses_garbage(text: str) -> None:
    with pytest.raises(DurationError, match="bad duration"):
        Duration.parse(text)


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_refuses_empty(text: str) -> None:
    with pytest.raises(DurationError, match="empty"):
        Duration.parse(text)


@pytest.mark.parametrize("value", [None, 4, 4.0, ["4h"], b"4h"])
def test_parse_refuses_non_strings(value: object) -> None:
    with pytest.raises(DurationError, match="string"):
        Duration.parse(value)  # type: ignore[arg-type]


def test_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


# ---------------------------------------------------------------------------- seconds()
def test_seconds_on_an_eight_hour_day() -> None:
    day = 8 * H
    assert Duration.parse("90m").seconds(day) == 90 * 60
    assert Duration.parse("4h").seconds(day) == 4 * H
    assert Duration.parse("2d").seconds(day) == 16 * H  # 2 x 8 h
    assert Duration.parse("1w").seconds(day) == 40 * H  # 5 days of 8 h
    assert Duration.parse("1d4h").seconds(day) == 12 * H
    assert Duration.parse("1w2d3h4m").seconds(day) == (5 + 2) * 8 * H + 3 * H + 4 * 60


def test_seconds_on_a_24_hour_day() -> None:
    day = 24 * H
    assert Duration.parse("4h").seconds(day) == 4 * H  # hours do not depend on the day
    assert Duration.parse("2d").seconds(day) == 48 * H
    assert Duration.parse("1w").seconds(day) == 5 * 24 * H  # w is five days, on 24x7 too
    assert Duration.parse("1d4h").seconds(day) == 28 * H


def test_seconds_on_a_seven_and_a_half_hour_day() -> None:
    day = 7 * H + 30 * 60
    assert Duration.parse("2d").seconds(day) == 15 * H


def test_str_round_trips() -> None:
    for text in ("90m", "4h", "2d", "1w", "1d4h", "1w2d3h4m"):
        assert str(Duration.parse(text)) == text
    assert str(Duration.parse("0d4h")) == "4h"
    assert str(Duration()) == "0m"
    assert Duration().is_zero() and not Duration(minutes=1).is_zero()


# ---------------------------------------------------------------------------- parse_percent
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("95%", Fraction(95, 100)),
        ("99.5%", Fraction(995, 1000)),
        ("100%", Fraction(1)),
        ("0%", Fraction(0)),
        (" 75 % ", Fraction(3, 4)),
        ("150%", Fraction(3, 2)),  # escalation thresholds go past 100 %
        ("33.333%", Fraction(33333, 100000)),
    ],
)
def test_parse_percent(text: str, value: Fraction) -> None:
    assert parse_percent(text) == value
    assert isinstance(parse_percent(text), Fraction)  # exact, no float rounding


@pytest.mark.parametrize(
    "text", ["95", "95 percent", "%95", "-5%", ".5%", "5.%", "", "9 5%", "1e2%"]
)
def test_parse_percent_refuses_garbage(text: str) -> None:
    with pytest.raises(DurationError, match="bad percentage"):
        parse_percent(text)


@pytest.mark.parametrize("value", [None, 0.95, 95, ["95%"]])
def test_parse_percent_refuses_non_strings(value: object) -> None:
    with pytest.raises(DurationError, match="string"):
        parse_percent(value)


# ---------------------------------------------------------------------------- Window.parse
@pytest.mark.parametrize(
    ("text", "kind", "days"),
    [
        ("30d", "rolling", 30),
        ("4w", "rolling", 28),
        ("1d", "rolling", 1),
        (" 7D ", "rolling", 7),
        ("month", "month", 0),
        ("Quarter", "quarter", 0),
    ],
)
def test_window_parse(text: str, kind: str, days: int) -> None:
    window = Window.parse(text)
    assert (window.kind, window.days) == (kind, days)


def test_window_str() -> None:
    assert str(Window.parse("4w")) == "28d"
    assert str(Window.parse("30d")) == "30d"
    assert str(Window.parse("month")) == "month"
    assert str(Window.parse("quarter")) == "quarter"


@pytest.mark.parametrize("text", ["0d", "0w"])
def test_window_refuses_empty(text: str) -> None:
    with pytest.raises(DurationError, match="empty"):
        Window.parse(text)


@pytest.mark.parametrize("text", ["30", "4h", "1y", "year", "weekly", "30d4h", "", "-3d", "1.5w"])
def test_window_refuses_garbage(text: str) -> None:
    with pytest.raises(DurationError, match="bad window"):
        Window.parse(text)


@pytest.mark.parametrize("value", [None, 30, ["30d"]])
def test_window_refuses_non_strings(value: object) -> None:
    with pytest.raises(DurationError, match="window"):
        Window.parse(value)


# ---------------------------------------------------------------------------- format_seconds
@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (59, "59s"),
        (60, "1m"),
        (61, "1m1s"),
        (3600, "1h"),
        (5400, "1h30m"),
        (3601, "1h1s"),
        (90061, "25h1m1s"),  # hours are not folded into days
        (-5400, "-1h30m"),
        (59.6, "1m"),  # rounded to the second
        (0.4, "0s"),
    ],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text
