"""The diff renderers: text, Markdown for a pull request, JSON; user text stays literal."""

import json
from dataclasses import replace

import pytest

from slacheck.domain.diff import diff_catalogs
from slacheck.domain.events import Interaction
from slacheck.report.diff_format import (
    NO_CHANGE,
    SCHEMA,
    diff_dict,
    render_diff,
    render_diff_json,
    render_diff_markdown,
    render_diff_text,
)
from slacheck.services.replay import replay
from helpers import MemoryHistories, agreement, ev, targets, ts
from unit.diff_helpers import catalog, with_service

AS_OF = ts("2026-11-20T10:00:00+00:00")
HOSTILE = "*Sales* | \x1b[31mred\x1b[0m <b>"
OLD = agreement()
NEW = replace(with_service(OLD, "laptop-repair", targets=targets("4h", "2d")),
              consumers=("marketing",))
HISTORY = [
    (Interaction(1, OLD.id, "laptop-repair", ts("2026-11-09T09:00+01:00"), title=HOSTILE, ref="T-1"),
     [ev("responded", "2026-11-09T10:00+01:00"), ev("resolved", "2026-11-11T12:00+01:00")]),
    (Interaction(2, OLD.id, "access", ts("2026-11-10T09:00+01:00"), title="badge", ref="T-2"),
     [ev("resolved", "2026-11-10T12:00+01:00")]),
]


def make(old=OLD, new=NEW):
    diff = diff_catalogs(catalog(old), catalog(new))
    return diff, replay(catalog(old), catalog(new), MemoryHistories(HISTORY), AS_OF)


def test_text():
    diff, rep = make()
    assert render_diff_text(diff, rep, "Europe/Berlin") == """\
slacheck diff: 3 changes in meaning (1 stricter, 2 neutral)

it-for-sales: IT support for Sales (changed)
  - marketing added as consumer
  - sales removed as consumer
  - Laptop repair: resolution 3d → 2d (stricter)

Replay at 2026-11-20 11:00 (Europe/Berlin), each agreement's own window
  agreement     service        compliance         error budget left  flips
  it-for-sales  (all)          100.0 % → 50.0 %   +0.1 → -0.9        1 met → breached
  it-for-sales  laptop-repair  100.0 % → 0.0 %    +0.1 → -0.9        1 met → breached
  it-for-sales  access         100.0 % → 100.0 %  +0.1 → +0.1        none

flips: 1 met → breached
  T-1  it-for-sales  laptop-repair  -  2026-11-09 09:00  met → breached  *Sales* | \\x1b[31mred\\x1b[0m <b>
"""


def test_markdown_for_a_pull_request():
    diff, rep = make()
    text = render_diff_markdown(diff, rep, "Europe/Berlin")
    assert text.startswith("## slacheck diff\n\n3 changes in meaning (1 stricter, 2 neutral)\n")
    assert "### it-for-sales: IT support for Sales (changed)" in text
    assert "- ⬆ **stricter**: Laptop repair: resolution 3d → 2d\n" in text
    assert "- sales removed as consumer\n" in text
    assert "| it-for-sales | (all) | 100.0 % → 50.0 % | +0.1 → -0.9 | 1 met → breached |" in text
    assert "**Flips:** 1 met → breached" in text
    assert "| T-1 | it-for-sales | laptop-repair | - | 2026-11-09 09:00 | met → breached | " \
           "\\*Sales\\* \\| \\\\x1b\\[31mred\\\\x1b\\[0m \\<b\\> |" in text
    assert "\x1b" not in text


def test_markdown_labels_looser_changes():
    diff = diff_catalogs(catalog(NEW), catalog(OLD))
    text = render_diff_markdown(diff)
    assert "- ⬇ **looser**: Laptop repair: resolution 2d → 3d\n" in text


def test_json_shape():
    diff, rep = make()
    data = json.loads(render_diff_json(diff, rep))
    assert data["schema"] == SCHEMA == "slacheck.diff/1"
    assert data["has_meaning_changes"] is True
    assert data["summary"] == {"stricter": 1, "looser": 0, "neutral": 2}
    assert data["agreements"] == [{"id": "it-for-sales", "title": "IT support for Sales",
                                   "status": "changed"}]
    assert data["changes"][2] == {
        "agreement": "it-for-sales", "kind": "target-changed",
        "field": "services.laptop-repair.resolution", "old": "3d", "new": "2d",
        "direction": "stricter", "text": "Laptop repair: resolution 3d → 2d (stricter)"}
    r = data["replay"]
    assert (r["as_of"], r["window"], r["stricter_breaches"]) == ("2026-11-20T10:00:00Z", None, 1)
    a = r["agreements"][0]
    assert a["window"]["old"] == {"from": "2026-10-21T10:00:00Z", "to": "2026-11-20T10:00:00Z"}
    assert a["old"] == {"met": 2, "breached": 0, "open": 0, "compliance": 1.0,
                        "error_budget": {"allowed": 0.1, "remaining": 0.1}}
    assert a["new"]["compliance"] == 0.5 and a["new"]["error_budget"]["remaining"] == -0.9
    assert [s["id"] for s in a["services"]] == ["laptop-repair", "access"]
    assert r["flips"] == [{"interaction": 1, "ref": "T-1", "agreement": "it-for-sales",
                           "service": "laptop-repair", "priority": "", "title": HOSTILE,
                           "opened_at": "2026-11-09T08:00:00Z", "old": "met", "new": "breached"}]
    assert r["flip_counts"] == [{"old": "met", "new": "breached", "count": 1}]
    assert r["uncovered"] == []


def test_no_change_in_meaning():
    diff = diff_catalogs(catalog(OLD), catalog(OLD))
    assert render_diff_text(diff) == f"slacheck diff: {NO_CHANGE}\n"
    assert NO_CHANGE in render_diff_markdown(diff)
    data = diff_dict(diff)
    assert (data["has_meaning_changes"], data["changes"], data["replay"]) == (False, [], None)


def test_hostile_titles_stay_literal():
    diff = diff_catalogs(catalog(OLD), catalog(replace(OLD, title=HOSTILE)))
    text = render_diff_text(diff)
    assert "\x1b" not in text and "\\x1b[31mred" in text
    md = render_diff_markdown(diff)
    assert "\\*Sales\\* \\| " in md and "\\<b\\>" in md and "\x1b" not in md
    assert json.loads(render_diff_json(diff))["changes"][0]["new"] == HOSTILE


def test_flip_list_is_cut_in_text_but_complete_in_json():
    diff, rep = make()
    text = render_diff_text(diff, rep, flip_limit=0)
    assert "T-1" not in text and "… and 1 more" in text
    assert "_… and 1 more_" in render_diff_markdown(diff, rep, flip_limit=0)
    assert len(diff_dict(diff, rep)["replay"]["flips"]) == 1


def test_uncovered_interactions_are_named():
    no_access = replace(OLD, services=OLD.services[:1])
    diff, rep = make(new=no_access)
    line = "not judged under the new rules: T-2 (it-for-sales): service access does not exist"
    assert line in render_diff_text(diff, rep)
    assert f"- {line}" in render_diff_markdown(diff, rep)
    assert diff_dict(diff, rep)["replay"]["uncovered"][0]["side"] == "new"


def test_dispatch():
    diff, rep = make()
    assert render_diff("json", diff, rep) == render_diff_json(diff, rep)
    assert render_diff("text", diff, rep, "UTC") == render_diff_text(diff, rep, "UTC")
    assert render_diff("markdown", diff) == render_diff_markdown(diff)
    with pytest.raises(ValueError):
        render_diff("csv", diff)
