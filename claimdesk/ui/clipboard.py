"""Copying text where the terminal may not take OSC 52.

Textual's `copy_to_clipboard` sends an OSC 52 sequence, which many terminals (and tmux without
`set-clipboard on`) ignore silently, so the toast's "on the clipboard" was sometimes untrue. A
system clipboard tool is tried first (wl-copy on Wayland, xclip or xsel on X11, pbcopy on
macOS, clip.exe on Windows and WSL); when one took the text it is on the clipboard. Otherwise
the OSC 52 sequence is still sent (it works in many terminals and over SSH), and the caller
shows the text so the seller can copy it by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence

from textual.app import App

# (command, when it can work: the environment variable it needs, or None)
TOOLS: Sequence[tuple[Sequence[str], str | None]] = (
    (("wl-copy",), "WAYLAND_DISPLAY"),
    (("xclip", "-selection", "clipboard"), "DISPLAY"),
    (("xsel", "--clipboard", "--input"), "DISPLAY"),
    (("pbcopy",), None),
    (("clip.exe",), None),
)
TIMEOUT_SECONDS = 2


def system_copy(text: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """Put `text` on the clipboard with the first tool that is installed and works here; the
    tool's name, or None when none did."""
    for command, needs in TOOLS:
        if needs is not None and not environ.get(needs):
            continue
        if shutil.which(command[0]) is None:
            continue
        try:
            subprocess.run(
                list(command),
                input=text.encode("utf-8"),
                check=True,
                timeout=TIMEOUT_SECONDS,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    return None


def copy(app: App[object], text: str) -> bool:
    """True when `text` is surely on the clipboard (a system tool took it); False when only the
    terminal was asked (OSC 52), which it may ignore: then show the text to copy by hand."""
    app.copy_to_clipboard(text)  # OSC 52, and the app's own clipboard (Textual's paste)
    return system_copy(text) is not None
