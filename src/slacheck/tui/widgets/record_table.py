"""A row-cursor table of records that fits its columns to its width and keeps its cursor.

Subclasses list their :class:`Col` specs and turn one record into cells (``Text`` only, never
markup).  A column shows from a table width up (``min_width``), so the same table is compact at
80 columns and detailed on a wide terminal; one column may take the room left (``width=None``).
Refilling the table keeps the cursor on the same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Hashable, Iterable, Sequence, TypeVar

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from ..data.cells import Palette

R = TypeVar("R")

#: Cell padding on each side of a column (DataTable's default).
_PAD = 1
#: Room kept for the vertical scrollbar.
_SCROLLBAR = 2


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: int | None  # None: shares the room left (at least ``min_fill``, at most ``max_fill``)
    min_width: int = 0  # shown only when the table is at least this wide
    min_fill: int = 12
    max_fill: int | None = None


class RecordTable(DataTable, Generic[R]):
    """A table of records keyed by :meth:`key_of`."""

    COLUMNS: Sequence[Col] = ()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.records: list[R] = []
        self._layout: tuple = ()
        self._cell_keys: list[str] = []

    # ------------------------------------------------------------------ subclass hooks
    def key_of(self, record: R) -> Hashable:
        return id(record)

    def cells(self, record: R, palette: Palette) -> dict[str, Text]:
        return {}

    # ------------------------------------------------------------------ filling
    @property
    def palette(self) -> Palette:
        return Palette.from_variables(self.app.theme_variables)

    def fill(self, records: Iterable[R]) -> None:
        """Show ``records`` (in order), keeping the cursor on the same record if it is still there."""
        self.records = list(records)
        self._render_rows()

    def _columns_for(self, width: int) -> list[tuple[str, str, int]]:
        shown = [c for c in self.COLUMNS if width >= c.min_width]
        fixed = sum(c.width for c in shown if c.width is not None)
        room = width - fixed - 2 * _PAD * len(shown) - _SCROLLBAR
        fills = [c for c in shown if c.width is None]
        widths: dict[str, int] = {}
        for column in sorted(fills, key=lambda c: c.max_fill is None):  # capped ones first
            share = room // max(1, len(fills) - len(widths))
            if column.max_fill is not None:
                share = min(share, column.max_fill)
            widths[column.key] = max(column.min_fill, share)
            room -= widths[column.key]
        return [(c.key, c.label, c.width if c.width is not None else widths[c.key]) for c in shown]

    def _render_rows(self) -> None:
        width = self.size.width or self.app.size.width
        layout = tuple(self._columns_for(width))
        current = self.current_key
        if layout != self._layout:
            self.clear(columns=True)
            for key, label, col_width in layout:
                self.add_column(label, key=key, width=col_width)
            self._layout = layout
            self._cell_keys = [key for key, _, _ in layout]
        else:
            self.clear()
        palette = self.palette
        empty = Text("")
        for record in self.records:
            values = self.cells(record, palette)
            self.add_row(*(values.get(k, empty) for k in self._cell_keys), key=str(self.key_of(record)))
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current), animate=False)

    def update_column(self, column: str, values: dict[str, Text]) -> None:
        """Replace one column's cells in place (``values`` by row key), e.g. a ticking countdown."""
        if column not in self._cell_keys:
            return
        for row_key, text in values.items():
            if row_key in self.rows:
                self.update_cell(row_key, column, text)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._render_rows()

    def on_resize(self) -> None:
        if tuple(self._columns_for(self.size.width)) != self._layout:
            self._render_rows()
