"""`make bench`: claimdesk's performance figures at 1k, 10k and 100k parcels (issues 4 and 13),
and how they grow to 1M.

Every figure is the median of several runs and is shown beside its baseline, measured in the
same run on the same machine (whole processes where the target is about whole processes):

  start-up      fresh process -> first full screen (list + countdown drawn), vs the same app on
                a one-parcel file                                         target <= 2x at 100k
  peak RSS      the app open on the file, in the app process (VmHWM)     target <= 300 MB (100k)
  CLI write     `claimdesk parcel add` (a whole process) on a copy of the file, vs a stock TinyDB
                process inserting one document into another copy        target <= 0.5x (100k)
  due --json    `claimdesk due --json` vs `python -c json.load(...)`    target <= 2x (100k)
  demo          `claimdesk demo --parcels N` into a new file, vs a process that only generates
                the same N parcels in memory                            target <= 60 s (100k)
  import        `claimdesk import` of an N-row CSV into a new file, vs a process reading the
                CSV with the csv module                                 target <= 10 s (100k)
  validation    store.validation.check of the parsed file (its cost on load when the file is
                not stamped), and the stamped load's sha256, vs orjson.loads of the same bytes
  filter        key pressed in the filter box -> frame with the redrawn list   target <= 50 ms
  tick          CountdownPanel.tick(now) with 2,000 clocks + the frame it causes  target <= 10 ms
  warm write    Desk.file_complaint in a running desk vs stock TinyDB(path) inserting the
                same complaint document into a copy of the same file   target >= 10x faster
  growth        the whole-process figures again at 1M parcels (--growth 0 skips them), and the
                growth factor from 10k to 100k to 1M

The CLI figures run on files that claimdesk has written (so they carry its validation stamp, as a
seller's file does); the unstamped first load is a detail row. The UI figures go through the real
app: tests/perf/app_probe.py runs ClaimdeskApp headless (`run_test`) in a fresh process per run.
Data: claimdesk.demo.generate, written through the Repository into bench-data/ (gitignored);
generated once per invocation and sliced for every size.

Options: --sizes 1000,10000  --runs 5  --growth 1000000  --keep (reuse bench-data files)
         --json FILE (machine-readable results; default bench-data/results.json)
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench-data"
PYTHON = sys.executable
SIZES = (1_000, 10_000, 100_000)
TICK_CLOCKS = 2_000
FILTER_KEYS = "yt00000123"  # typing a tracking number: 100k rows narrow to a few, then backspaced

GROWTH = 1_000_000

TARGETS = {
    "startup": "<= 2x one parcel",
    "rss": "<= 300 MB",
    "cli_write": "<= 0.5x stock",
    "due": "<= 2x json.load",
    "demo": "<= 60 s",
    "import": "<= 10 s",
    "validation": "its own line",
    "filter": "<= 50 ms",
    "tick": "<= 10 ms",
    "write": ">= 10x faster",
}


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CLAIMDESK_NOW", None)  # the real clock, as the data was generated against it
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("TERM", "xterm-256color")
    env["COLUMNS"], env["LINES"] = "160", "48"
    return env


def timed_run(argv: list[str], *, timeout: float = 600) -> tuple[float, str]:
    """Wall seconds of a subprocess from just before it starts to its exit; its stdout."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=_env(), cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def probe(mode: str, path: Path, *extra: str) -> dict[str, Any]:
    """One app_probe process; adds `startup_s`, from just before the process starts to on_ready."""
    argv = [PYTHON, "-m", "tests.perf.app_probe", mode, str(path), *extra]
    spawned = time.perf_counter()  # CLOCK_MONOTONIC on Linux, as the probe's readings are
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=_env(), cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"app probe failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["startup_s"] = result["ready_at"] - spawned
    result["spawned_at"] = spawned
    result["interpreter_s"] = result["process_t0"] - spawned
    if not (result["table_lines_at_ready"] and result["panel_lines_at_ready"]):
        raise RuntimeError(f"first screen without list or countdown: {result}")
    return result


def claimdesk_cmd(*args: str) -> list[str]:
    script = Path(PYTHON).with_name("claimdesk")
    return [str(script), *args] if script.exists() else [PYTHON, "-m", "claimdesk", *args]


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual
    import tinydb

    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "textual": textual.__version__,
        "tinydb": tinydb.__version__,
        "loadavg_start": os.getloadavg(),
    }


# --------------------------------------------------------------------------- figures


def bench_startup(files: dict[str, Path], runs: int) -> dict[str, dict[str, Any]]:
    """Fresh process per run; labels interleaved so a load spike hits every size alike."""
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label in files}
    for run in range(runs):
        for label, path in files.items():
            samples[label].append(probe("startup", path))
        log(f"start-up run {run + 1}/{runs}: " + ", ".join(
            f"{label} {samples[label][-1]['startup_s']:.2f}s" for label in files))
    out = {}
    for label, items in samples.items():
        out[label] = {
            "startup_s": median([item["startup_s"] for item in items]),
            "startup_runs": [round(item["startup_s"], 3) for item in items],
            "imports_s": median([item["imported_at"] - item["process_t0"] + item["interpreter_s"] for item in items]),
            "open_s": median([item["opened_at"] - item["imported_at"] for item in items]),
            "app_s": median([item["ready_at"] - item["opened_at"] for item in items]),
            "frame_s": median([item["first_full_frame_at"] - item["spawned_at"] for item in items]),
            "rss_mb": median([item["peak_rss_mb"] for item in items]),
            "rows": items[0]["rows"],
            "clocks": items[0]["clocks"],
        }
    return out


def bench_interactive(path: Path, runs: int) -> dict[str, Any]:
    results = [probe("interactive", path, "--keys", FILTER_KEYS, "--clocks", str(TICK_CLOCKS)) for _ in range(runs)]
    filter_ms = [value for item in results for value in item["filter_ms"]]
    filter_cpu = [value for item in results for value in item["filter_cpu_ms"]]
    return {
        "filter_ms": median(filter_ms),
        "filter_cpu_ms": median(filter_cpu),
        "filter_max_ms": max(filter_ms),
        "filter_samples": len(filter_ms),
        "filter_matches": results[0]["filter_matches"],
        "tick_cpu_ms": median([value for item in results for value in item["tick_cpu_ms"]]),
        "tick_wall_ms": median([value for item in results for value in item["tick_wall_ms"]]),
        "tick_call_ms": median([value for item in results for value in item["tick_call_ms"]]),
        "tick_clocks": results[0]["tick_clocks"],
        "rss_after_mb": max(item["peak_rss_mb_after"] for item in results),
    }


def _fileable(desk: Any, wanted: int) -> list[tuple[str, str]]:
    """Parcels a first complaint can be filed on right now: (tracking, complaint type)."""
    from claimdesk.domain.complaint_types import TYPE_FOR_STATUS

    found = []
    for row in desk.rows():
        if row.attempts or row.service == "offline":
            continue
        ctype = TYPE_FOR_STATUS.get(row.status)
        if ctype is None or desk.complaints(row.tracking):
            continue
        option = next(o for o in desk.filing_options(row.tracking) if o.complaint_type is ctype)
        if not option.can_file:
            continue
        found.append((row.tracking, ctype.value))
        if len(found) >= wanted:
            break
    return found


def bench_write(path: Path, runs: int, tinydb_runs: int) -> dict[str, Any]:
    """Desk.file_complaint on a warm desk vs stock TinyDB inserting the same document."""
    from tinydb import TinyDB

    from claimdesk.services import Desk
    from claimdesk.store.records import complaint_to_record

    scratch = DATA / f"write-{path.name}"
    stock = DATA / f"write-stock-{path.name}"
    shutil.copyfile(path, scratch)
    shutil.copyfile(path, stock)
    desk = Desk.open(scratch)
    targets = _fileable(desk, runs)
    if len(targets) < runs:
        raise RuntimeError(f"only {len(targets)} parcels of {path.name} can take a complaint now")
    ours: list[float] = []
    records: list[dict[str, Any]] = []
    for tracking, ctype in targets:
        started = time.perf_counter()
        complaint = desk.file_complaint(tracking, ctype, note="bench")
        ours.append(time.perf_counter() - started)
        records.append(complaint_to_record(complaint))
    desk.close()

    theirs: list[float] = []
    db = TinyDB(str(stock))  # stock JSONStorage: json.load / json.dump of the whole file, fsync
    table = db.table("complaints")
    for record in records[:tinydb_runs]:
        started = time.perf_counter()
        table.insert(dict(record))
        theirs.append(time.perf_counter() - started)
    db.close()
    scratch.unlink(missing_ok=True)
    stock.unlink(missing_ok=True)
    Path(str(scratch) + ".lock").unlink(missing_ok=True)
    return {
        "write_ms": median(ours) * 1000,
        "first_write_ms": ours[0] * 1000,
        "first_speedup": median(theirs) / ours[0],
        "write_runs_ms": [round(value * 1000, 1) for value in ours],
        "tinydb_ms": median(theirs) * 1000,
        "tinydb_runs_ms": [round(value * 1000, 1) for value in theirs],
        "speedup": median(theirs) / median(ours),
    }


STOCK_INSERT = (
    "import sys; from tinydb import TinyDB; "
    "TinyDB(sys.argv[1]).table('parcels').insert({'tracking': 'STOCK-INSERT', 'order': '1', 'service': 'other'})"
)
JSON_LOAD = "import json, sys; json.load(open(sys.argv[1]))"
GENERATE_ONLY = (
    "import sys; from datetime import datetime, UTC; from claimdesk.demo import generate; "
    "generate(int(sys.argv[1]), datetime.now(UTC), seed=7)"
)
CSV_READ = "import csv, sys; sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))"


def stamped(path: Path) -> None:
    """Have claimdesk read (validate and stamp) the file, as any earlier use of it would have
    (a file the bench wrote through the repository is stamped already; `--keep` may reuse older)."""
    timed_run([PYTHON, "-c", "import sys; from claimdesk.services import Desk; Desk.open(sys.argv[1])", str(path)])


def bench_cli_write(path: Path, runs: int) -> dict[str, Any]:
    """`claimdesk parcel add` as a whole process vs a stock TinyDB process inserting one
    document, each on a fresh copy of the same file (alternating, so load hits both alike)."""
    ours, theirs, first = [], [], []
    scratch, stock = DATA / f"cli-{path.name}", DATA / f"cli-stock-{path.name}"
    for run in range(runs):
        shutil.copyfile(path, scratch)
        stamp = path.with_name(f".{path.name}.checked")
        scratch_stamp = scratch.with_name(f".{scratch.name}.checked")
        scratch_stamp.unlink(missing_ok=True)
        if run == 0:  # the first use after the file came from elsewhere: validated, not stamped
            elapsed, _ = timed_run(claimdesk_cmd("--db", str(scratch), *ADD_ARGS(run)))
            first.append(elapsed)
            shutil.copyfile(path, scratch)
        if stamp.exists():  # the stamp names the bytes, not the path: it holds for the copy
            shutil.copyfile(stamp, scratch_stamp)
        elapsed, _ = timed_run(claimdesk_cmd("--db", str(scratch), *ADD_ARGS(run)))
        ours.append(elapsed)
        shutil.copyfile(path, stock)
        elapsed, _ = timed_run([PYTHON, "-c", STOCK_INSERT, str(stock)])
        theirs.append(elapsed)
    for leftover in (scratch, stock, Path(f"{scratch}.lock"), scratch.with_name(f".{scratch.name}.checked")):
        leftover.unlink(missing_ok=True)
    return {"cli_write_s": median(ours), "cli_write_runs_s": [round(t, 3) for t in ours],
            "cli_write_unstamped_s": first[0] if first else float("nan"),
            "stock_insert_s": median(theirs), "stock_insert_runs_s": [round(t, 3) for t in theirs],
            "cli_write_ratio": median(ours) / median(theirs)}


def ADD_ARGS(run: int) -> list[str]:
    return ["parcel", "add", f"--tracking=ZZBENCH{run:06d}", "--order=1", "--service=other", "--created=2026-01-05",
            "--item=document", "--weight=1", "--shipping-fee=5"]


def bench_import(csv: Path, runs: int) -> dict[str, Any]:
    target = DATA / f"import-{csv.stem}.json"
    times, base = [], []
    added = ""
    for _ in range(runs):
        target.unlink(missing_ok=True)
        elapsed, out = timed_run(claimdesk_cmd("--db", str(target), "import", str(csv)))
        times.append(elapsed)
        added = out.strip()
        elapsed, _ = timed_run([PYTHON, "-c", CSV_READ, str(csv)])
        base.append(elapsed)
    for leftover in (target, Path(f"{target}.lock"), target.with_name(f".{target.name}.checked")):
        leftover.unlink(missing_ok=True)
    return {"import_s": median(times), "import_runs_s": [round(t, 2) for t in times], "import_output": added,
            "csv_read_s": median(base)}


def bench_demo(count: int, runs: int) -> dict[str, Any]:
    target = DATA / f"demo-{count}.json"
    times, base = [], []
    for _ in range(runs):
        target.unlink(missing_ok=True)
        elapsed, _ = timed_run(claimdesk_cmd("--db", str(target), "demo", "--parcels", str(count)), timeout=900)
        times.append(elapsed)
        elapsed, _ = timed_run([PYTHON, "-c", GENERATE_ONLY, str(count)], timeout=900)
        base.append(elapsed)
    for leftover in (target, Path(f"{target}.lock"), target.with_name(f".{target.name}.checked")):
        leftover.unlink(missing_ok=True)
    return {"demo_s": median(times), "demo_runs_s": [round(t, 2) for t in times], "generate_s": median(base)}


def bench_due(path: Path, runs: int) -> dict[str, Any]:
    ours, base = [], []
    clocks = 0
    for _ in range(runs):
        elapsed, out = timed_run(claimdesk_cmd("--db", str(path), "due", "--json"))
        ours.append(elapsed)
        clocks = len(json.loads(out))
        elapsed, _ = timed_run([PYTHON, "-c", JSON_LOAD, str(path)])
        base.append(elapsed)
    return {"due_s": median(ours), "due_runs_s": [round(t, 3) for t in ours], "json_load_s": median(base),
            "json_load_runs_s": [round(t, 3) for t in base], "due_ratio": median(ours) / median(base), "due_clocks": clocks}


VALIDATION_PROBE = """
import gc, hashlib, json, sys, time
import orjson
from claimdesk.store import validation
raw = open(sys.argv[1], "rb").read()
gc.disable()
runs = int(sys.argv[2])
def best(fn, n=runs):
    times = []
    for _ in range(n):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)
data = orjson.loads(raw)
print(json.dumps({"parse_s": best(lambda: orjson.loads(raw), min(runs, 3)), "check_s": best(lambda: validation.check(data)),
                  "sha256_s": best(lambda: hashlib.sha256(raw).digest()),
                  "slow_s": best(lambda: validation.damage(data), 1) if runs > 1 else float("nan")}))
"""


def bench_validation(path: Path, runs: int = 5) -> dict[str, Any]:
    """The validator on the parsed file (fastest of `runs`, in one process), beside orjson.loads."""
    _, out = timed_run([PYTHON, "-c", VALIDATION_PROBE, str(path), str(runs)])
    figures = json.loads(out.strip().splitlines()[-1])
    return {f"validation_{key}": value for key, value in figures.items()}


OPEN_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from claimdesk.services import Desk
desk = Desk.open(sys.argv[1])
opened = time.perf_counter()
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        rss = int(line.split()[1]) / 1024
print(json.dumps({"open_s": opened - t0, "open_rss_mb": rss}))
"""


def bench_growth(path: Path, runs: int) -> dict[str, Any]:
    """The whole-process figures at GROWTH parcels (fewer runs: each is long)."""
    stamped(path)
    out: dict[str, Any] = {}
    out.update(bench_due(path, runs))
    out.update(bench_cli_write(path, runs))
    _, text = timed_run([PYTHON, "-c", OPEN_PROBE, str(path)])
    out.update(json.loads(text.strip().splitlines()[-1]))
    out.update(bench_validation(path, 1))
    return out


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def table(results: dict[str, Any], sizes: list[int]) -> str:
    per = results["sizes"]
    one = results["one"]
    largest = str(max(sizes))
    heads = [_size_name(size) for size in sizes]
    lines = [
        "| figure | " + " | ".join(heads) + " | baseline (same run) | target | at " + heads[-1] + " |",
        "|---|" + "---|" * len(heads) + "---|---|---|",
    ]

    def row(name: str, cell: Callable[[dict[str, Any]], str], baseline: str, target: str, ok: bool | None) -> None:
        cells = [cell(per[str(size)]) for size in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {baseline} | {target} | "
                     + ("—" if ok is None else verdict(ok)) + " |")

    big = per[largest]
    row("start to first full screen (list + countdown)",
        lambda r: f"{r['startup_s']:.2f} s ({r['startup_s'] / one['startup_s']:.2f}×)",
        f"one parcel {one['startup_s']:.2f} s", TARGETS["startup"], big["startup_s"] <= 2 * one["startup_s"])
    row("peak RSS, app open", lambda r: f"{r['rss_mb']:.0f} MB",
        f"one parcel {one['rss_mb']:.0f} MB", TARGETS["rss"], big["rss_mb"] <= 300)
    row("CLI write: `parcel add`, whole process",
        lambda r: f"{r['cli_write_s']:.2f} s ({r['cli_write_ratio']:.2f}×)",
        "stock TinyDB insert " + " / ".join(f"{per[str(s)]['stock_insert_s']:.2f}" for s in sizes) + " s",
        TARGETS["cli_write"], big["cli_write_ratio"] <= 0.5)
    row("`claimdesk due --json`, whole process", lambda r: f"{r['due_s']:.2f} s ({r['due_ratio']:.2f}×)",
        "json.load " + " / ".join(f"{per[str(s)]['json_load_s']:.2f}" for s in sizes) + " s",
        TARGETS["due"], big["due_ratio"] <= 2)
    row("`claimdesk demo --parcels N`", lambda r: f"{r['demo_s']:.1f} s",
        "generating alone " + " / ".join(f"{per[str(s)]['generate_s']:.1f}" for s in sizes) + " s",
        TARGETS["demo"], big["demo_s"] <= 60)
    row("CSV import of N rows", lambda r: f"{r['import_s']:.2f} s",
        "csv.reader alone " + " / ".join(f"{per[str(s)]['csv_read_s']:.2f}" for s in sizes) + " s",
        TARGETS["import"], big["import_s"] <= 10)
    row("validation on load (unstamped file; fastest of 5)",
        lambda r: f"{r['validation_check_s'] * 1000:.0f} ms ({r['validation_check_s'] / r['validation_parse_s']:.2f}×)",
        "orjson.loads " + " / ".join(f"{per[str(s)]['validation_parse_s'] * 1000:.0f}" for s in sizes) + " ms",
        TARGETS["validation"], None)
    row("validation on load (stamped file: sha256)", lambda r: f"{r['validation_sha256_s'] * 1000:.0f} ms",
        "orjson.loads (above)", TARGETS["validation"], None)
    row("filter keystroke → redrawn list (median)", lambda r: f"{r['filter_ms']:.0f} ms",
        "—", TARGETS["filter"], big["filter_ms"] <= 50)
    row(f"countdown tick + frame ({TICK_CLOCKS} clocks; CPU)",
        lambda r: f"{r['tick_cpu_ms']:.1f} ms ({r['tick_clocks']} clocks)",
        "—", TARGETS["tick"], big["tick_cpu_ms"] <= 10 if big["tick_clocks"] >= TICK_CLOCKS else None)
    row("warm write in a running desk (file a complaint, fsync)",
        lambda r: f"{r['write_ms']:.1f} ms ({r['speedup']:.0f}× faster)",
        "stock TinyDB " + " / ".join(f"{per[str(s)]['tinydb_ms']:.0f}" for s in sizes) + " ms",
        TARGETS["write"], big["speedup"] >= 10)
    return "\n".join(lines)


def _size_name(count: int) -> str:
    return f"{count // 1_000_000}M" if count >= 1_000_000 and count % 1_000_000 == 0 else f"{count / 1000:g}k"


def growth_table(results: dict[str, Any], sizes: list[int]) -> str:
    """The whole-process figures at 10k, 100k and GROWTH, with the factor per 10x."""
    per = results["sizes"]
    big = results.get("growth")
    columns = [str(s) for s in sizes if s >= 10_000]
    names = [_size_name(int(c)) for c in columns]
    if big:
        names.append(_size_name(big["parcels"]))
    lines = ["| figure | " + " | ".join(names) + " | × per 10× parcels |", "|---|" + "---|" * (len(names) + 1)]

    def row(name: str, key: str, unit: str = "s", scale: float = 1.0) -> None:
        values = [per[c][key] for c in columns] + ([big[key]] if big else [])
        factors = [b / a for a, b in itertools.pairwise(values) if a]
        cells = [f"{v * scale:.2f} {unit}" for v in values]
        lines.append(f"| {name} | " + " | ".join(cells) + " | " + ", ".join(f"{f:.1f}" for f in factors) + " |")

    row("file size", "size_mb", "MB")
    row("`parcel add`", "cli_write_s")
    row("stock TinyDB insert", "stock_insert_s")
    row("`due --json`", "due_s")
    row("json.load", "json_load_s")
    row("orjson.loads in process", "validation_parse_s")
    row("validation (unstamped)", "validation_check_s")
    if big:
        lines.append("| Desk.open alone, in its own process | " + " | ".join("" for _ in columns)
                     + f" | {big['open_s']:.2f} s, peak RSS {big['open_rss_mb']:.0f} MB | |")
    return "\n".join(lines)


def detail_table(results: dict[str, Any], sizes: list[int]) -> str:
    per = results["sizes"]
    lines = ["| detail | " + " | ".join(_size_name(s) for s in sizes) + " |", "|---|" + "---|" * len(sizes)]

    def row(name: str, cell: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(per[str(s)]) for s in sizes) + " |")

    row("parcels / complaints / file size", lambda r: f"{r['parcels']} / {r['complaints']} / {r['size_mb']:.1f} MB")
    row("start-up: python + imports", lambda r: f"{r['imports_s']:.2f} s")
    row("start-up: Desk.open (read + validate or sha256 + index)", lambda r: f"{r['open_s']:.2f} s")
    row("start-up: app build → first frame", lambda r: f"{r['app_s']:.2f} s")
    row("start-up: first frame with list + countdown", lambda r: f"{r['frame_s']:.2f} s")
    row("start-up runs", lambda r: ", ".join(f"{v:.2f}" for v in r["startup_runs"]))
    row("CLI write runs / stock TinyDB runs (s)", lambda r: ", ".join(f"{v:.2f}" for v in r["cli_write_runs_s"])
        + " / " + ", ".join(f"{v:.2f}" for v in r["stock_insert_runs_s"]))
    row("CLI write on an unstamped file (first use: validates)", lambda r: f"{r['cli_write_unstamped_s']:.2f} s")
    row("due --json runs / json.load runs (s) / clocks", lambda r: ", ".join(f"{v:.2f}" for v in r["due_runs_s"])
        + " / " + ", ".join(f"{v:.2f}" for v in r["json_load_runs_s"]) + f" / {r['due_clocks']}")
    row("demo runs (s)", lambda r: ", ".join(f"{v:.1f}" for v in r["demo_runs_s"]))
    row("import runs (s)", lambda r: ", ".join(f"{v:.1f}" for v in r["import_runs_s"]))
    row("validation record by record (doctor's path)", lambda r: f"{r['validation_slow_s']:.2f} s")
    row("filter: CPU per keystroke (median) / worst wall", lambda r: f"{r['filter_cpu_ms']:.0f} / {r['filter_max_ms']:.0f} ms")
    row("tick: tick() alone / wall to frame", lambda r: f"{r['tick_call_ms']:.1f} / {r['tick_wall_ms']:.1f} ms")
    row("live clocks in the app", lambda r: str(r["clocks"]))
    row("peak RSS after filter + tick", lambda r: f"{r['rss_after_mb']:.0f} MB")
    row("warm write runs (ms; the first after opening)", lambda r: ", ".join(f"{v:.0f}" for v in r["write_runs_ms"]))
    row("stock TinyDB in-process runs (ms)", lambda r: ", ".join(f"{v:.0f}" for v in r["tinydb_runs_ms"]))
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (fewer for the slow ones at 100k)")
    parser.add_argument("--growth", type=int, default=GROWTH, help="the size of the growth figures (0: none)")
    parser.add_argument("--keep", action="store_true", help="reuse bench-data files from an earlier invocation")
    parser.add_argument("--json", type=Path, default=DATA / "results.json")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = max(1, args.runs)
    began = time.perf_counter()

    from tests.perf.datasets import Generated, write_data_file

    DATA.mkdir(exist_ok=True)
    if not args.keep:
        for pattern in ("claimdesk-*.json", ".claimdesk-*.json.checked", "parcels-*.csv"):
            for old in DATA.glob(pattern):
                old.unlink()
    results: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "command": "make bench",
        "sizes": {},
    }
    log(f"machine: {results['machine']['cores']} cores, {results['machine']['cpu']}, "
        f"Python {results['machine']['python']}, load {results['machine']['loadavg_start']}")

    growth = args.growth if args.growth > max(sizes) else 0
    generated = Generated(DATA, max([*sizes, growth]), datetime.now(UTC))
    datasets = {}
    for size in [*sizes, *([growth] if growth else [])]:
        started = time.perf_counter()
        datasets[size] = generated.dataset(size, csv=size in sizes)
        log(f"data {size}: {datasets[size].parcels} parcels, {datasets[size].complaints} complaints, "
            f"{datasets[size].size_bytes / 1e6:.1f} MB ({time.perf_counter() - started:.1f} s)")
    one_parcels, one_complaints = generated.first(1)
    generated.release()
    gc.collect()
    one = DATA / "claimdesk-one.json"
    write_data_file(one, one_parcels, one_complaints)
    for size in sizes:
        data = datasets[size]
        results["sizes"][str(size)] = {"parcels": data.parcels, "complaints": data.complaints, "size_mb": data.size_bytes / 1e6}
    for path in [one, *(d.path for d in datasets.values())]:
        stamped(path)  # as any claimdesk use leaves it

    log("start-up (fresh process per run)")
    files = {"one": one, **{str(size): datasets[size].path for size in sizes}}
    startup = bench_startup(files, runs)
    results["one"] = startup.pop("one")
    for label, figures in startup.items():
        results["sizes"][label].update(figures)

    for size in sizes:
        log(f"CLI write at {size}")
        results["sizes"][str(size)].update(bench_cli_write(datasets[size].path, runs if size < 100_000 else max(3, runs - 2)))
    for size in sizes:
        log(f"due --json at {size}")
        results["sizes"][str(size)].update(bench_due(datasets[size].path, runs))
    for size in sizes:
        log(f"validation at {size}")
        results["sizes"][str(size)].update(bench_validation(datasets[size].path))
    for size in sizes:
        log(f"demo --parcels {size}")
        results["sizes"][str(size)].update(bench_demo(size, 2 if size >= 100_000 else 3))
    for size in sizes:
        log(f"CSV import of {size} rows")
        results["sizes"][str(size)].update(bench_import(datasets[size].csv, 3 if size >= 100_000 else runs))
    for size in sizes:
        log(f"filter + countdown tick at {size}")
        results["sizes"][str(size)].update(bench_interactive(datasets[size].path, 1 if size >= 100_000 else 2))
    for size in sizes:
        log(f"warm write at {size}")
        results["sizes"][str(size)].update(bench_write(datasets[size].path, max(runs, 7), 3 if size >= 100_000 else runs))
    if growth:
        log(f"growth figures at {growth}")
        results["growth"] = {"parcels": datasets[growth].parcels, "size_mb": datasets[growth].size_bytes / 1e6,
                             **bench_growth(datasets[growth].path, 1)}

    results["machine"]["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - began
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))

    m = results["machine"]
    print()
    print(f"claimdesk benchmarks — {results['date']} — {m['cores']} cores, {m['cpu']}, Python {m['python']}, "
          f"Textual {m['textual']}, TinyDB {m['tinydb']}")
    print(f"load average at start {tuple(round(x, 2) for x in m['loadavg_start'])}, "
          f"at end {tuple(round(x, 2) for x in m['loadavg_end'])}; medians of {runs} runs unless noted")
    print()
    print(table(results, sizes))
    print()
    print(growth_table(results, sizes))
    print()
    print(detail_table(results, sizes))
    print()
    print(f"total {results['seconds']:.0f} s (data generation {generated.seconds:.0f} s); results in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
