"""textual-serve with a door: a secret token, loopback Host names and a same-origin WebSocket.

Without it any web page the user visits could open the app's WebSocket, read the cards on screen and
send keys. The token is printed in the URL (as Jupyter does); the page and the WebSocket both need it.
A WebSocket whose Origin is not this server's is refused even with the token, and a Host header that
is not one of the server's names is refused (DNS rebinding). Static files are served without listings.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class GuardedServer(Server):
    def __init__(self, command: str, *, host: str, port: int, token: str, title: str):
        super().__init__(command, host=host, port=port, title=title)
        self.token = token
        names = set(LOOPBACK_NAMES) | {host}
        self.allowed_hosts = {f"{name}:{port}" for name in names} | ({*names} if port == 80 else set())
        self.allowed_origins = {f"http://{h}" for h in self.allowed_hosts}

    @property
    def url(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    def _token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        if request.headers.get("Host", "") not in self.allowed_hosts:
            raise web.HTTPForbidden(text="studyapp: unknown Host header")
        return await handler(request)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its own banner and URL here; ours (with the token) is printed instead."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request.query.get("token")):
            raise web.HTTPForbidden(text="studyapp: open the URL with its token, as printed by `studyapp serve`")
        return aiohttp_jinja2.render_template("app_index.html", request, self._page_context(request))

    def _page_context(self, request: web.Request) -> dict[str, Any]:
        router = request.app.router
        ws_path = router["websocket"].url_for(token=self.token)
        static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        return {
            "font_size": 16,
            "app_websocket_url": "ws:" + f"{self.public_url}{ws_path}".split(":", 1)[1],
            "config": {"static": {"url": f"{self.public_url}{static}"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self._token_ok(request.match_info.get("token")):
            raise web.HTTPForbidden(text="studyapp: wrong or missing token")
        if request.headers.get("Origin") not in self.allowed_origins:
            raise web.HTTPForbidden(text="studyapp: WebSocket from another origin refused")
        return await super().handle_websocket(request)
