"""An import run as its own process, to be killed; used by test_store_kill.py.

Usage: python kill_importer.py DB EXPORT BATCH_ROWS
"""

from __future__ import annotations

import sys

from store.store_helpers import make_catalog

from slacheck.importer import import_file
from slacheck.store import Store


def main() -> None:
    db, export, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store(db) as store:
        summary = import_file(export, store, make_catalog(), batch_rows=batch)
    print(summary)


if __name__ == "__main__":
    main()
