"""``slacheck demo``: a deterministic year of the example company, for trying slacheck and for scale.

:func:`build_demo` writes a workspace (the example company of ``agreements/``) and generates a
year of requests up to the evaluation instant: weekday and seasonal load, office hours in each
requesting team's time zone, priorities, pauses, reopenings, ratings with comments, most
providers healthy and Procurement struggling, and a few situations live *now* (requests about to
breach, unacknowledged escalations).  The same seed, size and evaluation instant give a
byte-identical database.

Modules: :mod:`.profiles` (how each agreement behaves), :mod:`.load` (when requests arrive),
:mod:`.plans` (each agreement's targets, mixes and staff), :mod:`.lifecycle` (one request's
events), :mod:`.ratings` (ratings and comments), :mod:`.planted` (the live situations),
:mod:`.generate` and :mod:`.writer` (the year, stored in batches), :mod:`.aftermath`
(escalations recorded and acknowledged), :mod:`.workspace` (the folder), :mod:`.summary` (what
the command prints).
"""

from __future__ import annotations

from .build import DEFAULT_SEED, DEFAULT_SIZE, DemoResult, build_demo

__all__ = ["DEFAULT_SEED", "DEFAULT_SIZE", "DemoResult", "build_demo"]
