"""Image references (`<img src="…">`, `![alt](src)`) and what becomes of those whose file is absent.

Relative sources resolve against the document's folder; Notion percent-encodes them in Markdown
images (`LLM%E5%9F%BA… images/Untitled.png`), so both the written and the decoded form are tried.
Remote sources (`https:`, `data:`, `//host`) are never reported missing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .markdown import fence_mask, split_lines

MISSING_LABEL = "缺失的图 missing figure"
_HTML_IMG = re.compile(
    r"""<img\b[^>]*?\bsrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))[^>]*>""",
    re.IGNORECASE,
)
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_MD_IMG = re.compile(r"""!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<angled>[^>]*)>|(?P<src>[^)\s]+))(?:\s+"[^"]*")?\s*\)""")
_ANY_IMAGE = re.compile(r"<img|!\[", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]+:|//)")


@dataclass(frozen=True)
class ImageRef:
    src: str  # as written; `name` decodes it
    alt: str
    start: int  # span of the whole reference in the text searched
    end: int
    html: bool

    @property
    def name(self) -> str:
        """The figure's file name, e.g. `Untitled 7.png`."""
        return PurePosixPath(unquote(self.src)).name or self.src


def find_images(text: str) -> list[ImageRef]:
    """Image references in a line (or a fence-free text), in order."""
    refs = []
    for match in _HTML_IMG.finditer(text):
        alt = _ALT_ATTR.search(match.group(0))
        alt_text = next((group for group in alt.groups() if group is not None), "") if alt else ""
        src = next(group for group in (match["dq"], match["sq"], match["bare"]) if group is not None)
        refs.append(ImageRef(src.strip(), alt_text, match.start(), match.end(), html=True))
    for match in _MD_IMG.finditer(text):
        src = match["angled"] if match["angled"] is not None else match["src"]
        refs.append(ImageRef(src.strip(), match["alt"], match.start(), match.end(), html=False))
    return sorted(refs, key=lambda ref: ref.start)


def is_missing(src: str, base_dir: Path) -> bool:
    if not src:
        return True
    if _REMOTE.match(src):
        return False
    for candidate in dict.fromkeys((src, unquote(src))):
        path = Path(candidate)
        try:
            if (path if path.is_absolute() else base_dir / path).is_file():
                return False
        except OSError:  # e.g. a name too long for the file system: it cannot be there
            pass
    return True


def placeholder(ref: ImageRef) -> str:
    return f"*[{MISSING_LABEL}: {ref.name}]*"


def as_markdown(ref: ImageRef) -> str:
    """An existing image as a Markdown image (an `<img>` tag is rewritten, a Markdown one kept)."""
    alt = ref.alt or PurePosixPath(unquote(ref.src)).stem
    target = f"<{ref.src}>" if any(ch.isspace() for ch in ref.src) else ref.src
    return f"![{alt}]({target})"


def resolve_images(markdown: str, base_dir: Path, known: dict[str, bool] | None = None) -> str:
    """The answer with each missing image replaced by a visible placeholder naming the figure.

    `known` caches, across the answers of one document, whether a source is missing.
    """
    if not _ANY_IMAGE.search(markdown):
        return markdown
    known = {} if known is None else known
    if "```" not in markdown and "~~~" not in markdown:
        return _rewrite(markdown, base_dir, known)
    lines = split_lines(markdown)
    fenced = fence_mask(lines)
    for i, line in enumerate(lines):
        if not fenced[i]:
            lines[i] = _rewrite(line, base_dir, known)
    return "\n".join(lines)


def missing_images(line: str, base_dir: Path) -> Iterator[ImageRef]:
    return (ref for ref in find_images(line) if is_missing(ref.src, base_dir))


def _rewrite(text: str, base_dir: Path, known: dict[str, bool]) -> str:
    refs = find_images(text)
    if not refs:
        return text
    out, position = [], 0
    for ref in refs:
        if ref.start < position:  # a Markdown image inside an <img> tag's attribute: already replaced
            continue
        if ref.src not in known:
            known[ref.src] = is_missing(ref.src, base_dir)
        if known[ref.src]:
            replacement = placeholder(ref)
        else:
            replacement = as_markdown(ref) if ref.html else text[ref.start:ref.end]
        out.append(text[position:ref.start])
        out.append(replacement)
        position = ref.end
    out.append(text[position:])
    return "".join(out)
