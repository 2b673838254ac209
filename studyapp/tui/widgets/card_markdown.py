"""A card's Markdown that never fails to show: figures become placeholders, a parse failure plain text."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.widgets import Static

# The deck parser writes `*[缺失的图 missing figure: NAME]*` for a figure whose file is absent;
# a terminal cannot show the ones that exist either.
_PARSER_PLACEHOLDER = re.compile(r"\*\[缺失的图 missing figure: (?P<name>[^\]]*)\]\*")
_HTML_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?(?P<src>[^"'>]*)["']?[^>]*>""", re.IGNORECASE)
_MD_IMG = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)>]*?)>?(?:\s+\"[^\"]*\")?\s*\)")


def _name(src: str) -> str:
    from urllib.parse import unquote

    return unquote(src.strip()).rsplit("/", 1)[-1] or src


def prepare(text: str, figure_label: str) -> str:
    """figure_label is a translated "figure not available: {name}" template."""
    def label(name: str) -> str:
        return f"*▣ {figure_label.format(name=name.strip())}*"

    text = _PARSER_PLACEHOLDER.sub(lambda m: label(m["name"]), text)
    text = _HTML_IMG.sub(lambda m: label(_name(m["src"])), text)
    return _MD_IMG.sub(lambda m: label(m["alt"] or _name(m["src"])), text)


def _parses(text: str) -> bool:
    try:
        MarkdownIt("gfm-like").parse(text)
    except Exception:  # markdown-it raises plain exceptions on pathological input
        return False
    return True


class CardMarkdown(Static):
    """Markdown when it parses, the raw text otherwise. One Static holding Rich's Markdown renderable:
    far cheaper to swap per card than Textual's Markdown widget, which mounts a widget per block."""

    DEFAULT_CSS = """
    CardMarkdown { height: auto; padding: 0 1; }
    """

    def __init__(self, text: str = "", figure_label: str = "figure not available: {name}", **kwargs):
        super().__init__("", **kwargs)
        self._figure_label = figure_label
        self._text = ""
        self.plain = False
        self._render_text(text)

    @property
    def text(self) -> str:
        return self._text

    def _render_text(self, text: str) -> None:
        self._text = text
        prepared = prepare(text, self._figure_label)
        self.plain = not _parses(prepared)
        if self.plain:
            self.update(Text(text))
        else:
            self.update(RichMarkdown(prepared, code_theme="monokai", inline_code_theme="monokai"))

    async def set_text(self, text: str) -> None:
        self._render_text(text)
