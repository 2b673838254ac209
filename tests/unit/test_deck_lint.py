"""Lint: what a learner would trip over, with path, line, kind and whether a repair covers it."""
import json
from pathlib import Path

import pytest

from studyapp.deck import DeckError, Problem, lint_file, lint_text, slugify
from studyapp.resources import default_deck_path

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "docs"
OPTIMIZER = "fda38b--optimizer-state-0556a1"


@pytest.fixture(scope="module")
def bundled() -> list[Problem]:
    return lint_file(default_deck_path())


def _where(problems, kind):
    return [(problem.line, problem.slug) for problem in problems if problem.kind == kind]


def test_bundled_missing_images(bundled):
    lines = [line for line, _ in _where(bundled, "missing_image")]
    assert lines == [8, 72, 73, 83, 93, 95, 142, 163, 195, 244, 298, 310, 330, 334, 367]
    untitled_7 = next(p for p in bundled if p.line == 163)
    assert untitled_7.slug == "fda38b"
    assert "Untitled 7.png" in untitled_7.message
    assert _where(bundled, "missing_image")[0] == (8, None)  # the loose figure under the table belongs to no note


def test_bundled_dangling_colons_under_the_optimizer_state(bundled):
    dangling = _where(bundled, "dangling_colon")
    assert [line for line, slug in dangling if slug == OPTIMIZER] == [202, 203, 204, 206, 207, 208, 210, 211]
    assert dangling[-1] == (224, "fda38b--activations-4e1393")  # "…我在这里也大概总结一下：" and then nothing
    momentum = next(p for p in bundled if p.line == 203)
    assert "Momentum:" in momentum.message


def test_bundled_dropped_formulas_in_lora(bundled):
    assert _where(bundled, "dropped_formula") == [(248, "lora-bc5745")]
    message = next(p.message for p in bundled if p.kind == "dropped_formula")
    assert "某个参数矩阵为，那么" in message and "参数矩阵为，但" in message


def test_bundled_answers_that_are_only_a_missing_figure(bundled):
    assert _where(bundled, "empty_answer") == [(332, "rlhf-rm-339b6a"), (365, "5e5177")]


def test_problems_are_sorted_one_line_english_and_name_the_file(bundled):
    assert [(p.line, p.kind) for p in bundled] == sorted((p.line, p.kind) for p in bundled)
    for problem in bundled:
        assert problem.path == str(default_deck_path())
        assert "\n" not in problem.message
        assert problem.message.split()[0].isascii()  # English, quoting the document where it helps
        assert not problem.repaired


def test_to_json():
    problem = Problem("d.md", 3, "empty_answer", "question 'Q' has no answer", "q-1a2b3c", False)
    data = problem.to_json()
    assert {"path", "line", "kind", "message", "repaired"} <= data.keys()
    assert data["path"] == "d.md" and data["line"] == 3 and data["repaired"] is False
    json.dumps(data)


def test_repairs_mark_problems_repaired(bundled):
    repairs = {OPTIMIZER: {"dangling_colon"}, "lora-bc5745": {"dropped_formula"}, "fda38b": {"missing_image"}}
    problems = lint_file(default_deck_path(), repairs=repairs)
    repaired = {(p.line, p.kind) for p in problems if p.repaired}
    assert repaired == {(line, "dangling_colon") for line in (202, 203, 204, 206, 207, 208, 210, 211)} | {
        (248, "dropped_formula"),
        (163, "missing_image"),
        (195, "missing_image"),  # in a child of fda38b: the parent's repair covers it
    }
    assert len(problems) == len(bundled)


def test_small_notion_document():
    problems = lint_file(DOCS / "notion_small.md")
    assert [(p.line, p.kind) for p in problems] == [
        (13, "missing_image"),
        (29, "dropped_formula"),
        (33, "dangling_colon"),
        (34, "dangling_colon"),
        (40, "empty_answer"),
    ]
    assert all(p.path == str(DOCS / "notion_small.md") for p in problems)


def test_clean_documents_have_no_problems():
    assert lint_file(DOCS / "qa_blocks.md") == []
    assert lint_file(DOCS / "headings.md") == []


def test_empty_answers_in_qa_and_headings_formats():
    problems = lint_text("Q: first?\nA:\n\nQ: second?\nA: yes\n", "qa.md")
    assert [(p.line, p.kind, p.slug) for p in problems] == [(1, "empty_answer", slugify("first?"))]
    problems = lint_text("# T\n## Empty?\n\n## Full?\nyes\n", "h.md")
    assert [(p.line, p.kind) for p in problems] == [(2, "empty_answer")]


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("- Momentum:", True),
        ("1. **Variance：**", True),
        ("- 这里总结一下：", True),
        ("- 定义：见下文", False),  # something follows the colon
        ("- 公式：\n    $x$", False),  # nested content
        ("- 需要注意：\n下一段正文", False),  # prose continues at the item's level
    ],
)
def test_dangling_colon(line, flagged):
    problems = lint_text(f"- **Q**\n    intro\n    {line.replace(chr(10), chr(10) + '    ')}\n", "d.md")
    assert any(p.kind == "dangling_colon" for p in problems) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("某个参数矩阵为，那么可以认为", True),
        ("结果是。", True),
        ("then x =, so", True),
        ("把训好的参数 加进 的参数", True),
        ("需要注意的是，结果可能不同", False),
        ("这是因为，在训练过程中", False),
        ("另一方面就是，BPE本身", False),
        ("原因是：如下", False),
        ("公式为 `y = ,` 代码里", False),
        ("LoRA 的秩", False),
    ],
)
def test_dropped_formula(sentence, flagged):
    problems = lint_text(f"- **Q**\n    {sentence}\n", "d.md")
    assert any(p.kind == "dropped_formula" for p in problems) is flagged


def test_lint_ignores_code_blocks():
    text = "- **Q**\n    ```\n    - key:\n    x 为，y\n    <img src=\"gone.png\">\n    ```\n"
    assert lint_text(text, "d.md") == []


def test_unreadable_documents_raise(tmp_path):
    with pytest.raises(DeckError):
        lint_file(tmp_path / "absent.md")
