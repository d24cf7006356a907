"""The console in headless Chromium against a real server: an SLA breach shows as a visible
banner (not only in the screen-reader region), the open page keeps its agent reachable with
heartbeats, axe-core finds no serious or critical violation on its pages, and two agents at
once see each other's hold on a case. Needs Playwright and Debian's Chromium, like
``tests/webchat/test_browser.py``."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from deskpilot.domain import CaseId, PresenceState
from deskpilot.handoff import SlaEvent, SlaEventType
from deskpilot.live import _viewers
from tests.webchat._browser import (
    LiveServer,
    axe_violations,
    browser_fixtures,
    chat,
    log_in,
    open_chat,
    widget_token,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow


browser, server = browser_fixtures("console-browser")


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


def _pending_order_case(server: LiveServer, store_data: dict[str, Any]) -> tuple[CaseId, str]:
    """A verified customer asked about a pending order, then for a person: (case, order id)."""
    order_id, order = next(
        (k, o) for k, o in store_data["orders"].items() if o["status"] == "pending"
    )
    email = store_data["users"][order["user_id"]]["email"]
    pipeline = server.runtime.pipeline
    conversation = pipeline.do_start_conversation("chat", None)
    pipeline.do_receive_message(conversation.id, f"Where is my order {order_id}? {email}")
    pipeline.do_receive_message(conversation.id, "I want to talk to a human")
    return conversation.case_id, order_id


def test_browser_console_pages_have_no_serious_accessibility_violations(
    browser: Browser, server: LiveServer, store_data: dict[str, Any]
) -> None:
    case_id, order_id = _pending_order_case(server, store_data)
    # axe is injected as a script tag, which the console's CSP would refuse.
    context = browser.new_context(reduced_motion="reduce", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/console/login")
        assert axe_violations(page) == [], "login page"
        # The check can fail: a field without a label is caught.
        page.evaluate("document.querySelector('form').append(document.createElement('input'))")
        assert [v["id"] for v in axe_violations(page)] == ["label"]
        log_in(page, server.url, "sam")
        page.wait_for_function("document.querySelector('#queue') !== null")
        assert axe_violations(page) == [], "queues page"
        page.goto(f"{server.url}/console/cases/{case_id}")
        page.get_by_role("region", name="Handoff packet").wait_for()
        take = page.get_by_role("button", name="Take")
        if take.count():  # routing may already have given it to sam on logging in
            take.first.click()
            page.get_by_role("region", name="Handoff packet").wait_for()
        assert axe_violations(page) == [], "case page"
        link = f"/console/cases/{case_id}/act?action=cancel_pending_order&arg.order_id="
        page.goto(server.url + link + quote(order_id))
        assert axe_violations(page) == [], "action form"
        page.locator("#f-reason").select_option("ordered by mistake")
        page.get_by_role("button", name="Review").click()
        page.get_by_role("heading", name="Check before you run it").wait_for()
        assert axe_violations(page) == [], "action review page"
        page.goto(f"{server.url}/console/views/open")
        assert axe_violations(page) == [], "a view"
        page.goto(f"{server.url}/console/search?q={quote(order_id)}")
        assert page.locator(".results mark").count() >= 1  # the matching words highlighted
        assert axe_violations(page) == [], "search results"
        page.goto(f"{server.url}/console/supervisor")
        page.get_by_role("heading", name="Queue health").wait_for()
        assert axe_violations(page) == [], "supervisor page"
        page.keyboard.press("?")
        page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
        assert axe_violations(page) == [], "shortcuts dialog"
    finally:
        context.close()
    email = store_data["users"][store_data["orders"][order_id]["user_id"]]["email"]
    _admin_and_refused_pages_are_accessible(browser, server, case_id, email)


def _admin_and_refused_pages_are_accessible(
    browser: Browser, server: LiveServer, case_id: CaseId, email: str
) -> None:
    """The admin's pages, and the pages an agent gets where they may not go."""
    contexts = [browser.new_context(reduced_motion="reduce", bypass_csp=True) for _ in range(2)]
    admin, bob = (c.new_page() for c in contexts)  # "bob": an agent who does not hold it
    try:
        log_in(admin, server.url, "admin")
        admin.goto(f"{server.url}/console/api-keys")
        admin.get_by_role("heading", name="API keys").first.wait_for()
        assert axe_violations(admin) == [], "API keys page"
        admin.goto(f"{server.url}/console/privacy?who={quote(email)}")
        assert email in admin.content()
        assert axe_violations(admin) == [], "personal data page"
        with server.runtime.db.transaction() as repo:
            assignment = repo.get_assignment(case_id)
        holder = assignment.agent if assignment is not None else None
        log_in(bob, server.url, "alice" if holder == "bob" else "bob")
        response = bob.goto(f"{server.url}/console/api-keys")
        assert response is not None and response.status == 403
        assert axe_violations(bob) == [], "forbidden page"
        assert holder is not None
        bob.goto(f"{server.url}/console/cases/{case_id}")  # a colleague's: only to read
        _post(bob, f"/console/cases/{case_id}/priority", priority="urgent")
        bob.locator(".flash").wait_for()  # "case … is <holder>'s: only they or a supervisor …"
        assert axe_violations(bob) == [], "case page with a refusal notice"
        _post(bob, "/console/supervisor/assign", case_id=case_id, agent="bob")  # not an agent's
        bob.get_by_role("heading", name="Not allowed").wait_for()
        assert axe_violations(bob) == [], "refused page"
    finally:
        for context in contexts:
            context.close()


def _post(page: Page, action: str, **fields: str) -> None:
    """Post a form the page does not offer (with the session's CSRF token), as a crafted
    request or a stale tab would."""
    page.evaluate(
        """([action, fields]) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = action;
            fields.csrf_token = document.querySelector('meta[name=csrf-token]').content;
            for (const [name, value] of Object.entries(fields)) {
                const field = document.createElement('input');
                field.type = 'hidden'; field.name = name; field.value = value;
                form.append(field);
            }
            document.body.append(form);
            form.submit();
        }""",
        [action, fields],
    )


def _hold(page: Page) -> None:
    """Take the open case unless routing already gave it to this agent on logging in."""
    take = page.locator("#take-case")
    if take.count():
        take.click()
    page.get_by_label("Reply to the customer").wait_for()


def _offline(server: LiveServer, *usernames: str) -> None:
    for username in usernames:
        with server.runtime.db.transaction() as repo:
            user = repo.find_login(username)[0]  # type: ignore[index]
        server.runtime.agents.do_set_presence(user, PresenceState.OFFLINE, actor=user)


def test_browser_two_agents_at_once_see_each_others_hold_and_the_customer_gets_the_reply(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    contexts = [browser.new_context() for _ in range(3)]
    alice, bob, customer = (c.new_page() for c in contexts)
    try:
        _offline(server, "sam", "bob")  # earlier tests left them online: routing picks alice
        log_in(alice, server.url, "alice")
        customer.goto(server.url + "/")
        open_chat(customer)
        chat(customer, "I want to talk to a human")
        log = customer.get_by_role("log", name="Conversation")
        expect(log).to_contain_text("passing this to a colleague")
        log_in(bob, server.url, "bob")
        session = server.runtime.webchat.session_for(widget_token(customer))
        with server.runtime.db.transaction() as repo:
            case_id = repo.get_conversation(session.conversation_id).case_id
        alice.goto(f"{server.url}/console/cases/{case_id}")
        _hold(alice)
        expect(alice.locator(".case-head")).to_contain_text("Agent alice")
        bob.goto(f"{server.url}/console/cases/{case_id}")
        expect(bob.get_by_role("note")).to_contain_text("This case is alice's")
        assert bob.get_by_role("button", name="Take").count() == 0
        # Bob opening the case tells Alice's page at once.
        collision = alice.locator("#collision")
        expect(collision).to_have_text(
            "Bob Okafor is also viewing this case: check before you reply."
        )
        alice.get_by_label("Reply to the customer").fill("Alice here, I have your case.")
        alice.get_by_role("button", name="Send reply").click()
        expect(log).to_contain_text("Alice here, I have your case.")
        expect(bob.locator(".transcript")).to_contain_text("Alice here, I have your case.")
        # The customer typing in the widget shows on Alice's page until their message comes.
        customer.reload()  # the widget's own throttle starts afresh; it reopens by itself
        # It reopens once its transcript is back, and then puts the cursor in the box: keys
        # typed before that would go to the page (under load, "Th" of the message was lost).
        expect(customer.get_by_label("Your message")).to_be_focused()
        customer.get_by_label("Your message").press_sequentially("Thanks, one more thing")
        typing = alice.locator("#customer-typing")
        expect(typing).to_have_text("The customer is typing…")
        customer.get_by_label("Your message").press("Enter")
        expect(alice.locator(".transcript")).to_contain_text("Thanks, one more thing")
        expect(typing).to_be_hidden(timeout=2000)  # at once, not six seconds later
    finally:
        for context in contexts:
            context.close()


def test_browser_a_colleague_typing_a_reply_is_shown_live_and_forgotten_when_they_stop(
    browser: Browser, server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect

    # The server passes on one signal per agent every TYPING_INTERVAL; here every one, so
    # the test need not wait between Bob's bursts of typing.
    monkeypatch.setattr(_viewers, "TYPING_INTERVAL", 0.0)
    # Alice's context lets axe in (the console's CSP would refuse its script tag).
    contexts = [browser.new_context(bypass_csp=True), browser.new_context()]
    alice, bob = (c.new_page() for c in contexts)
    try:
        log_in(alice, server.url, "alice")
        log_in(bob, server.url, "bob")
        _offline(server, "sam", "alice", "bob")  # the case stays unassigned: both may reply
        case_id = _handed_off_case(server)
        alice.clock.install()  # Alice's timers, to let six quiet seconds pass at once
        alice.goto(f"{server.url}/console/cases/{case_id}")
        bob.goto(f"{server.url}/console/cases/{case_id}")
        collision = alice.locator("#collision")
        viewing = "Bob Okafor is also viewing this case: check before you reply."
        expect(collision).to_have_text(viewing)
        signals: list[str] = []
        bob.on("request", lambda r: signals.append(r.url) if r.url.endswith("/typing") else None)
        reply = bob.get_by_label("Reply to the customer")
        reply.press_sequentially("Hello, Bob", delay=30)
        expect(collision).to_have_text("Bob Okafor is typing a reply…")
        assert len(signals) == 1, "the reply box signals at most every 3 seconds"
        assert axe_violations(alice, within="collision") == []
        # Six seconds without a signal: Bob is only viewing again.
        alice.clock.fast_forward(7000)
        expect(collision).to_have_text(viewing)
        bob.reload()  # a new page, so its next key signals at once
        reply.press_sequentially("Hello, Bob here.")
        expect(collision).to_have_text("Bob Okafor is typing a reply…")
        # His reply arrives: Alice's page stops saying he types at once, not seconds later.
        bob.get_by_role("button", name="Send reply").click()
        expect(alice.locator(".transcript")).to_contain_text("Hello, Bob here.")
        expect(collision).to_have_text(viewing, timeout=2000)
    finally:
        for context in contexts:
            context.close()


def test_browser_saved_reply_picker_inserts_the_filled_text_by_keyboard(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    case_id = _handed_off_case(server)
    context = browser.new_context()
    page = context.new_page()
    try:
        log_in(page, server.url, "sam")
        page.goto(f"{server.url}/console/cases/{case_id}")
        _hold(page)
        box = page.get_by_label("Reply to the customer")
        # Typed: "/hello" then Tab expands it where the cursor is.
        box.fill("")
        box.press_sequentially("Hi! /hello")
        box.press("Tab")
        expected = "Hello [customer.first_name], this is Sam. I'm looking at your case now."
        expect(box).to_have_value(f"Hi! {expected}")
        expect(box).to_be_focused()
        # Tab without a saved reply's name moves focus on, as usual.
        box.press("Tab")
        expect(box).not_to_be_focused()
        # Picked: the select, then Insert, all from the keyboard.
        box.fill("")
        page.get_by_label("Saved reply").select_option("bye")
        page.get_by_role("button", name="Insert").press("Enter")
        expect(box).to_have_value(
            "Is there anything else I can help you with, [customer.first_name]? "
            "Have a good day. — Sam Lindqvist"
        )
    finally:
        context.close()


def test_browser_supervisor_health_updates_live_and_bulk_assigns(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    _offline(server, "alice", "bob")
    context = browser.new_context()
    page = context.new_page()
    try:
        log_in(page, server.url, "sam")
        page.goto(f"{server.url}/console/supervisor")
        page.get_by_role("heading", name="Queue health").wait_for()
        page.wait_for_timeout(300)  # the event stream is open
        general = page.locator('#health tr[data-queue="general"] td').first
        before = int(general.inner_text())
        case_id = _handed_off_case(server)  # sam is online: routing gives it to sam
        expect(general).to_have_text(str(before + 1), timeout=5000)
        page.reload()
        page.get_by_label(f"Select case {case_id}").check()
        page.get_by_label("Give the selected cases to").select_option("alice")
        page.get_by_role("button", name="Assign selected").click()
        expect(page.locator(".flash")).to_contain_text("1 of 1 cases given to alice.")
        with server.runtime.db.transaction() as repo:
            assignment = repo.get_assignment(case_id)
        assert assignment is not None and assignment.agent == "alice"
    finally:
        context.close()
