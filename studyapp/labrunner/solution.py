"""The reference solution of a lab's exercise: the lab's own functions of the same names, as source text.

Each function the starter (`labs/ID/exercise.py`) defines is looked up, without importing anything, in the
modules named by `SOLUTION` in the lab's `__init__.py` (a module name or a tuple of them, e.g.
`SOLUTION = "filters"`), or, when the lab declares none, in every module of the lab but the exercise, the
experiment (`lab.py`) and its checks.
"""
from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

from studyapp.labrunner import exercise_source, workspace

NOT_SOLUTIONS = {"__init__", "exercise", "lab", "checks"}


@dataclass(frozen=True)
class Reference:
    name: str
    module: str  # e.g. "labs.sampling.filters"
    source: str  # the function's text, decorators included
    support: str = ""  # the module's imports and constants the function uses, so that it reads (and runs) alone


def _declared_modules(lab_id: str) -> tuple[str, ...] | None:
    declared = getattr(importlib.import_module(f"labs.{lab_id}"), "SOLUTION", None)  # __init__ is torch-free
    if declared is None:
        return None
    return (declared,) if isinstance(declared, str) else tuple(declared)


def _modules(lab_id: str) -> list[Path]:
    folder = workspace.lab_folder(lab_id)
    declared = _declared_modules(lab_id)
    if declared is not None:
        return [folder / f"{name}.py" for name in declared]
    return sorted(p for p in folder.glob("*.py") if p.stem not in NOT_SOLUTIONS)


def _segment(lines: list[str], node: ast.stmt) -> str:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "".join(lines[first - 1:node.end_lineno]).rstrip() + "\n"


def _bound_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _definitions(path: Path) -> dict[str, tuple[str, str]]:
    """Top-level function name -> (its text, the imports and assignments of the module it uses)."""
    try:
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
    except (OSError, SyntaxError):
        return {}
    lines = text.splitlines(keepends=True)
    context = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign))
               and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            support = "".join(_segment(lines, c) for c in context if _bound_names(c) & used)
            found[node.name] = (_segment(lines, node), support)
    return found


def references(lab_id: str) -> tuple[list[Reference], list[str]]:
    """(the reference of each exercise function found, the names of those with none found)."""
    wanted = [f.name for f in exercise_source.functions(workspace.starter_file(lab_id).read_text(encoding="utf-8"))]
    found: dict[str, Reference] = {}
    for path in _modules(lab_id):
        for name, (text, support) in _definitions(path).items():
            if name in wanted and name not in found:
                found[name] = Reference(name, f"labs.{lab_id}.{path.stem}", text, support)
    return [found[n] for n in wanted if n in found], [n for n in wanted if n not in found]


def as_module(found: list[Reference]) -> str:
    """The references as one file the learner could use as exercise.py: imports and constants first, once."""
    support: list[str] = []
    for ref in found:
        for line in ref.support.splitlines(keepends=True):
            if line not in support:
                support.append(line)
    head = "".join(sorted((line for line in support if line.startswith(("import ", "from "))), key=str.lower))
    rest = "".join(line for line in support if not line.startswith(("import ", "from ")))
    parts = [p for p in (head, rest) if p] + [f"# {ref.name}, from {ref.module}\n{ref.source}" for ref in found]
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"
