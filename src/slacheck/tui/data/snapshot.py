"""One evaluation of the workspace for the dashboard: a :class:`Snapshot`, built in a worker thread.

:class:`Evaluator` loads the agreement files and evaluates them against the database through
the same services as ``slacheck report``: :func:`~slacheck.services.figures.compute_figures`
for every figure, :func:`~slacheck.services.health.health_overview` for team health beside
them and, when evaluating at the present in a dashboard that may write, ``sync_versions`` and
:func:`~slacheck.services.escalations.record_escalations` as the CLI's writers do; a read-only
dashboard opens the store read-only and writes nothing.  It opens its own
:class:`~slacheck.store.Store` in the calling thread for each evaluation and closes it after:
SQLite connections are not shared between threads.

Nothing here imports Textual; heavy modules (the config loader pulls in ``holidays``) are imported
inside the functions, so the dashboard's first frame does not wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator, Mapping

from .trends import TrendCache, TrendPoint

if TYPE_CHECKING:
    from ...config.loader import LoadResult
    from ...config.workspace import Workspace
    from ...domain.calendar import WorkCalendar
    from ...domain.evaluation import Evaluation
    from ...domain.model import Catalog
    from ...services.figures import AgreementFigures, AtRiskItem, EscalationItem, Figures
    from ...services.health import HealthOverview

#: Past windows in the dashboard's sparkline (the current window makes one more).
SPARK_WINDOWS = 5
#: Windows in the agreement screen's trend chart, the current one included.
CHART_WINDOWS = 12


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The figures at one instant, with what the screens need beside them.

    ``trends``: per agreement, the past windows' points (oldest first; the current window is
    ``figures``).  ``calendars``: per interaction in ``figures.at_risk``, the calendar its
    clock runs on (the version it is judged by), for the countdowns.  ``live``: evaluated at
    the present, so the countdowns tick.  ``health``: the report's health overview at the
    same instant (``None`` with the reason in ``health_problem`` when it could not be read).
    """

    load: LoadResult
    figures: Figures
    trends: Mapping[str, list[TrendPoint]] = field(default_factory=dict)
    calendars: Mapping[int, WorkCalendar] = field(default_factory=dict)
    live: bool = False
    health: HealthOverview | None = None
    health_problem: str = ""

    @property
    def catalog(self) -> Catalog:
        assert self.load.catalog is not None
        return self.load.catalog

    @property
    def as_of(self) -> int:
        return self.figures.as_of

    @property
    def timezone(self) -> str:
        return self.catalog.settings.timezone

    def agreement(self, agreement_id: str) -> AgreementFigures | None:
        for fig in self.figures.agreements:
            if fig.agreement.id == agreement_id:
                return fig
        return None

    def at_risk_of(self, agreement_id: str) -> list[AtRiskItem]:
        return [r for r in self.figures.at_risk if r.evaluation.interaction.agreement == agreement_id]

    def escalations_of(self, agreement_id: str) -> list[EscalationItem]:
        return [e for e in self.figures.escalations if e.interaction.agreement == agreement_id]

    def in_window(self, agreement_id: str) -> list[Evaluation]:
        """The interactions counted in the agreement's window, newest first."""
        fig = self.agreement(agreement_id)
        if fig is None:
            return []
        span = fig.span
        found = [
            e for e in self.figures.evaluations.values()
            if e.interaction.agreement == agreement_id
            and span.start <= e.interaction.opened_at < span.end
            and e.interaction.opened_at <= self.as_of
        ]
        found.sort(key=lambda e: (-e.interaction.opened_at, -e.interaction.id))
        return found


class Evaluator:
    """Loads and evaluates one workspace; shared by the app's worker threads."""

    def __init__(self, workspace: Workspace, *, read_only: bool = False) -> None:
        self.workspace = workspace
        self.read_only = read_only
        self.trends = TrendCache()
        self._trend_load: LoadResult | None = None

    def load(self) -> LoadResult:
        """Read and validate the agreement files (problems are in the result, never raised)."""
        from ...config.loader import load_catalog

        return load_catalog(self.workspace)

    def _trend_cache_for(self, load: LoadResult) -> TrendCache:
        if load is not self._trend_load:
            self.trends.invalidate()
            self._trend_load = load
        return self.trends

    def evaluate(self, load: LoadResult, as_of: int, *, live: bool,
                 spark_windows: int = SPARK_WINDOWS) -> Iterator[Snapshot]:
        """Every figure at ``as_of``; at the present (``live``) record versions and escalations
        (unless the dashboard is read-only).

        Yields the snapshot as soon as the current figures are known, with the past windows'
        trends when they are cached; when they were not, evaluates them and yields again.
        """
        from ...services.escalations import record_escalations
        from ...services.figures import compute_figures
        from ...services.session import Session
        from ...services.stores import open_workspace_store
        from .health import overview_or_problem

        record = live and not self.read_only
        with open_workspace_store(self.workspace, read_only=self.read_only, shared=True) as store:
            session = Session(load, store, read_only=self.read_only)
            if record:
                session.sync_versions(as_of)
            figures = compute_figures(session.catalog, store, as_of, resolve_version=session.resolve_version)
            if record:
                record_escalations(session, figures)
            calendars = {
                item.evaluation.interaction.id: session.rules_for(item.evaluation.interaction).calendar
                for item in figures.at_risk
            }
            cache = self._trend_cache_for(load)
            agreements = [fig.agreement for fig in figures.agreements]
            trends = cache.points(session.catalog, store, agreements, as_of, spark_windows,
                                  session.resolve_version, cached_only=True)
            health, health_problem = overview_or_problem(session, figures)
            snapshot = Snapshot(load, figures, trends or {}, calendars, live, health, health_problem)
            yield snapshot
            if trends is None:
                trends = cache.points(session.catalog, store, agreements, as_of, spark_windows,
                                      session.resolve_version)
                yield replace(snapshot, trends=trends)

    def chart(self, snapshot: Snapshot, agreement_id: str,
              windows: int = CHART_WINDOWS) -> list[TrendPoint]:
        """The agreement's last ``windows`` windows, oldest first, the snapshot's current one last."""
        from ...services.session import Session
        from ...services.stores import open_workspace_store

        fig = snapshot.agreement(agreement_id)
        if fig is None:
            return []
        with open_workspace_store(self.workspace, read_only=True, shared=True) as store:
            session = Session(snapshot.load, store, read_only=True)
            past = self._trend_cache_for(snapshot.load).points(
                session.catalog, store, [fig.agreement], snapshot.as_of, windows - 1,
                session.resolve_version,
            )
        assert past is not None
        return [*past[agreement_id], TrendPoint(fig.span.start, fig.span.end, fig.tally)]
