"""`python -m labs list [--json]` and `python -m labs ID --device D --mode M --out RESULT.json`."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
import time
import traceback

from labs import protocol, registry
from labs.protocol import ERROR, LabContext, LabError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m labs", description="Run one lab, or list them with `list`.")
    p.add_argument("lab", help="a lab id, or `list`")
    p.add_argument("--json", action="store_true", help="with `list`: print JSON")
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    p.add_argument("--mode", default="quick", choices=registry.MODES)
    p.add_argument("--out", help="write the result document here (always written, even on errors)")
    p.add_argument("--exercise", action="store_true", help="point the checks at the lab's exercise.py")
    p.add_argument("--exercise-file", metavar="PATH",
                   help="point the checks at this copy of the exercise (implies --exercise)")
    return p


def _list(as_json: bool) -> int:
    found = registry.discover()
    if as_json:
        print(json.dumps([m.to_dict() for m in found], ensure_ascii=False, indent=2))
    else:
        width = max((len(m.id) for m in found), default=0)
        for m in found:
            print(f"{m.id:<{width}}  {m.title}  [{', '.join(m.modes)}]  notes: {', '.join(m.notes)}")
    return 0


class _Run:
    """Collects what the result document needs while the lab runs, whatever way it ends."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.t0 = time.perf_counter()
        self.emitter = protocol.Emitter()
        self.facts: dict = {"device": None if args.device == "auto" else args.device}
        self.ctx: LabContext | None = None

    def execute(self) -> tuple[str, list, str]:
        try:
            meta = registry.get(self.args.lab)
        except KeyError as exc:
            raise LabError(exc.args[0]) from None
        try:
            import torch  # noqa: F401  (only to fail early and clearly)
        except ImportError as exc:
            if isinstance(exc, ModuleNotFoundError) and exc.name == "torch":
                raise LabError(f"torch is not installed for {sys.executable}; "
                               "install it (pip install torch) to run labs") from exc
            raise LabError(f"torch is installed but cannot be imported: {exc}") from exc
        from labs import runtime

        device = runtime.resolve_device(self.args.device)
        threads = runtime.limit_cpu_threads(device, self.args.mode)
        self.facts = {"device": device, "device_name": runtime.device_name(device),
                      "dtypes": runtime.supported_dtypes(device), "torch_version": runtime.versions()["torch"],
                      "versions": runtime.versions()}
        self.emitter.log(f"{self.args.lab}: mode {self.args.mode} on {device} ({self.facts['device_name']}, "
                         f"{threads} CPU thread{'s' if threads > 1 else ''})")
        if self.args.exercise_file:
            load_exercise_file(meta, self.args.exercise_file)
        lab = importlib.import_module(meta.module("lab"))
        exercise = bool(self.args.exercise or self.args.exercise_file)
        self.ctx = LabContext(device=device, mode=self.args.mode, emitter=self.emitter, exercise=exercise)
        checks = lab.run(self.ctx)
        status = protocol.overall_status(checks)
        failed = [c.name for c in checks if c.status == protocol.FAIL]
        message = f"failed: {', '.join(failed)}" if failed else f"{len(checks)} checks, none failed"
        return status, checks, message

    def document(self, status: str, checks: list, message: str) -> dict:
        return protocol.result_document(
            self.args.lab, status, message=message, mode=self.args.mode, started=self.started,
            seconds=time.perf_counter() - self.t0, metrics=self.ctx.metrics if self.ctx else {},
            checks=checks, **self.facts)


def load_exercise_file(meta: registry.LabMeta, path: str) -> None:
    """Installs the learner's file as the lab's `exercise` module, so the lab's own import finds it."""
    import importlib.util

    if not os.path.isfile(path):
        raise LabError(f"{path}: no such exercise file")
    name = meta.module("exercise")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise LabError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:  # the learner's module-level code failed
        raise LabError(f"{path}: importing it raised {type(exc).__name__}: {exc}") from None
    sys.modules[name] = module
    setattr(importlib.import_module(f"labs.{meta.package}"), "exercise", module)


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, LabError):
        return str(exc)
    if isinstance(exc, NotImplementedError):
        return f"exercise not finished: {exc} (fill it in, or run without --exercise)"
    if "torch" in sys.modules:
        from labs import runtime

        if runtime.is_out_of_memory(exc):
            return f"out of memory: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}; try --mode quick"
    return f"the lab raised {type(exc).__name__}: {str(exc)[:500]}"


def _watch_parent() -> None:
    """With STUDYAPP_LAB_PARENT=stdin the runner holds our stdin open for as long as it lives; when it
    dies (even by SIGKILL) the pipe closes and this lab ends its whole process group, helpers included."""
    if os.environ.get("STUDYAPP_LAB_PARENT") != "stdin":
        return
    import threading

    def wait_for_eof() -> None:
        # The raw descriptor, not sys.stdin: a daemon thread blocked inside a buffered reader makes the
        # interpreter abort at exit.
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), 9)
        os._exit(2)

    threading.Thread(target=wait_for_eof, name="parent-watch", daemon=True).start()


def _run(args: argparse.Namespace) -> int:
    _watch_parent()
    if args.out:
        try:
            protocol.check_result_path(args.out)
        except LabError as exc:
            print(f"python -m labs: {exc}", file=sys.stderr)
            return protocol.EXIT_ERROR
    run = _Run(args)
    try:
        status, checks, message = run.execute()
    except (Exception, KeyboardInterrupt) as exc:  # any fault is reported as a result, never as a pass
        if not isinstance(exc, (LabError, NotImplementedError)):
            traceback.print_exc(file=sys.stderr)
        status, checks, message = ERROR, [], _error_message(exc)
    doc = run.document(status, checks, message)
    if args.out:
        try:
            protocol.write_result(args.out, doc)
        except (OSError, LabError) as exc:  # a full disk, a vanished folder: said, not a traceback
            print(f"python -m labs: cannot write the result to {args.out}: {exc}", file=sys.stderr)
            return protocol.EXIT_ERROR
    run.emitter.emit("result", status=doc["status"], message=doc["message"], seconds=doc["seconds"])
    return protocol.exit_code(doc["status"])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lab == "list":
        return _list(args.json)
    return _run(args)
