"""Reading a document from disk: every way a file can fail to be a UTF-8 text becomes a DeckError."""
from __future__ import annotations

from pathlib import Path

from .model import DeckError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = "\ufeff"


MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # the bundled deck is 60 kB; a larger "document" is a mistake
STDIN = "-"


def read_input(path: str | Path, limit: int = MAX_DOCUMENT_BYTES, what: str = "a document") -> bytes:
    """The bytes of a regular file (or of stdin for "-"), refusing at once what would hang or flood:
    a FIFO, a device, a directory, a file over `limit`. Raises DeckError naming the file."""
    import os
    import stat
    import sys

    shown = str(path)
    if shown == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise DeckError("<stdin>", f"more than {limit // (1024 * 1024)} MB; too large for {what}")
        return data
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DeckError(shown, "no such file") from None
    except OSError as error:
        raise DeckError(shown, f"cannot read the file: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DeckError(shown, f"is a directory, not {what} (name the file inside it)")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise DeckError(shown, f"is {kind}, not a regular file; save the text to a file (or pipe it to `-`)")
    if info.st_size > limit:
        raise DeckError(shown, f"is {info.st_size / 1e6:.0f} MB; {what} may be at most {limit // (1024 * 1024)} MB")
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise DeckError(shown, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limit:  # it grew while we looked
        raise DeckError(shown, f"{what} may be at most {limit // (1024 * 1024)} MB")
    return data


def read_document(path: str | Path) -> str:
    """The file's text; raises DeckError naming the file (and the line, where there is one)."""
    shown = "<stdin>" if str(path) == STDIN else str(path)
    return decode_document(read_input(path), shown)


def decode_document(data: bytes, path: str) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DeckError(path, "starts like UTF-16 text but is not valid UTF-16; save it as UTF-8") from None
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
