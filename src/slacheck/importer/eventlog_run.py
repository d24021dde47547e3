"""``import_event_log_file``: an event log (one row per change of state) into the store,
idempotently.

The whole file is read first (:mod:`.eventlog_rows`: rows grouped by ticket, compactly), since
a ticket's rows may be anywhere in it.  Then the tickets are planned (:mod:`.eventlog_plan`) and
written in batches, in order of first appearance: each batch of tickets covering about
``batch_rows`` rows is one write transaction that looks up their stored histories, appends what
is new and adds the new tickets.  ``strict`` and ``dry_run`` write in one transaction instead,
as :func:`~.run.import_file` does.

The summary counts tickets: ``imported`` (new), ``updated`` (events appended), ``unchanged``,
``rejected`` (tickets not imported, and rows without a readable key); ``rows`` counts rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from datetime import tzinfo
from pathlib import Path
from typing import Any

from ..domain.events import Event
from ..domain.model import Catalog
from ..store import History, StoreBackend
from ..config.eventlog import EventLog
from .eventlog_plan import TicketProblem, derive, new_history, news
from .eventlog_rows import ROW_WIDTH, LogReader, Ticket, check_header, event_sources
from .readers import RowProblem, open_source
from .records import zone_of
from .run import (
    BATCH_ROWS,
    KEPT_ERRORS,
    MAX_IMPORT_BYTES,
    ImportProgress,
    ImportSummary,
    RowError,
    _fewer_collections,
    check_size,
)
from .shaping import Shaping


class _Refused(Exception):
    """Rolls back the transaction of a strict import that rejected a ticket."""


class _LogRun:
    """The state of one event-log import: the reader, counters, callbacks."""

    def __init__(self, store: StoreBackend, reader: LogReader, summary: ImportSummary,
                 on_error: Callable[[RowError], None] | None) -> None:
        self.store = store
        self.reader = reader
        self.summary = summary
        self.on_error = on_error

    def report(self, row: int, message: str, ref: str | None = None, *, count: bool = True,
               warning: bool = False) -> None:
        error = RowError(self.summary.source, row, message, ref, warning)
        if warning:
            self.summary.warnings += 1
        elif count:
            self.summary.rejected += 1
            if len(self.summary.errors) < KEPT_ERRORS:
                self.summary.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)

    def read(self, row: int, values: Mapping[str, Any] | RowProblem) -> None:
        """One row into its ticket; a row that cannot be read makes its ticket not importable."""
        self.summary.rows += 1
        reader = self.reader
        if isinstance(values, RowProblem):
            self.report(row, str(values))
            return
        try:
            reader.read(row, values)
        except RowProblem as problem:
            ref = reader.key_of(values)
            if not ref:
                self.report(row, str(problem))
            elif reader.broken(ref):
                self.report(row, f"{problem} (ticket {ref!r} is not imported)", ref)
            else:
                self.report(row, str(problem), ref, count=False)
            return
        for warning in reader.parser.warnings:
            self.report(row, warning, warning=True)

    def write_batch(self, batch: list[Ticket]) -> None:
        """Plan and write one batch of tickets in one transaction."""
        summary, reader = self.summary, self.reader
        with self.store.transaction():
            stored = self.store.histories_by_ref(ticket.ref for ticket in batch)
            new: list[History] = []
            appends: list[tuple[int, list[Event]]] = []
            for ticket in batch:
                try:
                    derived = derive(ticket, reader)
                    facts = ticket.facts
                    priorities = reader.parser.priorities(facts.agreement, facts.service)
                    history = stored.get(ticket.ref)
                    if history is None:
                        new.append(new_history(derived, priorities))
                        summary.imported += 1
                        continue
                    fresh = news(derived, history, priorities)
                except TicketProblem as problem:
                    self.report(problem.row, problem.message, ticket.ref)
                    continue
                finally:
                    ticket.cells = None  # done with its rows
                if fresh:
                    appends.append((history.interaction.id, fresh))
                    summary.updated += 1
                else:
                    summary.unchanged += 1
            if new:
                self.store.add_histories(new)
                summary.events += sum(len(history.events) for history in new)
            for interaction_id, events in appends:
                self.store.append_events(interaction_id, events)
                summary.events += len(events)


def _batches(tickets: Iterable[Ticket], size: int):
    batch: list[Ticket] = []
    rows = 0
    for ticket in tickets:
        if ticket.broken:
            continue
        batch.append(ticket)
        rows += len(ticket.cells) // ROW_WIDTH
        if rows >= size:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def import_event_log_rows(
    rows: Iterable[tuple[int, Mapping[str, Any] | RowProblem]],
    store: StoreBackend,
    catalog: Catalog,
    event_log: EventLog,
    *,
    source: str = "<rows>",
    mapping: Mapping[str, str] | None = None,
    strict: bool = False,
    dry_run: bool = False,
    tz: str | tzinfo = "UTC",
    batch_rows: int = BATCH_ROWS,
    on_progress: Callable[[ImportProgress], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
    bytes_read: Callable[[], int] = lambda: 0,
    bytes_total: int = 0,
    shaping: Shaping | None = None,
) -> ImportSummary:
    """Import the rows of an event log already read (``(row_number, values)`` pairs, as the
    readers give them); the engine of :func:`import_event_log_file`."""
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    reader = LogReader(catalog, zone_of(tz), event_log, mapping, shaping)
    summary = ImportSummary(source, dry_run=dry_run, strict=strict)
    run = _LogRun(store, reader, summary, on_error)

    def progress() -> None:
        if on_progress is not None:
            on_progress(ImportProgress(summary.rows, bytes_read(), bytes_total))

    whole_file = store.transaction(commit=not dry_run) if strict or dry_run else nullcontext()
    try:
        with _fewer_collections():
            for row, values in rows:
                run.read(row, values)
                if summary.rows % batch_rows == 0:
                    progress()
            with whole_file:
                for batch in _batches(reader.tickets.values(), batch_rows):
                    run.write_batch(batch)
                    progress()
                if strict and summary.rejected:
                    raise _Refused()
    except _Refused:
        return summary
    summary.written = not dry_run
    return summary


def import_event_log_file(
    path: str | Path,
    store: StoreBackend,
    catalog: Catalog,
    event_log: EventLog,
    *,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    strict: bool = False,
    dry_run: bool = False,
    tz: str | tzinfo = "UTC",
    encoding: str = "utf-8",
    batch_rows: int = BATCH_ROWS,
    on_progress: Callable[[ImportProgress], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
    max_bytes: int | None = MAX_IMPORT_BYTES,
    shaping: Shaping | None = None,
    records: str | None = None,
) -> ImportSummary:
    """Import an event-log export (CSV / JSON / JSON Lines) into ``store``; see the section
    "Event logs" of ``docs/import.md``.

    Raises :class:`slacheck.errors.InputError` (exit 2) when the file cannot be read at all, is
    larger than ``max_bytes``, or lacks a column the event log or the mapping names; tickets
    that cannot be imported go to ``on_error`` and the summary (exit 1 when any).
    """
    check_size(path, max_bytes)
    sources, _ = event_sources(mapping, shaping, event_log)  # bad options before the file
    opened = open_source(path, fmt, encoding, records)
    origin = str(path)
    try:
        if opened.columns is not None:
            check_header(opened.columns, sources, event_log, origin, shaping,
                         opened.repeated)
        return import_event_log_rows(
            opened.rows, store, catalog, event_log, source=origin, mapping=mapping, strict=strict,
            dry_run=dry_run, tz=tz, batch_rows=batch_rows, on_progress=on_progress,
            on_error=on_error, bytes_read=opened.bytes_read, bytes_total=opened.size,
            shaping=shaping,
        )
    finally:
        opened.close()
