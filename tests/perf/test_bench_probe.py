"""`pytest -m perf tests/perf`: the benchmark's app probe works end to end on a small file.

Not part of the default run (perf is excluded by addopts); `make bench` is the benchmark.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.perf.datasets import Generated

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.perf
def test_the_probe_measures_the_real_app(tmp_path: Path) -> None:
    data = Generated(tmp_path, 300, datetime.now(UTC)).dataset(300)
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.app_probe", "interactive", str(data.path), "--keys", "yt", "--clocks", "50", "--repeat", "3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] == data.parcels
    assert result["table_lines_at_ready"] and result["panel_lines_at_ready"]
    assert len(result["filter_ms"]) == 4 and result["filter_matches"][-1] == data.parcels
    assert len(result["tick_cpu_ms"]) == 3 and 0 < result["peak_rss_mb"] < 1000
