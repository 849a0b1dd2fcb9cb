"""The command palette's own providers: the desk's commands found by their words in either
language with each one's key shown, and a jump to a parcel by tracking or order number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.system_commands import SystemCommandsProvider

from claimdesk.i18n import _
from claimdesk.labels import label

if TYPE_CHECKING:
    from claimdesk.ui.app import ClaimdeskApp

MAX_HITS = 20

# Words a seller may type for a command (by binding id, or language code), in both languages
# whatever is shown: search words, never displayed, so not translated.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "add": ("new parcel", "create", "新增", "添加", "包裹"),
    "edit": ("change", "modify", "编辑", "修改"),
    "complaint": ("complain", "file", "claim", "wizard", "投诉", "索赔"),
    "record": ("progress", "reply", "escalate", "close", "记录", "进展", "回复"),
    "calculator": ("calculator", "compensation", "money", "计算", "赔偿", "计算器"),
    "import": ("csv", "excel", "xlsx", "file", "导入"),
    "dashboard": ("recovery", "report", "statistics", "看板", "统计", "报表"),
    "filter": ("search", "find", "筛选", "搜索", "查找"),
    "settings": ("options", "preferences", "rules", "设置", "规则"),
    "undo": ("revert", "撤销", "撤回"),
    "note": ("comment", "memo", "备注", "笔记"),
    "archive": ("hide", "归档"),
    "archived": ("archive", "hidden", "归档"),
    "delete": ("remove", "删除"),
    "calendar": ("ics", "calendar", "日历", "日程"),
    "open": ("details", "history", "详情", "历史"),
    "en": ("english", "en", "英文", "英语"),
    "zh": ("chinese", "zh", "cn", "mandarin", "中文", "汉语", "简体"),
}


class DeskCommands(SystemCommandsProvider):
    """Textual's system commands, matched by title and by the command's synonyms, each shown
    with its key (the app's `command_extras`: title -> (key, synonym key))."""

    async def search(self, query: str) -> Hits:
        app: ClaimdeskApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for name, help_text, callback, *_rest in app.get_system_commands(self.screen):
            key, words = app.command_extras.get(name, ("", ""))
            score = max([matcher.match(name)] + [matcher.match(word) * 0.9 for word in SYNONYMS.get(words, ())])
            if score > 0:
                shown = matcher.highlight(name)
                if key:
                    shown = shown + Content.styled(f"  {key}", "dim")
                yield Hit(score, shown, callback, help=help_text)


class ParcelCommands(Provider):
    async def search(self, query: str) -> Hits:
        app: ClaimdeskApp = self.app  # type: ignore[assignment]
        needle = query.strip().upper()
        if len(needle) < 2:
            return
        main = app.main
        matcher = self.matcher(query)
        shown = 0
        for row in main.table.all_rows:
            if needle in row.tracking or needle in row.order.upper():
                text = _("Go to parcel {tracking} ({status}, order {order})").format(
                    tracking=row.tracking, status=label("status", row.status), order=row.order
                )
                yield Hit(matcher.match(text) or 0.5, matcher.highlight(text), lambda t=row.tracking: main.select_parcel(t))
                shown += 1
                if shown >= MAX_HITS:
                    return
