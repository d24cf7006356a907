"""New assignments in headless Chromium against a real server: a case given to an agent (by
routing or a supervisor) shows a notice on their open console, with a tone and a browser
notification; one they take themselves does not. Needs Playwright and Debian's Chromium, like
``tests/webchat/test_browser.py``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from deskpilot.domain import CaseId
from tests.webchat._browser import LiveServer, browser_fixtures, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow

browser, server = browser_fixtures("assign-browser")

# Notifications and the tone, counted: headless Chromium shows no notification and plays no
# sound, so the page's own Notification and WebAudio are wrapped to record what it asked for.
RECORD = """
window.__notified = [];
window.__tones = 0;
function Recorded(title, options) { window.__notified.push([title, options.body]); }
Recorded.permission = "granted";
Recorded.requestPermission = function () { return Promise.resolve("granted"); };
window.Notification = Recorded;
const oscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__tones += 1;
  return oscillator.call(this);
};
"""


def _handed_off_case(server: LiveServer) -> CaseId:
    pipeline = server.runtime.pipeline
    conversation = pipeline.do_start_conversation("chat", None)
    pipeline.do_receive_message(conversation.id, "I want to talk to a human")
    return conversation.case_id


def _user(server: LiveServer, username: str) -> Any:
    with server.runtime.db.transaction() as repo:
        found = repo.find_login(username)
    assert found is not None
    return found[0]


def _console(browser: Browser, server: LiveServer, username: str) -> Page:
    page = browser.new_page()
    page.add_init_script(RECORD)
    log_in(page, server.url, username)
    page.wait_for_timeout(300)  # the event stream is open
    return page


def test_browser_a_case_given_to_an_agent_is_announced_on_their_console(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    page = _console(browser, server, "bob")
    try:
        routed = _handed_off_case(server)  # bob is the only agent online: routing gives it him
        notice = page.locator("#alerts .alert-assigned")
        expect(notice).to_have_text(re.compile(f"Case {routed} was assigned to you by routing"))
        assert page.evaluate("window.__notified") == [
            ["DeskPilot: a new case for you", f"Case {routed} was assigned to you by routing"]
        ]
        assert page.evaluate("window.__tones") == 1
        assert notice.locator("a").get_attribute("href") == f"/console/cases/{routed}"
        page.get_by_role("button", name=f"Dismiss: Case {routed} was assigned").click()
        expect(notice).to_have_count(0)
        # a supervisor gives him another; one he takes himself is not announced
        server.runtime.handoff.do_assign_case(routed, None, actor=_user(server, "sam"))
        given = _handed_off_case(server)
        expect(notice).to_have_count(2)  # routing gave both back to him
        server.runtime.agents.do_reassign_case(
            given, agent="sam", queue=None, actor=_user(server, "sam")
        )
        server.runtime.agents.do_reassign_case(
            given, agent="bob", queue=None, actor=_user(server, "sam")
        )
        expect(notice.first.locator("a")).to_have_text(f"Case {given} was assigned to you by sam")
        server.runtime.agents.do_take_case(given, actor=_user(server, "bob"))
        page.wait_for_timeout(500)
        expect(notice).to_have_count(3)
        assert page.evaluate("window.__tones") == 4
    finally:
        page.close()
