"""Every string the app shows, in English and 中文. Keys are short English identifiers.

English plurals: `{n|card|cards}` in a string is "card" when the value `n` is 1, "cards" otherwise."""
from __future__ import annotations

import re

LANGUAGES = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and bindings
    "back": ("Back", "返回"),
    "quit": ("Quit", "退出"),
    "home": ("Home", "主页"),
    "review": ("Review", "复习"),
    "quiz": ("Quiz", "测验"),
    "labs": ("Labs", "实验"),
    "interview": ("Interview", "面试"),
    "browse": ("Browse", "浏览"),
    "stats": ("Stats", "统计"),
    "settings": ("Settings", "设置"),
    "help": ("Help", "帮助"),
    "show_answer": ("Show answer", "显示答案"),
    "again": ("Again", "重来"),
    "hard": ("Hard", "困难"),
    "good": ("Good", "良好"),
    "easy": ("Easy", "简单"),
    "undo": ("Undo", "撤销"),
    "suspend": ("Suspend", "暂停"),
    "unsuspend": ("Unsuspend", "恢复"),
    "toggle_suspend": ("Suspend/unsuspend", "暂停/恢复"),
    "bury": ("Bury", "搁置"),
    "lab": ("Lab", "实验"),
    "edit": ("Edit source", "编辑原文"),
    "reset": ("Reset", "重置"),
    "open": ("Open", "打开"),
    "search": ("Search", "搜索"),
    "save": ("Save", "保存"),
    # command palette help
    "cmd_home": ("Go to the home screen", "回到主页"),
    "cmd_review": ("Review the cards due today", "复习今天到期的卡片"),
    "cmd_quiz": ("Quiz yourself on the deck: cloze, choice, numbers, true/false, free text",
                 "基于卡组的测验：填空、选择、计算、判断、简答"),
    "cmd_labs": ("Runnable PyTorch labs for the cards, checked automatically", "卡片配套的 PyTorch 实验，自动检查结果"),
    "cmd_interview": ("A timed mock interview that finds your weak spots", "限时模拟面试，找出薄弱环节"),
    "cmd_browse": ("Search and manage cards", "搜索和管理卡片"),
    "cmd_stats": ("Charts of your reviews and memory", "复习与记忆的图表"),
    "cmd_settings": ("Daily limits, retention, language, theme", "每日上限、目标记忆率、语言、主题"),
    "cmd_quit": ("Quit studyapp", "退出 studyapp"),
    # home
    "due": ("Due", "到期"),
    "new": ("New", "新卡"),
    "learning": ("Learning", "学习中"),
    "streak": ("Streak", "连续"),
    "days": ("{n} {n|day|days}", "{n} 天"),
    "reviews_today": ("{n} {n|answer|answers} today", "今天已答 {n} 张"),
    "heatmap_title": ("Reviews, last 26 weeks ({n} in all)", "最近 26 周的复习（共 {n} 次）"),
    "forecast_title": ("Due in the next 30 days ({n} in all)", "未来 30 天到期（共 {n} 张）"),
    "today": ("today", "今天"),
    "loading": ("Loading…", "加载中…"),
    "weekdays": ("Mon,,Wed,,Fri,,", "一,,三,,五,,"),
    "less": ("less", "少"),
    "more": ("more", "多"),
    # review
    "progress": ("{pos} / {total}", "{pos} / {total}"),
    "progress_counts": ("new {new} · learning {learning} · due {due}", "新卡 {new} · 学习中 {learning} · 到期 {due}"),
    "context": ("Part of: {question}", "所属问题：{question}"),
    "press_space": ("space: show the answer", "空格：显示答案"),
    "rating_button": ("{key} {name} · {interval}", "{key} {name} · {interval}"),
    "rating_button_narrow": ("{key} {name}\n{interval}", "{key} {name}\n{interval}"),
    "summary_title": ("Done for now", "本轮完成"),
    "nothing_due": ("Nothing is due right now. Come back later, or browse the deck.",
                    "现在没有到期的卡片。稍后再来，或者浏览卡组。"),
    "summary_body": ("{cards} {cards|card|cards} in {time} · again rate {again}", "{cards} 张卡片，用时 {time} · 重来率 {again}"),
    "summary_keys": ("u undo the last answer · q back home", "u 撤销上一次回答 · q 返回主页"),
    "nothing_to_undo": ("Nothing to undo", "没有可以撤销的回答"),
    "undone": ("Took back '{rating}'", "已撤销“{rating}”"),
    "undone_change": ("Card restored as it was", "卡片已恢复原状"),
    "suspended_note": ("Card suspended", "卡片已暂停"),
    "unsuspended_note": ("Card unsuspended", "卡片已恢复"),
    "buried_note": ("Card buried until tomorrow", "卡片已搁置到明天"),
    "reset_note": ("Card reset to new", "卡片已重置为新卡"),
    "leech_note": ("Leech: this card was forgotten {n} {n|time|times} and is now suspended",
                   "难记卡：已遗忘 {n} 次，现已暂停"),
    "no_lab": ("This card has no lab", "这张卡片没有配套实验"),
    "no_source": ("The source document {path} is not there", "找不到原文 {path}"),
    "reimported": ("Re-imported {path}: {updated} updated, {added} added", "已重新导入 {path}：更新 {updated}，新增 {added}"),
    "import_failed": ("Could not re-import: {error}", "重新导入失败：{error}"),
    "copy_bundled_title": ("Edit a copy of the bundled deck?", "编辑内置卡组的副本？"),
    "copy_bundled_body": (
        "The bundled deck is part of the installed program:\n{bundled}\nan upgrade would undo edits made there.\n\n"
        "y: copy it to {copy}, edit the copy and import it (the cards keep their history)\nn: cancel",
        "内置卡组是已安装程序的一部分：\n{bundled}\n在那里的修改会在升级时丢失。\n\n"
        "y：复制到 {copy}，编辑副本并导入（卡片的复习记录保留）\nn：取消"),
    "copy_and_edit": ("Copy and edit", "复制并编辑"),
    "cancel": ("Cancel", "取消"),
    "editor_failed": ("Could not start the editor {editor}: {error}", "无法启动编辑器 {editor}：{error}"),
    "figure_missing": ("figure not available: {name}", "图片缺失：{name}"),
    # help
    "help_title": ("Keys", "快捷键"),
    "help_review": (
        "space  show the answer\n1 2 3 4  Again · Hard · Good · Easy\nu  undo the last answer\n"
        "!  suspend the card\n-  bury the card until tomorrow\nL  open the card's lab\n"
        "e  edit the source document, then re-import it\n?  this help\nq  back home\n"
        "ctrl+p  command palette\nctrl+c  quit (answers are already saved)",
        "空格  显示答案\n1 2 3 4  重来 · 困难 · 良好 · 简单\nu  撤销上一次回答\n"
        "!  暂停这张卡片\n-  搁置到明天\nL  打开配套实验\n"
        "e  编辑原文并重新导入\n?  本帮助\nq  返回主页\n"
        "ctrl+p  命令面板\nctrl+c  退出（已答的卡片都已保存）",
    ),
    "close": ("Close", "关闭"),
    # browse
    "search_placeholder": ("Search: text  is:due is:new is:suspended is:leech  tag:x  section:x  r<0.8  lapses>2",
                           "搜索：文字  is:due is:new is:suspended is:leech  tag:x  section:x  r<0.8  lapses>2"),
    "results": ("{n} {n|card|cards}", "{n} 张卡片"),
    "results_truncated": ("{n} {n|card|cards} (showing the first {shown})", "{n} 张卡片（显示前 {shown} 张）"),
    "col_id": ("#", "#"),
    "col_question": ("Question", "问题"),
    "col_section": ("Section", "章节"),
    "col_state": ("State", "状态"),
    "col_due": ("Due", "到期"),
    "col_r": ("R", "记忆率"),
    "col_lapses": ("Lapses", "遗忘"),
    "state_new": ("new", "新卡"),
    "state_learning": ("learning", "学习中"),
    "state_review": ("review", "复习"),
    "state_relearning": ("relearning", "重学"),
    "state_suspended": ("suspended", "已暂停"),
    # card detail
    "card_title": ("Card {id}", "卡片 {id}"),
    "answer": ("Answer", "答案"),
    "repair_heading": ("Added by studyapp — not in your document", "studyapp 补充 —— 原文没有的内容"),
    "card_info": ("{state} · due {due} · R {r} · stability {s} · difficulty {d} · {reps} {reps|review|reviews} · {lapses} {lapses|lapse|lapses}",
                  "{state} · 到期 {due} · 记忆率 {r} · 稳定性 {s} · 难度 {d} · 复习 {reps} 次 · 遗忘 {lapses} 次"),
    "tags": ("tags: {tags}", "标签：{tags}"),
    "history": ("Review history", "复习记录"),
    "no_history": ("Not reviewed yet", "还没有复习过"),
    "col_when": ("When", "时间"),
    "col_rating": ("Rating", "评分"),
    "col_stability": ("Stability", "稳定性"),
    "col_difficulty": ("Difficulty", "难度"),
    "col_source": ("From", "来源"),
    "r_over_time": ("Retrievability over time", "记忆率随时间变化"),
    "days_since_first": ("days since the first review", "距第一次复习的天数"),
    # stats
    "reviews_per_day": ("Reviews per day (30 days)", "每日复习量（30 天）"),
    "passed": ("passed", "记住"),
    "true_retention": ("True retention", "真实记忆率"),
    "period": ("Period", "时段"),
    "young": ("Young", "新近"),
    "mature": ("Mature", "成熟"),
    "all": ("All", "全部"),
    "last_days": ("last {n} {n|day|days}", "最近 {n} 天"),
    "forecast": ("Forecast (30 days)", "到期预测（30 天）"),
    "mastery": ("Mastery per section (mean retrievability)", "各章节掌握度（平均记忆率）"),
    "col_cards": ("Cards", "卡片"),
    "col_studied": ("Studied", "已学"),
    "col_mastery": ("Mastery", "掌握度"),
    "stability_hist": ("Stability (days)", "稳定性（天）"),
    "difficulty_hist": ("Difficulty", "难度"),
    "cards_axis": ("Reviews", "复习次数"),
    # settings
    "new_per_day": ("New cards per day", "每日新卡上限"),
    "reviews_per_day_limit": ("Reviews per day", "每日复习上限"),
    "desired_retention": ("Desired retention (0.70–0.99)", "目标记忆率（0.70–0.99）"),
    "rollover_hour": ("Next day starts at (hour, 0–23)", "新一天开始于（时，0–23）"),
    "language": ("Language", "语言"),
    "theme": ("Theme", "主题"),
    "saved": ("Settings saved", "设置已保存"),
    "invalid": ("Not saved: {error}", "未保存：{error}"),
    "not_a_number": ("{field} must be a number", "{field}必须是数字"),
    "out_of_range": ("{field} must be between {low} and {high}", "{field}必须在 {low} 到 {high} 之间"),
    # Textual's built-in palette commands: sys_ + English title, sys_help_ + English help
    "sys_Theme": ("Theme", "主题"),
    "sys_help_Change the current theme": ("Change the current theme", "更换配色主题"),
    "sys_Keys": ("Keys", "按键"),
    "sys_help_Show help for the focused widget and a summary of available keys": (
        "Show help for the focused widget and a summary of available keys", "显示当前控件的帮助和可用按键一览"),
    "sys_help_Hide the keys and widget help panel": ("Hide the keys and widget help panel", "隐藏按键与帮助面板"),
    "sys_Minimize": ("Minimize", "还原"),
    "sys_help_Minimize the widget and restore to normal size": (
        "Minimize the widget and restore to normal size", "将控件还原为正常大小"),
    "sys_Maximize": ("Maximize", "最大化"),
    "sys_help_Maximize the focused widget": ("Maximize the focused widget", "最大化当前控件"),
    "sys_Screenshot": ("Screenshot", "截图"),
    "sys_help_Save an SVG 'screenshot' of the current screen": (
        "Save an SVG 'screenshot' of the current screen", "将当前屏幕保存为 SVG 截图"),
    # faults and small terminals
    "db_locked": ("The collection is busy (another program is writing); retrying… ({n})",
                  "卡组数据库正被其他程序占用，正在重试…（第 {n} 次）"),
    "db_error": ("Could not read or write the collection: {error}", "无法读写卡组数据库：{error}"),
    "too_small": ("Enlarge the terminal\n\nstudyapp needs at least {w}×{h}; this one is {cw}×{ch}.",
                  "请放大终端窗口\n\nstudyapp 至少需要 {w}×{h}，当前为 {cw}×{ch}。"),
}


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural(text: str, values: dict) -> str:
    """Resolve `{name|one|other}` by values[name] (the English singular only for exactly 1)."""
    return _PLURAL.sub(lambda m: m[2] if values.get(m[1]) == 1 else m[3], text)


def translate(language: str, key: str, /, default: str | None = None, **values) -> str:
    """The text of `key` in `language`; an unknown key gives `default`, or the key itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key if default is None else default
    text = pair[1] if language == "zh" else pair[0]
    return plural(text, values).format(**values) if values else text


_INTERVAL = re.compile(r"^(<?)(\d+(?:\.\d+)?)(mo|m|h|d|y)$")
_ZH_UNITS = {"m": "分钟", "h": "小时", "d": "天", "mo": "个月", "y": "年"}


def interval_text(language: str, text: str) -> str:
    """An Anki-style short interval ("<1m", "4d", "2.5mo") in the app's language: "<1分钟", "4天", "2.5个月"."""
    match = _INTERVAL.match(text)
    if language != "zh" or match is None:
        return text
    less, number, unit = match.groups()
    return f"{less}{number}{_ZH_UNITS[unit]}"
