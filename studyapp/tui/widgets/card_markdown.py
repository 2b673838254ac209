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


_PARSER = None


def _parses(text: str) -> bool:
    global _PARSER
    if _PARSER is None:  # one parser for every card: building one costs more than parsing a card
        _PARSER = MarkdownIt("gfm-like")
    try:
        _PARSER.parse(text)
    except Exception:  # markdown-it raises plain exceptions on pathological input
        return False
    return True


class CardMarkdown(Static):
    """Markdown when it parses, the raw text otherwise. One Static holding Rich's Markdown renderable:
    far cheaper to swap per card than Textual's Markdown widget, which mounts a widget per block.
    The text is parsed when the widget is first drawn, not when it is set: the answer of the next card
    costs nothing until it is revealed."""

    DEFAULT_CSS = """
    CardMarkdown { height: auto; padding: 0 1; }
    """

    def __init__(self, text: str = "", figure_label: str = "figure not available: {name}", **kwargs):
        super().__init__("", **kwargs)
        self._figure_label = figure_label
        self._text = ""
        self._plain: bool | None = None
        self._renderable = None
        self._render_text(text)

    @property
    def text(self) -> str:
        return self._text

    @property
    def plain(self) -> bool:
        """Whether the text is shown as it is (it did not parse as Markdown)."""
        if self._plain is None:
            self._plain = not _parses(prepare(self._text, self._figure_label))
        return self._plain

    def _render_text(self, text: str) -> None:
        if text == self._text and self._renderable is not None:
            return  # the same text again (a retranslation, a re-import): keep what is drawn
        self._text = text
        self._plain = None
        self._renderable = None
        self.refresh(layout=True)

    def render(self):
        if self._renderable is None:
            prepared = prepare(self._text, self._figure_label)
            if self.plain:
                self._renderable = Text(self._text)
            else:
                self._renderable = RichMarkdown(prepared, code_theme="monokai", inline_code_theme="monokai")
        return self._renderable

    async def set_text(self, text: str) -> None:
        self._render_text(text)
