"""Rows <-> domain values: event payloads as compact JSON, kinds as codes, fast construction.

Reading a million histories builds millions of :class:`Event` values; the frozen dataclass
``__init__`` costs about twice as much as setting its slots directly, so :func:`_slot_setters` lets this module make
a constructor that fills the slots of a freshly allocated instance.  It is used only when the
class is a plain slotted dataclass without ``__post_init__`` (otherwise the ordinary
constructor is used), and it produces values equal to the ordinary ones.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..domain.events import Event, Interaction
from .schema import KIND_CODES, KIND_NAMES


class _EmptyPayload(dict):
    """An empty dict that refuses to change: shared by every event stored without a payload.

    A ``dict`` subclass so that it prints as ``{}``, compares equal to ``{}`` and serializes
    to JSON like any payload.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("an event's payload is read-only")

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]


#: The payload of every event stored without one (shared, read-only).
EMPTY_PAYLOAD: Mapping[str, Any] = _EmptyPayload()

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_loads = json.loads


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple | None:
    """The slot setters of ``cls`` in field order, or ``None`` when direct filling is unsafe."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    slots = getattr(cls, "__slots__", None)
    if fields != names or slots is None or set(slots) != set(names):
        return None
    if hasattr(cls, "__post_init__"):
        return None
    return tuple(cls.__dict__[name].__set__ for name in names)


def _event_builder() -> Callable[..., Event]:
    setters = _slot_setters(Event, ("kind", "at", "actor", "payload", "seq"))
    if setters is None:
        return lambda kind, at, actor, payload, seq: Event(kind, at, actor, payload, seq)
    s_kind, s_at, s_actor, s_payload, s_seq = setters
    allocate = object.__new__

    def build(kind: str, at: int, actor: str, payload: Mapping[str, Any], seq: int) -> Event:
        event = allocate(Event)
        s_kind(event, kind)
        s_at(event, at)
        s_actor(event, actor)
        s_payload(event, payload)
        s_seq(event, seq)
        return event

    return build


_INTERACTION_FIELDS = (
    "id", "agreement", "service", "opened_at", "title", "priority", "requester", "ref", "version",
)


def _interaction_builder() -> Callable[..., Interaction]:
    setters = _slot_setters(Interaction, _INTERACTION_FIELDS)
    if setters is None:
        return lambda *values: Interaction(**dict(zip(_INTERACTION_FIELDS, values)))
    s_id, s_agreement, s_service, s_opened, s_title, s_priority, s_requester, s_ref, s_version = (
        setters
    )
    allocate = object.__new__

    def build(id, agreement, service, opened_at, title, priority, requester, ref, version):
        interaction = allocate(Interaction)
        s_id(interaction, id)
        s_agreement(interaction, agreement)
        s_service(interaction, service)
        s_opened(interaction, opened_at)
        s_title(interaction, title)
        s_priority(interaction, priority)
        s_requester(interaction, requester)
        s_ref(interaction, ref)
        s_version(interaction, version)
        return interaction

    return build


#: ``make_event(kind, at, actor, payload, seq)``: an :class:`Event`, built fast.
make_event: Callable[..., Event] = _event_builder()
#: ``make_interaction(id, agreement, service, opened_at, title, priority, requester, ref,
#: version)``: an :class:`Interaction`, built fast.
make_interaction: Callable[..., Interaction] = _interaction_builder()

#: Columns of ``interactions`` in the order :func:`make_interaction` takes them.
INTERACTION_COLUMNS = "id, agreement, service, opened_at, title, priority, requester, ref, version"


def encode_payload(payload: Mapping[str, Any]) -> str | None:
    """Compact JSON of a payload; ``None`` (SQL NULL) when it is empty."""
    if not payload:
        return None
    return _dumps(payload if type(payload) is dict else dict(payload))


def decode_event(kind: int, at: int, actor: str, payload: str | None, seq: int) -> Event:
    """One stored event row as an :class:`Event`."""
    return make_event(
        KIND_NAMES[kind], at, actor, EMPTY_PAYLOAD if payload is None else _loads(payload), seq
    )


def add_event_rows(
    rows: list[tuple], interaction_id: int, first_seq: int, events: Iterable[Event]
) -> None:
    """Append to ``rows`` the ``events`` rows of events numbered from ``first_seq``."""
    codes = KIND_CODES
    append = rows.append
    seq = first_seq
    try:
        for event in events:
            payload = event.payload
            append((
                interaction_id, seq, codes[event.kind], int(event.at), event.actor or "",
                (_dumps(payload if type(payload) is dict else dict(payload)) if payload else None),
            ))
            seq += 1
    except KeyError as exc:
        raise ValueError(f"unknown event kind {exc.args[0]!r}") from None


_OPENED_CODE, _RESOLVED_CODE, _REOPENED_CODE = (
    KIND_CODES["opened"], KIND_CODES["resolved"], KIND_CODES["reopened"]
)


def add_history_rows(rows: list[tuple], interaction_id: int, events: Sequence[Event]) -> bool:
    """Append to ``rows`` the ``events`` rows of a whole new history, checking that it starts
    with its only ``opened`` event; returns whether the interaction is open at its end (one
    pass: this is the bulk path of an import)."""
    codes = KIND_CODES
    append = rows.append
    seq = 0
    still_open = True
    for event in events:
        seq += 1
        code = codes.get(event.kind)
        if code is None:
            raise ValueError(f"unknown event kind {event.kind!r}")
        if (code == _OPENED_CODE) != (seq == 1):
            raise ValueError("a history starts with its 'opened' event, and has only that one")
        if code == _RESOLVED_CODE:
            still_open = False
        elif code == _REOPENED_CODE:
            still_open = True
        payload = event.payload
        append((
            interaction_id, seq, code, int(event.at), event.actor or "",
            (_dumps(payload if type(payload) is dict else dict(payload)) if payload else None),
        ))
    if not seq:
        raise ValueError("a history starts with its 'opened' event, and has only that one")
    return still_open


def event_rows(interaction_id: int, first_seq: int, events: Iterable[Event]) -> list[tuple]:
    """The ``events`` rows of events numbered from ``first_seq``."""
    rows: list[tuple] = []
    add_event_rows(rows, interaction_id, first_seq, events)
    return rows


def event_row(interaction_id: int, seq: int, event: Event) -> tuple:
    """The ``events`` row of one event."""
    return event_rows(interaction_id, seq, (event,))[0]
