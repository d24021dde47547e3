"""Property: every record the importer admits becomes a history the domain's gate accepts.

The bulk path of an import builds new histories without calling
:func:`slacheck.domain.timeline.check` for each event; this proves it needs not, for arbitrary
records (instants drawn from a small range so that ties are common).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slacheck.domain.timeline import apply, check, fold
from slacheck.importer import ImportRecord, RowProblem, new_history
from slacheck.importer.records import check_order

instants = st.integers(min_value=0, max_value=30)
maybe = st.one_of(st.none(), instants)


@st.composite
def records(draw) -> ImportRecord:
    pauses = draw(st.lists(st.tuples(instants, maybe), max_size=4))
    pauses = tuple(sorted(((s, e) for s, e in pauses if e != s), key=lambda pause: pause[0]))
    rating = draw(st.one_of(st.none(), st.integers(1, 5)))
    comment = draw(st.sampled_from(["", " ", "thanks"]))
    return ImportRecord(
        "R", "it-for-sales", "laptop-repair", draw(instants), draw(st.sampled_from(["", "urgent"])),
        "", "", draw(maybe), draw(maybe), pauses, rating, comment,
    )


@settings(max_examples=500, deadline=None)
@given(records())
def test_admitted_records_pass_the_domain_gate(record: ImportRecord):
    try:
        check_order(record)
    except RowProblem:
        return
    history = new_history(record)
    timeline = fold(history.interaction, history.events[:1])
    for event in history.events[1:]:
        check(timeline, event, priorities=("urgent", "low"))
        apply(timeline, event)
    assert timeline.responded_at == record.first_response_at
    assert timeline.resolved_at == record.resolved_at
    assert timeline.rating == record.rating
    unfinished = [(timeline.paused_since, None)] if timeline.paused_since is not None else []
    assert [*timeline.pauses, *unfinished] == [
        (start, record.resolved_at if end is None and record.resolved_at is not None else end)
        for start, end in record.pauses
    ]
