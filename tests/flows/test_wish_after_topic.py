"""A wish in the second person after a thing named first asks, as "I want" does there
(docs/understanding.md, "A second-person wish after a named topic", 2026-12-07).

"From the order with two pairs of wireless earbuds, a digital camera and an espresso machine,
you want to return both pairs of earbuds and the camera" read below sure as a whole (the
products named first pull it towards a product question), and "you want" opened no clause
(``requests.asks`` leaves it out on purpose: opening a part, "You want to tidy up your pending
orders" asks nothing yet), so the return was no request of its own: the exchange the same
message asked for took the return's order and items (scripted task 102). After a named topic
and a comma, a wish of ``requests.wishes`` now opens the clause the part is read from.
"""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.nlu._segments import Segmenter
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, conversation_case, run_reference_cases
from .conftest import Chat

SEGMENTER = Segmenter(load_workspace(RETAIL_WORKSPACE).vocabulary.requests)

# (a part, the clause its request is read from, or None)
CLAUSES = [
    (
        "From the order with the earbuds and a camera, you want to return the earbuds",
        "you want to return the earbuds",
    ),
    (
        "For the order with the desk lamp, you'd like the brighter one",
        "you'd like the brighter one",
    ),
    (
        "In the order with the kettle, you would like a glass one",
        "you would like a glass one",
    ),
    # as before: the first person opened the clause already
    ("For the order with the desk lamp, I want the brighter one", "I want the brighter one"),
    # a condition, not a thing named first
    ("If you want to return the lamp, you want a label", None),
    # no thing named before the comma
    ("Sadly, you want to return the lamp", None),
]


@pytest.mark.parametrize(("part", "clause"), CLAUSES)
def test_a_wish_opens_the_clause_after_a_named_topic(part: str, clause: str | None) -> None:
    assert SEGMENTER.clause(part) == clause


# Messages of two requests whose first part reads below sure as a whole (the products named
# first pull it elsewhere): (message, the part, the request it asks)
PARTS = [
    (
        "In the order with a tablet, two cycling helmets, a desk lamp and a coffee maker, you "
        "would like to return the helmets and the lamp. From your other delivered order, you want "
        "to exchange the sneakers for a size 9 pair, still black.",
        "In the order with a tablet, two cycling helmets, a desk lamp and a coffee maker, you "
        "would like to return the helmets and the lamp",
        "return_items",
    ),
    (
        "In the order with a digital camera, two pairs of headphones and an espresso machine, "
        "you'd like to return both pairs of headphones, keeping the camera and the espresso "
        "machine. From another delivered order, you want to exchange the skateboard for a longer "
        "one.",
        "In the order with a digital camera, two pairs of headphones and an espresso machine, "
        "you'd like to return both pairs of headphones, keeping the camera and the espresso "
        "machine",
        "return_items",
    ),
    (
        "In the order with two pairs of wireless earbuds, a digital camera and an espresso "
        "machine, you want to return the camera. You want to cancel your pending order with the "
        "office chair.",
        "In the order with two pairs of wireless earbuds, a digital camera and an espresso "
        "machine, you want to return the camera",
        "return_items",
    ),
]


@pytest.mark.parametrize(("message", "part", "intent"), PARTS)
def test_a_part_asking_by_a_second_person_wish_is_a_request(
    chat: Chat, message: str, part: str, intent: str
) -> None:
    understood = chat.runtime.pipeline.understander.understand(message, None)
    assert (intent, part) in understood.parts, understood.parts


# Scripted task 102 (Noah Sanchez): #W4864669 delivered (two pairs of wireless earbuds, a
# digital camera, an espresso machine), #W7293142 delivered (skateboard, mechanical keyboard).
NOAH = (
    "Your name is Noah Sanchez and your email is noah.sanchez7461@example.com. From the order "
    "with two pairs of wireless earbuds, a digital camera and an espresso machine, you want to "
    "return both pairs of earbuds and the camera, keeping the espresso machine; the refund goes "
    "to your gift card. From another delivered order, you want to exchange the skateboard for a "
    "31 inch one with a plain design (still bamboo) and the mechanical keyboard for an 80% one "
    "with no backlight, still clicky, settling the difference with your gift card."
)


@pytest.fixture(scope="module")
def noah(tmp_path_factory: pytest.TempPathFactory) -> Any:
    case = conversation_case("noah", [NOAH, "yes"], {"actions": [], "escalated": True})
    return run_reference_cases([case], tmp_path_factory.mktemp("wish_after_topic"))["noah"]


def test_the_return_is_proposed_and_the_exchange_keeps_its_own_order(noah: Any) -> None:
    """The return is proposed first, of its own order and items; before, the exchange took
    them and asked what should change on the earbuds. Above the automatic refund limit, its
    yes goes to a person (by policy)."""
    proposal = noah.transcript[1].text
    assert "start a return of" in proposal, proposal
    assert "from order #W4864669" in proposal, proposal
    assert proposal.count("Wireless Earbuds") == 2 and "Digital Camera" in proposal, proposal
    assert "gift card" in proposal, proposal
    assert "Refunds above the automatic limit" in noah.transcript[3].text, noah.transcript
