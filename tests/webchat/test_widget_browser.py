"""Browser tests of the widget in headless Chromium against one real server for the module:
greeting and quick replies, optimistic sending and retry, reconnecting the event stream with
what it missed, typing both ways, timestamps and branding, full screen on a phone, the wait
notice, the satisfaction question, accessibility (axe-core), and the offline API reference.

They skip without Playwright or Debian's Chromium (and fail where DESKPILOT_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.webchat._browser import (
    DEMO_PASSWORD,
    LiveServer,
    axe_violations,
    browser_fixtures,
    chat,
    open_chat,
    widget_token,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.slow

HUMAN = "I want to talk to a human"


browser, server = browser_fixtures("widget-data")


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh visitor (own storage) on the demo shop, motion reduced for stable checks."""
    context = browser.new_context(reduced_motion="reduce")
    try:
        visitor = context.new_page()
        visitor.goto(server.url + "/")
        yield visitor
    finally:
        context.close()


def _log(page: Page) -> Any:
    return page.get_by_role("log", name="Conversation")


@contextmanager
def _agent(server: LiveServer) -> Iterator[httpx.Client]:
    """An agent's API client (Alice), logged in, with the CSRF header set."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        login = client.post(
            "/v1/agent/session", json={"username": "alice", "password": DEMO_PASSWORD}
        )
        assert login.status_code == 200, login.text
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        yield client


def _case_of(server: LiveServer, page: Page) -> str:
    session = server.runtime.webchat.session_for(widget_token(page))
    with server.runtime.db.transaction() as repo:
        case_id: str = repo.get_conversation(session.conversation_id).case_id
    return case_id


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations inside the widget."""
    return axe_violations(page, "deskpilot-widget")


def test_widget_opens_with_the_workspaces_greeting_and_quick_replies(page: Page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Chat with us").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    log = _log(page)
    expect(log).to_contain_text("Hi! I can check an order")
    quick = page.get_by_role("group", name="Suggested questions")
    expect(quick.get_by_role("button")).to_have_count(3)
    quick.get_by_role("button", name="Where is my order?").click()
    expect(log.locator(".dpw-customer")).to_contain_text("Where is my order?")
    expect(log.locator(".dpw-bot")).not_to_have_count(0)
    expect(log.locator(".dpw-greeting")).to_have_count(0)
    expect(page.get_by_label("Your message")).to_be_focused()


def test_widget_shows_the_brand_title_avatar_and_timestamps(page: Page) -> None:
    from playwright.sync_api import expect

    open_chat(page)
    heading = page.get_by_role("heading", name="Demo Store support")
    expect(heading).to_be_visible()
    expect(page.locator(".dpw-avatar")).to_have_text("D")
    expect(page.locator(".dpw-head")).to_have_css("background-color", "rgb(36, 83, 199)")
    chat(page, "hello")
    first = _log(page).locator(".dpw-msg").first
    expect(first.locator("time")).to_have_text(re.compile(r"\d{1,2}:\d{2}"))
    stamp = first.locator("time").get_attribute("datetime")
    assert stamp is not None and re.match(r"\d{4}-\d{2}-\d{2}T", stamp)
    expect(_log(page).locator(".dpw-bot time")).not_to_have_count(0)
    page.clock.set_system_time(datetime.now(UTC) + timedelta(days=2))
    page.reload()  # two days later, the same conversation's times carry their date
    expect(first.locator("time")).to_have_text(re.compile(r"[A-Z][a-z]{2}.*, \d{1,2}:\d{2}"))


def test_a_message_shows_at_once_with_the_bot_typing_until_the_server_answers(
    page: Page,
) -> None:
    from playwright.sync_api import expect

    held: list[Route] = []

    def hold(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    open_chat(page)
    page.route("**/v1/widget/messages", hold)
    with page.expect_request(lambda r: r.url.endswith("/messages") and r.method == "POST"):
        chat(page, "hello there")
    mine = _log(page).locator(".dpw-customer", has_text="hello there")
    expect(mine).to_be_visible()
    expect(mine).to_have_attribute("data-state", "sending")
    expect(page.get_by_role("status")).to_have_text("Assistant is typing…")
    expect(page.get_by_label("Your message")).to_have_value("")
    assert len(held) == 1, "the message is shown while the server has not answered"
    held[0].continue_()
    page.unroute("**/v1/widget/messages")
    expect(mine).not_to_have_attribute("data-state", "sending")
    expect(_log(page).locator(".dpw-bot")).not_to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("")


def test_a_failed_message_is_marked_and_retried_once_stored(page: Page, server: LiveServer) -> None:
    from playwright.sync_api import expect

    open_chat(page)
    chat(page, "hello")
    expect(_log(page).locator(".dpw-bot")).not_to_have_count(0)
    page.route("**/v1/widget/messages", lambda route: route.abort())
    chat(page, "do you ship abroad?")
    mine = _log(page).locator(".dpw-customer", has_text="do you ship abroad?")
    expect(mine).to_have_attribute("data-state", "failed")
    expect(page.get_by_role("status")).to_contain_text("could not be sent")
    page.unroute("**/v1/widget/messages")
    mine.get_by_role("button", name="Not sent. Retry").click()
    expect(mine).not_to_have_attribute("data-state", re.compile("."))
    session = server.runtime.webchat.session_for(widget_token(page))
    texts = [m["text"] for m in server.runtime.webchat.messages(session)]
    assert texts.count("do you ship abroad?") == 1


def _event_block(server: LiveServer, auth: dict[str, str], message_id: str) -> tuple[str, str]:
    """The stream's event carrying message ``message_id``, as its id and its text block (read
    from a stream that asks for everything the server still holds)."""
    headers = {**auth, "Last-Event-ID": "0-0"}
    with httpx.stream("GET", f"{server.url}/v1/widget/events", headers=headers) as response:
        block: list[str] = []
        for line in response.iter_lines():
            if line:
                block.append(line)
                continue
            fields = dict(part.split(": ", 1) for part in block if not part.startswith(":"))
            if "data" in fields and json.loads(fields["data"]).get("id") == message_id:
                return fields["id"], "\n".join(block) + "\n\n"
            block = []
    raise AssertionError(f"no event carries {message_id}")


def test_a_reconnecting_widget_gets_what_was_sent_while_its_stream_was_down(
    page: Page, server: LiveServer
) -> None:
    """The widget's stream ends after the bot's first reply; while it is down the visitor writes
    from another tab and the bot answers. The widget reconnects naming the last event it read
    (``Last-Event-ID``) and the stream replays both: the transcript is unreadable here, so
    nothing else could bring them."""
    from playwright.sync_api import expect

    open_chat(page)
    chat(page, "hello")
    first_reply = _log(page).locator(".dpw-bot").last
    expect(first_reply).to_be_visible()
    auth = {"Authorization": f"Bearer {widget_token(page)}"}
    last_id, last_block = _event_block(server, auth, first_reply.get_attribute("data-id") or "")

    reconnections: list[str | None] = []
    missed: list[str] = []

    def stream(route: Route) -> None:
        if not reconnections and route.request.headers.get("last-event-id") is None:
            # the stream after the reload reads one event and ends
            body = f"retry: 3000\n: connected\n\n{last_block}"
            route.fulfill(status=200, content_type="text/event-stream", body=body)
            return
        reconnections.append(route.request.headers.get("last-event-id"))
        if len(reconnections) == 1:  # while it was down, the visitor wrote in another tab
            sent = httpx.post(
                f"{server.url}/v1/widget/messages",
                json={"text": "do you ship abroad?"},
                headers=auth,
            )
            assert sent.status_code == 201, sent.text
            missed.extend(
                [sent.json()["message"]["id"], *(r["id"] for r in sent.json()["replies"])]
            )
        route.continue_()

    transcripts: list[Route] = []

    def transcript(route: Route) -> None:
        if route.request.method != "GET":
            route.continue_()
            return
        transcripts.append(route)
        if len(transcripts) == 1:  # the reload reads it; later the server is "unreachable"
            route.continue_()
        else:
            route.abort()

    page.route("**/v1/widget/events", stream)
    page.route("**/v1/widget/messages", transcript)
    page.reload()
    expect(_log(page).locator(".dpw-customer", has_text="do you ship abroad?")).to_be_attached(
        timeout=20_000
    )
    assert reconnections[0] == last_id, "the reconnection names the last event read"
    assert len(transcripts) > 1, "the reconnection's transcript read failed"
    for message_id in missed:
        expect(_log(page).locator(f'[data-id="{message_id}"]')).to_be_attached()


def test_the_open_widget_fills_a_phones_screen(browser: Browser, server: LiveServer) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 375, "height": 667}, reduced_motion="reduce")
    try:
        phone = context.new_page()
        phone.goto(server.url + "/")
        open_chat(phone)
        panel = phone.locator(".dpw-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box is not None
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 667)
        expect(phone.locator(".dpw-launcher")).to_be_hidden()
        phone.get_by_role("button", name="Close chat").click()
        expect(phone.locator(".dpw-launcher")).to_be_focused()
        box = phone.locator(".dpw-launcher").bounding_box()
        assert box is not None and box["width"] < 375
    finally:
        context.close()


def test_after_a_handoff_each_message_is_acknowledged_with_the_wait_and_agent_typing_shows(
    page: Page, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    open_chat(page)
    chat(page, HUMAN)
    log = _log(page)
    expect(log).to_contain_text("passing this to a colleague")
    note = log.locator(".dpw-note")
    expect(note).to_have_text(re.compile(r"You are number \d+ in the queue\. We aim to answer"))
    page.reload()  # the widget reopens, and knows from the transcript that a person holds it
    expect(log.locator(".dpw-customer", has_text=HUMAN)).to_be_visible()
    bots = log.locator(".dpw-bot").count()
    held: list[Route] = []
    page.route("**/v1/widget/messages", lambda route: held.append(route))
    with page.expect_request(lambda r: r.url.endswith("/messages") and r.method == "POST"):
        chat(page, "Are you still there?")
    expect(log.locator(".dpw-customer", has_text="Are you still there?")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("")  # no "Assistant is typing": it is silent
    held[0].continue_()
    page.unroute("**/v1/widget/messages")
    expect(log.locator(".dpw-customer", has_text="Are you still there?")).not_to_have_attribute(
        "data-state", "sending"
    )
    expect(note).to_have_count(1)
    expect(note).to_contain_text("in the queue")
    assert log.locator(".dpw-bot").count() == bots, "the bot stays silent"
    with _agent(server) as agent:
        case_id = _case_of(server, page)
        assert agent.post(f"/v1/agent/cases/{case_id}/typing").status_code == 204
        expect(page.get_by_role("status")).to_have_text("Alice Moreau is typing…")
        reply = agent.post(f"/v1/agent/cases/{case_id}/reply", json={"text": "Alice here."})
        assert reply.status_code == 201, reply.text
    expect(log.locator(".dpw-agent")).to_contain_text("Alice here.")
    expect(page.get_by_role("status")).to_have_text("")


def test_the_customers_typing_is_sent_for_the_console(page: Page) -> None:
    open_chat(page)
    chat(page, "hello")
    _log(page).locator(".dpw-bot").first.wait_for()
    with page.expect_request(
        lambda r: r.url.endswith("/v1/widget/typing") and r.method == "POST"
    ) as typed:
        page.get_by_label("Your message").press_sequentially("still wri")
    assert typed.value.headers["authorization"].startswith("Bearer ")


def test_a_resolved_case_asks_for_a_rating_that_is_stored_on_the_case(
    page: Page, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    open_chat(page)
    chat(page, HUMAN)
    expect(_log(page)).to_contain_text("passing this to a colleague")
    case_id = _case_of(server, page)
    with _agent(server) as agent:
        assert agent.post(f"/v1/agent/cases/{case_id}/take").status_code == 200
        assert agent.post(f"/v1/agent/cases/{case_id}/resolve").status_code == 200
    question = page.get_by_role("group", name=re.compile("How did we do?"))
    expect(question).to_be_visible()
    expect(question.get_by_role("button")).to_have_count(5)
    question.get_by_role("button", name="4 of 5, good").click()
    expect(_log(page)).to_contain_text("Thank you for your feedback.")
    with server.runtime.db.transaction() as repo:
        ratings = [
            e.data for e in repo.list_events(case_id) if e.type.value == "satisfaction_rated"
        ]
    assert ratings == [{"score": 4, "scale": 5, "channel": "webchat"}]
    page.reload()  # the widget was open: it opens again by itself
    expect(_log(page).locator(".dpw-customer").first).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("How did we do?"))).to_have_count(0)


def test_a_rating_question_is_asked_again_after_a_reload_until_answered(
    page: Page, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    open_chat(page)
    chat(page, HUMAN)
    expect(_log(page)).to_contain_text("passing this to a colleague")
    case_id = _case_of(server, page)
    page.close()
    with _agent(server) as agent:
        agent.post(f"/v1/agent/cases/{case_id}/take")
        assert agent.post(f"/v1/agent/cases/{case_id}/resolve").status_code == 200
    again = page.context.new_page()
    again.goto(server.url + "/")
    open_chat(again)
    expect(again.get_by_role("group", name=re.compile("How did we do?"))).to_be_visible()


def test_the_widget_has_no_serious_accessibility_violations_closed_or_open(
    page: Page, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Chat with us")).to_be_visible()
    assert _axe_violations(page) == []
    open_chat(page)
    expect(page.get_by_role("group", name="Suggested questions")).to_be_visible()
    assert _axe_violations(page) == []
    chat(page, HUMAN)
    expect(_log(page).locator(".dpw-note")).to_be_visible()
    page.route("**/v1/widget/messages", lambda route: route.abort())
    chat(page, "this one fails")
    expect(_log(page).locator("[data-state='failed']")).to_be_visible()
    page.unroute("**/v1/widget/messages")
    with _agent(server) as agent:
        case_id = _case_of(server, page)
        agent.post(f"/v1/agent/cases/{case_id}/take")
        agent.post(f"/v1/agent/cases/{case_id}/reply", json={"text": "Alice here."})
        agent.post(f"/v1/agent/cases/{case_id}/resolve")
    expect(page.get_by_role("group", name=re.compile("How did we do?"))).to_be_visible()
    assert _axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Chat with us")).to_be_focused()
    assert _axe_violations(page) == []


def test_the_api_reference_renders_without_internet(browser: Browser, server: LiveServer) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    outside: list[str] = []

    def only_loopback(route: Route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", only_loopback)
        docs = context.new_page()
        docs.goto(server.url + "/docs")
        expect(docs.locator(".opblock").first).to_be_visible()
        expect(docs.get_by_text("/v1/widget/config")).to_be_visible()
        assert outside == []
    finally:
        context.close()
