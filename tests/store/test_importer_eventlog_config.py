"""``EventLog.from_table``: a recipe's ``[events]`` table, and the key named in each refusal."""

from __future__ import annotations

import pytest

from slacheck.config.eventlog import PAUSE, REOPEN, RESOLVE, RESPOND, EventLog, EventLogError

TABLE = {
    "key": "number", "order": "sys_updated_on", "state": "state",
    "pause": ["Awaiting User Info", "Awaiting Vendor", "Awaiting Problem"],
    "resolve": ["Resolved", "Closed"], "respond": ["In Progress"], "priority": "priority",
}


def test_a_recipe_table_builds_the_description():
    log = EventLog.from_table(TABLE)
    assert (log.key, log.order, log.state, log.priority, log.sequence, log.assignee) == (
        "number", "sys_updated_on", "state", "priority", None, None)
    assert log.pause == {"awaiting user info", "awaiting vendor", "awaiting problem"}
    assert log.resolve == {"resolved", "closed"} and log.respond == {"in progress"}
    assert log.reopen is None
    assert log.columns == ("number", "sys_updated_on", "state", "priority")
    assert log == EventLog(key="number", order="sys_updated_on", state="state",
                           pause=frozenset(TABLE["pause"]), resolve=frozenset(TABLE["resolve"]),
                           respond=frozenset(TABLE["respond"]), priority="priority")


def test_states_match_regardless_of_case_and_blanks():
    log = EventLog.from_table(TABLE)
    assert log.flags("  awaiting USER info ") == PAUSE
    assert log.flags("CLOSED") == RESOLVE
    assert log.flags("in progress") == RESPOND | REOPEN  # by default every active state reopens
    assert log.flags("Active") == REOPEN
    explicit = EventLog.from_table({**TABLE, "reopen": ["Active"]})
    assert explicit.flags("In Progress") == RESPOND and explicit.flags("active") == REOPEN


def test_pause_may_be_left_out_and_a_single_name_is_a_list_of_one():
    log = EventLog.from_table({"key": "k", "order": "o", "state": "s", "resolve": "Done"})
    assert log.pause == frozenset() and log.resolve == {"done"}


@pytest.mark.parametrize("change, key, words", [
    ({"resolv": ["Resolved"]}, "resolv", "unknown key (did you mean 'resolve'?)"),
    ({"key": None}, "key", "missing: name the column holding the ticket's key"),
    ({"state": ""}, "state", "expected the name of a column, not ''"),
    ({"order": 3}, "order", "expected the name of a column, not 3"),
    ({"pause": {"a": 1}}, "pause", "expected a list of state names"),
    ({"respond": ["In Progress", ""]}, "respond", "a state name is non-empty text, not ''"),
    ({"resolve": []}, "resolve", "name at least one state that resolves a ticket"),
    ({"resolve": ["Resolved", "awaiting vendor"]}, "resolve", "'awaiting vendor' both pauses and resolves"),
    ({"respond": ["Closed"]}, "respond", "cannot be a first response"),
    ({"reopen": ["Resolved"]}, "reopen", "cannot reopen: it resolves"),
    ({"priority": "number"}, "priority", "column 'number' is already the key column"),
    ({"sequence": ["x"]}, "sequence", "expected the name of a column"),
])
def test_a_bad_table_names_the_key_at_fault(change, key, words):
    table = {**TABLE, **change}
    table = {k: v for k, v in table.items() if v is not None}
    with pytest.raises(EventLogError) as caught:
        EventLog.from_table(table)
    assert caught.value.key == key
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{key}: ")
    assert isinstance(caught.value, ValueError)


def test_a_table_that_is_not_a_table_is_refused():
    with pytest.raises(EventLogError, match="expected a table"):
        EventLog.from_table(["key"])
