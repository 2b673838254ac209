"""Real servers for the backend tests: an OpenSSH daemon and a Ray head, each in a temporary folder."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
RAY = shutil.which("ray", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")


def keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path


def children_of(pid: int) -> list[int]:
    """Every descendant of pid, from /proc (sshd forks one process per connection)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def processes_mentioning(text: str) -> list[int]:
    """Pids whose command line contains text (a test's unique temporary path)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry))
    return found


@dataclass
class Sshd:
    port: int
    folder: Path
    host_key: Path
    user_key: Path
    known_hosts: Path  # holds the host key: a backend pointed at it trusts this server
    proc: subprocess.Popen

    @property
    def user(self) -> str:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name

    def stop(self) -> None:
        """Stops the daemon and every connection it serves (a machine gone, not only its listener)."""
        if self.proc.poll() is not None:
            return
        victims = children_of(self.proc.pid)
        self.proc.kill()
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)


def start_sshd(folder: Path) -> Sshd:
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = keygen(folder / "host_key"), keygen(folder / "user_key")
    (folder / "authorized_keys").write_text(Path(f"{user_key}.pub").read_text())
    port = free_port()
    (folder / "sshd_config").write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}", f"PidFile {folder / 'sshd.pid'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PermitRootLogin prohibit-password", "StrictModes no",
        "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
        "AcceptEnv LANG", "LogLevel ERROR", ""]))
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # the privilege separation folder sshd wants
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=open(folder / "sshd.log", "wb"))
    try:
        wait_for_port(port, 20, proc)
    except RuntimeError as error:
        proc.kill()
        raise RuntimeError(f"{error}: {(folder / 'sshd.log').read_text(errors='replace')}") from None
    host_pub = Path(f"{host_key}.pub").read_text().split()
    known = folder / "known_hosts"
    known.write_text(f"[127.0.0.1]:{port} {host_pub[0]} {host_pub[1]}\n")
    return Sshd(port, folder, host_key, user_key, known, proc)


def lab_processes(marker: str) -> list[int]:
    """The lab processes (`-m labs`) whose command line names marker (a test's own folder)."""
    found = []
    for pid in processes_mentioning(marker):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"labs" in cmdline and b"-m" in cmdline:
            found.append(pid)
    return found


def wait_until(predicate, timeout: float, what: str, poll: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class RayHead:
    folder: Path  # its --temp-dir: most processes of this head name it, so it can be stopped alone
    address: str  # the Jobs API (the dashboard), http://127.0.0.1:PORT
    gcs_port: int  # the others (Ray's client server) name the head's address instead

    def processes(self) -> list[int]:
        pattern = re.compile(rf":{self.gcs_port}\b")
        return sorted(set(processes_mentioning(str(self.folder))) | {
            pid for pid in processes_mentioning(f":{self.gcs_port}") if pattern.search(cmdline_of(pid))})

    def stop(self) -> None:
        """Ends this head's processes only (`ray stop` would end every Ray on the machine, other tests' too)."""
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            pids = self.processes()
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + wait
            while pids and time.monotonic() < deadline and self.processes():
                time.sleep(0.2)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_ray_head(timeout: float = 120) -> RayHead:
    import tempfile

    if RAY is None:
        raise RuntimeError("the `ray` command is not installed")
    # a short path: Ray's Unix sockets live under it, and a socket path is limited to ~107 bytes
    folder = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    ports = [free_port() for _ in range(9)]
    dashboard = ports[1]
    argv = [RAY, "start", "--head", "--port", str(ports[0]), "--dashboard-host", "127.0.0.1",
            "--dashboard-port", str(dashboard), "--include-dashboard=true", "--num-cpus", "1", "--num-gpus", "0",
            "--temp-dir", str(folder), "--disable-usage-stats", "--node-ip-address", "127.0.0.1",
            "--node-manager-port", str(ports[2]), "--object-manager-port", str(ports[3]),
            "--ray-client-server-port", str(ports[4]), "--dashboard-agent-listen-port", str(ports[5]),
            "--dashboard-agent-grpc-port", str(ports[6]), "--metrics-export-port", str(ports[7]),
            "--runtime-env-agent-port", str(ports[8]), "--min-worker-port", "0", "--max-worker-port", "0"]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "PATH": os.path.dirname(sys.executable) + os.pathsep
           + os.environ.get("PATH", "")}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    head = RayHead(folder, f"http://127.0.0.1:{dashboard}", ports[0])
    if done.returncode != 0:
        head.stop()
        raise RuntimeError(f"ray start failed ({done.returncode}): {done.stderr[-3000:]}")
    try:
        wait_for_port(dashboard, timeout)
    except RuntimeError:
        head.stop()
        raise
    return head
