"""Lab backends without a server: the stored settings, the lab_run columns, the bundle, the configuration."""
from __future__ import annotations

import io
import sqlite3
import tarfile

import pytest

from studyapp import paths
from studyapp.labrunner.backends import bundle as bundles
from studyapp.labrunner.backends.config import BackendConfig, BackendError, configs_from
from studyapp.labrunner.backends.ssh import SshBackend, remote_path
from studyapp.labrunner.lab_result import CheckResult, LabResult
from studyapp.store import lab_backends, migrate
from studyapp.store.collection import Collection
from studyapp.store.engine import make_engine

OLD_RUN = ("INSERT INTO lab_run (id, lab_id, status, mode, device, started_at, seconds, result_json) VALUES "
           "(1, 'precision', 'pass', 'quick', 'cpu', '2026-01-01 00:00:00', 3.0, '{\"lab\": \"precision\"}')")


def test_runs_saved_before_backends_existed_read_as_local(home):
    home.mkdir(parents=True)
    engine = make_engine(paths.collection_path(home))
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(OLD_RUN)
    engine.dispose()
    col = Collection.open(home, import_bundled=False)
    try:
        assert col.lab_status()["precision"]["backend"] == "local"
        col.save_lab_run(LabResult("sampling", "pass", mode="quick", device="cuda", device_name="NVIDIA H200",
                                   backend="gpu-box", checks=(CheckResult("c", "pass", "experiment", 1, 1, ""),),
                                   started="2026-01-02T00:00:00+00:00"))
    finally:
        col.close()
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT lab_id, backend, device, device_name FROM lab_run ORDER BY id").fetchall() == [
            ("precision", "local", "cpu", None), ("sampling", "gpu-box", "cuda", "NVIDIA H200")]


def test_backends_are_kept_in_the_collection_settings(collection):
    with collection.db(write=True) as conn:
        lab_backends.save(conn, "box", {"kind": "ssh", "target": "me@gpu", "port": 2222})
        lab_backends.save(conn, "class", {"kind": "ray", "address": "http://head:8265"})
    stored = lab_backends.load_from(collection)
    configs = configs_from(stored)
    assert list(configs) == ["box", "class"]
    assert configs["box"] == BackendConfig(name="box", kind="ssh", target="me@gpu", port=2222)
    assert collection.settings().new_per_day == 20  # the ordinary settings still read
    with collection.db(write=True) as conn:
        assert lab_backends.remove(conn, "box") and not lab_backends.remove(conn, "box")
    assert list(lab_backends.load_from(collection)) == ["class"]


@pytest.mark.parametrize("config, message", [
    (BackendConfig(name="local", kind="ssh", target="a@b"), "built-in"),
    (BackendConfig(name="my box", kind="ssh", target="a@b"), "letters, digits"),
    (BackendConfig(name="x", kind="ssh", target="-oProxyCommand=evil"), "expected USER@HOST"),
    (BackendConfig(name="x", kind="ssh", target="a@b", port=70000), "between 1 and 65535"),
    (BackendConfig(name="x", kind="ray", address="head:8265"), "Jobs API address"),
])
def test_bad_configurations_are_refused(config, message):
    with pytest.raises(BackendError, match=message):
        config.validate()


def test_the_bundle_is_named_by_its_content_and_ships_sources_only(tmp_path):
    first, second = bundles.build(), bundles.build()
    assert first.digest == second.digest and first.tar_gz() == second.tar_gz()  # deterministic
    names = [path for path, _ in first.files]
    assert bundles.LAUNCHER in names and "labs/cli.py" in names and "labs/sampling/lab.py" in names
    assert "content/llm-basics.zh.md" in names  # the text the labs train on
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    with tarfile.open(fileobj=io.BytesIO(first.tar_gz())) as tar:
        assert sorted(tar.getnames()) == sorted(names)



def test_a_changed_lab_file_is_a_new_bundle(tmp_path, monkeypatch):
    import shutil

    from studyapp.labrunner import catalog

    shutil.copytree(catalog.labs_root() / "labs", tmp_path / "labs")
    monkeypatch.setattr(bundles.catalog, "labs_root", lambda: tmp_path)
    before = bundles.build()
    (tmp_path / "labs" / "__pycache__").mkdir(exist_ok=True)
    (tmp_path / "labs" / "__pycache__" / "x.pyc").write_bytes(b"junk")
    assert bundles.build().digest == before.digest  # byte-code is not shipped
    with open(tmp_path / "labs" / "sampling" / "lab.py", "a") as handle:
        handle.write("\n# edited\n")
    assert bundles.build().digest != before.digest


def test_ssh_commands_quote_what_the_user_gave():
    backend = SshBackend(BackendConfig(name="b", kind="ssh", target="me@gpu", port=2222, identity="/k/id",
                                       python="/opt/my env/bin/python", workdir="~/lab cache"))
    argv = backend.argv("true")
    assert argv[:2] == ["ssh", "-T"] and "StrictHostKeyChecking=yes" in argv and "BatchMode=yes" in argv
    assert argv[argv.index("-p") + 1] == "2222" and argv[argv.index("-i") + 1] == "/k/id"
    assert argv[-2:] == ["me@gpu", "true"]
    command = backend.run_command(bundles.build(), "sampling", "cuda", "full")
    assert "'/opt/my env/bin/python'" in command and '"$HOME"/\'lab cache\'/bundles/' in command
    assert remote_path("/abs/x") == "/abs/x" and remote_path("~") == '"$HOME"'
    trusting = SshBackend(BackendConfig(name="b", kind="ssh", target="me@gpu", accept_new_host_key=True))
    assert "StrictHostKeyChecking=accept-new" in trusting.argv("true")


def test_an_unknown_lab_device_or_mode_is_refused_before_any_connection():
    backend = SshBackend(BackendConfig(name="b", kind="ssh", target="me@192.0.2.1"))  # never contacted
    for kwargs in ({"lab_id": "alchemy"}, {"lab_id": "sampling", "device": "tpu"},
                   {"lab_id": "sampling", "mode": "forever"}):
        with pytest.raises(ValueError):
            backend.run(**kwargs)
