"""A message typed without full stops or capitals is cut into its requests where one opens
(a verb that leads one, a wish, a question, the record it is about) when the trained
classifier reads both halves better than the whole; never inside an address, and not where a
verb is bound to the words before it ("i'd like to return", "please don't change")."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskpilot.pipeline import BuildContext

from ..conftest import RetailParts


@pytest.fixture(scope="module")
def understander(retail: RetailParts) -> Any:
    """The store workspace's understander, as every runtime of the tests gets it."""
    name = retail.workspace.config.pipeline.understand
    return retail.registry.understand.build(name, BuildContext(retail.workspace))


def _requests(understander: Any, text: str) -> list[str]:
    """The requests the message's parts are read as, in order, each once."""
    named: list[str] = []
    for name, _ in understander.understand(text, None).parts:
        if name and name not in named:
            named.append(name)
    return named


@pytest.mark.parametrize(
    ("text", "requests"),
    [
        # a wish after a complete request
        (
            "cancel order #W1234567 i dont need it anymore i want to return the lamp from "
            "#W7654321",
            ["cancel_order", "return_items"],
        ),
        # a new verb of request after a complete one
        (
            "cancel order #W1234567 return the desk lamp from order #W7654321",
            ["cancel_order", "return_items"],
        ),
        # a question after a request
        (
            "i want to exchange my skateboard for a shorter bamboo one what are the options",
            ["exchange_items", "product_info"],
        ),
        # a request of another kind after an address that holds a verb
        (
            "ship order #W1234567 to 45 Exchange Street Austin TX 78701 i want to cancel "
            "order #W7654321",
            ["modify_order_address", "cancel_order"],
        ),
    ],
)
def test_unpunctuated_message_is_cut_into_its_requests(
    understander: Any, text: str, requests: list[str]
) -> None:
    assert _requests(understander, text) == requests


@pytest.mark.parametrize(
    ("text", "requests"),
    [
        # two requests of one kind
        (
            "for #W1234567 exchange the keyboard for the full size one same otherwise and for "
            "#W7654321 exchange the kettle for a green one",
            ["exchange_items", "exchange_items"],
        ),
        # the record goes with the request after it, not with the one before
        (
            "cancel #W1234567 i no longer need it how much will i get back and for #W7654321 "
            "im moving before it arrives ship it to 12 Elm St Springfield IL 62701",
            ["cancel_order", "modify_order_address"],
        ),
    ],
)
def test_a_request_opening_at_its_record_is_cut_there(
    understander: Any, text: str, requests: list[str]
) -> None:
    parts = understander.understand(text, None).parts
    assert [name for name, _ in parts] == requests, parts
    assert parts[1][1].startswith("and for #W7654321"), parts


@pytest.mark.parametrize(
    "text",
    [
        # the address stays whole, with its zip, in the request it belongs to
        "ship order #W1234567 to 45 Exchange Street Austin TX 78701 i want to cancel order "
        "#W7654321",
    ],
)
def test_no_cut_inside_an_address(understander: Any, text: str) -> None:
    pieces = [piece for _, piece in understander.understand(text, None).parts]
    assert any("45 Exchange Street Austin TX 78701" in piece for piece in pieces), pieces


@pytest.mark.parametrize(
    "text",
    [
        # a verb bound to the words before it: one request each (controls: no cut before)
        "i would like to return the lamp from my last order it flickers",
        "i dont want to cancel the order just return the lamp from it",
        "please dont change anything on my order i only wanted to know where it is",
        # a noun after an article, a request after a correction's "no"
        "i want to return both items and get a full refund to my paypal please",
        "so i want to return no exchange the backpack from my last order",
        # with its sentence ends, a message is cut at them only
        "Cancel order #W1234567, I don't need it. Thanks a lot for the help with it",
    ],
)
def test_no_cut_where_no_request_opens(understander: Any, text: str) -> None:
    assert len(_requests(understander, text)) <= 1, understander.understand(text, None).parts


# Single requests read surely on their own; the first of a pair asks no question (a question
# run on into another is not cut: its words of asking are its own).
_STATEMENTS = {
    "cancel_order": "cancel order #W1234567 i ordered it by mistake",
    "return_items": "i want to return the desk lamp from order #W7654321 refund to paypal",
    "exchange_items": "exchange the bluetooth speaker i received for a blue one",
    "modify_order_address": "ship my pending order #W3456789 to my new address in Dallas",
}
_ANY = {**_STATEMENTS, "product_info": "what colours does the office chair come in"}


@settings(max_examples=20, deadline=None)
@given(
    first=st.sampled_from(sorted(_STATEMENTS)),
    second=st.sampled_from(sorted(_ANY)),
)
def test_two_requests_run_together_are_both_read(
    retail: RetailParts, first: str, second: str
) -> None:
    # Removing the full stop between two single-request messages still yields both requests.
    if first == second:
        return
    name = retail.workspace.config.pipeline.understand
    understander = retail.registry.understand.build(name, BuildContext(retail.workspace))
    named = _requests(understander, f"{_STATEMENTS[first]} {_ANY[second]}")
    assert named == [first, second]
