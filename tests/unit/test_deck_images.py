"""Images: missing files become visible placeholders naming the figure; existing ones stay Markdown images."""
from pathlib import Path

from studyapp.deck import parse_text
from studyapp.deck.images import find_images, resolve_images


def _answer(body: str, base_dir: Path) -> str:
    return parse_text(f"- **Q**\n    {body}\n", "d.md", base_dir).notes[0].answer


def test_missing_html_image_becomes_a_placeholder(tmp_path):
    assert _answer('<img src="LLM基础知识 images/Untitled 7.png">', tmp_path) == \
        "*[缺失的图 missing figure: Untitled 7.png]*"


def test_missing_markdown_image_names_the_decoded_file(tmp_path):
    assert _answer("见图 ![示意](figs/flow%20chart.png) 。", tmp_path) == "见图 *[缺失的图 missing figure: flow chart.png]* 。"


def test_existing_images_stay_markdown_images(tmp_path):
    (tmp_path / "my figs").mkdir()
    (tmp_path / "my figs" / "a b.png").write_bytes(b"png")
    (tmp_path / "c.png").write_bytes(b"png")
    assert _answer('<img src="my figs/a b.png" width="300">', tmp_path) == "![a b](<my figs/a b.png>)"
    assert _answer("<img alt='curve' src=c.png>", tmp_path) == "![curve](c.png)"
    assert _answer("![loss](my%20figs/a%20b.png)", tmp_path) == "![loss](my%20figs/a%20b.png)"


def test_remote_images_are_left_alone(tmp_path):
    assert _answer("![x](https://example.com/x.png)", tmp_path) == "![x](https://example.com/x.png)"


def test_base_dir_defaults_to_the_documents_folder(tmp_path):
    (tmp_path / "x.png").write_bytes(b"png")
    text = "- **Q**\n    ![x](x.png) ![y](y.png)\n"
    answer = parse_text(text, str(tmp_path / "deck.md")).notes[0].answer
    assert answer == "![x](x.png) *[缺失的图 missing figure: y.png]*"


def test_images_in_code_blocks_are_not_touched(tmp_path):
    markdown = "```html\n<img src=\"gone.png\">\n```\n<img src=\"gone.png\">"
    assert resolve_images(markdown, tmp_path) == \
        "```html\n<img src=\"gone.png\">\n```\n*[缺失的图 missing figure: gone.png]*"


def test_find_images_reports_both_syntaxes_in_order():
    refs = find_images('a ![m](one.png "title") b <IMG SRC="two.png"> c ![](<three four.png>)')
    assert [(ref.src, ref.html) for ref in refs] == [("one.png", False), ("two.png", True), ("three four.png", False)]
