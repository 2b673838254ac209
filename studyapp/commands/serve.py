"""`studyapp serve [--port N] [--host H]`: the same Textual app in a browser, behind a token.

textual-serve runs the ordinary `studyapp` for each browser tab; `serve_guard` adds the token, the Host
and Origin checks. The default address is 127.0.0.1; `--host` exposes it elsewhere (still with the token).
"""
from __future__ import annotations

import errno
import shlex
import socket
import sys

from studyapp.commands.common import EXIT_OK, CommandError, open_collection

DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"


def app_command(home) -> str:
    """What textual-serve runs for each browser tab: the ordinary `studyapp` on the same collection."""
    return shlex.join([sys.executable, "-m", "studyapp", "--home", str(home)])


def _check_port_free(host: str, port: int) -> None:
    """Fails before anything is printed when the port is taken, instead of a traceback from the server."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(f"port {port} on {host} is in use; pick another with --port") from None
            raise CommandError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def serve(args) -> int:
    try:
        from studyapp.tui.serve_guard import GuardedServer, new_token
    except ImportError:
        raise CommandError("serving in a browser needs textual-serve: pip install textual-serve") from None
    # Open (and migrate) once here, so that a broken collection is reported now, not in the browser.
    with open_collection(args) as collection:
        home = collection.home
    port = getattr(args, "port", None) or DEFAULT_PORT
    host = getattr(args, "host", None) or DEFAULT_HOST
    if not 0 < port < 65536:
        raise CommandError(f"--port must be between 1 and 65535, not {port}")
    _check_port_free(host, port)
    server = GuardedServer(app_command(home), host=host, port=port, token=new_token(), title="studyapp")
    print(f"studyapp: serving on {server.url}", flush=True)
    print("  open that URL (the token in it is the key); ctrl+c stops", flush=True)
    server.serve()
    return EXIT_OK
