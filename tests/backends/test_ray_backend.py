"""The Ray backend against a real Ray head (`ray start --head`, one CPU) started for this module and stopped after."""
from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from backend_servers import RAY, free_port, lab_processes, start_ray_head, wait_until

from studyapp import paths
from studyapp.labrunner.backends.config import BackendConfig
from studyapp.labrunner.backends.ray_job import RayBackend

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_head(tmp_path_factory):
    pytest.importorskip("ray.job_submission", reason="ray[default] is not installed (pip install 'studyapp[ray]')")
    if RAY is None:
        pytest.skip("the `ray` command is not installed (pip install 'studyapp[ray]')")
    head = start_ray_head()
    yield head
    head.stop()
    assert head.processes() == []


@pytest.fixture
def ray_config(ray_head):
    return BackendConfig(name="cluster", kind="ray", address=ray_head.address, python=sys.executable)


def test_a_lab_runs_as_a_ray_job(cli, home, ray_config):
    added = cli("backend", "add", "cluster", "--ray", ray_config.address, "--python", sys.executable)
    assert added.code == 0, added.err
    result = cli("lab", "run", "sampling", "--on", "cluster", "--device", "cpu", "--mode", "quick", "--json",
                 timeout=300)
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["backend"] == "cluster" and doc["status"] == "pass" and doc["device"] == "cpu"
    assert doc["address"] == ray_config.address and doc["job"].startswith("studyapp-sampling-")
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT status, backend FROM lab_run").fetchall() == [("pass", "cluster")]


def test_a_job_stopped_from_outside_is_a_cancelled_row(ray_config, slow_exercise, collection):
    from ray.job_submission import JobSubmissionClient

    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", RayBackend(ray_config).run(
        "sampling", "cpu", exercise_file=str(slow_exercise))))
    thread.start()
    client = JobSubmissionClient(ray_config.address)

    def running_job():
        jobs = [j for j in client.list_jobs() if (j.submission_id or "").startswith("studyapp-sampling-")
                and str(j.status.value) == "RUNNING"]
        return jobs and lab_processes(slow_exercise.name) and jobs[0].submission_id

    job_id = wait_until(running_job, 120, "the Ray job to run the lab", poll=0.5)
    client.stop_job(job_id)
    thread.join(60)
    result = box["result"]
    assert (result.status, result.fault, result.backend) == ("error", "cancelled", "cluster")
    assert "stopped from outside" in result.message and job_id in result.message
    collection.save_lab_run(result)
    assert collection.lab_status()["sampling"]["backend"] == "cluster"
    wait_until(lambda: not lab_processes(slow_exercise.name), 30, "the lab to end with its job")


def test_a_head_that_is_down_is_a_clear_error(cli, home):
    pytest.importorskip("ray.job_submission", reason="ray[default] is not installed (pip install 'studyapp[ray]')")
    address = f"http://127.0.0.1:{free_port()}"
    assert cli("backend", "add", "gone", "--ray", address).code == 0
    result = cli("lab", "run", "sampling", "--on", "gone", "--device", "cpu", "--json", timeout=120)
    assert result.code == 2
    doc = result.json()
    assert doc["fault"] == "head_down" and address in doc["message"] and doc["backend"] == "gone"
    with sqlite3.connect(paths.collection_path(home)) as conn:
        assert conn.execute("SELECT status, backend FROM lab_run").fetchall() == [("error", "gone")]
    probe = cli("backend", "test", "gone", timeout=120)
    assert probe.code == 2 and "does not answer" in probe.err


def test_cancel_stops_the_ray_job(ray_config, slow_exercise):
    from ray.job_submission import JobSubmissionClient

    cancel = threading.Event()
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", RayBackend(ray_config).run(
        "sampling", "cpu", exercise_file=str(slow_exercise), cancel=cancel)))
    thread.start()
    wait_until(lambda: lab_processes(slow_exercise.name), 120, "the lab to start in its job", poll=0.5)
    cancel.set()
    thread.join(60)
    result = box["result"]
    assert (result.status, result.fault, result.message) == ("error", "cancelled", "cancelled")
    status = JobSubmissionClient(ray_config.address).get_job_status(result.extra["job"])
    assert str(status.value) == "STOPPED"
    wait_until(lambda: not lab_processes(slow_exercise.name), 30, "the lab to end with its job")


def test_a_cuda_run_asks_ray_for_a_gpu(ray_config):
    """The test head has no GPU: the job asks for one, so it is never started (a cpu job is: the first test), and
    the time-out says why. (Ray queues the stop of a PENDING job until it could be scheduled.)"""
    from ray.job_submission import JobSubmissionClient

    result = RayBackend(ray_config).run("sampling", "cuda", timeout=8)
    assert (result.status, result.fault) == ("error", "timeout")
    assert "still PENDING" in result.message and "a free GPU" in result.message
    info = JobSubmissionClient(ray_config.address).get_job_info(result.extra["job"])
    assert str(info.status.value) in ("PENDING", "STOPPED") and info.driver_exit_code is None  # it never ran
