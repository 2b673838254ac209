"""The Ray backend: a lab as a Ray job, through the Jobs API (`ray[default]`, the optional extra studyapp[ray]).

The job's working_dir is the labs bundle (plus the exercise file when one travels); Ray names uploaded
packages by their content hash, so an unchanged bundle is not uploaded again. The entrypoint is the same
launcher as over SSH; its stdout (the lab's JSON-line events, then the result document) is read back by
polling the job's logs, which also notices a cancel, a time-out, a job stopped from outside, or a head that
went away.
"""
from __future__ import annotations

import json
import logging
import shlex
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

from studyapp.labrunner.backends import bundle as bundles
from studyapp.labrunner.backends.config import DEFAULT_RAY_PYTHON, BackendConfig
from studyapp.labrunner.backends.probe import PROBE
from studyapp.labrunner.backends.remote_run import ProbeFailed, RemoteRun, check_request
from studyapp.labrunner.lab_result import LabResult
from studyapp.labrunner.process import parse_line

POLL_SECONDS = 0.5
HEAD_LOST_AFTER = 6.0  # seconds of failed polls before the head is declared gone
STOP_WAIT = 20.0
PROBE_TIMEOUT = 120.0
TERMINAL = ("SUCCEEDED", "FAILED", "STOPPED")
RUNS_DIR = ".studyapp-runs"
EXERCISE_DIR = "exercise"  # the learner's file keeps its name, so the lab's messages name it


class _HeadDown(Exception):
    pass


class RayBackend:
    def __init__(self, config: BackendConfig):
        self.config = config
        self.name = config.name
        self.python = config.python or DEFAULT_RAY_PYTHON

    def _client(self):
        try:
            from ray.job_submission import JobSubmissionClient
        except ImportError:
            raise _HeadDown("the Ray backend needs Ray's Jobs API on this machine: pip install 'studyapp[ray]' "
                            "(that is ray[default])") from None
        logging.getLogger("ray").setLevel(logging.WARNING)  # not its "uploading package" lines on our stderr
        try:
            return JobSubmissionClient(self.config.address)
        except Exception as error:  # ConnectionError, or requests' own when the address does not answer
            raise _HeadDown(f"the Ray head at {self.config.address} does not answer: "
                            f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None

    def _working_dir(self, bundle: bundles.Bundle, exercise_file: str | None, scratch: Path) -> Path:
        """A stable folder per bundle (same content, same Ray package); a run with an exercise gets its own."""
        if exercise_file is None:
            folder = Path(tempfile.gettempdir()) / f"studyapp-ray-{bundle.name}"
            if not (folder / bundles.LAUNCHER).exists():
                staging = bundles.copy_tree(bundle, scratch / "bundle")
                try:
                    staging.rename(folder)
                except OSError:  # another run made it first: the same content
                    pass
            return folder
        folder = bundles.copy_tree(bundle, scratch / "bundle")
        (folder / EXERCISE_DIR).mkdir()
        (folder / EXERCISE_DIR / Path(exercise_file).name).write_text(Path(exercise_file).read_text(encoding="utf-8"),
                                                                       encoding="utf-8")
        return folder

    def _submit(self, client, entrypoint: str, working_dir: Path, gpus: int, kind: str) -> str:
        kwargs = {"entrypoint_num_gpus": gpus} if gpus else {}
        return client.submit_job(
            entrypoint=entrypoint, submission_id=f"studyapp-{kind}-{uuid.uuid4().hex[:10]}",
            runtime_env={"working_dir": str(working_dir),
                         "env_vars": {"PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", "HF_HUB_OFFLINE": "1"}},
            metadata={"studyapp": kind}, **kwargs)

    # -- a run ---------------------------------------------------------------------------------
    def run(self, lab_id: str, device: str = "auto", mode: str = "quick", exercise_file: str | None = None,
            on_event: Callable[[dict], None] | None = None, cancel: threading.Event | None = None,
            timeout: float | None = None) -> LabResult:
        from studyapp.labrunner.runner import DEFAULT_TIMEOUT

        check_request(lab_id, device, mode)
        limit = DEFAULT_TIMEOUT[mode] if timeout is None else timeout
        bundle = bundles.build()
        run = RemoteRun(self.name, lab_id, device, mode, on_event, {"address": self.config.address,
                                                                    "bundle": bundle.name})
        try:
            client = self._client()
        except _HeadDown as error:
            return run.error("head_down", str(error))
        args = [self.python, bundles.LAUNCHER, "--lab", lab_id, "--device", device, "--mode", mode,
                "--runs-dir", RUNS_DIR] + (["--exercise-file", f"{EXERCISE_DIR}/{Path(exercise_file).name}"]
                                           if exercise_file else [])
        with tempfile.TemporaryDirectory(prefix="studyapp-ray-") as scratch:
            try:
                job_id = self._submit(client, shlex.join(args), self._working_dir(bundle, exercise_file, Path(scratch)),
                                      1 if device == "cuda" else 0, f"{lab_id}")
            except Exception as error:  # the head refused or went away while the package was uploaded
                return run.error("head_down", f"the Ray head at {self.config.address} did not take the job: {error}")
        run.facts["job"] = job_id
        run.log(f"Ray job {job_id} submitted to {self.config.address}")
        try:
            return self._follow(client, job_id, run, limit, cancel)
        except BaseException:  # Ctrl-C, the app quitting, a bug in on_event: the job must not run on unwatched
            self._stop(client, job_id)
            raise

    def _follow(self, client, job_id: str, run: RemoteRun, limit: float,
                cancel: threading.Event | None) -> LabResult:
        seen, partial, tail, failing_since, status = 0, "", [], None, None
        while True:
            if cancel is not None and cancel.is_set():
                self._stop(client, job_id)
                return run.error("cancelled", "cancelled")
            if run.seconds() > limit:
                self._stop(client, job_id)
                waited = " with the job still PENDING: the cluster never had the resources it asked for" + (
                    " (a free GPU)" if run.device == "cuda" else "") if status == "PENDING" else ""
                return run.error("timeout", f"timed out after {limit:g} s{waited}")
            try:
                status = str(getattr(client.get_job_status(job_id), "value", ""))
                logs = client.get_job_logs(job_id)
                failing_since = None
            except Exception as error:
                failing_since = failing_since or time.monotonic()
                if time.monotonic() - failing_since > HEAD_LOST_AFTER:
                    return run.error("head_down", f"lost the Ray head at {self.config.address} mid-run "
                                                  f"(job {job_id}): {error}")
                time.sleep(POLL_SECONDS)
                continue
            text, seen = partial + logs[seen:], len(logs)
            *lines, partial = text.split("\n")
            for line in lines:
                event = parse_line(line, "stdout")
                if event.get("event") == "log":
                    tail = (tail + [line])[-40:]
                run.handle(event)
            if status in TERMINAL:
                break
            time.sleep(POLL_SECONDS)
        if partial:
            run.handle(parse_line(partial, "stdout"))
        if status == "STOPPED":
            return run.error("cancelled", f"cancelled: the Ray job {job_id} was stopped from outside "
                                          "(ray job stop, or the cluster)")
        if run.document is None:
            message = ""
            try:
                message = client.get_job_info(job_id).message or ""
            except Exception:
                pass
            return run.error("killed", f"the Ray job {job_id} ended {status} without a result"
                                       + (f": {message}" if message else "")
                                       + (f"; its last lines: {' | '.join(tail[-5:])}" if tail else ""))
        return run.finish("\n".join(tail))

    def _stop(self, client, job_id: str) -> None:
        """Asks Ray to stop the job and waits for it to end, unless it never started: a PENDING job's stop is
        queued by Ray until the job would be scheduled, so waiting for it would only wait for resources."""
        try:
            client.stop_job(job_id)
            deadline = time.monotonic() + STOP_WAIT
            while time.monotonic() < deadline:
                if str(getattr(client.get_job_status(job_id), "value", "")) in TERMINAL + ("PENDING",):
                    return
                time.sleep(POLL_SECONDS)
        except Exception:
            pass  # the head is gone: so is the job's supervisor

    # -- backend test --------------------------------------------------------------------------
    def test(self) -> dict:
        """A probe job on the cluster: its Python, torch and devices."""
        try:
            client = self._client()
        except _HeadDown as error:
            raise ProbeFailed("head_down", str(error)) from None
        with tempfile.TemporaryDirectory(prefix="studyapp-ray-probe-") as scratch:
            (Path(scratch) / "probe.py").write_text(PROBE, encoding="utf-8")
            try:
                job_id = self._submit(client, shlex.join([self.python, "probe.py"]), Path(scratch), 0, "probe")
            except Exception as error:
                raise ProbeFailed("head_down", f"the Ray head at {self.config.address} did not take the probe: "
                                               f"{error}") from None
        deadline = time.monotonic() + PROBE_TIMEOUT
        status = ""
        while time.monotonic() < deadline:
            status = str(getattr(client.get_job_status(job_id), "value", ""))
            if status in TERMINAL:
                break
            time.sleep(POLL_SECONDS)
        else:
            self._stop(client, job_id)
            raise ProbeFailed("timeout", f"the probe job {job_id} did not finish within {PROBE_TIMEOUT:g} s")
        logs = client.get_job_logs(job_id).strip().splitlines()
        for line in reversed(logs):
            if line.startswith("{"):
                try:
                    return {"backend": self.name, "kind": "ray", "address": self.config.address, "job": job_id,
                            **json.loads(line)}
                except ValueError:
                    break
        raise ProbeFailed("failed", f"the probe job {job_id} ended {status}: {' | '.join(logs[-5:])}")
