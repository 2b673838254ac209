"""The launcher a backend runs on the remote machine, next to the shipped `labs` package.

Copied into the bundle as `studyapp_remote.py`; standard library only (the remote has Python and torch, not
studyapp). It runs `python -m labs ID ... --out RESULT` in its own process group, lets the lab's JSON-line
events through on stdout, and ends with two lines of its own:

    {"event": "result_document", "document": {...}}   the lab's result document (absent if none was written)
    {"event": "remote_exit", "returncode": N}         the lab's exit code (negative: killed by that signal)

It opens with {"event": "remote", ...} (pid, host, python). With --watch-stdin (SSH) it first reads one JSON
header line from stdin (the exercise source, if any), then treats the end of stdin as "the client is gone":
the ssh connection closed, was cancelled or lost, so the lab's process group is killed. SIGTERM, SIGHUP and
SIGINT (a Ray job being stopped) kill the lab's group too.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

GRACE_SECONDS = 3.0


def _emit(event: str, **fields) -> None:
    sys.stdout.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _kill_group(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, 10.0)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="studyapp_remote.py")
    p.add_argument("--lab", required=True)
    p.add_argument("--device", default="auto")
    p.add_argument("--mode", default="quick")
    p.add_argument("--runs-dir", required=True, help="where this run's scratch folder is made")
    p.add_argument("--exercise-file", help="an exercise file already beside this script (Ray)")
    p.add_argument("--watch-stdin", action="store_true", help="read a header line, then stop the lab at EOF")
    return p


def _read_header(watch: bool) -> dict:
    if not watch:
        return {}
    chunks = []
    while not chunks or not chunks[-1].endswith(b"\n"):
        chunk = os.read(0, 65536)  # the raw descriptor: a buffered reader's lock would outlive the watcher
        if not chunk:
            break
        chunks.append(chunk)
    line = b"".join(chunks).decode("utf-8", "replace")
    try:
        header = json.loads(line) if line.strip() else {}
    except ValueError:
        header = {}
    return header if isinstance(header, dict) else {}


def _watch_stdin(proc: subprocess.Popen) -> None:
    def watch() -> None:
        try:
            while os.read(0, 4096):
                pass
        except (OSError, ValueError):
            pass
        _kill_group(proc)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    here = os.path.dirname(os.path.abspath(__file__))
    header = _read_header(args.watch_stdin)
    runs_dir = os.path.abspath(args.runs_dir)
    os.makedirs(runs_dir, exist_ok=True)
    run_dir = tempfile.mkdtemp(prefix="run-", dir=runs_dir)
    try:
        out = os.path.join(run_dir, "result.json")
        argv_lab = [sys.executable, "-m", "labs", args.lab, "--device", args.device, "--mode", args.mode,
                    "--out", out]
        exercise = args.exercise_file and os.path.join(here, args.exercise_file)
        if isinstance(header.get("exercise_source"), str):
            exercise = os.path.join(run_dir, header.get("exercise_name") or "exercise.py")
            with open(exercise, "w", encoding="utf-8") as handle:
                handle.write(header["exercise_source"])
        if exercise:
            argv_lab += ["--exercise-file", exercise]
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8",
                   PYTHONPATH=os.pathsep.join([here] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                                                        if p]))
        env.setdefault("HF_HUB_OFFLINE", "1")
        _emit("remote", pid=os.getpid(), host=socket.gethostname(), python=sys.executable, run_dir=run_dir)
        proc = subprocess.Popen(argv_lab, cwd=run_dir, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, lambda *_: _kill_group(proc))
        if args.watch_stdin:
            _watch_stdin(proc)
        returncode = proc.wait()
        try:
            with open(out, encoding="utf-8") as handle:
                _emit("result_document", document=json.load(handle))
        except (OSError, ValueError):
            pass
        _emit("remote_exit", returncode=returncode)
        return 0 if returncode >= 0 else 3
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
