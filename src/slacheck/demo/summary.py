"""What ``slacheck demo`` prints: what was written, the figures at "now", and what to try next.

Plain text, no colour and no I/O; every figure comes from the :class:`~slacheck.services.figures.Figures`
the demo computed at its evaluation instant (the one evaluation path).
"""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path

from ..report.common import local, percent
from ..report.safe import terminal
from .build import DemoResult
from .profiles import STRUGGLING, profile_for

#: Working time left under which an open request counts as "due soon" in the summary.
DUE_SOON = 4 * 3600
#: Width the story paragraph is wrapped to.
WIDTH = 96


def _compliance_rows(result: DemoResult) -> list[str]:
    head = ("agreement", "window", "met", "breached", "open", "compliance", "objective", "")
    rows = [head]
    for fig in sorted(result.figures.agreements,
                      key=lambda f: (f.tally.compliance is None, -(f.tally.compliance or 0), f.agreement.id)):
        tally = fig.tally
        verdict = "" if tally.compliance is None else (
            "below objective" if tally.remaining < 0 else "on target")
        rows.append((fig.agreement.id, str(fig.agreement.window), str(tally.met), str(tally.breached),
                     str(tally.open), percent(tally.compliance), percent(float(tally.objective)),
                     verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    right = {2, 3, 4, 5, 6}
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def render_summary(result: DemoResult, shown_as: str | Path | None = None) -> str:
    """The summary of a demo; ``shown_as`` is the folder as the user typed it (for ``cd``)."""
    tz = result.timezone
    figures = result.figures
    folder = str(shown_as if shown_as is not None else result.root)
    verb = "Wrote the demo workspace" if result.wrote_files else "Replaced the database of"
    open_escalations = len(figures.escalations)
    unacknowledged = len(result.unacknowledged)
    due_soon = sum(1 for item in figures.at_risk if item.deadline is not None and item.left <= DUE_SOON)
    lines = [
        f"{verb} {result.root.resolve()}",
        (f"  agreements  {len(figures.agreements)} agreements of the example company in "
         f"{Path(folder) / 'agreements'}"),
        f"  database    {result.database}",
        (f"  requests    {result.interactions:,} interactions, {result.events:,} events "
         f"(seed {result.seed}, {result.seconds:.1f} s)"),
        f"  span        {local(result.start, tz)} to {local(result.as_of, tz)} ({tz})",
        f"  health      {result.health_sessions} health-check sessions (quarterly squad and relationship checks)",
        "",
        f"Compliance at {local(result.as_of, tz)}, each agreement over its own window:",
        *_compliance_rows(result),
        "",
        (f"Now: {open_escalations} open escalation(s), {unacknowledged} not acknowledged; "
         f"{due_soon} open request(s) with less than {DUE_SOON // 3600} h of working time left."),
    ]
    story = next((profile_for(f.agreement).story for f in figures.agreements
                  if f.agreement.id == STRUGGLING), "")
    if story:
        lines += ["", textwrap.fill(f"The story: {story}", width=WIDTH)]
    lines += ["", "Try next:", f"  cd {shlex.quote(folder)}", "  slacheck report",
              "  slacheck escalations"]
    number = result.highlight
    if number is not None:
        found = next((e.interaction for e in figures.escalations if e.interaction.id == number), None)
        about = f"   # {terminal(found.ref or '')}: {terminal(found.title)}" if found else ""
        lines.append(f"  slacheck show {number}{about}")
    lines += ["  slacheck health grid", "  slacheck health trend --team procurement --sparkline",
              "  slacheck validate"]
    return "\n".join(lines) + "\n"
