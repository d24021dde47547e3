"""The figures service over an in-memory history, and every report format on top of it."""

import csv
import io
import json
from dataclasses import replace

from slacheck.domain.events import Interaction
from slacheck.domain.model import Catalog, Settings
from slacheck.report.csv_format import render_csv
from slacheck.report.json_format import render_json, report_dict
from slacheck.report.markdown_format import render_markdown
from slacheck.report.table_format import render_plain, render_rich
from slacheck.services.figures import compute_figures
from helpers import MemoryHistories, agreement, ev, ts

HOSTILE = "=cmd|' /C calc'!A0 [bold red]boom[/] \x1b[31mred\x1b[0m | *x*"
AS_OF = ts("2026-11-20T10:00:00+00:00")


def make(title="Printer broken"):
    a = agreement()
    catalog = Catalog(Settings(timezone="Europe/Berlin"), {}, {}, {a.id: a}, {})
    hist = [
        # met: responded and resolved within targets
        (Interaction(1, a.id, "laptop-repair", ts("2026-11-16T09:00+01:00"), title="ok", ref="T-1"),
         [ev("responded", "2026-11-16T10:00+01:00"), ev("resolved", "2026-11-16T16:00+01:00")]),
        # breached: urgent, unresolved, long past 150 %
        (Interaction(2, a.id, "laptop-repair", ts("2026-11-18T09:00+01:00"), title=title,
                     priority="urgent", ref="T-2"), []),
        # open: access, opened this morning
        (Interaction(3, a.id, "access", ts("2026-11-20T09:30+01:00"), title="new badge", ref="T-3"), []),
        # outside the 30-day window: ignored by the figures
        (Interaction(4, a.id, "access", ts("2026-09-01T09:00+02:00"), title="old", ref="T-4"),
         [ev("resolved", "2026-09-10T09:00+02:00")]),
    ]
    return catalog, MemoryHistories(hist)


def test_figures_count_states_per_service_and_list_escalations():
    catalog, store = make()
    fig = compute_figures(catalog, store, AS_OF)
    (a,) = fig.agreements
    assert (a.tally.met, a.tally.breached, a.tally.open) == (1, 1, 1)
    assert a.tally.compliance == 0.5
    laptop, access = a.services
    assert (laptop.tally.met, laptop.tally.breached, access.tally.open) == (1, 1, 1)
    assert access.tally.compliance is None
    (esc,) = fig.escalations
    assert (esc.interaction.id, esc.level, esc.to, esc.acknowledged) == (2, 3, "cio", False)
    assert [r.evaluation.interaction.id for r in fig.at_risk] == [3]


def test_json_matches_the_contract_shape():
    catalog, store = make()
    data = report_dict(compute_figures(catalog, store, AS_OF))
    assert data["schema"] == "slacheck.report/1" and data["as_of"] == "2026-11-20T10:00:00Z"
    a = data["agreements"][0]
    assert a["window"] == {"from": "2026-10-21T10:00:00Z", "to": "2026-11-20T10:00:00Z"}
    assert (a["objective"], a["met"], a["breached"], a["open"], a["compliance"]) == (0.95, 1, 1, 1, 0.5)
    assert a["error_budget"] == {"allowed": 0.1, "remaining": -0.9}
    assert {s["id"]: s["compliance"] for s in a["services"]} == {"laptop-repair": 0.5, "access": None}
    assert data["escalations"][0] | {} == {
        "interaction": 2, "ref": "T-2", "agreement": "it-for-sales", "service": "laptop-repair",
        "level": 3, "to": "cio", "acknowledged": False, "since": "2026-11-18T14:00:00Z",
        "title": "Printer broken",
    }


def test_same_input_gives_byte_identical_output():
    catalog, store = make()
    assert render_json(compute_figures(catalog, store, AS_OF)) == render_json(compute_figures(catalog, store, AS_OF))


def test_hostile_titles_stay_literal_in_every_format():
    catalog, store = make(HOSTILE)
    fig = compute_figures(catalog, store, AS_OF)
    assert json.loads(render_json(fig))["escalations"][0]["title"] == HOSTILE
    for text in (render_plain(fig, "Europe/Berlin"), render_rich(fig, "Europe/Berlin", width=250, color=False)):
        assert "\x1b" not in text and "\\x1b[31mred" in text
        assert "[bold red]boom[/]" in text  # markup printed, not interpreted
    rich = render_rich(fig, "Europe/Berlin", width=250, color=True)
    assert "\x1b[31mred" not in rich and "[bold red]boom[/]" in rich
    md = render_markdown(fig, "Europe/Berlin")
    assert "\\[bold red\\]boom\\[/\\]" in md and "\\|" in md and "\x1b" not in md


def test_csv_has_a_header_a_row_per_service_and_defuses_formulas():
    a = agreement()
    evil = replace(a, title="=HYPERLINK(\"http://x\")", services=tuple(
        replace(s, name="@SUM(A1)") if s.id == "access" else s for s in a.services))
    catalog = Catalog(Settings(), {}, {}, {evil.id: evil}, {})
    rows = list(csv.reader(io.StringIO(render_csv(compute_figures(catalog, MemoryHistories([]), AS_OF)))))
    assert rows[0][:3] == ["agreement", "title", "provider"]
    assert [r[7] for r in rows[1:]] == ["laptop-repair", "access"]
    assert rows[1][1].startswith("'=") and rows[2][8] == "'@SUM(A1)"
    assert rows[1][12] == ""  # no compliance figure: empty, never 100 %
