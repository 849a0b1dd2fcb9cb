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
                growth factor from 10k to 100k to 1M; `Desk.open` and `due --ics` with their
                peak RSS                                       targets < 1 GB; `due --ics` < 10 s
  import files  `claimdesk import` of N good rows and of N bad rows (issue 17 item 9, issue 18 item 5):
                time and peak RSS of the whole process, and a 100k-row Seller Center .xlsx
                                                                   target < 1 GB at 1M, exit 2 if bad
  yearly        100k live parcels with the other 900k of the 1M set moved to yearly archive
                files: the move, start-up, `due --json`, a write, the ledger over all years,
                beside the same on the 1M file (--yearly 0 skips them)

Every figure records the load average when it began and ended (2 shared cores: a figure taken
under load is slower, and the ratio to a baseline of the same minutes is what to compare). The
`due --json` figure is given three ways: with the clock cache the previous run left (the
usual case), on the first run after a write, and with no cache at all.

The CLI figures run on files that claimdesk has written (so they carry its validation stamp, as a
seller's file does); the unstamped first load is a detail row. The UI figures go through the real
app: tests/perf/app_probe.py runs ClaimdeskApp headless (`run_test`) in a fresh process per run.
Data: claimdesk.demo.generate, written through the Repository into bench-data/ (gitignored);
generated once per invocation and sliced for every size.

Options: --sizes 1000,10000  --runs 5  --growth 1000000  --yearly 100000  --keep (reuse bench-data files)
         --startup-only (the first full screen alone: `--sizes 100000 --growth 0 --startup-only`)
         --import-rows 100000,1000000 (0: none)
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
YEARLY_LIVE = 100_000  # the yearly-archive figures: this many live, the rest of GROWTH in yearly files

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


def load_now() -> float:
    """The machine's 1-minute load average (2 cores shared with other work: read it beside
    every figure, since a figure taken under load 6 is not one taken at 0.5)."""
    return round(os.getloadavg()[0], 2)


def with_load(figure: str, measure: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """measure(*args)'s figures, with `{figure}_load`: the load average when it began and ended."""
    began = load_now()
    out = measure(*args)
    out[f"{figure}_load"] = [began, load_now()]
    return out


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
        # Set (as in the shared environment), every process compiles its ~120 modules from
        # source (~0.08 s): part of every whole-process figure.
        "no_bytecode_cache": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }


# --------------------------------------------------------------------------- figures


def bench_startup(files: dict[str, Path], runs: int) -> dict[str, dict[str, Any]]:
    """Fresh process per run; labels interleaved so a load spike hits every size alike."""
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label in files}
    for run in range(runs):
        for label, path in files.items():
            samples[label].append(probe("startup", path))
        log(f"start-up run {run + 1}/{runs}: " + ", ".join(f"{label} {samples[label][-1]['startup_s']:.2f}s" for label in files))
    out = {}
    for label, items in samples.items():
        out[label] = {
            "startup_s": median([item["startup_s"] for item in items]),
            "startup_runs": [round(item["startup_s"], 3) for item in items],
            "imports_s": median([item["imported_at"] - item["process_t0"] + item["interpreter_s"] for item in items]),
            "open_s": median([item["opened_at"] - item["imported_at"] for item in items]),
            "app_s": median([item["ready_at"] - item["opened_at"] for item in items]),
            "frame_s": median([item["first_full_frame_at"] - item["spawned_at"] for item in items]),
            "filled_s": median([item["filled_at"] - item["spawned_at"] for item in items]),
            "cpu_s": median([item["cpu_at_ready"] for item in items]),
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
    return {
        "cli_write_s": median(ours),
        "cli_write_runs_s": [round(t, 3) for t in ours],
        "cli_write_unstamped_s": first[0] if first else float("nan"),
        "stock_insert_s": median(theirs),
        "stock_insert_runs_s": [round(t, 3) for t in theirs],
        "cli_write_ratio": median(ours) / median(theirs),
    }


def ADD_ARGS(run: int) -> list[str]:
    return [
        "parcel",
        "add",
        f"--tracking=ZZBENCH{run:06d}",
        "--order=1",
        "--service=other",
        "--created=2026-01-05",
        "--item=document",
        "--weight=1",
        "--shipping-fee=5",
    ]


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
    return {"import_s": median(times), "import_runs_s": [round(t, 2) for t in times], "import_output": added, "csv_read_s": median(base)}


IMPORT_PEAK = """
import json, sys, time
started = time.perf_counter()
from claimdesk import cli
code = cli.main(sys.argv[1:])
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}))
"""


def _seller_rows(path: Path, rows: int, *, bad: bool) -> Path:
    """N rows in the desk's columns: good ones, or each with an unknown service and an unreadable
    date (about 24 bytes a row: issue 18's 24 MB file of a million bad rows)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        if bad:
            handle.write("tracking,order,service,created_at\n")
            row = "LP{:010d},81,pigeon,x\n"
        else:
            handle.write("tracking,order,service,created_at,item,weight,shipping_fee,status\n")
            row = "LP{:010d},81,special-line,2026/3/1 10:00,document,350g,￥20.00,in transit\n"
        for start in range(0, rows, 10_000):
            handle.write("".join(row.format(n) for n in range(start, min(rows, start + 10_000))))
    return path


def _orders_xlsx(path: Path, rows: int) -> Path:
    """A Seller Center order export of N shipped orders (tests/fixtures/seller_files.py's header)."""
    import openpyxl

    from tests.fixtures.seller_files import ALIEXPRESS_ZH

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("订单")
    sheet.append(list(ALIEXPRESS_ZH))
    shipped = datetime(2026, 3, 1, 10, 0)
    for n in range(rows):
        sheet.append(
            [
                float(8_100_000_000_000_000 + n),
                "等待买家收货",
                "Buyer",
                shipped,
                shipped,
                "Phone case x1",
                "US $18.40",
                "英国",
                "AliExpress Standard Shipping",
                f"AliExpress Standard Shipping:LP{n:014d}",
                shipped,
                "",
            ]
        )
    book.save(path)
    return path


def _import_once(source: Path, *extra: str) -> dict[str, Any]:
    target = DATA / f"import-{source.stem}.json"
    for leftover in (target, Path(f"{target}.lock"), target.with_name(f".{target.name}.checked")):
        leftover.unlink(missing_ok=True)
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_PEAK, "--db", str(target), "import", str(source), *extra],
        capture_output=True,
        text=True,
        timeout=3600,
        env=_env(),
        cwd=ROOT,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for leftover in (target, Path(f"{target}.lock"), target.with_name(f".{target.name}.checked")):
        leftover.unlink(missing_ok=True)
    return {"seconds": round(figures["seconds"], 2), "peak_mb": round(figures["peak_mb"]), "exit": figures["code"]}


def bench_import_files(counts: list[int]) -> dict[str, Any]:
    """One run each (they are long): good and bad rows at each count, and an .xlsx order export."""
    out: dict[str, Any] = {}
    for rows in counts:
        for kind in ("good", "bad"):
            source = _seller_rows(DATA / f"import-{kind}-{rows}.csv", rows, bad=kind == "bad")
            log(f"import of {rows} {kind} rows ({source.stat().st_size / 1e6:.0f} MB)")
            out[f"{kind}_{rows}"] = {**with_load("import", _import_once, source), "mb": round(source.stat().st_size / 1e6, 1)}
            source.unlink()
    rows = min(counts)
    book = _orders_xlsx(DATA / f"import-orders-{rows}.xlsx", rows)
    log(f"import of a {rows}-order Seller Center .xlsx")
    out[f"xlsx_{rows}"] = {**with_load("import", _import_once, book, "--usd-rate", "7.10"), "mb": round(book.stat().st_size / 1e6, 1)}
    book.unlink()
    return out


def import_files_table(figures: dict[str, Any]) -> str:
    lines = ["| import files (one run each) | rows | file | time | peak RSS | exit | load |", "|---|---|---|---|---|---|---|"]
    for key, figure in figures.items():
        kind, rows = key.split("_")
        name = {"good": "good rows (CSV)", "bad": "bad rows (CSV)", "xlsx": "Seller Center orders (.xlsx)"}[kind]
        load = figure.get("import_load", ["?", "?"])
        lines.append(
            f"| {name} | {int(rows):,} | {figure['mb']} MB | {figure['seconds']:.1f} s | {figure['peak_mb']} MB "
            f"| {figure['exit']} | {load[0]} → {load[1]} |"
        )
    lines.append("target: under 1 GB peak RSS at 1,000,000 rows, good or bad; bad rows only: exit 2")
    return "\n".join(lines)


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


def _clocks_cache(path: Path) -> Path:
    return path.with_name(f".{path.name}.clocks")


def bench_due(path: Path, runs: int) -> dict[str, Any]:
    """`due --json` against json.load (alternating): with the clock cache as the previous run
    left it (the headline), with no cache file (the first run ever, or after an upgrade), and
    with the cache of the file as it was before one `parcel add` (the first run after a write:
    only the changed parcel is computed; the others' record digests are checked)."""
    cache = _clocks_cache(path)
    cold: list[float] = []
    for _ in range(max(1, runs // 2)):
        cache.unlink(missing_ok=True)
        elapsed, _ = timed_run(claimdesk_cmd("--db", str(path), "due", "--json"))
        cold.append(elapsed)
    ours, base = [], []
    clocks = 0
    for _ in range(runs):
        elapsed, out = timed_run(claimdesk_cmd("--db", str(path), "due", "--json"))
        ours.append(elapsed)
        clocks = len(json.loads(out))
        elapsed, _ = timed_run([PYTHON, "-c", JSON_LOAD, str(path)])
        base.append(elapsed)
    after: list[float] = []
    copy = DATA / f"due-{path.name}"
    for run in range(max(1, runs // 2)):
        shutil.copyfile(path, copy)
        for companion in (".checked", ".clocks"):  # they name the bytes, not the path: they hold for the copy
            source = path.with_name(f".{path.name}{companion}")
            if source.exists():
                shutil.copyfile(source, copy.with_name(f".{copy.name}{companion}"))
        timed_run(claimdesk_cmd("--db", str(copy), *ADD_ARGS(run)))
        elapsed, _ = timed_run(claimdesk_cmd("--db", str(copy), "due", "--json"))
        after.append(elapsed)
    for leftover in (copy, Path(f"{copy}.lock"), copy.with_name(f".{copy.name}.checked"), _clocks_cache(copy)):
        leftover.unlink(missing_ok=True)
    load = median(base)
    return {
        "due_s": median(ours),
        "due_runs_s": [round(t, 3) for t in ours],
        "json_load_s": load,
        "json_load_runs_s": [round(t, 3) for t in base],
        "due_ratio": median(ours) / load,
        "due_clocks": clocks,
        "due_cold_s": median(cold),
        "due_cold_runs_s": [round(t, 3) for t in cold],
        "due_cold_ratio": median(cold) / load,
        "due_after_write_s": median(after),
        "due_after_write_runs_s": [round(t, 3) for t in after],
        "due_after_write_ratio": median(after) / load,
    }


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


# A claimdesk command in a process that reports its own peak RSS (VmHWM) on stderr at the end.
RSS_RUN = """
import sys
from claimdesk.cli import main
code = main(sys.argv[1:])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        sys.stderr.write("VmHWM " + line.split()[1] + "\\n")
sys.exit(code)
"""


def timed_rss_run(args: list[str], *, timeout: float = 900) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one claimdesk command, as a whole process."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", RSS_RUN, *args], capture_output=True, text=True, timeout=timeout, env=_env(), cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("VmHWM ")]
    return elapsed, int(peak[-1]) / 1024 if peak else float("nan")


def bench_growth(path: Path, runs: int) -> dict[str, Any]:
    """The whole-process figures at GROWTH parcels (fewer runs: each is long)."""
    stamped(path)
    out: dict[str, Any] = {}
    out.update(with_load("due", bench_due, path, runs))
    out.update(with_load("cli_write", bench_cli_write, path, runs))
    began = load_now()
    _, text = timed_run([PYTHON, "-c", OPEN_PROBE, str(path)])
    out.update(json.loads(text.strip().splitlines()[-1]))
    out["open_load"] = [began, load_now()]
    began = load_now()
    ics = DATA / "due-growth.ics"
    # The first calendar of a cache computes each parcel's ended stretches once (kept in the
    # cache); the second is what a seller's daily calendar costs: the figure against its target.
    command = ["--db", str(path), "due", "--ics", str(ics), "--force"]
    out["ics_first_s"], out["ics_first_rss_mb"] = timed_rss_run(command)
    out["ics_s"], out["ics_rss_mb"] = timed_rss_run(command)
    out["ics_load"] = [began, load_now()]
    ics.unlink(missing_ok=True)
    out.update(bench_validation(path, 1))
    return out


# Leaves `live` parcels on the desk (those with complaints first) and archives every other one,
# as a seller's years of finished parcels would be; the bench then moves them to yearly files.
ARCHIVE_ALL_BUT = """
import sys, orjson
from claimdesk.store.repository import Repository
path, live = sys.argv[1], int(sys.argv[2])
data = orjson.loads(open(path, "rb").read())
complained = {record["tracking"] for record in data["complaints"].values()}
kept = len(complained)
for record in data["parcels"].values():
    if record["tracking"] in complained:
        continue
    if kept < live:
        kept += 1
        continue
    record["archived_at"] = record["created_at"]
open(path, "wb").write(orjson.dumps(data))
"""


def bench_yearly(path: Path, live: int, baseline: dict[str, Any]) -> dict[str, Any]:
    """A desk of `live` parcels whose other parcels (of the GROWTH set) moved to yearly archive
    files: its start-up, `due --json`, a write and the complaint ledger over all years, beside
    the same figures on the whole set in one file (`baseline`, from the growth figures)."""
    folder = DATA / "yearly"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    desk = folder / "claimdesk.json"
    shutil.copyfile(path, desk)
    timed_run([PYTHON, "-c", ARCHIVE_ALL_BUT, str(desk), str(live)], timeout=900)
    stamped(desk)
    out: dict[str, Any] = {"yearly_live": live}
    began = load_now()
    out["yearly_move_s"], out["yearly_move_rss_mb"] = timed_rss_run(
        ["--db", str(desk), "parcel", "archive", "--to-yearly", "--older-than", "1s"]
    )
    out["yearly_move_load"] = [began, load_now()]
    years = sorted(folder.glob("claimdesk.archive-*.json"))
    out["yearly_files"] = {year.name: round(year.stat().st_size / 1e6, 1) for year in years}
    out["yearly_desk_mb"] = desk.stat().st_size / 1e6
    for year in years:
        stamped(year)  # as the move's own write or any earlier read leaves them
    began = load_now()
    startups = [probe("startup", desk) for _ in range(2)]
    out["yearly_startup_s"] = median([item["startup_s"] for item in startups])
    out["yearly_startup_rss_mb"] = max(item["peak_rss_mb"] for item in startups)
    out["yearly_startup_load"] = [began, load_now()]
    out.update({f"yearly_{key}": value for key, value in with_load("due", bench_due, desk, 3).items()})
    out.update({f"yearly_{key}": value for key, value in with_load("cli_write", bench_cli_write, desk, 3).items()})
    began = load_now()
    ledger = folder / "ledger.csv"
    out["yearly_report_s"], out["yearly_report_rss_mb"] = timed_rss_run(
        ["--db", str(desk), "export", str(ledger), "--complaints", "--all-years", "--force"]
    )
    out["yearly_report_load"] = [began, load_now()]
    out["yearly_report_rows"] = max(0, len(ledger.read_text(encoding="utf-8-sig").splitlines()) - 1)
    began = load_now()
    out["single_report_s"], out["single_report_rss_mb"] = timed_rss_run(
        ["--db", str(path), "export", str(ledger), "--complaints", "--force"]
    )
    out["single_report_load"] = [began, load_now()]
    out["single_due_s"], out["single_cli_write_s"] = baseline["due_s"], baseline["cli_write_s"]
    shutil.rmtree(folder, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def _load(pair: Any) -> str:
    """A figure's load average, when it began → when it ended."""
    return f"{pair[0]:.1f} → {pair[1]:.1f}" if pair else "?"


def table(results: dict[str, Any], sizes: list[int]) -> str:
    per = results["sizes"]
    one = results["one"]
    largest = str(max(sizes))
    heads = [_size_name(size) for size in sizes]
    lines = [
        "| figure | "
        + " | ".join(heads)
        + " | baseline (same run) | target | at "
        + heads[-1]
        + " | load during the "
        + heads[-1]
        + " runs |",
        "|---|" + "---|" * len(heads) + "---|---|---|---|",
    ]
    big = per[largest]

    def row(name: str, cell: Callable[[dict[str, Any]], str], baseline: str, target: str, ok: bool | None, load: Any) -> None:
        cells = [cell(per[str(size)]) for size in sizes]
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {baseline} | {target} | "
            + ("—" if ok is None else verdict(ok))
            + f" | {_load(load)} |"
        )

    row(
        "start to first full screen (list + countdown)",
        lambda r: f"{r['startup_s']:.2f} s ({r['startup_s'] / one['startup_s']:.2f}×)",
        f"one parcel {one['startup_s']:.2f} s",
        TARGETS["startup"],
        big["startup_s"] <= 2 * one["startup_s"],
        results.get("startup_load"),
    )
    row(
        "peak RSS, app open",
        lambda r: f"{r['rss_mb']:.0f} MB",
        f"one parcel {one['rss_mb']:.0f} MB",
        TARGETS["rss"],
        big["rss_mb"] <= 300,
        results.get("startup_load"),
    )
    row(
        "CLI write: `parcel add`, whole process",
        lambda r: f"{r['cli_write_s']:.2f} s ({r['cli_write_ratio']:.2f}×)",
        "stock TinyDB insert " + " / ".join(f"{per[str(s)]['stock_insert_s']:.2f}" for s in sizes) + " s",
        TARGETS["cli_write"],
        big["cli_write_ratio"] <= 0.5,
        big.get("cli_write_load"),
    )
    row(
        "`claimdesk due --json`, whole process (clock cache as the last run left it)",
        lambda r: f"{r['due_s']:.2f} s ({r['due_ratio']:.2f}×)",
        "json.load " + " / ".join(f"{per[str(s)]['json_load_s']:.2f}" for s in sizes) + " s",
        TARGETS["due"],
        big["due_ratio"] <= 2,
        big.get("due_load"),
    )
    row(
        "`due --json`, the first run after a `parcel add`",
        lambda r: f"{r['due_after_write_s']:.2f} s ({r['due_after_write_ratio']:.2f}×)",
        "json.load (above)",
        TARGETS["due"],
        big["due_after_write_ratio"] <= 2,
        big.get("due_load"),
    )
    row(
        "`due --json` with no clock cache yet (first run ever)",
        lambda r: f"{r['due_cold_s']:.2f} s ({r['due_cold_ratio']:.2f}×)",
        "json.load (above)",
        "its own line",
        None,
        big.get("due_load"),
    )
    row(
        "`claimdesk demo --parcels N`",
        lambda r: f"{r['demo_s']:.1f} s",
        "generating alone " + " / ".join(f"{per[str(s)]['generate_s']:.1f}" for s in sizes) + " s",
        TARGETS["demo"],
        big["demo_s"] <= 60,
        big.get("demo_load"),
    )
    row(
        "CSV import of N rows",
        lambda r: f"{r['import_s']:.2f} s",
        "csv.reader alone " + " / ".join(f"{per[str(s)]['csv_read_s']:.2f}" for s in sizes) + " s",
        TARGETS["import"],
        big["import_s"] <= 10,
        big.get("import_load"),
    )
    row(
        "validation on load (unstamped file; fastest of 5)",
        lambda r: f"{r['validation_check_s'] * 1000:.0f} ms ({r['validation_check_s'] / r['validation_parse_s']:.2f}×)",
        "orjson.loads " + " / ".join(f"{per[str(s)]['validation_parse_s'] * 1000:.0f}" for s in sizes) + " ms",
        TARGETS["validation"],
        None,
        big.get("validation_load"),
    )
    row(
        "validation on load (stamped file: sha256)",
        lambda r: f"{r['validation_sha256_s'] * 1000:.0f} ms",
        "orjson.loads (above)",
        TARGETS["validation"],
        None,
        big.get("validation_load"),
    )
    row(
        "filter keystroke → redrawn list (median)",
        lambda r: f"{r['filter_ms']:.0f} ms",
        "—",
        TARGETS["filter"],
        big["filter_ms"] <= 50,
        big.get("interactive_load"),
    )
    row(
        f"countdown tick + frame ({TICK_CLOCKS} clocks; CPU)",
        lambda r: f"{r['tick_cpu_ms']:.1f} ms ({r['tick_clocks']} clocks)",
        "—",
        TARGETS["tick"],
        big["tick_cpu_ms"] <= 10 if big["tick_clocks"] >= TICK_CLOCKS else None,
        big.get("interactive_load"),
    )
    row(
        "warm write in a running desk (file a complaint, fsync)",
        lambda r: f"{r['write_ms']:.1f} ms ({r['speedup']:.0f}× faster)",
        "stock TinyDB " + " / ".join(f"{per[str(s)]['tinydb_ms']:.0f}" for s in sizes) + " ms",
        TARGETS["write"],
        big["speedup"] >= 10,
        big.get("write_load"),
    )
    return "\n".join(lines)


def yearly_table(results: dict[str, Any]) -> str:
    """The desk of YEARLY_LIVE parcels with the rest in yearly archive files, beside the whole
    set in one file (the growth figures of the same run)."""
    y = results["yearly"]
    g = results["growth"]
    live, total = y["yearly_live"], results["growth"]["parcels"]
    lines = [
        f"| figure | {_size_name(live)} live + {_size_name(total - live)} in yearly files | "
        f"all {_size_name(total)} in one file (same run) | target | ok? | load |",
        "|---|---|---|---|---|---|",
        f"| the move (`parcel archive --to-yearly`), once | {y['yearly_move_s']:.1f} s, peak {y['yearly_move_rss_mb']:.0f} MB"
        f" | — | its own line | — | {_load(y.get('yearly_move_load'))} |",
        f"| start to first full screen | {y['yearly_startup_s']:.2f} s, peak {y['yearly_startup_rss_mb']:.0f} MB"
        f" | Desk.open alone {g['open_s']:.2f} s, peak {g['open_rss_mb']:.0f} MB | — | — | {_load(y.get('yearly_startup_load'))} |",
        f"| `due --json` | {y['yearly_due_s']:.2f} s ({y['yearly_due_ratio']:.2f}× json.load)"
        f" | {g['due_s']:.2f} s ({g['due_ratio']:.2f}×) | {TARGETS['due']} | {verdict(y['yearly_due_ratio'] <= 2)}"
        f" | {_load(y.get('yearly_due_load'))} |",
        f"| one CLI write (`parcel add`) | {y['yearly_cli_write_s']:.2f} s ({y['yearly_cli_write_ratio']:.2f}× stock)"
        f" | {g['cli_write_s']:.2f} s ({g['cli_write_ratio']:.2f}×) | {TARGETS['cli_write']}"
        f" | {verdict(y['yearly_cli_write_ratio'] <= 0.5)} | {_load(y.get('yearly_cli_write_load'))} |",
        f"| complaint ledger over all years ({y['yearly_report_rows']} rows) | {y['yearly_report_s']:.1f} s,"
        f" peak {y['yearly_report_rss_mb']:.0f} MB | {y['single_report_s']:.1f} s, peak {y['single_report_rss_mb']:.0f} MB"
        f" | its own line | — | {_load(y.get('yearly_report_load'))} |",
        f"| files | desk {y['yearly_desk_mb']:.0f} MB; "
        + ", ".join(f"{k} {v} MB" for k, v in y["yearly_files"].items())
        + f" | {g['size_mb']:.0f} MB | | | |",
    ]
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
        lines.append(
            "| Desk.open alone, in its own process | "
            + " | ".join("" for _ in columns)
            + f" | {big['open_s']:.2f} s, peak RSS {big['open_rss_mb']:.0f} MB"
            + f" (target < 1 GB: {verdict(big['open_rss_mb'] < 1024)}; load {_load(big.get('open_load'))}) | |"
        )
        lines.append(
            "| `due --ics`, whole process | "
            + " | ".join("" for _ in columns)
            + f" | {big['ics_s']:.1f} s, peak RSS {big['ics_rss_mb']:.0f} MB (target < 10 s and < 1 GB:"
            + f" {verdict(big['ics_s'] < 10 and big['ics_rss_mb'] < 1024)}; load {_load(big.get('ics_load'))};"
            + f" the first calendar of the cache {big.get('ics_first_s', float('nan')):.1f} s,"
            + f" {big.get('ics_first_rss_mb', float('nan')):.0f} MB) | |"
        )
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
    row("start-up: the whole list filled in (a large desk's rows after its first screen)", lambda r: f"{r['filled_s']:.2f} s")
    row("start-up runs", lambda r: ", ".join(f"{v:.2f}" for v in r["startup_runs"]))
    row(
        "CLI write runs / stock TinyDB runs (s)",
        lambda r: ", ".join(f"{v:.2f}" for v in r["cli_write_runs_s"]) + " / " + ", ".join(f"{v:.2f}" for v in r["stock_insert_runs_s"]),
    )
    row("CLI write on an unstamped file (first use: validates)", lambda r: f"{r['cli_write_unstamped_s']:.2f} s")
    row(
        "due --json runs / json.load runs (s) / clocks",
        lambda r: (
            ", ".join(f"{v:.2f}" for v in r["due_runs_s"])
            + " / "
            + ", ".join(f"{v:.2f}" for v in r["json_load_runs_s"])
            + f" / {r['due_clocks']}"
        ),
    )
    row(
        "due --json: no cache yet / after a write (runs, s)",
        lambda r: ", ".join(f"{v:.2f}" for v in r["due_cold_runs_s"]) + " / " + ", ".join(f"{v:.2f}" for v in r["due_after_write_runs_s"]),
    )
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


def startup_summary(results: dict[str, Any], sizes: list[int]) -> str:
    """--startup-only: the start-up figure of each size beside the one-parcel baseline."""
    one = results["one"]
    lines = [f"start-up, load {_load(results.get('startup_load'))}: one parcel {one['startup_s']:.2f} s ({one['cpu_s']:.2f} s CPU)"]
    for size in sizes:
        r = results["sizes"][str(size)]
        lines.append(
            f"{size}: {r['startup_s']:.2f} s = {r['startup_s'] / one['startup_s']:.2f}× one parcel "
            f"(target {TARGETS['startup']}); CPU {r['cpu_s']:.2f} s = {r['cpu_s'] / one['cpu_s']:.2f}×; "
            f"imports {r['imports_s']:.2f}, Desk.open {r['open_s']:.2f}, app to ready {r['app_s']:.2f}, "
            f"list filled at {r['filled_s']:.2f} s; runs {', '.join(f'{v:.2f}' for v in r['startup_runs'])}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (fewer for the slow ones at 100k)")
    parser.add_argument("--growth", type=int, default=GROWTH, help="the size of the growth figures (0: none)")
    parser.add_argument("--keep", action="store_true", help="reuse bench-data files from an earlier invocation")
    parser.add_argument(
        "--yearly", type=int, default=YEARLY_LIVE, help="with --growth: live parcels of the yearly-archive figures (0: none)"
    )
    parser.add_argument("--import-rows", default="100000,1000000", help="rows of the import-files figures, comma-separated (0: none)")
    parser.add_argument("--json", type=Path, default=DATA / "results.json")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up figure (first full screen), then stop")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = max(1, args.runs)
    run_began = time.perf_counter()

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
    log(
        f"machine: {results['machine']['cores']} cores, {results['machine']['cpu']}, "
        f"Python {results['machine']['python']}, load {results['machine']['loadavg_start']}"
    )

    growth = args.growth if args.growth > max(sizes) else 0
    generated = Generated(DATA, max([*sizes, growth]), datetime.now(UTC))
    datasets = {}
    for size in [*sizes, *([growth] if growth else [])]:
        started = time.perf_counter()
        datasets[size] = generated.dataset(size, csv=size in sizes)
        log(
            f"data {size}: {datasets[size].parcels} parcels, {datasets[size].complaints} complaints, "
            f"{datasets[size].size_bytes / 1e6:.1f} MB ({time.perf_counter() - started:.1f} s)"
        )
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
    startup_began = load_now()
    startup = bench_startup(files, runs)
    results["startup_load"] = [startup_began, load_now()]
    results["one"] = startup.pop("one")
    for label, figures in startup.items():
        results["sizes"][label].update(figures)
    if args.startup_only:
        print(startup_summary(results, sizes))
        return 0

    for size in sizes:
        log(f"CLI write at {size}")
        results["sizes"][str(size)].update(
            with_load("cli_write", bench_cli_write, datasets[size].path, runs if size < 100_000 else max(3, runs - 2))
        )
    for size in sizes:
        log(f"due --json at {size}")
        results["sizes"][str(size)].update(with_load("due", bench_due, datasets[size].path, runs))
    for size in sizes:
        log(f"validation at {size}")
        results["sizes"][str(size)].update(with_load("validation", bench_validation, datasets[size].path))
    for size in sizes:
        log(f"demo --parcels {size}")
        results["sizes"][str(size)].update(with_load("demo", bench_demo, size, 2 if size >= 100_000 else 3))
    for size in sizes:
        log(f"CSV import of {size} rows")
        results["sizes"][str(size)].update(with_load("import", bench_import, datasets[size].csv, 3 if size >= 100_000 else runs))
    for size in sizes:
        log(f"filter + countdown tick at {size}")
        results["sizes"][str(size)].update(with_load("interactive", bench_interactive, datasets[size].path, 1 if size >= 100_000 else 2))
    for size in sizes:
        log(f"warm write at {size}")
        results["sizes"][str(size)].update(
            with_load("write", bench_write, datasets[size].path, max(runs, 7), 3 if size >= 100_000 else runs)
        )
    if growth:
        log(f"growth figures at {growth}")
        results["growth"] = {
            "parcels": datasets[growth].parcels,
            "size_mb": datasets[growth].size_bytes / 1e6,
            **bench_growth(datasets[growth].path, 1),
        }
        if args.yearly:
            log(f"{args.yearly} live + {growth - args.yearly} in yearly archive files")
            results["yearly"] = bench_yearly(datasets[growth].path, args.yearly, results["growth"])

    import_counts = sorted(int(n) for n in args.import_rows.split(",") if int(n) > 0)
    if import_counts:
        results["import_files"] = bench_import_files(import_counts)

    results["machine"]["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - run_began
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))

    m = results["machine"]
    print()
    print(
        f"claimdesk benchmarks — {results['date']} — {m['cores']} cores, {m['cpu']}, Python {m['python']}, "
        f"Textual {m['textual']}, TinyDB {m['tinydb']}"
        + (", PYTHONDONTWRITEBYTECODE set (every process compiles its modules, ~0.08 s)" if m.get("no_bytecode_cache") else "")
    )
    print(
        f"load average at start {tuple(round(x, 2) for x in m['loadavg_start'])}, "
        f"at end {tuple(round(x, 2) for x in m['loadavg_end'])}; medians of {runs} runs unless noted"
    )
    print()
    print(table(results, sizes))
    print()
    print(growth_table(results, sizes))
    print()
    if results.get("yearly"):
        print(yearly_table(results))
        print()
    if results.get("import_files"):
        print(import_files_table(results["import_files"]))
        print()
    print(detail_table(results, sizes))
    print()
    print(f"total {results['seconds']:.0f} s (data generation {generated.seconds:.0f} s); results in {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
