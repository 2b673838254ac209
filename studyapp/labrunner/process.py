"""Run a lab process: stream its JSON-line events to a callback, enforce a time limit, honour cancel."""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Mapping

Event = dict
STDERR_TAIL_LINES = 40
PIPE_GRACE = 5.0
_EOF = object()


@dataclass(frozen=True)
class Outcome:
    returncode: int | None
    timed_out: bool
    cancelled: bool
    seconds: float
    stderr_tail: str


def parse_line(line: str, stream: str) -> Event:
    """A protocol event, or a log event wrapping any other line."""
    text = line.rstrip("\r\n")
    if stream == "stdout" and text.startswith("{"):
        try:
            event = json.loads(text)
        except ValueError:
            event = None
        if isinstance(event, dict) and isinstance(event.get("event"), str):
            return event
    return {"event": "log", "level": stream, "message": text}


def _pump(pipe, stream: str, events: queue.Queue, tail: deque | None) -> None:
    try:
        for line in pipe:
            if tail is not None:
                tail.append(line.rstrip("\r\n"))
            events.put(parse_line(line, stream))
    finally:
        pipe.close()
        events.put(_EOF)


def _kill(proc: subprocess.Popen, grace: float = 3.0) -> None:
    """Terminate the process group (torch may start helpers), then kill what is left."""
    if proc.poll() is not None:
        return
    if os.name == "posix":
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue
    else:
        proc.kill()
        proc.wait(10.0)


def _kill_group(pgid: int) -> None:
    if os.name == "posix":
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def supervise(argv: list[str], *, timeout: float | None, on_event: Callable[[Event], None] | None = None,
              cancel: threading.Event | None = None, env: Mapping[str, str] | None = None,
              cwd: str | None = None, poll: float = 0.05, stdin_text: str | None = None) -> Outcome:
    """Runs argv to the end, its time limit or a cancel; `on_event` is called on this thread.

    With `stdin_text` the process gets it on its stdin, which stays open until the process is ended (a
    remote launcher takes the end of its stdin as "stop the lab")."""
    start = time.monotonic()
    # Its own session (a process group the lab's helpers join), and a stdin pipe that stays open while this
    # process lives: however this process dies, the pipe closes and the lab ends its group
    # (labs.cli._watch_parent; a remote launcher does the same). `stdin_text` is written to it first.
    env = {**(env if env is not None else os.environ), "STUDYAPP_LAB_PARENT": "stdin"}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace", bufsize=1, env=env, cwd=cwd,
                            start_new_session=os.name == "posix")
    if stdin_text is not None:
        try:
            proc.stdin.write(stdin_text)
            proc.stdin.flush()
        except OSError:
            pass  # it has already ended; its output says why
    events: queue.Queue = queue.Queue()
    tail: deque = deque(maxlen=STDERR_TAIL_LINES)
    readers = [threading.Thread(target=_pump, args=(proc.stdout, "stdout", events, None), daemon=True),
               threading.Thread(target=_pump, args=(proc.stderr, "stderr", events, tail), daemon=True)]
    for r in readers:
        r.start()
    open_pipes, timed_out, cancelled, exited_at = len(readers), False, False, None
    try:
        while open_pipes:
            if proc.poll() is not None:
                exited_at = exited_at or time.monotonic()
                if time.monotonic() - exited_at > PIPE_GRACE:
                    break  # a stray child still holds the pipes; the lab itself has ended
            try:
                item = events.get(timeout=poll)
            except queue.Empty:
                item = None
            if item is _EOF:
                open_pipes -= 1
            elif item is not None and on_event is not None:
                on_event(item)
            if proc.poll() is None and not (timed_out or cancelled):
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    _kill(proc)
                elif timeout is not None and time.monotonic() - start > timeout:
                    timed_out = True
                    _kill(proc)
    finally:
        _kill(proc)  # also when on_event raised: never leave a lab running
        _kill_group(proc.pid)  # a grandchild that outlived the lab itself
        if proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass
    returncode = proc.wait()
    return Outcome(returncode, timed_out, cancelled, time.monotonic() - start, "\n".join(tail))
