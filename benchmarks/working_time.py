"""Benchmark of the working-time engine against a minute-by-minute reference.

    python benchmarks/working_time.py [--pairs 100000] [--reference-pairs 300] [--seed 2026]

An office calendar in Europe/Berlin (Berlin's public holidays, 24 and 31 December closed, a lunch
break: ``09:00-12:30, 13:15-17:00`` Monday to Friday) and seeded random ``(start, end)`` pairs
of up to 30 days in 2026-2027, on whole minutes.  Printed, from one run:

* the warm-up: the first call, which imports ``holidays`` and builds the year tables;
* ``working_seconds`` pairs per second for the engine;
* the same for a brute-force reference that walks every minute of ``[start, end)`` through
  ``zoneinfo`` (run on a subset and extrapolated, as it says);
* ``add_working`` pairs per second;
* whether the engine and the reference agree on the subset (``working_seconds`` and
  ``add_working``); the script exits 1 if they do not.

Pure Python, one core.  Timings are the best of three rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from slacheck.domain.calendar import WorkCalendar, parse_spans  # noqa: E402

ZONE = "Europe/Berlin"
SPANS = "09:00-12:30, 13:15-17:00"
MAX_DAYS = 30
ROUNDS = 3


def office_calendar() -> WorkCalendar:
    day = parse_spans(SPANS)
    return WorkCalendar(
        "berlin-office",
        ZONE,
        hours=(day,) * 5 + ((), ()),
        holiday_country="DE",
        holiday_subdivision="BE",
        closed=frozenset({date(2026, 12, 24), date(2026, 12, 31)}),
        day_seconds=int(7.25 * 3600),
    )


def random_pairs(count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` pairs on whole minutes: start in 2026, length up to 30 days."""
    rng = random.Random(seed)
    lo = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()) // 60
    hi = int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp()) // 60
    pairs = []
    for _ in range(count):
        start = rng.randrange(lo, hi)
        pairs.append((start * 60, (start + rng.randrange(0, MAX_DAYS * 1440 + 1)) * 60))
    return pairs


# ---------------------------------------------------------------------------- the reference
class MinuteReference:
    """Working time the plainest way: minute instant ``t`` is working time when its local date
    (``zoneinfo``) is not closed or a holiday and its wall time lies in a span of that date."""

    def __init__(self, cal: WorkCalendar) -> None:
        import holidays

        self.tz = ZoneInfo(cal.timezone)
        self.cal = cal
        self.holidays = holidays.country_holidays(cal.holiday_country,
                                                  subdiv=cal.holiday_subdivision)

    def working_minute(self, t: int) -> bool:
        local = datetime.fromtimestamp(t, self.tz)
        day = local.date()
        if day in self.cal.closed or day in self.holidays:
            return False
        wall = local.hour * 3600 + local.minute * 60
        return any(s <= wall < e for s, e in self.cal.hours[day.weekday()])

    def working_seconds(self, start: int, end: int) -> int:
        return sum(60 for t in range(start, end, 60) if self.working_minute(t))

    def add_working(self, start: int, seconds: int, limit: int) -> int | None:
        """Walk minute by minute until ``seconds`` of working time have gone by (None past
        ``limit``)."""
        if seconds <= 0:
            return start
        done = 0
        for t in range(start, limit, 60):
            if self.working_minute(t):
                if done + 60 >= seconds:
                    return t + (seconds - done)
                done += 60
        return None


# ---------------------------------------------------------------------------- timing
def best_of(rounds: int, run) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--reference-pairs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), "
          f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"calendar: {ZONE}, Mon-Fri {SPANS}, holidays DE/BE, 24 and 31 Dec closed")
    print(f"pairs: {args.pairs:,} random (start, end) on whole minutes, start in 2026, "
          f"length 0-{MAX_DAYS} days, seed {args.seed}")
    pairs = random_pairs(args.pairs, args.seed)

    # Warm-up: a fresh calendar's first call builds its year tables (and imports holidays).
    cal = office_calendar()
    began = time.perf_counter()
    cal.working_seconds(*pairs[0])
    first_call = time.perf_counter() - began
    began = time.perf_counter()
    cal.working_seconds(min(a for a, _ in pairs), max(b for _, b in pairs))  # 2026-2027
    both_years = time.perf_counter() - began
    fresh = office_calendar()
    began = time.perf_counter()
    fresh.working_seconds(*pairs[0])
    warm_calendar = time.perf_counter() - began

    ws = cal.working_seconds

    def run_engine() -> None:
        for a, b in pairs:
            ws(a, b)

    engine_s = best_of(ROUNDS, run_engine)

    amounts = [(a, ws(a, b)) for a, b in pairs]
    add = cal.add_working

    def run_add() -> None:
        for a, n in amounts:
            add(a, n)

    add_s = best_of(ROUNDS, run_add)

    # The reference on a subset; its rate is extrapolated to the full set.
    ref = MinuteReference(cal)
    subset = pairs[: args.reference_pairs]
    began = time.perf_counter()
    ref_results = [ref.working_seconds(a, b) for a, b in subset]
    ref_s = time.perf_counter() - began
    mismatches = [
        (a, b, want, ws(a, b)) for (a, b), want in zip(subset, ref_results) if ws(a, b) != want
    ]
    add_mismatches = [
        (a, n) for (a, b), n in zip(subset, ref_results)
        if add(a, n) != ref.add_working(a, n, b)
    ]

    engine_rate = len(pairs) / engine_s
    ref_rate = len(subset) / ref_s
    minutes = sum(b - a for a, b in subset) // 60
    print()
    print(f"{'warm-up, first call (imports holidays, builds 2026)':<58} {first_call * 1e3:9.1f} ms")
    print(f"{'warm-up, adding the 2027 table':<58} {both_years * 1e3:9.1f} ms")
    print(f"{'warm-up, a second calendar (holidays already imported)':<58} "
          f"{warm_calendar * 1e3:9.1f} ms")
    print(f"{'engine working_seconds':<40} {engine_rate:14,.0f} pairs/s  "
          f"({len(pairs):,} pairs in {engine_s:.3f} s, best of {ROUNDS})")
    print(f"{'reference working_seconds (extrapolated)':<40} {ref_rate:14,.1f} pairs/s  "
          f"({len(subset):,} pairs, {minutes:,} minutes, in {ref_s:.2f} s)")
    print(f"{'engine / reference':<40} {engine_rate / ref_rate:14,.0f} x")
    print(f"{'engine add_working':<40} {len(amounts) / add_s:14,.0f} pairs/s  "
          f"({len(amounts):,} in {add_s:.3f} s, best of {ROUNDS})")
    print(f"agreement on the {len(subset):,}-pair subset: working_seconds "
          f"{len(subset) - len(mismatches)}/{len(subset)}, add_working "
          f"{len(subset) - len(add_mismatches)}/{len(subset)}")
    if mismatches or add_mismatches:
        for a, b, want, got in mismatches[:5]:
            print(f"  working_seconds({a}, {b}): engine {got}, reference {want}")
        for a, n in add_mismatches[:5]:
            print(f"  add_working({a}, {n}) differs")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
