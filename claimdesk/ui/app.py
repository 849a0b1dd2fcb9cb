"""Placeholder until the desk lands."""
from pathlib import Path


def run_app(path: Path, clock: object) -> int:
    from claimdesk.services import Desk

    Desk.open(path, clock)  # type: ignore[arg-type]
    print("claimdesk app: coming soon")
    return 0
