"""The agent runs the business's actions from forms generated from each action's input schema:
the customer's own records, items and payment methods as choices named in words, a review step
that states the exact effect (nothing runs before it), then the guard as for the automation."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from deskpilot.runtime import Runtime
from tests.console._support import console_login, pending_order_handed_off


def _options(page: str, name: str) -> dict[str, str]:
    """The ``<option>`` values of the select called ``name``, with their labels."""
    at = page.index(f'name="{name}"')
    select = page[at : page.index("</select>", at)]
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    return {html.unescape(v): html.unescape(label) for v, label in found if v}


def _taken(client: TestClient, store_data: dict[str, Any]) -> tuple[str, dict[str, Any], str, str]:
    order_id, order, _email, case_id = pending_order_handed_off(client, store_data)
    csrf = console_login(client, "alice")
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    return order_id, order, case_id, csrf


def test_a_suggested_action_opens_a_form_then_a_review_and_runs_only_when_confirmed(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    order_id, order, case_id, csrf = _taken(client, store_data)
    page = client.get(f"/console/cases/{case_id}").text
    assert "Arguments (JSON)" not in page and 'name="args"' not in page
    link = (
        f"/console/cases/{case_id}/act?action=cancel_pending_order&arg.order_id={quote(order_id)}"
    )
    assert f'href="{html.escape(link)}"' in page
    form = client.get(link).text
    orders = _options(form, "arg.order_id")
    # The order talked about comes first; the reason is one the store accepts, not a fixed one.
    assert next(iter(orders)) == order_id and orders[order_id].startswith(f"{order_id} (pending)")
    assert f'<option value="{order_id}" selected>' in html.unescape(form)
    assert set(_options(form, "arg.reason")) == {"no longer needed", "ordered by mistake"}
    review = client.post(
        f"/console/cases/{case_id}/act",
        data={
            "csrf_token": csrf,
            "action": "cancel_pending_order",
            "arg.order_id": order_id,
            "arg.reason": "ordered by mistake",
        },
    )
    assert review.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", review.text))
    assert "This will cancel pending order for the customer" in text
    assert f"Order {order_id} (pending) — {order['items'][0]['name']}" in text
    assert "Reason ordered by mistake" in text and "The guard allows it now" in text
    # Reviewing changed nothing.
    status = runtime.store.read(lambda data: data["orders"][order_id]["status"])
    assert status == "pending"
    args = html.unescape(re.search(r'name="args" value="([^"]+)"', review.text).group(1))  # type: ignore[union-attr]
    done = client.post(
        f"/console/cases/{case_id}/actions",
        data={"csrf_token": csrf, "action": "cancel_pending_order", "args": args},
    )
    assert "cancel pending order: done." in done.text
    assert runtime.store.read(lambda data: data["orders"][order_id]["status"]) == "cancelled"
    packet = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", done.text))
    assert f"Done: cancel pending order — order: {order_id} (" in packet


def test_an_action_form_names_payment_methods_and_items_in_words(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, case_id, _csrf = _taken(client, store_data)
    user = store_data["users"][order["user_id"]]
    form = client.get(f"/console/cases/{case_id}/act?action=modify_pending_order_payment").text
    methods = _options(form, "arg.payment_method_id")
    assert set(methods) == set(user["payment_methods"])
    for method_id, label in methods.items():
        assert method_id not in label
        if user["payment_methods"][method_id]["source"] == "gift_card":
            assert label.startswith("gift card (balance $"), label
    # Only the order the conversation is about is preselected; the others are listed apart.
    assert f'<option value="{order_id}" selected>' in html.unescape(form)
    assert "Others of this customer" in form


def test_an_action_form_missing_a_needed_field_says_so_and_keeps_what_was_filled(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, _order, case_id, csrf = _taken(client, store_data)
    review = client.post(
        f"/console/cases/{case_id}/act",
        data={"csrf_token": csrf, "action": "cancel_pending_order", "arg.order_id": order_id},
    )
    assert review.status_code == 422
    assert "Reason is needed" in review.text
    assert f'<option value="{order_id}" selected>' in html.unescape(review.text)


def test_an_action_form_needs_its_list_fields_before_the_review(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, _order, case_id, csrf = _taken(client, store_data)
    review = client.post(
        f"/console/cases/{case_id}/act",
        data={
            "csrf_token": csrf,
            "action": "modify_pending_order_items",
            "arg.order_id": order_id,
            "arg.item_ids": "",
            "arg.new_item_ids": "1, 2",
            "arg.payment_method_id": "x",
        },
    )
    assert review.status_code == 422
    assert "Items is needed" in review.text
    assert "Check before you run it" not in review.text
