"""The airline's ``payment_method`` slot kind: the customer's own credit card or gift card that
pays a change, never a certificate, a gift card only when it holds the amount; asked about
when more than one can pay and none is named."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.domain import Case, CaseId, CustomerId, Verification
from deskpilot.domains.airline._payment import resolve_payment_method
from deskpilot.flows import Resolution

from ...conftest import slot_context
from .conftest import ADA, CARD, GIFT, build_tiny_airline

ADA_RECORD = build_tiny_airline()["users"][ADA]
VERIFIED = Verification(user_id=ADA, method="user_id")


def _read(text: str, charge: float | None, user: dict[str, Any]) -> Resolution | None:
    ctx = slot_context(
        text=text,
        case=Case(id=CaseId("c1"), customer_id=CustomerId(ADA), verification=VERIFIED),
        options={"charge": "fee"},
        user=user,
        kind="payment_method",
        known={} if charge is None else {"fee": charge},
    )
    return resolve_payment_method(ctx)


def _resolve(text: str, charge: float | None = 50, user: dict[str, Any] = ADA_RECORD) -> Resolution:
    found = _read(text, charge, user)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("put it on my visa", CARD),
        ("the card ending 4242", CARD),
        ("use the gift card please", GIFT),
        ("gift_card_1000002", GIFT),
        ("the gift card ending 0002", GIFT),
    ],
)
def test_the_method_the_customer_names_pays(text: str, method: str) -> None:
    found = _resolve(text)
    assert found.value == method
    assert found.grounds and found.grounds[0].source == "said"


def test_a_certificate_never_pays_and_the_methods_that_can_are_listed() -> None:
    found = _resolve("use my travel certificate")
    assert found.value is None and found.problem == "payment_not_certificate"
    assert found.choices == ("Visa credit card ending 4242", "gift card ending 0002 ($100.00 left)")


def test_a_gift_card_short_of_the_amount_is_turned_down() -> None:
    found = _resolve("use the gift card", charge=150)
    assert found.value is None and found.problem == "gift_card_short"
    assert found.facts == {"named": "gift card ending 0002 ($100.00 left)", "charge": "150.00"}
    assert found.choices == ("Visa credit card ending 4242",)


def test_nothing_named_asks_among_those_that_can_pay_or_takes_the_only_one() -> None:
    assert _resolve("yes").choices == (
        "Visa credit card ending 4242",
        "gift card ending 0002 ($100.00 left)",
    )
    only = _resolve("yes", charge=150)  # the gift card cannot pay it
    assert only.value == CARD and only.grounds[0].source == "record"


def test_nothing_is_chosen_for_a_customer_who_named_nothing_while_the_amount_is_unknown() -> None:
    assert _read("yes", None, ADA_RECORD) is None  # a yes to a question is no choice
    assert _resolve("my visa", charge=None).value == CARD


def test_two_methods_named_alike_are_asked_about_with_the_amount() -> None:
    two_cards = {
        **ADA_RECORD,
        "payment_methods": {
            CARD: ADA_RECORD["payment_methods"][CARD],
            "credit_card_1000009": {
                "source": "credit_card",
                "brand": "visa",
                "last_four": "9999",
                "id": "credit_card_1000009",
            },
        },
    }
    found = _resolve("my visa", user=two_cards)
    assert found.value is None and found.problem == "ask_payment_method"
    assert found.choices == ("Visa credit card ending 4242", "Visa credit card ending 9999")
    assert found.facts == {"charge": "50.00"}
