"""The three formats, detected from the document itself, on small documents of our own."""
from pathlib import Path

import pytest

from studyapp.deck import detect_format, parse_file, parse_text, slugify
from studyapp.deck.markdown import split_lines

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "docs"


def _notes(deck):
    return [(note.kind, note.question, note.line, note.section) for note in deck.notes]


def test_qa_blocks():
    deck = parse_file(DOCS / "qa_blocks.md")
    assert deck.title == "Tokenizer 问答"
    assert _notes(deck) == [
        ("qa", "What does BPE merge at each step?", 3, "Tokenizer 问答"),
        ("qa", "什么是 OOV？", 8, "Tokenizer 问答"),
        ("qa", "What does temperature do to the distribution?", 14, "Sampling"),
    ]
    bpe, oov, temperature = deck.notes
    assert bpe.answer == ("The most frequent pair of adjacent symbols.\n\n"
                          "It repeats until the vocabulary reaches its target size.")
    assert oov.answer == "词表之外的词。\n子词切分可以把它拆成已知的片段。"
    assert temperature.answer.startswith("Divides the logits before the softmax:\n\n```text\nQ: this line is code")
    assert bpe.slug == slugify("What does BPE merge at each step?")


def test_headings():
    deck = parse_file(DOCS / "headings.md")
    assert deck.title == "Precision cheatsheet"
    assert _notes(deck) == [
        ("qa", "What is the range of bf16?", 3, "Precision cheatsheet"),
        ("qa", "Why does fp16 need loss scaling?", 11, "Precision cheatsheet"),
    ]
    bf16, fp16 = deck.notes
    assert bf16.answer == ("About the same as fp32: it keeps 8 exponent bits.\n\n### Why it matters\n\n"
                           "Gradients rarely overflow.")
    assert "## a comment in code, not a question" in fp16.answer


def test_headings_without_a_title_take_the_file_stem():
    deck = parse_text("## What is a token?\nA unit of text.\n\n## What is a merge?\nTwo tokens joined.\n",
                      "/decks/glossary.md")
    assert deck.title == "glossary"
    assert [(note.question, note.section) for note in deck.notes] == [
        ("What is a token?", ""), ("What is a merge?", "")]


def test_later_title_headings_start_sections():
    deck = parse_text("# Deck\n## What is a token?\nA unit.\n\n# Part two\n\n## What is a merge?\nJoined.\n", "d.md")
    assert deck.title == "Deck"
    assert [note.section for note in deck.notes] == ["Deck", "Part two"]


def test_notion_small():
    deck = parse_file(DOCS / "notion_small.md")
    assert deck.title == "Transformer 小测"
    assert [(note.kind, note.question) for note in deck.notes] == [
        ("table_row", "Softmax"),
        ("table_row", "Logit"),
        ("qa", "什么是注意力？"),
        ("qa", "位置编码有哪些？"),
        ("child", "位置编码有哪些？ — 绝对位置编码"),
        ("child", "位置编码有哪些？ — RoPE（Rotary Position Embedding）"),
        ("qa", "KV cache 占多少显存？"),
        ("child", "KV cache 占多少显存？ — 逐层估算"),
        ("qa", "多头注意力的优缺点"),
        ("child", "多头注意力的优缺点 — 优点"),
        ("child", "多头注意力的优缺点 — 缺点"),
        ("qa", "这个问题还没有答案"),
    ]
    softmax, logit = deck.notes[:2]
    assert softmax.answer == "把一组分数变成概率分布\n\n例：如果分数是[1, 2]，概率约为[0.27, 0.73]"
    assert logit.answer == "归一化之前的分数"
    assert deck.notes[-1].answer == ""


def test_qa_with_full_width_colons_and_multi_line_answers():
    deck = parse_text("Q：第一题\nA：第一行\n\n第二段\n- 列表\nQ：第二题\nA：答\n", "qa.md")
    assert [(note.question, note.answer) for note in deck.notes] == [
        ("第一题", "第一行\n\n第二段\n- 列表"), ("第二题", "答")]


def test_qa_question_without_answer_has_an_empty_answer():
    deck = parse_text("Q: first?\nQ: second?\nA: yes\n", "qa.md")
    assert [(note.question, note.answer) for note in deck.notes] == [("first?", ""), ("second?", "yes")]


def test_crlf_and_tabs():
    deck = parse_text("# T\r\n- **Q one**\r\n\t- a\r\n\t\t- b\r\n- **Q two**\r\n\tanswer\r\n", "win.md")
    assert [(note.question, note.answer, note.line) for note in deck.notes] == [
        ("Q one", "- a\n    - b", 2), ("Q two", "answer", 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- **Q**\n    a\n", "notion"),
        ("1. **Q**\n    a\n", "notion"),
        ("Q: q\nA: a\n", "qa"),
        ("# T\n## q\na\n", "headings"),
        ("# T\n## Part\n- **Q1**\n    a\n- **Q2**\n    b\n", "notion"),  # section headings inside a Notion page
        ("## FAQ\nQ: one\nA: a\nQ: two\nA: b\n", "qa"),
        ("```\n- **not a question**\n```\n## real\nanswer\n", "headings"),
        ("# only a title\n\nprose\n", None),
    ],
)
def test_detect_format(text, expected):
    assert detect_format(split_lines(text)) == expected


def test_notion_headings_set_the_section():
    deck = parse_text("# Deck\n## Part A\n- **One**\n    a\n## Part B\n- **Two**\n    b\n", "d.md")
    assert deck.title == "Deck"
    assert [(note.question, note.section) for note in deck.notes] == [("One", "Part A"), ("Two", "Part B")]


def test_notion_bullets_that_are_not_wholly_bold_are_not_questions():
    deck = parse_text("- **Bold** then text\n    x\n- plain\n- **Real question**\n    answer\n", "d.md")
    assert [note.question for note in deck.notes] == ["Real question"]


def test_a_ten_thousand_note_document_parses_in_linear_time():
    import time

    def document(n: int) -> str:
        return "".join(f"- **问题 {i} 是什么？**\n    答案 {i}，见 <img src=\"figs/{i}.png\">\n    - **子主题 {i}**\n"
                       f"        细节 {i}\n" for i in range(n))

    timings = []
    for n in (1000, 10_000):
        text = document(n)
        best = float("inf")
        for _ in range(3):  # the best of three: another process on the machine slows a run, never speeds it
            start = time.process_time()
            deck = parse_text(text, "big.md")
            best = min(best, time.process_time() - start)
        timings.append(best)
        assert len(deck.notes) == 2 * n
    # Ten times the notes, not a hundred times the time: a ratio, so a slow machine does not fail it.
    assert timings[1] < 25 * timings[0]


def test_the_deck_package_stays_pure_python():
    import subprocess
    import sys

    code = ("import sys, studyapp.deck, studyapp.deck.lint; "
            "heavy = {'textual', 'sqlalchemy', 'torch', 'fsrs'} & set(sys.modules); "
            "assert not heavy, heavy")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
