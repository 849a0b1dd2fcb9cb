"""Every write an app dialog makes runs off the UI thread, the same way.

While another process holds the data file's lock, a write waits for it (up to the store's lock
timeout). Run on the UI thread that wait froze the whole app, and a key pressed meanwhile
(`esc`) discarded the form when the app woke up. A `WritingDialog` instead:

- runs the Desk call in a thread worker; the form is read-only meanwhile, its values kept;
- if the call has not returned after WAIT_NOTICE_SECONDS, says so in the dialog: "Waiting for the
  other writer", naming the data file;
- refuses `esc` and ctrl+s while the write is in flight, with a message (never a silent discard);
- on success hands the result to the dialog (which closes); on failure (the lock's timeout,
  ValidationError, RuleError, ConflictError, ...) reopens the form as it was and hands the
  error to the dialog, which shows it.

The Desk is not thread-safe. While a dialog's write runs, nothing else in the app calls the Desk:
the dialog is modal and read-only, and the desk behind it skips its periodic refresh while
`desk_busy(desk)`. Only one write per dialog runs at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import _
from claimdesk.services import Desk
from claimdesk.ui.unsaved import DiscardGuard

ResultT = TypeVar("ResultT")
R = TypeVar("R")

# How long a write may take before the dialog says it is waiting (a normal write takes a few ms).
WAIT_NOTICE_SECONDS = 0.3

_in_flight: WeakKeyDictionary[Desk, int] = WeakKeyDictionary()


def desk_busy(desk: Desk) -> bool:
    """True while a dialog's write on this desk runs in its worker thread."""
    return _in_flight.get(desk, 0) > 0


class WriteStatus(Static):
    """The dialog's line that says a save is waiting for the data file."""

    DEFAULT_CSS = """
    WriteStatus { color: $warning; text-style: bold; height: auto; display: none; }
    WriteStatus.-waiting { display: block; }
    """


class WritingDialog(DiscardGuard, ModalScreen[ResultT]):
    """A dialog whose saves go through `write()`: off the UI thread, never lost to a key."""

    desk: Desk

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_worker: Worker[Any] | None = None
        self._write_wait_timer: Timer | None = None
        self._write_focus_before: Widget | None = None
        self._write_saved: Callable[[Any], object] = lambda _result: None
        self._write_failed: Callable[[ClaimdeskError], None] = lambda _error: None

    @property
    def writing(self) -> bool:
        """A save is in flight (the form is read-only until it ends)."""
        return self._write_worker is not None

    @property
    def waiting(self) -> bool:
        """The save has been waiting long enough for the dialog to say so."""
        return self._status().has_class("-waiting")

    def write(self, call: Callable[[], R], saved: Callable[[R], object], failed: Callable[[ClaimdeskError], None]) -> None:
        """Run `call` (a Desk write, its inputs already read from the form) in a thread.

        `saved(result)` runs on the UI thread when it returns; `failed(error)` when it raises a
        ClaimdeskError, after the form is editable again with everything typed. Anything else
        it raises is a bug and stops the app as it would have on the UI thread.
        """
        if self.writing:
            self.still_writing()
            return
        self._write_saved, self._write_failed = saved, failed
        self._write_focus_before = self.focused
        self._form().disabled = True
        _in_flight[self.desk] = _in_flight.get(self.desk, 0) + 1
        self._write_wait_timer = self.set_timer(WAIT_NOTICE_SECONDS, self._show_waiting)
        self._write_worker = self.run_worker(call, name="desk write", group="desk-write", thread=True, exit_on_error=False)

    def still_writing(self) -> None:
        """esc or ctrl+s while the save waits: say why nothing happens; the form stays."""
        self.app.bell()
        self.notify(
            _("Still saving: the form stays open until {path} is free or the wait ends.").format(path=self.desk.path),
            severity="warning",
            timeout=6,
        )

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
        status.update(
            _(
                "Waiting for the other writer… {path} is in use by another claimdesk or a script. "
                "Your form is kept as typed and saves as soon as the file is free."
            ).format(path=self.desk.path)
        )
        status.add_class("-waiting")

    def _finish(self) -> None:
        if self._write_wait_timer is not None:
            self._write_wait_timer.stop()
            self._write_wait_timer = None
        self._write_worker = None
        count = _in_flight.get(self.desk, 0) - 1
        if count > 0:
            _in_flight[self.desk] = count
        else:
            _in_flight.pop(self.desk, None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._write_worker or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        event.stop()
        self._finish()
        if not (self.is_attached and self.app.is_running):  # the app is closing (ctrl+q): nobody to tell
            return
        if self.query(WriteStatus):
            self._status().remove_class("-waiting")
        self._form().disabled = False
        if event.state is WorkerState.SUCCESS:
            self._write_saved(worker.result)
            return
        focus = self._write_focus_before
        if focus is not None and focus.is_attached and focus.focusable:
            focus.focus()
        error = worker.error
        if event.state is WorkerState.CANCELLED or error is None:
            return
        if not isinstance(error, ClaimdeskError):
            raise error
        self._write_failed(error)
