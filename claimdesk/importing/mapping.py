"""A seller's own mapping for an export no built-in profile reads: a TOML file.

    [columns]                      # desk field = the header text, or a list of alternatives
    tracking = "国际物流单号"
    order = ["订单号", "Order No."]
    created_at = "创建时间"

    [status]                       # a cell word = the desk's value ([service] and [item] alike)
    "已发货" = "in-transit"

    [defaults]                     # a desk field the file has no column for = its value
    service = "special-line"

A mapping saved as NAME.toml in the desk's config folder (locations.config_folder) is a profile
named NAME, recognised from the header like the built-in ones.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.i18n import _
from claimdesk.importing.profiles import DEFAULTABLE, FIELDS, WORD_TABLES, Profile, built_in

_VALUES = {"status": Status, "service": Service, "item": ItemKind}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$")
MAX_MAPPING_BYTES = 256 * 1024


def _problem(path: Path, message: str) -> ValidationError:
    return ValidationError("map", _("{path}: {problem}").format(path=path, problem=message))


def parse_mapping(text: str, name: str, source: str) -> Profile:
    """A mapping's TOML text as a profile, every mistake named (a field, a desk value)."""
    where = Path(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _problem(where, _("not valid TOML ({error})").format(error=error)) from None
    unknown = sorted(set(data) - {"columns", "title", "defaults", *WORD_TABLES})
    if unknown:
        raise _problem(
            where,
            _("unknown table(s) {names}: expected [columns], [status], [service], [item], [defaults]").format(names=", ".join(unknown)),
        )
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise _problem(where, _('a [columns] table is needed, e.g. tracking = "运单号"'))
    columns: dict[str, tuple[str, ...]] = {}
    for key, value in raw_columns.items():
        if key not in FIELDS:
            raise _problem(
                where, _("[columns] {field!r} is not a desk field (fields: {fields})").format(field=key, fields=", ".join(FIELDS))
            )
        texts = [value] if isinstance(value, str) else value
        if not isinstance(texts, list) or not texts or not all(isinstance(text, str) and text.strip() for text in texts):
            raise _problem(where, _("[columns] {field}: give the header text, or a list of them").format(field=key))
        columns[key] = tuple(texts)
    if "tracking" not in columns and "carrier_and_tracking" not in columns:
        raise _problem(where, _("[columns] needs tracking (the column holding the tracking number)"))
    words: dict[str, dict[str, str]] = {}
    for table in WORD_TABLES:
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            raise _problem(where, _('[{table}] must be a table of "cell word" = "desk value"').format(table=table))
        allowed = _VALUES[table]
        for word, value in raw.items():
            if not isinstance(value, str) or value not in {member.value for member in allowed}:
                raise _problem(
                    where,
                    _("[{table}] {word!r} = {value!r}: the desk's values are {values}").format(
                        table=table, word=word, value=value, values=", ".join(member.value for member in allowed)
                    ),
                )
        words[table] = dict(raw)
    defaults = _defaults(where, data.get("defaults", {}))
    title = data.get("title")
    shown = str(title) if isinstance(title, str) else _("mapping {path}").format(path=source)
    return Profile(name, shown, columns, words, defaults=defaults, source=source)


def _defaults(where: Path, raw: Any) -> dict[str, str]:
    """[defaults]: the value of a field the file has no column for (a forwarder's list is all one
    service), checked like a cell of that field would be."""
    if not isinstance(raw, dict):
        raise _problem(where, _('[defaults] must be a table of field = "value"'))
    defaults: dict[str, str] = {}
    for key, value in raw.items():
        if key not in DEFAULTABLE or not isinstance(value, str):
            raise _problem(
                where, _("[defaults] {field!r}: give one of {fields} a text value").format(field=key, fields=", ".join(DEFAULTABLE))
            )
        if key in _VALUES and value not in {member.value for member in _VALUES[key]}:
            raise _problem(
                where,
                _("[defaults] {field} = {value!r}: the desk's values are {values}").format(
                    field=key, value=value, values=", ".join(member.value for member in _VALUES[key])
                ),
            )
        defaults[key] = value
    return defaults


def load_mapping(path: Path, name: str | None = None) -> Profile:
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise _problem(path, _("too large for a mapping file"))
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _problem(path, _("not UTF-8 text: save the mapping as UTF-8")) from None
    except OSError as error:
        raise ValidationError("map", _("cannot read {path}: {error}").format(path=path, error=error.strerror or error)) from None
    return parse_mapping(text, name or path.stem, str(path))


def saved_profiles(folder: Path | None) -> tuple[list[Profile], list[str]]:
    """The mappings saved in `folder` (NAME.toml), and a line for each that cannot be read
    (a damaged one does not stop an import that does not need it)."""
    profiles: list[Profile] = []
    problems: list[str] = []
    taken = {profile.name for profile in built_in()}
    if folder is None:
        return profiles, problems
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return profiles, problems
    for path in paths:
        if path.stem in taken:
            problems.append(_("{path}: {name} is a built-in profile's name; rename the file").format(path=path, name=path.stem))
            continue
        try:
            profiles.append(load_mapping(path))
        except ValidationError as error:
            problems.append(error.message)
    return profiles, problems


def all_profiles(folder: Path | None) -> tuple[list[Profile], list[str]]:
    saved, problems = saved_profiles(folder)
    return [*built_in(), *saved], problems


def mapping_toml(profile: Profile) -> str:
    """A profile as a mapping file (what the app's mapping screen saves)."""

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = [f"title = {quoted(profile.title)}", "", "[columns]"]
    for key, texts in profile.columns.items():
        value = quoted(texts[0]) if len(texts) == 1 else "[" + ", ".join(map(quoted, texts)) + "]"
        lines.append(f"{key} = {value}")
    for table in WORD_TABLES:
        entries: Mapping[str, Any] = profile.words.get(table, {})
        if entries:
            lines += ["", f"[{table}]", *(f"{quoted(word)} = {quoted(value)}" for word, value in entries.items())]
    if profile.defaults:
        lines += ["", "[defaults]", *(f"{key} = {quoted(value)}" for key, value in profile.defaults.items())]
    return "\n".join(lines) + "\n"


def check_profile_name(name: str) -> str:
    if not _NAME.match(name) or name in {profile.name for profile in built_in()}:
        raise ValidationError(
            "profile", _("{name!r} cannot name a profile: letters, digits, '-', '_' and '.', not a built-in's name").format(name=name)
        )
    return name


def save_mapping(folder: Path, name: str, profile: Profile) -> Path:
    """Save a profile as NAME.toml in the config folder, atomically; returns the file."""
    from claimdesk.store.atomic import write_atomic

    check_profile_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    write_atomic(path, mapping_toml(profile).encode("utf-8"))
    return path
