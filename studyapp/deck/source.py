"""Reading a document from disk: every way a file can fail to be a UTF-8 text becomes a DeckError."""
from __future__ import annotations

from pathlib import Path

from .model import DeckError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = "\ufeff"


def read_document(path: str | Path) -> str:
    """The file's text; raises DeckError naming the file (and the line, where there is one)."""
    shown = str(path)
    file = Path(path)
    if not file.exists():
        raise DeckError(shown, "no such file")
    if file.is_dir():
        raise DeckError(shown, "is a directory, not a document (name the Markdown file inside it)")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise DeckError(shown, f"cannot read the file: {error.strerror or error}") from None
    return decode_document(data, shown)


def decode_document(data: bytes, path: str) -> str:
    if data.startswith(_UTF16_BOMS):
        raise DeckError(path, "the file is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DeckError(path, "binary file (it contains NUL bytes), not a text document", _line_at(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DeckError(
            path, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); save the file as UTF-8",
            _line_at(data, error.start),
        ) from None
    text = text.removeprefix(_UTF8_BOM)
    if not text.strip():
        raise DeckError(path, "the file is empty")
    return text


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
