"""Team health checks for the CLI, the report and the dashboard: one write path, one read model.

Writes -- each one transaction, with the domain's rule checked inside it, so two processes
cannot both close a session or vote on one being closed:

* :func:`open_check`, :func:`cast_votes`, :func:`close_check`, :func:`add_note`;
* :func:`add_action`, :func:`complete_action`.

Reads start from :func:`load_history`: every session *as it was* at an instant (later closings,
notes and action completions left out), with its votes and the action items.  On top of it:
:func:`session_view` (a session's card results, its actions and the open actions it carries
over, each target with its progress), :func:`evidence` (the provider's figures before voting),
:func:`trend_lines`, :func:`grids` and :func:`health_overview` (the report's ``health``
section).  Figures for targets and evidence come from
:func:`~slacheck.services.figures.compute_figures`, the one evaluation path.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..domain.health import (
    ActionItem,
    Grid,
    InvalidVote,
    SeriesKey,
    SessionError,
    SessionResult,
    TargetProgress,
    TrendPoint,
    Vote,
    build_grid,
    carried_over,
    check_vote,
    make_action,
    previous_session,
    summarize_session,
    target_progress,
    trend_series,
    trend_sparkline,
)
from ..domain.health import Session as HealthSession
from ..domain.model import HealthTemplate
from ..domain.satisfaction import (
    RatingSummary,
    SatisfactionFigures,
    TwoSidedView,
    latest_customer_checks,
    summarize_ratings,
    two_sided,
)
from ..errors import InputError, RuleViolation
from ..store import HealthRepository
from .figures import AgreementFigures, EscalationItem, Figures
from .satisfaction import (
    AgreementCheck,
    TargetFigures,
    satisfaction,
    watermelon_checks,
    window_facts,
)
from .session import Session


def repository(session: Session) -> HealthRepository:
    """The health-check rows of the session's store."""
    return HealthRepository(session.store)  # type: ignore[arg-type]


def _known(kind: str, name: str, known: Iterable[str]) -> RuleViolation:
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(names) or 'none'})"
    return RuleViolation(f"unknown {kind} {name!r}{hint}")


def template(session: Session, template_id: str) -> HealthTemplate:
    """A health-check template of the workspace (``agreements/health/``)."""
    templates = session.catalog.health_templates
    if template_id not in templates:
        raise _known("health-check template", template_id, templates)
    return templates[template_id]


def check_team(session: Session, team: str) -> str:
    if team not in session.catalog.teams:
        raise _known("team", team, session.catalog.teams)
    return team


# ---------------------------------------------------------------------------- writes
def find_session(session: Session, session_id: int) -> HealthSession:
    found = repository(session).session(int(session_id))
    if found is None:
        raise InputError(f"no health-check session {session_id}")
    return found


def open_check(session: Session, template_id: str, team: str, *, about: str | None = None,
               at: int) -> HealthSession:
    """Open a session of ``template_id`` for ``team`` (about provider team ``about``)."""
    template(session, template_id)
    check_team(session, team)
    if about is not None:
        check_team(session, about)
    HealthSession(0, template_id, team, about, at)  # the domain's rules, before anything is stored
    return repository(session).open_session(template_id, team, about, at)


def cast_votes(session: Session, session_id: int, votes: Sequence[Vote]) -> int:
    """Append anonymous votes to an open session, all or none; returns how many."""
    repo = repository(session)
    with session.store.transaction():
        found = find_session(session, session_id)
        found.check_open()
        chosen = template(session, found.template)
        for vote in votes:
            check_vote(chosen, vote)
        return repo.add_votes(found.id, votes)


def _not_before(found: HealthSession, at: int, what: str) -> None:
    if at < found.opened_at:
        raise SessionError(f"{what} cannot be before session {found.id} opened")


def close_check(session: Session, session_id: int, *, at: int) -> HealthSession:
    """Close a session: its votes are frozen from now on."""
    with session.store.transaction():
        closed = find_session(session, session_id).close(at)
        repository(session).close_session(closed.id, at)
    return closed


def add_note(session: Session, session_id: int, text: str, *, at: int) -> HealthSession:
    """Add a note to an open session."""
    if not text.strip():
        raise InputError("a note needs some text")
    with session.store.transaction():
        found = find_session(session, session_id)
        found.check_open()
        _not_before(found, at, "a note")
        repository(session).add_note(found.id, text.strip(), at)
    return found


def add_action(session: Session, session_id: int, text: str, *, owner: str = "",
               agreement: str | None = None, target: str | None = None, at: int) -> ActionItem:
    """Agree on an action item in an open session; its target is read from ``target`` or
    found in ``text`` (see :func:`~slacheck.domain.health.make_action`)."""
    with session.store.transaction():
        found = find_session(session, session_id)
        if found.is_closed:
            raise SessionError(f"session {found.id} is closed: agree on action items before "
                               f"closing it, or in the next session")
        _not_before(found, at, "an action item")
        draft = make_action(0, found.id, text, created_at=at, owner=owner, agreement=agreement,
                            target=target, agreements=session.catalog.agreements)
        return repository(session).add_action(draft)


def complete_action(session: Session, action_id: int, *, at: int) -> ActionItem:
    """Mark an action item done (once)."""
    repo = repository(session)
    with session.store.transaction():
        action = repo.action(int(action_id))
        if action is None:
            raise InputError(f"no action item {action_id}")
        done = action.complete(at)
        repo.complete_action(action.id, at)
    return done


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action item, and when it has a target, how its figure moved from the instant the
    action was agreed to the instant it is looked at."""

    action: ActionItem
    progress: TargetProgress | None = None


# ---------------------------------------------------------------------------- read model
@dataclass(frozen=True)
class HealthHistory:
    """Every session as it was at ``as_of`` (``None``: as stored now), with votes and actions."""

    session: Session
    as_of: int | None
    sessions: tuple[HealthSession, ...]
    votes: dict[int, list[Vote]]
    actions: tuple[ActionItem, ...]
    min_votes: int
    targets: TargetFigures = field(repr=False)
    _by_id: dict[int, HealthSession] = field(init=False, repr=False, compare=False)
    _results: dict[tuple[int, bool], SessionResult] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.sessions})
        object.__setattr__(self, "_results", {})

    def find(self, session_id: int) -> HealthSession:
        try:
            return self._by_id[int(session_id)]
        except KeyError:
            raise InputError(f"no health-check session {session_id}") from None

    def template_of(self, found: HealthSession) -> HealthTemplate | None:
        return self.session.catalog.health_templates.get(found.template)

    def _votes(self, found: HealthSession, chosen: HealthTemplate) -> list[Vote]:
        kept = []
        for vote in self.votes.get(found.id, []):
            try:
                kept.append(check_vote(chosen, vote))
            except InvalidVote:  # a card since removed from the template
                continue
        return kept

    def result(self, session_id: int, *, compare: bool = True) -> SessionResult:
        """Card results of a session, compared with the previous closed one of its series
        (unless ``compare`` is false); computed once."""
        key = (int(session_id), compare)
        if key not in self._results:
            self._results[key] = self._summarize(self.find(session_id), compare)
        return self._results[key]

    def _summarize(self, found: HealthSession, compare: bool) -> SessionResult:
        chosen = self.template_of(found)
        if chosen is None:
            raise RuleViolation(f"session {found.id} ran template {found.template!r}, which is no "
                                f"longer in agreements/health/")
        before = previous_session(found, self.sessions) if compare else None
        previous = self.result(before.id, compare=False) if before is not None else None
        return summarize_session(chosen, found, self._votes(found, chosen), previous=previous,
                                 min_votes=self.min_votes)

    def results(self, template_id: str | None = None) -> list[SessionResult]:
        """Results of every session whose template still exists (of one template, if given)."""
        return [self.result(s.id) for s in self.sessions
                if self.template_of(s) is not None and template_id in (None, s.template)]

    def actions_of(self, session_id: int) -> tuple[ActionItem, ...]:
        return tuple(a for a in self.actions if a.session == session_id)

    def progress(self, action: ActionItem, at: int) -> ActionView:
        """The action with its target's figure at its creation against the figure at ``at``."""
        if action.target is None:
            return ActionView(action)
        owner = self.find(action.session)
        agreements = self.targets.agreements_for(action, owner.about or owner.team)
        before = self.targets.value(action.target.metric, agreements, action.created_at)
        after = self.targets.value(action.target.metric, agreements, at)
        return ActionView(action, target_progress(action.target, before, after))

    def carried(self, session_id: int) -> tuple[ActionView, ...]:
        """Actions of earlier sessions of the series still open when this one opened, with
        their progress at its opening."""
        found = self.find(session_id)
        return tuple(self.progress(a, found.opened_at)
                     for a in carried_over(found, self.sessions, self.actions))

    def open_actions(self, teams: Iterable[str] | None = None) -> tuple[ActionItem, ...]:
        """Actions not done, of sessions run by ``teams`` (all when ``None``), oldest first."""
        wanted = None if teams is None else set(teams)
        owners = {s.id: s.team for s in self.sessions}
        return tuple(a for a in self.actions if a.is_open and a.session in owners
                     and (wanted is None or owners[a.session] in wanted))


def load_history(session: Session, as_of: int | None = None) -> HealthHistory:
    """Sessions opened by ``as_of``, closings and action completions up to it."""
    repo = repository(session)
    sessions = tuple(repo.sessions(opened_until=as_of))
    known = {s.id for s in sessions}
    votes = repo.votes(known)
    actions = []
    for action in repo.actions():
        if action.session not in known or (as_of is not None and action.created_at > as_of):
            continue
        if as_of is not None and action.done_at is not None and action.done_at > as_of:
            action = replace(action, done_at=None)
        actions.append(action)
    return HealthHistory(session, as_of, sessions, votes, tuple(actions),
                         session.catalog.settings.min_votes_shown, TargetFigures(session))


@dataclass(frozen=True)
class SessionView:
    """What ``health show`` prints: results, notes, this session's actions, carried ones."""

    result: SessionResult
    actions: tuple[ActionView, ...]
    carried: tuple[ActionView, ...]

    @property
    def session(self) -> HealthSession:
        return self.result.session


def session_view(history: HealthHistory, session_id: int) -> SessionView:
    result = history.result(session_id)
    own = tuple(ActionView(a) for a in history.actions_of(session_id))
    return SessionView(result, own, history.carried(session_id))


@dataclass(frozen=True)
class Evidence:
    """The period's facts about provider ``team`` at ``at``, shown before anyone votes."""

    team: str
    at: int
    agreements: tuple[AgreementFigures, ...]
    escalations: tuple[EscalationItem, ...]
    ratings: RatingSummary  # of all its agreements together
    by_agreement: dict[str, RatingSummary]
    open_actions: tuple[ActionView, ...]


def evidence(history: HealthHistory, session_id: int) -> Evidence | None:
    """Evidence for a session whose subject (``about``, else its own team) provides
    agreements; ``None`` when it provides none."""
    found = history.find(session_id)
    subject = found.about or found.team
    provided = [a for a in history.session.catalog.agreements.values() if a.provider == subject]
    if not provided:
        return None
    figures, facts = history.targets.figures(found.opened_at, provided)
    open_now = tuple(view for view in history.carried(session_id)
                     if view.action.open_at(found.opened_at))
    summaries = satisfaction(facts)
    return Evidence(subject, found.opened_at, figures.agreements, figures.escalations,
                    summaries.overall, summaries.agreements, open_now)


@dataclass(frozen=True)
class TrendLine:
    """One series' value per closed session, for one card or for whole sessions."""

    series: SeriesKey
    template: HealthTemplate
    card: str | None
    points: tuple[TrendPoint, ...]

    @property
    def sparkline(self) -> str:
        return trend_sparkline(self.points, self.template.scale)


def trend_lines(history: HealthHistory, team: str, *, template_id: str | None = None,
                card: str | None = None) -> list[TrendLine]:
    """A line per series run by ``team`` (of one template, when given), oldest session first."""
    check_team(history.session, team)
    templates = history.session.catalog.health_templates
    if template_id is not None:
        template(history.session, template_id)
    if card is not None:
        holding = [t for t in templates.values() if any(c.id == card for c in t.cards)
                   and template_id in (None, t.id)]
        if not holding:
            raise _known("card", card, {c.id for t in templates.values() for c in t.cards
                                        if template_id in (None, t.id)})
    lines = []
    mine = [s for s in history.sessions if s.team == team and template_id in (None, s.template)
            and history.template_of(s) is not None]
    for series in sorted({s.series for s in mine}, key=lambda k: (k.template, k.about or "")):
        chosen = templates[series.template]
        if card is not None and all(c.id != card for c in chosen.cards):
            continue
        results = [history.result(s.id, compare=False) for s in mine if s.series == series]
        lines.append(TrendLine(series, chosen, card, trend_series(results, card)))
    return lines


def grids(history: HealthHistory, template_id: str | None = None) -> list[Grid]:
    """Cards x teams of every template with a closed session (or of ``template_id``)."""
    templates = history.session.catalog.health_templates
    if template_id is not None:
        wanted = [template(history.session, template_id)]
    else:
        used = {s.template for s in history.sessions if s.is_closed}
        wanted = [templates[t] for t in sorted(used) if t in templates]
    return [build_grid(t, history.results(t.id)) for t in wanted]


# ---------------------------------------------------------------------------- the report
@dataclass(frozen=True)
class TeamHealth:
    """One team in the report: its latest sessions, open actions, and its customers' view."""

    team: str
    name: str
    sessions: tuple[SessionResult, ...]  # the latest closed session of each series
    running: tuple[HealthSession, ...]  # sessions still open at the instant, newer than those
    open_actions: tuple[ActionView, ...]
    agreements: tuple[AgreementFigures, ...]  # what it provides, in the report's figures
    satisfaction: RatingSummary  # ratings of the interactions it served
    by_agreement: dict[str, RatingSummary]  # the same per agreement it provides
    by_service: dict[tuple[str, str], RatingSummary]  # and per (agreement, service)
    watermelons: tuple[AgreementCheck, ...]  # flagged checks of its agreements
    customers: tuple[SessionResult, ...]  # the latest relationship check each customer ran about it
    two_sided: TwoSidedView


@dataclass(frozen=True)
class HealthOverview:
    """The report's ``health`` section.  ``empty`` when there is no session and no rating."""

    as_of: int
    teams: tuple[TeamHealth, ...]
    satisfaction: SatisfactionFigures  # every rating of the figures' windows, grouped
    checks: tuple[AgreementCheck, ...]  # the watermelon check of every agreement
    has_sessions: bool

    @property
    def ratings(self) -> RatingSummary:
        """All ratings together (their lowest are the report's complaints to read)."""
        return self.satisfaction.overall

    @property
    def empty(self) -> bool:
        return not self.has_sessions and self.ratings.count == 0


def _latest(history: HealthHistory, team: str) -> tuple[tuple[SessionResult, ...], tuple[HealthSession, ...]]:
    mine = [s for s in history.sessions if s.team == team and history.template_of(s) is not None]
    closed: list[SessionResult] = []
    running: list[HealthSession] = []
    for series in sorted({s.series for s in mine}, key=lambda k: (k.template, k.about or "")):
        group = [s for s in mine if s.series == series]
        done = [s for s in group if s.is_closed]
        last = max(done, key=HealthSession.sort_key, default=None)
        if last is not None:
            closed.append(history.result(last.id))
        newest = max(group, key=HealthSession.sort_key)
        if not newest.is_closed:
            running.append(newest)
    return tuple(closed), tuple(running)


def health_overview(session: Session, figures: Figures, *, team: str | None = None) -> HealthOverview:
    """Per team (every team, or ``team``), as of the figures' instant: the latest closed
    session of each series it runs, its open actions with their targets' progress, the ratings
    of the interactions it served (the figures' windows), the watermelon flags of its
    agreements, and its customers' relationship checks beside its own."""
    history = load_history(session, figures.as_of)
    history.targets.seed(figures)
    facts = window_facts(figures)
    summaries = satisfaction(facts)
    results = [r for r in history.results() if r.session.is_closed]
    checks = watermelon_checks(figures, summaries, results)
    empty = summarize_ratings(())
    teams = []
    catalog = session.catalog
    for team_id in sorted(catalog.teams):
        if team is not None and team_id != team:
            continue
        latest, running = _latest(history, team_id)
        ratings = summaries.providers.get(team_id, empty)
        provided = {f.agreement.id for f in figures.agreements if f.agreement.provider == team_id}
        teams.append(TeamHealth(
            team=team_id,
            name=catalog.teams[team_id].name,
            sessions=latest,
            running=running,
            open_actions=tuple(history.progress(a, figures.as_of)
                               for a in history.open_actions([team_id])),
            agreements=tuple(f for f in figures.agreements if f.agreement.provider == team_id),
            satisfaction=ratings,
            by_agreement={k: v for k, v in summaries.agreements.items() if k in provided},
            by_service={k: v for k, v in summaries.services.items() if k[0] in provided},
            watermelons=tuple(c for c in checks if c.provider == team_id and c.check.flagged),
            customers=latest_customer_checks(team_id, results),
            two_sided=two_sided(team_id, results, ratings if ratings.count else None),
        ))
    return HealthOverview(figures.as_of, tuple(teams), summaries, checks, bool(history.sessions))


__all__ = [
    "ActionView", "Evidence", "HealthHistory", "HealthOverview", "SessionView", "TeamHealth",
    "TrendLine", "add_action", "add_note", "cast_votes", "check_team", "close_check", "complete_action", "evidence", "find_session", "grids",
    "health_overview", "load_history", "open_check", "repository", "session_view", "template",
    "trend_lines",
]
