"""Every malformed input through the real CLI: a one-line `PATH[:LINE]: message`, exit 2, no traceback,
the collection unchanged, an answer within 10 s (a FIFO or a device must not make it wait or eat memory)."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from corpus import Case, document_cases, revlog_cases

from studyapp import paths

TIME_LIMIT = 10.0


@pytest.fixture(scope="module")
def prepared_home(tmp_path_factory):
    """A collection with the bundled deck and some answers, made once and copied for each case."""
    home = tmp_path_factory.mktemp("prepared") / "home"
    run_cli(home, "rate", "1", "good")
    return home


def run_cli(home, *args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    return proc, time.monotonic() - start


def contents(home) -> str:
    """Every row of every table: the collection's content, whatever SQLite did to its file's pages."""
    with sqlite3.connect(paths.collection_path(home)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def shown(path) -> str:
    """The path as the message prints it: undecodable bytes of a file name escaped."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def assert_refused(case: Case, proc: subprocess.CompletedProcess, seconds: float, path) -> None:
    err = proc.stderr
    assert proc.returncode == case.code, f"{case.name}: exit {proc.returncode}\n{err}"
    assert "Traceback" not in err and err.count("\n") == 1, err
    prefix = f"studyapp: {shown(path)}:"
    assert err.startswith(prefix), err
    rest = err[len(prefix):]
    if case.line is not None:
        assert rest.startswith(f"{case.line}: "), f"{case.name}: expected line {case.line}: {err}"
    assert seconds < TIME_LIMIT, f"{case.name} took {seconds:.1f} s"


@pytest.mark.parametrize("case", document_cases(), ids=repr)
@pytest.mark.parametrize("command", ["import", "lint"])
def test_a_malformed_document_is_refused_and_changes_nothing(case, command, prepared_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(prepared_home, home)
    before = contents(home)
    path = case.make(tmp_path)
    proc, seconds = run_cli(home, command, str(path))
    assert_refused(case, proc, seconds, path)
    assert contents(home) == before


@pytest.mark.parametrize("case", revlog_cases(), ids=repr)
def test_a_malformed_history_is_refused_and_changes_nothing(case, prepared_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(prepared_home, home)
    before = contents(home)
    path = case.make(tmp_path)
    proc, seconds = run_cli(home, "import-revlog", str(path))
    assert_refused(case, proc, seconds, path)
    assert contents(home) == before


def test_the_corpus_is_large_enough():
    assert len(document_cases()) + len(revlog_cases()) >= 60
