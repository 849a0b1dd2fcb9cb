"""Child processes for the reliability tests (issue 5) and `make torture`.

Run as `python tests/reliability_worker.py MODE DB ...`. Every worker goes through the same
services the app and the CLI use (`Desk`), with the clock pinned by CLAIMDESK_NOW, and prints
one line per *acknowledged* write (the service call returned), flushed at once, so the parent
knows exactly which writes it may demand back after it SIGKILLs the worker.

Modes:
  writer DB PREFIX START COUNT  add parcels in a loop; every 3rd also gets a complaint filed,
                                every 5th a status change. Prints "ready", then
                                "P <tracking>", "C <tracking> <complaint id>", "S <tracking> <status>".
  racer DB GODIR ROUNDS         for round k: wait for GODIR/go-k, file a loss complaint on
                                race_tracking(k), print "k ok <attempt>" or "k refused <exit code>".
  hold-lock DB                  take the data file's lock, print "locked", sleep until killed.
  add-parcel DB TRACKING        add one parcel; print "waiting" when it starts to wait for the
                                data file's lock (its transaction), then "added".
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

NOW_TEXT = "2026-03-20T10:00:00+08:00"
CREATED_TEXT = "2026-03-10T10:00:00+08:00"  # ten days before NOW: damage/loss windows are open


def parcel_fields(tracking: str, status: str = "damaged") -> dict[str, str]:
    """A valid `other`-service parcel whose damage window is open at NOW."""
    return {
        "tracking": tracking,
        "order": f"ORD-{tracking}",
        "service": "other",
        "created_at": CREATED_TEXT,
        "item": "undeclared",
        "weight": "0.5",
        "shipping_fee": "25.00",
        "status": status,
        "carrier": "Cainiao Standard",
        "destination": "ES",
    }


def writer_tracking(prefix: str, n: int) -> str:
    return f"{prefix}-{n:06d}"


def race_tracking(k: int) -> str:
    return f"RACE-{k:05d}"


def _desk(db: str):
    from claimdesk.clock import clock_from_env
    from claimdesk.services import Desk

    return Desk.open(db, clock_from_env())


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def writer(db: str, prefix: str, start: int, count: int) -> None:
    desk = _desk(db)
    _say("ready")
    for n in range(start, start + count):
        tracking = writer_tracking(prefix, n)
        desk.add_parcel(parcel_fields(tracking))
        _say(f"P {tracking}")
        if n % 3 == 0:
            complaint = desk.file_complaint(tracking, "damage", note=f"worker {prefix} #{n}")
            _say(f"C {tracking} {complaint.id}")
        if n % 5 == 0:
            desk.set_status(tracking, "lost")
            _say(f"S {tracking} lost")


def racer(db: str, go_dir: str, rounds: int) -> None:
    from claimdesk.domain.errors import ClaimdeskError

    desk = _desk(db)
    _say("ready")
    for k in range(rounds):
        go = Path(go_dir) / f"go-{k}"
        while not go.exists():
            time.sleep(0.0005)
        try:
            complaint = desk.file_complaint(race_tracking(k), "loss")
        except ClaimdeskError as error:
            _say(f"{k} refused {error.exit_code}")
        else:
            _say(f"{k} ok {complaint.attempt}")


def hold_lock(db: str) -> None:
    from claimdesk.store.storage import SafeJSONStorage

    storage = SafeJSONStorage(db)
    with storage.locked():
        _say("locked")
        while True:
            time.sleep(60)


def add_parcel(db: str, tracking: str) -> None:
    """Add one parcel, saying when its transaction starts to wait for the lock: a parent that
    holds the lock waits for that state instead of for a time."""
    from filelock import FileLock

    from claimdesk.clock import clock_from_env
    from claimdesk.services import Desk

    acquire = FileLock.acquire
    announced_once: list[bool] = []

    def announced(lock: Any, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
        if timeout != 0 and not announced_once:  # the first waiting acquire, not a try (the clock cache's)
            announced_once.append(True)
            _say("waiting")
        return acquire(lock, timeout, *args, **kwargs)

    FileLock.acquire = announced  # type: ignore[method-assign]
    Desk.open(db, clock_from_env()).add_parcel(parcel_fields(tracking))
    _say("added")


def main(argv: list[str]) -> int:
    mode, db, *rest = argv
    if mode == "writer":
        prefix, start, count = rest
        writer(db, prefix, int(start), int(count))
    elif mode == "racer":
        go_dir, rounds = rest
        racer(db, go_dir, int(rounds))
    elif mode == "hold-lock":
        hold_lock(db)
    elif mode == "add-parcel":
        (tracking,) = rest
        add_parcel(db, tracking)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


def command(*args: str) -> list[str]:
    """The argv that runs this worker in a fresh interpreter."""
    return [sys.executable, os.path.abspath(__file__), *args]


def child_env(db: Path | str | None = None) -> dict[str, str]:
    """The environment for a child: pinned clock, the project importable, optional data file."""
    env = dict(os.environ)
    env["CLAIMDESK_NOW"] = NOW_TEXT
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if db is not None:
        env["CLAIMDESK_DB"] = str(db)
    return env


# --------------------------------------------------------------------------- parent side
# Used by tests/unit/test_reliability_*.py (a few rounds) and scripts/torture.py (hundreds).


def spawn(*args: str) -> Any:
    """Start a worker with pipes for its output."""
    import subprocess

    return subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), text=True)


def _readline(proc: Any) -> str:
    """One line of the worker's output, read from the pipe byte by byte.

    Not proc.stdout.readline(): that buffers ahead, and communicate() later reads the pipe
    itself, so the lines buffered here would be lost from the acknowledged writes.
    """
    fd = proc.stdout.fileno()
    data = bytearray()
    while not data.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            break
        data += byte
    return data.decode()


def _ready(proc: Any) -> str:
    """'' when the worker said "ready", else what went wrong."""
    first = _readline(proc).strip()
    if first == "ready":
        return ""
    proc.kill()
    _, err = proc.communicate(timeout=30)
    return f"worker did not start: {first!r} {err.strip()[-500:]}"


def kill_writers(db: Path, prefixes: list[str], delays: list[float], after_lines: list[int] | None = None) -> tuple[list[str], list[str]]:
    """Start one writer per prefix on the same file; SIGKILL each `delay` seconds after it is ready,
    or, with `after_lines`, `delay` seconds after it acknowledged that many writes.

    `after_lines` makes "the kill lands while work is going on" a state, not a race with the
    scheduler: on a busy machine a writer may not get its first write done within `delay`.
    Returns every acknowledged line and the problems seen (a writer that died by itself, e.g.
    with a traceback, is a problem: only SIGKILL may stop them).
    """
    import signal

    procs = [spawn("writer", str(db), prefix, "0", "1000000") for prefix in prefixes]
    problems = [problem for problem in map(_ready, procs) if problem]
    lines: list[str] = []
    started = time.monotonic()
    waits = after_lines or [0] * len(procs)
    for proc, delay, wait in sorted(zip(procs, delays, waits, strict=True), key=lambda item: item[1]):
        acknowledged = 0
        while acknowledged < wait and proc.poll() is None:
            line = _readline(proc)
            if not line:
                break
            if line.strip():
                lines.append(line.rstrip("\n"))
                acknowledged += 1
        if after_lines:
            started = time.monotonic()
        time.sleep(max(0.0, started + delay - time.monotonic()))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        lines += [line for line in out.splitlines() if line.strip()]
        if proc.returncode != -signal.SIGKILL:
            problems.append(f"writer exited by itself with {proc.returncode}: {err.strip()[-500:]}")
    return lines, problems


def run_writers(db: Path, prefixes: list[str], count: int, paths: list[Path] | None = None) -> tuple[list[str], list[str]]:
    """Writers on the same file, each adding `count` parcels (and complaints) to the end.

    `paths` gives each writer its own way to the file (a symlink, the real path); default `db`.
    """
    ways = paths or [db] * len(prefixes)
    procs = [spawn("writer", str(way), prefix, "0", str(count)) for way, prefix in zip(ways, prefixes, strict=True)]
    problems = [problem for problem in map(_ready, procs) if problem]
    lines: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        lines += [line for line in out.splitlines() if line.strip()]
        if proc.returncode != 0:
            problems.append(f"writer failed with {proc.returncode}: {err.strip()[-500:]}")
    expected = sum(1 for line in lines if line.startswith("P "))
    if expected != count * len(prefixes):
        problems.append(f"{expected} parcels acknowledged, expected {count * len(prefixes)}")
    return lines, problems


def prepare_races(db: Path, rounds: int) -> None:
    """One lost parcel per race round: attempt 1 used and withdrawn; every third one has
    attempt 2 used and withdrawn too, so racing for it is racing for a third attempt."""
    from claimdesk.clock import clock_from_env
    from claimdesk.services import Desk

    desk = Desk.open(db, clock_from_env({"CLAIMDESK_NOW": NOW_TEXT}))
    for k in range(rounds):
        tracking = race_tracking(k)
        desk.add_parcel(parcel_fields(tracking, status="lost") | {"created_at": "2026-03-01T10:00:00+08:00"})
        for _ in range(2 if k % 3 == 2 else 1):
            desk.file_complaint(tracking, "loss")
            desk.close_complaint(tracking, "withdrawn")
    desk.close()


def run_races(db: Path, go_dir: Path, rounds: int, racers: int = 2) -> tuple[int, list[str]]:
    """Racers file on the same parcel at the same moment, round after round.

    Exactly one may win a race for a second attempt; nobody may win a race for a third.
    Returns the number of races run and the problems seen.
    """
    go_dir.mkdir(parents=True, exist_ok=True)
    procs = [spawn("racer", str(db), str(go_dir), str(rounds)) for _ in range(racers)]
    problems = [problem for problem in map(_ready, procs) if problem]
    if problems:
        return 0, problems
    for k in range(rounds):
        (go_dir / f"go-{k}").touch()
        results = [_readline(proc).split() for proc in procs]
        if any(len(result) < 3 or result[0] != str(k) for result in results):
            problems.append(f"race {k}: unexpected answers {results}")
            break
        winners = [result for result in results if result[1] == "ok"]
        refused = [result for result in results if result[1] == "refused" and result[2] == "3"]
        want = 0 if k % 3 == 2 else 1
        if len(winners) != want or len(refused) != racers - want:
            problems.append(f"race {k} ({'third' if want == 0 else 'second'} attempt): answers {results}")
        if want and winners and winners[0][2] != "2":
            problems.append(f"race {k}: the winner was given attempt {winners[0][2]}")
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            problems.append(f"racer failed with {proc.returncode}: {err.strip()[-500:]}")
    return rounds, problems


def check_acknowledged(db: Path, lines: list[str]) -> list[str]:
    """Every acknowledged write is in the file, the file opens cleanly and `doctor` finds nothing."""
    from claimdesk.clock import clock_from_env
    from claimdesk.doctor import check_file
    from claimdesk.domain.errors import ClaimdeskError
    from claimdesk.services import Desk

    if not lines and not db.exists():
        return []  # killed before its first write: nothing acknowledged, nothing to find
    try:
        desk = Desk.open(db, clock_from_env({"CLAIMDESK_NOW": NOW_TEXT}))
        records = desk._repo.parcel_records()
        complaints = desk._repo.complaints_by_tracking()
    except ClaimdeskError as error:
        return [f"file does not open after the kill: {error}"]
    problems = []
    for line in lines:
        kind, tracking, *rest = line.split()
        if tracking not in records:
            problems.append(f"acknowledged parcel {tracking} is missing ({line})")
            continue
        if kind == "C" and rest[0] not in {c.id for _, c in complaints.get(tracking, [])}:
            problems.append(f"acknowledged complaint {rest[0]} on {tracking} is missing")
        if kind == "S" and records[tracking][1]["status"] != rest[0]:
            problems.append(f"acknowledged status {rest[0]} of {tracking} is missing")
    desk.close()
    problems.extend(f"doctor: {problem}" for problem in check_file(db))
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
