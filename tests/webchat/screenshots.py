"""Take the screenshots of ``docs/console.md`` and ``docs/widget.md`` (``docs/img/*.png``) with the
browser-test harness.

Run from the repository root: ``.venv/bin/python -m tests.webchat.screenshots``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from deskpilot.domain import CaseId, Direction
from deskpilot.domains.retail import generate_store, write_store
from deskpilot.settings import PROJECT_ROOT
from tests.webchat._browser import chat, launch, live_server, log_in, open_chat, widget_token

if TYPE_CHECKING:
    from playwright.sync_api import Browser

OUT = PROJECT_ROOT / "docs" / "img"


def main() -> int:
    """Play the demo (an order question, a hand-off, a reply, a draft) and save the pictures of
    the console (queues, a case, its assist panel, a draft, the supervisor page) and the
    widget."""
    from playwright.sync_api import expect, sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        data = generate_store()
        write_store(store, data)
        order = next(o for o in data["orders"].values() if o["status"] == "delivered")
        email = data["users"][order["user_id"]]["email"]
        with live_server(Path(scratch) / "data", store) as server, sync_playwright() as pw:
            browser = launch(pw)
            _widget_pictures(browser, server.url)
            customer = browser.new_context(viewport={"width": 1100, "height": 720}).new_page()
            agent = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
            log_in(agent, server.url)
            customer.goto(server.url + "/")
            open_chat(customer)
            log = customer.get_by_role("log", name="Conversation")
            chat(customer, f"Where is my order {order['order_id']}? My email is {email}")
            expect(log).to_contain_text("is delivered")
            chat(customer, "Thanks. I'd like to talk to a human about the desk, please.")
            expect(log).to_contain_text("passing this to a colleague")
            agent.goto(server.url + "/console/queue")
            expect(agent.locator("[data-breach-at]").first).to_be_visible()
            agent.screenshot(path=str(OUT / "console-queue.png"))
            agent.locator("#queue a[href^='/console/cases/']").first.click()
            agent.get_by_label("Reply to the customer").fill(
                "Hi, I'm Alice from the support team. I can see your desk order; what's wrong "
                "with it?"
            )
            agent.get_by_role("button", name="Send reply").click()
            expect(log).to_contain_text("I'm Alice from the support team")
            agent.screenshot(path=str(OUT / "console-case.png"))
            agent.locator("#assist").screenshot(path=str(OUT / "console-assist.png"))
            customer.screenshot(path=str(OUT / "widget.png"))
            chat(customer, "Do you deliver to Canada too?")
            session = server.runtime.webchat.session_for(widget_token(customer))
            with server.runtime.db.transaction() as repo:
                inbound = [
                    m
                    for m in repo.list_messages(session.conversation_id)
                    if m.direction is Direction.INBOUND
                ]
            server.runtime.drafts.do_create_draft(
                CaseId(inbound[-1].case_id),
                inbound[-1].id,
                "Yes, we deliver to Canada in 5 to 7 business days.",
                actor="bot",
            )
            agent.reload()
            drafts = agent.locator("#drafts")
            drafts.scroll_into_view_if_needed()
            drafts.screenshot(path=str(OUT / "console-draft.png"))
            supervisor = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
            log_in(supervisor, server.url, "sam")
            supervisor.goto(server.url + "/console/supervisor")
            supervisor.screenshot(path=str(OUT / "console-supervisor.png"), full_page=True)
            browser.close()
    for picture in sorted(OUT.glob("*.png")):
        print(f"{picture.relative_to(PROJECT_ROOT)}: {picture.stat().st_size // 1024} KiB")
    return 0


def _widget_pictures(browser: Browser, base: str) -> None:
    """The widget as it opens (greeting, quick replies) on a desktop and on a phone."""
    from playwright.sync_api import expect

    for name, viewport in (
        ("widget-greeting.png", {"width": 1100, "height": 720}),
        ("widget-phone.png", {"width": 390, "height": 760}),
    ):
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = context.new_page()
        page.goto(base + "/")
        open_chat(page)
        expect(page.get_by_role("group", name="Suggested questions")).to_be_visible()
        if name == "widget-phone.png":
            chat(page, "Where is my order?")
            expect(page.locator(".dpw-bot")).not_to_have_count(0)
        page.screenshot(path=str(OUT / name))
        context.close()


if __name__ == "__main__":
    sys.exit(main())
