"""The seller's own keys: `keymap.toml` in the config folder, keyed on the binding ids (as
posting's keymap), applied with Textual's `App.set_keymap`.

    # ~/.config/claimdesk/keymap.toml (claimdesk locate shows the folder)
    add = "ctrl+a"
    complaint = "c,f2"

The footer, the help and the command palette show the keys in force. A line that cannot be used
(an unknown id, a value that is not a key) is named in a notification and skipped; the rest of
the file still applies.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding

from claimdesk.i18n import _
from claimdesk.locations import config_folder

FILE_NAME = "keymap.toml"


def keymap_path() -> Path:
    return config_folder() / FILE_NAME


def binding_ids(owners: Iterable[type]) -> set[str]:
    """Every binding id the seller may remap (the desk's, the list's, the app's)."""
    return {binding.id for owner in owners for binding in getattr(owner, "BINDINGS", []) if isinstance(binding, Binding) and binding.id}


def load_keymap(path: Path, known: set[str]) -> tuple[dict[str, str], list[str]]:
    """(binding id -> keys, problems): a missing file is an empty keymap, not a problem."""
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [_("{path}: not read ({error}); the default keys apply").format(path=path, error=error)]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known:
            problems.append(
                _("{path}: {id!r} is no key's id (ids: {known})").format(path=path, id=binding_id, known=", ".join(sorted(known)))
            )
        elif not isinstance(keys, str) or not keys.strip() or any(not key.strip() for key in keys.split(",")):
            problems.append(_('{path}: {id} = {keys!r}: write keys such as "ctrl+a" or "a,f2"').format(path=path, id=binding_id, keys=keys))
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems
