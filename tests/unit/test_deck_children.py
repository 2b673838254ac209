"""The child-note rule (studyapp/deck/children.py) on small answers."""
from studyapp.deck import parse_text


def _children(body: str, question: str = "父问题") -> list[tuple[str, str]]:
    text = f"- **{question}**\n" + "".join(f"    {line}\n" if line else "\n" for line in body.split("\n"))
    deck = parse_text(text, "d.md")
    return [(note.question.removeprefix(f"{question} — "), note.answer) for note in deck.notes if note.kind == "child"]


def test_wholly_bold_item_with_a_body_is_a_child():
    assert _children("- **处理梯度 gradients**\n    可以存成 fp16。") == [("处理梯度 gradients", "可以存成 fp16。")]


def test_wholly_bold_item_without_a_body_is_not():
    assert _children("- **只是强调**\n- **另一个**") == []


def test_plain_label_ending_in_a_colon_with_a_nested_list_is_a_child():
    assert _children("- 优点：\n    - 快\n- 缺点:\n    - 不稳") == [("优点", "- 快"), ("缺点", "- 不稳")]


def test_plain_label_that_is_a_sentence_is_not():
    assert _children("- 这一部分要减少显存，有以下方法：\n    - 方法一") == []
    long_label = "一个" + "很长" * 15 + "的标签"
    assert _children(f"- {long_label}：\n    - x") == []


def test_lead_in_label_takes_its_prose_and_body_and_closing_bracket():
    children = _children("1. **自洽性（Self-consistency**），是对 CoT 的补充。\n   \n    取多数答案。")
    assert children == [("自洽性（Self-consistency）", "是对 CoT 的补充。\n\n取多数答案。")]


def test_bold_label_ending_in_a_colon_sets_itself_off():
    assert _children("- **优点：** 跑得快") == [("优点", "跑得快")]


def test_bold_emphasis_inside_a_sentence_is_not_a_child():
    assert _children("1. **CoT** 提示过程是一种提示方法。\n    <img src='x.png'>") == []


def test_definitions_are_not_children():
    body = ("1. **FLOPS (Floating Point Operations Per Second):**\n    - 每秒浮点运算次数\n"
            "2. Zeroshot（零样本学习）：\n    - 没见过的类别\n"
            "3. **RoPE（旋转位置编码**）：把位置写进角度")
    assert _children(body) == []


def test_only_the_first_nesting_level_counts():
    body = "- **顶层主题**\n    - **更深的主题**\n        内容\n    - 另一个：\n        - 值"
    assert [label for label, _ in _children(body)] == ["顶层主题"]


def test_child_lines_slugs_and_parents():
    deck = parse_text("# D\n- **Parent?**\n    intro\n    - **Topic A**\n        body A\n", "d.md")
    parent, child = deck.notes
    assert (child.kind, child.line, child.parent_slug, child.section) == ("child", 4, parent.slug, "D")
    assert child.question == "Parent? — Topic A"
    assert child.slug.startswith(parent.slug + "--")
    assert parent.answer == "intro\n- **Topic A**\n    body A"


def test_children_outside_the_notion_format_are_not_split():
    deck = parse_text("## Parent?\n- **Topic A**\n    body A\n", "d.md")
    assert [note.kind for note in deck.notes] == ["qa"]
