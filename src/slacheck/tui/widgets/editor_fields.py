"""The pieces of the agreement editor's form: a labelled input with its problems below it, and a
group heading with the problems that belong to the group as a whole.

An :class:`EditorField` posts :class:`EditorField.Edited` when its text changes; the screen
decides what happens (it owns the model).  Problems are shown literally (``rich.text.Text``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ...report.safe import terminal

if TYPE_CHECKING:
    from ..data.editing import Field, Group

LABEL_WIDTH = 17


def problem_text(messages: Iterable[str]) -> Text:
    """One line per message, control characters made visible, never markup."""
    return Text("\n").join(Text(f"✗ {terminal(m)}") for m in messages)


class EditorField(Vertical):
    """One field: label, input and (when there are any) the loader's messages for it."""

    DEFAULT_CSS = f"""
    EditorField {{
        height: auto;
        & > Horizontal {{ height: auto; }}
        & Label {{ width: {LABEL_WIDTH}; color: $text-muted; }}
        & Input {{ width: 1fr; }}
        & .editor-field-problems {{ display: none; color: $text-error; padding-left: {LABEL_WIDTH}; }}
        &.-invalid .editor-field-problems {{ display: block; }}
        &.-changed Label {{ color: $text-warning; text-style: bold; }}
        &.-level-2 Label {{ padding-left: 2; }}
    }}
    """

    class Edited(Message):
        """The text of the field at ``path`` is now ``value``."""

        def __init__(self, field: EditorField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> EditorField:
            return self.field

    def __init__(self, spec: Field, value: str, *, level: int = 0, suggestions: Iterable[str] = (),
                 cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-level-{level}")
        self.spec = spec
        self._value = value
        self._suggestions = sorted(set(suggestions))
        self._cursor_blink = cursor_blink

    def compose(self):
        with Horizontal():
            yield Label(Text(self.spec.label))
            suggester = SuggestFromList(self._suggestions, case_sensitive=False) if self._suggestions else None
            yield Input(self._value, placeholder=self.spec.placeholder, suggester=suggester,
                        compact=True, max_length=2000)
        yield Static(classes="editor-field-problems")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self._cursor_blink

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_value(self, value: str) -> None:
        """Replace the text (posts :class:`Edited` like typing does)."""
        self.input.value = value

    def show_problems(self, messages: list[str]) -> None:
        self.set_class(bool(messages), "-invalid")
        self.query_one(".editor-field-problems", Static).update(problem_text(messages))

    def mark_changed(self, changed: bool) -> None:
        self.set_class(changed, "-changed")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self, event.value))


class GroupHeading(Vertical):
    """A group's title (agreement, service, priority, escalation rule) and its own problems."""

    DEFAULT_CSS = """
    GroupHeading {
        height: auto;
        margin-top: 1;
        & > .editor-group-title { text-style: bold; color: $text-primary; }
        &.-level-2 { margin-top: 0; padding-left: 2; }
        &.-level-2 > .editor-group-title { text-style: italic; color: $text; }
        & > .editor-group-problems { display: none; color: $text-error; }
        &.-invalid > .editor-group-problems { display: block; }
    }
    """

    def __init__(self, group: Group, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-level-{group.level}")
        self.group = group

    def compose(self):
        yield Static(Text(terminal(self.group.title)), classes="editor-group-title")
        yield Static(classes="editor-group-problems")

    def show_problems(self, messages: list[str]) -> None:
        self.set_class(bool(messages), "-invalid")
        self.query_one(".editor-group-problems", Static).update(problem_text(messages))
