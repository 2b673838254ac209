"""The labs screen's backend choice: hidden until a backend is added, then `b` picks where the lab runs."""
from __future__ import annotations

import socket

from studyapp.store import lab_backends
from tests.ui.conftest import screen_text, settle
from tests.ui.test_lab_screen import SIZE, open_labs, wait_until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_no_backend_no_choice(col, app_for):
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_labs(pilot)
        assert "Backend" not in screen_text(pilot.app)
        await pilot.press("b")
        await settle(pilot)
        assert screen.backend == "local"


async def test_b_runs_the_lab_on_the_chosen_backend_and_the_run_records_it(col, app_for, tmp_path):
    port = free_port()  # nothing listens there: the run ends at once as "cannot reach", through the real backend
    with col.db(write=True) as conn:
        lab_backends.save(conn, "box", {"kind": "ssh", "target": "nobody@127.0.0.1", "port": port,
                                        "known_hosts": str(tmp_path / "known_hosts")})
    async with app_for(col).run_test(size=SIZE) as pilot:
        screen = await open_labs(pilot)
        await wait_until(pilot, lambda: screen.backends)
        text = screen_text(pilot.app)
        assert "Backend" in text and "this machine" in text and "box" in text and "b: backend" in text
        await pilot.press("b")
        await settle(pilot)
        assert screen.backend == "box"
        await pilot.press("r")
        await settle(pilot)
        run = pilot.app.screen
        await wait_until(pilot, lambda: run.result is not None, timeout=30)
        assert run.result.backend == "box" and run.result.fault == "unreachable"
        assert f"cannot reach nobody@127.0.0.1 port {port}" in screen_text(pilot.app)
    assert col.lab_status()["lora"] == {**col.lab_status()["lora"], "status": "error", "backend": "box"}
