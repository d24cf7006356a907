"""Files in headless Chromium against a real server: the visitor attaches a picture in the
widget (thumbnail, refusals said in words), the agent attaches a PDF in the console's reply box
(keyboard-reachable, labelled) and the visitor saves it; no serious accessibility violation.

They skip without Playwright or Debian's Chromium (and fail where DESKPILOT_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.webchat._browser import (
    LiveServer,
    axe_violations,
    browser_fixtures,
    chat,
    log_in,
    open_chat,
    widget_token,
)
from tests.webchat.test_attachments_api import PDF, png

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow

HUMAN = "I want to talk to a human"

browser, server = browser_fixtures("attachments-data")


@pytest.fixture
def visitor(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh visitor on the demo shop with the chat open and handed to a person."""
    from playwright.sync_api import expect

    context = browser.new_context(reduced_motion="reduce", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        open_chat(page)
        chat(page, HUMAN)
        expect(page.locator(".dpw-note")).to_contain_text("in the queue")
        yield page
    finally:
        context.close()


def _attach(page: Page, name: str, mime: str, content: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Attach a file").click()
    chooser.value.set_files({"name": name, "mimeType": mime, "buffer": content})


def test_the_visitor_attaches_a_picture_and_sees_it_and_refusals_in_words(
    visitor: Page,
) -> None:
    from playwright.sync_api import expect

    log = visitor.get_by_role("log", name="Conversation")
    _attach(visitor, "scratch.png", "image/png", png(8, 8))
    thumb = log.get_by_role("img", name="scratch.png")
    expect(thumb).to_be_visible()
    visitor.wait_for_function(
        "() => { const i = document.querySelector('.dpw-thumb'); "
        "return i && i.complete && i.naturalWidth === 8; }"
    )
    expect(log.get_by_role("button", name="Download scratch.png")).to_be_visible()
    # the server reads the bytes: an executable named like a PDF is refused, and said so
    _attach(visitor, "invoice.pdf", "application/pdf", b"\x7fELF" + b"\x00" * 100)
    expect(visitor.get_by_role("status")).to_contain_text(
        "invoice.pdf was not sent: the file is of a type not recognised"
    )
    _attach(visitor, "huge.txt", "text/plain", b"a" * 5_000_001)
    expect(visitor.get_by_role("status")).to_contain_text("huge.txt is too large")
    expect(log.locator(".dpw-thumb")).to_have_count(1)
    assert axe_violations(visitor, "deskpilot-widget") == []


def test_the_agent_attaches_a_file_in_the_console_and_the_visitor_saves_it(
    visitor: Page, browser: Browser, server: LiveServer
) -> None:
    from playwright.sync_api import expect

    _attach(visitor, "broken.png", "image/png", png(8, 8))
    expect(visitor.locator(".dpw-thumb")).to_be_visible()
    session = server.runtime.webchat.session_for(widget_token(visitor))
    with server.runtime.db.transaction() as repo:
        case_id = repo.get_conversation(session.conversation_id).case_id
    # axe is injected as a script tag, which the console's CSP would refuse.
    context = browser.new_context(reduced_motion="reduce", bypass_csp=True)
    try:
        agent = context.new_page()
        log_in(agent, server.url)
        agent.goto(f"{server.url}/console/cases/{case_id}")
        agent.wait_for_function(
            "() => { const i = document.querySelector('.transcript img.thumb'); "
            "return i && i.complete && i.naturalWidth === 8; }"
        )
        expect(agent.get_by_role("img", name="broken.png")).to_be_visible()
        expect(agent.locator(".packet")).to_contain_text("broken.png (PNG image,")
        agent.get_by_label("Reply to the customer").fill("Here is the return label.")
        chooser = agent.get_by_label("Attach a file (optional)")
        chooser.focus()  # reachable from the keyboard, under its label
        chooser.set_input_files(
            {
                "name": "big.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n" + b"0" * 5_000_000,
            }
        )
        assert "big.pdf is too large" in chooser.evaluate("input => input.validationMessage")
        agent.get_by_role("button", name="Send reply").click()  # the browser keeps it back
        expect(agent.locator(".flash")).to_have_count(0)
        chooser.set_input_files({"name": "label.pdf", "mimeType": "application/pdf", "buffer": PDF})
        agent.get_by_role("button", name="Send reply").click()
        expect(agent.locator(".flash")).to_contain_text("Reply sent")
        expect(agent.locator(".transcript")).to_contain_text("label.pdf")
        assert axe_violations(agent) == []
    finally:
        context.close()
    log = visitor.get_by_role("log", name="Conversation")
    expect(log.locator(".dpw-agent")).to_contain_text("Here is the return label.")
    with visitor.expect_download() as download:
        log.get_by_role("button", name="Download label.pdf").click()
    assert download.value.suggested_filename == "label.pdf"
    saved = download.value.path()
    assert saved.read_bytes() == PDF
