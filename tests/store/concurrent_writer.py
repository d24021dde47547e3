"""A process that logs events into a shared database; run by test_store_concurrency.py.

Usage: python concurrent_writer.py DB WORKER EVENTS GO_FILE

Waits for GO_FILE to appear (so that all writers start together), opens the store (the first
writers create and migrate it), opens its own interaction and appends EVENTS ``commented``
events, one transaction each, alternating between its own interaction and a shared one.
"""

from __future__ import annotations

import os
import sys
import time

from slacheck.domain.events import Event
from slacheck.store import Store, StoreError


def main() -> None:
    db, worker, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while not os.path.exists(go):
        time.sleep(0.001)
    with Store(db) as store:
        own = store.open_interaction("it-for-sales", "access", 1000, ref=f"own-{worker}")
        try:
            shared = store.open_interaction("it-for-sales", "access", 1000, ref="shared")
        except StoreError:
            shared = store.interaction_by_ref("shared")
        for n in range(count):
            target = own if n % 2 == 0 else shared
            store.append_events(target.id, [
                Event("commented", 1000 + n, f"worker-{worker}", {"text": f"{worker}:{n}"})
            ])


if __name__ == "__main__":
    main()
