"""Issue 20 item 4: the command palette finds a command by its synonyms in either language and
shows the command's key beside it."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from tests.ui._pilot import until


def shown(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt) for option in options]


async def search(pilot, app, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    app.screen.query_one("#--input").value = ""  # type: ignore[attr-defined]
    await pilot.press(*query)
    await until(pilot, lambda: any("简体中文" in prompt for prompt in shown(app)), f"the language command for {query!r}")
    return shown(app)


async def test_zh_chinese_and_a_chinese_word_find_the_language_command(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        for query in ("zh", "chinese", "中文"):
            await search(pilot, app, query)


async def test_a_chinese_synonym_finds_an_action_with_its_key(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"计算")  # 'calculate': the compensation calculator, on k
        await until(pilot, lambda: any("Calc" in prompt for prompt in shown(app)), "the calculator command")
        [prompt] = [prompt for prompt in shown(app) if "Calc" in prompt]
        assert prompt.splitlines()[0].rstrip().endswith(" k"), prompt
