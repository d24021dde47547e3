"""``slacheck import``: ticket exports (CSV, JSON, JSON Lines) into the store, idempotently.

No SQL here: rows are read (:mod:`.readers`), checked against the catalog (:mod:`.records`),
turned into events and compared with what is stored (:mod:`.plan`), and written in batches
through the store's interface (:mod:`.run`)::

    summary = import_file("tickets.csv", store, catalog, mapping={"ref": "Key"}, tz="Europe/Berlin",
                          on_error=lambda error: print(error, file=sys.stderr))
    sys.exit(summary.exit_code)
"""

from __future__ import annotations

from .plan import ACTOR, new_history, news, record_events
from .readers import FORMATS, RowProblem, open_source
from .columns import COLUMNS, REQUIRED, column_sources
from .instants import parse_instant, zone_of
from .records import ImportRecord, RecordParser
from .run import (
    BATCH_ROWS,
    ImportProgress,
    ImportSummary,
    RowError,
    import_file,
    import_rows,
)

__all__ = [
    "ACTOR",
    "BATCH_ROWS",
    "COLUMNS",
    "FORMATS",
    "REQUIRED",
    "ImportProgress",
    "ImportRecord",
    "ImportSummary",
    "RecordParser",
    "RowError",
    "RowProblem",
    "column_sources",
    "import_file",
    "import_rows",
    "new_history",
    "news",
    "open_source",
    "parse_instant",
    "record_events",
    "zone_of",
]
