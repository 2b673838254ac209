"""A lab's hints: `labs/ID/hints.toml` when the lab has one, else what its exercise's docstrings say.

    # labs/ID/hints.toml: `studyapp lab hint ID` shows them one at a time, gentlest first
    hints = ["Where to look first.", "A stronger nudge.", "Nearly the answer."]

    [checks]  # optional: the hint shown beside a failing check, by the check's name
    top_k_keeps_ties = "torch.topk picks k indices; ties at the k-th value must all stay."

Without the file the hints are the starter's module docstring, then each function's signature and docstring.
"""
from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.labrunner import exercise_source, workspace

HINTS_FILE = "hints.toml"


class HintsError(ValueError):
    """A hints.toml that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Hints:
    general: tuple[str, ...]
    checks: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the file they came from

    def for_check(self, name: str) -> str | None:
        return self.checks.get(name)


def from_toml(path: Path) -> Hints:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise HintsError(f"{path}: {exc}") from None
    general = data.get("hints", [])
    if not isinstance(general, list) or not all(isinstance(h, str) and h.strip() for h in general):
        raise HintsError(f"{path}: `hints` must be a list of non-empty strings")
    checks = data.get("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, str) for v in checks.values()):
        raise HintsError(f"{path}: [checks] must map check names to strings")
    unknown = sorted(set(data) - {"hints", "checks"})
    if unknown:
        raise HintsError(f"{path}: unknown key(s) {', '.join(unknown)} (expected `hints` and [checks])")
    return Hints(tuple(h.strip() for h in general), {k: v.strip() for k, v in checks.items()}, str(path))


def _from_docstrings(path: Path) -> Hints:
    source = path.read_text(encoding="utf-8")
    found: list[str] = []
    try:
        module_doc = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        module_doc = None
    if module_doc:
        found.append(module_doc.strip())
    for node in exercise_source.functions(source):
        doc = ast.get_docstring(node)
        if doc:
            found.append(f"{exercise_source.signature(node)}: {doc.strip()}")
    return Hints(tuple(found), {}, str(path))


def load(lab_id: str) -> Hints:
    folder = workspace.lab_folder(lab_id)
    toml = folder / HINTS_FILE
    if toml.is_file():
        return from_toml(toml)
    return _from_docstrings(workspace.starter_file(lab_id))
