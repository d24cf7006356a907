"""Browser tests: the widget and the console in headless Chromium against a real server.

They need Playwright's Python package and Debian's Chromium (``/usr/bin/chromium``); without
them they skip (and fail where ``DESKPILOT_REQUIRE_SERVICES=1``, as in CI).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from deskpilot.domain import CaseId, Direction
from tests.webchat._browser import (
    LiveServer,
    browser_fixtures,
    chat,
    log_in,
    open_chat,
    widget_token,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow


browser, server = browser_fixtures("browser-data")


def test_browser_customer_gets_an_orders_status_in_the_widget(
    browser: Browser, server: LiveServer, store_data: dict[str, Any]
) -> None:
    from playwright.sync_api import expect

    order_id, order = next(
        (k, o) for k, o in store_data["orders"].items() if o["status"] == "processed"
    )
    email = store_data["users"][order["user_id"]]["email"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        open_chat(page)
        expect(page.get_by_label("Your message")).to_be_focused()
        chat(page, f"Hi, where is my order {order_id}? My email is {email}")
        log = page.get_by_role("log", name="Conversation")
        expect(log).to_contain_text(f"{order_id} is processed")
        page.reload()
        expect(page.get_by_role("log", name="Conversation")).to_contain_text(
            f"{order_id} is processed"
        )
        page.keyboard.press("Escape")
        expect(page.get_by_role("button", name="Chat with us")).to_be_focused()
    finally:
        context.close()


def test_browser_handoff_reaches_the_console_and_the_agents_reply_reaches_the_customer(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    agent_context, customer_context = browser.new_context(), browser.new_context()
    try:
        agent = agent_context.new_page()
        log_in(agent, server.url)
        customer = customer_context.new_page()
        customer.goto(server.url + "/")
        open_chat(customer)
        chat(customer, "I want to talk to a human")
        log = customer.get_by_role("log", name="Conversation")
        expect(log).to_contain_text("passing this to a colleague")
        row = agent.locator("#queue tr", has_text="the customer asked for a person").first
        expect(row).to_be_visible()
        expect(row.locator("[data-breach-at]")).to_contain_text("first response due in")
        row.get_by_role("link").click()
        packet = agent.get_by_role("region", name="Handoff packet")
        expect(packet).to_contain_text("the customer asked for a person")
        agent.get_by_label("Reply to the customer").fill("Hello, this is Alice. How can I help?")
        agent.get_by_role("button", name="Send reply").click()
        expect(log).to_contain_text("Hello, this is Alice. How can I help?")
        expect(log.locator(".dpw-agent").last).to_contain_text("Alice Moreau")
    finally:
        agent_context.close()
        customer_context.close()


def test_browser_agent_approves_an_edited_draft_and_the_customer_sees_it(
    browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    agent_context, customer_context = browser.new_context(), browser.new_context()
    try:
        customer = customer_context.new_page()
        customer.goto(server.url + "/")
        open_chat(customer)
        chat(customer, "hello")  # small talk: answered at once, never drafted
        log = customer.get_by_role("log", name="Conversation")
        expect(log.locator(".dpw-bot")).not_to_have_count(0)
        session = server.runtime.webchat.session_for(widget_token(customer))
        with server.runtime.db.transaction() as repo:
            inbound = [
                m
                for m in repo.list_messages(session.conversation_id)
                if m.direction is Direction.INBOUND
            ]
        question = inbound[-1]
        server.runtime.drafts.do_create_draft(
            CaseId(question.case_id), question.id, "We deliver to Canada.", actor="bot"
        )
        agent = agent_context.new_page()
        log_in(agent, server.url)
        agent.get_by_role("region", name="Drafts awaiting review").get_by_role("link").first.click()
        draft = agent.get_by_label("Draft reply by bot (edit before approving if needed)")
        expect(draft).to_have_value("We deliver to Canada.")
        draft.fill("We deliver to Canada in 5 to 7 business days.")
        agent.get_by_role("button", name="Approve and send").click()
        expect(agent.get_by_role("status").filter(has_text="Draft sent")).to_be_visible()
        expect(log).to_contain_text("We deliver to Canada in 5 to 7 business days.")
    finally:
        agent_context.close()
        customer_context.close()
