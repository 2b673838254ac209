"""`studyapp serve`: the app through textual-serve on 127.0.0.1, read by a websocket client and by headless Chromium."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
HOME_TEXT = ("Streak", "Review")
CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                 if (path := shutil.which(name))), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    """The real `studyapp serve` in a subprocess; yields (port, url with its token, page html)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "studyapp", "--home", str(tmp_path / "home"), "serve",
                             "--port", str(port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        url = _printed_url(proc)
        page = wait_for_http(url)
        yield port, url, page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _printed_url(proc: subprocess.Popen) -> str:
    for line in proc.stdout:
        if "serving on " in line:
            return line.split("serving on ", 1)[1].strip()
    raise AssertionError("studyapp serve printed no URL")


def token_of(url: str) -> str:
    return url.split("token=", 1)[1]


def has_home_text(text: str) -> bool:
    return all(word in text for word in HOME_TEXT)


async def read_app_output(port: int, token: str, timeout: float = 40) -> str:
    received = ""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws/{token}?width=100&height=32",
                                      origin=f"http://127.0.0.1:{port}") as ws:
            deadline = time.monotonic() + timeout
            while not has_home_text(received) and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data.decode("utf-8", "replace")
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return received


async def test_served_app_draws_home(served):
    port, url, page = served
    assert "textual-terminal" in page
    output = await read_app_output(port, token_of(url))
    assert has_home_text(output), output[-2000:]


def _status(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_page_needs_the_token_and_a_loopback_host(served):
    port, url, _ = served
    base = f"http://127.0.0.1:{port}"
    assert _status(url) == 200
    assert _status(f"{base}/") == 403
    assert _status(f"{base}/?token=wrong") == 403
    assert _status(url, {"Host": f"evil.example:{port}"}) == 403  # DNS rebinding
    assert _status(f"{base}/static/") in (403, 404)  # no directory listing
    assert _status(f"{base}/static/js/") in (403, 404)


async def _ws_refused(url: str, origin: str | None) -> bool:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, origin=origin) as ws:
                await ws.receive(timeout=5)
        except aiohttp.WSServerHandshakeError as error:
            return error.status in (403, 404)
    return False


async def test_foreign_origin_and_tokenless_websockets_are_refused(served):
    port, url, _ = served
    token, own = token_of(url), f"http://127.0.0.1:{port}"
    assert await _ws_refused(f"{own}/ws/{token}?width=80&height=24", "http://evil.example")
    assert await _ws_refused(f"{own}/ws/{token}?width=80&height=24", None)
    assert await _ws_refused(f"{own}/ws?width=80&height=24", own)
    assert await _ws_refused(f"{own}/ws/not-the-token?width=80&height=24", own)


def test_a_busy_port_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(tmp_path / "h"), "serve", "--port",
                               str(port)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and "in use" in done.stderr
    assert "Traceback" not in done.stderr and "serving on" not in done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package")
async def test_headless_chromium_shows_home(served):
    port, url, _ = served
    debug_port = free_port()
    profile = tempfile.mkdtemp(prefix="chromium-")
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--window-size=1200,900",
         f"--user-data-dir={profile}", f"--remote-debugging-port={debug_port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        targets = json.loads(wait_for_http(f"http://127.0.0.1:{debug_port}/json/list"))
        page = next(t for t in targets if t.get("type") == "page")
        text = await _frames_seen_by_browser(page["webSocketDebuggerUrl"], url)
        assert has_home_text(text), text[-2000:]
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


async def _frames_seen_by_browser(debugger_url: str, url: str, timeout: float = 60) -> str:
    """What the page's own websocket received from the app (xterm.js draws on a canvas, not in the DOM)."""
    seen = ""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(debugger_url, max_msg_size=0) as cdp:
            await cdp.send_json({"id": 1, "method": "Network.enable"})
            await cdp.send_json({"id": 2, "method": "Page.navigate", "params": {"url": url}})
            deadline = time.monotonic() + timeout
            while not has_home_text(seen) and time.monotonic() < deadline:
                try:
                    message = await cdp.receive(timeout=deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                event = json.loads(message.data)
                if event.get("method") != "Network.webSocketFrameReceived":
                    continue
                frame = event["params"]["response"]
                data = frame.get("payloadData", "")
                if frame.get("opcode") == 2:
                    data = base64.b64decode(data).decode("utf-8", "replace")
                seen += data
    return seen
