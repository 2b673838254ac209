"""What the interview screens share: the collection and clock they are given (the app's by default) and
their strings in English and 中文 (the app's language when it has one)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from studyapp.tui.base import StudyScreen

STRINGS: dict[str, tuple[str, str]] = {
    "setup_title": ("Mock interview", "模拟面试"),
    "length": ("Length", "时长"),
    "minutes": ("{n} minutes", "{n} 分钟"),
    "scope": ("Sections", "范围"),
    "weakest_first": ("Weakest first", "最弱的先问"),
    "mode": ("Mode", "模式"),
    "practice": ("Practice: reference after each answer", "练习：每题后看参考答案"),
    "pressure": ("Pressure: nothing until the end", "压力：结束前不看答案"),
    "no_schedule": ("Don't affect my schedule", "不影响复习安排"),
    "start": ("Start", "开始"),
    "planning": ("Choosing the questions…", "正在选题…"),
    "empty_plan": ("Nothing to ask in this scope.", "这个范围里没有可问的题。"),
    "question_of": ("Question {pos} / {total} · {type} · {topic}", "第 {pos} / {total} 题 · {type} · {topic}"),
    "question_clock": ("question {t}", "本题 {t}"),
    "session_clock": ("session {t}", "全场 {t}"),
    "next": ("Next", "下一题"),
    "dont_know": ("I don't know", "不知道"),
    "stop": ("End now", "结束"),
    "continue": ("Continue", "继续"),
    "back": ("Back", "返回"),
    "history": ("History", "历史"),
    "timed_out": ("Time is up: your answer so far was kept.", "时间到：已保存你写到的内容。"),
    "found": ("Found: {points}", "答到：{points}"),
    "missed": ("Missed: {points}", "缺少：{points}"),
    "coverage": ("Key points {pct}", "要点覆盖 {pct}"),
    "reference": ("Reference", "参考答案"),
    "key_points": ("Key points", "要点"),
    "your_answer": ("Your answer", "你的答案"),
    "rate_hint": ("How well did you answer? 0 (not at all) … 4 (fully) · Enter: skip",
                  "你答得怎么样？0（完全不会）… 4（完整）· 回车：跳过"),
    "rating_of": ("Rate your answers: {pos} / {total}", "给答案打分：{pos} / {total}"),
    "saving": ("Saving the report…", "正在保存报告…"),
    "report_title": ("Interview {id}: {pct}", "面试 {id}：{pct}"),
    "by_section": ("By section", "按部分"),
    "by_topic": ("By topic", "按主题"),
    "questions": ("Questions", "题目"),
    "next_up": ("Study next:{cards}\nLabs: {labs}", "接下来复习：{cards}\n实验：{labs}"),
    "again_note": ("{n} card(s) will be due again soon.", "{n} 张卡片将很快再次到期。"),
    "no_sessions": ("No interview sessions yet.", "还没有面试记录。"),
    "history_title": ("Scores of past interviews", "历次面试得分"),
    "failed": ("The collection could not be read or written: {error}", "无法读写卡组：{error}"),
}


def tr(app, key: str, /, **values) -> str:
    english, chinese = STRINGS[key]
    text = chinese if getattr(app, "language", "en") == "zh" else english
    return text.format(**values) if values else text


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))  # a countdown shows 0:00 only when the time is really up
    return f"{seconds // 60}:{seconds % 60:02d}"


def pct(value: float) -> str:
    return f"{value * 100:.0f}%"


class InterviewScreen(StudyScreen):
    """A study screen over the collection and a clock (`clock() -> aware datetime`): the app's unless given
    (the question screen's engine is timed by the clock it is handed). Its BINDINGS' descriptions are keys of
    STRINGS."""

    CSS_PATH = "../interview.tcss"

    def __init__(self, collection=None, clock: Callable[[], datetime] | None = None):
        super().__init__()
        self._collection = collection
        self._clock = clock

    @property
    def collection(self):
        return self._collection if self._collection is not None else self.app.collection

    @property
    def clock(self) -> Callable[[], datetime]:
        return self._clock or self.app.now

    def t(self, key: str, /, **values) -> str:
        return tr(self.app, key, **values)

    def binding_label(self, description: str) -> str:
        # Textual's own bindings (focus next/previous) keep their words, as on the other screens
        return self.t(description) if description in STRINGS else description
