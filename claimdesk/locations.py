"""Where the data lives: --db beats CLAIMDESK_DB beats the platformdirs user-data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_DB = "CLAIMDESK_DB"
FILE_NAME = "claimdesk.json"


def default_data_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("claimdesk", appauthor=False) / FILE_NAME


def data_path(cli_path: str | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    if cli_path:
        return Path(cli_path).expanduser().absolute()
    if environ.get(ENV_DB):
        return Path(environ[ENV_DB]).expanduser().absolute()
    return default_data_path()


def default_export_folder() -> Path:
    """Where an export is offered by default: the seller's documents folder (platformdirs), or
    the home folder when there is none; never the current directory, which may be anywhere."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()


ENV_CONFIG = "CLAIMDESK_CONFIG"


def config_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the seller's saved import mappings live: CLAIMDESK_CONFIG, or the platformdirs
    user-config folder (tests point both at a temporary folder)."""
    if environ.get(ENV_CONFIG):
        return Path(environ[ENV_CONFIG]).expanduser().absolute()
    from platformdirs import user_config_path

    return user_config_path("claimdesk", appauthor=False)
