"""Reading health checks for the screens, in worker threads: one :class:`Store` per read.

Like :class:`~slacheck.tui.data.snapshot.Evaluator`, every method opens its own store in the
calling thread and closes it before returning, since SQLite connections are not shared between
threads; writes (votes, notes, action items, closing) happen on the UI thread through the
app's session.  Every figure comes from :mod:`slacheck.services.health` -- ``load_history``,
``session_view``, ``evidence``, ``trend_lines`` -- exactly what ``slacheck health`` prints.
No Textual here.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .health import SeriesRow, board_rows

if TYPE_CHECKING:
    from ...config.loader import LoadResult
    from ...config.workspace import Workspace
    from ...domain.health import CardResult, SeriesKey, SessionResult, TrendPoint
    from ...domain.health import Session as HealthSession
    from ...domain.model import HealthTemplate
    from ...services.health import Evidence, HealthHistory, HealthOverview, SessionView
    from ...services.session import Session


@dataclass(frozen=True)
class RunStart:
    """What the run screen needs to begin or resume a session: the session, its template,
    the evidence (``None`` when its subject provides no agreement), the votes stored so far
    per card, and the participants those votes show at least."""

    session: HealthSession
    template: HealthTemplate
    evidence: Evidence | None
    votes: dict[str, int]
    participants: int


@dataclass(frozen=True)
class SeriesHistory:
    """One series of a team over time: every session (oldest first) and, per card of the
    template, the card's trend line."""

    series: SeriesKey
    template: HealthTemplate
    sessions: tuple[SessionResult, ...]
    cards: tuple[tuple[str, str, tuple[TrendPoint, ...]], ...]  # (card id, title, points)
    points: tuple[TrendPoint, ...]  # whole sessions


class HealthReader:
    """Reads one workspace's health checks; safe to use from any worker thread."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    @contextmanager
    def _session(self, load: LoadResult) -> Iterator[Session]:
        from ...services.session import Session
        from ...services.stores import open_workspace_store

        with open_workspace_store(self.workspace, read_only=True, shared=True) as store:
            yield Session(load, store, read_only=True)

    def _history(self, session: Session, as_of: int | None) -> HealthHistory:
        from ...services.health import load_history

        return load_history(session, as_of)

    # ------------------------------------------------------------------ the Health screen
    def board(self, load: LoadResult, overview: HealthOverview) -> list[SeriesRow]:
        """The Health screen's rows, as of the overview's instant."""
        with self._session(load) as session:
            return board_rows(self._history(session, overview.as_of), overview)

    def team_history(self, load: LoadResult, team: str, as_of: int) -> list[SeriesHistory]:
        """Every series ``team`` runs, with its sessions and a trend line per card."""
        from ...services.health import trend_lines

        with self._session(load) as session:
            history = self._history(session, as_of)
            found: list[SeriesHistory] = []
            for line in trend_lines(history, team):
                chosen = line.template
                results = tuple(history.result(s.id) for s in history.sessions
                                if s.series == line.series)
                per_card = {c.id: trend_lines(history, team, template_id=chosen.id, card=c.id)
                            for c in chosen.cards}
                cards = tuple((c.id, c.title, next((x.points for x in per_card[c.id]
                                                    if x.series == line.series), ()))
                              for c in chosen.cards)
                found.append(SeriesHistory(line.series, chosen, results, cards, line.points))
            return found

    # ------------------------------------------------------------------ running a session
    def run_start(self, load: LoadResult, session_id: int) -> RunStart:
        """The session as stored now, with its evidence and the votes cast so far."""
        from ...services.health import evidence, template

        with self._session(load) as session:
            history = self._history(session, None)
            found = history.find(session_id)
            chosen = template(session, found.template)
            counts = Counter(v.card for v in history.votes.get(found.id, []))
            votes = {c.id: counts[c.id] for c in chosen.cards}
            return RunStart(found, chosen, evidence(history, found.id), votes,
                            max(votes.values(), default=0))

    def card_result(self, load: LoadResult, session_id: int, card: str) -> CardResult:
        """One card's result now, compared with the series' previous closed session."""
        with self._session(load) as session:
            return self._history(session, None).result(session_id).card(card)

    def session_view(self, load: LoadResult, session_id: int) -> SessionView:
        """Every card's result, the notes, the action items agreed and carried over."""
        from ...services.health import session_view

        with self._session(load) as session:
            return session_view(self._history(session, None), session_id)
