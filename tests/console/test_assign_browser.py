"""New assignments and drag reassignment in headless Chromium against a real server: a case
given to an agent (by routing or a supervisor) shows a notice on their open console, with a
tone and a browser notification; one they take themselves does not. A supervisor drags a case
onto an agent, within routing's capacity. Needs Playwright and Debian's Chromium, like
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


def _holder(server: LiveServer, case_id: CaseId) -> str | None:
    with server.runtime.db.transaction() as repo:
        found = repo.get_assignment(case_id)
    return None if found is None else found.agent


def _console(browser: Browser, server: LiveServer, username: str) -> Page:
    # Tall enough that a case's row and the agents' table are both in view: a drag that has to
    # scroll the page on its way is dropped nowhere (the supervisor page grows with its
    # sections: the help center's unanswered questions come last).
    page = browser.new_page(viewport={"width": 1280, "height": 2400})
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


def test_browser_a_supervisor_drags_a_case_onto_an_agent_within_capacity(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    sam = _user(server, "sam")
    cases = [_handed_off_case(server) for _ in range(5)]
    page = _console(browser, server, "sam")
    try:
        for case_id in cases[:4]:  # alice's capacity is 4
            server.runtime.agents.do_reassign_case(case_id, agent="alice", queue=None, actor=sam)
        page.goto(f"{server.url}/console/supervisor")
        row = page.locator(f'tr[data-case-id="{cases[4]}"]')
        with page.expect_navigation():  # the drop posts the form; the next page says what happened
            row.drag_to(page.locator('tr[data-agent="alice"]'))
        flash = page.locator(".flash")
        expect(flash).to_contain_text(
            f"0 of 1 cases given to alice. Not given: {cases[4]}: alice already has 4 of 4"
        )
        server.runtime.agents.do_resolve_case(cases[0], actor=sam)
        # The resolution redraws the page live: the drag starts on the page after it.
        page.goto(f"{server.url}/console/supervisor")
        with page.expect_navigation():
            page.locator(f'tr[data-case-id="{cases[4]}"]').drag_to(
                page.locator('tr[data-agent="alice"]')
            )
        expect(flash).to_have_text("1 of 1 cases given to alice.")
        assert _holder(server, cases[4]) == "alice"
        # the keyboard's way: tick the case, choose the agent, press the button
        page.get_by_label(f"Select case {cases[1]}").check()
        page.get_by_label("Give the selected cases to").select_option("sam")
        page.get_by_role("button", name="Assign selected").press("Enter")
        expect(flash).to_have_text("1 of 1 cases given to sam.")
    finally:
        page.close()
