"""Renderers for ``slacheck diff``: text, Markdown (a pull-request comment) and JSON.

Pure functions of a :class:`~slacheck.domain.diff.CatalogDiff` and, optionally, a
:class:`~slacheck.services.replay.Replay`.  User text (titles, names, everything inside a
change's sentence) is shown literally: :func:`~slacheck.report.safe.terminal` for text,
:func:`~slacheck.report.safe.markdown` for Markdown.  JSON carries
``"schema": "slacheck.diff/1"``, plain unrounded numbers and UTC instants with ``Z``.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from ..domain.diff import CatalogDiff
from ..domain.diff_change import LOOSER, STRICTER, Change
from ..domain.evaluation import Tally
from ..domain.windows import Span
from ..services.replay import AgreementReplay, Flip, Replay
from .common import budget, iso_utc, local, percent
from .safe import markdown, terminal

SCHEMA = "slacheck.diff/1"
#: How many flipped interactions the text and Markdown formats list (JSON lists all).
FLIP_LIMIT = 50
NO_CHANGE = "No change in meaning."
_ICONS = {STRICTER: "⬆", LOOSER: "⬇"}
REPLAY_HEADER = ("Agreement", "Service", "Compliance", "Error budget left", "Flips")


# ---------------------------------------------------------------- shared wording
def summary(diff: CatalogDiff) -> str:
    """``"5 changes in meaning (3 stricter, 1 looser, 1 neutral)"`` or :data:`NO_CHANGE`."""
    if not diff.has_meaning_changes:
        return NO_CHANGE
    counts = diff.counts()
    total = sum(counts.values())
    parts = ", ".join(f"{n} {d}" for d, n in counts.items() if n)
    return f"{total} change{'s' if total != 1 else ''} in meaning ({parts})"


def _state_pair(key: tuple[str, str]) -> str:
    return f"{key[0]} → {key[1]}"


def flips_text(counts: dict[tuple[str, str], int]) -> str:
    """``"3 met → breached, 1 breached → met"``; ``"none"`` without flips."""
    return ", ".join(f"{n} {_state_pair(k)}" for k, n in counts.items()) or "none"


def _pair(old: Tally | None, new: Tally | None, cell: Callable[[Tally], str]) -> str:
    shown = [("n/a" if t is None else cell(t)) for t in (old, new)]
    return f"{shown[0]} → {shown[1]}"


def _compliance(tally: Tally) -> str:
    return percent(tally.compliance)


def _remaining(tally: Tally) -> str:
    return budget(tally.remaining)


def replay_rows(replay: Replay) -> list[tuple[str, ...]]:
    """One row per agreement (service ``(all)``) and per service: compliance, budget, flips."""
    rows = []
    for item in replay.agreements:
        rows.append((item.id, "(all)", _pair(item.old, item.new, _compliance),
                     _pair(item.old, item.new, _remaining), flips_text(item.flip_counts())))
        for service in item.services:
            counts: dict[tuple[str, str], int] = {}
            for flip in item.flips:
                if flip.interaction.service == service.id:
                    counts[flip.key] = counts.get(flip.key, 0) + 1
            rows.append((item.id, service.id, _pair(service.old, service.new, _compliance),
                         _pair(service.old, service.new, _remaining),
                         flips_text(dict(sorted(counts.items())))))
    return rows


def _label(flip: Flip) -> str:
    return flip.interaction.ref or f"#{flip.interaction.id}"


def _flip_row(flip: Flip, tz: str) -> tuple[str, ...]:
    i = flip.interaction
    return (_label(flip), i.agreement, i.service, i.priority or "-", local(i.opened_at, tz),
            _state_pair(flip.key), i.title)


def _window_text(replay: Replay, tz: str) -> str:
    if replay.window is None:
        return "each agreement's own window"
    return f"window {local(replay.window[0], tz)} to {local(replay.window[1], tz)}"


def _replay_title(replay: Replay, tz: str) -> str:
    return f"Replay at {local(replay.as_of, tz)} ({tz}), {_window_text(replay, tz)}"


# ---------------------------------------------------------------- text
def _aligned(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def _text_changes(changes: tuple[Change, ...]) -> list[str]:
    return [f"  - {terminal(c.text())}" for c in changes]


def render_diff_text(diff: CatalogDiff, replay: Replay | None = None, tz: str = "UTC", *,
                     flip_limit: int | None = FLIP_LIMIT) -> str:
    """Plain text for a terminal: the changes per agreement, the workspace's, then the replay."""
    lines = [f"slacheck diff: {summary(diff)}", ""]
    for item in diff.changed_agreements:
        lines.append(terminal(f"{item.id}: {item.title} ({item.status})"))
        lines += _text_changes(item.changes) + [""]
    if diff.workspace:
        lines.append("workspace")
        lines += _text_changes(diff.workspace) + [""]
    if replay is not None:
        lines += _text_replay(replay, tz, flip_limit)
    return "\n".join(lines).rstrip("\n") + "\n"


def _text_replay(replay: Replay, tz: str, flip_limit: int | None) -> list[str]:
    lines = [terminal(_replay_title(replay, tz))]
    if not replay.agreements:
        return lines + ["  (no agreements)", ""]
    rows = [tuple(h.lower() for h in REPLAY_HEADER)] + replay_rows(replay)
    lines += _aligned([tuple(terminal(c) for c in r) for r in rows]) + [""]
    lines.append(f"flips: {flips_text(replay.flip_counts())}")
    flips = replay.flips
    shown = flips if flip_limit is None else flips[:flip_limit]
    if shown:
        lines += _aligned([tuple(terminal(c) for c in _flip_row(f, tz)) for f in shown])
    if len(flips) > len(shown):
        lines.append(f"  … and {len(flips) - len(shown)} more")
    for u in replay.uncovered:
        lines.append(terminal(f"not judged under the {u.side} rules: "
                              f"{u.interaction.ref or '#' + str(u.interaction.id)} "
                              f"({u.interaction.agreement}): {u.reason}"))
    return lines + [""]


# ---------------------------------------------------------------- markdown
def _md_change(item: Change) -> str:
    icon = _ICONS.get(item.direction)
    label = f"{icon} **{item.direction}**: " if icon else ""
    return f"- {label}{markdown(item.text(direction=False))}"


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(markdown(h) for h in header) + " |",
             "| " + " | ".join("---" for _ in header) + " |"]
    return lines + ["| " + " | ".join(markdown(c) for c in row) + " |" for row in rows]


def render_diff_markdown(diff: CatalogDiff, replay: Replay | None = None, tz: str = "UTC", *,
                         flip_limit: int | None = FLIP_LIMIT) -> str:
    """Markdown ready for a pull-request comment: heading, bullets per agreement, replay tables."""
    lines = ["## slacheck diff", "", markdown(summary(diff)), ""]
    for item in diff.changed_agreements:
        lines += [f"### {markdown(item.id)}: {markdown(item.title)} ({item.status})", ""]
        lines += [_md_change(c) for c in item.changes] + [""]
    if diff.workspace:
        lines += ["### Workspace", ""] + [_md_change(c) for c in diff.workspace] + [""]
    if replay is not None:
        lines += [f"### {markdown(_replay_title(replay, tz))}", ""]
        if replay.agreements:
            lines += _md_table(REPLAY_HEADER, replay_rows(replay)) + [""]
        lines += [f"**Flips:** {markdown(flips_text(replay.flip_counts()))}", ""]
        flips = replay.flips
        shown = flips if flip_limit is None else flips[:flip_limit]
        if shown:
            header = ("Interaction", "Agreement", "Service", "Priority", "Opened", "Old → new",
                      "Title")
            lines += _md_table(header, [_flip_row(f, tz) for f in shown]) + [""]
        if len(flips) > len(shown):
            lines += [f"_… and {len(flips) - len(shown)} more_", ""]
        for u in replay.uncovered:
            lines.append(f"- not judged under the {u.side} rules: "
                         f"{markdown(u.interaction.ref or '#' + str(u.interaction.id))} "
                         f"({markdown(u.interaction.agreement)}): {markdown(u.reason)}")
        if replay.uncovered:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- json
def _change_dict(item: Change) -> dict[str, Any]:
    return {"agreement": item.agreement, "kind": item.kind, "field": item.field,
            "old": item.old, "new": item.new, "direction": item.direction, "text": item.text()}


def _tally_dict(tally: Tally | None) -> dict[str, Any] | None:
    if tally is None:
        return None
    return {"met": tally.met, "breached": tally.breached, "open": tally.open,
            "compliance": tally.compliance,
            "error_budget": {"allowed": tally.allowed, "remaining": tally.remaining}}


def _span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"from": iso_utc(span.start), "to": iso_utc(span.end)}


def _flip_dict(flip: Flip) -> dict[str, Any]:
    i = flip.interaction
    return {"interaction": i.id, "ref": i.ref, "agreement": i.agreement, "service": i.service,
            "priority": flip.new.priority, "title": i.title, "opened_at": iso_utc(i.opened_at),
            "old": flip.old_state, "new": flip.new_state}


def _counts_list(counts: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    return [{"old": k[0], "new": k[1], "count": n} for k, n in counts.items()]


def _agreement_replay_dict(item: AgreementReplay) -> dict[str, Any]:
    return {
        "id": item.id, "title": item.title, "status": item.status,
        "window": {"old": _span_dict(item.old_span), "new": _span_dict(item.new_span)},
        "old": _tally_dict(item.old), "new": _tally_dict(item.new),
        "services": [{"id": s.id, "name": s.name, "old": _tally_dict(s.old),
                      "new": _tally_dict(s.new)} for s in item.services],
        "flip_counts": _counts_list(item.flip_counts()),
    }


def replay_dict(replay: Replay) -> dict[str, Any]:
    return {
        "as_of": iso_utc(replay.as_of),
        "window": None if replay.window is None else {
            "from": iso_utc(replay.window[0]), "to": iso_utc(replay.window[1])},
        "agreements": [_agreement_replay_dict(a) for a in replay.agreements],
        "flips": [_flip_dict(f) for f in replay.flips],
        "flip_counts": _counts_list(replay.flip_counts()),
        "stricter_breaches": len(replay.stricter_breaches),
        "uncovered": [{"interaction": u.interaction.id, "ref": u.interaction.ref,
                       "agreement": u.interaction.agreement, "service": u.interaction.service,
                       "side": u.side, "reason": u.reason} for u in replay.uncovered],
    }


def diff_dict(diff: CatalogDiff, replay: Replay | None = None) -> dict[str, Any]:
    """``{"schema": "slacheck.diff/1", "changes": [...], "replay": {...} | null, ...}``."""
    return {
        "schema": SCHEMA,
        "has_meaning_changes": diff.has_meaning_changes,
        "summary": diff.counts(),
        "agreements": [{"id": a.id, "title": a.title, "status": a.status}
                       for a in diff.agreements],
        "changes": [_change_dict(c) for c in diff.changes],
        "replay": None if replay is None else replay_dict(replay),
    }


def render_diff_json(diff: CatalogDiff, replay: Replay | None = None) -> str:
    return json.dumps(diff_dict(diff, replay), indent=2, ensure_ascii=False) + "\n"


def render_diff(fmt: str, diff: CatalogDiff, replay: Replay | None = None, tz: str = "UTC") -> str:
    """Dispatch on ``fmt``: ``text``, ``markdown`` or ``json``; ``ValueError`` otherwise."""
    if fmt == "text":
        return render_diff_text(diff, replay, tz)
    if fmt == "markdown":
        return render_diff_markdown(diff, replay, tz)
    if fmt == "json":
        return render_diff_json(diff, replay)
    raise ValueError(f"unknown diff format {fmt!r}: use text, markdown or json")
