"""The layer rules of docs/ARCHITECTURE.md that import-linter does not check, kept as a test
(the import-linter contracts: test_import_contracts.py)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files_under(*parts: str) -> list[Path]:
    return sorted((REPO.joinpath(*parts)).rglob("*.py"))


def offenders(files, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in files:
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(REPO)} imports {name}")
    return found


def test_only_the_tui_imports_textual():
    outside = [p for p in files_under("studyapp") if "tui" not in p.relative_to(REPO / "studyapp").parts[:1]]
    outside = [p for p in outside if p.name != "serve.py"]  # `studyapp serve` starts textual-serve
    assert offenders(outside, ("textual", "textual_serve", "textual_plotext")) == []


@pytest.mark.parametrize("package", ["deck", "quiz", "grading", "interview", "srs", "labrunner"])
def test_core_packages_do_not_touch_the_database_or_the_ui(package):
    forbidden = ("textual", "studyapp.tui")
    if package == "grading":  # the grader is pure Python: no database, no torch, no other feature
        forbidden += ("sqlalchemy", "alembic", "studyapp.store", "torch", "studyapp.quiz", "studyapp.interview")
    if package in ("deck", "quiz", "labrunner", "interview", "srs"):  # srs: the store re-exports its enums
        forbidden += ("sqlalchemy", "alembic", "studyapp.store")
    assert offenders(files_under("studyapp", package), forbidden) == []


def test_labs_import_nothing_of_the_app_or_its_database():
    assert offenders(files_under("labs"), ("studyapp", "textual", "sqlalchemy", "alembic", "fsrs")) == []


def test_torch_and_transformers_stay_out_of_the_app_at_module_level():
    """Only the labs, the FSRS fitter and the doctor's probe may name torch; and never at import time."""
    allowed = {REPO / "studyapp" / "srs" / "fit.py"}
    found = []
    for path in files_under("studyapp"):
        if path in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: imports inside functions are lazy
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] in ("torch", "transformers", "peft") for n in names):
                    found.append(str(path.relative_to(REPO)))
    assert found == []


def test_the_database_is_touched_only_through_the_store():
    outside = [p for p in files_under("studyapp") if p.relative_to(REPO / "studyapp").parts[0] not in ("store",)]
    # commands may open the collection and run store queries; they never build engines or raw connections
    assert offenders(outside, ("sqlite3", "sqlalchemy", "alembic")) == []


STUDY_LOOP = ("db", "errors", "timeutil", "settings", "queue", "card_views", "reviews", "review_step", "stats",
              "home_charts", "schema", "inserts")


def test_the_study_loop_store_modules_do_not_import_sqlalchemy():
    """What Home and the review screen need runs on sqlite3 (studyapp/store/db.py): no ORM import on that path."""
    files = [REPO / "studyapp" / "store" / f"{name}.py" for name in STUDY_LOOP]
    assert offenders(files, ("sqlalchemy", "alembic", "studyapp.store.models", "studyapp.store.engine")) == []


def test_the_read_ahead_of_the_start_screen_does_not_import_textual():
    """It runs while Textual is being imported: it must not wait for it."""
    assert offenders([REPO / "studyapp" / "tui" / "first_data.py"], ("textual",)) == []


def test_the_interview_store_imports_no_feature_package():
    """store/interviews.py returns plain rows; candidates, scores and reports are built in studyapp.interview."""
    features = ("studyapp.interview", "studyapp.quiz", "studyapp.labrunner", "studyapp.tui", "labs")
    assert offenders([REPO / "studyapp" / "store" / "interviews.py"], features) == []


def test_the_interview_screens_and_command_call_the_service_layer():
    """studyapp.service.interview wires the interview to the quiz, the labs and the store; the screens and
    `studyapp interview` import it alone."""
    screens = [p for p in files_under("studyapp", "tui", "screens") if p.name.startswith("interview")]
    files = screens + [REPO / "studyapp" / "commands" / "interview.py"]
    assert len(files) >= 4
    assert offenders(files, ("studyapp.interview", "studyapp.store", "studyapp.quiz", "studyapp.labrunner")) == []


FIRST_FRAME_SERVICES = ("studyapp.service.collection", "studyapp.service.card_labs", "studyapp.service.study",
                        "studyapp.service.errors", "studyapp.tui.first_data")
HEAVY = ("sqlalchemy", "rapidfuzz", "jieba", "torch", "studyapp.quiz", "studyapp.labrunner")


def test_the_services_of_the_first_frame_load_nothing_heavy():
    """Home's counts and `studyapp review`'s first card come through these: importing them (and reading the
    lab index's module) must not load the ORM, the quiz's text tools, torch or the lab runner."""
    import subprocess
    import sys

    probe = ("import sys\n" + "".join(f"import {name}\n" for name in FIRST_FRAME_SERVICES)
             + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
