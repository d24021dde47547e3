"""The dashboard's Textual-free helpers: countdowns, past windows, cells, filters, file
signatures, form values; and the CLI entry points."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction

import pytest
from click.testing import CliRunner

from slacheck.cli.main import cli
from slacheck.domain.calendar import ALWAYS, WorkCalendar, parse_spans
from slacheck.domain.durations import Window
from slacheck.domain.evaluation import Tally
from slacheck.services.figures import AtRiskItem
from slacheck.tui.data import actions, cells
from slacheck.tui.data.countdown import countdown
from slacheck.tui.data.trends import past_spans
from slacheck.tui.data.watch import files_signature
from tui.tuikit import at

OFFICE = WorkCalendar("office", "Europe/Berlin", hours=(parse_spans("09:00-17:00"),) * 5 + ((), ()))
DAY = 86400


def item(left: float, deadline: float | None = 1.0) -> AtRiskItem:
    return AtRiskItem(evaluation=None, clock="resolution", deadline=deadline, left=left)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of, now, left, expected_left, ticking", [
    # Friday 10:00 Berlin, one hour later: an hour of working time used.
    ("2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", 7200, 3600, True),
    # Friday 16:30 Berlin to Saturday noon: only the half hour until 17:00 counts; off hours.
    ("2026-11-20T15:30:00Z", "2026-11-21T11:00:00Z", 7200, 5400, False),
    # Overdue once the working time left is used up.
    ("2026-11-20T09:00:00Z", "2026-11-20T12:00:00Z", 3600, -7200, True),
    # now before as_of (a clock slightly behind): nothing passed.
    ("2026-11-20T09:00:00Z", "2026-11-20T08:59:00Z", 600, 600, True),
])
def test_countdown_is_left_minus_working_time_since_the_figures(as_of, now, left, expected_left, ticking):
    cd = countdown(item(left), OFFICE, at(as_of), at(now))
    assert (cd.left, cd.ticking, cd.overdue) == (expected_left, ticking, expected_left < 0)


def test_a_paused_request_has_no_countdown():
    cd = countdown(item(100, deadline=None), ALWAYS, 0, 50)
    assert (cd.left, cd.ticking) == (None, False)


@pytest.mark.parametrize("window, as_of, count, expected", [
    ("30d", "2026-11-20T10:00:00Z", 2, [(at("2026-08-22T10:00:00Z"), at("2026-09-21T10:00:00Z")),
                                        (at("2026-09-21T10:00:00Z"), at("2026-10-21T10:00:00Z"))]),
    ("month", "2026-11-20T10:00:00Z", 2, [(at("2026-09-01T00:00:00+02:00"), at("2026-10-01T00:00:00+02:00")),
                                          (at("2026-10-01T00:00:00+02:00"), at("2026-11-01T00:00:00+01:00"))]),
    ("quarter", "2026-02-10T10:00:00Z", 1, [(at("2025-10-01T00:00:00+02:00"), at("2026-01-01T00:00:00+01:00"))]),
    ("30d", "2026-11-20T10:00:00Z", 0, []),
])
def test_past_spans_step_back_whole_windows(window, as_of, count, expected):
    assert past_spans(Window.parse(window), at(as_of), "Europe/Berlin", count) == expected


PALETTE = cells.Palette("green", "yellow", "red", "blue")


@pytest.mark.parametrize("met, breached, objective, bar, colour", [
    (19, 1, "0.9", "█████▊  95.0%", "green"),
    (1, 1, "0.9", "███░░░  50.0%", "red"),
    (0, 0, "0.9", "······      -", None),
])
def test_compliance_bar(met, breached, objective, bar, colour):
    text = cells.compliance_bar(Tally(met, breached, 0, Fraction(objective)), PALETTE)
    assert text.plain == bar
    if colour:
        assert colour in str(text.spans[0].style)


def test_sparkline_scales_between_the_lowest_value_and_100_percent():
    line = cells.sparkline([None, 0.8, 0.9, 1.0], 0.95, PALETTE)
    assert line.plain == "·▁▅█"
    assert [str(s.style) for s in line.spans][1:] == ["red", "red", "green"]


def test_budget_and_countdown_text():
    assert cells.budget_left(Tally(51, 3, 2, Fraction(95, 100)), PALETTE).plain == "-0.3"
    assert cells.budget_left(Tally(0, 0, 2, Fraction(95, 100)), PALETTE).plain == "-"
    assert [cells.countdown_text(s) for s in (0, 59, 3600, 7509)] == ["0m00s", "0m59s", "1h00m00s", "2h05m09s"]


def test_user_text_is_never_markup():
    text = cells.user("[b]x[/b]\x1b[2J\nnext")
    assert text.plain == "[b]x[/b]\\x1b[2J next" and not text.spans


def test_palette_reads_theme_variables_and_drops_alpha():
    palette = cells.Palette.from_variables({"text-success": "#00FF00", "text-error": "#FF000080",
                                            "warning": "#FFA500"})
    assert (palette.good, palette.bad, palette.warn) == ("#00FF00", "#FF0000", "#FFA500")


def test_files_signature_changes_on_edit_add_and_remove(tmp_path):
    (tmp_path / "health").mkdir()
    (tmp_path / "a.toml").write_text("x = 1")
    first = files_signature(tmp_path)
    (tmp_path / "health" / "h.toml").write_text("y = 2")
    second = files_signature(tmp_path)
    (tmp_path / "a.toml").write_text("x = 12")
    third = files_signature(tmp_path)
    (tmp_path / "notes.txt").write_text("ignored")
    assert len({first, second, third}) == 3 and files_signature(tmp_path) == third
    assert [p for p, _, _ in third] == ["a.toml", os.path.join("health", "h.toml")]


@pytest.mark.parametrize("name, value, error", [
    (actions.RATING, "4", None), (actions.RATING, "0", "from 1 to 5"), (actions.RATING, "x", "from 1 to 5"),
    (actions.TEXT, "  ", "needs some text"), (actions.TEXT, "ok", None), (actions.NOTE, "", None),
])
def test_form_values_are_checked_while_typing(name, value, error):
    found = actions.field_error(name, value)
    assert (found is None) if error is None else (error in found)


def test_payload_from_form_values():
    assert actions.payload(actions.ACTIONS["rate"], {"rating": " 5 ", "comment": ""}) == {"rating": 5}
    assert actions.payload(actions.ACTIONS["pause"], {"reason": " waiting "}) == {"reason": "waiting"}
    assert actions.payload(actions.ACTIONS["reprioritize"], {"priority": ""}) == {"priority": ""}


def test_tui_command_needs_a_terminal_and_a_readable_instant(workspace):
    runner = CliRunner()
    result = runner.invoke(cli, ["--workspace", str(workspace), "tui"])
    assert result.exit_code == 2 and "needs an interactive terminal" in result.output
    bare = runner.invoke(cli, ["--workspace", str(workspace)])
    assert bare.exit_code == 2 and "slacheck report" in bare.output
    bad = runner.invoke(cli, ["--workspace", str(workspace), "tui", "--as-of", "yesterday"])
    assert bad.exit_code == 2 and "bad timestamp" in bad.output
    assert "--as-of" in runner.invoke(cli, ["tui", "--help"]).output


def test_report_still_starts_without_textual(workspace):
    code = ("import sys; from slacheck.cli.main import main; sys.argv=['slacheck','--workspace',"
            f"{str(workspace)!r},'report','--format','json']\ntry: main()\nexcept SystemExit: pass\n"
            "print('textual' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stderr.strip().endswith("False"), out.stderr
