"""Labs run on a bare GPU machine: no studyapp, Textual, SQLAlchemy or fsrs; the protocol is stdlib only."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LABS = REPO / "labs"
FORBIDDEN = ("studyapp", "textual", "sqlalchemy", "alembic", "fsrs")
STDLIB_ONLY = ("protocol.py", "registry.py", "cli.py", "corpus.py", "__init__.py", "__main__.py", "report.py")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_no_lab_file_names_a_forbidden_package():
    bad = [f"{p.relative_to(REPO)}: {m}" for p in LABS.rglob("*.py") for m in _imports(p)
           if m.split(".")[0] in FORBIDDEN]
    assert bad == []


def test_the_protocol_side_of_labs_is_standard_library_only():
    """cli.py imports torch lazily, inside a function; at module level these files need only the stdlib."""
    bad = []
    for name in STDLIB_ONLY:
        path = LABS / name
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.exists() else ast.Module(body=[])
        for node in tree.body:  # module level only
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            bad += [f"{name}: {m}" for m in names
                    if m.split(".")[0] not in sys.stdlib_module_names and m.split(".")[0] not in ("labs", "__future__")]
    assert bad == []


def test_importing_every_lab_module_pulls_in_no_app_packages():
    code = (
        "import importlib, pkgutil, sys, labs\n"
        "for info in pkgutil.walk_packages(labs.__path__, 'labs.'):\n"
        "    if not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "assert not bad, bad\n"
        "assert 'peft' in sys.modules and 'transformers' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_runner_never_imports_torch():
    code = ("import sys\nfrom studyapp.labrunner import lab_index, list_labs\n"
            "assert len(list_labs()) == 16 and lab_index().lab_ids_for('top-p-86a7bb') == ('sampling',)\n"
            "bad = [m for m in ('torch', 'transformers', 'peft', 'textual', 'sqlalchemy') if m in sys.modules]\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr[-2000:]
