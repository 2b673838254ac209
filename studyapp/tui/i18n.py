"""One translation function, `tr(language, key)`, over the string tables of `studyapp.tui.strings`.

Keys are namespaced, "<namespace>.<name>": `quiz.*`, `lab.*` and `interview.*` live in the table of that name,
the shared screens' namespaces (NAMESPACES) in `strings/app.py`. Each key has English and 中文. A table is
imported the first time one of its keys is asked for, so start-up reads only the app's own.

A missing key is a bug with one behaviour: under the tests (STUDYAPP_STRICT_STRINGS=1, set by tests/conftest.py)
`tr` raises MissingString; in use it shows the key itself, so a forgotten string is visible but never stops the
app. `default=` is for text that may have no entry on purpose (Textual's own palette commands, by their English
words). tests/unit/test_strings.py checks both languages and that every key the code names exists.

English plurals: `{n|card|cards}` in a string is "card" when the value `n` is 1, "cards" otherwise."""
from __future__ import annotations

import importlib
import os
import re

LANGUAGES = {"en": "English", "zh": "中文"}
STRICT_ENV = "STUDYAPP_STRICT_STRINGS"
APP_NAMESPACES = ("common", "palette", "home", "review", "help", "browse", "card", "stats", "settings", "sys", "fault")
# namespace -> the module of studyapp.tui.strings that holds it
NAMESPACES = {**{name: "app" for name in APP_NAMESPACES}, "quiz": "quiz", "lab": "lab", "interview": "interview"}
_tables: dict[str, dict[str, tuple[str, str]]] = {}


class MissingString(KeyError):
    """A key with no entry in its table (raised only under the tests)."""


def table(module: str) -> dict[str, tuple[str, str]]:
    """One table (`app`, `quiz`, `lab`, `interview`): key -> (English, 中文)."""
    found = _tables.get(module)
    if found is None:
        found = _tables[module] = importlib.import_module(f"studyapp.tui.strings.{module}").STRINGS
    return found


def is_key(text: str) -> bool:
    """Whether `text` is named like a key (a known namespace, a dot, a name): Textual's own binding labels
    ("Focus Next") are not, and are shown as they are."""
    namespace, dot, name = text.partition(".")
    return bool(dot and name) and namespace in NAMESPACES and " " not in namespace


def _lookup(key: str) -> tuple[str, str] | None:
    module = NAMESPACES.get(key.partition(".")[0])
    return None if module is None else table(module).get(key)



_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural(text: str, values: dict) -> str:
    """Resolve `{name|one|other}` by values[name] (the English singular only for exactly 1)."""
    return _PLURAL.sub(lambda m: m[2] if values.get(m[1]) == 1 else m[3], text)


def tr(language: str, key: str, /, default: str | None = None, **values) -> str:
    """The text of `key` in `language`, its `{fields}` filled from `values`. A key with no entry gives
    `default` when one is given; otherwise it is a bug: MissingString under the tests, the key itself in use."""
    pair = _lookup(key)
    if pair is None:
        if default is not None:
            return default
        if os.environ.get(STRICT_ENV) == "1":
            raise MissingString(key)
        return key
    text = pair[1] if language == "zh" else pair[0]
    return plural(text, values).format(**values) if values else text


_INTERVAL = re.compile(r"^(<?)(\d+(?:\.\d+)?)(mo|m|h|d|y)$")
_ZH_UNITS = {"m": "分钟", "h": "小时", "d": "天", "mo": "个月", "y": "年"}


def interval_text(language: str, text: str) -> str:
    """An Anki-style short interval ("<1m", "4d", "2.5mo") in the app's language: "<1分钟", "4天", "2.5个月"."""
    match = _INTERVAL.match(text)
    if language != "zh" or match is None:
        return text
    less, number, unit = match.groups()
    return f"{less}{number}{_ZH_UNITS[unit]}"
