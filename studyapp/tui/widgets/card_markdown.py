"""A card's Markdown that never fails to show: figures become placeholders, a parse failure plain text.

markdown-it and rich.markdown (which brings in rich.syntax and pygments) are imported only when a text needs them:
most questions are plain sentences, drawn here exactly as Rich's Markdown would draw them."""
from __future__ import annotations

import re
import threading
from functools import cache

from rich.segment import Segment
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
    text = _MD_IMG.sub(lambda m: label(m["alt"] or _name(m["src"])), text)
    return latex_as_text(text) if "$" in text else text


# $$…$$ and $…$ spans that look like LaTeX (a command, a group, a sub- or superscript): "$5 and $6" stays as it is.
_DISPLAY_MATH = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?P<tex>[^$\n]+?)\$(?!\$)")
_LOOKS_LIKE_TEX = re.compile(r"[\\^_{]|^[A-Za-z][A-Za-z0-9']{0,2}$")  # or a symbol alone: $W$, $d_k$
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~])")


def latex_as_text(text: str) -> str:
    """Common LaTeX as Unicode text (\\frac{a}{b} → a/b, \\alpha → α, x^2 → x²), escaped for Markdown.
    pylatexenc is imported only for a text that has math in it."""
    def convert(match: re.Match) -> str:
        tex = match["tex"]
        if not _LOOKS_LIKE_TEX.search(tex):
            return match[0]
        try:
            plain = _latex_converter().latex_to_text(tex).strip()
        except Exception:  # anything pylatexenc cannot read is shown as written
            return match[0]
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _superscripts(plain))

    return _INLINE_MATH.sub(convert, _DISPLAY_MATH.sub(convert, text))


@cache
def _latex_converter():
    from pylatexenc.latex2text import LatexNodes2Text  # 20 ms: only for a text with math in it

    return LatexNodes2Text(math_mode="text")


_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def _superscripts(text: str) -> str:
    """pylatexenc keeps x^2 and x_i as written: single digits and signs become Unicode super-/subscripts."""
    text = re.sub(r"\^\{?([0-9+\-=()n]+)\}?", lambda m: m[1].translate(_SUPERSCRIPT), text)
    return re.sub(r"_\{?([0-9+\-=()]+)\}?", lambda m: m[1].translate(_SUBSCRIPT), text)


# Conservatively, anything markdown-it could read as markup: inline syntax, html and entities, escapes, links
# (also linkify's, which the "gfm-like" check parser enables), and control characters markdown-it rewrites.
_MARKUP = re.compile(r"[*_`#>|\[\]<&\\~!@\x00-\x09\x0b-\x1f\x7f]|://|www\.", re.IGNORECASE)
# Lines that open a block (list items, ordered lists, thematic breaks, setext underlines) or carry whitespace at
# an end, which markdown-it trims, reads as indented code or as a hard break.
_BLOCK_LINE = re.compile(r"^(?:[-+=]|\d+[.)]|[^\S\n])|[^\S\n]$", re.MULTILINE)


def _paragraphs(text: str) -> list[list[str]] | None:
    """The lines of each paragraph when the text is nothing but plain paragraphs, None when it may hold Markdown."""
    if _MARKUP.search(text) or _BLOCK_LINE.search(text):
        return None
    text = text.strip("\n")
    return [paragraph.split("\n") for paragraph in re.split(r"\n{2,}", text)] if text else []


class _PlainMarkdown:
    """What rich.markdown.Markdown draws for plain paragraphs, segment for segment: each paragraph a left-justified
    Text in the "markdown.paragraph" style, its lines joined by a space (a soft break), a blank line between
    paragraphs. Like Markdown it has no __rich_measure__, so Textual lays it out the same way."""

    def __init__(self, paragraphs: list[list[str]]) -> None:
        self.paragraphs = paragraphs

    def __rich_console__(self, console, options):
        style = console.get_style("none", default="none") + console.get_style("markdown.paragraph", default="none")
        options = options.update(height=None)
        for index, lines in enumerate(self.paragraphs):
            if index:
                yield Segment.line()
            text = Text(justify="left")
            for number, line in enumerate(lines):
                if number:
                    text.append(" ", style)
                text.append(line, style)
            yield from console.render(text, options)


_PARSER = None
_PARSER_LOCK = threading.Lock()


def _parser():
    global _PARSER
    with _PARSER_LOCK:
        if _PARSER is None:  # one parser for every card: building one costs more than parsing a card
            from markdown_it import MarkdownIt

            _PARSER = MarkdownIt("gfm-like")
    return _PARSER


def warm_up() -> None:
    """Import the Markdown machinery and build the shared parser, e.g. from a worker once the first card shows.
    Safe to call again and from any thread."""
    import rich.markdown  # noqa: F401

    _parser()
    latex_as_text("$x^2$")  # pylatexenc's tables


def _markdown(text: str):
    """Rich's Markdown over a parse with HTML off, so a document's `</w>` or `<think>` is text, not a dropped tag;
    links print their URL after the text (a terminal may not make them clickable)."""
    from markdown_it import MarkdownIt
    from rich.markdown import Markdown

    markdown = Markdown("", code_theme="monokai", inline_code_theme="monokai", hyperlinks=False)
    markdown.markup = text
    markdown.parsed = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough", "table"]).parse(text)
    return markdown


def _parses(text: str) -> bool:
    if _paragraphs(text) is not None:
        return True  # plain paragraphs: nothing for markdown-it to fail on
    try:
        _parser().parse(text)
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
            elif (paragraphs := _paragraphs(prepared)) is not None:
                self._renderable = _PlainMarkdown(paragraphs)
            else:
                self._renderable = _markdown(prepared)
        return self._renderable

    async def set_text(self, text: str) -> None:
        self._render_text(text)
