"""The `studyapp` command. Imports stay lazy: `studyapp --help` loads neither torch nor SQLAlchemy."""
from __future__ import annotations

import importlib
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# subcommand -> "module:function" under studyapp.commands; each function takes the parsed args, returns an exit code
HANDLERS = {
    None: "tui:run_app",
    "review": "tui:run_review",
    "import": "content:import_",
    "lint": "content:lint",
    "cards": "review:cards",
    "rate": "review:rate",
    "undo": "review:undo",
    "stats": "review:stats",
    "doctor": "maintenance:doctor",
    "check": "maintenance:check",
    "backup": "maintenance:backup",
    "import-revlog": "history:import_revlog",
    "optimize": "history:optimize",
    "quiz": "quiz:quiz",
    "grade": "grade:grade",
    "interview": "interview:main",
    "serve": "serve:serve",
    "lab list": "lab:lab_list",
    "lab run": "lab:lab_run",
    "lab start": "exercise:lab_start",
    "lab check": "exercise:lab_check",
    "lab hint": "exercise:lab_hint",
    "lab solution": "exercise:lab_solution",
    "backend add": "backend:add",
    "backend list": "backend:list_",
    "backend remove": "backend:remove",
    "backend test": "backend:test",
}


def build_parser() -> argparse.ArgumentParser:
    import argparse  # here, not above: the app's start (app_start_args) does without it

    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="Study the fundamentals of large language models: review, quizzes, labs, mock interviews.",
    )
    home_help = "the collection folder (default: $STUDYAPP_HOME, else the user data folder)"
    parser.add_argument("--home", metavar="DIR", help=home_help)
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=home_help)
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import Q&A documents (Markdown) into the collection")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a Markdown file, or - for stdin (with --deck)")
    p.add_argument("--deck", metavar="NAME", help="with -: the deck's name, which keeps its history across imports")
    p.add_argument("--as-new-deck", action="store_true",
                   help="a copy of a known document at a new path becomes a deck of its own (default: same deck)")
    p = sub.add_parser("lint", parents=[common], help="report what a learner would trip over in documents")
    p.add_argument("paths", nargs="*", metavar="PATH", help="default: the bundled deck")
    p = sub.add_parser("cards", parents=[common], help="list cards")
    p.add_argument("--due", action="store_true", help="only cards due today")
    p = sub.add_parser("rate", parents=[common], help="answer a card: again, hard, good or easy")
    p.add_argument("card_id", type=int, metavar="CARD_ID")
    p.add_argument("rating", metavar="RATING", help="again | hard | good | easy")
    p.add_argument("--at", metavar="ISO-TIME", help="when the answer was given (default: now)")
    sub.add_parser("undo", parents=[common], help="take back the last answer")
    sub.add_parser("stats", parents=[common], help="today's counts, retention and streak")
    sub.add_parser("doctor", parents=[common], help="paths, schema, Python, torch and CUDA")
    sub.add_parser("check", parents=[common], help="integrity of the collection (exit 1 on a problem)")
    sub.add_parser("backup", parents=[common], help="write a backup copy of the collection")
    p = sub.add_parser("import-revlog", parents=[common], help="import a review history CSV")
    p.add_argument("csv", metavar="CSV")
    p = sub.add_parser("optimize", parents=[common], help="fit FSRS parameters to your review history")
    p.add_argument("--folds", type=int, default=5,
                   help="time-series folds: fit on the earlier reviews, test on the next part (default 5)")
    p.add_argument("--dry-run", action="store_true", help="report only; do not save the fitted parameters")
    p = sub.add_parser("quiz", parents=[common], help="a generated quiz (cloze, choice, numeric, true/false, free)")
    p.add_argument("--count", type=int, default=10, help="number of items (default 10)")
    p.add_argument("--seed", type=int, default=None, help="same seed, same quiz")
    p.add_argument("--types", help="comma-separated: cloze,choice,numeric,truefalse,free")
    p.add_argument("--sections", help="comma-separated section names")
    p = sub.add_parser("grade", parents=[common], help="grade a free-text answer to a note: found, missed, contradicted")
    p.add_argument("slug", metavar="SLUG", help="the note's slug (studyapp cards --json lists them)")
    p.add_argument("--answer", required=True, metavar="TEXT", help="the answer; - reads it from stdin")
    p = sub.add_parser("interview", parents=[common], help="a timed mock interview: plan, start, or report")
    p.add_argument("action", nargs="?", choices=("report",), help="report: print a finished session's report")
    p.add_argument("session_id", nargs="?", type=int, metavar="ID", help="report: the session (default: the last)")
    p.add_argument("--last", action="store_true", help="report: the latest session (the default)")
    p.add_argument("--markdown", action="store_true", help="report: Markdown (the default without --json)")
    p.add_argument("--plan", action="store_true", help="print the questions it would ask, without starting")
    p.add_argument("--minutes", type=int, default=15, help="length of the session (15, 30, 45; default 15)")
    p.add_argument("--seed", type=int, help="the same seed gives the same plan")
    p.add_argument("--sections", nargs="+", metavar="SECTION", help="only these sections (default: all)")
    p.add_argument("--weakest-first", action="store_true", help="ask the weakest notes first, no random draw")
    p.add_argument("--mode", choices=("practice", "pressure"), default="practice",
                   help="practice: reference after each answer; pressure: nothing until the end")
    p.add_argument("--no-schedule", action="store_true", help="don't affect my schedule")
    sub.add_parser("review", parents=[common], help="open the app straight on today's review (q: Home)")
    p = sub.add_parser("serve", parents=[common], help="serve the app in a browser (textual-serve on 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; anything else is reachable by others, token needed)")
    lab = sub.add_parser("lab", help="runnable PyTorch labs: list, run, or do one's exercise").add_subparsers(
        dest="lab_command", metavar="ACTION", required=True)
    lab.add_parser("list", parents=[common], help="the labs and their last status")
    p = lab.add_parser("run", parents=[common], help="run a lab and check its results")
    p.add_argument("lab_id", metavar="ID")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--mode", choices=("quick", "full"), default="quick")
    p.add_argument("--on", metavar="NAME", help="run it on this backend (see `studyapp backend list`; default local)")
    p = lab.add_parser("start", parents=[common], help="copy a lab's exercise into your workspace; print its path")
    p.add_argument("lab_id", metavar="ID")
    p.add_argument("--workspace", metavar="DIR", help="put it in DIR/ID/exercise.py (default: under the collection "
                                                        "folder, labs/ID/exercise.py)")
    p.add_argument("--force", action="store_true", help="replace an existing file (it is kept as a backup)")
    p = lab.add_parser("check", parents=[common], help="run a lab's checks on your exercise file")
    p.add_argument("lab_id", metavar="ID")
    p.add_argument("--file", metavar="PATH", help="the file to check (default: the one `lab start` made)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--mode", choices=("quick", "full"), default="quick")
    p.add_argument("--watch", action="store_true", help="check again on every save, until Ctrl-C")
    p.add_argument("--on", metavar="NAME", help="check it there (the file travels with the run) on this backend (see `studyapp backend list`; default local)")
    p = lab.add_parser("hint", parents=[common], help="the next hint for a lab's exercise")
    p.add_argument("lab_id", metavar="ID")
    p.add_argument("--solution", action="store_true", help="the reference solution (after a checked attempt)")
    p = lab.add_parser("solution", parents=[common], help="the reference solution, after a checked attempt")
    p.add_argument("lab_id", metavar="ID")
    _add_backend_parser(sub, common)
    return parser


def _survivable_output() -> None:
    """A terminal that cannot show Chinese (LC_ALL=C, PYTHONIOENCODING=ascii) gets escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text stream we may reconfigure
            pass


def _add_backend_parser(sub, common) -> None:
    backend = sub.add_parser("backend", help="where labs run: an SSH host or a Ray cluster").add_subparsers(
        dest="backend_command", metavar="ACTION", required=True)
    p = backend.add_parser("add", parents=[common], help="add an SSH host or a Ray cluster as a lab backend")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--ssh", metavar="USER@HOST", help="a machine reachable with the system's ssh")
    p.add_argument("--ray", metavar="ADDRESS", help="a Ray cluster's Jobs API, e.g. http://head:8265")
    p.add_argument("--port", type=int, help="ssh: the port (default: ssh's, 22 or ~/.ssh/config)")
    p.add_argument("--identity", metavar="KEY", help="ssh: a private key file (its path is stored, never the key)")
    p.add_argument("--python", metavar="PATH", help="the remote Python that has torch (ssh: python3; ray: python)")
    p.add_argument("--workdir", metavar="DIR", help="ssh: where the labs are cached on the remote "
                                                    "(default ~/.cache/studyapp-labs)")
    p.add_argument("--known-hosts", metavar="FILE", help="ssh: check the host key against this file")
    p.add_argument("--accept-new-host-key", action="store_true",
                   help="ssh: record the host's key on first contact (a changed key is still refused)")
    backend.add_parser("list", parents=[common], help="the backends (local is this machine)")
    p = backend.add_parser("remove", parents=[common], help="forget a backend")
    p.add_argument("name", metavar="NAME")
    p = backend.add_parser("test", parents=[common], help="connect; report the remote Python, torch and devices")
    p.add_argument("name", metavar="NAME")


def app_start_args(argv: list[str]) -> SimpleNamespace | None:
    """`studyapp [--home DIR] [--debug] [review [--home DIR]]` read without building the full parser (its 35
    subparsers cost about 8 ms, a tenth of what the app adds to a bare Textual start); the same namespace the
    parser gives. None for anything else, which the parser reads (and explains, for `--help` or a typo)."""
    values = {"home": None, "debug": False, "command": None, "json": False}
    tokens = iter(argv)
    for token in tokens:
        if token == "review" and values["command"] is None:
            values["command"] = "review"
        elif token == "--debug":
            values["debug"] = True
        elif token == "--home":
            values["home"] = next(tokens, None)
            if values["home"] is None or values["home"].startswith("-"):
                return None
        elif token.startswith("--home=") and len(token) > len("--home="):
            values["home"] = token.removeprefix("--home=")
        else:
            return None
    return SimpleNamespace(**values)


def main(argv: list[str] | None = None) -> int:
    _survivable_output()
    argv = sys.argv[1:] if argv is None else argv
    args = app_start_args(argv) or build_parser().parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    command = args.command if args.command != "lab" else f"lab {args.lab_command}"
    if args.command == "backend":
        command = f"backend {args.backend_command}"
    module_name, func_name = HANDLERS[command].split(":")
    module = importlib.import_module(f"studyapp.commands.{module_name}")
    from studyapp.commands.common import run_guarded

    return run_guarded(getattr(module, func_name), args)


if __name__ == "__main__":
    sys.exit(main())
