"""How a long message's request is read among who the customer is and how politely they ask:
"My email address is …" says who they are, never an address to change; "I was wondering
whether …" asks indirectly, and reads as the message's likely request."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from deskpilot.domain import IntentScore
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)
MESSAGE = (
    "Good morning. I was wondering whether it would be at all possible to have the grill in "
    "my pending order come with a rotisserie instead of no extras? Everything else about it "
    "can stay exactly as it is. {who}, and I would be grateful if any extra cost could go on "
    "my gift card."
)


def _address_pulls(text: str) -> Sequence[IntentScore]:
    """The classifier as it reads such messages: the word "address" pulls towards an address
    change; the indirect question alone is an item change between the bands."""
    if "address" in text.lower():
        return [IntentScore("modify_order_address", 0.5), IntentScore("modify_order_items", 0.2)]
    if text.lower().startswith("i was wondering"):
        return [IntentScore("modify_order_items", 0.56), IntentScore("order_status", 0.14)]
    return [IntentScore("for_the_team", 0.2), IntentScore("product_info", 0.15)]


def _understander() -> NluUnderstander:
    return NluUnderstander(
        _address_pulls,
        requests=WORKSPACE.vocabulary.requests,
        identity_cues=WORKSPACE.vocabulary.identity.cues,
        identity_links=WORKSPACE.vocabulary.identity.links,
    )


@pytest.mark.parametrize(
    "who",
    [
        "My email address is ethan.sanchez3299@example.com",
        "My e-mail address: ethan.sanchez3299@example.com",
        "Email address ethan.sanchez3299@example.com",
    ],
)
def test_an_email_address_said_is_no_address_to_change(who: str) -> None:
    u = _understander().understand(MESSAGE.format(who=who), None)
    assert all(i.name != "modify_order_address" for i in u.intents), u.intents
    assert all(name != "modify_order_address" for name, _ in u.parts), u.parts


def test_an_address_asked_for_is_still_read() -> None:
    u = _understander().understand("Please change my shipping address, it is wrong.", None)
    assert u.intents[0].name == "modify_order_address"


def test_a_request_asked_indirectly_is_the_likely_request() -> None:
    u = _understander().understand(MESSAGE.format(who="It's me, Ethan"), None)
    assert [name for name, _ in u.likely] == ["modify_order_items"], u.likely
    assert u.likely[0][1].startswith("I was wondering whether"), u.likely


def _surer_without_cues(text: str) -> Sequence[IntentScore]:
    """A brief of several requests that reads as nothing sure, and as an item change between
    the bands once who the customer is is left out."""
    if "name is" in text.lower() or "email is" in text.lower():
        return [IntentScore("for_the_team", 0.28), IntentScore("modify_order_items", 0.27)]
    return [IntentScore("modify_order_items", 0.36), IntentScore("for_the_team", 0.28)]


def test_leaving_who_the_customer_is_out_never_makes_a_reading_surer() -> None:
    understander = NluUnderstander(
        _surer_without_cues,
        requests=WORKSPACE.vocabulary.requests,
        identity_cues=WORKSPACE.vocabulary.identity.cues,
        identity_links=WORKSPACE.vocabulary.identity.links,
    )
    u = understander.understand(
        "Your name is Mia Jackson and your email is mia.jackson5798@example.com. You ordered "
        "a desk lamp by mistake and want that order cancelled. Your pending order should ship "
        "to Indianapolis, and its grill should be a charcoal one.",
        None,
    )
    assert u.intents[0] == IntentScore("for_the_team", 0.28), u.intents
