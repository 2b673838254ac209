"""The quiz screens' strings in English and 中文, in the shape of i18n.STRINGS so they can merge into it.
Keys missing here fall back to the app's shared strings (back, quiz, loading, …)."""
from __future__ import annotations

from studyapp.tui.i18n import translate

STRINGS: dict[str, tuple[str, str]] = {
    # setup
    "qz_setup_title": ("Quiz on the deck", "卡组测验"),
    "qz_count": ("Items", "题数"),
    "qz_n_items": ("{n} items", "{n} 题"),
    "qz_types": ("Kinds of item", "题型"),
    "qz_sections": ("Sections", "章节"),
    "qz_feedback": ("Feedback", "反馈"),
    "qz_feedback_each": ("After each item", "每题之后"),
    "qz_feedback_end": ("At the end", "全部答完后"),
    "qz_practice": ("Practice: don't touch the schedule", "练习：不影响复习安排"),
    "qz_start": ("Start", "开始"),
    "qz_preparing": ("Making the quiz…", "正在出题…"),
    "qz_nothing": ("No items of these kinds in these sections.", "所选章节里没有这些题型的题目。"),
    "qz_pick_type": ("Choose at least one kind of item.", "请至少选择一种题型。"),
    "qz_pick_section": ("Choose at least one section.", "请至少选择一个章节。"),
    # item kinds
    "qz_type_cloze": ("Fill in the blank", "填空"),
    "qz_type_choice": ("Multiple choice", "选择"),
    "qz_type_numeric": ("Numeric", "计算"),
    "qz_type_truefalse": ("True or false", "判断"),
    "qz_type_free": ("Free answer", "简答"),
    # asking
    "qz_progress": ("Item {pos} / {total} · {type}", "第 {pos} / {total} 题 · {type}"),
    "qz_practice_tag": ("practice", "练习"),
    "qz_right_so_far": ("{n} right", "已答对 {n}"),
    "qz_hint_choice": ("Press 1–{n} or a–{letter}", "按 1–{n} 或 a–{letter} 作答"),
    "qz_hint_truefalse": ("t / y: true    f / n: false", "t / y：对    f / n：错"),
    "qz_hint_numeric": ("Enter a number with its unit ({unit}), e.g. 14 GB or 1.4e10; Enter to answer",
                        "输入数字和单位（{unit}），如 14 GB 或 1.4e10；回车作答"),
    "qz_hint_text": ("Write your answer (Chinese or English); ctrl+s to answer",
                     "写下答案（中文或英文均可）；ctrl+s 作答"),
    "qz_unit_bytes": ("bytes", "字节"),
    "qz_unit_FLOPs": ("FLOPs", "FLOPs"),
    "qz_unit_params": ("parameters", "参数个数"),
    "qz_numeric_placeholder": ("e.g. 14 GB", "如 14 GB"),
    "qz_empty": ("Type an answer first, or ctrl+g: I don't know", "请先写答案，或按 ctrl+g：不知道"),
    "qz_not_a_number": ("Not read as a number: write it like 14 GB, 1.4e10 or 4.19M",
                        "没有读出数字：请写成 14 GB、1.4e10、4.19M 之类"),
    "qz_saving": ("Saving…", "正在保存…"),
    "qz_true": ("true", "对"),
    "qz_false": ("false", "错"),
    # feedback
    "qz_right": ("✓ Right", "✓ 答对了"),
    "qz_wrong": ("✗ Wrong", "✗ 答错了"),
    "qz_overridden": ("(your verdict; the grader said {verdict})", "（你的判定；自动评分为{verdict}）"),
    "qz_verdict_right": ("right", "对"),
    "qz_verdict_wrong": ("wrong", "错"),
    "qz_score_line": ("score {pct}", "得分 {pct}"),
    "qz_your_answer": ("Your answer: {answer}", "你的答案：{answer}"),
    "qz_no_answer": ("(no answer)", "（未作答）"),
    "qz_expected": ("Answer", "答案"),
    "qz_original": ("Answer in the document", "原文答案"),
    "qz_found": ("Key points found: {points}", "答到的要点：{points}"),
    "qz_missed": ("Key points missed: {points}", "缺少的要点：{points}"),
    "qz_repair": ("+ Addition, not in the document", "+ 补充（原文没有）"),
    "qz_schedule_again": ("The card comes back soon (Again).", "这张卡片很快会再次出现（重来）。"),
    "qz_schedule_good": ("The card's review counts as Good.", "这张卡片记为一次“良好”的复习。"),
    "qz_schedule_practice": ("Practice: the schedule is unchanged.", "练习：复习安排不变。"),
    "qz_override_saved": ("Your verdict was saved.", "已保存你的判定。"),
    "qz_unsure": ("? The grader is unsure", "? 自动评分拿不准"),
    "qz_unsure_ask": ("Judge your answer against the reference below: r = I was right, w = I was wrong.",
                      "请对照下面的参考答案自己判断：r = 我答对了，w = 我答错了。"),
    "qz_contradicted": ("Contradicts the facts: {points}", "与事实不符：{points}"),
    "qz_judge_right": ("I was right", "我答对了"),
    "qz_judge_wrong": ("I was wrong", "我答错了"),
    # bindings
    "qz_answer": ("Answer", "作答"),
    "qz_choose": ("Choose", "选择"),
    "qz_dont_know": ("I don't know", "不知道"),
    "qz_next": ("Next", "下一题"),
    "qz_i_was_right": ("I was right", "我答对了"),
    "qz_i_was_wrong": ("I was wrong", "我答错了"),
    "qz_end": ("End quiz", "结束测验"),
    "qz_new": ("New quiz", "再来一次"),
    # result
    "qz_result_title": ("Quiz {id}: {right} / {total} right ({pct})",
                        "测验 {id}：答对 {right} / {total}（{pct}）"),
    "qz_result_practice": ("Practice quiz: the schedule was not changed.",
                           "练习测验：复习安排没有改变。"),
    "qz_result_scheduled": ("Each answer reviewed its card: wrong → Again, right → Good.",
                            "每道题都复习了它的卡片：答错记为“重来”，答对记为“良好”。"),
    "qz_by_type": ("{type}: {right} / {total}", "{type}：{right} / {total}"),
    "qz_result_hint": ("↑↓ pick an item to see its answer · o change its verdict",
                       "↑↓ 选择题目查看答案 · o 修改判定"),
    "qz_finishing": ("Finishing…", "正在结束…"),
    # stats
    "qz_stats_title": ("Quiz (30 days)", "测验（30 天）"),
    "qz_stats_type": ("Kind", "题型"),
    "qz_stats_answers": ("Answers", "作答"),
    "qz_stats_correct": ("Right", "答对"),
    "qz_stats_overridden": ("Overridden", "改判"),
    "qz_stats_none": ("No quiz answers in the last 30 days.", "最近 30 天没有测验记录。"),
}


def tr(language: str, key: str, /, **values) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        return translate(language, key, **values)
    text = pair[1] if language == "zh" else pair[0]
    return text.format(**values) if values else text
