"""The SSH backend: a lab on a remote machine through the system OpenSSH client.

One run is one `ssh` connection when the remote already has this version of the labs (their content hash
names a folder there); otherwise the bundle is sent once as a tar stream and the run is retried. The remote
launcher (remote_main.py) streams the lab's JSON-line events back on stdout and ends with the result
document; closing our end (cancel, time-out, the app exiting) ends its stdin, and it kills the lab's
process group. Host keys are checked against known_hosts (StrictHostKeyChecking=yes) unless the backend was
added with --accept-new-host-key (accept-new: an unknown key is recorded, a changed key is still refused).
"""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import threading
from typing import Callable

from studyapp.labrunner.backends import bundle as bundles
from studyapp.labrunner.backends.config import DEFAULT_WORKDIR, BackendConfig
from studyapp.labrunner.backends.probe import PROBE
from studyapp.labrunner.backends.remote_run import ProbeFailed, RemoteRun, check_request
from studyapp.labrunner.lab_result import LabResult
from studyapp.labrunner.process import supervise

NEED_BUNDLE_EXIT = 97
CONNECT_TIMEOUT = 10  # seconds for the TCP connection and the handshake
UPLOAD_TIMEOUT = 300
PROBE_TIMEOUT = 60



def remote_path(path: str) -> str:
    """A path for the remote shell: `~/x` becomes "$HOME"/x, everything else is quoted as it is."""
    if path == "~":
        return '"$HOME"'
    if path.startswith("~/"):
        return '"$HOME"/' + shlex.quote(path[2:])
    return shlex.quote(path)


class SshBackend:
    def __init__(self, config: BackendConfig):
        self.config = config
        self.python = config.python or "python3"
        self.workdir = config.workdir or DEFAULT_WORKDIR

    # -- ssh plumbing --------------------------------------------------------------------------
    def argv(self, remote_command: str) -> list[str]:
        c = self.config
        argv = ["ssh", "-T", "-o", "BatchMode=yes", "-o", f"ConnectTimeout={CONNECT_TIMEOUT}",
                "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
                "-o", f"StrictHostKeyChecking={'accept-new' if c.accept_new_host_key else 'yes'}"]
        if c.port:
            argv += ["-p", str(c.port)]
        if c.identity:
            argv += ["-i", c.identity, "-o", "IdentitiesOnly=yes"]
        if c.known_hosts:
            argv += ["-o", f"UserKnownHostsFile={c.known_hosts}"]
        return argv + [c.target, remote_command]

    def fault(self, returncode: int | None, stderr: str, lab_started: bool) -> tuple[str, str] | None:
        """(fault, message) for an ssh failure, None when ssh itself did not fail."""
        where = self.config.target + (f" port {self.config.port}" if self.config.port else "")
        text = stderr.strip()
        last = text.splitlines()[-1] if text else ""
        if "REMOTE HOST IDENTIFICATION HAS CHANGED" in text:
            return "host_key", (f"the host key of {where} has CHANGED since it was recorded in known_hosts: "
                                "refusing to connect (if the machine was reinstalled, remove the old key with "
                                "ssh-keygen -R, then verify the new fingerprint)")
        if "Host key verification failed" in text or "host key is known" in text:
            return "host_key", (f"unknown host key for {where}: it is not in known_hosts. Verify its fingerprint "
                                f"and add it (e.g. ssh{' -p ' + str(self.config.port) if self.config.port else ''} "
                                f"{self.config.target} once), or add the backend again with --accept-new-host-key")
        if "Permission denied" in text or "Too many authentication failures" in text:
            key = f" with the key {self.config.identity}" if self.config.identity else " (ssh-agent or default keys)"
            return "auth", (f"{where} refused the login{key}: {last}. Check the user, that the public key is in "
                            "the remote's authorized_keys, or give the key with --identity")
        if re.search(r"Connection refused|No route to host|Could not resolve hostname|Network is unreachable|"
                     r"Connection timed out|Operation timed out|Name or service not known", text):
            return "unreachable", f"cannot reach {where}: {last}"
        if returncode == 255:
            if lab_started:
                return "connection_lost", f"lost the connection to {where} mid-run: {last or 'ssh exited'}"
            return "unreachable", f"ssh to {where} failed: {last or 'exit code 255'}"
        if returncode == 127 and not lab_started:
            return "no_python", (f"the remote Python {self.python!r} was not found on {where}: install Python with "
                                 "torch there, or give its path with `studyapp backend add NAME --ssh ... "
                                 "--python PATH`")
        return None

    # -- the bundle ----------------------------------------------------------------------------
    def _bundles_dir(self) -> str:
        return f"{remote_path(self.workdir)}/bundles"

    def upload(self, bundle: bundles.Bundle) -> int:
        """Sends the bundle; returns the bytes sent. Raises _SshFailed when ssh fails."""
        data = bundle.tar_gz()
        dest = f"{self._bundles_dir()}/{bundle.name}"
        command = (f"mkdir -p {self._bundles_dir()} && t=$(mktemp -d {self._bundles_dir()}/.incoming-XXXXXX) && "
                   f"tar -xzf - -C \"$t\" && {{ if [ -d {dest} ]; then rm -rf \"$t\"; else mv \"$t\" {dest}; fi; }}")
        try:
            done = subprocess.run(self.argv(command), input=data, capture_output=True, timeout=UPLOAD_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise _SshFailed("timeout", f"sending the labs to {self.config.target} took over {UPLOAD_TIMEOUT} s")
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace")
            fault = self.fault(done.returncode, stderr, False) or ("failed", f"unpacking the labs on "
                                                                   f"{self.config.target} failed: {stderr.strip()}")
            raise _SshFailed(*fault)
        return len(data)

    def run_command(self, bundle: bundles.Bundle, lab_id: str, device: str, mode: str) -> str:
        launcher = " ".join(shlex.quote(a) for a in (
            bundles.LAUNCHER, "--lab", lab_id, "--device", device, "--mode", mode, "--runs-dir", "../../runs",
            "--watch-stdin"))
        return (f"cd {self._bundles_dir()}/{bundle.name} 2>/dev/null || "
                f"{{ echo '{{\"event\": \"need_bundle\"}}'; exit {NEED_BUNDLE_EXIT}; }}; "
                f"exec {remote_path(self.python)} {launcher}")

    # -- a run ---------------------------------------------------------------------------------
    def run(self, lab_id: str, device: str = "auto", mode: str = "quick", exercise_file: str | None = None,
            on_event: Callable[[dict], None] | None = None, cancel: threading.Event | None = None,
            timeout: float | None = None) -> LabResult:
        from studyapp.labrunner.runner import DEFAULT_TIMEOUT

        check_request(lab_id, device, mode)
        limit = DEFAULT_TIMEOUT[mode] if timeout is None else timeout
        bundle = bundles.build()
        header: dict = {}
        if exercise_file:
            from pathlib import Path

            header = {"exercise_source": Path(exercise_file).read_text(encoding="utf-8"),
                      "exercise_name": Path(exercise_file).name}
        run = RemoteRun(self.config.name, lab_id, device, mode, on_event,
                        {"host": self.config.target, "bundle": bundle.name, "sent_bytes": 0})
        run.log(f"on {self.config.name}: {self.config.describe()}")
        for attempt in (1, 2):
            need_bundle = threading.Event()

            def handle(event: dict) -> None:
                if event.get("event") == "need_bundle":
                    need_bundle.set()
                else:
                    run.handle(event)

            elapsed = run.seconds()
            outcome = supervise(self.argv(self.run_command(bundle, lab_id, device, mode)),
                                timeout=max(limit - elapsed, 1.0), on_event=handle, cancel=cancel,
                                stdin_text=json.dumps(header) + "\n")
            if outcome.cancelled:
                return run.error("cancelled", "cancelled")
            if outcome.timed_out:
                return run.error("timeout", f"timed out after {limit:g} s")
            if attempt == 1 and outcome.returncode == NEED_BUNDLE_EXIT and need_bundle.is_set():
                run.log(f"sending the labs to {self.config.target} (bundle {bundle.name}, first run of this version)")
                try:
                    run.facts["sent_bytes"] = self.upload(bundle)
                except _SshFailed as failed:
                    return run.error(failed.fault, failed.message)
                continue
            fault = self.fault(outcome.returncode, outcome.stderr_tail, run.lab_started)
            if fault is not None and run.document is None:
                return run.error(*fault)
            return run.finish(outcome.stderr_tail)
        return run.error("failed", f"the labs bundle was sent but {self.config.target} still does not have it")

    # -- backend test --------------------------------------------------------------------------
    def test(self) -> dict:
        """Connects and reports the remote Python, torch and devices; raises ProbeFailed."""
        command = f"{remote_path(self.python)} -c {shlex.quote(PROBE)}"
        try:
            done = subprocess.run(self.argv(command), capture_output=True, text=True, timeout=PROBE_TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ProbeFailed("timeout", f"{self.config.target} did not answer within {PROBE_TIMEOUT} s")
        fault = self.fault(done.returncode, done.stderr, False)
        if fault is not None:
            raise ProbeFailed(*fault)
        try:
            info = json.loads(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise ProbeFailed("failed", f"the probe on {self.config.target} failed: "
                                               f"{(done.stderr or done.stdout).strip()[-500:]}") from None
        return {"backend": self.config.name, "kind": "ssh", "target": self.config.target, **info}


class _SshFailed(Exception):
    def __init__(self, fault: str, message: str):
        super().__init__(message)
        self.fault, self.message = fault, message
