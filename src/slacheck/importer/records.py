"""One row of an export -> one checked :class:`ImportRecord`, or a :class:`RowProblem`.

The canonical columns are the contract of ``slacheck import`` (``docs/store.md``); ``--map
ours=theirs`` tells what feeds each of ours: a column of the file, a path into a JSON record, or
a timestamp plus a duration (:mod:`.columns`).  Identifiers (``ref``,
``agreement``, ``service``, ``priority``) lose surrounding blanks; free text (``requester``,
``title``, ``comment``) is kept verbatim, control characters, markup and formula-like text
included: escaping is the job of whoever prints it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, NamedTuple

from ..domain.bounds import EARLIEST_INSTANT, END_INSTANT
from ..domain.model import Catalog
from .cells import check_order, identifier
from .cells import when as _when
from .cells import rating as rating_cell
from .cells import text as text_cell
from .columns import (
    COLUMNS,
    REQUIRED,
    Feed,
    check_columns,
    check_computed,
    column_sources,
    did_you_mean,
    feeds_of,
    row_getters,
    some,
)
from .durations import plus_duration
from .instants import instant_seconds, parse_instant, read_instant, zone_of
from .localtime import YearChangeDays, localize
from .readers import RowProblem
from .shaping import Shaping

__all__ = ["COLUMNS", "REQUIRED", "ImportRecord", "RecordParser", "check_columns", "check_order",
           "column_sources", "parse_instant", "some", "zone_of"]

#: Refused (agreement, service, priority) combinations remembered per import.
REFUSALS_KEPT = 10_000

Pause = tuple[int, "int | None"]
_fromisoformat = datetime.fromisoformat
_floor = math.floor


class ImportRecord(NamedTuple):
    """A row's facts, checked against the catalog; instants in UTC POSIX seconds.

    (A named tuple rather than a dataclass: it is built once per row of large files.)
    """

    ref: str
    agreement: str
    service: str
    opened_at: int
    priority: str = ""
    requester: str = ""
    title: str = ""
    first_response_at: int | None = None
    resolved_at: int | None = None
    pauses: tuple[Pause, ...] = ()
    rating: int | None = None
    comment: str = ""


class RecordParser:
    """Turns raw rows into records for one catalog, zone and column mapping.

    Checked (agreement, service, priority) combinations are remembered, so a large file costs
    one dictionary look-up per row for them.
    """

    def __init__(self, catalog: Catalog, zone: tzinfo, sources: Mapping[str, str],
                 shaping: Shaping | None = None, *, nested: bool = True) -> None:
        """``sources``: our column -> what feeds it (:func:`column_sources`); ``nested``: rows
        are JSON records, in which a dotted ``--map`` reaches into nested values (never CSV)."""
        self.catalog = catalog
        self.zone = zone
        self.sources = dict(sources)
        self._feeds: dict[str, Feed] = feeds_of(self.sources)
        check_computed(self._feeds, shaping)
        #: Where each of our columns is found in a row (for a computed one: the duration).
        self._row_keys = {ours: feed.column for ours, feed in self._feeds.items()}
        self.shape = (None if shaping is None or shaping.is_plain()
                      else shaping.compile(self._row_keys, zone))
        self.folds = dict(shaping.folds) if shaping is not None else {}
        self._checks_gaps = zone is not UTC
        #: The year -> the dates on which the zone's clocks change (see localtime.change_days).
        self._change_days = YearChangeDays(zone)
        self._keys = tuple(self._row_keys[column] for column in COLUMNS)
        self._getters = row_getters(self._feeds) if nested else ()
        computed = {ours: feed for ours, feed in self._feeds.items() if feed.base is not None}
        self._computed = computed or None
        self._resolved: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        #: Combinations the catalog refused, with the message (at most REFUSALS_KEPT of them).
        self._refused: dict[tuple[str, str, str], str] = {}
        #: Why optional fields of the last row parsed were dropped (the row was kept).
        self.warnings: list[RowProblem] = []
        self._priorities: dict[tuple[str, str], tuple[str, ...]] = {}

    def priorities(self, agreement_id: str, service_id: str) -> tuple[str, ...]:
        """The priorities a service of the catalog defines (for the domain's checks)."""
        key = (agreement_id, service_id)
        found = self._priorities.get(key)
        if found is None:
            service = self.catalog.agreements[agreement_id].service(service_id)
            found = self._priorities[key] = tuple(service.priorities)
        return found

    def parse(self, values: Mapping[str, Any]) -> ImportRecord:
        """The record of one row; raises :class:`RowProblem` with the first thing wrong."""
        (k_ref, k_agreement, k_service, k_priority, k_requester, k_title, k_opened,
         k_response, k_resolved, k_pauses, k_rating, k_comment) = self._keys
        if self._getters:
            values = self._reach(values)
        if self.shape is not None:
            values = self.shape(values)
        get = values.get
        ref = identifier(get(k_ref), "ref")
        if not ref:
            raise RowProblem(f"{self._name('ref')} is empty: every row needs the ticket's key")
        agreement_id = identifier(get(k_agreement), "agreement")
        service_id = identifier(get(k_service), "service")
        priority = identifier(get(k_priority), "priority")
        combination = (agreement_id, service_id, priority)
        resolved = self._resolved.get(combination)
        if resolved is None:
            resolved = self._resolve(combination)
        agreement_id, service_id, priority = resolved
        opened_at = self._instant(get(k_opened), "opened_at")
        if opened_at is None:
            raise RowProblem(f"{self._name('opened_at')} is empty: when was the ticket opened?")
        raw_pauses = get(k_pauses)
        raw_rating = get(k_rating)
        warnings = self.warnings = []

        def optional(column: str, read, default):
            """An optional field that cannot be read is dropped, with a warning."""
            try:
                return read()
            except RowProblem as problem:
                warnings.append(problem.wrap("", f" (kept the ticket without its {column})"))
                return default

        if self._computed is None:
            resolved_at = self._instant(get(k_resolved), "resolved_at")
            responded = optional("first_response_at",
                                 lambda: self._instant(get(k_response), "first_response_at"), None)
        else:
            responded, resolved_at = self._computed_times(get, opened_at, optional)
        if responded is not None and (responded < opened_at
                                      or (resolved_at is not None and responded > resolved_at)):
            when, other = (("before opened_at", opened_at) if responded < opened_at
                           else ("after resolved_at", resolved_at))
            warnings.append(RowProblem.varying(
                "first_response_at ", _when(responded), f" is {when} ", _when(other),
                " (kept the ticket without its first_response_at)"))
            responded = None
        rating = optional("rating", lambda: rating_cell(raw_rating, self._name("rating"))
                          if raw_rating not in (None, "") else None, None)
        if rating is not None and resolved_at is None:
            warnings.append(RowProblem("a rating needs resolved_at: the rating is recorded at the "
                                       "resolution (kept the ticket without its rating)"))
            rating = None
        record = ImportRecord(
            ref, agreement_id, service_id, opened_at, priority,
            optional("requester", lambda: text_cell(get(k_requester), "requester"), ""),
            optional("title", lambda: text_cell(get(k_title), "title"), ""),
            responded, resolved_at,
            self._pauses(raw_pauses) if raw_pauses else (),
            rating,
            optional("comment", lambda: text_cell(get(k_comment), "comment"), ""),
        )
        check_order(record)
        return record

    # -- pieces ------------------------------------------------------------------------
    def _resolve(self, combination: tuple[str, str, str]) -> tuple[str, str, str]:
        """The catalog's (agreement, service, priority) for a new combination, or the
        :class:`RowProblem` (remembered too: thousands of rows may name the same unknown id,
        and a did-you-mean over hundreds of ids is not free)."""
        refused = self._refused.get(combination)
        if refused is not None:
            raise RowProblem(refused)
        resolved = self._resolve_case(*combination)
        try:
            self._check_catalog(*resolved)
        except RowProblem as problem:
            if len(self._refused) < REFUSALS_KEPT:
                self._refused[combination] = str(problem)
            raise
        self._resolved[combination] = resolved
        return resolved

    def _name(self, column: str) -> str:
        return self._feeds[column].describe(column)

    def _reach(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The row with the value at each ``--map`` path stored under the path's text."""
        row = dict(values)
        for key, getter in self._getters:
            row[key] = getter(values)
        return row

    def _computed_times(self, get, opened_at: int, optional) -> tuple[int | None, int | None]:
        """``(first_response_at, resolved_at)`` when one of them is computed from a duration.
        A first response that cannot be read is dropped (``optional``) unless the resolution is
        counted from it."""
        computed = self._computed
        assert computed is not None
        k_response, k_resolved = self._keys[7], self._keys[8]
        response_feed = computed.get("first_response_at")
        resolved_feed = computed.get("resolved_at")

        def response() -> int | None:
            if response_feed is None:
                return self._instant(get(k_response), "first_response_at")
            return self._plus(opened_at, get(k_response), "first_response_at", response_feed)

        if resolved_feed is None:
            return (optional("first_response_at", response, None),
                    self._instant(get(k_resolved), "resolved_at"))
        if resolved_feed.base == "first_response_at":
            responded = response()
            return responded, self._plus(responded, get(k_resolved), "resolved_at", resolved_feed)
        return (optional("first_response_at", response, None),
                self._plus(opened_at, get(k_resolved), "resolved_at", resolved_feed))

    def _plus(self, base: int | None, raw: Any, column: str, feed: Feed) -> int | None:
        """``base`` plus the duration ``raw`` (in ``feed.unit``); ``None`` for an empty cell."""
        assert feed.unit is not None and feed.base is not None
        try:
            return plus_duration(base, raw, feed.unit, feed.base)
        except RowProblem as problem:
            raise problem.wrap(f"{self._name(column)}: ") from None

    def _resolve_case(self, agreement_id: str, service_id: str, priority: str) -> tuple[str, str, str]:
        """A service or priority that differs from the catalog's only in case (``Low`` for
        ``low``) is read as the catalog's, when exactly one matches."""
        agreement = self.catalog.agreements.get(agreement_id)
        if agreement is None:
            return agreement_id, service_id, priority
        services = {s.id: s for s in agreement.services}
        if service_id not in services:
            service_id = _only_match(service_id, services) or service_id
        service = services.get(service_id)
        if service is not None and priority and priority not in service.priorities:
            priority = _only_match(priority, service.priorities) or priority
        return agreement_id, service_id, priority

    def _check_catalog(self, agreement_id: str, service_id: str, priority: str) -> None:
        agreements = self.catalog.agreements
        if not agreement_id:
            raise RowProblem(f"{self._name('agreement')} is empty")
        agreement = agreements.get(agreement_id)
        if agreement is None:
            hint = (did_you_mean(agreement_id, agreements)
                    or f"; the agreements are: {some(sorted(agreements)) or 'none'}")
            raise RowProblem(f"unknown agreement {agreement_id!r}{hint}")
        if not service_id:
            raise RowProblem(f"{self._name('service')} is empty")
        try:
            service = agreement.service(service_id)
        except KeyError:
            known = [s.id for s in agreement.services]
            raise RowProblem(
                f"agreement {agreement_id!r} has no service {service_id!r}"
                f"{did_you_mean(service_id, known)}; it has: {some(known)}"
            ) from None
        if priority and priority not in service.priorities:
            defined = some(service.priorities) or "none"
            raise RowProblem(
                f"service {service_id!r} of {agreement_id!r} defines no priority {priority!r} "
                f"(it defines: {defined}); leave it empty for the service's own targets"
            )

    def _instant(self, value: Any, column: str) -> int | None:
        if type(value) is datetime:  # read by a date format or zone of the shaping
            try:
                seconds = _floor(value.timestamp())
            except (OverflowError, OSError, ValueError):
                seconds = None
            if seconds is not None and EARLIEST_INSTANT <= seconds < END_INSTANT:
                return seconds
            try:
                return instant_seconds(value)
            except RowProblem as problem:
                raise problem.wrap(f"{self._name(column)}: ") from None
        if type(value) is str and value:
            try:  # the common case inline: a clean ISO 8601 timestamp
                moment = _fromisoformat(value)
            except ValueError:
                pass
            else:
                if moment.tzinfo is None:
                    naive = moment
                    moment = moment.replace(tzinfo=self.zone)
                    if self._checks_gaps and (naive.month, naive.day) in self._change_days[naive.year]:
                        try:
                            moment = localize(naive, self.zone, value, self.folds.get(column), column)
                        except RowProblem as problem:
                            raise problem.wrap(f"{self._name(column)}: ") from None
                try:
                    seconds = _floor(moment.timestamp())
                except (OverflowError, OSError, ValueError):
                    seconds = None
                if seconds is not None and EARLIEST_INSTANT <= seconds < END_INSTANT:
                    return seconds
        if value is None or value == "":
            return None
        if type(value) is not str:
            raise RowProblem.varying(f"{self._name(column)}: expected an ISO 8601 timestamp, not ",
                                     repr(value))
        if value.isspace():
            return None
        try:
            return read_instant(value, self.zone, column, self.folds.get(column))
        except RowProblem as problem:
            raise problem.wrap(f"{self._name(column)}: ") from None

    def _pauses(self, value: Any) -> tuple[Pause, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            pieces = [piece for piece in value.split(";") if piece.strip()]
        elif isinstance(value, list):
            pieces = value
        else:
            raise RowProblem.varying(f"{self._name('pauses')}: expected \"start/end;start/end\", not ",
                                     repr(value))
        pauses: list[Pause] = []
        for piece in pieces:
            if isinstance(piece, list) and len(piece) == 2:
                start_text, end_text = piece[0], piece[1] or ""
            elif isinstance(piece, str) and piece.count("/") == 1:
                start_text, end_text = piece.split("/")
            else:
                raise RowProblem.varying(
                    f"{self._name('pauses')}: bad pause ", repr(piece), ": write start/end pairs of "
                    "ISO 8601 timestamps separated by ';' (an unfinished pause: start/)"
                )
            start = self._instant(start_text, "pauses")
            if start is None:
                raise RowProblem.varying(f"{self._name('pauses')}: pause ", repr(piece), " has no start")
            end = self._instant(end_text, "pauses")
            if end != start:  # a pause of no length changes nothing: not recorded
                pauses.append((start, end))
        return tuple(sorted(pauses, key=lambda pause: pause[0]))


def _only_match(value: str, choices) -> str | None:
    folded = value.casefold()
    found = [choice for choice in choices if choice.casefold() == folded]
    return found[0] if len(found) == 1 else None
