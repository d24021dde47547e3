"""Agreement versions: every distinct content kept, history never rewritten by an edit."""

from __future__ import annotations

from pathlib import Path

from store.store_helpers import row, write_csv

from slacheck.domain.events import Event, Interaction
from slacheck.importer import import_file
from slacheck.store import AgreementVersion, History

V1 = {"id": "it-for-sales", "objective": "95%", "services": [{"id": "access", "resolution": "1d"}]}
V2 = {"id": "it-for-sales", "objective": "95%", "services": [{"id": "access", "resolution": "2d"}]}


def test_a_version_is_kept_once_with_the_instant_it_was_first_seen(store):
    assert store.record_agreement_version("it-for-sales", V1, "h1", 1000) is True
    assert store.record_agreement_version("it-for-sales", V1, "h1", 5000) is False  # same files
    assert store.agreement_version("h1") == V1
    assert store.agreement_versions("it-for-sales") == [AgreementVersion("it-for-sales", "h1", 1000)]
    assert store.agreement_version("unknown") is None


def test_version_for_takes_the_newest_seen_at_or_before_the_opening(store):
    store.record_agreement_version("it-for-sales", V1, "h1", 1000)
    store.record_agreement_version("it-for-sales", V2, "h2", 2000)
    assert store.version_for("it-for-sales", 1000) == "h1"
    assert store.version_for("it-for-sales", 1999) == "h1"
    assert store.version_for("it-for-sales", 2000) == "h2"
    assert store.version_for("it-for-sales", 9999) == "h2"


def test_before_any_version_was_seen_the_oldest_known_applies(store):
    store.record_agreement_version("it-for-sales", V1, "h1", 1000)
    store.record_agreement_version("it-for-sales", V2, "h2", 2000)
    assert store.version_for("it-for-sales", 5) == "h1"
    assert store.version_for("hr-for-staff", 5) is None


def test_a_revert_to_an_earlier_content_is_a_new_change(store):
    store.record_agreement_version("it-for-sales", V1, "h1", 1000)
    store.record_agreement_version("it-for-sales", V2, "h2", 2000)
    assert store.record_agreement_version("it-for-sales", V1, "h1", 3000) is True
    assert store.version_for("it-for-sales", 2500) == "h2"
    assert store.version_for("it-for-sales", 3500) == "h1"
    assert [v.hash for v in store.agreement_versions("it-for-sales")] == ["h1", "h2", "h1"]


def test_an_interaction_keeps_the_version_in_force_when_it_was_opened(store):
    store.record_agreement_version("it-for-sales", V1, "h1", 1000)
    before = store.open_interaction("it-for-sales", "access", 1500)
    store.record_agreement_version("it-for-sales", V2, "h2", 2000)  # the goal is edited
    after = store.open_interaction("it-for-sales", "access", 2500)
    assert store.interaction(before.id).version == "h1"  # history is not rewritten
    assert store.interaction(after.id).version == "h2"
    assert store.agreement_version(store.interaction(before.id).version) == V1


def test_bulk_histories_get_their_versions_too(store):
    store.record_agreement_version("it-for-sales", V1, "h1", 1000)
    store.record_agreement_version("it-for-sales", V2, "h2", 2000)
    stored = store.add_histories([
        History(Interaction(0, "it-for-sales", "access", at, ref=f"R{at}"), [Event("opened", at)])
        for at in (10, 1500, 2500)
    ] + [History(Interaction(0, "hr-for-staff", "payroll", 10, ref="H"), [Event("opened", 10)])])
    assert [i.version for i in stored] == ["h1", "h1", "h2", None]


def test_an_import_of_old_tickets_uses_the_oldest_known_version(store, catalog, tmp_path: Path):
    now = 1_800_000_000
    store.record_agreement_version("it-for-sales", V2, "current", now)
    export = write_csv(tmp_path / "old.csv", [row("OLD-1", opened_at="2020-01-01T09:00:00Z",
                                                  first_response_at="", resolved_at="")])
    import_file(export, store, catalog)
    assert store.interaction_by_ref("OLD-1").version == "current"
