"""Importing the files sellers have (claimdesk.importing): plan the file against a snapshot of
the desk, outside the lock (a pipe that stalls or a file that fails never holds it), then write
the plan in one transaction, which checks again that nothing changed since."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import Parcel
from claimdesk.gc_pause import gc_paused
from claimdesk.i18n import _
from claimdesk.importing import ImportOptions, ImportPlan, plan_file
from claimdesk.importing.profiles import Profile
from claimdesk.importing.report import ImportReport
from claimdesk.importing.sample import ImportSample
from claimdesk.services.parcels import ParcelUseCases


class ImportSnapshot:
    """The parcels on the desk when an import was planned (copies of their records), so the
    file can be read without the lock, in a worker thread or while another process writes."""

    def __init__(self, records: dict[str, dict[str, Any]], usd_rate: Decimal | None = None) -> None:
        self.records = records
        self.usd_rate = usd_rate  # the rate setting then: US dollar amounts without --usd-rate
        self._others: dict[str, str] | None = None

    def parcel(self, number: str) -> Parcel | None:
        """The parcel known by `number`: its tracking number or one of its other numbers."""
        from claimdesk.store.records import parcel_from_record

        record = self.records.get(number)
        if record is None:
            if self._others is None:  # built on the first miss: most imports only add
                self._others = {other: tracking for tracking, kept in self.records.items() for other in kept.get("other_numbers") or ()}
            owner = self._others.get(number)
            record = self.records.get(owner) if owner is not None else None
        return parcel_from_record(record) if record is not None else None


class ImportUseCases(ParcelUseCases):
    def import_file(
        self,
        path: str | Path,
        options: ImportOptions = ImportOptions(),  # noqa: B008 - frozen
        *,
        config: Path | None = None,
        dry_run: bool = False,
        progress: Any = None,
        label: str | None = None,
    ) -> ImportReport:
        """Read the file, then (unless dry_run, or nothing changes) write what it adds and
        updates. Raises ImportRefused when nothing in it could be imported."""
        plan = self.plan_import(path, options, snapshot=self.import_snapshot(), config=config, progress=progress, label=label)
        if dry_run or not plan.writes:
            return ImportReport.of(plan, written=False)
        return self.apply_import(plan)

    def import_snapshot(self) -> ImportSnapshot:
        """The parcels on the desk now, copied, for planning an import without the lock."""
        return ImportSnapshot(
            {tracking: dict(record) for tracking, (_doc_id, record) in self._repo.parcel_records().items()}, self.settings.usd_rate
        )

    def plan_import(
        self,
        path: str | Path,
        options: ImportOptions = ImportOptions(),  # noqa: B008 - frozen
        *,
        snapshot: ImportSnapshot | None = None,
        config: Path | None = None,
        progress: Any = None,
        label: str | None = None,
    ) -> ImportPlan:
        """Read and check a file without writing: an ImportPlan (new parcels, each update with its
        before and after, the unchanged count, the bad rows). `config` is the folder of saved
        mappings (profiles); a `snapshot` (import_snapshot) lets this run in a worker thread."""
        from claimdesk.importing.mapping import all_profiles, load_mapping

        profiles, problems = all_profiles(config)
        if options.mapping is not None:
            if options.profile is not None:
                raise ValidationError("map", _("--map and --profile both name a profile: give one"))
            mapping = load_mapping(options.mapping)
            profiles = [mapping, *profiles]
            options = _with_profile(options, mapping.name)
        # The collector stays on while reading: every bad cell is an exception, and an exception
        # caught keeps a reference cycle (traceback -> frame -> exception) only it frees; paused,
        # a file of a million bad rows held them all (10 GB).
        snapshot = snapshot or self.import_snapshot()
        if options.usd_rate is None and snapshot.usd_rate is not None:  # the setting: the one fallback for CLI and app
            options = replace(options, usd_rate=snapshot.usd_rate)
        plan = plan_file(Path(path), options, profiles=profiles, lookup=snapshot.parcel, progress=progress, now=self.now(), label=label)
        plan.notes += problems  # a damaged saved mapping: said, and the import goes on without it
        return plan

    def sample_import(
        self,
        path: str | Path,
        options: ImportOptions = ImportOptions(),  # noqa: B008 - frozen
        *,
        config: Path | None = None,
        label: str | None = None,
    ) -> ImportSample:
        """The file's header and first rows, and the profile that recognises it (if one does),
        for the app's mapping screen. Reads only the start of the file; writes nothing."""
        from claimdesk.importing.mapping import all_profiles
        from claimdesk.importing.sample import sample_file

        profiles, _problems = all_profiles(config)
        return sample_file(Path(path), options, profiles, label=label)

    def save_import_profile(self, profile: Profile, *, config: Path) -> Path:
        """Save a placement as NAME.toml in the config folder: a profile named NAME from now on."""
        from claimdesk.importing.mapping import save_mapping

        return save_mapping(config, profile.name, profile)

    def apply_import(self, plan: ImportPlan) -> ImportReport:
        """Write an ImportPlan in one transaction: refused (nothing written) if a new number is
        on the desk now or a parcel to update changed since the plan was made."""
        with self._repo.transaction(), gc_paused():
            records = self._repo.parcel_records()
            taken = [parcel.tracking for parcel in plan.added if parcel.tracking in records]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            for change in plan.updated:
                if change.before.tracking not in records or self._repo.parcel(change.before.tracking) != change.before:
                    raise RuleError(
                        _("{tracking} changed since the file was read: nothing was imported; import it again").format(
                            tracking=change.before.tracking
                        )
                    )
            self._refuse_inconsistent(plan)
            self._repo.save_import(plan.added, [change.after for change in plan.updated])
        return ImportReport.of(plan, written=True)

    def _refuse_inconsistent(self, plan: ImportPlan) -> None:
        """An update that would break a rule doctor checks (a creation after the first filing,
        say) is a bad row naming both facts, and the import goes on without it."""
        from claimdesk.domain.consistency import new_breaches, refusal
        from claimdesk.importing.rows import RowError

        now, settings, kept = self.now(), self.settings, []
        for change in plan.updated:
            tracking = change.before.tracking
            breaches = new_breaches(change.before, change.after, self._repo.complaints(tracking), now, settings)
            if breaches:
                plan.add_error(RowError(change.line, breaches[0].field, refusal(tracking, breaches[0])))
                continue
            kept.append(change)
        plan.updated = kept


def _with_profile(options: ImportOptions, name: str) -> ImportOptions:
    from dataclasses import replace

    return replace(options, profile=name)
