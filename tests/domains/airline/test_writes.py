"""The airline's writes through the guard, on the tiny airline (conftest.py): what each refuses,
in the reference's words, and what each changes."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ADA, CARD, CERT, GIFT, Desk

ADA_ONLY = [{"first_name": "Ada", "last_name": "Lane", "dob": "1980-02-03"}]
TWO = [*ADA_ONLY, {"first_name": "Sam", "last_name": "Lane", "dob": "2010-07-08"}]


def _booking(**changes: Any) -> dict[str, Any]:
    """Ada books HAT001 then HAT002 on 20 May in economy: $120 + $100, paid by card."""
    booking: dict[str, Any] = {
        "user_id": ADA,
        "origin": "JFK",
        "destination": "SEA",
        "flight_type": "one_way",
        "cabin": "economy",
        "flights": [
            {"flight_number": "HAT001", "date": "2024-05-20"},
            {"flight_number": "HAT002", "date": "2024-05-20"},
        ],
        "passengers": ADA_ONLY,
        "payment_methods": [{"payment_id": CARD, "amount": 220}],
        "total_baggages": 0,
        "nonfree_baggages": 0,
        "insurance": "no",
    }
    return {**booking, **changes}


def _segments(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"flight_number": number, "date": date} for number, date in pairs]


BOOKING_REFUSALS = [
    pytest.param(_booking(user_id="nobody_0000"), "not_found", "user not found", id="user"),
    pytest.param(
        _booking(flights=_segments(("HAT999", "2024-05-20"))),
        "flight_not_found",
        "flight HAT999 not found",
        id="flight",
    ),
    pytest.param(
        _booking(flights=_segments(("HAT001", "2024-06-01"))),
        "flight_not_found",
        "flight HAT001 not found on date 2024-06-01",
        id="date",
    ),
    pytest.param(
        _booking(flights=_segments(("HAT001", "2024-05-14"))),
        "flight_not_available",
        "flight HAT001 not available on date 2024-05-14",
        id="landed",
    ),
    pytest.param(
        _booking(flights=_segments(("HAT001", "2024-05-13"))),
        "flight_not_available",
        "flight HAT001 not available on date 2024-05-13",
        id="cancelled",
    ),
    pytest.param(
        _booking(cabin="business", passengers=TWO),
        "not_enough_seats",
        "not enough seats on flight HAT001",
        id="seats",
    ),
    pytest.param(
        _booking(payment_methods=[{"payment_id": "credit_card_9", "amount": 220}]),
        "payment_method_not_found",
        "payment method credit_card_9 not found",
        id="payment",
    ),
    pytest.param(
        _booking(
            payment_methods=[
                {"payment_id": GIFT, "amount": 120},
                {"payment_id": CARD, "amount": 100},
            ]
        ),
        "not_enough_balance",
        f"not enough balance in payment method {GIFT}",
        id="gift-card",
    ),
    pytest.param(
        _booking(
            payment_methods=[
                {"payment_id": CERT, "amount": 200},
                {"payment_id": CARD, "amount": 20},
            ]
        ),
        "not_enough_balance",
        f"not enough balance in payment method {CERT}",
        id="certificate",
    ),
    pytest.param(
        _booking(insurance="yes", nonfree_baggages=1),
        "payment_mismatch",
        "payment amount does not add up, total price is 300, but paid 220",
        id="sum",
    ),
    pytest.param(
        _booking(payment_methods=[{"payment_id": CARD, "amount": 220.5}]),
        "payment_mismatch",
        "payment amount does not add up, total price is 220, but paid 220.5",
        id="sum-float",
    ),
]


@pytest.mark.parametrize(("kwargs", "code", "reason"), BOOKING_REFUSALS)
def test_book_reservation_refuses_in_the_references_words(
    desk: Desk, kwargs: dict[str, Any], code: str, reason: str
) -> None:
    outcome = desk.refused("book_reservation", **kwargs)
    assert (outcome.refusal_code, outcome.refusal_reason) == (code, reason)


def test_book_reservation_stores_the_segments_and_pays_down_gift_card_and_certificate(
    desk: Desk,
) -> None:
    # 120 + 100 fares, $30 insurance, one $50 bag: 300 = certificate 150 + gift 100 + card 50.
    payments = [
        {"payment_id": CERT, "amount": 150},
        {"payment_id": GIFT, "amount": 100},
        {"payment_id": CARD, "amount": 50},
    ]
    booked = desk.ok(
        "book_reservation",
        **_booking(insurance="yes", nonfree_baggages=1, total_baggages=2, payment_methods=payments),
    )
    assert booked["reservation_id"] == "HATHAT"
    assert booked["created_at"] == "2024-05-15T15:00:00"
    assert booked["flights"] == [
        {
            "flight_number": "HAT001",
            "date": "2024-05-20",
            "price": 120,
            "origin": "JFK",
            "destination": "ATL",
        },
        {
            "flight_number": "HAT002",
            "date": "2024-05-20",
            "price": 100,
            "origin": "ATL",
            "destination": "SEA",
        },
    ]
    assert booked["payment_history"] == payments
    assert "status" not in booked
    assert desk.record("reservations", "HATHAT") == booked
    ada = desk.record("users", ADA)
    assert ada["reservations"] == ["ABC123", "HATHAT"]
    assert ada["payment_methods"][GIFT]["amount"] == 0
    assert CERT not in ada["payment_methods"]
    # Seat counts never move.
    assert (
        desk.record("flights", "HAT001")["dates"]["2024-05-20"]["available_seats"]["economy"] == 4
    )


def test_book_reservation_spends_a_certificate_whole_however_little_is_used(desk: Desk) -> None:
    payments = [{"payment_id": CERT, "amount": 20}, {"payment_id": CARD, "amount": 200}]
    desk.ok("book_reservation", **_booking(payment_methods=payments))
    assert CERT not in desk.record("users", ADA)["payment_methods"]


def test_book_reservation_ids_are_hathat_hathau_hathav_then_hathav_again(desk: Desk) -> None:
    ids = [desk.ok("book_reservation", **_booking())["reservation_id"] for _ in range(4)]
    assert ids == ["HATHAT", "HATHAU", "HATHAV", "HATHAV"]
    assert desk.record("users", ADA)["reservations"][1:] == ids


def test_cancel_reservation_reverses_every_payment_and_keeps_balances(desk: Desk) -> None:
    cancelled = desk.ok("cancel_reservation", reservation_id="ABC123")
    assert cancelled["status"] == "cancelled"
    assert cancelled["payment_history"] == [
        {"payment_id": CARD, "amount": 420},
        {"payment_id": CARD, "amount": -420},
    ]
    again = desk.ok("cancel_reservation", reservation_id="ABC123")
    assert [p["amount"] for p in again["payment_history"]] == [420, -420, -420, 420]
    assert desk.record("users", ADA)["payment_methods"][GIFT]["amount"] == 100


def test_cancel_reservation_refuses_an_unknown_reservation(desk: Desk) -> None:
    outcome = desk.refused("cancel_reservation", reservation_id="NOPE00")
    assert (outcome.refusal_code, outcome.refusal_reason) == ("not_found", "reservation not found")


def test_a_write_on_another_customers_reservation_is_refused_by_the_guard(desk: Desk) -> None:
    assert desk.refused("cancel_reservation", reservation_id="XYZ789").refusal_code == "not_owner"


def test_a_write_retried_with_its_key_runs_once(desk: Desk) -> None:
    first = desk.run("cancel_reservation", reservation_id="ABC123", nonce="once")
    second = desk.run("cancel_reservation", reservation_id="ABC123", nonce="once")
    assert second.replayed and not first.replayed
    assert len(desk.record("reservations", "ABC123")["payment_history"]) == 2


FLIGHT_REFUSALS = [
    pytest.param(
        {"cabin": "economy", "payment_id": CERT},
        "certificate_not_allowed",
        "certificate cannot be used to update reservation",
        id="certificate",
    ),
    pytest.param(
        {"cabin": "economy", "payment_id": "gift_card_9"},
        "payment_method_not_found",
        "payment method not found",
        id="payment",
    ),
    pytest.param(
        # business on HAT001 alone, on the 21st: (310 - 110 - 100) x 2 = 200 > the card's 100
        {"cabin": "business", "payment_id": GIFT, "flights": _segments(("HAT001", "2024-05-21"))},
        "not_enough_balance",
        "gift card balance is not enough",
        id="gift-card",
    ),
    pytest.param(
        {"cabin": "business", "payment_id": CARD},
        "not_enough_seats",
        "not enough seats on flight HAT001",
        id="seats",
    ),
    pytest.param(
        {"cabin": "economy", "payment_id": CARD, "flights": _segments(("HAT001", "2024-05-14"))},
        "flight_not_available",
        "flight HAT001 not available on date 2024-05-14",
        id="landed",
    ),
    pytest.param(
        {"reservation_id": "NOPE00", "cabin": "economy", "payment_id": CARD},
        "not_found",
        "reservation not found",
        id="reservation",
    ),
]


@pytest.mark.parametrize(("changes", "code", "reason"), FLIGHT_REFUSALS)
def test_update_reservation_flights_refuses_in_the_references_words(
    desk: Desk, changes: dict[str, Any], code: str, reason: str
) -> None:
    kwargs = {
        "reservation_id": "ABC123",
        "flights": _segments(("HAT001", "2024-05-20"), ("HAT002", "2024-05-20")),
        **changes,
    }
    outcome = desk.refused("update_reservation_flights", **kwargs)
    assert (outcome.refusal_code, outcome.refusal_reason) == (code, reason)


def test_update_reservation_flights_keeps_a_kept_segments_fare_and_refunds_to_the_gift_card(
    desk: Desk,
) -> None:
    # HAT001 kept at its booked $110 (today $120); HAT002 moves to the 21st at $90 instead of
    # $100: (110 + 90 - 110 - 100) x 2 passengers = -20, refunded to the gift card.
    flights = _segments(("HAT001", "2024-05-20"), ("HAT002", "2024-05-21"))
    updated = desk.ok(
        "update_reservation_flights",
        reservation_id="ABC123",
        cabin="economy",
        flights=flights,
        payment_id=GIFT,
    )
    assert [s["price"] for s in updated["flights"]] == [110, 90]
    assert updated["flights"][1]["date"] == "2024-05-21"
    assert updated["payment_history"][-1] == {"payment_id": GIFT, "amount": -20}
    assert desk.record("users", ADA)["payment_methods"][GIFT]["amount"] == 120


def test_update_reservation_flights_prices_a_cabin_change_but_leaves_the_cabin_field(
    desk: Desk,
) -> None:
    # Down to basic economy on the same flights: (60 + 50 - 110 - 100) x 2 = -200.
    flights = _segments(("HAT001", "2024-05-20"), ("HAT002", "2024-05-20"))
    updated = desk.ok(
        "update_reservation_flights",
        reservation_id="ABC123",
        cabin="basic_economy",
        flights=flights,
        payment_id=CARD,
    )
    assert [s["price"] for s in updated["flights"]] == [60, 50]
    assert updated["cabin"] == "economy"
    assert updated["payment_history"][-1] == {"payment_id": CARD, "amount": -200}


def test_update_reservation_flights_without_a_difference_adds_no_payment(desk: Desk) -> None:
    flights = _segments(("HAT001", "2024-05-20"), ("HAT002", "2024-05-20"))
    updated = desk.ok(
        "update_reservation_flights",
        reservation_id="ABC123",
        cabin="economy",
        flights=flights,
        payment_id=CARD,
    )
    assert len(updated["payment_history"]) == 1


BAG_REFUSALS = [
    pytest.param(
        {"nonfree_baggages": 1, "payment_id": CERT},
        "certificate_not_allowed",
        "certificate cannot be used to update reservation",
        id="certificate",
    ),
    pytest.param(
        {"nonfree_baggages": 3, "payment_id": GIFT},
        "not_enough_balance",
        "gift card balance is not enough",
        id="gift-card",
    ),
    pytest.param(
        {"nonfree_baggages": 1, "payment_id": "credit_card_9"},
        "payment_method_not_found",
        "payment method not found",
        id="payment",
    ),
]


@pytest.mark.parametrize(("changes", "code", "reason"), BAG_REFUSALS)
def test_update_reservation_baggages_refuses_in_the_references_words(
    desk: Desk, changes: dict[str, Any], code: str, reason: str
) -> None:
    kwargs = {"reservation_id": "ABC123", "total_baggages": 4, **changes}
    outcome = desk.refused("update_reservation_baggages", **kwargs)
    assert (outcome.refusal_code, outcome.refusal_reason) == (code, reason)


def test_update_reservation_baggages_charges_fifty_per_added_nonfree_bag(desk: Desk) -> None:
    updated = desk.ok(
        "update_reservation_baggages",
        reservation_id="ABC123",
        total_baggages=3,
        nonfree_baggages=2,
        payment_id=GIFT,
    )
    assert (updated["total_baggages"], updated["nonfree_baggages"]) == (3, 2)
    assert updated["payment_history"][-1] == {"payment_id": GIFT, "amount": 100}
    assert desk.record("users", ADA)["payment_methods"][GIFT]["amount"] == 0
    fewer = desk.ok(
        "update_reservation_baggages",
        reservation_id="ABC123",
        total_baggages=1,
        nonfree_baggages=0,
        payment_id=CARD,
    )
    assert (fewer["total_baggages"], fewer["nonfree_baggages"]) == (1, 0)
    assert len(fewer["payment_history"]) == 2  # a decrease refunds nothing


def test_update_reservation_passengers_refuses_another_number_of_passengers(desk: Desk) -> None:
    outcome = desk.refused(
        "update_reservation_passengers", reservation_id="ABC123", passengers=ADA_ONLY
    )
    assert (outcome.refusal_code, outcome.refusal_reason) == (
        "passenger_count_mismatch",
        "number of passengers does not match",
    )


def test_update_reservation_passengers_replaces_names_and_dates_of_birth(desk: Desk) -> None:
    renamed = [ADA_ONLY[0], {"first_name": "Samuel", "last_name": "Lane", "dob": "2010-07-09"}]
    updated = desk.ok("update_reservation_passengers", reservation_id="ABC123", passengers=renamed)
    assert updated["passengers"] == renamed
    assert desk.record("reservations", "ABC123")["payment_history"] == [
        {"payment_id": CARD, "amount": 420}
    ]


def test_send_certificate_uses_the_three_certificate_ids_then_adds_nothing(desk: Desk) -> None:
    answers = [desk.ok("send_certificate", user_id=ADA, amount=50 * n) for n in (1, 2, 3)]
    assert answers == [
        f"Certificate certificate_3221322 added to user {ADA} with amount 50.",
        f"Certificate certificate_3221323 added to user {ADA} with amount 100.",
        f"Certificate certificate_3221324 added to user {ADA} with amount 150.",
    ]
    methods = desk.record("users", ADA)["payment_methods"]
    assert methods["certificate_3221323"] == {
        "source": "certificate",
        "amount": 100,
        "id": "certificate_3221323",
    }
    assert desk.ok("send_certificate", user_id=ADA, amount=75) is None
    assert desk.record("users", ADA)["payment_methods"] == methods


def test_send_certificate_refuses_an_unknown_user(desk: Desk) -> None:
    outcome = desk.refused("send_certificate", user_id="nobody_0000", amount=50)
    assert (outcome.refusal_code, outcome.refusal_reason) == ("not_found", "user not found")
