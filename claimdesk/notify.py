"""Desktop notifications for `claimdesk due --notify` (run from cron or a systemd timer).

Best effort only: `notify-send` (libnotify, most Linux desktops) when it is on PATH, run with
an argument list, never through a shell. When it is missing, there is no session bus, or it
fails or hangs, nothing is shown and nothing fails: the exit status of `due` is the signal
cron acts on, the notification is a courtesy.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Sequence
from datetime import datetime

from claimdesk.domain.deadlines import Deadline
from claimdesk.i18n import _, ngettext
from claimdesk.labels import label
from claimdesk.termtext import one_line

NOTIFY_SEND = "notify-send"
APP_NAME = "claimdesk"
MAX_LINES = 6  # a notification bubble is small: the soonest few, then "and N more"
TIMEOUT_SECONDS = 10.0


def due_message(deadlines: Sequence[Deadline], now: datetime, within: str | None) -> tuple[str, str, str]:
    """Title, body and urgency for the deadlines `due` found (soonest first, overdue included)."""
    from claimdesk.domain.deadlines import Urgency, advice, is_missed, urgency
    from claimdesk.domain.instants import format_remaining, seconds_until

    seconds = [seconds_until(deadline.due, now) for deadline in deadlines]
    overdue_flags = [urgency(d.kind, left) is Urgency.OVERDUE for d, left in zip(deadlines, seconds, strict=True)]
    overdue = sum(overdue_flags)
    count = len(deadlines)
    if within:
        head = ngettext("{count} deadline due within {within}", "{count} deadlines due within {within}", count)
    else:
        head = ngettext("{count} deadline running", "{count} deadlines running", count)
    title = "claimdesk: " + head.format(count=count, within=within)
    if overdue:
        title += _(", {count} overdue").format(count=overdue)
    lines = []
    for deadline, left, late in list(zip(deadlines, seconds, overdue_flags, strict=True))[:MAX_LINES]:
        missed = is_missed(deadline.kind, deadline.due, now)
        state = _("MISSED") + " " if missed else _("OVERDUE") + " " if late else ""
        line = f"{state}{format_remaining(left)}  {deadline.tracking}  {label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})"
        # only a step that can still be taken: a missed window says it closed
        lines.append(f"{line}: {advice(deadline, now)}" if missed else line)
    if count > MAX_LINES:
        lines.append(_("and {count} more: run 'claimdesk due'").format(count=count - MAX_LINES))
    return one_line(title), "\n".join(one_line(line) for line in lines), "critical" if overdue else "normal"


def notify_command(title: str, body: str, urgency: str = "normal", executable: str = NOTIFY_SEND) -> list[str]:
    """The argv for notify-send. `--` ends the options, so a title or body starting with '-'
    is text; the body is escaped because notification servers read it as simple markup."""
    return [
        executable,
        f"--app-name={APP_NAME}",
        f"--urgency={urgency}",
        "--",
        title,
        html.escape(body, quote=False),
    ]


def send(title: str, body: str, urgency: str = "normal", *, timeout: float = TIMEOUT_SECONDS) -> bool:
    """Show a desktop notification if one can be shown; True when notify-send reported success.

    Never raises: a missing notify-send, a missing session bus or a hung notifier are skipped.
    """
    executable = shutil.which(NOTIFY_SEND)
    if executable is None:
        return False
    try:
        done = subprocess.run(
            notify_command(title, body, urgency, executable),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return False
    return done.returncode == 0


def notify_due(deadlines: Sequence[Deadline], now: datetime, within: str | None) -> bool:
    """The notification for `due --notify`; nothing is sent when nothing is due."""
    if not deadlines:
        return False
    return send(*due_message(deadlines, now, within))
