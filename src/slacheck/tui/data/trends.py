"""Compliance over the last windows: the sparkline of the dashboard and the agreement's chart.

Each past window is evaluated by the one figures service,
:func:`~slacheck.services.figures.compute_figures`, with an explicit window ``[start, end)`` and
the evaluation instant at its end, exactly what ``slacheck report --from START --to END --as-of
END`` prints.  The current window is the live figure itself.

Windows step back from the current one: a rolling ``30d`` window by 30 days at a time, a
calendar ``month`` / ``quarter`` by whole periods (in the workspace time zone).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable


if TYPE_CHECKING:
    from ...domain.durations import Window
    from ...domain.evaluation import Tally
    from ...domain.model import Agreement, Catalog
    from ...services.figures import HistorySource

#: A rolling window's past figures are reused while the evaluation instant moved less than this
#: (seconds): the dashboard re-evaluates every few seconds and a trend does not move that fast.
REUSE_SECONDS = 600


@dataclass(frozen=True)
class TrendPoint:
    """One window of an agreement: ``[start, end)`` and its figures."""

    start: int
    end: int
    tally: Tally

    @property
    def compliance(self) -> float | None:
        return self.tally.compliance


def past_spans(window: Window, as_of: int, tz: str, count: int) -> list[tuple[int, int]]:
    """The ``count`` windows before the current one, oldest first, as ``(start, end)``."""
    if count <= 0:
        return []
    from ...domain.windows import DAY, window_span  # off the dashboard's start path

    if window.kind == "rolling":
        length = window.days * DAY
        return [(as_of - (k + 1) * length, as_of - k * length) for k in range(count, 0, -1)]
    spans: list[tuple[int, int]] = []
    start = window_span(window, as_of, tz).period_start
    for _ in range(count):
        previous = window_span(window, start - 1, tz)
        spans.append((previous.period_start, previous.period_end))
        start = previous.period_start
    spans.reverse()
    return spans


class TrendCache:
    """Past windows' tallies, evaluated once per workspace load.

    Safe to share between worker threads: the lock guards the cache, not the evaluation.
    ``invalidate`` forgets everything (a new load of the agreement files, a manual refresh).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple, dict[str, Tally]] = {}
        self._anchors: dict[tuple, int] = {}

    def invalidate(self) -> None:
        with self._lock:
            self._entries.clear()
            self._anchors.clear()

    def _anchor(self, window: Window, as_of: int) -> int:
        """The instant rolling windows are measured back from: reused for REUSE_SECONDS."""
        key = ("anchor", str(window))
        with self._lock:
            anchor = self._anchors.get(key)
            if anchor is None or not 0 <= as_of - anchor < REUSE_SECONDS:
                anchor = as_of
                self._anchors[key] = anchor
            return anchor

    def points(
        self,
        catalog: Catalog,
        store: HistorySource,
        agreements: list[Agreement],
        as_of: int,
        count: int,
        resolve_version: Callable[[str], Agreement | None] | None,
        *,
        cached_only: bool = False,
    ) -> dict[str, list[TrendPoint]] | None:
        """``count`` past windows of each agreement (oldest first), evaluated where not cached.

        With ``cached_only`` nothing is evaluated: ``None`` when any window is missing.
        """
        from ...services.figures import compute_figures

        tz = catalog.settings.timezone
        wanted: dict[tuple[int, int], list[Agreement]] = defaultdict(list)
        spans_of: dict[str, list[tuple[int, int]]] = {}
        for agreement in agreements:
            anchor = self._anchor(agreement.window, as_of) if agreement.window.kind == "rolling" else as_of
            spans = past_spans(agreement.window, anchor, tz, count)
            spans_of[agreement.id] = spans
            for span in spans:
                with self._lock:
                    cached = self._entries.get(span, {})
                if agreement.id not in cached:
                    wanted[span].append(agreement)
        if wanted and cached_only:
            return None
        for span, group in sorted(wanted.items()):
            figures = compute_figures(catalog, store, span[1], agreements=group, window=span,
                                      resolve_version=resolve_version)
            with self._lock:
                entry = self._entries.setdefault(span, {})
                for fig in figures.agreements:
                    entry[fig.agreement.id] = fig.tally
        result: dict[str, list[TrendPoint]] = {}
        with self._lock:
            for agreement_id, spans in spans_of.items():
                result[agreement_id] = [TrendPoint(s, e, self._entries[(s, e)][agreement_id]) for s, e in spans]
        return result
