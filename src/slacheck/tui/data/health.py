"""What the health screens and the dashboard show of team health checks: no Textual here.

Everything is read off the one read model, :mod:`slacheck.services.health`:

* :func:`overview_or_problem` -- the report's ``health_overview`` beside the figures, computed by
  the :class:`~slacheck.tui.data.snapshot.Evaluator` in its worker; a health problem never costs
  the dashboard its figures;
* :func:`agreement_health` -- per agreement row: its provider's latest own check and its
  customers' ratings, with the watermelon check;
* :func:`board_rows` -- the Health screen: a row per series a team runs (its own check, each
  relationship check about a provider), with the series' trend line and open action items.

Colours.  A card has its majority colour (traffic-light) or a mean score (likert-5); a whole
session, or a mean, is coloured by :func:`band` on the normalized scale: green from 0.75 (a
likert mean of 4.0, "satisfied"), red below 0.5 (a mean of 3.0, more unhappy than happy),
amber between -- the thresholds of the watermelon check, so the colours never disagree with
its flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

# Submodules, not the domain.health facade: this module is on the dashboard's first-frame path.
from ...domain.health_results import BETTER, LIKERT_SAME_WITHIN, WORSE
from ...domain.health_votes import AMBER, GREEN, RED, SAME, SCALE_RANGES
from ...domain.satisfaction import GOOD_FROM, MIN_RATINGS, POOR_BELOW

if TYPE_CHECKING:
    from ...domain.health import SeriesKey, SessionResult, TrendPoint
    from ...domain.health import Session as HealthSession
    from ...domain.model import Agreement, HealthTemplate
    from ...domain.satisfaction import RatingSummary
    from ...services.figures import Figures
    from ...services.health import ActionView, HealthHistory, HealthOverview, TeamHealth
    from ...services.satisfaction import AgreementCheck
    from ...services.session import Session

_LIKERT_LOW, _LIKERT_HIGH = SCALE_RANGES["likert-5"]
#: Normalized thresholds of the colours (see the module docstring).
GREEN_FROM = (GOOD_FROM - _LIKERT_LOW) / (_LIKERT_HIGH - _LIKERT_LOW)
RED_BELOW = (POOR_BELOW - _LIKERT_LOW) / (_LIKERT_HIGH - _LIKERT_LOW)
#: A session's normalized score that moved less than this is "same" (0.1 on the 1-5 scale).
SAME_WITHIN = float(LIKERT_SAME_WITHIN) / (_LIKERT_HIGH - _LIKERT_LOW)
_EPSILON = 1e-9


def band(normalized: float | None) -> str | None:
    """Green, amber or red for a value on 0..1; ``None`` for no value."""
    if normalized is None:
        return None
    if normalized >= GREEN_FROM - _EPSILON:
        return GREEN
    return RED if normalized < RED_BELOW - _EPSILON else AMBER


def session_colour(result: SessionResult | None) -> str | None:
    """The colour of a whole session: :func:`band` of its normalized score."""
    return None if result is None else band(result.normalized)


def rating_colour(summary: RatingSummary | None) -> str | None:
    """The colour of a mean rating (1-5); ``None`` without ratings."""
    if summary is None or summary.mean is None:
        return None
    return band((summary.mean - _LIKERT_LOW) / (_LIKERT_HIGH - _LIKERT_LOW))


def enough_ratings(summary: RatingSummary | None) -> bool:
    """Whether a mean rating counts (the watermelon check's minimum number of ratings)."""
    return summary is not None and summary.count >= MIN_RATINGS


def direction(points: Sequence[TrendPoint], scale: str) -> str | None:
    """``better`` / ``same`` / ``worse``: the last shown value of a trend line against the one
    before it; ``None`` with fewer than two."""
    values = [p.value for p in points if p.value is not None]
    if len(values) < 2:
        return None
    low, high = SCALE_RANGES[scale]
    delta = (values[-1] - values[-2]) / (high - low)
    if abs(delta) < SAME_WITHIN - _EPSILON:
        return SAME
    return BETTER if delta > 0 else WORSE


def overview_or_problem(session: Session, figures: Figures) -> tuple[HealthOverview | None, str]:
    """``health_overview`` at the figures' instant, or ``None`` and the reason it failed."""
    from ...errors import SlacheckError
    from ...services.health import health_overview

    try:
        return health_overview(session, figures), ""
    except SlacheckError as exc:
        return None, exc.message


def team_of(overview: HealthOverview | None, team: str) -> TeamHealth | None:
    if overview is None:
        return None
    return next((t for t in overview.teams if t.team == team), None)


# ---------------------------------------------------------------------------- agreement rows
@dataclass(frozen=True)
class AgreementHealth:
    """An agreement beside its health: the provider's latest own check (``check``, coloured
    ``colour``), the ratings of the agreement's window, its watermelon check, and the latest
    relationship checks its consumers ran about the provider."""

    agreement: str
    provider: str
    check: SessionResult | None
    colour: str | None
    ratings: RatingSummary | None
    watermelon: AgreementCheck | None
    customers: tuple[SessionResult, ...]

    @property
    def flagged(self) -> bool:
        return self.watermelon is not None and self.watermelon.check.flagged


def agreement_health(overview: HealthOverview | None, agreement: Agreement) -> AgreementHealth | None:
    """What the overview says about ``agreement``; ``None`` without an overview."""
    if overview is None:
        return None
    team = team_of(overview, agreement.provider)
    check = team.two_sided.self_check if team is not None else None
    customers = tuple(r for r in (team.customers if team is not None else ())
                      if r.session.team in agreement.consumers)
    watermelon = next((c for c in overview.checks if c.agreement == agreement.id), None)
    return AgreementHealth(agreement.id, agreement.provider, check, session_colour(check),
                           overview.satisfaction.agreements.get(agreement.id), watermelon, customers)


# ---------------------------------------------------------------------------- the board
@dataclass(frozen=True)
class SeriesRow:
    """One row of the Health screen: a series a team runs, or a team that runs none.

    ``latest`` is the latest closed session (``None`` before the first closes), ``running`` a
    newer session still open, ``points`` the closed sessions' values, oldest first.
    """

    team: str
    team_name: str
    series: SeriesKey | None = None
    template: HealthTemplate | None = None
    latest: SessionResult | None = None
    running: HealthSession | None = None
    points: tuple[TrendPoint, ...] = ()
    open_actions: int = 0

    @property
    def key(self) -> str:
        if self.series is None:
            return self.team
        return f"{self.team}/{self.series.template}/{self.series.about or ''}"

    @property
    def direction(self) -> str | None:
        return direction(self.points, self.template.scale) if self.template is not None else None


def board_rows(history: HealthHistory, overview: HealthOverview) -> list[SeriesRow]:
    """A row per series of every team, sorted by team, template and subject; a team party to an
    agreement that runs no series yet gets one empty row (escalation-only teams, such as an
    on-call rota, none).  The trend lines are the service's (``health trend``)."""
    from ...services.health import trend_lines

    parties = {team for a in history.session.catalog.agreements.values() for team in (a.provider, *a.consumers)}
    rows: list[SeriesRow] = []
    for team in overview.teams:
        lines = {line.series: line for line in trend_lines(history, team.team)}
        latest = {r.session.series: r for r in team.sessions}
        running = {s.series: s for s in team.running}
        keys = sorted({*latest, *running}, key=lambda k: (k.template, k.about or ""))
        if not keys:
            if team.team in parties:
                rows.append(SeriesRow(team.team, team.name))
            continue
        for key in keys:
            line = lines.get(key)
            template = (latest[key].template if key in latest
                        else history.template_of(running[key]))
            rows.append(SeriesRow(
                team.team, team.name, key, template, latest.get(key), running.get(key),
                line.points if line is not None else (),
                sum(1 for view in team.open_actions if _series_of(history, view) == key),
            ))
    return rows


def _series_of(history: HealthHistory, view: ActionView) -> SeriesKey | None:
    from ...errors import SlacheckError

    try:
        return history.find(view.action.session).series
    except SlacheckError:
        return None
