"""The airline's write operations, each a pure precondition check and a pure apply step.

``check_<operation>`` raises ``Refusal`` when the airline's system says no and otherwise returns
what it worked out; ``apply_<operation>`` runs that check and returns a ``Change`` (whole new
records) without touching the tables, so a refused operation changes nothing.

They do what the reference system does, no more: the airline's policy (who may cancel, the
free bag allowance, basic economy) is the flows' and the guard's business, and the reference's
oddities are kept (a cabin change leaves the ``cabin`` field as it was; a cancellation restores
no balance and may be repeated; seat counts never move).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deskpilot.actions._spec import Refusal

from ._common import (
    BAG_FEE,
    BOOKED_AT,
    BOOKING_IDS,
    CANCELLED,
    CERTIFICATE,
    CERTIFICATE_IDS,
    INSURANCE_FEE,
    RefusalCode,
    Segment,
    bookable_segment,
    get_reservation,
    get_user,
    is_certificate,
    is_gift_card,
    payment_method,
    update_payment,
    with_method_amount,
    without_method,
)
from ._models import (
    BookReservationArgs,
    CancelReservationArgs,
    SendCertificateArgs,
    UpdateReservationBaggagesArgs,
    UpdateReservationFlightsArgs,
    UpdateReservationPassengersArgs,
)
from ._state import AirlineData, Change, Record

_MISSING = "reservation not found"


@dataclass(frozen=True)
class WriteOperation:
    """A write's two halves: the check alone, and the apply step that checks then plans."""

    check: Callable[[AirlineData, Any], object]
    apply: Callable[[AirlineData, Any], Change]


@dataclass(frozen=True)
class _Booking:
    user: Record
    segments: list[Segment]


@dataclass(frozen=True)
class _FlightChange:
    reservation: Record
    user: Record
    segments: list[Segment]
    difference: Any


@dataclass(frozen=True)
class _BagChange:
    reservation: Record
    user: Record
    fee: int


def check_book_reservation(data: AirlineData, args: BookReservationArgs) -> _Booking:
    """Every segment bookable for every passenger, every payment method the customer's own
    and holding enough, and the payments adding up to the price."""
    user = get_user(data, args.user_id)
    travellers = len(args.passengers)
    segments = [bookable_segment(data, f, args.cabin, travellers) for f in args.flights]
    total: Any = 0
    for segment in segments:
        total += segment.price * travellers
    if args.insurance == "yes":
        total += INSURANCE_FEE * travellers
    total += BAG_FEE * args.nonfree_baggages
    for payment in args.payment_methods:
        method = payment_method(user, payment.payment_id, named=True)
        if (is_gift_card(method) or is_certificate(method)) and method["amount"] < payment.amount:
            raise Refusal(
                RefusalCode.NOT_ENOUGH_BALANCE,
                f"not enough balance in payment method {payment.payment_id}",
            )
    paid = sum(payment.amount for payment in args.payment_methods)
    if paid != total:
        raise Refusal(
            RefusalCode.PAYMENT_MISMATCH,
            f"payment amount does not add up, total price is {total}, but paid {paid}",
        )
    return _Booking(user, segments)


def apply_book_reservation(data: AirlineData, args: BookReservationArgs) -> Change:
    """A new reservation under the first free booking id; gift cards pay down, certificates
    used are spent whole, and the id joins the customer's reservations."""
    booking = check_book_reservation(data, args)
    reservation_id = next(
        (rid for rid in BOOKING_IDS if rid not in data["reservations"]), BOOKING_IDS[-1]
    )
    payments = [payment.model_dump(mode="json") for payment in args.payment_methods]
    reservation = {
        "reservation_id": reservation_id,
        "user_id": args.user_id,
        "origin": args.origin,
        "destination": args.destination,
        "flight_type": args.flight_type,
        "cabin": args.cabin,
        "flights": [segment.as_record() for segment in booking.segments],
        "passengers": [passenger.model_dump(mode="json") for passenger in args.passengers],
        "payment_history": payments,
        "created_at": BOOKED_AT,
        "total_baggages": args.total_baggages,
        "nonfree_baggages": args.nonfree_baggages,
        "insurance": args.insurance,
    }
    user = booking.user
    for payment in args.payment_methods:
        method = user["payment_methods"].get(payment.payment_id)
        if method is not None and is_gift_card(method):
            user = with_method_amount(user, payment.payment_id, -payment.amount)
        elif method is not None and is_certificate(method):
            user = without_method(user, payment.payment_id)
    user = {**user, "reservations": [*user["reservations"], reservation_id]}
    return Change(
        {"reservations": {reservation_id: reservation}, "users": {args.user_id: user}},
        reservation,
    )


def check_cancel_reservation(data: AirlineData, args: CancelReservationArgs) -> Record:
    """An existing reservation (the system itself checks nothing more)."""
    return get_reservation(data, args.reservation_id, missing=_MISSING)


def apply_cancel_reservation(data: AirlineData, args: CancelReservationArgs) -> Change:
    """Mark the reservation cancelled and reverse every payment in its history (the refund
    lives in the history only: no balance comes back, no seat is freed)."""
    reservation = check_cancel_reservation(data, args)
    history = reservation["payment_history"]
    reversals = [{"payment_id": p["payment_id"], "amount": -p["amount"]} for p in history]
    cancelled = {**reservation, "payment_history": [*history, *reversals], "status": CANCELLED}
    return Change({"reservations": {args.reservation_id: cancelled}}, cancelled)


def check_update_reservation_flights(
    data: AirlineData, args: UpdateReservationFlightsArgs
) -> _FlightChange:
    """Each new segment bookable for every passenger (a segment kept in the same cabin keeps
    its fare unchecked), and a payment method that can settle the difference."""
    reservation = get_reservation(data, args.reservation_id, missing=_MISSING)
    travellers = len(reservation["passengers"])
    segments: list[Segment] = []
    new_total: Any = 0
    for wanted in args.flights:
        kept = _kept_segment(reservation, wanted.flight_number, wanted.date, args.cabin)
        segment = kept or bookable_segment(data, wanted, args.cabin, travellers)
        segments.append(segment)
        new_total += segment.price * travellers
    old_total = sum(s["price"] for s in reservation["flights"]) * travellers
    difference = new_total - old_total
    user = get_user(data, reservation["user_id"])
    update_payment(user, args.payment_id, difference)
    return _FlightChange(reservation, user, segments, difference)


def apply_update_reservation_flights(
    data: AirlineData, args: UpdateReservationFlightsArgs
) -> Change:
    """Replace the segments and settle the difference with the payment method (a gift card's
    balance moves; a refund is a negative entry). The ``cabin`` field stays as it was, as the
    reference leaves it."""
    change = check_update_reservation_flights(data, args)
    reservation, difference = change.reservation, change.difference
    history = list(reservation["payment_history"])
    if difference != 0:
        history.append({"payment_id": args.payment_id, "amount": difference})
    updated = {
        **reservation,
        "flights": [segment.as_record() for segment in change.segments],
        "payment_history": history,
    }
    return _with_payer(args.reservation_id, updated, change.user, args.payment_id, difference)


def check_update_reservation_baggages(
    data: AirlineData, args: UpdateReservationBaggagesArgs
) -> _BagChange:
    """A payment method that can pay $50 for each added non-free bag."""
    reservation = get_reservation(data, args.reservation_id, missing=_MISSING)
    fee = BAG_FEE * max(0, args.nonfree_baggages - reservation["nonfree_baggages"])
    user = get_user(data, reservation["user_id"])
    update_payment(user, args.payment_id, fee)
    return _BagChange(reservation, user, fee)


def apply_update_reservation_baggages(
    data: AirlineData, args: UpdateReservationBaggagesArgs
) -> Change:
    """Set both bag counts as given (a decrease refunds nothing) and charge the fee."""
    change = check_update_reservation_baggages(data, args)
    reservation = change.reservation
    history = list(reservation["payment_history"])
    if change.fee != 0:
        history.append({"payment_id": args.payment_id, "amount": change.fee})
    updated = {
        **reservation,
        "total_baggages": args.total_baggages,
        "nonfree_baggages": args.nonfree_baggages,
        "payment_history": history,
    }
    return _with_payer(args.reservation_id, updated, change.user, args.payment_id, change.fee)


def check_update_reservation_passengers(
    data: AirlineData, args: UpdateReservationPassengersArgs
) -> Record:
    """As many passengers as the reservation has."""
    reservation = get_reservation(data, args.reservation_id, missing=_MISSING)
    if len(args.passengers) != len(reservation["passengers"]):
        raise Refusal(RefusalCode.PASSENGER_COUNT_MISMATCH, "number of passengers does not match")
    return reservation


def apply_update_reservation_passengers(
    data: AirlineData, args: UpdateReservationPassengersArgs
) -> Change:
    """Replace the passengers' names and dates of birth; no charge."""
    reservation = check_update_reservation_passengers(data, args)
    passengers = [passenger.model_dump(mode="json") for passenger in args.passengers]
    updated = {**reservation, "passengers": passengers}
    return Change({"reservations": {args.reservation_id: updated}}, updated)


def check_send_certificate(data: AirlineData, args: SendCertificateArgs) -> Record:
    """An existing customer."""
    return get_user(data, args.user_id)


def apply_send_certificate(data: AirlineData, args: SendCertificateArgs) -> Change:
    """Add a certificate under the first unused of the three certificate ids; when the
    customer holds all three, nothing is added and nothing is answered (as the reference)."""
    user = check_send_certificate(data, args)
    free = next((cid for cid in CERTIFICATE_IDS if cid not in user["payment_methods"]), None)
    if free is None:
        return Change({}, None)
    certificate = {"source": CERTIFICATE, "amount": args.amount, "id": free}
    updated = {**user, "payment_methods": {**user["payment_methods"], free: certificate}}
    message = f"Certificate {free} added to user {args.user_id} with amount {args.amount}."
    return Change({"users": {args.user_id: updated}}, message)


WRITES: dict[str, WriteOperation] = {
    "book_reservation": WriteOperation(check_book_reservation, apply_book_reservation),
    "cancel_reservation": WriteOperation(check_cancel_reservation, apply_cancel_reservation),
    "update_reservation_flights": WriteOperation(
        check_update_reservation_flights, apply_update_reservation_flights
    ),
    "update_reservation_baggages": WriteOperation(
        check_update_reservation_baggages, apply_update_reservation_baggages
    ),
    "update_reservation_passengers": WriteOperation(
        check_update_reservation_passengers, apply_update_reservation_passengers
    ),
    "send_certificate": WriteOperation(check_send_certificate, apply_send_certificate),
}


def _kept_segment(reservation: Record, number: str, date: str, cabin: str) -> Segment | None:
    # A segment already booked keeps its fare only when the cabin does not change.
    if cabin != reservation["cabin"]:
        return None
    for segment in reservation["flights"]:
        if segment["flight_number"] == number and segment["date"] == date:
            return Segment(
                number, date, segment["price"], segment["origin"], segment["destination"]
            )
    return None


def _with_payer(
    reservation_id: str, reservation: Record, user: Record, payment_id: str, charge: Any
) -> Change:
    # Only a gift card's balance is kept by the airline; a credit card is charged outside it.
    records: dict[str, dict[str, Record]] = {"reservations": {reservation_id: reservation}}
    if is_gift_card(user["payment_methods"][payment_id]) and charge != 0:
        updated_user = with_method_amount(user, payment_id, -charge)
        records["users"] = {str(reservation["user_id"]): updated_user}
    return Change(records, reservation)
