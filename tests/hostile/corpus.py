"""A generated corpus of malformed inputs: documents for `import`/`lint`, histories for `import-revlog`.

Each case makes its input in a folder and says what the command must answer: the exit code, and the
`PATH[:LINE]` that the one-line message on stderr must start with (LINE None: the file as a whole).
"""
from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_NOTE = "- **什么是注意力？**\n    对序列中每个位置加权求和。\n"
HEADER = "card_id,review_rating,review_time,review_duration\n"
ROW = "1,3,2024-03-01T10:00:00+00:00,5000\n"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # folder -> the path to hand the command
    line: int | None = None  # the line the message names (None: the file only)
    code: int = 2

    def __repr__(self) -> str:
        return self.name


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _text(name: str, text: str) -> Callable[[Path], Path]:
    return _file(name, text.encode("utf-8"))


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.md"
    os.mkfifo(path)
    return path


def _directory(folder: Path) -> Path:
    path = folder / "notes.md"
    path.mkdir()
    return path


def _sparse(size: int, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.truncate(size)
        return path
    return make


def _link(target: str, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(folder / target if target != "self" else path)
        return path
    return make


def _device(path: str) -> Callable[[Path], Path]:
    return lambda folder: Path(path)


def _missing(name: str) -> Callable[[Path], Path]:
    return lambda folder: folder / name


def _garbage(seed: int) -> Callable[[Path], Path]:
    data = random.Random(seed).randbytes(2000 + seed * 37)
    return _file(f"garbage-{seed}.md", data.replace(b"\x00", b"\x01") if seed % 2 else data)


def document_cases() -> list[Case]:
    dup_zw = "- **注意力是什么？**\n    a\n- **注意力\u200b是什么？**\n    b\n"
    cases = [
        Case("empty", _text("empty.md", "")),
        Case("whitespace-only", _text("blank.md", "   \n\n\t\n")),
        Case("nul-byte", _file("nul.md", GOOD_NOTE.encode() + b"x\x00y\n"), line=3),
        Case("gbk-bytes", _file("gbk.md", GOOD_NOTE.encode() + "- **第二个问题**\n".encode("gbk")), line=3),
        Case("latin1-bytes", _file("latin1.md", b"- **caf\xe9?**\n    a\n"), line=1),
        Case("broken-utf16", _file("u16.md", b"\xff\xfe" + "- **Q**".encode("utf-16-le") + b"\x00")),
        Case("png-header", _file("img.md", b"\x89PNG\r\n\x1a\n" + bytes(64)), line=3),
        Case("duplicate-bullets", _text("dup.md", GOOD_NOTE + "- **other?**\n    x\n" + GOOD_NOTE), line=5),
        Case("duplicate-qa-blocks", _text("dupqa.md", "Q: [/] dup?\nA: one\n\nQ: [/] dup?\nA: two\n"), line=4),
        Case("duplicate-headings", _text("duph.md", "## What?\n\nA.\n\n## What?\n\nB.\n"), line=5),
        Case("duplicate-by-zero-width", _text("dupzw.md", dup_zw), line=3),
        Case("duplicate-by-fullwidth", _text("dupfw.md", "- **ＬｏＲＡ？**\n    a\n- **LoRA?**\n    b\n"), line=3),
        Case("prose-only", _text("prose.md", "Just prose.\nNo questions here.\n")),
        Case("table-header-only", _text("table.md", "| a | b |\n|---|---|\n")),
        Case("code-only", _text("code.md", "```python\nprint('x')\n```\n")),
        Case("directory", _directory),
        Case("fifo", _fifo),
        Case("dev-zero", _device("/dev/zero")),
        Case("dev-null", _device("/dev/null")),
        Case("missing", _missing("nope.md")),
        Case("name-too-long", _missing("n" * 300 + ".md")),
        Case("undecodable-name", _missing(os.fsdecode(b"\xff\xfe-notes.md"))),
        Case("too-large", _sparse(17 * 1024 * 1024, "huge.md")),
        Case("symlink-loop", _link("self", "loop.md")),
        Case("broken-symlink", _link("gone.md", "dangling.md")),
        Case("bom-then-nothing", _file("bomonly.md", b"\xef\xbb\xbf\n\n")),
        Case("utf16-bom-empty", _file("u16empty.md", "\ufeff  \n".encode("utf-16"))),
        Case("nul-in-utf16", _file("u16nul.md", ("- **Q?**\n    a\x00b\n").encode("utf-16")), line=2),
    ]
    cases += [Case(f"random-bytes-{seed}", _garbage(seed)) for seed in range(12)]
    return cases


def revlog_cases() -> list[Case]:
    def csv(name: str, text: str, line: int | None = None) -> Case:
        return Case(name, _text(f"{name}.csv", text), line=line)

    long_field = "1,3,2024-03-01T10:00:00+00:00," + "9" * 200_000 + "\n"
    return [
        csv("revlog-empty", "", line=1),
        csv("revlog-header-only", HEADER),
        csv("revlog-missing-columns", "id,rating\n1,3\n", line=1),
        csv("revlog-rating-zero", HEADER + "1,0,2024-03-01T10:00:00+00:00,5\n", line=2),
        csv("revlog-rating-five", HEADER + ROW + "1,5,2024-03-01T10:00:00+00:00,5\n", line=3),
        csv("revlog-rating-word", HEADER + "1,good,2024-03-01T10:00:00+00:00,5\n", line=2),
        csv("revlog-time-garbage", HEADER + "1,3,yesterday,5\n", line=2),
        csv("revlog-time-empty", HEADER + "1,3,,5\n", line=2),
        csv("revlog-year-9999", HEADER + "1,3,9999-12-31T23:59:59+00:00,5\n", line=2),
        csv("revlog-year-0001", HEADER + "1,3,0001-01-01T00:00:00+00:00,5\n", line=2),
        csv("revlog-year-2999", HEADER + "1,3,2999-01-01T00:00:00+00:00,5\n", line=2),
        csv("revlog-negative-duration", HEADER + "1,3,2024-03-01T10:00:00+00:00,-5\n", line=2),
        csv("revlog-huge-duration", HEADER + "1,3,2024-03-01T10:00:00+00:00,1e30\n", line=2),
        csv("revlog-week-long-answer", HEADER + "1,3,2024-03-01T10:00:00+00:00,604800000\n", line=2),
        csv("revlog-short-row", HEADER + ROW + "1,3\n", line=3),
        csv("revlog-empty-card", HEADER + ",3,2024-03-01T10:00:00+00:00,5\n", line=2),
        csv("revlog-field-too-long", HEADER + long_field, line=2),
        Case("revlog-invalid-utf8", _file("bad.csv", HEADER.encode() + b"1,3,2024-03-01T10:00:00\xff,5\n"), line=2),
        Case("revlog-broken-utf16", _file("u16.csv", b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00")),
        Case("revlog-binary", _file("bin.csv", HEADER.encode() + b"\x00\x01\x02\n"), line=2),
        Case("revlog-directory", _directory),
        Case("revlog-fifo", _fifo),
        Case("revlog-device", _device("/dev/zero")),
        Case("revlog-missing", _missing("none.csv")),
    ]
