"""The string tables: every key in English and 中文 with the same fields, every key the code names exists, and
one behaviour for a missing key (raised under the tests, the key itself in use)."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from studyapp.tui import i18n

TUI = Path(i18n.__file__).parent
MODULES = sorted(set(i18n.NAMESPACES.values()))
# the keyword a call passes a key by is its first argument: t("x"), self.t("x"), tr(language, "x")
TRANSLATORS = {"t": 0, "tr": 1}


def all_keys() -> dict[str, tuple[str, str]]:
    keys: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        keys.update(i18n.table(module))
    return keys


def fields(text: str) -> set[str]:
    text = i18n._PLURAL.sub(lambda m: "{" + m[1] + "}", text)  # {n|day|days} reads n, as {n} does
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_english_and_chinese_with_the_same_fields():
    for key, (english, chinese) in all_keys().items():
        assert english.strip() and chinese.strip(), key
        assert fields(english) == fields(chinese), key


def test_every_key_is_in_the_table_of_its_namespace():
    for module in MODULES:
        for key in i18n.table(module):
            assert i18n.is_key(key), key
            assert i18n.NAMESPACES[key.partition(".")[0]] == module, key


def _calls(tree: ast.AST):
    """(first literal text, is an f-string prefix) of every t(...)/tr(...) call and Binding description."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        position = TRANSLATORS.get(name)
        if name == "Binding":
            position = 2
        if position is None or len(node.args) <= position:
            continue
        arg = node.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if name != "Binding" or arg.value:
                yield arg.value, False, node.lineno
        elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
            yield arg.values[0].value, True, node.lineno
        elif isinstance(arg, ast.IfExp):
            for branch in (arg.body, arg.orelse):
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    yield branch.value, False, node.lineno


def _literal_keys(tree: ast.AST):
    """Every other string literal named like a key (column labels in tuples, notes passed to a message); the
    text of f-strings is left to `_calls`, which reads it as a prefix."""
    inside_f = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        if id(node) in inside_f:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and i18n.is_key(node.value):
            if not node.value.endswith((".tcss", ".py", ".md", ".toml")):
                yield node.value, node.lineno


def test_every_key_the_code_names_exists():
    keys = all_keys()
    missing = []
    sources = sorted(path for path in TUI.rglob("*.py") if "strings" not in path.parts)
    assert len(sources) > 30
    named = 0
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(TUI)
        for text, prefix, line in _calls(tree):
            if text.startswith("sys.") and prefix:
                continue  # Textual's own palette commands: looked up with their English words as the default
            named += 1
            found = any(key.startswith(text) for key in keys) if prefix else text in keys
            if not found:
                missing.append(f"{where}:{line}: {text}{'…' if prefix else ''}")
        for text, line in _literal_keys(tree):
            if text not in keys:
                missing.append(f"{where}:{line}: {text}")
    assert named > 300  # the scan sees the code's calls (373 when written)
    assert not missing, "\n".join(missing)


def test_a_missing_key_raises_under_the_tests_and_shows_itself_in_use(monkeypatch):
    assert i18n.tr("en", "common.back") == "Back" and i18n.tr("zh", "common.back") == "返回"
    with pytest.raises(i18n.MissingString):
        i18n.tr("en", "common.no_such_key")
    with pytest.raises(i18n.MissingString):
        i18n.tr("en", "back")  # a key without its namespace is missing too
    assert i18n.tr("en", "sys.Not a command", default="Not a command") == "Not a command"
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert i18n.tr("en", "common.no_such_key") == "common.no_such_key"
    assert i18n.tr("zh", "lab.no_such_key", n=3) == "lab.no_such_key"


def test_binding_labels_translate_keys_and_keep_textuals_own_words():
    assert i18n.is_key("quiz.answer") and i18n.is_key("sys.help.Change the current theme")
    assert not i18n.is_key("Focus Next") and not i18n.is_key("back") and not i18n.is_key("review.")


def test_the_screens_modules_hold_no_string_table_of_their_own():
    """One lookup: no screen keeps a dict of (English, 中文) pairs or a translation function beside `tr`."""
    pair = re.compile(r'^\s*"[^"]+": \("[^"]*", "[^"]*[\u4e00-\u9fff][^"]*"\),$', re.M)  # "key": (en, 中文)
    for path in TUI.rglob("*.py"):
        if "strings" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not pair.search(text), path
        assert not re.search(r"^def (tr|translate|lab_tr|quiz_tr)\b", text, re.M) or path.name == "i18n.py", path


def test_no_string_writes_a_plural_as_s_in_brackets():
    """'3 card(s)' reads as a shortcut (issue 15): English plurals are written {n|card|cards}."""
    for key, (english, _) in all_keys().items():
        assert "(s)" not in english, key
    assert i18n.tr("en", "interview.again_note", n=1) == "1 card will be due again soon."
    assert i18n.tr("en", "interview.again_note", n=3) == "3 cards will be due again soon."
