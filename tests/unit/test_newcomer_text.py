"""Text the newcomer saw wrong (issue 15): plurals, intervals in Chinese, LaTeX, HTML-looking text, links,
line breaks in mixed Chinese/Latin text, and the README's install."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

from studyapp.tui import cjk_wrap
from studyapp.tui.i18n import interval_text, tr
from studyapp.tui.widgets.card_markdown import _markdown, latex_as_text, prepare

REPO = Path(__file__).resolve().parents[2]


def rendered(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.export_text()


def test_english_plurals():
    assert tr("en", "browse.results", n=1) == "1 card"
    assert tr("en", "browse.results", n=3) == "3 cards"
    assert tr("en", "browse.results", n=0) == "0 cards"
    assert tr("en", "home.days", n=1) == "1 day"
    assert tr("en", "review.summary_body", cards=1, time="0:30", again="0%").startswith("1 card in")
    assert tr("zh", "home.days", n=1) == "1 天"


def test_intervals_in_chinese():
    assert interval_text("zh", "<1m") == "<1分钟"
    assert interval_text("zh", "1d") == "1天"
    assert interval_text("zh", "2.5mo") == "2.5个月"
    assert interval_text("en", "<10m") == "<10m"


def test_latex_becomes_unicode_text():
    text = latex_as_text(r"计算量 $\text{FLOPS} = \frac{6N}{T}$，其中 $\alpha^2$ 与 $x_1$")
    assert "$" not in text and "\\frac" not in text and "\\text" not in text
    assert "FLOPS = 6N/T" in text and "α²" in text and "x₁" in text
    assert latex_as_text("costs $5 and $6 each") == "costs $5 and $6 each"  # money, not math


def test_angle_brackets_from_the_document_are_text_not_html():
    answer = "在每个单词的末尾添加“</w>”标记，例如 <think> 与 <b>粗</b>"
    shown = rendered(_markdown(prepare(answer, "figure: {name}")))
    assert "“</w>”" in shown and "<think>" in shown and "<b>粗</b>" in shown


def test_links_keep_their_url():
    shown = rendered(_markdown(prepare("见 [FSRS 论文](https://example.org/fsrs) 一节", "figure: {name}")))
    assert "FSRS 论文" in shown and "https://example.org/fsrs" in shown


def test_mixed_chinese_and_latin_text_breaks_between_words():
    cjk_wrap.install()
    text = "在对话模型中通常需要先添加一个prompt模板，然后再把用户的问题放进去。"
    for width in range(10, 40):
        lines = rendered(text, width).splitlines()
        assert any("prompt" in line for line in lines), (width, lines)
    lines = [line.rstrip() for line in rendered("plain English words wrap as before", 12).splitlines()]
    assert lines == ["plain", "English", "words wrap", "as before"]


def test_readme_says_how_to_reach_studyapp_after_install():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = readme.split("## Everyday use")[0]
    assert "source .venv/bin/activate" in install


def test_a_lone_math_symbol_loses_its_dollars():
    assert latex_as_text("冻结权重 $W$，只训练 $A$、$B$") == "冻结权重 W，只训练 A、B"
