"""One benchmark run of the real claimdesk app, headless, in a fresh process.

    python -m tests.perf.app_probe startup PATH
    python -m tests.perf.app_probe interactive PATH [--keys yt00] [--clocks 2000] [--repeat 15]

Prints one JSON object on stdout. `ready_at` is a time.perf_counter() value, which on Linux is
CLOCK_MONOTONIC and so comparable with the parent's clock: the parent takes its own reading just
before starting this process and subtracts, so start-up includes the interpreter, every import,
Desk.open, building the screen and the first frame.

A large desk draws its first screen before its whole list is built (ui/screens/main.py); the
probe then waits for the list to be filled in (`filled_at`), so the row count, the peak memory
and the interactive figures are the whole list's.

Headless Textual composes every frame but skips turning it into terminal output; this probe
does that last step too (CompositorUpdate.render_segments), so a "frame" here costs what it
costs in a terminal, minus the write to the tty.
"""

from __future__ import annotations

import time

PROCESS_T0 = time.perf_counter()  # before any import but time's: the nearest we get to exec

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from datetime import timedelta  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (160, 48)  # a roomy desktop terminal: ~40 list rows and ~20 countdown entries visible


class FrameWatch:
    """Counts list / countdown line renders and stamps every frame sent to the "terminal"."""

    def __init__(self) -> None:
        self.table_lines = 0
        self.panel_lines = 0
        self.frames = 0
        self.first_frame_at: float | None = None
        self.first_full_frame_at: float | None = None
        self.waiting: tuple[str, int, asyncio.Event] | None = None
        self.frame_at = 0.0
        self.frame_cpu = 0.0

    def install(self) -> None:
        from textual._compositor import CompositorUpdate
        from textual.app import App

        from claimdesk.ui.widgets.countdown import CountdownPanel
        from claimdesk.ui.widgets.parcel_table import ParcelTable

        watch = self
        table_render = ParcelTable.render_line
        panel_render = CountdownPanel.render_line

        def table_line(widget: Any, y: int) -> Any:
            watch.table_lines += 1
            return table_render(widget, y)

        def panel_line(widget: Any, y: int) -> Any:
            watch.panel_lines += 1
            return panel_render(widget, y)

        ParcelTable.render_line = table_line  # type: ignore[method-assign]
        CountdownPanel.render_line = panel_line  # type: ignore[method-assign]
        display = App._display

        def shown(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is None or not isinstance(renderable, CompositorUpdate):
                return
            if app.is_headless:
                renderable.render_segments(app.console)  # what a real terminal frame costs
            now = time.perf_counter()
            watch.frames += 1
            if watch.first_frame_at is None:
                watch.first_frame_at = now
            if watch.first_full_frame_at is None and watch.table_lines and watch.panel_lines:
                watch.first_full_frame_at = now
            if watch.waiting is not None:
                which, before, event = watch.waiting
                count = watch.table_lines if which == "table" else watch.panel_lines
                if count > before:
                    watch.frame_at, watch.frame_cpu = now, time.process_time()
                    watch.waiting = None
                    event.set()

        App._display = shown  # type: ignore[method-assign]

    def expect(self, which: str) -> asyncio.Event:
        """An event set by the first frame that redraws `which` ("table" or "panel")."""
        event = asyncio.Event()
        self.waiting = (which, self.table_lines if which == "table" else self.panel_lines, event)
        return event


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux getrusage's ru_maxrss keeps the high-water mark of the process image that
    exec'd us (the parent's size, when it forked us), so the kernel's per-image VmHWM is read
    when there is one; getrusage elsewhere.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


async def _wait_filled(table: Any) -> None:
    """A large desk opens on its first screen and builds the rest of its list after it."""
    for _ in range(600_000):
        if getattr(table, "loading_total", None) is None:
            return
        await asyncio.sleep(0.001)
    raise RuntimeError("the list was never filled")


async def _wait_ready(app: Any, pilot: Any) -> None:
    for _ in range(60_000):
        if app.startup_seconds is not None:
            return
        await asyncio.sleep(0.001)
    raise RuntimeError("the app never became ready")


def run(mode: str, path: str, keys: str, clocks: int, repeat: int) -> dict[str, Any]:
    from pathlib import Path

    if not Path(path).is_file():
        raise SystemExit(f"no data file {path}")
    watch = FrameWatch()
    from claimdesk.services import Desk
    from claimdesk.ui import app as app_module

    watch.install()
    ready_cpu: list[float] = []
    on_ready = app_module.ClaimdeskApp.on_ready

    def ready(app: Any) -> None:
        ready_cpu.append(time.process_time())  # this process's CPU seconds up to ready: less load-bound
        on_ready(app)

    app_module.ClaimdeskApp.on_ready = ready  # type: ignore[method-assign]
    imported_at = time.perf_counter()
    desk = Desk.open_for_app(path)  # as `claimdesk` opens it (ui/app.py run_app)
    opened_at = time.perf_counter()
    # No timer ticks of its own during the measurements: the probe drives tick() itself.
    app = app_module.ClaimdeskApp(desk, tick_seconds=3600)
    result: dict[str, Any] = {"mode": mode}

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _wait_ready(app, pilot)
            ready_at = app_module._STARTED + app.startup_seconds
            from claimdesk.ui.widgets.countdown import CountdownPanel
            from claimdesk.ui.widgets.parcel_table import ParcelTable

            table = app.query_one("#parcels", ParcelTable)
            panel = app.query_one("#countdown", CountdownPanel)
            rows_at_ready, rss_at_ready = len(table.all_rows), peak_rss_mb()
            await _wait_filled(table)  # every figure below, the filter's too, is the whole list's
            result.update(
                process_t0=PROCESS_T0,
                imported_at=imported_at,
                opened_at=opened_at,
                ready_at=ready_at,
                first_frame_at=watch.first_frame_at,
                first_full_frame_at=watch.first_full_frame_at,
                cpu_at_ready=ready_cpu[0],
                table_lines_at_ready=watch.table_lines,
                panel_lines_at_ready=watch.panel_lines,
                filled_at=time.perf_counter(),
                rows_at_ready=rows_at_ready,
                rows=len(table.all_rows),
                clocks=len(panel.items),
                peak_rss_mb_at_ready=rss_at_ready,
                peak_rss_mb=peak_rss_mb(),
                ru_maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            )
            if mode == "interactive":
                await pilot.pause()
                result.update(await _interactive(app, pilot, table, panel, watch, keys, clocks, repeat))
                result["peak_rss_mb_after"] = peak_rss_mb()
            app.exit(0)

    asyncio.run(drive())
    return result


async def _interactive(
    app: Any, pilot: Any, table: Any, panel: Any, watch: FrameWatch, keys: str, clocks: int, repeat: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # ---- filter: press a key in the filter box, wait for the frame that redraws the list.
    await pilot.press("slash")
    await pilot.pause()
    latencies: list[float] = []
    cpu: list[float] = []
    matches: list[int] = []
    sequence = list(keys) + ["backspace"] * len(keys)
    for key in sequence:
        event = watch.expect("table")
        t0, c0 = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await asyncio.wait_for(event.wait(), 30)
        latencies.append((watch.frame_at - t0) * 1000)
        cpu.append((watch.frame_cpu - c0) * 1000)
        matches.append(len(table.items))
        await pilot.pause()
    assert table.query_text == "", "the filter did not clear"
    out.update(filter_ms=latencies, filter_cpu_ms=cpu, filter_matches=matches)

    # ---- countdown tick: `clocks` live clocks in the panel; tick() and the frame it causes.
    all_clocks = app.desk.due(now=app.desk.now())
    chosen = all_clocks[:clocks] if clocks else all_clocks
    now = app.desk.now()
    panel.load(chosen, now)
    await pilot.pause()
    await pilot.pause()
    tick_wall: list[float] = []
    tick_cpu: list[float] = []
    tick_call: list[float] = []
    for step in range(1, repeat + 1):
        event = watch.expect("panel")
        at = now + timedelta(seconds=step)
        t0, c0 = time.perf_counter(), time.process_time()
        panel.tick(at)
        t1 = time.perf_counter()
        await asyncio.wait_for(event.wait(), 30)
        tick_call.append((t1 - t0) * 1000)
        tick_wall.append((watch.frame_at - t0) * 1000)
        tick_cpu.append((watch.frame_cpu - c0) * 1000)
        await pilot.pause()
    out.update(
        tick_clocks=len(panel.items),
        tick_call_ms=tick_call,
        tick_wall_ms=tick_wall,
        tick_cpu_ms=tick_cpu,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["startup", "interactive"])
    parser.add_argument("path")
    parser.add_argument("--keys", default="yt00")
    parser.add_argument("--clocks", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    result = run(args.mode, args.path, args.keys, args.clocks, args.repeat)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
