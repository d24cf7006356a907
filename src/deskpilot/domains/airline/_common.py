"""What the airline's operations share: refusal codes, lookups, seat and fare checks, money.

Refusal reasons are the reference system's error texts without their ``Error:`` prefix
(``flight HAT001 not found on date 2024-05-31``), quirks included: replay compares them word for
word, and a flow phrases its own reply from the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from deskpilot.actions._spec import Refusal

from ._models import FlightDate
from ._state import AirlineData, Record

# The airports the airline serves, code to city, as the reference lists them.
AIRPORTS: dict[str, str] = {
    "ATL": "Atlanta",
    "BOS": "Boston",
    "CLT": "Charlotte",
    "DEN": "Denver",
    "DFW": "Dallas",
    "DTW": "Detroit",
    "EWR": "Newark",
    "IAH": "Houston",
    "JFK": "New York",
    "LAS": "Las Vegas",
    "LAX": "Los Angeles",
    "LGA": "LaGuardia",
    "MCO": "Orlando",
    "MIA": "Miami",
    "MSP": "Minneapolis",
    "ORD": "Chicago",
    "PHL": "Philadelphia",
    "PHX": "Phoenix",
    "SEA": "Seattle",
    "SFO": "San Francisco",
}

AVAILABLE = "available"
CANCELLED = "cancelled"
CERTIFICATE = "certificate"
# The record kind of a reservation, as the flow engine reads it (``DomainKnowledge.records``).
RESERVATION = "reservation"
GIFT_CARD = "gift_card"
INSURANCE_FEE = 30
BAG_FEE = 50
# The id a new booking takes: the first of these not yet used (a fourth booking in one run
# overwrites the last, as in the reference).
BOOKING_IDS: tuple[str, ...] = ("HATHAT", "HATHAU", "HATHAV")
CERTIFICATE_IDS: tuple[str, ...] = (
    "certificate_3221322",
    "certificate_3221323",
    "certificate_3221324",
)
# The reference's clock: every booking is made at this moment.
BOOKED_AT = "2024-05-15T15:00:00"


class RefusalCode(StrEnum):
    """The stable codes of the airline's refusals (``Refusal.code``)."""

    NOT_FOUND = "not_found"
    FLIGHT_NOT_FOUND = "flight_not_found"
    FLIGHT_NOT_AVAILABLE = "flight_not_available"
    NOT_ENOUGH_SEATS = "not_enough_seats"
    PAYMENT_METHOD_NOT_FOUND = "payment_method_not_found"
    NOT_ENOUGH_BALANCE = "not_enough_balance"
    PAYMENT_MISMATCH = "payment_mismatch"
    CERTIFICATE_NOT_ALLOWED = "certificate_not_allowed"
    PASSENGER_COUNT_MISMATCH = "passenger_count_mismatch"


def money(amount: float) -> float:
    """An amount rounded to the cent (the reference leaves float noise in balances)."""
    return round(amount + 0.0, 2)


def get_user(data: AirlineData, user_id: str) -> Record:
    """The customer's record, or a ``not_found`` refusal."""
    user = data["users"].get(user_id)
    if user is None:
        raise Refusal(RefusalCode.NOT_FOUND, "user not found")
    return user


def get_reservation(data: AirlineData, reservation_id: str, *, missing: str) -> Record:
    """The reservation's record, or a ``not_found`` refusal saying ``missing`` (the reference
    says "user not found" when a read misses a reservation, "reservation not found" when a
    write does)."""
    reservation = data["reservations"].get(reservation_id)
    if reservation is None:
        raise Refusal(RefusalCode.NOT_FOUND, missing)
    return reservation


def is_gift_card(method: Record) -> bool:
    """Whether a payment method is a gift card (its ``amount`` is a balance that goes down)."""
    return method.get("source") == GIFT_CARD


def is_certificate(method: Record) -> bool:
    """Whether a payment method is a travel certificate (spent whole, at most once)."""
    return method.get("source") == CERTIFICATE


@dataclass(frozen=True)
class Segment:
    """A segment as it will be stored: the flight, its day, the fare per passenger, the route."""

    flight_number: str
    date: str
    price: Any
    origin: str
    destination: str

    def as_record(self) -> Record:
        """The segment in the reservation's JSON shape."""
        return {
            "flight_number": self.flight_number,
            "date": self.date,
            "price": self.price,
            "origin": self.origin,
            "destination": self.destination,
        }


def bookable_segment(data: AirlineData, wanted: FlightDate, cabin: str, travellers: int) -> Segment:
    """``wanted`` at today's fare in ``cabin``, if the flight flies that day, is open for
    booking and has a seat in the cabin for each traveller; a refusal otherwise."""
    number, date = wanted.flight_number, wanted.date
    flight = data["flights"].get(number)
    if flight is None:
        raise Refusal(RefusalCode.FLIGHT_NOT_FOUND, f"flight {number} not found")
    day = flight["dates"].get(date)
    if day is None:
        raise Refusal(RefusalCode.FLIGHT_NOT_FOUND, f"flight {number} not found on date {date}")
    if day["status"] != AVAILABLE:
        raise Refusal(
            RefusalCode.FLIGHT_NOT_AVAILABLE, f"flight {number} not available on date {date}"
        )
    if day["available_seats"][cabin] < travellers:
        raise Refusal(RefusalCode.NOT_ENOUGH_SEATS, f"not enough seats on flight {number}")
    return Segment(number, date, day["prices"][cabin], flight["origin"], flight["destination"])


def payment_method(user: Record, payment_id: str, *, named: bool) -> Record:
    """One of the customer's saved payment methods, or a refusal (naming the id when
    ``named``, as the booking's does and the updates' does not)."""
    method: Record | None = user["payment_methods"].get(payment_id)
    if method is None:
        reason = f"payment method {payment_id} not found" if named else "payment method not found"
        raise Refusal(RefusalCode.PAYMENT_METHOD_NOT_FOUND, reason)
    return method


def update_payment(user: Record, payment_id: str, charge: float) -> Record:
    """The method that pays (or is refunded) a change to a reservation: a gift card with the
    balance for ``charge``, or a credit card; never a certificate."""
    method = payment_method(user, payment_id, named=False)
    if is_certificate(method):
        raise Refusal(
            RefusalCode.CERTIFICATE_NOT_ALLOWED, "certificate cannot be used to update reservation"
        )
    if is_gift_card(method) and method["amount"] < charge:
        raise Refusal(RefusalCode.NOT_ENOUGH_BALANCE, "gift card balance is not enough")
    return method


def with_method_amount(user: Record, payment_id: str, delta: float) -> Record:
    """A copy of ``user`` whose payment method ``payment_id`` holds ``delta`` more."""
    method = user["payment_methods"][payment_id]
    updated = {**method, "amount": money(method["amount"] + delta)}
    return {**user, "payment_methods": {**user["payment_methods"], payment_id: updated}}


def without_method(user: Record, payment_id: str) -> Record:
    """A copy of ``user`` without payment method ``payment_id``."""
    methods = {k: v for k, v in user["payment_methods"].items() if k != payment_id}
    return {**user, "payment_methods": methods}


def fare_total(segments: Sequence[Segment], travellers: int) -> Any:
    """What the segments cost for every traveller (the numbers' own type: ints stay ints)."""
    return sum((segment.price for segment in segments), 0) * travellers
