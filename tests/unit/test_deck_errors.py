"""Every document that cannot be imported raises DeckError naming the file and, where there is one, the line."""
from pathlib import Path

import pytest

from studyapp.deck import DeckError, parse_file, parse_text


def _error(path) -> DeckError:
    with pytest.raises(DeckError) as caught:
        parse_file(path)
    return caught.value


def test_missing_path(tmp_path):
    error = _error(tmp_path / "nope.md")
    assert str(error) == f"{tmp_path / 'nope.md'}: no such file"
    assert error.line is None


def test_directory(tmp_path):
    error = _error(tmp_path)
    assert str(error).startswith(f"{tmp_path}: is a directory")


def test_binary_file_names_the_line_of_the_first_nul(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes(b"- **Q**\n    answer\n\x89PNG\x00\x00\x01")
    error = _error(path)
    assert error.line == 3
    assert str(error).startswith(f"{path}:3: binary file")


def test_utf16_file_with_its_bom_is_read(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes("- **问题**\n    答案\n".encode("utf-16"))
    assert [n.question for n in parse_file(path).notes] == ["问题"]


def test_broken_utf16_is_named_as_such(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes(b"\xff\xfe" + "- **问题**".encode("utf-16-le") + b"\x00")
    assert "UTF-16" in str(_error(path))


def test_non_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "deck.md"
    path.write_bytes("- **什么是注意力？**\n    答案\n".encode("utf-8") + "- **第二个问题**\n".encode("gbk"))
    error = _error(path)
    assert error.line == 3
    assert str(error).startswith(f"{path}:3: not valid UTF-8")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "deck.md"
    path.write_bytes(content)
    assert str(_error(path)) == f"{path}: the file is empty"


def test_empty_text():
    with pytest.raises(DeckError, match="empty"):
        parse_text("\n \n", "notes.md")


def test_no_questions(tmp_path):
    path = tmp_path / "deck.md"
    path.write_text("# Notes\n\nJust prose, with a - bullet\n\n- and a plain item\n", encoding="utf-8")
    error = _error(path)
    assert error.line is None
    assert str(error).startswith(f"{path}: no questions found")


def test_a_table_alone_is_not_a_deck():
    with pytest.raises(DeckError, match="no questions"):
        parse_text("# T\n\n| a | b |\n| --- | --- |\n| c | d |\n", "t.md")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("- **What is BPE?**\n    one\n- **Other**\n    x\n- **What is  BPE?**\n    two\n", 1, 5),
        ("Q: What is BPE?\nA: one\n\nQ: what is bpe?\nA: two\n", 1, 4),
        ("# T\n\n## What is BPE?\none\n\n## **What is BPE?**\ntwo\n", 3, 6),
        ("| BPE | merges pairs |\n| --- | --- |\n\n- **BPE**\n    answer\n", 1, 4),
    ],
)
def test_duplicate_questions_name_both_lines(text, first, second):
    with pytest.raises(DeckError) as caught:
        parse_text(text, "dup.md")
    assert caught.value.line == second
    assert str(caught.value).startswith(f"dup.md:{second}: duplicate question")
    assert f"also asked on line {first}" in str(caught.value)


def test_question_mark_without_question_names_its_line():
    with pytest.raises(DeckError) as caught:
        parse_text("Q: fine\nA: yes\n\nQ:\nA: orphan answer\n", "qa.md")
    assert str(caught.value) == "qa.md:4: a `Q:` line without a question"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "deck.md"
    path.write_text("- **Q**\n    a\n", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert str(_error(path)) == f"{path}: cannot read the file: Permission denied"
