"""Offering a draft when the agreement editor opens: the edits of an earlier session that was
left without saving or discarding (a crash, a closed terminal, ``ctrl+q``).

:func:`offer_draft` asks to recover or discard it.  A draft identical to the file is removed
silently; one edited from an older version of the file says so (the recovered fields then go on
top of the file as it is now, and the review before saving shows the result).  A draft that
cannot be read is moved aside, never overwritten, and the notification says where it is.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text

from ...report.common import local
from ..data import editing
from ..modals.confirm import ConfirmModal

if TYPE_CHECKING:
    from .editor import AgreementEditorScreen


def offer_draft(editor: AgreementEditorScreen) -> None:
    """If a draft of the editor's agreement is kept, ask whether to recover it."""
    app, opened = editor.app, editor.opened
    draft = editing.load_draft(opened.workspace, opened.agreement_id)
    if draft is None:
        return
    if draft.text == opened.text:
        editing.discard_draft(opened.workspace, opened.agreement_id)
        return
    tz = app.snapshot.timezone if app.snapshot is not None else "UTC"
    question = (f"Unsaved edits of {opened.shown} from {local(int(draft.saved_at), tz)} were "
                f"kept in {editing.DRAFTS / draft.path.name} (the editor was left without saving "
                "or discarding them). Recover them?")
    if not draft.based_on(opened):
        question += ("\n\nThe file changed on disk since: the recovered fields go on top of the "
                     "file as it is now; the review before saving shows the result.")

    def answered(recover: bool | None) -> None:
        if recover:
            _recover(editor, draft)
        else:
            editing.discard_draft(opened.workspace, opened.agreement_id)
            app.notify("Draft discarded.", markup=False, timeout=4)

    app.push_screen(ConfirmModal(Text(question), yes="Recover", no="Discard draft"),
                    callback=answered)


def _recover(editor: AgreementEditorScreen, draft: editing.Draft) -> None:
    app = editor.app
    try:
        editor.take_draft(draft.text)
    except ValueError as exc:
        kept = draft.path.with_name(f"{draft.path.stem}.unreadable-{int(time.time())}.toml")
        draft.path.rename(kept)
        app.notify(f"The draft cannot be read ({exc}); it was moved to {kept}.",
                   severity="error", markup=False, timeout=10)
        return
    app.notify("Draft recovered: review and save (ctrl+s), or escape to discard.",
               markup=False, timeout=6)
