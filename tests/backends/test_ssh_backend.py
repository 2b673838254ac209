"""The SSH backend against a real sshd on 127.0.0.1 (started per test), the "remote" Python being this venv's."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from backend_servers import keygen, lab_processes, wait_until

from studyapp import paths
from studyapp.labrunner.backends.ssh import SshBackend

pytestmark = pytest.mark.slow


def add_backend(cli, config, *extra: str):
    args = ["backend", "add", config.name, "--ssh", config.target, "--port", str(config.port),
            "--identity", config.identity, "--python", config.python, "--workdir", config.workdir]
    if config.known_hosts:
        args += ["--known-hosts", config.known_hosts]
    result = cli(*args, *extra)
    assert result.code == 0, result.err
    return result


def lab_rows(home) -> list[tuple]:
    with sqlite3.connect(paths.collection_path(home)) as conn:
        return conn.execute("SELECT lab_id, status, backend, device FROM lab_run ORDER BY id").fetchall()


def run_in_thread(backend, **kwargs):
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", backend.run("sampling", **kwargs)))
    thread.start()
    return thread, box


def test_a_lab_runs_over_ssh_and_the_second_run_sends_nothing(cli, home, ssh_config, tmp_path):
    """The second run carries a learner's exercise file with a syntax error: it ends at once, and shows the file
    travelled while the labs did not."""
    add_backend(cli, ssh_config)
    first = cli("lab", "run", "sampling", "--on", "box", "--device", "cpu", "--mode", "quick", "--json",
                timeout=300)
    assert first.code == 0, first.err
    doc = first.json()
    assert doc["backend"] == "box" and doc["status"] == "pass" and doc["device"] == "cpu"
    assert doc["host"] == ssh_config.target and doc["sent_bytes"] > 10_000
    assert doc["remote_python"] == ssh_config.python and len(doc["checks"]) >= 5
    bundles = Path(ssh_config.workdir) / "bundles"
    assert [p.name for p in bundles.iterdir()] == [doc["bundle"]]
    stamp = (bundles / doc["bundle"]).stat().st_mtime_ns

    broken = tmp_path / "my_exercise.py"
    broken.write_text("def top_k(logits, k):\n    return logits[:k\n")
    events: list[dict] = []
    again = SshBackend(ssh_config).run("sampling", "cpu", exercise_file=str(broken), on_event=events.append)
    assert again.extra["sent_bytes"] == 0 and again.extra["bundle"] == doc["bundle"]
    assert again.status == "error" and "my_exercise.py:2: syntax error" in again.message
    assert not any("sending the labs" in str(e.get("message")) for e in events)
    assert (bundles / doc["bundle"]).stat().st_mtime_ns == stamp
    assert list((Path(ssh_config.workdir) / "runs").iterdir()) == []  # each run's scratch folder is removed
    assert lab_rows(home) == [("sampling", "pass", "box", "cpu")]


def test_lab_check_on_a_backend_carries_the_learners_file(cli, home, ssh_config, tmp_path):
    add_backend(cli, ssh_config)
    wrong = tmp_path / "exercise.py"
    wrong.write_text("from labs.sampling.filters import top_k_filter, top_p_filter, filtered_probs  # noqa\n\n"
                     "def apply_temperature(logits, temperature):\n    return logits * temperature\n")
    result = cli("lab", "check", "sampling", "--file", str(wrong), "--on", "box", "--device", "cpu", "--json",
                 timeout=300)
    assert result.code == 1, result.err  # a check failed, on the remote, on this file
    doc = result.json()
    assert doc["backend"] == "box" and doc["exercise"] is True
    failed = {c["name"] for c in doc["checks"] if c["status"] == "fail"}
    assert "temperature_matches_transformers" in failed
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT backend, exercise, status FROM lab_run").fetchall() == [("box", 1, "fail")]


def test_the_sampling_lab_streams_its_events_live(ssh_config):
    """Events arrive while the remote lab runs, not in one lump at its end: the run is cancelled from inside the
    callback of its first progress event, and the lab had not finished then."""
    events: list[dict] = []
    cancel = threading.Event()

    def on_event(event: dict) -> None:
        events.append(event)
        if event.get("event") == "progress":
            cancel.set()

    result = SshBackend(ssh_config).run("sampling", "cpu", on_event=on_event, cancel=cancel)
    assert result.fault == "cancelled" and not any(e.get("event") == "result" for e in events)
    assert [e["fraction"] for e in events if e.get("event") == "progress"][:1] == [0]
    wait_until(lambda: not lab_processes(ssh_config.workdir), 15, "the lab to end")


def test_backend_add_list_test_remove(cli, home, ssh_config):
    add_backend(cli, ssh_config)
    listed = cli("backend", "list", "--json")
    assert listed.code == 0, listed.err
    rows = {r["name"]: r for r in listed.json()}
    assert rows["local"] == {"name": "local", "kind": "local"}
    assert rows["box"]["target"] == ssh_config.target and rows["box"]["port"] == ssh_config.port
    key_body = "".join(Path(ssh_config.identity).read_text().splitlines()[1:-1])
    assert rows["box"]["identity"] == ssh_config.identity and key_body[:40] not in paths.collection_path(
        home).read_bytes().decode("latin-1")  # the key's path is stored, never the key
    probe = cli("backend", "test", "box", "--json", timeout=120)
    assert probe.code == 0, probe.err
    import torch

    assert probe.json()["torch"] == torch.__version__ and "cpu" in probe.json()["devices"]
    duplicate = cli("backend", "add", "box", "--ssh", "someone@elsewhere")
    assert duplicate.code == 2 and "exists" in duplicate.err
    assert cli("backend", "remove", "box").code == 0
    assert [r["name"] for r in cli("backend", "list", "--json").json()] == ["local"]
    gone = cli("lab", "run", "sampling", "--on", "box")
    assert gone.code == 2 and "unknown backend 'box'" in gone.err and "Traceback" not in gone.err


@pytest.mark.parametrize("args, message", [
    (["x"], "exactly one of --ssh"),
    (["x", "--ssh", "a@b", "--ray", "http://h:8265"], "exactly one of --ssh"),
    (["local", "--ssh", "a@b"], "built-in"),
    (["x", "--ssh", "a@b", "--identity", "/no/such/key"], "--identity /no/such/key: no such file"),
    (["x", "--ray", "head:8265"], "expected the Jobs API address"),
    (["x", "--ray", "http://h:8265", "--port", "22"], "are for --ssh"),
])
def test_bad_backend_arguments_are_clear_errors(cli, args, message):
    result = cli("backend", "add", *args)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err


def test_cancel_kills_the_remote_lab(ssh_config, slow_exercise, collection):
    events: list[dict] = []
    cancel = threading.Event()
    thread, box = run_in_thread(SshBackend(ssh_config), device="cpu", exercise_file=str(slow_exercise),
                                on_event=events.append, cancel=cancel)
    wait_until(lambda: lab_processes(ssh_config.workdir), 60, "the remote lab process")
    cancel.set()
    thread.join(30)
    assert not thread.is_alive()
    result = box["result"]
    assert (result.status, result.fault, result.message, result.backend) == (
        "error", "cancelled", "cancelled", "box")
    wait_until(lambda: not lab_processes(ssh_config.workdir), 15, "the remote lab to be killed")
    run_id = collection.save_lab_run(result)
    assert collection.lab_runs("sampling")[0]["id"] == run_id


def test_the_app_dying_kills_the_remote_lab(ssh_config, slow_exercise, tmp_path):
    """The app is killed outright (no clean-up code runs): its ssh's stdin closes and the launcher stops the lab."""
    script = tmp_path / "app.py"
    script.write_text(
        "import sys\nfrom studyapp.labrunner.backends.config import BackendConfig\n"
        "from studyapp.labrunner.backends.ssh import SshBackend\n"
        f"SshBackend(BackendConfig(**{ssh_config.__dict__!r})).run('sampling', 'cpu', "
        f"exercise_file={str(slow_exercise)!r})\n")
    app = subprocess.Popen([sys.executable, str(script)], cwd=os.getcwd())
    try:
        wait_until(lambda: lab_processes(ssh_config.workdir), 60, "the remote lab process")
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    wait_until(lambda: not lab_processes(ssh_config.workdir), 20, "the remote lab to be killed")


def test_sshd_gone_mid_run_is_a_connection_lost_error(sshd, ssh_config, slow_exercise, collection):
    thread, box = run_in_thread(SshBackend(ssh_config), device="cpu", exercise_file=str(slow_exercise))
    wait_until(lambda: lab_processes(ssh_config.workdir), 60, "the remote lab process")
    sshd.stop()
    thread.join(60)
    result = box["result"]
    assert result.status == "error" and result.fault == "connection_lost", result.message
    assert "lost the connection" in result.message and result.backend == "box"
    wait_until(lambda: not lab_processes(ssh_config.workdir), 20, "the orphaned lab to be killed")
    collection.save_lab_run(result)
    assert collection.lab_status()["sampling"]["status"] == "error"


def test_a_remote_lab_killed_is_an_error(ssh_config, slow_exercise):
    thread, box = run_in_thread(SshBackend(ssh_config), device="cpu", exercise_file=str(slow_exercise))
    pids = wait_until(lambda: lab_processes(ssh_config.workdir), 60, "the remote lab process")
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    thread.join(60)
    result = box["result"]
    assert (result.status, result.fault) == ("error", "killed")
    assert "killed by SIGKILL" in result.message


def test_a_time_out_stops_the_remote_lab(ssh_config, slow_exercise):
    result = SshBackend(ssh_config).run("sampling", "cpu", exercise_file=str(slow_exercise), timeout=8)
    assert (result.status, result.fault) == ("error", "timeout") and "timed out after 8 s" in result.message
    wait_until(lambda: not lab_processes(ssh_config.workdir), 15, "the remote lab to be killed")


def test_unknown_host_key_is_refused_unless_accepted_at_add(cli, home, sshd, ssh_config, tmp_path):
    empty = tmp_path / "empty_known_hosts"
    empty.write_text("")
    add_backend(cli, replace(ssh_config, known_hosts=str(empty)))
    result = cli("lab", "run", "sampling", "--on", "box", "--device", "cpu", "--json")
    assert result.code == 2
    doc = result.json()
    assert doc["fault"] == "host_key" and "unknown host key" in doc["message"] and "--accept-new-host-key" in doc[
        "message"]
    assert lab_rows(home) == [("sampling", "error", "box", "cpu")]
    assert empty.read_text() == ""  # nothing was accepted silently

    add_backend(cli, replace(ssh_config, name="trusting", known_hosts=str(empty)), "--accept-new-host-key")
    assert cli("backend", "test", "trusting", timeout=120).code == 0
    host_key = Path(f"{sshd.host_key}.pub").read_text().split()[1]
    assert host_key in empty.read_text()  # recorded: from now on it is checked
    assert cli("backend", "test", "box", timeout=120).code == 0


def test_auth_refused_is_a_clear_error(cli, ssh_config, tmp_path):
    stranger = keygen(tmp_path / "stranger_key")
    add_backend(cli, replace(ssh_config, identity=str(stranger)))
    result = cli("backend", "test", "box")
    assert result.code == 2 and "refused the login" in result.err and str(stranger) in result.err
    run = cli("lab", "run", "sampling", "--on", "box", "--json")
    assert run.code == 2 and run.json()["fault"] == "auth"


def test_host_unreachable_is_a_clear_error(sshd, ssh_config):
    sshd.stop()
    result = SshBackend(ssh_config).run("sampling", "cpu")
    assert (result.status, result.fault) == ("error", "unreachable")
    assert f"cannot reach {ssh_config.target} port {ssh_config.port}" in result.message


def test_remote_python_without_torch_says_what_to_install(cli, ssh_config, tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = str(bare / "bin" / "python")
    result = SshBackend(replace(ssh_config, python=python)).run("sampling", "cpu")
    assert (result.status, result.fault) == ("error", "no_torch")
    assert f"{python} -m pip install torch" in result.message
    add_backend(cli, replace(ssh_config, python=python))
    probe = cli("backend", "test", "box")
    assert probe.code == 2 and "torch is not installed" in probe.err and "pip install torch" in probe.err
    missing = SshBackend(replace(ssh_config, python="/no/such/python")).run("sampling", "cpu")
    assert missing.fault == "no_python" and "--python" in missing.message
