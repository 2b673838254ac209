"""`studyapp doctor`, `check`, `backup`."""
from __future__ import annotations

import importlib.util
import platform
import subprocess
import sys

from studyapp.commands.common import EXIT_OK, EXIT_PROBLEM, CommandError, emit_json, open_collection

_TORCH_PROBE = (
    "import json, torch; print(json.dumps({'torch': torch.__version__, 'cuda': torch.cuda.is_available(), "
    "'device': torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}))"
)


def torch_report(timeout: float = 60) -> dict:
    """Asked of a child process, so that this command never imports torch itself."""
    if importlib.util.find_spec("torch") is None:
        return {"torch": None, "cuda": False, "device": None}
    try:
        out = subprocess.run([sys.executable, "-c", _TORCH_PROBE], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"torch": "unknown (import timed out)", "cuda": False, "device": None}
    if out.returncode != 0:
        return {"torch": f"broken: {out.stderr.strip().splitlines()[-1:]}", "cuda": False, "device": None}
    import json

    return json.loads(out.stdout)


def doctor(args) -> int:
    from studyapp import paths
    from studyapp.resources import bundled_dir
    from studyapp.service.maintenance import schema_versions

    with open_collection(args) as collection:
        revision, head = schema_versions(collection)
        home = collection.home
    report = {
        "home": str(home),
        "collection": str(paths.collection_path(home)),
        "backups": str(paths.backup_dir(home)),
        "content": str(bundled_dir("content")),
        "migrations": str(bundled_dir("migrations")),
        "schema": revision,
        "schema_head": head,
        "python": platform.python_version(),
        **torch_report(),
    }
    if args.json:
        emit_json(report)
    else:
        for key, value in report.items():
            print(f"{key:>11}: {value}")
    return EXIT_OK


def check(args) -> int:
    from studyapp.service.errors import CollectionDamaged
    from studyapp.service.maintenance import problems as collection_problems

    try:
        collection = open_collection(args)
    except CollectionDamaged as damaged:  # the very thing `check` is for: report it, don't crash
        problems = [str(damaged)]
    else:
        with collection:
            problems = collection_problems(collection)
    if args.json:
        emit_json({"ok": not problems, "problems": problems})
    else:
        print("\n".join(problems) if problems else "ok: integrity, foreign keys and card states check out")
    return EXIT_PROBLEM if problems else EXIT_OK


def backup(args) -> int:
    from studyapp.service.maintenance import BackupFailed
    from studyapp.service.maintenance import backup as write_backup

    with open_collection(args) as collection:
        try:
            target = write_backup(collection)
        except BackupFailed as error:
            raise CommandError(str(error)) from None
    if args.json:
        emit_json({"backup": str(target)})
    else:
        print(f"backup written: {target}")
    return EXIT_OK
