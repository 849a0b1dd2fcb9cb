"""The domain and the store stay free of the UI (and the domain of storage), as in harlequin's
tests/unit_tests/test_import_hygiene.py: each module is imported in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import claimdesk

ROOT = Path(claimdesk.__file__).parent
PROJECT = ROOT.parent


def modules(package: str) -> list[str]:
    names = [f"claimdesk.{package}"]
    names += [f"claimdesk.{package}.{info.name}" for info in pkgutil.iter_modules([str(ROOT / package)])]
    return names


DOMAIN = modules("domain")
STORE = modules("store")

PROBE = "import importlib, sys; importlib.import_module(sys.argv[1]); print(' '.join(sorted(sys.modules)))"


def loaded_after_importing(module: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, module], cwd=PROJECT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_every_module_is_listed() -> None:
    assert {"claimdesk.domain.compensation", "claimdesk.domain.workdays", "claimdesk.domain.tracking"} <= set(DOMAIN)
    assert "claimdesk.store.repository" in STORE
    assert len(DOMAIN) >= 12


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_import_neither_textual_nor_tinydb(module: str) -> None:
    loaded = loaded_after_importing(module)
    assert module in loaded
    assert "textual" not in loaded
    assert "tinydb" not in loaded


@pytest.mark.parametrize("module", STORE)
def test_store_modules_do_not_import_textual(module: str) -> None:
    loaded = loaded_after_importing(module)
    assert module in loaded
    assert "textual" not in loaded
