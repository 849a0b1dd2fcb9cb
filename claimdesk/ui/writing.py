"""Every write an app dialog makes runs off the UI thread, the same way.

While another process holds the data file's lock, a write waits for it (up to the store's lock
timeout). Run on the UI thread that wait froze the whole app, and a key pressed meanwhile
(`esc`) discarded the form when the app woke up. A `WritingDialog` instead:

- runs the Desk call in a Textual thread worker (`@work(thread=True)`, group "desk-write");
  the form is read-only meanwhile, its values kept;
- if the call has not returned after WAIT_NOTICE_SECONDS, says so in the dialog: "Waiting for the
  other writer", naming the data file;
- refuses `esc` and ctrl+s while the write is in flight, with a message (never a silent discard);
- when the worker ends, makes the form editable again (the focus back where it was) and posts
  the outcome to itself as a typed message: `WritingDialog.Saved(result)`, handled by the
  dialog's `on_writing_dialog_saved` (it closes), or `WritingDialog.Failed(error)` on a
  ClaimdeskError (the lock's timeout, ValidationError, RuleError, ConflictError, ...), handled
  by its `on_writing_dialog_failed`: the form is as it was typed, and the dialog shows the error.
  Any other exception is a bug and stops the app as it would have on the UI thread. When the
  app is closing, nothing is done.

The Desk is not thread-safe. While a dialog's write runs, nothing else in the app calls the Desk:
the dialog is modal and read-only, and the desk behind it skips its periodic refresh while
`desk_write_running(app)` (a worker of the group "desk-write" has not finished: Textual's own
state). Only one write per dialog runs at a time: a second is refused, never queued, and never
replaces the first (cancelling a thread worker does not stop its thread).

The desk's one-key writes have no form: `z` (archive) writes at once, and `u`/`d` write after
their question. The questions are `ConfirmWrite` dialogs (ui/screens/confirm.py), writing
dialogs like the others. `z` goes through `WritingScreen.write_now`: the same worker group,
a notification instead of the status line when it waits, and the outcome as
`WritingScreen.Saved` / `WritingScreen.Failed`; until then the screen's other Desk keys are
refused with a message (`@refused_while_writing`), since the screen is not modal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import _
from claimdesk.services import Desk
from claimdesk.ui.unsaved import DiscardGuard

ResultT = TypeVar("ResultT")
ScreenT = TypeVar("ScreenT", bound="WritingScreen[Any]")
Params = ParamSpec("Params")

# How long a write may take before the dialog says it is waiting (a normal write takes a few ms).
WAIT_NOTICE_SECONDS = 0.3

# The worker group of every dialog's write.
WRITE_GROUP = "desk-write"
_ENDED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


def desk_write_running(app: App[Any]) -> bool:
    """True while a write runs in its worker thread: no other Desk call until it ends."""
    return any(worker.group == WRITE_GROUP and not worker.is_finished for worker in app.workers)


class WriteStatus(Static):
    """The dialog's line that says a save is waiting for the data file."""

    DEFAULT_CSS = """
    WriteStatus { color: $warning; text-style: bold; height: auto; display: none; }
    WriteStatus.-waiting { display: block; }
    """


class WritingDialog(DiscardGuard, ModalScreen[ResultT]):
    """A dialog whose saves go through `write()`: off the UI thread, never lost to a key."""

    desk: Desk

    class Saved(Message, bubble=False):
        """The write returned `result`; the dialog usually closes with it."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class Failed(Message, bubble=False):
        """The write was refused with `error`; the form is editable again, as typed."""

        def __init__(self, error: ClaimdeskError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_worker: Worker[Any] | None = None
        self._write_wait_timer: Timer | None = None
        self._write_focus_before: Widget | None = None

    @property
    def writing(self) -> bool:
        """A save is in flight: from `write()` until its outcome has been handled."""
        return self._write_worker is not None

    @property
    def waiting(self) -> bool:
        """The save has been waiting long enough for the dialog to say so."""
        return self._status().has_class("-waiting")

    def write(self, call: Callable[[], object]) -> None:
        """Run `call` (a Desk write, its inputs already read from the form) in a thread worker;
        its outcome comes back as `Saved` or `Failed`."""
        if self.writing:
            self.still_writing()
            return
        self._write_focus_before = self.focused
        self._form().disabled = True
        self._write_wait_timer = self.set_timer(WAIT_NOTICE_SECONDS, self._show_waiting)
        self._write_worker = self._run_write(call)

    @work(thread=True, group=WRITE_GROUP, name="desk write", exit_on_error=False)
    def _run_write(self, call: Callable[[], object]) -> object:
        # Not exclusive: a second write is refused by write(), never allowed to cancel this one.
        return call()

    def still_writing(self) -> None:
        """esc or ctrl+s while the save waits: say why nothing happens; the form stays."""
        self.app.bell()
        self.notify(self.still_writing_words(), severity="warning", timeout=6)

    def still_writing_words(self) -> str:
        """Why esc and ctrl+s do nothing while the save waits (a question words it its own way)."""
        return _("Still saving: the form stays open until {path} is free or the wait ends.").format(path=self.desk.path)

    def waiting_words(self) -> str:
        """The line shown once the save has waited WAIT_NOTICE_SECONDS for another writer."""
        return _(
            "Waiting for the other writer… {path} is in use by another claimdesk or a script. "
            "Your form is kept as typed and saves as soon as the file is free."
        ).format(path=self.desk.path)

    def cancel(self) -> None:
        """The dialog's Cancel (esc): closes it, unless a save is in flight; asks first when the
        form has changes (ui/unsaved.py)."""
        if self.writing:
            self.still_writing()
            return
        self.close_or_ask(lambda: self.dismiss(None))

    # ---------------------------------------------------------------- internals

    def _form(self) -> Widget:
        return self.query_one("#dialog")

    def _status(self) -> WriteStatus:
        found = self.query(WriteStatus)
        if found:
            return found.first()
        status = WriteStatus(id="write-status")
        form = self._form()
        buttons = form.query(".buttons")
        if buttons:
            form.mount(status, before=buttons.first())
        else:
            form.mount(status)
        return status

    def _show_waiting(self) -> None:
        if not self.writing:
            return
        status = self._status()
        status.update(self.waiting_words())
        status.add_class("-waiting")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The write's thread ended: the form is editable again, then the outcome is posted."""
        worker = event.worker
        if worker is not self._write_worker or event.state not in _ENDED:  # (the event's state: the worker may be further on)
            return
        event.stop()
        if self._write_wait_timer is not None:
            self._write_wait_timer.stop()
            self._write_wait_timer = None
        if not (self.is_attached and self.app.is_running):  # the app is closing (ctrl+q): nobody to tell
            self._write_worker = None
            return
        if self.query(WriteStatus):
            self._status().remove_class("-waiting")
        self._form().disabled = False
        focus = self._write_focus_before  # (disabling the form took it away)
        if focus is not None and focus.is_attached and focus.focusable:
            focus.focus()
        if event.state is WorkerState.SUCCESS:
            self.post_message(self.Saved(worker.result))
            return
        error = worker.error
        if event.state is WorkerState.CANCELLED or error is None:
            self._write_worker = None
            return
        if not isinstance(error, ClaimdeskError):
            self._write_worker = None
            raise error
        self.post_message(self.Failed(error))

    # Textual calls each class's handler along the MRO: the dialog's own on_writing_dialog_saved
    # (or _failed) runs first, then these. Until then the write counts as in flight, so a ctrl+s
    # pressed between the worker's end and the dialog's handler cannot start a second write.
    @on(Saved)
    @on(Failed)
    def _outcome_handled(self) -> None:
        self._write_worker = None


class WritingScreen(Screen[ResultT]):
    """A screen whose one-key writes (no dialog, no form: the desk's `z`) go through
    `write_now`: off the UI thread, in the same worker group as the dialogs' writes."""

    desk: Desk

    class Saved(Message, bubble=False):
        """The write of `tracking` returned `result`."""

        def __init__(self, tracking: str, result: Any) -> None:
            super().__init__()
            self.tracking = tracking
            self.result = result

    class Failed(Message, bubble=False):
        """The write of `tracking` was refused with `error`; nothing was written."""

        def __init__(self, tracking: str, error: ClaimdeskError) -> None:
            super().__init__()
            self.tracking = tracking
            self.error = error

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_write: Worker[Any] | None = None
        self._key_write_tracking = ""
        self._key_write_timer: Timer | None = None

    @property
    def writing(self) -> bool:
        """A write is in flight: from `write_now()` until its outcome has been handled."""
        return self._key_write is not None or desk_write_running(self.app)

    def write_now(self, tracking: str, call: Callable[[], object]) -> None:
        """Run `call` (a Desk write on `tracking`) in a thread worker; its outcome comes back as
        `Saved` or `Failed`. Refused, with a message, while another write runs."""
        if self.refuse_while_writing():
            return
        self._key_write_tracking = tracking
        self._key_write_timer = self.set_timer(WAIT_NOTICE_SECONDS, self._say_waiting)
        self._key_write = self._run_key_write(call)

    def refuse_while_writing(self) -> bool:
        """While a write runs: say why the key does nothing, and return True (the caller stops).
        The Desk is not thread-safe, and a second write is never queued behind the first."""
        if not self.writing:
            return False
        self.app.bell()
        if self._key_write is None:  # a dialog's save (the palette can be open over it)
            words = _("Still saving: {path} is in use by another claimdesk or a script. Try again once the save is done.")
        else:
            words = _(
                "Still saving the change to {tracking}: {path} is in use by another claimdesk or a script. Press the key again once it is saved."
            )
        self.notify(words.format(tracking=self._key_write_tracking, path=self.desk.path), severity="warning", timeout=6)
        return True

    @work(thread=True, group=WRITE_GROUP, name="desk write", exit_on_error=False)
    def _run_key_write(self, call: Callable[[], object]) -> object:
        return call()

    def _say_waiting(self) -> None:
        if self._key_write is None:
            return
        self.notify(
            _(
                "Waiting for the other writer… {path} is in use by another claimdesk or a script. "
                "The change to {tracking} is saved as soon as the file is free."
            ).format(path=self.desk.path, tracking=self._key_write_tracking),
            severity="warning",
            timeout=10,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The write's thread ended: its outcome is posted (as `WritingDialog` does)."""
        worker = event.worker
        if worker is not self._key_write or event.state not in _ENDED:
            return
        event.stop()
        if self._key_write_timer is not None:
            self._key_write_timer.stop()
            self._key_write_timer = None
        if not (self.is_attached and self.app.is_running):  # the app is closing: nobody to tell
            self._key_write = None
            return
        tracking = self._key_write_tracking
        if event.state is WorkerState.SUCCESS:
            self.post_message(self.Saved(tracking, worker.result))
            return
        error = worker.error
        if event.state is WorkerState.CANCELLED or error is None:
            self._key_write = None
            return
        if not isinstance(error, ClaimdeskError):
            self._key_write = None
            raise error
        self.post_message(self.Failed(tracking, error))

    # As in WritingDialog: the screen's own handler runs first; until then the write is in flight.
    @on(Saved)
    @on(Failed)
    def _key_write_handled(self) -> None:
        self._key_write = None


def refused_while_writing(
    action: Callable[Concatenate[ScreenT, Params], None],
) -> Callable[Concatenate[ScreenT, Params], None]:
    """A WritingScreen's action that uses the Desk: while a write runs it does nothing but say why
    (`refuse_while_writing`). Textual counts the action's parameters through `functools.wraps`."""

    @functools.wraps(action)
    def guarded(screen: ScreenT, *args: Params.args, **kwargs: Params.kwargs) -> None:
        if screen.refuse_while_writing():
            return
        action(screen, *args, **kwargs)

    return guarded
