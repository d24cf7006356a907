"""A new booking's slot kinds (``_booking.py``): who flies, the days out and back, the
insurance and the checked bags, each only as the customer says it; the certificate a booking
may be paid with; and the price docs/airline.md shows is the flow's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domain import (
    Asked,
    Case,
    CaseId,
    CustomerId,
    DialogueState,
    Entity,
    Understanding,
    Verification,
)
from deskpilot.domains.airline._booking import (
    FREE_BAGS,
    checked_bags_resolver,
    resolve_departure_date,
    resolve_insurance,
    resolve_return_date,
    resolve_travellers,
)
from deskpilot.domains.airline._payment import resolve_payment_method
from deskpilot.flows import Resolution, SlotContext
from deskpilot.nlu.entities import date_forms
from deskpilot.testing import ConversationCase, ConversationTestRunner, load_cases
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT, slot_context
from .conftest import ADA, AIRLINE_WORKSPACE, CERT, GIFT, build_tiny_airline, passes

CASES = load_cases(Path(__file__).parent / "demo_booking_cases.yaml").cases

ADA_RECORD = build_tiny_airline()["users"][ADA]
ME = {
    "first_name": ADA_RECORD["name"]["first_name"],
    "last_name": ADA_RECORD["name"]["last_name"],
    "dob": ADA_RECORD["dob"],
}
SAVED = ADA_RECORD["saved_passengers"]
VERIFIED = Case(
    id=CaseId("c1"),
    customer_id=CustomerId(ADA),
    verification=Verification(user_id=ADA, method="user_id"),
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# The airline's words for dates (vocabulary.yaml: dates), as its knowledge gives them.
DATES = date_forms(load_workspace(AIRLINE_WORKSPACE).vocabulary.dates)


def _ctx(text: str, *, asked: str | None = None, **fields: Any) -> SlotContext:
    """What a booking's resolver sees: ``text`` with its ISO dates understood as dates, Ada
    verified, the question ``asked`` waiting."""
    dates = tuple(
        Entity("date", m.group(), m.group(), m.start(), m.end()) for m in _ISO.finditer(text)
    )
    dialogue = DialogueState(question=Asked(f"book_reservation:{asked}") if asked else None)
    base: dict[str, Any] = {
        "understanding": Understanding(text=text, entities=dates),
        "case": VERIFIED,
        "user": ADA_RECORD,
        "dialogue": dialogue,
    }
    return slot_context(text, **{**base, **fields})


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_airline_booking_demo_conversation(
    demo_airline: ConversationTestRunner, case: ConversationCase
) -> None:
    passes(demo_airline, case, "demo_booking_cases.yaml")


def test_the_tiny_airline_gives_ada_a_saved_passenger() -> None:
    assert SAVED, "the table below names Ada's saved passenger"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("just me", [ME]),
        ("only myself", [ME]),
        (f"{ME['first_name']} {ME['last_name']}", [ME]),
        (f"me and {SAVED[0]['first_name']} {SAVED[0]['last_name']}", [ME, SAVED[0]]),
        (f"me and {SAVED[0]['first_name']}", [ME, SAVED[0]]),
        ("Tom Baker, born 1988-02-14", [{"first_name": "Tom", "last_name": "Baker",
                                        "dob": "1988-02-14"}]),
        ("me and my friend Tom Baker, born 1988-02-14",
         [ME, {"first_name": "Tom", "last_name": "Baker", "dob": "1988-02-14"}]),
    ],
)  # fmt: skip
def test_travellers_are_the_people_the_customer_names(text: str, who: list[Any]) -> None:
    found = resolve_travellers(_ctx(text, asked="passengers", slots={"date": "2024-05-20"}))
    assert found is not None and found.value == who


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("we are 6 people", "booking_too_many_passengers"),
        ("for seven passengers, me included", "booking_too_many_passengers"),
        ("me and my wife", "booking_passengers_missing"),
        ("just me, for two people", "booking_passengers_missing"),
    ],
)
def test_travellers_are_asked_about_rather_than_guessed(text: str, problem: str) -> None:
    found = resolve_travellers(_ctx(text, asked="passengers"))
    assert found is not None and found.problem == problem and not found.resolved


@pytest.mark.parametrize(
    "text", ["I want to book a flight", "from New York to Seattle on 2024-05-20", "to Atlanta"]
)
def test_travellers_are_not_read_from_words_that_name_nobody(text: str) -> None:
    found = resolve_travellers(_ctx(text, slots={"date": "2024-05-20"}))
    assert found is None or not found.resolved


@pytest.mark.parametrize(
    ("text", "asked", "out", "back"),
    [
        ("leaving 2024-05-20 and coming back 2024-05-25", None, "2024-05-20", "2024-05-25"),
        ("coming back 2024-05-20, leaving 2024-05-25", None, "2024-05-25", "2024-05-20"),
        ("on 2024-05-20", None, "2024-05-20", None),
        ("2024-05-26", "return_date", None, "2024-05-26"),
        ("returning 2024-05-26", None, None, "2024-05-26"),
        ("Tom Baker, born 2024-01-02", "passengers", None, None),
        ("me, dob 1990-01-01, on 2024-05-20", None, "2024-05-20", None),
    ],
)
def test_the_days_out_and_back(text: str, asked: str | None, out: Any, back: Any) -> None:
    def day(found: Resolution | None) -> Any:
        return None if found is None else found.value

    assert day(resolve_departure_date(_ctx(text, asked=asked), dates=DATES)) == out
    assert day(resolve_return_date(_ctx(text, asked=asked), dates=DATES)) == back


@pytest.mark.parametrize(
    ("text", "asked", "value"),
    [
        ("yes, with insurance please", False, "yes"),
        ("I'll take the insurance", False, "yes"),
        ("no insurance", False, "no"),
        ("I don't want insurance", False, "no"),
        ("yes", True, "yes"),
        ("no thanks", True, "no"),
        ("yes", False, None),  # a yes to something else never buys insurance
        ("what does the insurance cover?", True, None),
        ("does the fare include insurance?", False, None),
        ("is there no insurance included?", False, None),
    ],
)
def test_insurance_only_as_the_customer_says_it(text: str, asked: bool, value: Any) -> None:
    found = resolve_insurance(_ctx(text, asked="insurance" if asked else None))
    assert (None if found is None else found.value) == value


@pytest.mark.parametrize(
    ("text", "asked", "value"),
    [("no checked bags", False, 0), ("none", True, 0), ("none", False, None), ("2 bags", False, 2)],
)
def test_checked_bags_in_all(text: str, asked: bool, value: Any) -> None:
    def count(ctx: SlotContext) -> Resolution | None:
        m = re.search(r"\d+", ctx.text)
        return Resolution(value=int(m.group())) if m else None

    found = checked_bags_resolver(count)(_ctx(text, asked="bags" if asked else None))
    assert (None if found is None else found.value) == value


def test_a_booking_may_be_paid_by_a_certificate_whose_remainder_is_said_lost() -> None:
    certificate = ADA_RECORD["payment_methods"][CERT]
    ctx = _ctx(
        "the certificate",
        options={"charge": "total", "certificates": True, "ask": True},
        known={"total": certificate["amount"] - 40},
    )
    found = resolve_payment_method(ctx)
    assert found is not None and found.value == CERT
    assert found.facts["certificate_lost"] == "40.00"


def test_a_booking_always_asks_how_to_pay_even_with_one_method_that_can() -> None:
    gift = ADA_RECORD["payment_methods"][GIFT]
    options = {"charge": "total", "certificates": True, "ask": True}
    # more than the gift card and the certificate hold: only the credit card can pay
    big = max(gift["amount"], ADA_RECORD["payment_methods"][CERT]["amount"]) + 1
    found = resolve_payment_method(_ctx("", options=options, known={"total": big}))
    assert found is not None and not found.resolved and len(found.choices) == 1


def test_the_free_bags_are_the_airlines_table() -> None:
    assert FREE_BAGS == {
        "regular": {"basic_economy": 0, "economy": 1, "business": 2},
        "silver": {"basic_economy": 1, "economy": 2, "business": 3},
        "gold": {"basic_economy": 2, "economy": 3, "business": 3},
    }


def test_airline_docs_show_the_booking_price_the_flow_has() -> None:
    doc = (PROJECT_ROOT / "docs" / "airline.md").read_text()
    section = doc.split("## New bookings", 1)[1]
    block = section.split("```yaml\nvalues:\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("values:\n" + block)["values"]
    flow = next(f for f in load_workspace(AIRLINE_WORKSPACE).flows if f.name == "book_reservation")
    assert shown == flow.values


@pytest.mark.parametrize(
    "text", ["me and Jack", "just me and tom baker", "myself with Carla", "me and someone else"]
)
def test_someone_named_beside_the_customer_but_unknown_is_asked_about(text: str) -> None:
    found = resolve_travellers(_ctx(text, asked="passengers"))
    assert found is not None and found.problem == "booking_passengers_missing"


def test_bags_for_each_passenger_are_counted_for_all_of_them() -> None:
    two = {"passengers": [ME, SAVED[0]]}
    found = checked_bags_resolver(lambda _ctx: None)(_ctx("one bag each", slots=two))
    assert found is not None and found.value == 2


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a customer who introduces themselves is not a passenger for that
        (
            f"Hi, this is {ME['first_name']} {ME['last_name']}. Please book a flight for my friend "
            "Tom Baker, born 1988-02-14",
            [{"first_name": "Tom", "last_name": "Baker", "dob": "1988-02-14"}],
        ),
        ("book a flight for me and Tom Baker, born 1988-02-14",
         [ME, {"first_name": "Tom", "last_name": "Baker", "dob": "1988-02-14"}]),
    ],
)  # fmt: skip
def test_the_customer_flies_only_when_they_say_so(text: str, who: list[Any]) -> None:
    found = resolve_travellers(_ctx(text, slots={"date": "2024-05-20"}))
    assert found is not None and found.value == who


def test_help_me_and_my_wife_does_not_say_who_flies() -> None:
    found = resolve_travellers(_ctx("can you help me and my wife book a flight?"))
    assert found is None or not found.resolved


def test_a_day_said_in_an_earlier_message_is_read_against_the_business_clock() -> None:
    # the slot reads the request's earlier words (the trip type was asked first); the
    # message itself ("one way") holds no date
    ctx = _ctx("one way", known={"clock": {"date": "2024-05-15"}})
    ctx.text = "book a flight from Boston to Miami on May 20. one way."
    found = resolve_departure_date(ctx, dates=DATES)
    assert found is not None and found.value == "2024-05-20"
