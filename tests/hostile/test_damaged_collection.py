"""A damaged, full or read-only collection is named for what it is, never with a traceback."""
from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp import paths
from studyapp.store import backup

EXIT_DAMAGED, EXIT_DISK_FULL, EXIT_PERMISSION = 7, 4, 5


def cli(home, *args, preexec=None, prefix=()):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*prefix, sys.executable, "-m", "studyapp", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=120, env=env, preexec_fn=preexec)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    home = tmp_path_factory.mktemp("made") / "home"
    assert cli(home, "rate", "1", "good").returncode == 0
    assert cli(home, "stats").returncode == 0  # checkpointed: the file holds everything
    return home


@pytest.mark.parametrize("seed", range(12))
def test_random_byte_corruption_is_reported_not_raised(made, tmp_path, seed):
    home = tmp_path / "home"
    shutil.copytree(made, home)
    db = paths.collection_path(home)
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    rng = random.Random(seed)
    start = 0 if seed < 4 else rng.randrange(len(data) // 2)  # the header itself, or pages further in
    for offset in range(start, min(len(data), start + 64 * (seed + 1))):
        data[offset] = rng.randrange(256)
    db.write_bytes(bytes(data))
    for args in (["stats"], ["check"], ["cards", "--json"]):
        proc = cli(home, *args)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1, EXIT_DAMAGED), (args, proc.returncode, proc.stderr)
        if proc.returncode == EXIT_DAMAGED:
            assert "damaged" in proc.stderr
        if args == ["check"] and proc.returncode != 0:
            assert proc.stdout.strip() or proc.stderr.strip()


def _small_files():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_during_backup_says_so_and_leaves_no_file(made, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(made, home)
    proc = cli(home, "backup", preexec=_small_files)
    assert proc.returncode in (EXIT_DISK_FULL, 2), proc.stderr
    assert "Traceback" not in proc.stderr and ("full" in proc.stderr or "did not verify" in proc.stderr)
    assert list(paths.backup_dir(home).glob("*")) == []  # no 0-byte or partial file named as a backup


def test_an_interrupted_backup_is_never_named(made, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(made, home)
    folder = paths.backup_dir(home)
    folder.mkdir()
    (folder / ".partial-collection-20260101T000000000000Z-manual.sqlite3").write_bytes(b"")
    assert backup.latest_backup(folder) is None
    written = backup.write_backup(paths.collection_path(home), folder)
    assert backup.latest_backup(folder) == written


def _unprivileged() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return None if setpriv is None else [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_collection_is_a_permission_error(made, tmp_path):
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("cannot drop root privileges here, and root ignores file permissions")
    base = tmp_path / "ro"
    shutil.copytree(made, base / "home")
    home = base / "home"
    for path in [base, home, *home.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    tmp_path.chmod(0o755)
    try:
        proc = cli(home, "rate", "2", "good", prefix=prefix)
        assert proc.returncode == EXIT_PERMISSION, proc.stderr
        assert "Traceback" not in proc.stderr and "permission" in proc.stderr.lower()
    finally:
        for path in [base, home, *home.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_full_disk_during_import_says_so_and_changes_nothing(made, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(made, home)
    doc = tmp_path / "copy.md"
    doc.write_text((Path(__file__).resolve().parents[2] / "content" / "llm-basics.zh.md")
                   .read_text(encoding="utf-8"), encoding="utf-8")
    before = cli(home, "cards", "--json").stdout
    proc = cli(home, "import", str(doc), "--as-new-deck", preexec=_small_files)
    assert proc.returncode == EXIT_DISK_FULL, proc.stderr
    assert "Traceback" not in proc.stderr and "full" in proc.stderr
    assert cli(home, "cards", "--json").stdout == before  # the import was rolled back whole
