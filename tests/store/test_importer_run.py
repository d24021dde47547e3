"""``import_file`` end to end: idempotency, appending progress, dry runs, strictness, errors.

Each test runs on SQLite and on PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store.store_helpers import row, ts, write_csv, write_json, write_jsonl

from slacheck.errors import InputError
from slacheck.importer import ImportProgress, import_file


def kinds(store, ref: str) -> list[str]:
    return [event.kind for event in store.history(store.interaction_by_ref(ref).id).events]


@pytest.mark.parametrize("writer, name", [(write_csv, "t.csv"), (write_json, "t.json"),
                                          (write_jsonl, "t.jsonl")])
def test_every_format_imports_the_same_history(store, catalog, tmp_path: Path, writer, name):
    export = writer(tmp_path / name, [row("T-1", pauses="2026-03-02T10:00:00Z/2026-03-02T11:00:00Z",
                                          rating="4", comment="quick")])
    summary = import_file(export, store, catalog)
    assert (summary.imported, summary.rejected, summary.exit_code) == (1, 0, 0)
    history = store.history(store.interaction_by_ref("T-1").id)
    assert [(e.kind, e.at) for e in history.events] == [
        ("opened", ts("2026-03-02T09:00:00+00:00")),
        ("responded", ts("2026-03-02T09:20:00+00:00")),
        ("paused", ts("2026-03-02T10:00:00+00:00")),
        ("resumed", ts("2026-03-02T11:00:00+00:00")),
        ("resolved", ts("2026-03-02T15:00:00+00:00")),
        ("rated", ts("2026-03-02T15:00:00+00:00")),
    ]
    assert history.events[-1].payload == {"rating": 4, "comment": "quick"}
    assert history.interaction.requester == "Ali Khan"
    assert all(e.actor == "import" for e in history.events)


def test_a_second_import_of_the_same_file_adds_nothing(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row(f"T-{n}") for n in range(50)])
    first = import_file(export, store, catalog, batch_rows=7)
    before = [list(h.events) for h in store.iter_histories()]
    second = import_file(export, store, catalog, batch_rows=7)
    assert (first.imported, second.imported, second.updated, second.unchanged) == (50, 0, 0, 50)
    assert [list(h.events) for h in store.iter_histories()] == before
    assert store.count_interactions() == 50


def test_a_later_export_appends_only_the_new_events(store, catalog, tmp_path: Path):
    early = write_csv(tmp_path / "early.csv", [
        row("T-1", first_response_at="", resolved_at=""),
        row("T-2", resolved_at="", pauses="2026-03-02T10:00:00Z/"),
        row("T-3"),
    ])
    import_file(early, store, catalog)
    assert kinds(store, "T-1") == ["opened"]
    later = write_csv(tmp_path / "later.csv", [
        row("T-1", rating="5"),                                              # now resolved, rated
        row("T-2", pauses="2026-03-02T10:00:00Z/2026-03-02T12:00:00Z"),      # pause ended, resolved
        row("T-3"),                                                          # nothing new
    ])
    summary = import_file(later, store, catalog)
    assert (summary.imported, summary.updated, summary.unchanged) == (0, 2, 1)
    assert kinds(store, "T-1") == ["opened", "responded", "resolved", "rated"]
    assert kinds(store, "T-2") == ["opened", "responded", "paused", "resumed", "resolved"]
    assert [e.seq for e in store.history(store.interaction_by_ref("T-1").id).events] == [1, 2, 3, 4]
    again = import_file(later, store, catalog)
    assert (again.updated, again.unchanged) == (0, 3)


def test_an_older_export_after_a_newer_one_changes_nothing(store, catalog, tmp_path: Path):
    import_file(write_csv(tmp_path / "new.csv", [row("T-1", rating="3")]), store, catalog)
    summary = import_file(write_csv(tmp_path / "old.csv", [row("T-1", resolved_at="")]), store, catalog)
    assert (summary.unchanged, summary.rejected) == (1, 0)


def test_a_changed_rating_is_appended_not_rewritten(store, catalog, tmp_path: Path):
    import_file(write_csv(tmp_path / "a.csv", [row("T-1", rating="2")]), store, catalog)
    import_file(write_csv(tmp_path / "b.csv", [row("T-1", rating="5", comment="fixed")]), store, catalog)
    ratings = [e.payload for e in store.history(store.interaction_by_ref("T-1").id).events if e.kind == "rated"]
    assert ratings == [{"rating": 2}, {"rating": 5, "comment": "fixed"}]


@pytest.mark.parametrize("change, message", [
    ({"opened_at": "2026-03-02T08:00:00Z"}, "stored as opened at 2026-03-02T09:00:00Z"),
    ({"first_response_at": "2026-03-02T09:30:00Z"}, "first response at"),
    ({"resolved_at": "2026-03-02T16:00:00Z"}, "stored as resolved at"),
    ({"service": "access"}, "stored with service 'laptop-repair'"),
    ({"title": "Another"}, "stored with title"),
    ({"priority": "urgent"}, "reprioritize"),
])
def test_a_row_contradicting_the_stored_history_is_rejected(store, catalog, tmp_path: Path, change, message):
    import_file(write_csv(tmp_path / "a.csv", [row("T-1")]), store, catalog)
    before = store.history(store.interaction_by_ref("T-1").id)
    errors = []
    summary = import_file(write_csv(tmp_path / "b.csv", [row("T-1", **change)]), store, catalog,
                          on_error=errors.append)
    assert summary.rejected == 1 and summary.exit_code == 1
    assert message in errors[0].message
    assert str(errors[0]).startswith(f"{tmp_path / 'b.csv'}:2: ")
    assert store.history(before.interaction.id) == before


def test_news_that_the_domain_refuses_is_a_row_error(store, catalog, tmp_path: Path):
    import_file(write_csv(tmp_path / "a.csv", [row("T-1", resolved_at="")]), store, catalog)
    late_pause = row("T-1", resolved_at="", pauses="2026-03-02T09:10:00Z/2026-03-02T09:15:00Z")
    errors = []
    # the stored history already has its response at 09:20: a pause at 09:10 would go back in time
    summary = import_file(write_csv(tmp_path / "b.csv", [late_pause]), store, catalog, on_error=errors.append)
    assert summary.rejected == 1
    assert "T-1" in errors[0].message and "earlier than the last event" in errors[0].message


def test_bad_rows_are_reported_and_the_rest_imports(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [
        row("T-1"),
        row("T-2", agreement="it-for-sale"),
        row("T-3", resolved_at="2026-03-01T00:00:00Z"),
        row("T-4"),
    ])
    errors = []
    summary = import_file(export, store, catalog, on_error=errors.append)
    assert (summary.imported, summary.rejected, summary.exit_code) == (2, 2, 1)
    assert [str(e) for e in errors] == [
        f"{export}:3: unknown agreement 'it-for-sale' (did you mean 'it-for-sales'?)",
        f"{export}:4: resolved_at 2026-03-01T00:00:00Z is before opened_at 2026-03-02T09:00:00Z",
    ]
    assert summary.errors == errors
    assert store.interaction_by_ref("T-2") is None and store.interaction_by_ref("T-3") is None
    assert "imported 2, updated 0, unchanged 0, rejected 2" in str(summary)


def test_strict_stores_nothing_when_a_row_is_rejected(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row(f"T-{n}") for n in range(10)] + [row("BAD", agreement="nope")])
    summary = import_file(export, store, catalog, strict=True, batch_rows=3)
    assert summary.rejected == 1 and not summary.written
    assert store.count_interactions() == 0
    assert "nothing written" in str(summary)
    good = write_csv(tmp_path / "good.csv", [row(f"T-{n}") for n in range(10)])
    assert import_file(good, store, catalog, strict=True, batch_rows=3).written
    assert store.count_interactions() == 10


def test_a_dry_run_reports_without_writing(store, catalog, tmp_path: Path, open_test_store):
    import_file(write_csv(tmp_path / "a.csv", [row("T-1", resolved_at="")]), store, catalog)
    watcher = open_test_store()
    version = watcher.data_version()
    export = write_csv(tmp_path / "b.csv", [row("T-1"), row("T-2"), row("T-2", rating="4"), row("X", service="?")])
    summary = import_file(export, store, catalog, dry_run=True, batch_rows=1)
    assert (summary.imported, summary.updated, summary.unchanged, summary.rejected) == (1, 2, 0, 1)
    assert not summary.written and "dry run" in str(summary)
    assert store.count_interactions() == 1
    assert kinds(store, "T-1") == ["opened", "responded"]
    assert watcher.data_version() == version  # no commit seen by another connection
    import_file(export, store, catalog)
    assert watcher.data_version() != version


def test_the_same_ref_twice_in_one_file_is_an_update(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row("T-1", resolved_at=""), row("T-1")])
    summary = import_file(export, store, catalog)
    assert (summary.imported, summary.updated) == (1, 1)
    assert kinds(store, "T-1") == ["opened", "responded", "resolved"]


def test_a_mapping_reads_a_raw_export(store, catalog, tmp_path: Path):
    export = tmp_path / "jira.csv"
    export.write_text(
        "Issue key,Summary,Reporter,Created,Resolved,Team,Component,Prio\n"
        "SD-1,Printer jam,Ali,2026-03-02 10:00,2026-03-02 12:00,it-for-sales,access,\n",
        encoding="utf-8",
    )
    mapping = {"ref": "Issue key", "title": "Summary", "requester": "Reporter",
               "opened_at": "Created", "resolved_at": "Resolved", "agreement": "Team",
               "service": "Component", "priority": "Prio"}
    summary = import_file(export, store, catalog, mapping=mapping, tz="Europe/Berlin")
    assert summary.imported == 1
    interaction = store.interaction_by_ref("SD-1")
    assert (interaction.title, interaction.requester) == ("Printer jam", "Ali")
    assert interaction.opened_at == ts("2026-03-02T10:00:00+01:00")  # naive: workspace zone


def test_a_mapping_to_a_missing_column_makes_the_file_unreadable(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row("T-1")])
    with pytest.raises(InputError, match="'Key' \\(mapped to ref\\)") as caught:
        import_file(export, store, catalog, mapping={"ref": "Key"})
    assert caught.value.exit_code == 2
    with pytest.raises(InputError, match="not an import column"):
        import_file(export, store, catalog, mapping={"reff": "ref"})


def test_a_file_without_the_required_columns_is_unreadable(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row("T-1")], header=["ref", "agreement", "service"])
    with pytest.raises(InputError, match="no column 'opened_at'.*--map opened_at=COLUMN"):
        import_file(export, store, catalog)


def test_progress_is_reported_after_every_batch(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row(f"T-{n}") for n in range(25)])
    seen: list[ImportProgress] = []
    import_file(export, store, catalog, batch_rows=10, on_progress=seen.append)
    assert [p.rows for p in seen] == [10, 20, 25]
    assert seen[-1].bytes_read == seen[-1].bytes_total == export.stat().st_size


def test_an_unknown_zone_or_missing_file_is_an_input_error(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row("T-1")])
    with pytest.raises(InputError, match="time zone"):
        import_file(export, store, catalog, tz="Mars/Olympus")
    with pytest.raises(InputError, match="cannot read"):
        import_file(tmp_path / "missing.csv", store, catalog)
    assert store.count_interactions() == 0


def test_the_garbage_collector_settings_are_restored(store, catalog, tmp_path: Path):
    import gc

    before = gc.get_threshold()
    import_file(write_csv(tmp_path / "t.csv", [row("T-1")]), store, catalog)
    with pytest.raises(InputError):
        import_file(write_csv(tmp_path / "u.csv", [row("T-1")]), store, catalog, tz="Nowhere/Zone")
    assert gc.get_threshold() == before
