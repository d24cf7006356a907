"""Saved replies on the case page: the workspace's ``replies/`` offered in a picker on the reply
box, their variables filled from the case (the verified customer, the agent, the record the
conversation concerns)."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from tests.console._support import console_login, hand_off, pending_order_handed_off


def _saved(page: str) -> dict[str, str]:
    """The picker's saved replies: name → the text it inserts."""
    at = page.index('id="saved-reply"')
    picker = page[at : page.index("</select>", at)]
    found = re.findall(r'<option value="([^"]+)" data-text="([^"]*)">', picker)
    return {name: html.unescape(text) for name, text in found}


def test_saved_replies_are_filled_from_the_verified_customer_the_agent_and_the_record(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, _email, case_id = pending_order_handed_off(client, store_data)
    csrf = console_login(client, "alice")
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    page = client.get(f"/console/cases/{case_id}").text
    first = store_data["users"][order["user_id"]]["name"]["first_name"]
    saved = _saved(page)
    assert saved["hello"] == f"Hello {first}, this is Alice. I'm looking at your case now."
    assert saved["looking"] == f"Thanks {first}, I'm checking {order_id} for you; give me a minute."
    assert '<label for="saved-reply">Saved reply</label>' in page


def test_saved_replies_leave_what_the_case_does_not_know_for_the_agent_to_fill(
    client: TestClient,
) -> None:
    _, case_id = hand_off(client)  # nobody verified, no record talked about
    csrf = console_login(client, "bob")
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    saved = _saved(client.get(f"/console/cases/{case_id}").text)
    assert (
        saved["hello"] == "Hello [customer.first_name], this is Bob. I'm looking at your case now."
    )
    assert "[record]" in saved["looking"]


def test_saved_replies_are_not_offered_where_the_agent_cannot_reply(client: TestClient) -> None:
    _, case_id = hand_off(client)
    alice = console_login(client, "alice")
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": alice})
    client.post("/console/logout", data={"csrf_token": alice})
    console_login(client, "bob")
    assert 'id="saved-reply"' not in client.get(f"/console/cases/{case_id}").text
