"""``import_file``: a ticket export into the store, in batches, idempotent on ``ref``.

Rows are read and checked in batches; each batch is one write transaction that looks up the
batch's refs, plans new interactions and new events, and writes them.  A killed import leaves
whole batches only; running it again skips what is stored.  ``strict`` and ``dry_run`` run the
whole file in one transaction instead (rolled back by a dry run, and by a strict import that
rejected a row), so that they are exact; other writers wait for them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.events import Event
from ..domain.model import Catalog
from ..errors import InputError
from ..store import History, StoreBackend
from .grouping import ErrorGroups
from .plan import new_history, news
from .readers import RowProblem, open_source
from .records import ImportRecord, RecordParser, check_columns, column_sources, zone_of
from .shaping import Shaping

if TYPE_CHECKING:
    from ..config.eventlog import EventLog

#: Rows per write transaction.
BATCH_ROWS = 2000
#: Rejected rows kept in :attr:`ImportSummary.errors` (all are passed to ``on_error``).
KEPT_ERRORS = 100


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row (or, with ``warning``, a kept row that lost an optional field), printed as
    ``FILE:ROW: message``."""

    file: str
    row: int
    message: str
    ref: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Reported after every batch: rows read so far, and bytes of the file."""

    rows: int
    bytes_read: int
    bytes_total: int


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run or a refused strict import, would have done)."""

    source: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0  # optional fields dropped from rows that were kept
    events: int = 0
    dry_run: bool = False
    strict: bool = False
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    #: Every rejected row and warning, grouped by message (what ``slacheck import`` prints).
    groups: ErrorGroups = field(default_factory=ErrorGroups, repr=False, compare=False)
    #: The first rows as read (``preview=`` of them): ``(row number, record)``.
    preview: list[tuple[int, ImportRecord]] = field(default_factory=list, repr=False)

    @property
    def exit_code(self) -> int:
        """1 if any row was rejected, else 0."""
        return 1 if self.rejected else 0

    def __str__(self) -> str:
        text = (
            f"{self.source}: imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )
        if self.warnings:
            text += f" ({self.warnings} optional field(s) dropped)"
        if self.dry_run:
            return text + " (dry run: nothing written)"
        if not self.written and self.rows:
            return text + " (strict: nothing written because rows were rejected)"
        return text


class _Run:
    """The state of one import: counters, the callbacks, the batch being planned."""

    def __init__(self, store: StoreBackend, parser: RecordParser, summary: ImportSummary,
                 on_error: Callable[[RowError], None] | None) -> None:
        self.store = store
        self.parser = parser
        self.summary = summary
        self.on_error = on_error

    def warn(self, row: int, problem: RowProblem) -> None:
        """An optional field of ``row`` was dropped; the ticket was kept."""
        error = RowError(self.summary.source, row, str(problem), warning=True)
        self.summary.warnings += 1
        self.summary.groups.add(error, problem)
        if self.on_error is not None:
            self.on_error(error)

    def reject(self, row: int, problem: RowProblem, ref: str | None = None) -> None:
        error = RowError(self.summary.source, row, str(problem), ref)
        self.summary.rejected += 1
        if len(self.summary.errors) < KEPT_ERRORS:
            self.summary.errors.append(error)
        self.summary.groups.add(error, problem)
        if self.on_error is not None:
            self.on_error(error)

    def write_batch(self, batch: list[tuple[int, ImportRecord]]) -> None:
        """Plan and write one batch of checked records in one transaction."""
        summary = self.summary
        with self.store.transaction():
            stored = self.store.histories_by_ref(record.ref for _, record in batch)
            drafts: dict[str, History] = {}
            appends: dict[int, list[Event]] = {}
            priorities = self.parser.priorities
            for row, record in batch:
                current = drafts.get(record.ref) or stored.get(record.ref)
                if current is None:
                    drafts[record.ref] = new_history(record)
                    summary.imported += 1
                    continue
                try:
                    fresh = news(record, current, priorities(record.agreement, record.service))
                except RowProblem as problem:
                    self.reject(row, problem, record.ref)
                    continue
                if not fresh:
                    summary.unchanged += 1
                    continue
                summary.updated += 1
                current.events.extend(fresh)  # later rows of this batch see the news
                if record.ref not in drafts:
                    appends.setdefault(current.interaction.id, []).extend(fresh)
            if drafts:
                self.store.add_histories(drafts.values())
                summary.events += sum(len(history.events) for history in drafts.values())
            for interaction_id, events in appends.items():
                self.store.append_events(interaction_id, events)
                summary.events += len(events)


def import_rows(
    rows: Iterable[tuple[int, Mapping[str, Any] | RowProblem]],
    store: StoreBackend,
    catalog: Catalog,
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
    preview: int = 0,
    nested: bool = True,
) -> ImportSummary:
    """Import rows already read: ``(row_number, values)`` pairs, ``values`` keyed by the
    source's column names (or a :class:`RowProblem` for a row that could not be read).
    ``nested``: the values may be nested (JSON records), and a dotted ``--map`` reaches into them.

    The engine of :func:`import_file`, usable for rows from elsewhere.  The first ``preview``
    records read are kept in :attr:`ImportSummary.preview` (for ``--dry-run`` to show).
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    parser = RecordParser(catalog, zone_of(tz), column_sources(mapping), shaping, nested=nested)
    summary = ImportSummary(source, dry_run=dry_run, strict=strict)
    run = _Run(store, parser, summary, on_error)
    whole_file = store.transaction(commit=not dry_run) if strict or dry_run else nullcontext()
    try:
        with whole_file, _fewer_collections():
            for batch in _batches(rows, parser, run, batch_rows):
                if len(summary.preview) < preview:
                    summary.preview.extend(batch[:preview - len(summary.preview)])
                if batch:
                    run.write_batch(batch)
                if on_progress is not None:
                    on_progress(ImportProgress(summary.rows, bytes_read(), bytes_total))
            if strict and summary.rejected:
                raise _Refused()
    except _Refused:
        return summary
    summary.written = not dry_run
    return summary


def _batches(rows, parser: RecordParser, run: _Run, size: int) -> Iterator[list[tuple[int, ImportRecord]]]:
    """Checked records in batches of ``size`` rows; problems are reported as they come."""
    batch: list[tuple[int, ImportRecord]] = []
    read = 0
    for row, values in rows:
        run.summary.rows += 1
        read += 1
        if isinstance(values, RowProblem):
            run.reject(row, values)
        else:
            try:
                batch.append((row, parser.parse(values)))
            except RowProblem as problem:
                run.reject(row, problem)
            else:
                for warning in parser.warnings:
                    run.warn(row, warning)
        if read >= size:
            yield batch
            batch = []
            read = 0
    if read:
        yield batch


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let the cyclic garbage collector run less often while a large import runs.

    An import allocates millions of short-lived acyclic objects (freed by reference counting)
    while each batch stays alive long enough to be promoted, so the default thresholds make the
    collector walk the heap over and over: about a tenth of an import's time.  The thresholds
    are restored afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), before[1], max(before[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Refused(Exception):
    """Rolls back the transaction of a strict import that rejected a row."""


#: The largest file ``slacheck import`` reads unless ``--max-size`` says otherwise (a million
#: tickets with comments are a few hundred megabytes).
MAX_IMPORT_BYTES = 1024**3


def check_size(path: str | Path, max_bytes: int | None) -> None:
    """Refuse a file over ``max_bytes`` before reading any of it."""
    if max_bytes is None:
        return
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # open_source says why it cannot be read
    if size > max_bytes:
        raise InputError(f"{path}: the file has {size:,} bytes, more than the {format_size(max_bytes)} "
                         "import limit; give a larger --max-size to import it")


def format_size(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def import_file(
    path: str | Path,
    store: StoreBackend,
    catalog: Catalog,
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
    preview: int = 0,
    event_log: EventLog | None = None,
    records: str | None = None,
) -> ImportSummary:
    """Import a CSV / JSON / JSON Lines export into ``store``; see ``docs/store.md``.

    ``records``: for a JSON document, the dotted key path of the array of records
    (``"issues"``); ``mapping`` may name paths into JSON records and computed timestamps
    (``docs/import.md``).  Raises :class:`slacheck.errors.InputError` (exit 2) when the file
    cannot be read at all or is larger than ``max_bytes`` (``None``: no limit); rejected rows go
    to ``on_error`` and the summary (exit 1 when any).  With ``event_log`` the rows are
    successive states of tickets (:func:`~.eventlog_run.import_event_log_file`,
    ``docs/import.md``, "Event logs").
    """
    if event_log is not None:
        from .eventlog_run import import_event_log_file

        return import_event_log_file(
            path, store, catalog, event_log, fmt=fmt, mapping=mapping, strict=strict,
            dry_run=dry_run, tz=tz, encoding=encoding, batch_rows=batch_rows,
            on_progress=on_progress, on_error=on_error, max_bytes=max_bytes, shaping=shaping,
            records=records)
    check_size(path, max_bytes)
    sources = column_sources(mapping)
    opened = open_source(path, fmt, encoding, records)
    origin = str(path)
    try:
        if opened.columns is not None:
            provided = frozenset(shaping.constants) if shaping is not None else frozenset()
            check_columns(opened.columns, sources, origin, provided, opened.repeated)
        return import_rows(
            opened.rows, store, catalog, source=origin, mapping=mapping, strict=strict,
            dry_run=dry_run, tz=tz, batch_rows=batch_rows, on_progress=on_progress,
            on_error=on_error, bytes_read=opened.bytes_read, bytes_total=opened.size,
            shaping=shaping, preview=preview, nested=opened.columns is None,
        )
    finally:
        opened.close()
