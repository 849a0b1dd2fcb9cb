"""Issue 18's attacks, long versions, for `make torture` (its "trust" phase).

Each attack is bounded in count and in time, and talks only to 127.0.0.1:

- serve replays: a real `claimdesk serve`; every round loads the page with its key as a browser
  would, then replays every cookie the server set (and the old `claimdesk-PORT=KEY` cookie)
  without the key to the page, a static file and the WebSocket: every replay must be a 403.
- undo races: the app's undo (a Desk, as the app holds it) confirms at a random moment while the
  real CLI records the appeal on the same complaint (or only changes its note): whatever the
  order, undo retracts only the event it showed, never the CLI's.
- temp-file pre-creation: while a hostile thread keeps placing symlinks to a victim file at the
  old predictable temp names and a FIFO where the validation stamp lives, the desk writes and
  exports; `parcel list` runs with a timeout. The victim never changes, every export is a regular
  file with the right content, nothing hangs.

The tests in tests/web, tests/ui/test_confirm_races.py and tests/unit/test_shared_folder.py are
the short versions.
"""

from __future__ import annotations

import asyncio
import os
import random
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.reliability_worker import NOW_TEXT, child_env, parcel_fields

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    rounds: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def _desk(db: Path):  # type: ignore[no-untyped-def]
    from claimdesk.clock import clock_from_env
    from claimdesk.services import Desk

    return Desk.open(db, clock_from_env({"CLAIMDESK_NOW": NOW_TEXT}))


def _cli(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )


# --------------------------------------------------------------------------- serve replays


def serve_replays(work: Path, rounds: int, budget: float) -> Outcome:
    import aiohttp

    from tests.web.helpers import printed_url, serving, wait_for_port

    outcome = Outcome()
    db = work / "serve" / "claimdesk.json"
    db.parent.mkdir(parents=True)
    _desk(db).add_parcel(parcel_fields("LP0000000001"))
    log = work / "serve" / "serve.log"

    async def attack(url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        port = parts.port
        token = parse_qs(parts.query)["token"][0]
        deadline = time.monotonic() + budget
        for _ in range(rounds):
            if time.monotonic() > deadline:
                break
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
                async with browser.get(url) as page:
                    if page.status != 200:
                        outcome.problems.append(f"the page with its key: {page.status}")
                    set_cookies = page.headers.getall("Set-Cookie", [])
                async with browser.get(f"{origin}/{token}/static/js/textual.js") as script:
                    set_cookies += script.headers.getall("Set-Cookie", [])
                cookies = {cookie.key: cookie.value for cookie in browser.cookie_jar}
            if set_cookies:
                outcome.problems.append(f"the server set cookies: {set_cookies}")
            cookies[f"claimdesk-{port}"] = token  # what the old server set
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), cookies=cookies) as thief:
                for path in ("/", "/static/js/textual.js"):
                    async with thief.get(origin + path, allow_redirects=False) as response:
                        outcome.count("replays")
                        if response.status != 403:
                            outcome.problems.append(f"replayed cookies got {path}: {response.status}")
                try:
                    async with thief.ws_connect(f"ws://{parts.netloc}/ws", headers={"Origin": origin}):
                        outcome.problems.append("replayed cookies opened the WebSocket")
                except aiohttp.WSServerHandshakeError as error:
                    if error.status != 403:
                        outcome.problems.append(f"replayed cookies, WebSocket: {error.status}")
                outcome.count("replays")
            outcome.rounds += 1

    with serving(db, log=log, env={"CLAIMDESK_LANG": "en"}) as (proc, port):
        wait_for_port(port, proc, timeout=60)
        asyncio.run(attack(printed_url(log)))
    return outcome


# --------------------------------------------------------------------------- undo races


def undo_races(work: Path, rounds: int, budget: float, rng: random.Random) -> Outcome:
    """Per round its own parcel: filed 03-18, no agreement 03-19 10:00. The app's undo question
    names the no-agreement reply; the CLI records the appeal (or, one round in three, only a
    note) while the seller confirms after a random pause."""
    from claimdesk.domain.complaints import ChangedSinceShown, EventKind
    from claimdesk.domain.errors import ClaimdeskError
    from tests.ui._pilot import shanghai

    outcome = Outcome()
    db = work / "undo" / "claimdesk.json"
    db.parent.mkdir(parents=True)
    setup = _desk(db)
    trackings = [f"LP{k + 1:010d}" for k in range(rounds)]
    for tracking in trackings:
        setup.add_parcel(parcel_fields(tracking))
        setup.file_complaint(tracking, "damage", at=shanghai("2026-03-18 10:00"))
        setup.record_reply(tracking, agreed=False, at=shanghai("2026-03-19 10:00"))
    setup.close()
    app = _desk(db)  # the app's Desk, open all along
    deadline = time.monotonic() + budget
    for k, tracking in enumerate(trackings):
        if time.monotonic() > deadline:
            break
        note_only = k % 3 == 2
        shown, event = app.undo_preview(tracking)
        writer = (
            _cli(db, "complaint", "note", tracking, "--set", f"round {k}")
            if note_only
            else _cli(db, "complaint", "escalate", tracking, "--at", "2026-03-19T12:00:00+08:00")
        )
        time.sleep(rng.uniform(0, 2.5))  # the answer: before, during or after the CLI start-up and write
        try:
            app.undo(tracking, "torture", shown=shown)
            result = "retracted"
        except ChangedSinceShown:
            result = "refused, changed"
        except ClaimdeskError as error:
            result = f"refused: {error}"
        writer.communicate(timeout=120)
        outcome.count(f"undo {result}" if not note_only else f"note round: undo {result}")
        outcome.count(f"CLI exit {writer.returncode}")
        complaint = _desk(db).latest_complaint(tracking)
        retracted = [e for e in complaint.events if e.retracted_at is not None]
        if any((e.kind, e.at) != (event.kind, event.at) for e in retracted):
            outcome.problems.append(f"{tracking}: retracted {[e.kind.value for e in retracted]}, shown {event.kind.value}")
        if note_only and result != "retracted":
            outcome.problems.append(f"{tracking}: a note changed meanwhile refused the undo ({result})")
        if not note_only and writer.returncode == 0 and EventKind.ESCALATED not in [e.kind for e in complaint.live_events]:
            outcome.problems.append(f"{tracking}: the CLI's appeal is not live")
        outcome.rounds += 1
    return outcome


# --------------------------------------------------------------------------- temp-file pre-creation


def temp_precreation(work: Path, rounds: int, budget: float) -> Outcome:
    outcome = Outcome()
    shared = work / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # a sticky shared folder, as /tmp
    victim = work / "victim.txt"
    victim.write_bytes(b"another user's file\n")
    db = shared / "claimdesk.json"
    desk = _desk(db)
    desk.add_parcel(parcel_fields("LP0000000001"))
    export = shared / "out.csv"
    stamp = shared / ".claimdesk.json.checked"
    stop = threading.Event()
    pids = [os.getpid() + delta for delta in range(-50, 51)]

    def hostile() -> None:
        """Places links at every predictable temp name and a FIFO at the stamp, over and over."""
        while not stop.is_set():
            for pid in pids:
                for name in (f".claimdesk.json.{pid}.tmp", f".out.csv.{pid}.tmp", f".{pid}.tmp"):
                    try:
                        (shared / name).symlink_to(victim)
                        outcome.count("links placed")
                    except OSError:
                        pass
            try:
                if not stat.S_ISFIFO(os.lstat(stamp).st_mode):
                    stamp.unlink()
                    raise FileNotFoundError
            except FileNotFoundError:
                try:
                    os.mkfifo(stamp)
                    outcome.count("FIFOs placed")
                except OSError:
                    pass
            time.sleep(0.001)

    thread = threading.Thread(target=hostile, daemon=True)
    thread.start()
    deadline = time.monotonic() + budget
    try:
        for k in range(rounds):
            if time.monotonic() > deadline:
                break
            desk.edit_parcel("LP0000000001", {"weight": f"{1 + k % 50}.5"})
            desk.export_csv(export, overwrite=True)
            outcome.count("writes and exports")
            if export.is_symlink() or not export.is_file() or b"LP0000000001" not in export.read_bytes():
                outcome.problems.append(f"round {k}: the export is not our regular file")
            if k % 25 == 0:
                try:
                    listing = subprocess.run(
                        [sys.executable, "-m", "claimdesk", "--db", str(db), "parcel", "list"],
                        capture_output=True,
                        text=True,
                        env=child_env(),
                        cwd=ROOT,
                        timeout=60,
                    )
                    outcome.count("parcel list beside a FIFO stamp")
                    if listing.returncode != 0:
                        outcome.problems.append(f"round {k}: parcel list exit {listing.returncode}: {listing.stderr.strip()}")
                except subprocess.TimeoutExpired:
                    outcome.problems.append(f"round {k}: parcel list hung beside a FIFO stamp")
            outcome.rounds += 1
    finally:
        stop.set()
        thread.join(timeout=10)
    if victim.read_bytes() != b"another user's file\n":
        outcome.problems.append("the victim file was written")
    desk.close()
    return outcome
