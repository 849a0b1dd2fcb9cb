"""The claimdesk app: the desk (MainScreen) with help, quit, the palette and the language.

The areas and their keys are the screens' (`ui/screens/main.py` holds the desk's); the app
holds what is global: the data-file error screen, the command palette, switching language.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from rich.markup import escape
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from claimdesk.clock import Clock
from claimdesk.domain.errors import DataFileError
from claimdesk.gc_pause import back_into_collections
from claimdesk.i18n import CHINESE, ENGLISH, N_, _, get_language, set_language
from claimdesk.services import Desk
from claimdesk.ui.commands import DeskCommands, ParcelCommands
from claimdesk.ui.keymap import binding_ids, keymap_path, load_keymap
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.screens.main import MainScreen
from claimdesk.ui.wide_chars import install as keep_wide_characters_whole

keep_wide_characters_whole()

_STARTED = time.perf_counter()


class ClaimdeskApp(App[int]):
    TITLE = "claimdesk"
    CSS_PATH = "claimdesk.tcss"
    COMMANDS = {DeskCommands, ParcelCommands}  # DeskCommands: Textual's system commands, and synonyms
    BINDINGS = [
        Binding("question_mark,f1", "help", N_("Help"), id="help", key_display="?", tooltip=N_("Keys and rules")),
        Binding("q", "quit", N_("Quit"), id="quit", tooltip=N_("Quit claimdesk")),
    ]

    def __init__(self, desk: Desk, *, tick_seconds: float = 1.0, ansi_color: bool = False) -> None:
        super().__init__(ansi_color=ansi_color)
        self.desk = desk
        self.tick_seconds = tick_seconds
        self.startup_seconds: float | None = None
        self.data_error: str | None = None  # set when the data file went bad while the desk was open
        self.keymap: dict[str, str] = {}  # the seller's keys by binding id (ui/keymap.py)
        self.command_extras: dict[str, tuple[str, str]] = {}  # palette title -> (key shown, synonyms' id)
        localize_bindings(self)

    def _handle_exception(self, error: Exception) -> None:
        """A data-file problem met while the desk is open (another program damaged the file, a
        lock held too long): leave with exit code 4, and run_app shows the data-error screen,
        instead of a traceback. Anything else is Textual's (a traceback, exit code 1).

        Textual internal: Textual 8.2.8 has no public hook for an unhandled exception, only this
        private method (Textual is pinned exactly). Guarded by
        tests/ui/test_textual_internals.py::test_a_data_file_error_in_a_handler_leaves_with_code_4."""
        if isinstance(error, DataFileError) and self.data_error is None:
            self.data_error = str(error)
            self.exit(4)
            return
        super()._handle_exception(error)

    def get_default_screen(self) -> Screen:
        return MainScreen(self.desk, tick_seconds=self.tick_seconds)

    @property
    def main(self) -> MainScreen:
        """The desk itself, under any dialog."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        self.use_keymap(keymap_path())

    def use_keymap(self, path: Path) -> None:
        """The seller's keys from `path` (ui/keymap.py); what cannot be used is named, not fatal."""
        from claimdesk.ui.widgets.parcel_table import ParcelTable

        self.keymap, problems = load_keymap(path, binding_ids([type(self), MainScreen, ParcelTable]))
        self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(problem, title=_("Keymap"), severity="warning", timeout=15)

    def on_unmount(self) -> None:
        back_into_collections()  # what a large desk kept out of them (Desk.open, MainScreen.reload)

    def on_ready(self) -> None:
        self.startup_seconds = time.perf_counter() - _STARTED
        self.log(f"claimdesk ready in {self.startup_seconds:.3f} s")
        self.main.announce_today()
        self.main.fill_the_rest()

    # ---------------------------------------------------------------- language

    async def switch_language(self, code: str) -> None:
        """Show the desk in another language: rebuild its bindings and widgets, close dialogs."""
        if self.main.refuse_while_writing():  # the rebuilt desk reads the Desk: after `z`'s write
            return
        set_language(code)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        localize_bindings(self)
        main = self.main
        localize_bindings(main)
        await main.recompose()
        main.setup()
        self.refresh_bindings()
        self.notify(_("Language: English") if get_language() == ENGLISH else _("Language: Simplified Chinese"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the active language
            yield command._replace(
                title=_(command.title) if command.title else command.title,
                help=_(command.help) if command.help else command.help,
            )
        if isinstance(screen, MainScreen):
            for binding in MainScreen.BINDINGS:
                if isinstance(binding, Binding) and binding.id:
                    title = _(binding.description)
                    key = self.keymap.get(binding.id, binding.key).split(",")[0].strip()
                    self.command_extras[title] = (self.get_key_display(Binding(key, "")), binding.id)
                    yield SystemCommand(title, _(binding.tooltip), lambda a=binding.action: screen.run_action(a))
        # Each language is offered in its own words, so a seller finds it whatever is shown now.
        self.command_extras["Language: English"] = ("", "en")
        self.command_extras["语言：简体中文"] = ("", "zh")
        yield SystemCommand("Language: English", _("Show claimdesk in English"), lambda: self.run_worker(self.switch_language(ENGLISH)))
        yield SystemCommand(
            "语言：简体中文", _("Show claimdesk in Simplified Chinese"), lambda: self.run_worker(self.switch_language(CHINESE))
        )

    # ---------------------------------------------------------------- global actions

    def action_help(self) -> None:
        from claimdesk.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.desk.settings, self.keymap))

    async def action_quit(self) -> None:
        self.exit(0)


class DataErrorApp(App[int]):
    """Shown instead of the desk when the data file cannot be used; the file is left as it is."""

    CSS = """
    Screen { align: center middle; }
    #error { width: 80%; max-width: 100; border: heavy $error; padding: 1 2; height: auto; }
    """
    BINDINGS = [Binding("q,escape,enter", "quit", N_("Quit"))]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        head = _("claimdesk cannot open its data file")
        body = _("The file was not changed. Restore a backup, move the file away, or start with --db PATH for another file.")
        quit_hint = _("Press q to quit.")
        yield Static(
            f"[b]{escape(head)}[/b]\n\n{escape(self.message)}\n\n{escape(body)}\n\n[dim]{escape(quit_hint)}[/dim]",
            id="error",
        )

    async def action_quit(self) -> None:
        self.exit(4)


def plain_terminal(environ: Mapping[str, str] = os.environ) -> bool:
    """NO_COLOR is set, or the terminal is TERM=dumb: no colour at all (urgency still reads by its
    signs, ui/urgency.py). Textual alone turned NO_COLOR into 24-bit greys, and ignored TERM=dumb."""
    return "NO_COLOR" in environ or environ.get("TERM") == "dumb"


def run_app(path: Path, clock: Clock) -> int:
    """Run the desk; the exit status is 4 when the data file cannot be used (the data-error
    screen was shown), 1 when the app failed, 0 otherwise."""
    try:
        desk = Desk.open_for_app(path, clock)
    except DataFileError as error:
        DataErrorApp(str(error)).run()
        return 4
    plain = plain_terminal()
    if plain:
        # The terminal's own colours (no 24-bit codes), and Textual's NoColor filter strips them.
        os.environ.setdefault("NO_COLOR", "1")
    app = ClaimdeskApp(desk, ansi_color=plain)
    result = app.run()
    if app.data_error is not None:
        DataErrorApp(app.data_error).run()
        return 4
    if app.return_code:  # an unhandled error: Textual printed it; never report success
        return app.return_code
    return int(result or 0)
