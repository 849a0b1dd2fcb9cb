"""Issue 9, items 2 and 10: the app's forms and another writer on the same file.

Item 2 (lost update): a form opened before another writer (the CLI, as cron runs it; another
Desk on the file, as a second copy of the app) changed the record saves only the seller's
changes, and a field both changed brings up the conflict dialog: reload or keep mine, each
checked against what is stored at the end.

Item 10 (frozen app): while another process holds the data file's lock, ctrl+s waits off the UI
thread: the dialog says it is waiting, the desk behind still ticks, esc does not lose the form;
when the lock is released the save completes. A save that fails (the lock's timeout) keeps the
form open with what was typed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList, Select

from claimdesk.cli import main as cli
from claimdesk.clock import FixedClock
from claimdesk.domain.complaints import EventKind, Step
from claimdesk.domain.parcels import Status
from claimdesk.services import Desk
from claimdesk.store import storage
from claimdesk.ui import writing
from claimdesk.ui.app import ClaimdeskApp
from claimdesk.ui.screens.confirm import ConfirmWrite
from claimdesk.ui.screens.conflict import ConflictScreen
from claimdesk.ui.screens.import_csv import ImportPreview, ImportScreen
from claimdesk.ui.screens.main import MainScreen
from claimdesk.ui.screens.note import NoteEditor
from claimdesk.ui.screens.parcel_form import ParcelForm
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.screens.settings import SettingsScreen
from claimdesk.ui.screens.third_party import ThirdPartyClaim
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.writing import WriteStatus
from tests.conftest import NOW
from tests.ui._pilot import SIZE, lines_of, notes, open_wizard, parcel_fields, reopen, s10, text_of, type_into, until

TRACKING = "EE123456785CN"
CRON_SEEN = "2026-03-15 09:00"  # the last tracking update cron records with the status


@pytest.fixture(autouse=True)
def pinned_cli_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI writes in-process on the test's own instant (its --last-tracking is not in the future)."""
    monkeypatch.setenv("CLAIMDESK_NOW", NOW.isoformat())


def cron_sets_lost(path: Path) -> None:
    """What the cron job runs between the seller opening the form and saving it."""
    assert cli(["--db", str(path), "parcel", "set", TRACKING, "--status", "lost", "--last-tracking", CRON_SEEN]) == 0


async def open_edit_form(pilot: Pilot) -> ParcelForm:
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, ParcelForm), "the edit form")
    return pilot.app.screen  # type: ignore[return-value]


async def back_on_the_desk(pilot: Pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the form closed")


def field(pilot: Pilot, name: str) -> str:
    widget = pilot.app.screen.query_one(f"#f-{name}")
    value = widget.value  # type: ignore[attr-defined]
    return "" if value is Select.NULL else str(value)


# ---------------------------------------------------------------------------- item 2: parcels


async def test_edit_keeps_the_clis_status_change_when_the_seller_changed_another_field(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    async with make_app().run_test(size=SIZE) as pilot:
        await open_edit_form(pilot)
        cron_sets_lost(desk.path)
        await type_into(pilot, "#f-weight", "2.5")
        await pilot.press("ctrl+s")
        await back_on_the_desk(pilot)
    parcel = reopen(desk, clock).parcel(TRACKING)
    assert (parcel.status, parcel.weight) == (Status.LOST, Decimal("2.5"))
    assert parcel.last_tracking_at is not None  # cron's update survived the save


async def conflict_on_status(pilot: Pilot, desk: Desk) -> ConflictScreen:
    """The seller sets the status to delayed and the weight to 2.5; cron sets lost meanwhile."""
    form = await open_edit_form(pilot)
    cron_sets_lost(desk.path)
    form.query_one("#f-status", Select).value = "delayed"
    await type_into(pilot, "#f-weight", "2.5")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflict dialog")
    screen = pilot.app.screen
    assert isinstance(screen, ConflictScreen)
    assert text_of(screen.query_one("#conflicts")) == "Status: now lost (changed elsewhere), yours delayed"
    return screen


async def test_same_field_changed_elsewhere_then_reload(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    async with make_app().run_test(size=SIZE) as pilot:
        await conflict_on_status(pilot, desk)
        stored = reopen(desk, clock).parcel(TRACKING)
        assert (stored.status, stored.weight) == (Status.LOST, Decimal("1.3"))  # nothing saved yet
        await pilot.press("r")
        await until(pilot, lambda: isinstance(pilot.app.screen, ParcelForm), "back in the form")
        # The form shows what is stored now; the seller's other change is still in it.
        assert (field(pilot, "status"), field(pilot, "weight")) == ("lost", "2.5")
        assert field(pilot, "last_tracking_at") == "2026-03-15 09:00"  # as the form writes an instant
        await pilot.press("ctrl+s")
        await back_on_the_desk(pilot)
    parcel = reopen(desk, clock).parcel(TRACKING)
    assert (parcel.status, parcel.weight, parcel.last_tracking_at is not None) == (Status.LOST, Decimal("2.5"), True)


async def test_same_field_changed_elsewhere_then_keep_mine(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    async with make_app().run_test(size=SIZE) as pilot:
        await conflict_on_status(pilot, desk)
        await pilot.press("k")
        await back_on_the_desk(pilot)
    parcel = reopen(desk, clock).parcel(TRACKING)
    # The seller's status, on purpose; cron's last tracking update (a field the seller left) stays.
    assert (parcel.status, parcel.weight) == (Status.DELAYED, Decimal("2.5"))
    assert parcel.last_tracking_at is not None


async def test_conflict_dialog_words_an_instant_as_the_form_writes_it(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    async with make_app().run_test(size=SIZE) as pilot:
        await open_edit_form(pilot)
        cron_sets_lost(desk.path)
        await type_into(pilot, "#f-last_tracking_at", "2026-03-16 08:00")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflict dialog")
        assert text_of(pilot.app.screen.query_one("#conflicts")) == (
            "Last tracking update: now 2026-03-15 09:00 (changed elsewhere), yours 2026-03-16 08:00"
        )


async def test_conflict_dialog_esc_goes_back_to_the_form_with_nothing_saved(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    async with make_app().run_test(size=SIZE) as pilot:
        await conflict_on_status(pilot, desk)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, ParcelForm), "back in the form")
        assert (field(pilot, "status"), field(pilot, "weight")) == ("delayed", "2.5")
        assert "Nothing was saved" in text_of(pilot.app.screen.query_one("#form-error"))
    assert reopen(desk, clock).parcel(TRACKING).status is Status.LOST


# ---------------------------------------------------------------------------- item 2: settings


async def open_settings(pilot: Pilot) -> SettingsScreen:
    await pilot.press("s")
    await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), "the settings screen")
    return pilot.app.screen  # type: ignore[return-value]


async def test_two_settings_screens_keep_each_others_changes(make_app, desk, clock) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        reopen(desk, clock).update_settings(chamber_reply_days=12)  # the other screen saved first
        await type_into(pilot, "#filing_window_days", "90")
        await pilot.press("ctrl+s")
        await back_on_the_desk(pilot)
    settings = reopen(desk, clock).settings
    assert (settings.chamber_reply_days, settings.filing_window_days) == (12, 90)


@pytest.mark.parametrize("choice", ["reload", "keep"])
async def test_settings_changed_elsewhere_conflict(make_app, desk, clock, choice: str) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        reopen(desk, clock).update_settings(chamber_reply_days=12, carrier_multipliers={"yanwen": Decimal("3")})
        await type_into(pilot, "#chamber_reply_days", "8")
        await type_into(pilot, "#filing_window_days", "90")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflict dialog")
        assert text_of(pilot.app.screen.query_one("#conflicts")) == ("Chamber reply due after (days): now 12 (changed elsewhere), yours 8")
        await pilot.press(choice[0])
        if choice == "reload":
            await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), "back in the settings")
            screen = pilot.app.screen
            assert screen.query_one("#chamber_reply_days", Input).value == "12"
            assert screen.query_one("#filing_window_days", Input).value == "90"
            assert screen.query_one("#carriers", Input).value == "yanwen=3"
            await pilot.press("ctrl+s")
        await back_on_the_desk(pilot)
    settings = reopen(desk, clock).settings
    assert settings.chamber_reply_days == (12 if choice == "reload" else 8)
    assert settings.filing_window_days == 90
    assert settings.carrier_multipliers == {"yanwen": Decimal("3")}  # never reverted


# ---------------------------------------------------------------------------- item 10: the lock


@contextmanager
def lock_held(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the data file's lock until the block ends (or it is released)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
            "print('held', flush=True); sys.stdin.read()",
            f"{path}.lock",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        release(holder)


def release(holder: subprocess.Popen[str]) -> None:
    if holder.stdin is not None and not holder.stdin.closed:
        holder.stdin.close()
    holder.wait(timeout=10)


def waiting_shown(pilot: Pilot) -> bool:
    statuses = pilot.app.screen.query(WriteStatus)
    return bool(statuses) and statuses.first().has_class("-waiting")


async def test_save_waits_for_the_other_writer_without_freezing_the_app(make_app, add_parcel, desk, clock) -> None:
    add_parcel(created_at="2026-02-01 10:00")
    app = make_app(tick_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit_form(pilot)
        await type_into(pilot, "#f-weight", "2.5")
        with lock_held(desk.path) as holder:
            await pilot.press("ctrl+s")
            await until(pilot, lambda: waiting_shown(pilot), "the waiting state")
            status = text_of(pilot.app.screen.query_one(WriteStatus))
            assert "Waiting for the other writer" in status and str(desk.path) in status
            # The app answers: the desk behind the dialog keeps ticking...
            countdown = app.main.query_one(CountdownPanel)
            shown = lines_of(countdown)[0]
            clock.advance(minutes=1)
            await until(pilot, lambda: lines_of(countdown)[0] != shown, "the countdown ticked")
            # ...and esc does not lose the form: it says why, the form stays as typed.
            await pilot.press("escape")
            await until(pilot, lambda: any("Still saving" in note for note in notes(app)), "the esc answer")
            assert isinstance(pilot.app.screen, ParcelForm) and field(pilot, "weight") == "2.5"
            assert reopen(desk, clock).parcel(TRACKING).weight == Decimal("1.3")
            release(holder)
            await back_on_the_desk(pilot)
    assert reopen(desk, clock).parcel(TRACKING).weight == Decimal("2.5")


@pytest.fixture
def short_lock_desk(monkeypatch: pytest.MonkeyPatch, isolated_data: Path, clock: FixedClock) -> Desk:
    """A desk whose writes give up after 3 s of another writer holding the lock (not 15), and
    dialogs that say they wait at once: on a loaded machine the first redraw of the read-only
    form can take most of a second, and the waiting state must be there before the timeout."""
    monkeypatch.setattr(storage, "LOCK_TIMEOUT_SECONDS", 3.0)
    monkeypatch.setattr(writing, "WAIT_NOTICE_SECONDS", 0.01)
    return Desk.open(isolated_data, clock)


async def test_a_save_that_times_out_keeps_what_was_typed(short_lock_desk: Desk, clock: FixedClock) -> None:
    """The issue's case: esc pressed while the save waited discarded the form; now the form
    stays, and when the wait ends in the lock's timeout it is editable with what was typed."""
    desk = short_lock_desk
    desk.add_parcel(parcel_fields())
    async with ClaimdeskApp(desk, tick_seconds=3600).run_test(size=SIZE) as pilot:
        form = await open_edit_form(pilot)
        await type_into(pilot, "#f-weight", "2.5")
        with lock_held(desk.path):
            await pilot.press("ctrl+s")
            await until(pilot, lambda: waiting_shown(pilot), "the waiting state")
            await pilot.press("escape")
            await until(pilot, lambda: "is locked by another claimdesk" in text_of(form.query_one("#form-error")), "the error")
            assert pilot.app.screen is form and not form.writing and not waiting_shown(pilot)
            assert field(pilot, "weight") == "2.5"
            assert not form.query_one("#dialog").disabled  # editable again
        await pilot.press("ctrl+s")  # the lock is free now: the same form saves
        await back_on_the_desk(pilot)
    assert reopen(desk, clock).parcel(TRACKING).weight == Decimal("2.5")


NEW = s10("00000001")


async def fill_add_form(pilot: Pilot) -> None:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, ParcelForm), "the add form")
    form = pilot.app.screen
    for name, value in parcel_fields(tracking=NEW).items():
        widget = form.query_one(f"#f-{name}")
        widget.value = value if value or isinstance(widget, Input) else Select.NULL  # type: ignore[attr-defined]
    await pilot.pause()


async def fill_dialog(pilot: Pilot, dialog: str) -> None:
    if dialog == "add":
        await fill_add_form(pilot)
    elif dialog == "edit":
        await open_edit_form(pilot)
        await type_into(pilot, "#f-weight", "2.5")
    elif dialog == "settings":
        await open_settings(pilot)
        await type_into(pilot, "#chamber_reply_days", "8")
    elif dialog == "third-party":
        await pilot.press("c")
        await until(pilot, lambda: isinstance(pilot.app.screen, ThirdPartyClaim), "the offline claim dialog")
        await type_into(pilot, "#note", "called them")
    elif dialog == "wizard":
        await file_in_the_wizard(pilot)
    elif dialog == "progress":
        await pilot.press("r")
        await until(pilot, lambda: isinstance(pilot.app.screen, RecordProgress), "the record-progress dialog")
        screen = pilot.app.screen
        assert isinstance(screen, RecordProgress)
        screen.query_one("#steps", OptionList).highlighted = list(Step).index(Step.NO_AGREEMENT)
        await until(pilot, lambda: screen.chosen is Step.NO_AGREEMENT, "no agreement chosen")
    elif dialog == "note":
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor), "the note editor")
        await type_into(pilot, "#note", "called them")
    else:  # import: read the file, up to its preview
        app = pilot.app
        assert isinstance(app, ClaimdeskApp)
        source = app.desk.path.parent / "more.csv"
        source.write_text(
            f"tracking,order,service,created_at,item,weight,shipping_fee\n{s10('00000003')},81,ems,2026-03-01 10:00,document,0.2,20.00\n",
            encoding="utf-8",
        )
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the import dialog")
        app.screen.query_one("#path", Input).value = str(source)
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportPreview), "the preview")


async def file_in_the_wizard(pilot: Pilot) -> None:
    """c, then through the steps to the review with the confirmation ticked: the file button is next."""
    wizard = await open_wizard(pilot)
    await pilot.press("ctrl+n")  # attempt -> type
    await pilot.press("enter")  # the highlighted, open type (loss) -> evidence
    await pilot.press("ctrl+n", "ctrl+n")  # evidence -> payout -> review
    await until(pilot, lambda: wizard.query_one("#wizard-body").current == "step-review", "the review step")
    wizard.query_one("#confirm", Checkbox).value = True
    wizard.query_one("#no-evidence-ok", Checkbox).value = True  # the last attempt, no evidence ticked
    await until(pilot, lambda: not wizard.query_one("#file", Button).disabled, "the file button enabled")


async def save_dialog(pilot: Pilot, dialog: str) -> None:
    """What the seller presses to save: ctrl+s, or the wizard's File button."""
    if dialog == "wizard":
        pilot.app.screen.query_one("#file", Button).press()
    else:
        await pilot.press("ctrl+s")


def saved(desk: Desk, clock: FixedClock, dialog: str) -> bool:
    fresh = reopen(desk, clock)
    if dialog == "add":
        return fresh.parcel_count() == 3
    if dialog == "edit":
        return fresh.parcel(OFFLINE).weight == Decimal("2.5")
    if dialog == "settings":
        return fresh.settings.chamber_reply_days == 8
    if dialog == "third-party":
        return [complaint.note for complaint in fresh.complaints(OFFLINE)] == ["called them"]
    if dialog == "wizard":
        return len(fresh.complaints(TRACKING)) == 2
    if dialog == "progress":
        return fresh.complaints(TRACKING)[-1].events[-1].kind is EventKind.REPLY_NO_AGREEMENT
    if dialog == "import":
        return fresh.parcel_count() == 3
    return fresh.complaints(TRACKING)[-1].note == "called them"


OFFLINE = "LP00000001"


DIALOGS = ["add", "edit", "settings", "third-party", "wizard", "progress", "note", "import"]


def desk_for(desk: Desk, dialog: str) -> None:
    """An offline parcel (selected first: it sorts first) for add/edit/settings/third-party; for
    the wizard, progress and note, an EMS parcel with a complaint (the wizard's is the second)."""
    if dialog in ("wizard", "progress", "note"):
        desk.add_parcel(parcel_fields())
        desk.file_complaint(TRACKING, "loss", at=NOW.replace(day=18))
        if dialog == "wizard":
            desk.close_complaint(TRACKING, "withdrawn")
        return
    desk.add_parcel(parcel_fields(service="offline", tracking=OFFLINE, carrier="Yanwen"))
    desk.add_parcel(parcel_fields(tracking=s10("00000002"), status="delivered"))


async def select_first(pilot: Pilot, tracking: str) -> None:
    app = pilot.app
    assert isinstance(app, ClaimdeskApp)
    app.main.select_parcel(tracking)
    await until(pilot, lambda: app.main.selected_tracking == tracking, "the parcel selected")


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_every_dialog_waits_keeps_its_form_on_esc_and_saves_once_free(make_app, desk, clock, dialog: str) -> None:
    desk_for(desk, dialog)
    async with make_app().run_test(size=SIZE) as pilot:
        await select_first(pilot, TRACKING if dialog in ("wizard", "progress", "note") else OFFLINE)
        await fill_dialog(pilot, dialog)
        with lock_held(desk.path) as holder:
            await save_dialog(pilot, dialog)
            await until(pilot, lambda: waiting_shown(pilot), "the waiting state")
            screen = pilot.app.screen  # (the import waits in its dialog, under the closed preview)
            await pilot.press("escape")
            await until(pilot, lambda: any("Still saving" in note for note in notes(pilot.app)), "the esc answer")
            assert pilot.app.screen is screen
            assert not saved(desk, clock, dialog)
            release(holder)
            # Closed (the wizard then shows the complaint text to paste: another screen).
            await until(pilot, lambda: pilot.app.screen is not screen, "the dialog closed")
    assert saved(desk, clock, dialog)


# ---------------------------------------------------------------------------- item 2: notes


@pytest.mark.parametrize("choice", ["reload", "keep"])
async def test_note_changed_elsewhere_conflict(make_app, add_parcel, desk, clock, choice: str) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=NOW.replace(day=18), note="first")
    async with make_app().run_test(size=SIZE) as pilot:
        await fill_dialog(pilot, "note")
        assert cli(["--db", str(desk.path), "complaint", "note", TRACKING, "--set", "chamber called back"]) == 0
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflict dialog")
        assert text_of(pilot.app.screen.query_one("#conflicts")) == ("Note: now chamber called back (changed elsewhere), yours called them")
        await pilot.press(choice[0])
        if choice == "reload":
            await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor), "back in the note editor")
            assert pilot.app.screen.query_one("#note", Input).value == "chamber called back"
            pilot.app.screen.query_one("#note", Input).value = "both"  # the seller merges the two by hand
            await pilot.press("ctrl+s")
        await back_on_the_desk(pilot)
    assert reopen(desk, clock).complaints(TRACKING)[-1].note == ("both" if choice == "reload" else "called them")


async def test_note_saved_unchanged_does_not_revert_a_change_made_elsewhere(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=NOW.replace(day=18), note="first")
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor), "the note editor")
        assert cli(["--db", str(desk.path), "complaint", "note", TRACKING, "--set", "chamber called back"]) == 0
        await pilot.press("ctrl+s")  # the seller changed nothing
        await back_on_the_desk(pilot)
    assert reopen(desk, clock).complaints(TRACKING)[-1].note == "chamber called back"


# ---------------------------------------------------------------------------- the desk's own writes

# `u` and `d` write from their question (a ConfirmWrite), `z` at once (MainScreen.write_now).
DESK_KEYS = ["undo", "delete", "archive"]


def desk_for_key(desk: Desk, key: str) -> None:
    """The parcel each key acts on (lost: its filing window counts down): with a reply to retract,
    or no complaint at all."""
    desk.add_parcel(parcel_fields())
    if key == "undo":
        desk.file_complaint(TRACKING, "loss", at=NOW.replace(day=18))
        desk.record_reply(TRACKING, agreed=False, at=NOW.replace(day=19))


async def press_desk_key(pilot: Pilot, key: str) -> None:
    """The key, and for `u` and `d` the yes to their question: the write starts."""
    await pilot.press(key[0] if key != "archive" else "z")
    if key != "archive":
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmWrite), "the question")
        await pilot.press("ctrl+s")


def key_waiting(pilot: Pilot, key: str) -> bool:
    if key == "archive":  # no dialog: a notification says it
        return any("Waiting for the other writer" in note and str(pilot.app.desk.path) in note for note in notes(pilot.app))  # type: ignore[attr-defined]
    return waiting_shown(pilot)


def key_written(desk: Desk, clock: FixedClock, key: str) -> bool:
    fresh = reopen(desk, clock)
    if key == "undo":
        return fresh.complaints(TRACKING)[-1].events[-1].retracted_at is not None
    if key == "delete":
        return TRACKING not in fresh.tracking_numbers()
    return fresh.parcel(TRACKING).archived_at is not None


def key_done_said(app: ClaimdeskApp, key: str) -> bool:
    words = {"undo": "retracted; it stays in the history", "delete": f"Deleted {TRACKING}", "archive": "archived: out of the list"}
    return any(words[key] in note for note in notes(app))


@pytest.mark.parametrize("key", DESK_KEYS)
async def test_the_desks_own_writes_wait_without_freezing_the_app(make_app, desk, clock, key: str) -> None:
    desk_for_key(desk, key)
    app = make_app(tick_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        with lock_held(desk.path) as holder:
            await press_desk_key(pilot, key)
            await until(pilot, lambda: key_waiting(pilot, key), "the waiting state")
            # The app answers: the countdown ticks on...
            countdown = app.main.query_one(CountdownPanel)
            shown = lines_of(countdown)[0]
            clock.advance(minutes=1)
            await until(pilot, lambda: lines_of(countdown)[0] != shown, "the countdown ticked")
            # ...and a key that would close the question or write again says why it does nothing.
            screen = app.screen
            await pilot.press("escape" if key != "archive" else "z")
            await until(pilot, lambda: any("Still saving" in note for note in notes(app)), "the refusal")
            assert app.screen is screen
            if key == "archive":  # the desk's other keys wait too: the Desk is not read meanwhile
                await pilot.press("e")
                await pilot.pause()
                assert app.screen is screen
            assert not key_written(desk, clock, key)
            release(holder)
            await until(pilot, lambda: key_done_said(app, key), "the write done, and said")
        assert isinstance(app.screen, MainScreen)
    assert key_written(desk, clock, key)


@pytest.mark.parametrize("key", DESK_KEYS)
async def test_a_desk_write_that_times_out_says_so_and_writes_nothing(short_lock_desk: Desk, clock: FixedClock, key: str) -> None:
    desk = short_lock_desk
    desk_for_key(desk, key)
    app = ClaimdeskApp(desk, tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        with lock_held(desk.path):
            await press_desk_key(pilot, key)
            await until(pilot, lambda: key_waiting(pilot, key), "the waiting state")
            await until(pilot, lambda: any("is locked by another claimdesk" in note for note in notes(app)), "the error", limit=60)
            assert isinstance(app.screen, MainScreen)  # the question closed, as for any refusal
            assert not key_done_said(app, key)
        assert not key_written(desk, clock, key)
        await press_desk_key(pilot, key)  # the lock is free now: the same key writes
        await until(pilot, lambda: key_done_said(app, key), "the write done")
    assert key_written(desk, clock, key)
