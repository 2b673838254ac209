"""`studyapp interview --plan --json` and `studyapp interview report` through the real CLI in a subprocess."""
from __future__ import annotations

from datetime import timedelta

from studyapp.interview import AnswerRecord, Question, build_report
from studyapp.interview.report import SessionMeta
from tests.conftest import T0


def test_plan_json_prints_the_questions_without_starting(cli, home):
    result = cli("interview", "--plan", "--minutes", "30", "--seed", "7", "--json")
    assert result.code == 0, result.err
    data = result.json()
    questions = data["questions"]
    assert questions and all({"note", "section", "topic", "type", "seconds"} <= set(q) for q in questions)
    assert abs(sum(q["seconds"] for q in questions) - 1800) <= 180
    assert any(q["type"] == "numeric" for q in questions)
    assert cli("interview", "--plan", "--minutes", "30", "--seed", "7", "--json").json() == data
    from studyapp.store.collection import Collection

    with Collection.open(home) as col:  # planning started nothing
        from studyapp.store import interviews

        assert interviews.history(col) == []


def test_the_plan_as_text_names_questions_not_slugs(cli):
    result = cli("interview", "--plan", "--minutes", "15", "--seed", "3")
    assert result.code == 0, result.err
    slugs = [q["note"] for q in cli("interview", "--plan", "--minutes", "15", "--seed", "3", "--json").json()["questions"]]
    assert slugs and not any(slug in result.out for slug in slugs)
    assert "？" in result.out or "?" in result.out  # the questions themselves


def test_plan_with_sections_and_errors(cli):
    assert cli("interview", "--plan", "--sections", "LLM基础知识", "--json", "--seed", "1").code == 0
    bad = cli("interview", "--plan", "--sections", "没有这一节", "--json")
    assert bad.code == 2 and "没有这一节" in bad.err
    assert cli("interview", "--plan", "--minutes", "0").code == 2


def test_report_with_no_sessions_says_so_and_exits_1(cli):
    result = cli("interview", "report")
    assert result.code == 1
    assert "no interview sessions yet" in result.err and result.out == ""


def _store_session(home, score_note_coverages):
    from studyapp.service.interview import CollectionSessions
    from studyapp.store.collection import Collection

    with Collection.open(home) as col:
        cards = [c for c in col.cards() if c.kind == "basic"]
        answers = []
        for pos, (card, coverage) in enumerate(zip(cards, score_note_coverages), 1):
            q = Question(card.slug, card.section, "topic", "free", 120, card.question, "ref", ("a", "b"), card.id)
            answers.append(AnswerRecord(pos, q, "答案", seconds_used=60, coverage=coverage, missed=("b",)))
        sessions = CollectionSessions(col)
        session = sessions.open(T0 - timedelta(minutes=15), 15, "pressure", [], False)
        report = build_report(answers, SessionMeta(15, "pressure", False, session_id=session))
        sessions.finish(session, answers, report.to_json(), T0)
        return session


def test_report_prints_the_last_or_a_given_session(cli, home):
    first = _store_session(home, [1.0, 0.5])
    second = _store_session(home, [0.0])
    last = cli("interview", "report", "--json")
    assert last.code == 0, last.err
    assert last.json()["session"] == second and last.json()["score"] == 0.0
    assert cli("interview", "report", "--last", "--json").json() == last.json()
    older = cli("interview", "report", str(first), "--json").json()
    assert older["score"] == 0.75 and len(older["questions"]) == 2
    markdown = cli("interview", "report", str(first), "--markdown")
    assert markdown.code == 0 and markdown.out.startswith(f"# Interview {first}") and "75%" in markdown.out
    missing = cli("interview", "report", "999")
    assert missing.code == 1 and "999" in missing.err
