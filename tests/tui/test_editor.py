"""The agreement editor in the dashboard, driven by a pilot: edit, inline errors from the real
loader, review with the summary of ``slacheck diff``, atomic save with comments kept, the file
watcher picking it up, conflicts with a file changed on disk, draft recovery, and a new agreement
from the template."""

from __future__ import annotations

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import Workspace
from slacheck.tui.data.editing import draft_path
from slacheck.tui.modals.confirm import ConfirmModal
from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.editor import AgreementEditorScreen
from slacheck.tui.screens.editor_conflict import ConflictModal
from slacheck.tui.screens.editor_new import NewAgreementModal
from slacheck.tui.screens.editor_review import ReviewModal
from tui.tuikit import settle, wait_for

RESOLUTION = ("services", 0, "resolution")  # laptop-repair, "3d"
FILE = "it-for-sales.toml"


async def open_editor(pilot, agreement_id: str = "it-for-sales") -> AgreementEditorScreen:
    app = pilot.app
    await settle(pilot)
    app.push_screen(AgreementScreen(agreement_id))
    await pilot.pause()
    await pilot.press("E")
    await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditorScreen), what="the editor")
    await wait_for(pilot, lambda: app.screen.validated, what="the first validation")
    return app.screen


async def retype(pilot, screen: AgreementEditorScreen, path, text: str) -> None:
    """Type ``text`` into the field of ``path`` as a user does, and wait for its validation."""
    field = screen.field(path)
    field.input.focus()
    await pilot.press("ctrl+shift+a", "backspace", *text)  # select all, delete, type
    await wait_for(pilot, lambda: screen.model.values[tuple(path)] == text, what="the edit")
    await wait_for(pilot, lambda: screen.validated, what="the validation")
    await pilot.pause()


def plain(widget) -> str:
    return str(widget.render())


async def test_edit_a_target_fix_a_bad_duration_review_and_save(make_app, workspace):
    path = workspace / "agreements" / FILE
    original = path.read_text(encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, RESOLUTION, "2x")
        field = screen.field(RESOLUTION)
        assert field.has_class("-invalid")
        assert "bad duration '2x'" in plain(field.query_one(".editor-field-problems"))
        assert "1 problem to fix" in plain(screen.query_one("#editor-problems"))
        await pilot.press("ctrl+s")  # refused: nothing to review while a problem is left
        await wait_for(pilot, lambda: not screen._busy, what="the refusal")
        assert app.screen is screen and path.read_text(encoding="utf-8") == original

        await pilot.press("backspace", "d")
        await wait_for(pilot, lambda: screen.model.values[RESOLUTION] == "2d" and screen.validated)
        await pilot.pause()
        assert not field.has_class("-invalid") and field.has_class("-changed")
        assert draft_path(app.workspace, "it-for-sales").is_file()

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewModal), what="the review")
        review = app.screen
        summary = plain(review.query_one("#review-summary"))
        assert "slacheck diff: 1 change in meaning (1 stricter)" in summary
        assert "Laptop repair and replacement: resolution 3d → 2d (stricter)" in summary
        diff = plain(review.query_one("#review-diff"))
        assert '-resolution = "3d"' in diff and '+resolution = "2d"' in diff
        assert path.read_text(encoding="utf-8") == original  # nothing written before confirming

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen), what="back on the agreement")
        saved = path.read_text(encoding="utf-8")
        assert saved == original.replace('resolution = "3d"', 'resolution = "2d"', 1)
        assert [a for a, b in zip(original.splitlines(), saved.splitlines()) if a != b] == ['resolution = "3d"']
        assert saved.count("#") == original.count("#")
        assert not draft_path(app.workspace, "it-for-sales").exists()

        # The app's file watcher notices the new file and evaluates it again.
        def reloaded() -> bool:
            fig = app.snapshot.agreement("it-for-sales") if app.snapshot else None
            return fig is not None and str(fig.agreement.services[0].targets.resolution) == "2d"

        await wait_for(pilot, reloaded, timeout=15, what="the watcher to reload the saved file")
        rows = {k.value for k in app.screen.query_one("#services").rows}
        assert "laptop-repair/" in rows
        assert app.screen.query_one("#services").get_cell("laptop-repair/", "resolution").plain == "2d"


async def test_user_text_in_the_review_is_shown_literally(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, ("title",), "[bold red]x[/] t")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewModal), what="the review")
        summary = plain(app.screen.query_one("#review-summary"))
        assert '"[bold red]x[/] t"' in summary
        assert 'title = "[bold red]x[/] t"' in plain(app.screen.query_one("#review-diff"))


async def test_a_file_changed_on_disk_is_never_overwritten(make_app, workspace):
    path = workspace / "agreements" / FILE
    original = path.read_text(encoding="utf-8")
    theirs = original.replace('objective = "95%"', 'objective = "97%"')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, RESOLUTION, "2d")
        path.write_text(theirs, encoding="utf-8")
        await wait_for(pilot, lambda: screen.query_one("#editor-header").has_class("-conflict"),
                       what="the editor to notice the file changed")

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictModal), what="the conflict")
        assert path.read_text(encoding="utf-8") == theirs
        await pilot.press("d")
        await pilot.pause()
        disk_diff = plain(app.screen.query_one("#conflict-diff"))
        assert '-objective = "95%"' in disk_diff and '+objective = "97%"' in disk_diff
        await pilot.press("escape")  # keep editing: the edits stay
        await pilot.pause()
        assert app.screen is screen and screen.model.values[RESOLUTION] == "2d"
        assert path.read_text(encoding="utf-8") == theirs

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictModal), what="the conflict")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the confirmation")
        await pilot.press("n")  # not yet
        await pilot.pause()
        assert app.screen is screen and screen.model.values[RESOLUTION] == "2d"

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictModal), what="the conflict")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the confirmation")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.model.original == theirs, what="the reload")
        await wait_for(pilot, lambda: screen.field(("objective",)).value == "97%", what="the new form")
        assert screen.field(RESOLUTION).value == "3d" and screen.text == theirs
        assert not screen.query_one("#editor-header").has_class("-conflict")
        assert not draft_path(app.workspace, "it-for-sales").exists()
        assert path.read_text(encoding="utf-8") == theirs


async def test_keep_my_edits_on_top_of_a_file_changed_on_disk(make_app, workspace):
    path = workspace / "agreements" / FILE
    theirs = path.read_text(encoding="utf-8").replace('objective = "95%"', 'objective = "97%"')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, RESOLUTION, "2d")
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictModal), what="the conflict")
        await pilot.press("k")
        await wait_for(pilot, lambda: screen.model.original == theirs, what="the rebase")
        await wait_for(pilot, lambda: screen.validated, what="the validation")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewModal), what="the review")
        summary = plain(app.screen.query_one("#review-summary"))
        assert "resolution 3d → 2d (stricter)" in summary and "objective" not in summary
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen), what="the save")
        assert path.read_text(encoding="utf-8") == theirs.replace('resolution = "3d"', 'resolution = "2d"', 1)


async def test_unsaved_edits_survive_a_crash_as_a_draft(make_app, workspace):
    path = workspace / "agreements" / FILE
    original = path.read_text(encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, RESOLUTION, "2d")
        await retype(pilot, screen, ("title",), "Typed before the crash")
    # The app is gone with the editor open: nothing saved, everything typed kept as a draft.
    draft = draft_path(Workspace(workspace), "it-for-sales")
    assert draft.is_file() and path.read_text(encoding="utf-8") == original
    assert 'title = "Typed before the crash"' in draft.read_text(encoding="utf-8")

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the recovery offer")
        assert "Recover them?" in plain(app.screen.query_one("#confirm-question"))
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, AgreementEditorScreen)
        await wait_for(pilot, lambda: screen.field(("title",)).value == "Typed before the crash",
                       what="the recovered title")
        assert screen.field(RESOLUTION).value == "2d"
        assert sorted(screen.model.changed()) == sorted([("title",), RESOLUTION])
        await wait_for(pilot, lambda: screen.validated, what="the validation")

        await pilot.press("escape")  # leaving asks, and discarding removes the draft
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen), what="back")
        assert not draft.exists() and path.read_text(encoding="utf-8") == original


async def test_declining_a_draft_discards_it(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await retype(pilot, screen, RESOLUTION, "2d")
        app.pop_screen()  # leave without the question, as a crash would
        await pilot.pause()
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the recovery offer")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditorScreen) and app.screen.field(RESOLUTION).value == "3d"
        assert not draft_path(app.workspace, "it-for-sales").exists()


async def test_a_new_agreement_from_the_template(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "New agreement from template" in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"New agreement from")
        await wait_for(pilot, lambda: "New agreement from template" in plain_commands(app),
                       what="the command in the palette")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewAgreementModal), what="the new agreement form")
        modal = app.screen
        await pilot.press(*"it-for-sales")
        await pilot.pause()
        assert "exists already" in plain(modal.query_one("#new-errors"))
        assert modal.query_one("#new-create").disabled
        await pilot.press(*["backspace"] * len("sales"), *"hr")
        modal.query_one("#new-provider").value = "it"
        modal.query_one("#new-consumers").select("hr")
        modal.query_one("#new-calendar").value = "berlin-office"
        await pilot.pause()
        assert not modal.query_one("#new-create").disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditorScreen), what="the editor")
        screen = app.screen
        path = workspace / "agreements" / "it-for-hr.toml"
        assert path.is_file() and path.read_text(encoding="utf-8").startswith("# IT Service Desk for People & HR\n#")
        assert screen.field(("provider",)).value == "it" and screen.field(("consumers",)).value == "hr"
        await wait_for(pilot, lambda: screen.validated, what="the validation")
        assert screen.validation.ok

        await retype(pilot, screen, ("title",), "Laptops and accounts for HR")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewModal), what="the review")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, (ReviewModal, AgreementEditorScreen)))
        assert 'title = "Laptops and accounts for HR"' in path.read_text(encoding="utf-8")
        result = load_catalog(Workspace(workspace))
        assert result.ok and result.catalog.agreements["it-for-hr"].consumers == ("hr",)
        await wait_for(pilot, lambda: app.snapshot.agreement("it-for-hr") is not None, timeout=15,
                       what="the new agreement on the dashboard")


async def test_leaving_without_edits_asks_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)


def plain_commands(app) -> str:
    from textual.command import CommandList

    return " ".join(str(option.prompt) for option in app.screen.query_one(CommandList).options)
