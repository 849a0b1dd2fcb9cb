"""What a claimdesk data file looks like, and migrations between its versions.

The file is a TinyDB JSON document: one object whose keys are tables. The `meta` table's
single document names the app and the schema version, so a foreign or newer file is refused
instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from claimdesk.domain.errors import DataFileError
from claimdesk.i18n import _

APP = "claimdesk"
SCHEMA_VERSION = 4
META, PARCELS, COMPLAINTS, SETTINGS = "meta", "parcels", "complaints", "settings"
TABLES = (META, PARCELS, COMPLAINTS, SETTINGS)


def _schema_1_to_2(data: dict[str, Any]) -> None:
    """Schema 2 adds what a schema-1 claimdesk cannot read: revisions (`rev`), archived parcels
    (`archived_at`), retracted events and money received after closing. Every schema-1 record is
    already a sound schema-2 record, so only the number changes; it changes so that an older
    claimdesk refuses a newer file with "upgrade claimdesk" rather than calling it damaged."""


def _schema_2_to_3(data: dict[str, Any]) -> None:
    """Schema 3 keeps incomplete parcels (docs/rules.md section 1: item kind, weight and shipping fee
    may be null, the order number empty) and a parcel's other numbers (`other_numbers`, a list,
    unique across the desk with every tracking number). A schema-2 claimdesk would call such a
    record damaged, hence the new number. Every schema-2 parcel gets an empty list, so every
    record has the keys the load's fast check expects."""
    for record in data.get(PARCELS, {}).values():
        if isinstance(record, dict):
            record.setdefault("other_numbers", [])


def _schema_3_to_4(data: dict[str, Any]) -> None:
    """Schema 4 keeps the US dollar rate that converted a parcel's amounts (`usd_rate`, text,
    written only when set; docs/rules.md section 6). A schema-3 claimdesk would read such a record and
    drop the rate on its next write, hence the new number; every schema-3 record is already a
    sound schema-4 record."""


# version -> function that turns data of that version into the next one, in place.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {1: _schema_1_to_2, 2: _schema_2_to_3, 3: _schema_3_to_4}


def new_data() -> dict[str, Any]:
    return {META: {"1": {"app": APP, "schema": SCHEMA_VERSION}}, PARCELS: {}, COMPLAINTS: {}, SETTINGS: {}}


def schema_version(data: Any, where: str) -> int:
    """The file's schema version, or DataFileError saying why it is not claimdesk data."""
    if not isinstance(data, dict):
        raise DataFileError(_("{where} is JSON but not claimdesk data (top level is not an object)").format(where=where))
    meta = data.get(META)
    header = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(header, dict) or header.get("app") != APP:
        raise DataFileError(_("{where} is JSON but not a claimdesk data file (no claimdesk header)").format(where=where))
    version = header.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(_("{where} has an invalid schema version {version!r}").format(where=where, version=version))
    if version > SCHEMA_VERSION:
        raise DataFileError(
            _("{where} was written by a newer claimdesk (schema {version}, this one reads up to {latest}): upgrade claimdesk").format(
                where=where, version=version, latest=SCHEMA_VERSION
            )
        )
    for table in TABLES:
        if not isinstance(data.get(table, {}), Mapping):  # a dict, or the parcels' LazyTable
            raise DataFileError(_("{where} is damaged: table {table!r} is not an object").format(where=where, table=table))
    return version


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring data of an older schema up to SCHEMA_VERSION (in place; the caller passes a fresh copy)."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DataFileError(_("no migration from schema {version}: this file cannot be upgraded").format(version=version))
        try:
            step(data)
        except DataFileError:
            raise
        except Exception as error:  # noqa: BLE001 - a step that meets data it did not expect: refuse, write nothing
            raise DataFileError(
                _("cannot upgrade this file from schema {version}: {problem}; it was left untouched").format(
                    version=version, problem=f"{type(error).__name__}: {str(error)[:80]}"
                )
            ) from None
        version += 1
        data[META]["1"]["schema"] = version
    return data
