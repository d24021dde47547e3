"""The store's narrow interface: writes are atomic, reads give back the domain values.

Every test here that takes ``store`` (or ``open_test_store``) runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.backends import sqlite_only

from slacheck.domain.bounds import END_INSTANT
from slacheck.domain.events import Event, Interaction
from slacheck.store import History, StoreError


def test_open_interaction_stores_the_interaction_and_its_opened_event(store):
    interaction = store.open_interaction(
        "it-for-sales", "laptop-repair", 1000, title="Screen", priority="urgent",
        requester="Ali", ref="T-1", actor="dana",
    )
    assert interaction.id >= 1
    assert store.interaction(interaction.id) == interaction
    assert store.interaction_by_ref("T-1") == interaction
    assert store.events(interaction.id) == [Event("opened", 1000, "dana", {}, 1)]


def test_append_events_numbers_them_and_keeps_payloads(store):
    interaction = store.open_interaction("it-for-sales", "access", 1000)
    appended = store.append_events(interaction.id, [
        Event("responded", 1100, "dana"),
        Event("rated", 1200, "ali", {"rating": 4, "comment": "ok ✓"}),
    ])
    assert [event.seq for event in appended] == [2, 3]
    assert store.events(interaction.id)[1:] == appended
    assert store.events(interaction.id)[2].payload == {"rating": 4, "comment": "ok ✓"}


def test_a_failing_append_stores_nothing_of_the_batch(store):
    interaction = store.open_interaction("it-for-sales", "access", 1000)
    with pytest.raises(ValueError, match="unknown event kind"):
        store.append_events(interaction.id, [Event("responded", 1100), Event("exploded", 1200)])
    assert len(store.events(interaction.id)) == 1


def test_an_exception_inside_a_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        first = store.open_interaction("it-for-sales", "access", 1000, ref="A")
        store.append_events(first.id, [Event("responded", 1100)])
        store.open_interaction("it-for-sales", "access", 1000, ref="B")
        raise RuntimeError("midway")
    assert store.count_interactions() == 0
    assert store.interaction_by_ref("A") is None


def test_a_transaction_that_does_not_commit_is_a_dry_run(store):
    with store.transaction(commit=False):
        store.open_interaction("it-for-sales", "access", 1000, ref="A")
        assert store.count_interactions() == 1
    assert store.count_interactions() == 0


def test_nested_transactions_roll_back_only_the_inner_part(store):
    with store.transaction():
        store.open_interaction("it-for-sales", "access", 1000, ref="A")
        with pytest.raises(RuntimeError), store.transaction():
            store.open_interaction("it-for-sales", "access", 1000, ref="B")
            raise RuntimeError
    assert store.interaction_by_ref("A") is not None
    assert store.interaction_by_ref("B") is None


def test_integrity_is_checked(store):
    store.open_interaction("it-for-sales", "access", 1000, ref="A")
    with pytest.raises(StoreError, match="ref 'A' is already stored"):
        store.open_interaction("it-for-sales", "access", 2000, ref="A")
    with pytest.raises(StoreError, match="no interaction 999"):
        store.append_events(999, [Event("responded", 1)])
    with pytest.raises(ValueError, match="opened"):
        store.append_events(1, [Event("opened", 1)])
    assert store.count_interactions() == 1


def test_add_histories_is_all_or_nothing(store):
    store.open_interaction("it-for-sales", "access", 1000, ref="TAKEN")

    def draft(ref: str) -> History:
        return History(Interaction(0, "it-for-sales", "access", 5, ref=ref),
                       [Event("opened", 5), Event("resolved", 9)])

    with pytest.raises(StoreError, match="TAKEN"):
        store.add_histories([draft("N-1"), draft("N-2"), draft("TAKEN"), draft("N-3")])
    assert store.count_interactions() == 1
    with pytest.raises(StoreError, match="twice"):
        store.add_histories([draft("D"), draft("D")])
    assert store.count_interactions() == 1
    stored = store.add_histories([draft("N-1"), draft("N-2")])
    assert [i.ref for i in stored] == ["N-1", "N-2"]
    assert store.history(stored[1].id).events == [Event("opened", 5, seq=1), Event("resolved", 9, seq=2)]


def test_add_histories_wants_the_opened_event_first(store):
    with pytest.raises(ValueError):
        store.add_histories([History(Interaction(0, "a", "s", 5), [Event("resolved", 9)])])


def test_unknown_ids_and_refs_read_as_nothing(store):
    assert store.interaction(42) is None
    assert store.interaction_by_ref("nope") is None
    assert store.events(42) == []
    assert store.history(42) is None
    assert store.histories_by_ref(["nope"]) == {}


def _log(store, agreement: str, opened: int, *kinds: str, ref: str | None = None) -> int:
    interaction = store.open_interaction(agreement, "access", opened, ref=ref)
    store.append_events(interaction.id, [Event(kind, opened + n + 1) for n, kind in enumerate(kinds)])
    return interaction.id


def test_iter_histories_filters_by_agreement_and_window(store):
    a1 = _log(store, "it-for-sales", 100, "resolved")
    a2 = _log(store, "it-for-sales", 300)
    h1 = _log(store, "hr-for-staff", 200, "responded")
    ordered = [h.interaction.id for h in store.iter_histories()]
    assert ordered == [a1, h1, a2]  # by opened_at
    assert [h.interaction.id for h in store.iter_histories(opened_from=150, opened_to=300)] == [h1]
    grouped = [h.interaction.id for h in store.iter_histories(agreements=["hr-for-staff", "it-for-sales"])]
    assert grouped == [h1, a1, a2]
    assert [h.interaction.id for h in store.iter_histories(agreements=["unknown"])] == []
    history = next(iter(store.iter_histories(agreements=["hr-for-staff"])))
    assert [e.kind for e in history.events] == ["opened", "responded"]
    assert history == store.history(h1)


def test_unresolved_means_never_resolved_or_reopened_since(store):
    open_one = _log(store, "it-for-sales", 100, "responded")
    _log(store, "it-for-sales", 200, "resolved")
    reopened = _log(store, "it-for-sales", 300, "resolved", "reopened")
    _log(store, "it-for-sales", 400, "resolved", "reopened", "resolved")
    found = [h.interaction.id for h in store.iter_histories(unresolved=True)]
    assert found == [open_one, reopened]
    assert [h.interaction.id for h in store.iter_histories(unresolved=True, opened_from=250)] == [reopened]


def test_iter_histories_streams_many_interactions_with_their_own_events(store):
    drafts = [
        History(Interaction(0, "it-for-sales", "access", n, ref=f"R{n}"),
                [Event("opened", n)] + [Event("commented", n, payload={"text": f"{n}-{k}"}) for k in range(n % 4)])
        for n in range(5000)
    ]
    store.add_histories(drafts)
    seen = 0
    for history in store.iter_histories():
        n = history.interaction.opened_at
        assert [e.payload.get("text") for e in history.events[1:]] == [f"{n}-{k}" for k in range(n % 4)]
        seen += 1
    assert seen == 5000


def test_abandoning_the_stream_leaves_the_store_usable(store):
    for n in range(10):
        _log(store, "it-for-sales", n, "responded")
    stream = store.iter_histories()
    next(stream)
    stream.close()
    store.open_interaction("it-for-sales", "access", 99)
    assert store.count_interactions() == 11


def test_histories_by_ref_finds_the_stored_ones(store):
    _log(store, "it-for-sales", 100, "resolved", ref="A")
    _log(store, "it-for-sales", 200, ref="B")
    found = store.histories_by_ref(["A", "B", "C"])
    assert set(found) == {"A", "B"}
    assert [e.kind for e in found["A"].events] == ["opened", "resolved"]


@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_data_version_moves_when_another_connection_writes(store, open_test_store, read_only):
    store.open_interaction("it-for-sales", "access", 1)
    watcher = open_test_store(read_only=read_only)
    before = watcher.data_version()
    assert watcher.data_version() == before
    with store.transaction(commit=False):  # a dry run: nothing committed, nothing to see
        store.open_interaction("it-for-sales", "access", 2)
    assert watcher.data_version() == before
    open_test_store().open_interaction("it-for-sales", "access", 3)
    assert watcher.data_version() != before


def test_payloads_are_read_only_and_json_friendly(store):
    import json

    interaction = store.open_interaction("it-for-sales", "access", 1)
    event = store.events(interaction.id)[0]
    assert json.dumps(event.payload) == "{}"
    with pytest.raises(TypeError):
        event.payload["x"] = 1  # type: ignore[index]


@sqlite_only
def test_a_busy_database_waits_instead_of_failing(db_path, store):
    blocker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    import threading

    timer = threading.Timer(0.5, lambda: blocker.execute("COMMIT"))
    timer.start()
    try:
        store.open_interaction("it-for-sales", "access", 1)  # waits for the lock
    finally:
        timer.join()
        blocker.close()
    assert store.count_interactions() == 1


closing_kinds = st.lists(st.sampled_from(["responded", "resolved", "reopened", "commented"]), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=st.lists(st.tuples(closing_kinds, closing_kinds), min_size=1, max_size=8))
def test_the_unresolved_set_always_matches_the_events(store, histories):
    """Whichever way events arrive (with the interaction, or appended later in pieces), the
    interactions listed as unresolved are exactly those whose last resolution was undone."""
    with store.transaction(commit=False):  # every example starts from an empty store
        for at_opening, later in histories:
            events = [Event("opened", 1)] + [Event(k, 2, payload={"text": "x"} if k == "commented" else {})
                                            for k in at_opening]
            (interaction,) = store.add_histories([History(Interaction(0, "a", "s", 1), events)])
            for kind in later:
                store.append_events(interaction.id, [Event(kind, 3, payload={"text": "x"} if kind == "commented" else {})])
        expected = set()
        for history in store.iter_histories():
            closing = [e.kind for e in history.events if e.kind in ("resolved", "reopened")]
            if not closing or closing[-1] == "reopened":
                expected.add(history.interaction.id)
        assert {h.interaction.id for h in store.iter_histories(unresolved=True)} == expected


@pytest.mark.parametrize("at", [-1, END_INSTANT, 2**63, float("inf"), float("nan")])
def test_an_instant_outside_the_supported_range_is_never_stored(store, at):
    kept = store.open_interaction("it-for-sales", "access", 1000, ref="KEPT")
    with pytest.raises((StoreError, ValueError, OverflowError)):
        store.open_interaction("it-for-sales", "access", at, ref="OUT")
    with pytest.raises(StoreError, match="outside the range"):
        store.append_events(kept.id, [Event("responded", 1100), Event("resolved", at)])
    with pytest.raises((StoreError, ValueError, OverflowError)):
        store.add_histories([
            History(Interaction(0, "it-for-sales", "access", 5, ref="IN"), [Event("opened", 5)]),
            History(Interaction(0, "it-for-sales", "access", at, ref="OUT"), [Event("opened", at)]),
        ])
    with pytest.raises(StoreError, match="outside the range"):
        store.add_histories([History(Interaction(0, "it-for-sales", "access", 5, ref="LATE"),
                                     [Event("opened", 5), Event("resolved", at)])])
    assert store.count_interactions() == 1 and len(store.events(kept.id)) == 1
    for ref in ("OUT", "IN", "LATE"):
        assert store.interaction_by_ref(ref) is None


def test_the_last_instants_of_the_range_are_stored(store):
    last = END_INSTANT - 1
    stored = store.open_interaction("it-for-sales", "access", 0, ref="EDGES")
    store.append_events(stored.id, [Event("resolved", last)])
    assert [(e.kind, e.at) for e in store.events(stored.id)] == [("opened", 0), ("resolved", last)]


def test_iter_histories_reads_one_snapshot_while_others_write(store, open_test_store):
    ids = [_log(store, agreement, 100 + n, "responded", ref=f"S-{n}")
           for n, agreement in enumerate(["it-for-sales", "hr-for-staff"] * 5)]
    other = open_test_store()
    stream = store.iter_histories(agreements=["it-for-sales", "hr-for-staff"])
    first = next(stream)
    # Meanwhile another process logs a request, resolves one still to come and one already read.
    other.open_interaction("hr-for-staff", "access", 50, ref="LATE")
    other.append_events(ids[1], [Event("resolved", 900)])
    other.append_events(ids[0], [Event("resolved", 900)])
    rest = list(stream)
    seen = [first, *rest]
    assert [h.interaction.ref for h in seen] == [f"S-{n}" for n in (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)]
    assert all([e.kind for e in h.events] == ["opened", "responded"] for h in seen)
    after = {h.interaction.ref: h for h in store.iter_histories()}
    assert "LATE" in after and after["S-1"].events[-1].kind == "resolved"


def test_a_read_only_store_reads_and_refuses_every_write(store, open_test_store):
    from slacheck.domain.health import Vote
    from slacheck.store import HealthRepository

    stored = store.open_interaction("it-for-sales", "access", 1000, ref="R-1")
    store.record_agreement_version("it-for-sales", {"id": "it-for-sales"}, "h1", 500)
    HealthRepository(store).open_session("squad-health", "it", None, 1000)
    reader = open_test_store(read_only=True)
    assert reader.count_interactions() == 1
    assert reader.history(stored.id) == store.history(stored.id)
    assert [h.interaction.ref for h in reader.iter_histories()] == ["R-1"]
    assert reader.version_for("it-for-sales", 1000) == "h1"
    health = HealthRepository(reader)
    writes = [
        lambda: reader.open_interaction("it-for-sales", "access", 2000, ref="R-2"),
        lambda: reader.append_events(stored.id, [Event("responded", 1100)]),
        lambda: reader.add_histories([History(Interaction(0, "it-for-sales", "access", 5),
                                              [Event("opened", 5)])]),
        lambda: reader.record_agreement_version("it-for-sales", {"id": "x"}, "h2", 600),
        lambda: health.open_session("squad-health", "it", None, 2000),
        lambda: health.add_votes(1, [Vote("speed", "red")]),
        lambda: health.close_session(1, 3000),
    ]
    for write in writes:
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert store.count_interactions() == 1 and len(store.events(stored.id)) == 1
    assert [s.closed_at for s in HealthRepository(store).sessions()] == [None]
    assert store.agreement_versions("it-for-sales")[-1].hash == "h1"
