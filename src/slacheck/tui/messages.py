"""Messages of the dashboard, all in the past tense.

Workers post the first group to the app (``post_message`` is thread-safe); widgets post the
second group and the screen holding them decides what happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..config.loader import LoadResult
    from ..errors import SlacheckError
    from ..store import StoreBackend
    from .data.snapshot import Snapshot
    from .data.trends import TrendPoint


# ------------------------------------------------------------------ from workers to the app
class WorkspaceLoaded(Message):
    """The agreement files were read; ``load.catalog`` is ``None`` when any file has errors."""

    def __init__(self, load: LoadResult) -> None:
        super().__init__()
        self.load = load


class StoreOpened(Message):
    """The connection the UI thread writes and polls through was opened (in a worker)."""

    def __init__(self, store: StoreBackend, data_version: int) -> None:
        super().__init__()
        self.store = store
        self.data_version = data_version


class FiguresEvaluated(Message):
    """A new evaluation of the workspace is ready."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


class EvaluationFailed(Message):
    """Loading or evaluating failed with an error a user can act on."""

    def __init__(self, error: SlacheckError) -> None:
        super().__init__()
        self.error = error


class TrendCharted(Message):
    """The windows of an agreement's trend chart were evaluated."""

    def __init__(self, agreement_id: str, points: list[TrendPoint]) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        self.points = points


# ------------------------------------------------------------------ from widgets to screens
class AgreementSelected(Message):
    """A row of an agreement table was chosen (enter or click)."""

    def __init__(self, agreement_id: str) -> None:
        super().__init__()
        self.agreement_id = agreement_id


class InteractionSelected(Message):
    """A row naming a request was chosen (enter or click)."""

    def __init__(self, interaction_id: int) -> None:
        super().__init__()
        self.interaction_id = interaction_id
