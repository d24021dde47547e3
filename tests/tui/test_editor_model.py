"""The agreement editor's model without Textual (:mod:`slacheck.tui.data.editing`): fields,
values, problem placement, rebasing onto a newer file, and drafts."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from slacheck.config.workspace import Workspace
from slacheck.services.agreement_edit import REMOVE, open_agreement, validate
from slacheck.tui.data import editing

REPO = Path(__file__).resolve().parents[2]
LAPTOP_RESOLUTION = ("services", 0, "resolution")


@pytest.fixture
def ws(tmp_path) -> Workspace:
    shutil.copytree(REPO / "agreements", tmp_path / "agreements")
    return Workspace(tmp_path)


def test_the_form_covers_every_field_the_editor_promises(ws):
    model = editing.EditModel(open_agreement(ws, "it-for-sales").text)
    paths = set(model.fields)
    for key in ("title", "owner", "provider", "consumers", "calendar", "objective", "window",
                "review_by"):
        assert (key,) in paths
    assert {("services", 0, "name"), ("services", 0, "first_response"), LAPTOP_RESOLUTION,
            ("services", 0, "priorities", "urgent", "first_response"),
            ("services", 2, "priorities", "low", "resolution"),
            ("escalations", 2, "at"), ("escalations", 2, "to")} <= paths
    titles = [g.title for g in model.groups]
    assert titles[:3] == ["Agreement", "Service laptop-repair", "priority urgent"]
    assert titles[-1] == "Escalation 3 of 3"
    assert model.values[("consumers",)] == "sales" and model.values[("review_by",)] == "2027-01-31"
    assert model.values[("services", 0, "priorities", "low", "first_response")] == ""


def test_values_become_toml_values():
    date_field = editing.Field(("review_by",), "Review by", editing.DATE, False, "")
    assert editing.value_of(date_field, " 2027-02-01 ") == date(2027, 2, 1)
    assert editing.value_of(date_field, "2027-13-01") == "2027-13-01"  # the loader explains it
    assert editing.value_of(date_field, "") is REMOVE
    required = editing.Field(("title",), "Title", editing.TEXT, True, "")
    assert editing.value_of(required, "  ") == ""
    consumers = editing.Field(("consumers",), "Consumers", editing.LIST, True, "")
    assert editing.value_of(consumers, "sales, hr,,  it ") == ["sales", "hr", "it"]


def test_only_changed_fields_are_written(ws):
    opened = open_agreement(ws, "it-for-sales")
    model = editing.EditModel(opened.text)
    model.set(("consumers",), "sales,")  # the same list
    assert model.changed() == [] and model.edited_text() == opened.text
    model.set(LAPTOP_RESOLUTION, "2d")
    assert model.changed() == [LAPTOP_RESOLUTION]
    assert model.edited_text() == opened.text.replace('resolution = "3d"', 'resolution = "2d"', 1)


def test_problems_are_placed_under_their_field_group_or_above_the_buttons(ws):
    opened = open_agreement(ws, "it-for-sales")
    model = editing.EditModel(opened.text)
    model.set(LAPTOP_RESOLUTION, "2x")
    model.set(("consumers",), "sales, sales")
    model.set(("services", 1, "priorities", "urgent", "first_response"), "")
    model.set(("services", 1, "priorities", "urgent", "resolution"), "")
    text = model.edited_text().replace('id = "mobile-devices"', 'id = "crm-access"')
    text = text.replace('id = "it-for-sales"\n', 'id = "it-for-sales"\nunknown_key = 1\n')
    placement = model.place(validate(opened, text), opened.shown)
    assert "bad duration '2x'" in placement.fields[LAPTOP_RESOLUTION][0]
    assert "listed twice" in placement.fields[("consumers",)][0]
    # A priority emptied of its targets is only a warning (validate prints it): no error here.
    assert ("services", 1, "priorities", "urgent") not in placement.groups
    assert "duplicate service id" in placement.groups[("services", 2)][0]
    assert any(line.startswith("agreements/it-for-sales.toml:") and "unknown key 'unknown_key'" in line
               for line in placement.general)


def test_a_shared_priority_scheme_has_its_own_groups(ws):
    from unit.test_config_rules_priorities import SHARED

    text = SHARED.replace('calendar = "office"', 'calendar = "berlin-service-desk"')
    (ws.agreements_dir / "it-for-sales.toml").write_text(text, encoding="utf-8")
    opened = open_agreement(ws, "it-for-sales")
    model = editing.EditModel(opened.text)
    titles = [g.title for g in model.groups]
    assert titles[:6] == ["Agreement", "Shared priority 1 - Critical", "Shared priority 2 - High",
                          "Shared priority 3 - Moderate", "Shared priority 4 - Low",
                          "Service laptop-repair"]
    low = ("priorities", "4 - Low")
    assert model.values[low + ("resolution",)] == "1w"
    assert model.values[low + ("first_response",)] == ""
    model.set(low + ("resolution",), "2w")
    assert model.edited_text() == opened.text.replace('resolution = "1w"', 'resolution = "2w"')
    model.set(low + ("resolution",), "")
    placement = model.place(validate(opened, model.edited_text()), opened.shown)
    assert not placement.groups.get(low)  # an empty level: the services' own targets


def test_rebase_keeps_my_changed_fields_on_top_of_the_newer_file(ws):
    opened = open_agreement(ws, "it-for-sales")
    mine = editing.EditModel(opened.text)
    mine.set(LAPTOP_RESOLUTION, "2d")
    theirs = opened.text.replace('objective = "95%"', 'objective = "97%"')
    model, lost = mine.rebase(theirs)
    assert lost == [] and model.original == theirs
    assert model.values[("objective",)] == "97%" and model.changed() == [LAPTOP_RESOLUTION]
    assert model.edited_text() == theirs.replace('resolution = "3d"', 'resolution = "2d"', 1)


def test_drafts_keep_the_text_and_its_base(ws):
    opened = open_agreement(ws, "it-for-sales")
    assert editing.load_draft(ws, "it-for-sales") is None
    path = editing.save_draft(opened, "edited\n")
    assert path == ws.root / ".slacheck" / "drafts" / "it-for-sales.toml"
    draft = editing.load_draft(ws, "it-for-sales")
    assert draft.text == "edited\n" and draft.based_on(opened)
    model = editing.EditModel(opened.text)
    changed = model.take_values(opened.text.replace('"3d"', '"2d"'))
    assert changed == [LAPTOP_RESOLUTION]
    editing.discard_draft(ws, "it-for-sales")
    editing.discard_draft(ws, "it-for-sales")
    assert editing.load_draft(ws, "it-for-sales") is None
    path.write_text("a draft someone wrote by hand\n", encoding="utf-8")
    assert editing.load_draft(ws, "it-for-sales").base_sha256 is None
