"""Health checks and satisfaction rendered: the report's ``health`` section, and ``health`` output.

No I/O and no evaluation: every function takes what :mod:`slacheck.services.health` computed.

* :func:`health_json` -- the report's ``health`` key (one entry per team, sorted by id);
  :func:`session_dict` is also ``health show --format json``;
* :func:`health_sections` -- the "Health and satisfaction" sections of the table and Markdown
  reports, beside the provider's compliance;
* ``*_text`` -- the plain text of ``health show`` / ``list`` / ``trend`` / ``grid`` /
  ``action list`` and the evidence shown before voting.

User text (comments, notes, action items, titles) goes through :func:`~slacheck.report.safe.terminal`
in text output; the JSON carries it verbatim.  Hidden cards (fewer votes than the anonymity
threshold) show their number of votes and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.health import (
    ARROWS,
    LIKERT_5,
    TRAFFIC_LIGHT,
    CardResult,
    Grid,
    SessionResult,
)
from ..domain.health import Session as HealthSession
from ..domain.satisfaction import RatingSummary
from .common import iso_utc, local, percent
from .safe import terminal
from .sections import Section

if TYPE_CHECKING:
    from ..services.health import (
        ActionView,
        Evidence,
        HealthOverview,
        SessionView,
        TeamHealth,
        TrendLine,
    )

#: Shown for a value that does not exist.
NONE = "-"


def _number(value: float | None, digits: int = 1) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------- JSON
def _card_dict(card: CardResult) -> dict[str, Any]:
    change = card.change
    data: dict[str, Any] = {
        "id": card.card, "title": card.title, "votes": card.votes, "hidden": card.hidden,
        "distribution": None if card.distribution is None
        else {str(k): v for k, v in card.distribution.items()},
    }
    if card.scale == TRAFFIC_LIGHT:
        data["majority"] = card.majority
    else:
        data["mean"] = card.mean
    data.update({
        "score": card.score,
        "trend": card.trend,
        "trends": card.trends,
        "split": card.split,
        "change": change.direction if change else None,
        "previous": change.previous if change else None,
        "delta": change.delta if change else None,
    })
    return data


def session_dict(result: SessionResult, *, comments: bool = False) -> dict[str, Any]:
    """A session and its card results; ``comments`` adds the (sorted) comments and notes."""
    s = result.session
    data: dict[str, Any] = {
        "template": s.template, "id": s.id, "team": s.team, "about": s.about,
        "opened_at": iso_utc(s.opened_at), "closed_at": iso_utc(s.closed_at),
        "participants": result.participants, "min_votes": result.min_votes,
        "previous": result.previous, "score": result.score,
        "cards": [_card_dict(card) for card in result.cards],
    }
    if comments:
        for card, out in zip(result.cards, data["cards"]):
            out["comments"] = list(card.comments) if card.comments is not None else None
        data["notes"] = s.notes
    return data


def _running_dict(s: HealthSession) -> dict[str, Any]:
    return {"template": s.template, "id": s.id, "team": s.team, "about": s.about,
            "opened_at": iso_utc(s.opened_at), "closed_at": None, "participants": None,
            "cards": []}


def action_dict(view: ActionView) -> dict[str, Any]:
    a, p = view.action, view.progress
    return {
        "id": a.id, "session": a.session, "text": a.text, "owner": a.owner,
        "agreement": a.agreement, "target": str(a.target) if a.target else None,
        "created_at": iso_utc(a.created_at), "done_at": iso_utc(a.done_at),
        "before": p.before if p else None, "after": p.after if p else None,
        "met": p.met if p else None, "progress": p.sentence if p else None,
    }


def ratings_dict(summary: RatingSummary) -> dict[str, Any]:
    return {
        "count": summary.count, "mean": summary.mean,
        "distribution": {str(k): v for k, v in summary.distribution.items()},
        "satisfied_share": summary.satisfied_share,
        "met_mean": summary.met_mean, "breached_mean": summary.breached_mean,
        "met_count": summary.met_count, "breached_count": summary.breached_count,
        "gap": summary.gap,
        "lowest": [{"interaction": r.interaction, "agreement": r.agreement, "service": r.service,
                    "rating": r.rating, "comment": r.comment, "title": r.title, "state": r.state}
                   for r in summary.lowest],
    }


def _brief(summary: RatingSummary) -> dict[str, Any]:
    return {"count": summary.count, "mean": summary.mean,
            "distribution": {str(k): v for k, v in summary.distribution.items()},
            "satisfied_share": summary.satisfied_share, "met_mean": summary.met_mean,
            "breached_mean": summary.breached_mean}


def _team_dict(team: TeamHealth) -> dict[str, Any]:
    sessions = [(r.session, session_dict(r)) for r in team.sessions]
    sessions += [(s, _running_dict(s)) for s in team.running]
    sessions.sort(key=lambda item: (item[0].template, item[0].about or "", item[0].sort_key()))
    view = team.two_sided
    return {
        "team": team.team,
        "name": team.name,
        "sessions": [data for _, data in sessions],
        "open_actions": [action_dict(v) for v in team.open_actions],
        "satisfaction": {
            **ratings_dict(team.satisfaction),
            "by_agreement": {k: _brief(v) for k, v in team.by_agreement.items()},
            "by_service": {f"{a}/{s}": _brief(v) for (a, s), v in team.by_service.items()},
        },
        "watermelon": [{"agreement": c.agreement, "kind": c.check.kind, "reason": c.check.reason}
                       for c in team.watermelons],
        "customers": [{"team": r.session.team, "session": r.session.id, "mean": r.score,
                       "participants": r.participants, "closed_at": iso_utc(r.session.closed_at)}
                      for r in team.customers],
        "two_sided": {"self": view.self_score, "customers": view.customer_score,
                      "gap": view.gap, "perception": view.perception, "reason": view.reason},
    }


def health_json(overview: HealthOverview | None) -> list[dict[str, Any]]:
    """The report's ``health`` list: every team, sorted by id; empty without any session or
    rating in the workspace (nothing to say)."""
    if overview is None or overview.empty:
        return []
    return [_team_dict(team) for team in overview.teams]


# ---------------------------------------------------------------------------- shared text
def cell(card: CardResult) -> str:
    """A card's value in a cell: majority colour or mean, or ``hidden``."""
    if card.hidden:
        return "hidden"
    if card.votes == 0:
        return NONE
    if card.scale == TRAFFIC_LIGHT:
        return card.majority or NONE
    return _number(card.mean)


def distribution(card: CardResult) -> str:
    if card.distribution is None:
        return NONE
    return ", ".join(f"{k} {v}" if card.scale == TRAFFIC_LIGHT else f"{k}:{v}"
                     for k, v in card.distribution.items())


def change_text(card: CardResult) -> str:
    change = card.change
    if change is None:
        return NONE
    if card.scale == LIKERT_5:
        return f"{change.arrow} {change.direction} ({change.delta:+.1f}, was {_number(float(change.previous))})"
    return f"{change.arrow} {change.direction} (was {change.previous})"


def trend_votes(card: CardResult) -> str:
    if not card.trends or not any(card.trends.values()):
        return NONE
    counts = " ".join(f"{ARROWS[k]}{v}" for k, v in card.trends.items())
    return f"{counts} ({card.trend})"


def _align(header: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[int] = (),
           indent: str = "  ") -> list[str]:
    table = [tuple(terminal(c) for c in header)] + [tuple(terminal(c) for c in r) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    flush = set(right)
    lines = []
    for n, row in enumerate(table):
        cells = [c.rjust(w) if i in flush else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append(indent + "  ".join(cells).rstrip())
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return lines


def _who(s: HealthSession) -> str:
    return f"{s.team} about {s.about}" if s.about else s.team


def action_lines(views: Iterable[ActionView], tz: str) -> list[str]:
    lines = []
    for view in views:
        a = view.action
        owner = f" (owner {terminal(a.owner)})" if a.owner else ""
        status = f"done {local(a.done_at, tz)}" if a.done_at is not None else "open"
        lines.append(f"  #{a.id} [{status}] {terminal(a.text)}{owner}")
        if a.target is not None:
            lines.append(f"      target: {terminal(str(a.target))}")
        if view.progress is not None:
            lines.append(f"      {terminal(view.progress.sentence)}")
    return lines


# ---------------------------------------------------------------------------- health show
def session_text(view: SessionView, tz: str, *, title: str = "") -> str:
    """``health show``: per card the votes, distribution, result, trend votes, change, split."""
    result, s = view.result, view.session
    closed = f"closed {local(s.closed_at, tz)}" if s.is_closed else "open (votes still come in)"
    compared = f"; compared with session {result.previous}" if result.previous else ""
    lines = [
        f"Session {s.id}: {terminal(title or s.template)} ({s.template}), {terminal(_who(s))}",
        f"opened {local(s.opened_at, tz)}, {closed} ({tz})",
        (f"{result.participants} participant(s); a card's figures show from {result.min_votes} "
         f"votes{compared}"),
        "",
    ]
    traffic = result.scale == TRAFFIC_LIGHT
    rows = []
    for card in result.cards:
        if card.hidden:
            why = "no votes" if card.votes == 0 else f"hidden: fewer than {result.min_votes} votes"
            rows.append((card.title, str(card.votes), why) + ("",) * (4 if traffic else 3))
            continue
        trend = (trend_votes(card),) if traffic else ()
        rows.append((card.title, str(card.votes), distribution(card), cell(card), *trend,
                     change_text(card), "SPLIT" if card.split else ""))
    header = ("card", "votes", "distribution", "majority" if traffic else "mean",
              *(("trend votes",) if traffic else ()), "change", "split")
    lines += _align(header, rows, right=(1,))
    comments = [(card.title, c) for card in result.cards for c in (card.comments or ())]
    if comments:
        lines += ["", "Comments (sorted, so they cannot be matched to votes)"]
        lines += [f"  {terminal(t)}: {terminal(c)}" for t, c in comments]
    if s.notes:
        lines += ["", "Notes"] + [f"  {terminal(n)}" for n in s.notes.splitlines()]
    if view.actions:
        lines += ["", "Action items agreed here"] + action_lines(view.actions, tz)
    if view.carried:
        lines += ["", "Carried over from earlier sessions"] + action_lines(view.carried, tz)
    return "\n".join(lines) + "\n"


def evidence_text(evidence: Evidence, tz: str) -> str:
    """The facts about the provider before anyone votes."""
    lines = [f"Evidence: what {terminal(evidence.team)} delivered, as of {local(evidence.at, tz)} ({tz})", ""]
    rows = []
    for f in evidence.agreements:
        rated = evidence.by_agreement.get(f.agreement.id)
        rows.append((f.agreement.id, percent(f.tally.compliance), percent(float(f.agreement.objective)),
                     str(f.tally.met), str(f.tally.breached), str(f.tally.open),
                     str(rated.count) if rated else "0", _number(rated.mean if rated else None),
                     f"{local(f.span.start, tz)[:10]} to {local(f.span.end, tz)[:10]}"))
    lines += _align(("agreement", "compliance", "objective", "met", "breached", "open", "ratings",
                     "mean rating", "window"), rows, right=(1, 2, 3, 4, 5, 6, 7))
    lines += ["", f"Open escalations: {len(evidence.escalations)}"]
    lines += [f"  #{e.interaction.id} {e.interaction.agreement}/{e.interaction.service} level "
              f"{e.level} to {e.to}{'' if e.acknowledged else ' (not acknowledged)'}: "
              f"{terminal(e.interaction.title)}" for e in evidence.escalations[:10]]
    r = evidence.ratings
    lines += ["", (f"Ratings: {r.count}, mean {_number(r.mean)}, rated 4-5: "
                   f"{percent(r.satisfied_share)}; met {_number(r.met_mean)} against breached "
                   f"{_number(r.breached_mean)}")]
    if r.lowest:
        lines.append("Lowest ratings")
        lines += [f"  {x.rating}  #{x.interaction} {x.agreement}/{x.service} "
                  f"{terminal(x.title)}: {terminal(x.comment) or '(no comment)'}" for x in r.lowest]
    lines += ["", "Open action items" if evidence.open_actions else "Open action items: none"]
    lines += action_lines(evidence.open_actions, tz)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- list, trend, grid
def sessions_text(items: Iterable[tuple[HealthSession, int | None]], tz: str) -> str:
    rows = [(str(s.id), s.template, s.team, s.about or NONE, local(s.opened_at, tz),
             local(s.closed_at, tz) if s.closed_at else "open", NONE if n is None else str(n))
            for s, n in items]
    if not rows:
        return "no health-check sessions\n"
    return "\n".join(_align(("#", "template", "team", "about", "opened", "closed", "participants"),
                            rows, right=(0, 6), indent="")) + "\n"


def _point_value(line: TrendLine, value: float | None, colour: str | None) -> str:
    if value is None:
        return "hidden"
    if line.template.scale == LIKERT_5:
        return f"{value:.2f}"
    return f"{value:.2f} {colour}" if colour else f"{value:.2f}"


def trend_text(lines: Sequence[TrendLine], tz: str, *, sparkline: bool) -> str:
    """A line per session; with ``sparkline`` the series drawn on the scale's full range."""
    if not lines:
        return "no closed sessions\n"
    out: list[str] = []
    for line in lines:
        subject = f" about {line.series.about}" if line.series.about else ""
        what = f", card {line.card}" if line.card else ""
        out.append(f"{line.series.team}{subject}: {terminal(line.template.title)} "
                   f"({line.template.id}){what}")
        rows = [(local(p.at, tz)[:10], f"#{p.session}", _point_value(line, p.value, p.colour),
                 f"{p.votes} votes") for p in line.points]
        out += _align(("date", "session", "value", "votes"), rows, right=(3,)) if rows else ["  no closed sessions"]
        if sparkline and line.points:
            out.append(f"  {line.sparkline}")
        out.append("")
    return "\n".join(out)


def grid_text(grid: Grid, style: Callable[[str, str | None], str] | None = None) -> str:
    """Cards x teams; ``style(text, colour)`` may colour a padded cell (``colour`` is the
    majority colour, or ``None``)."""
    columns = [c.label for c in grid.columns]
    lines = [f"{terminal(grid.template.title)} ({grid.template.id}): latest closed session per team"]
    if not columns:
        return "\n".join(lines + ["  no closed sessions", ""])
    rows: list[list[tuple[str, str | None]]] = []
    for card in grid.template.cards:
        row: list[tuple[str, str | None]] = [(card.title, None)]
        for item in grid.row(card.id):
            if item is None:
                row.append(("", None))
            else:
                text = cell(item.result)
                colour = item.result.majority if grid.template.scale == TRAFFIC_LIGHT else None
                row.append((f"{text} {item.arrow}".rstrip(), colour))
        rows.append(row)
    header = ["card", *columns]
    plain = [[terminal(t) for t, _ in row] for row in rows]
    widths = [max(len(x) for x in [header[i], *(r[i] for r in plain)]) for i in range(len(header))]
    lines.append("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    lines.append("  " + "  ".join("-" * w for w in widths))
    for row, texts in zip(rows, plain):
        cells = []
        for (_, colour), text, width in zip(row, texts, widths):
            padded = text.ljust(width)
            cells.append(style(padded, colour) if style and colour else padded)
        lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines + [""])


def actions_text(views: Sequence[ActionView], owners: dict[int, HealthSession], tz: str) -> str:
    if not views:
        return "no action items\n"
    rows = []
    for view in views:
        a = view.action
        s = owners.get(a.session)
        rows.append((str(a.id), str(a.session), _who(s) if s else NONE, a.owner or NONE,
                     local(a.created_at, tz)[:10], local(a.done_at, tz)[:10] if a.done_at else "open",
                     a.text))
    lines = _align(("#", "session", "team", "owner", "agreed", "done", "action"), rows,
                   right=(0, 1), indent="")
    for view in views:
        if view.progress is not None:
            lines.append(f"#{view.action.id}: {terminal(view.progress.sentence)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- report sections
def _own_check(team: TeamHealth) -> str:
    own = team.two_sided.self_check
    if own is None or own.normalized is None:
        return NONE
    return f"#{own.session.id} {percent(own.normalized)} ({own.participants})"


def _customers(team: TeamHealth) -> str:
    shown = [f"{r.session.team} {_number(r.score)}" for r in team.customers if r.score is not None]
    return ", ".join(shown) or NONE


def _flags(team: TeamHealth) -> str:
    flags = [f"watermelon {c.agreement}" for c in team.watermelons]
    if team.two_sided.perception:
        flags.append(team.two_sided.perception)
    return "; ".join(flags)


def _worth_a_row(team: TeamHealth) -> bool:
    return bool(team.sessions or team.running or team.open_actions or team.agreements
                or team.customers or team.satisfaction.count)


def _attention(result: SessionResult) -> str:
    if result.scale == TRAFFIC_LIGHT:
        return ", ".join(c.card for c in result.cards if c.majority == "red") or NONE
    return ", ".join(c.card for c in result.cards if c.mean is not None and c.mean < 3) or NONE


def health_sections(overview: HealthOverview | None, tz: str) -> list[Section]:
    """The report's health sections; none at all when there is nothing to say."""
    if overview is None or overview.empty:
        return []
    teams = [t for t in overview.teams if _worth_a_row(t)]
    summary = tuple(
        (t.team, "; ".join(f"{f.agreement.id} {percent(f.tally.compliance)}" for f in t.agreements) or NONE,
         _own_check(t), _customers(t), str(t.satisfaction.count), _number(t.satisfaction.mean),
         percent(t.satisfaction.satisfied_share),
         f"{_number(t.satisfaction.met_mean)} / {_number(t.satisfaction.breached_mean)}",
         str(len(t.open_actions)), _flags(t))
        for t in teams
    )
    sessions = tuple(
        (t.team, f"#{r.session.id}", r.session.template, r.session.about or NONE,
         local(r.session.closed_at, tz), str(r.participants),
         NONE if r.normalized is None else percent(r.normalized), _attention(r),
         ", ".join(r.split_cards) or NONE,
         ", ".join(c.card for c in r.cards if c.change and c.change.direction == "worse") or NONE)
        for t in teams for r in t.sessions
    )
    actions = tuple(
        (str(v.action.id), t.team, f"#{v.action.session}", v.action.owner or NONE, v.action.text,
         v.progress.sentence if v.progress else NONE)
        for t in teams for v in t.open_actions
    )
    per_agreement = []
    for check in overview.checks:
        rated = overview.satisfaction.agreements.get(check.agreement)
        per_agreement.append((
            check.agreement, check.provider, percent(check.check.compliance),
            percent(check.check.objective), str(rated.count) if rated else "0",
            _number(rated.mean if rated else None), percent(rated.satisfied_share if rated else None),
            f"{_number(rated.met_mean if rated else None)} / {_number(rated.breached_mean if rated else None)}",
            check.check.kind or ""))
    flagged = tuple((c.agreement, c.provider, c.check.kind or "", c.check.reason)
                    for c in overview.checks if c.check.flagged)
    lowest = tuple((str(r.interaction), r.agreement, r.service, str(r.rating), r.comment, r.title)
                   for r in overview.ratings.lowest)
    return [
        Section("Health and satisfaction",
                ("team", "compliance", "own check", "customers' checks", "ratings", "mean",
                 "rated 4-5", "met / breached", "open actions", "flags"),
                summary, "no teams", frozenset({4, 5, 6, 8})),
        Section("Satisfaction per agreement",
                ("agreement", "provider", "compliance", "objective", "ratings", "mean", "rated 4-5",
                 "met / breached", "watermelon"),
                tuple(per_agreement), "no agreements", frozenset({2, 3, 4, 5, 6})),
        Section("Health checks (latest closed session of each series)",
                ("team", "session", "template", "about", "closed", "people", "score", "red / low",
                 "split", "worse than before"),
                sessions, "no closed sessions", frozenset({5, 6})),
        Section("Health action items (open)",
                ("#", "team", "session", "owner", "action", "target"), actions,
                "no open action items", frozenset({0})),
        Section("Watermelon check", ("agreement", "provider", "flag", "why"), flagged,
                "no agreement flagged"),
        Section("Lowest ratings", ("#", "agreement", "service", "rating", "comment", "title"),
                lowest, "no ratings of 3 or less", frozenset({0, 3})),
    ]
