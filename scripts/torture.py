"""`make torture`: the long versions of issue 5's reliability checks, with a summary.

  crash         hundreds of SIGKILLs of writer processes at random moments (two writers per
                round, on small and on large files); after every kill the file must open,
                hold every acknowledged write and pass `claimdesk doctor`
  writers       two processes writing the same file flat out; every write of both is there
  races         processes filing on the same parcel at the same instant, hundreds of times:
                exactly one wins a second attempt, nobody wins a third (services and CLI)
  stale locks   lock holders killed while holding the lock; the next write goes straight in
  bad input     the hypothesis bad-input properties (tests/cli/test_cli_bad_input.py) with
                thousands of examples, a 200 MB one-field CSV imported with its peak memory
                measured, and the bad-file matrix
  trust         issue 18's attacks (tests/trust_attacks.py): cookie replays against a real
                `claimdesk serve` on 127.0.0.1, the app's undo racing a CLI writer, temp files
                and a FIFO stamp pre-created by a hostile thread; each bounded in count and time

Runs in well under 10 minutes on a 2-core machine; exits 1 if anything failed.
Usage: python scripts/torture.py [--kills N] [--races N] [--writes N] [--examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import reliability_worker as worker


@dataclass
class Tally:
    kills: int = 0
    writes: int = 0
    races: int = 0
    stale_locks: int = 0
    bad_inputs: int = 0
    bad_files: int = 0
    trust: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def fail(self, phase: str, problems: list[str]) -> None:
        self.failures.extend(f"{phase}: {problem}" for problem in problems)


def say(text: str) -> None:
    print(text, flush=True)


def claimdesk(db: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=worker.child_env(),
        timeout=timeout,
        cwd=ROOT,
    )


# --------------------------------------------------------------------------- phases


def crash(work: Path, kills: int, rng: random.Random, tally: Tally) -> None:
    """Two writers per round, each SIGKILLed at its own random moment; a new file every 25
    rounds, every other file pre-filled with 3,000 demo parcels so kills land inside big writes."""
    rounds = (kills + 1) // 2
    db = work
    for number in range(rounds):
        if number % 25 == 0:
            db = work / f"crash-{number // 25:02d}" / "claimdesk.json"
            db.parent.mkdir(parents=True)
            if (number // 25) % 2 == 1:
                seeded = claimdesk(db, "demo", "--parcels", "3000")
                if seeded.returncode != 0:
                    tally.fail("crash", [f"demo seeding failed: {seeded.stderr.strip()}"])
        delays = [rng.uniform(0.0, 0.4), rng.uniform(0.0, 0.4)]
        lines, problems = worker.kill_writers(db, [f"K{number:04d}A", f"K{number:04d}B"], delays)
        problems += worker.check_acknowledged(db, lines)
        tally.fail(f"crash round {number}", problems)
        tally.kills += 2 - sum("exited by itself" in problem for problem in problems)
        tally.writes += len(lines)
        if (number + 1) % 25 == 0:
            say(f"  crash: {tally.kills} kills, {tally.writes} acknowledged writes checked")


def writers(work: Path, count: int, tally: Tally) -> None:
    db = work / "writers" / "claimdesk.json"
    db.parent.mkdir(parents=True)
    lines, problems = worker.run_writers(db, ["WA", "WB"], count)
    problems += worker.check_acknowledged(db, lines)
    tally.fail("writers", problems)
    tally.writes += len(lines)


def races(work: Path, rounds: int, tally: Tally) -> None:
    for racers, total in ((2, rounds), (3, max(3, rounds // 5))):
        db = work / f"races-{racers}" / "claimdesk.json"
        db.parent.mkdir(parents=True)
        worker.prepare_races(db, total)
        ran, problems = worker.run_races(db, work / f"go-{racers}", total, racers=racers)
        problems += worker.check_acknowledged(db, [])
        tally.fail(f"races ({racers} racers)", problems)
        tally.races += ran


def cli_races(work: Path, rounds: int, tally: Tally) -> None:
    """Two `claimdesk complaint file` processes at once on the same parcel."""
    db = work / "cli-races" / "claimdesk.json"
    db.parent.mkdir(parents=True)
    worker.prepare_races(db, rounds)
    for k in range(rounds):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "claimdesk", "--db", str(db), "complaint", "file", worker.race_tracking(k), "--type", "loss"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=worker.child_env(),
                cwd=ROOT,
            )
            for _ in range(2)
        ]
        codes = sorted(proc.wait(timeout=120) for proc in procs)
        for proc in procs:
            proc.communicate()
        want = [3, 3] if k % 3 == 2 else [0, 3]
        if codes != want:
            tally.fail("cli races", [f"race {k}: exit codes {codes}, expected {want}"])
        tally.races += 1
    tally.fail("cli races", worker.check_acknowledged(db, []))


def stale_locks(work: Path, count: int, tally: Tally) -> None:
    db = work / "locks" / "claimdesk.json"
    db.parent.mkdir(parents=True)
    for n in range(count):
        holder = subprocess.Popen(worker.command("hold-lock", str(db)), stdout=subprocess.PIPE, text=True, env=worker.child_env())
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "locked":
            tally.fail("stale locks", [f"holder {n} did not take the lock"])
            holder.kill()
            holder.wait()
            continue
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        started = time.monotonic()
        result = claimdesk(
            db,
            "parcel",
            "add",
            "--tracking",
            f"LOCK-{n:04d}",
            "--order",
            "1",
            "--service",
            "other",
            "--created",
            "2026-03-10",
            "--item",
            "document",
            "--weight",
            "1",
            "--shipping-fee",
            "5",
        )
        waited = time.monotonic() - started
        if result.returncode != 0 or waited > 10:
            tally.fail(
                "stale locks", [f"write after killed holder {n}: exit {result.returncode} after {waited:.1f} s: {result.stderr.strip()}"]
            )
        else:
            tally.stale_locks += 1
    tally.fail("stale locks", worker.check_acknowledged(db, [f"P LOCK-{n:04d}" for n in range(tally.stale_locks)]))


STATS = re.compile(r"- (\d+) passing, (\d+) failing")
SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors)")


def pytest(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ) | env_extra
    env.pop("CLAIMDESK_NOW", None)
    # One -q only (the project's addopts adds another, which drops pytest's summary line).
    options = ["-p", "no:cacheprovider", "-o", "addopts=", "-m", "not perf and not torture", "-q"]
    return subprocess.run([sys.executable, "-m", "pytest", *options, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)


# The peak memory of one `claimdesk import`, measured by the child itself (ru_maxrss: KiB on Linux).
PEAK_RSS = """
import resource, sys
from claimdesk import cli
code = cli.main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
HUGE_FIELD_MB = 200
HUGE_FIELD_LIMIT_KB = 120 * 1024  # the old reader took 1.4 GB for this file


def huge_field(work: Path, tally: Tally) -> None:
    """Issue 9, item 6: one 200 MB field is refused with flat memory (the file is streamed): the
    import reports the over-long row by its line and exits 2, writing nothing."""
    source = work / "huge-field.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("tracking,order,service,carrier,created_at,item,weight,shipping_fee\nLP0000000001,81,other,")
        chunk = "x" * (1 << 20)
        for _ in range(HUGE_FIELD_MB):
            handle.write(chunk)
        handle.write(",2026-03-01,document,1,5\n")
    db = work / "huge-field.json"
    run = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, "--db", str(db), "import", str(source)],
        capture_output=True,
        text=True,
        env=worker.child_env(db),
        timeout=600,
        cwd=ROOT,
    )
    source.unlink()
    tally.bad_inputs += 1
    # The import prints its own report first; the child's figure is the last line of stdout.
    try:
        code, peak = map(int, run.stdout.splitlines()[-1].split())
    except (ValueError, IndexError):
        tally.fail("bad input", [f"huge field: no figure (exit {run.returncode}): {run.stderr[-500:]}"])
        return
    named = "line 2" in run.stderr and "longer than" in run.stderr  # the row is reported, with its line
    say(f"  {HUGE_FIELD_MB} MB one-field CSV: exit {code}, peak RSS {peak / 1024:.0f} MB, row named: {named}")
    if code != 2 or peak > HUGE_FIELD_LIMIT_KB or db.exists() or not named:
        tally.fail(
            "bad input",
            [f"huge field: exit {code}, peak RSS {peak} KiB, data file written: {db.exists()}, row named: {named}: {run.stderr[-300:]}"],
        )


def bad_input(examples: int, tally: Tally) -> None:
    run = pytest(["tests/cli/test_cli_bad_input.py", "--hypothesis-show-statistics"], {"CLAIMDESK_HYPOTHESIS_EXAMPLES": str(examples)})
    tried = sum(int(passing) + int(failing) for passing, failing in STATS.findall(run.stdout))
    tally.bad_inputs += tried
    if run.returncode != 0:
        tail = "\n".join(line for line in run.stdout.splitlines() if line.startswith(("E ", "FAILED")))[-3000:]
        tally.fail("bad input", [f"pytest exit {run.returncode}:\n{tail}"])
    if tried < examples:
        tally.fail("bad input", [f"only {tried} examples ran"])


def import_streams(tally: Tally) -> None:
    """Issue 18, items 4 and 5, at full size: a FIFO and a pipe with a bad byte, a stalled pipe, and
    1,000,000 bad rows (24 MB) ending exit 2 under 1 GB with the lock free."""
    run = pytest(["tests/cli/test_cli_import_streams.py"], {"CLAIMDESK_IMPORT_BAD_ROWS": "1000000"})
    tally.bad_inputs += 1
    if run.returncode != 0:
        tally.fail("bad input", [f"import streams: pytest exit {run.returncode}:\n{run.stdout[-3000:]}"])
    else:
        say("  import: FIFO and pipe bad bytes named, a stalled pipe holds no lock, 1,000,000 bad rows exit 2 under 1 GB")


def bad_files(tally: Tally) -> None:
    run = pytest(
        [
            "tests/unit/test_reliability_bad_files.py",
            "tests/unit/test_store_migrations.py",
            "tests/unit/test_reliability_paths.py",
            "tests/unit/test_reliability_damaged_records.py",
            "tests/unit/test_validation.py",
        ],
        {"CLAIMDESK_VALIDATION_EXAMPLES": "5000"},
    )
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    counts = {kind: int(number) for number, kind in SUMMARY.findall(last)}
    tally.bad_files += counts.get("passed", 0)
    if run.returncode != 0:
        tally.fail("bad files", [run.stdout[-3000:]])


# --------------------------------------------------------------------------- main


def trust(work: Path, options: argparse.Namespace, rng: random.Random, tally: Tally) -> None:
    from tests import trust_attacks

    for name, attack in (
        ("serve replays", lambda: trust_attacks.serve_replays(work, options.replays, 40)),
        ("undo races", lambda: trust_attacks.undo_races(work, options.undo_races, 90, rng)),
        ("temp files", lambda: trust_attacks.temp_precreation(work, options.temp_rounds, 40)),
    ):
        outcome = attack()
        tally.trust[name] = outcome.rounds
        for what, count in outcome.counts.items():
            tally.trust[f"{name}: {what}"] = count
        tally.fail(f"trust, {name}", outcome.problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=300, help="SIGKILLs of writer processes (default 300)")
    parser.add_argument("--races", type=int, default=300, help="service-level races (default 300)")
    parser.add_argument("--cli-races", type=int, default=12, help="races between two CLI processes (default 12)")
    parser.add_argument("--writes", type=int, default=600, help="parcels per concurrent writer (default 600)")
    parser.add_argument("--locks", type=int, default=20, help="stale locks to recover (default 20)")
    parser.add_argument("--examples", type=int, default=1500, help="hypothesis examples per bad-input property")
    parser.add_argument("--replays", type=int, default=150, help="serve cookie-replay rounds (default 150, at most 40 s)")
    parser.add_argument("--undo-races", type=int, default=30, help="undo confirmations racing a CLI writer (default 30, at most 90 s)")
    parser.add_argument("--temp-rounds", type=int, default=300, help="writes beside a hostile temp-file placer (default 300, at most 40 s)")
    parser.add_argument("--seed", type=int, default=20260320)
    options = parser.parse_args(argv)

    tally = Tally()
    rng = random.Random(options.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="claimdesk-torture-") as folder:
        work = Path(folder)
        home = work / "home"
        home.mkdir()
        # Nothing here may touch a real desk: private HOME and data folders, pinned clock.
        os.environ.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            CLAIMDESK_DB=str(work / "unused.json"),
            CLAIMDESK_NOW=worker.NOW_TEXT,
        )
        phases = [
            ("crash", lambda: crash(work, options.kills, rng, tally)),
            ("writers", lambda: writers(work, options.writes, tally)),
            ("races", lambda: races(work, options.races, tally)),
            ("cli races", lambda: cli_races(work, options.cli_races, tally)),
            ("stale locks", lambda: stale_locks(work, options.locks, tally)),
            ("bad input", lambda: (bad_input(options.examples, tally), huge_field(work, tally), import_streams(tally))),
            ("bad files", lambda: bad_files(tally)),
            ("trust", lambda: trust(work, options, rng, tally)),
        ]
        for name, phase in phases:
            say(f"{name} ...")
            phase_started = time.monotonic()
            try:
                phase()
            except Exception as error:  # a crashed phase is a failure, and the others still run
                where = traceback.extract_tb(error.__traceback__)[-3:]
                trail = " <- ".join(f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in reversed(where))
                tally.fail(name, [f"{type(error).__name__}: {error} (at {trail})"])
            tally.timings[name] = time.monotonic() - phase_started
            say(f"{name} done in {tally.timings[name]:.0f} s")
    elapsed = time.monotonic() - started

    say("")
    say(f"claimdesk torture summary (seed {options.seed}, {elapsed / 60:.1f} min)")
    say(f"  kills survived         {tally.kills:>7}")
    say(f"  writes checked         {tally.writes:>7}")
    say(f"  races run              {tally.races:>7}")
    say(f"  stale locks recovered  {tally.stale_locks:>7}")
    say(f"  bad inputs tried       {tally.bad_inputs:>7}")
    say(f"  bad-file cases         {tally.bad_files:>7}")
    for what, count in tally.trust.items():
        say(f"  trust, {what:<40} {count:>7}")
    say(f"  failures               {len(tally.failures):>7}")
    say("  phase times: " + ", ".join(f"{name} {seconds:.0f}s" for name, seconds in tally.timings.items()))
    for failure in tally.failures[:20]:
        say(f"FAIL {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
