"""The console in headless Chromium against a real server: an SLA breach shows as a visible
banner (not only in the screen-reader region), and the open page keeps its agent reachable with
heartbeats. Needs Playwright and Debian's Chromium, like ``tests/webchat/test_browser.py``."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from deskpilot.domain import CaseId
from deskpilot.handoff import SlaEvent, SlaEventType
from tests.conftest import skip_or_fail
from tests.webchat._browser import CHROMIUM, LiveServer, launch, live_server, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    if importlib.util.find_spec("playwright") is None or not CHROMIUM.exists():
        skip_or_fail("browser tests need `pip install playwright` and `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory, demo_store_source: Path
) -> Iterator[LiveServer]:
    """DeskPilot on a free loopback port with its own data folder."""
    with live_server(tmp_path_factory.mktemp("console-browser"), demo_store_source) as running:
        yield running


def _handed_off_case(server: LiveServer) -> CaseId:
    pipeline = server.runtime.pipeline
    conversation = pipeline.do_start_conversation("chat", None)
    pipeline.do_receive_message(conversation.id, "I want to talk to a human")
    return conversation.case_id


def test_browser_an_sla_breach_shows_a_visible_alert_banner(
    browser: Browser, server: LiveServer
) -> None:
    case_id = _handed_off_case(server)
    page = browser.new_page()
    try:
        log_in(page, server.url, "sam")
        page.wait_for_function("document.querySelector('#queue') !== null")
        page.wait_for_timeout(300)  # the event stream is open
        now = server.runtime.clock.now()
        breach = SlaEvent(
            SlaEventType.BREACHED,
            case_id,
            now,
            {"target": "first_response", "cycle": 1, "at": now.isoformat(), "actions": []},
        )
        server.runtime.handoff.do_record_sla_alerts([breach])
        alert = page.locator("#alerts .alert-breach")
        alert.wait_for(state="visible", timeout=5000)
        assert alert.inner_text().startswith(f"Case {case_id}: first response breached")
        box = alert.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 10
        assert page.locator("#alerts a").get_attribute("href") == f"/console/cases/{case_id}"
        page.get_by_role("button", name=f"Dismiss: Case {case_id}: first response breached").click()
        assert page.locator("#alerts .alert").count() == 0
    finally:
        page.close()


def test_browser_the_open_console_sends_heartbeats(browser: Browser, server: LiveServer) -> None:
    page = browser.new_page()
    try:
        with page.expect_request(
            lambda r: r.url.endswith("/console/heartbeat") and r.method == "POST", timeout=5000
        ) as beat:
            log_in(page, server.url, "bob")
        response = beat.value.response()
        assert response is not None and response.status == 200
        with server.runtime.db.transaction() as repo:
            bob = repo.find_login("bob")[0]  # type: ignore[index]
        heard = server.runtime.handoff.last_heard(bob)
        assert heard is not None and server.runtime.clock.now() - heard < timedelta(seconds=10)
    finally:
        page.close()


def test_browser_keyboard_shortcuts_and_their_help(browser: Browser, server: LiveServer) -> None:
    page = browser.new_page()
    try:
        log_in(page, server.url, "sam")
        help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
        assert not help_dialog.is_visible()
        page.keyboard.press("?")
        help_dialog.wait_for(state="visible", timeout=3000)
        assert "go to my cases" in help_dialog.inner_text()
        page.keyboard.press("Escape")
        help_dialog.wait_for(state="hidden", timeout=3000)
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "top-search"
        page.keyboard.type("g")  # typed into the search box: not a shortcut
        assert page.url.endswith("/console/queue")
        page.locator("body").click()
        page.keyboard.press("g")
        page.keyboard.press("m")
        page.wait_for_url(f"{server.url}/console/views/mine", timeout=3000)
    finally:
        page.close()
