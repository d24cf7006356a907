"""A real DeskPilot server for browser tests: the app under uvicorn on a free loopback port,
with its runtime at hand, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn

from deskpilot.api import create_app
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "deskpilot-demo"


@dataclass
class LiveServer:
    """A running server: its base URL and its runtime."""

    url: str
    runtime: Runtime


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(data_dir: Path, store: Path) -> Iterator[LiveServer]:
    """Serve the demo workspace on 127.0.0.1 until the block ends (then stop and clean up)."""
    settings = Settings(
        data_dir=data_dir,
        workspace=PROJECT_ROOT / "examples" / "retail",
        store=store,
        retry_interval_seconds=3600,
        sla_tick_seconds=3600,
    )
    runtime = build_runtime(settings)
    runtime.staff.ensure_demo_users(runtime.routing, DEMO_PASSWORD)
    port = _free_port()
    config = uvicorn.Config(
        create_app(runtime=runtime),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", runtime)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        runtime.close()


def launch(playwright: Playwright) -> Browser:
    """Headless Debian Chromium (Playwright never downloads a browser here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_chat(page: Page) -> None:
    """Open the widget on the page."""
    page.get_by_role("button", name="Chat with us").click()


def chat(page: Page, text: str) -> None:
    """Type a message in the widget and send it with Enter."""
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def log_in(page: Page, base: str, username: str = "alice") -> None:
    """Log in to the console as a demo agent."""
    page.goto(f"{base}/console")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/console/queue")


def widget_token(page: Page) -> str:
    """The widget's session token, as the browser keeps it."""
    token: Any = page.evaluate("localStorage.getItem('deskpilot.widget.token')")
    assert isinstance(token, str)
    return token


def axe_violations(page: Page, within: str | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (or inside the element with the
    id ``within``), each as its rule, impact and the offending elements' HTML."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async (within) => {
            const root = within ? document.getElementById(within) : document;
            const result = await axe.run(root);
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)}));
        }""",
        within,
    )
    return found


def browser_fixtures(data: str) -> tuple[Any, Any]:
    """A test module's ``browser`` (one headless Chromium for the module) and ``server``
    (DeskPilot on a free loopback port with its own data folder, named ``data``) fixtures:
    ``browser, server = browser_fixtures("widget-data")``."""
    import importlib.util

    import pytest

    from tests.conftest import skip_or_fail

    @pytest.fixture(scope="module")
    def browser() -> Iterator[Browser]:
        if importlib.util.find_spec("playwright") is None or not CHROMIUM.exists():
            skip_or_fail(
                "browser tests need `pip install playwright` and `apt-get install chromium`"
            )
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = launch(playwright)
            yield chromium
            chromium.close()

    @pytest.fixture(scope="module")
    def server(
        browser: Browser, tmp_path_factory: pytest.TempPathFactory, demo_store_source: Path
    ) -> Iterator[LiveServer]:
        with live_server(tmp_path_factory.mktemp(data), demo_store_source) as running:
            yield running

    return browser, server
