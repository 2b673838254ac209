"""Every raw SQL statement of the store is prepared (EXPLAIN) against a freshly migrated collection, so a wrong
table or column name fails here rather than in front of a learner.

No hand-kept list: the statements are the store modules' module-level strings (and tuples of strings) that begin
with an SQL verb, found by importing every module of studyapp.store; and a scan of their source (ast) fails on
any SQL text written inside a function, or glued together at call time, where this test could not see it.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sqlite3
from pathlib import Path

import pytest

import studyapp.store
from studyapp.store.collection import Collection

STORE = Path(studyapp.store.__file__).parent
STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|PRAGMA)\b")
# Text that is SQL or part of it (upper-case keywords, as the store writes them; prose and messages do not).
SQL_TEXT = re.compile(r"\b(SELECT|INSERT INTO|REPLACE INTO|DELETE FROM|UPDATE \w+ SET|PRAGMA|WHERE|ORDER BY|GROUP BY|"
                      r"JOIN)\b")
QUOTED = re.compile(r"'(?:[^']|'')*'")
NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def store_modules() -> list[str]:
    return sorted(f"studyapp.store.{info.name}" for info in pkgutil.iter_modules([str(STORE)]))


def statements_of(module) -> dict[str, str]:
    """name -> statement, for each module-level string (or string in a module-level tuple) that is a statement."""
    found = {}
    for name, value in vars(module).items():
        values = [value] if isinstance(value, str) else list(value) if isinstance(value, (tuple, list)) else []
        for i, text in enumerate(values):
            if isinstance(text, str) and STATEMENT.match(text):
                found[name if isinstance(value, str) else f"{name}[{i}]"] = text
    return found


def all_statements() -> dict[str, str]:
    found = {}
    for module_name in store_modules():
        module = importlib.import_module(module_name)
        found.update({f"{module_name}.{name}": sql for name, sql in statements_of(module).items()})
    return found


def placeholders(sql: str):
    """Values for the statement's parameters (all NULL: EXPLAIN prepares, it does not run)."""
    bare = QUOTED.sub("''", sql)
    named = NAMED.findall(bare)
    if named:
        return dict.fromkeys(named)
    return (None,) * bare.count("?")


def explain_problem(conn: sqlite3.Connection, sql: str) -> str | None:
    try:
        conn.execute("EXPLAIN " + sql, placeholders(sql)).fetchall()
    except sqlite3.Error as error:
        return f"{type(error).__name__}: {error}"
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) for part in node.values)
    return ""


def _operands(node: ast.AST) -> list[ast.AST]:
    """What a node joins into a new string: both sides of + or %, the parts of an f-string, the text a
    str.format/join/replace is called on and its arguments."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return [node.left, node.right]
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        return [node.target, node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
            "format", "join", "replace"):
        return [node.func.value, *node.args]
    return []


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def hidden_sql(source: str, filename: str, sql_names: set[str]) -> list[str]:
    """SQL the statement collector cannot see: SQL text outside a module-level assignment, and a statement or
    fragment (one of `sql_names`) joined with something else inside a function."""
    tree = ast.parse(source, filename=filename)
    skip = _docstrings(tree)
    problems = []
    for top in tree.body:
        declared = isinstance(top, (ast.Assign, ast.AnnAssign))
        for node in ast.walk(top):
            if id(node) in skip:
                continue
            if not declared and isinstance(node, (ast.Constant, ast.JoinedStr)) and SQL_TEXT.search(_text(node)):
                problems.append(f"{filename}:{node.lineno}: SQL written in place; make it a module-level constant")
            used = {_name(operand) for operand in _operands(node)} & sql_names
            if used and not declared:
                problems.append(f"{filename}:{node.lineno}: SQL composed at call time from "
                                f"{', '.join(sorted(used))}; compose it once, at module level")
    return problems


def sql_names() -> set[str]:
    """Names of module-level strings of the store that are SQL (whole statements or fragments)."""
    names = set()
    for module_name in store_modules():
        for name, value in vars(importlib.import_module(module_name)).items():
            if isinstance(value, str) and SQL_TEXT.search(value) and not name.startswith("__"):
                names.add(name)
    return names


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    home = tmp_path_factory.mktemp("sql") / "home"
    Collection.open(home, import_bundled=False).close()
    conn = sqlite3.connect(home / "collection.sqlite3")
    yield conn
    conn.close()


STATEMENTS = all_statements()


def test_the_store_declares_its_statements():
    # The study loop alone has more than thirty; an empty harvest would mean the collector broke.
    assert len(STATEMENTS) > 40
    assert "studyapp.store.reviews._ANSWERED" in STATEMENTS and "studyapp.store.inserts.INSERT_CARD" in STATEMENTS


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_prepares_against_the_migrated_schema(migrated, name):
    assert explain_problem(migrated, STATEMENTS[name]) is None, STATEMENTS[name]


# Listings of the whole collection (`studyapp cards`, the FSRS optimizer's history): reading every row is their job.
WHOLE_TABLE = {"studyapp.store.card_views.CARD_ROWS", "studyapp.store.card_views.ALL_CARDS",
               "studyapp.store.card_views.DUE_CARDS", "studyapp.store.collection._REVIEW_HISTORY"}


@pytest.mark.parametrize("name", sorted(set(STATEMENTS) - WHOLE_TABLE))
def test_no_statement_reads_every_card_or_review(migrated, name):
    """At 100,000 cards and 1,000,000 reviews a full scan costs the study loop its speed: each statement reaches
    card and review_log through an index (a covering index scan, as count(*) uses, is fine)."""
    sql = STATEMENTS[name]
    plan = [row[3] for row in migrated.execute("EXPLAIN QUERY PLAN " + sql, placeholders(sql))]
    assert not [step for step in plan if step in ("SCAN card", "SCAN review_log")], plan


def test_no_sql_is_hidden_from_the_collector():
    names = sql_names()
    problems = []
    for path in sorted(STORE.glob("*.py")):
        problems += hidden_sql(path.read_text(encoding="utf-8"), str(path.relative_to(STORE.parent.parent)), names)
    assert problems == []


# -- the checks themselves can fail ---------------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "SELECT id, stabilty FROM card WHERE id = ?",  # a misspelt column
    "UPDATE cards SET due = :due WHERE id = :id",  # a table that does not exist
    "INSERT INTO review_log (card_id, rating, reviewed) VALUES (?, ?, ?)",
])
def test_a_wrong_name_is_reported(migrated, sql):
    assert "no such" in explain_problem(migrated, sql) or "has no column" in explain_problem(migrated, sql)


def test_placeholders_are_bound_by_kind():
    assert placeholders("SELECT id FROM card WHERE due < :end AND tags = ':x' AND state = :state") == {
        "end": None, "state": None}
    assert placeholders("SELECT id FROM card WHERE id IN (?, ?) AND tags != '?'") == (None, None)


def test_sql_inside_a_function_or_composed_at_call_time_is_caught():
    source = '''
"""A module. SELECT in a docstring is prose."""
_ROWS = "SELECT id FROM card"
_GOOD = _ROWS + " ORDER BY id"


def f(conn, due_only):
    conn.execute("SELECT id FROM card WHERE due < ?", (1,))
    sql = _ROWS
    if due_only:
        sql += " WHERE due < ?"
    return conn.execute(f"{_ROWS} LIMIT 1"), "no card with that id"
'''
    problems = hidden_sql(source, "m.py", {"_ROWS", "_GOOD"})
    assert [p.split(":")[1] for p in problems] == ["8", "11", "12"]
