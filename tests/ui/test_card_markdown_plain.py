"""Plain card text is drawn without markdown-it, exactly as Rich's Markdown draws it; the Markdown machinery is
imported only for a text that needs it."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text
from rich.theme import Theme
from textual.app import App

from studyapp.tui.widgets import card_markdown
from studyapp.tui.widgets.card_markdown import CardMarkdown, _PlainMarkdown, prepare

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (20, 41, 80)
# The default theme draws paragraphs unstyled; this one makes a lost paragraph style show.
THEMES = (None, Theme({"markdown.paragraph": "italic #ff8800 on #102030"}))

PLAIN = [
    "什么是LoRA？为什么它能减少显存？",
    "What is top-p (nucleus) sampling?",
    "Temperature 的作用？",
    "梯度累积：多个小批次的梯度相加后再更新。" * 4,
    "Mixed 中英文 text: LoRA 冻结预训练权重 W, only training two small matrices A and B, which saves memory.",
    "「引号」、《书名》——破折号……省略号；分号：冒号，（全角括号）？！",
    "x = 1 + 2 - 3 % 4 ^ 5 {braces} $math$ \"quotes\" 'apostrophes' a/b; spaced   words.",
    "averyveryverylongwordthatcannotbewrappedanywherebecauseithasnospaces and then short words",
    "first line of a paragraph\nsecond line, joined to the first by a soft break",
    "第一段：解释什么是显存。\n\n第二段：为什么混合精度能节省显存？这一段足够长，会在窄的宽度下换行。",
    "one\n\n\n\ntwo after several blank lines\nand a soft break\n\nthree",
    "\n\nleading and trailing blank lines\n\n",
    "",
]

MARKDOWN = [
    "**bold** words",
    "use `code` here",
    "_emphasis_",
    "~~struck~~",
    "- one\n- two",
    "+ plus item",
    "1. first\n2. second",
    "2) second",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "# Heading",
    "Heading\n===",
    "Heading\n---",
    "***",
    "> quoted",
    "    indented code",
    "tab\tinside",
    "hard break  \nnext line",
    "trailing space ",
    " leading space",
    "escaped \\* star",
    "an &amp; entity",
    "[a link](https://example.com)",
    "see https://example.com",
    "see www.example.com",
    "mail me@example.com",
    "an ![image](fig.png)",
    "an <img src='figs/fig.png'> tag",
    "*[缺失的图 missing figure: Untitled 7.png]*",
    "```python\nprint(1)\n```",
    "<div>html</div>",
]


def rendered(renderable, width: int, theme: Theme | None = None) -> tuple[list, str]:
    """Segments and styled ANSI text of a renderable drawn at a width."""
    console = Console(width=width, record=True, color_system="truecolor", force_terminal=True, file=io.StringIO(),
                      theme=theme)
    segments = list(console.render(renderable, console.options))
    console.print(renderable)
    return segments, console.export_text(styles=True)


def fast(text: str) -> _PlainMarkdown:
    paragraphs = card_markdown._paragraphs(text)
    assert paragraphs is not None, text
    return _PlainMarkdown(paragraphs)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_drawn_as_rich_markdown_draws_it(text, width, theme):
    assert rendered(fast(text), width, theme) == rendered(Markdown(text), width, theme)


class _Unwrapped(_PlainMarkdown):
    def __rich_console__(self, console, options):
        yield Text(" ".join(" ".join(lines) for lines in self.paragraphs), no_wrap=True, overflow="ignore")


class _NoMargin(_PlainMarkdown):
    def __rich_console__(self, console, options):
        for lines in self.paragraphs:
            yield Text(" ".join(lines), style=console.get_style("markdown.paragraph"))


class _Unstyled(_PlainMarkdown):
    def __rich_console__(self, console, options):
        for index, lines in enumerate(self.paragraphs):
            yield from ["\n"] if index else []
            yield Text(" ".join(lines))


class _HardBreaks(_PlainMarkdown):
    def __rich_console__(self, console, options):
        style = console.get_style("markdown.paragraph")
        for index, lines in enumerate(self.paragraphs):
            yield from ["\n"] if index else []
            yield Text("\n".join(lines), style=style)


@pytest.mark.parametrize("wrong, text, theme", [
    (_Unwrapped, PLAIN[3], None),
    (_NoMargin, PLAIN[9], None),
    (_Unstyled, PLAIN[0], THEMES[1]),
    (_HardBreaks, PLAIN[8], None),
])
def test_the_comparison_catches_a_different_drawing(wrong, text, theme):
    paragraphs = card_markdown._paragraphs(text)
    assert rendered(wrong(paragraphs), 20, theme) != rendered(Markdown(text), 20, theme)


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_does_not_take_the_fast_path(text):
    prepared = prepare(text, "figure not available: {name}")
    assert card_markdown._paragraphs(prepared) is None
    assert isinstance(CardMarkdown(text).render(), Markdown)


def test_plain_text_takes_the_fast_path_and_parses():
    card = CardMarkdown(PLAIN[0])
    assert isinstance(card.render(), _PlainMarkdown)
    assert not card.plain


class _CardApp(App):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self):
        yield CardMarkdown(self.text)


async def _drawn(text: str, width: int) -> tuple:
    app = _CardApp(text)
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()
        card = app.query_one(CardMarkdown)
        return card.size, [list(strip) for strip in card.render_lines(card.size.region)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", [PLAIN[3], PLAIN[9]])
async def test_the_widget_draws_plain_text_as_it_draws_markdown(text, width, monkeypatch):
    drawn = await _drawn(text, width)
    monkeypatch.setattr(card_markdown, "_paragraphs", lambda text: None)
    assert drawn == await _drawn(text, width)


def _modules_after(code: str) -> set[str]:
    """Which of the Markdown modules are imported once `code` has run in a fresh interpreter."""
    probe = ("import sys; from studyapp.tui.widgets import card_markdown as cm\n" + code + "\n"
             "print(' '.join(m for m in ('markdown_it', 'rich.markdown', 'rich.syntax', 'pygments') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


DRAW = ("import io; from rich.console import Console\n"
        "Console(file=io.StringIO(), width=40).print(cm.CardMarkdown({!r}).render())")


def test_importing_and_drawing_plain_text_leaves_markdown_unimported():
    assert _modules_after("") == set()
    assert _modules_after(DRAW.format("什么是LoRA？为什么它能减少显存？") + "\nassert not cm.CardMarkdown('x').plain") == set()


def test_drawing_markdown_imports_it():
    assert {"markdown_it", "rich.markdown"} <= _modules_after(DRAW.format("- 混合精度\n- **梯度**检查点"))


def test_warm_up_imports_markdown_and_builds_the_parser_once_from_any_thread():
    code = ("import threading\n"
            "threads = [threading.Thread(target=cm.warm_up) for _ in range(4)]\n"
            "[t.start() for t in threads]; [t.join() for t in threads]\n"
            "parser = cm._PARSER; cm.warm_up(); assert parser is not None and cm._PARSER is parser")
    assert {"markdown_it", "rich.markdown"} <= _modules_after(code)
