"""`t` / `T`: the selected parcel's complaint, drafted for the seller centre, onto the clipboard."""

from __future__ import annotations

from tests.ui._pilot import SIZE, notes, shanghai

TRACKING = "EE123456785CN"


async def test_t_copies_the_chinese_text_and_T_the_english(make_app, add_parcel, desk) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.clipboard == desk.complaint_text(TRACKING, "zh")
        assert "货物丢失" in app.clipboard and TRACKING in app.clipboard
        assert any("on the clipboard, in Chinese" in message for message in notes(app))

        await pilot.press("T")
        await pilot.pause()
        assert app.clipboard.startswith("Logistics complaint: loss (attempt 1 of 2)")


async def test_t_without_a_complaint_copies_nothing_and_says_why(make_app, add_parcel) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.clipboard == ""
        assert any("file one first" in message for message in notes(app))


async def test_without_a_clipboard_tool_it_says_so_and_shows_the_text(make_app, add_parcel, desk, monkeypatch, clipboard_tool) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 10: no tool took it and the terminal may ignore OSC 52: never 'on the clipboard'."""
    from claimdesk.ui.screens.complaint_text import ComplaintTextScreen

    monkeypatch.setattr("claimdesk.ui.clipboard.system_copy", lambda text, environ=None: None)
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintTextScreen)  # shown, to copy by hand
        said = "\n".join(notes(app))
        assert "on the clipboard," not in said and "copy it by hand" in said
        assert app.clipboard == desk.complaint_text(TRACKING, "zh")  # OSC 52 was still sent


def test_a_clipboard_tool_is_used_only_where_it_can_work(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """wl-copy needs Wayland, xclip X11; the first installed one that works takes the text."""
    import importlib
    import os
    import shutil

    import claimdesk.ui.clipboard as clipboard

    clipboard = importlib.reload(clipboard)  # the module's own system_copy, not the fixture's
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "copied.txt"
    for name in ("wl-copy", "xclip"):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{shutil.which('cat')} > {out}.{name}\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert clipboard.system_copy("货物丢失", {"DISPLAY": ":0"}) == "xclip"
    assert (tmp_path / "copied.txt.xclip").read_text(encoding="utf-8") == "货物丢失"
    assert clipboard.system_copy("x", {"WAYLAND_DISPLAY": "wayland-0"}) == "wl-copy"
    assert clipboard.system_copy("x", {}) is None
    assert os.environ["PATH"] == str(bin_dir)
