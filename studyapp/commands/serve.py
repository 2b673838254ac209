"""`studyapp serve [--port N]`: the same Textual app in a browser, through textual-serve, on 127.0.0.1."""
from __future__ import annotations

import shlex
import sys

from studyapp.commands.common import EXIT_OK, CommandError, open_collection

DEFAULT_PORT = 8000


def app_command(home) -> str:
    """What textual-serve runs for each browser tab: the ordinary `studyapp` on the same collection."""
    return shlex.join([sys.executable, "-m", "studyapp", "--home", str(home)])


def serve(args) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError("serving in a browser needs textual-serve: pip install textual-serve") from None
    # Open (and migrate) once here, so that a broken collection is reported now, not in the browser.
    with open_collection(args) as collection:
        home = collection.home
    port = getattr(args, "port", None) or DEFAULT_PORT
    print(f"studyapp: serving on http://127.0.0.1:{port}/ (ctrl+c stops)", flush=True)
    Server(app_command(home), host="127.0.0.1", port=port, title="studyapp").serve()
    return EXIT_OK
