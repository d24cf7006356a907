"""``AirlineConnector``: the airline's 11 operations behind the ``Connector`` protocol, and three
reads of our own the flows need (``find_user_by_id``, ``get_flight_details``,
``get_flight_calendar``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from deskpilot.actions._spec import ActionSpec, Refusal, SideEffect
from deskpilot.domains._connector import OwnerFinder, RecordsConnector
from deskpilot.errors import ConnectorError

from . import _models as m
from ._common import get_reservation, get_user, money
from ._reads import READS
from ._state import AirlineData, AirlineStore
from ._writes import WRITES, check_update_reservation_flights

Owner = Literal["user", "reservation", "none", "identifies"]


@dataclass(frozen=True)
class _Operation:
    name: str
    description: str
    input_model: type[BaseModel]
    owner: Owner

    @property
    def side_effect(self) -> SideEffect:
        return SideEffect.WRITE if self.name in WRITES else SideEffect.READ


_OPERATIONS: tuple[_Operation, ...] = (
    _Operation(
        "find_user_by_id",
        "Identify the customer by the user id they give: the id, if the airline has it.",
        m.FindUserByIdArgs,
        "identifies",
    ),
    _Operation(
        "get_flight_details",
        "Read a flight's schedule and its status on each day.",
        m.GetFlightDetailsArgs,
        "none",
    ),
    _Operation(
        "get_user_details",
        "Read the customer's profile: name, address, membership, saved passengers, payment "
        "methods (gift card and certificate amounts) and reservation ids.",
        m.GetUserDetailsArgs,
        "user",
    ),
    _Operation(
        "get_flight_calendar",
        "The first and last day flights are scheduled, and the weekday of a date.",
        m.GetFlightCalendarArgs,
        "none",
    ),
    _Operation(
        "get_reservation_details",
        "Read a reservation: trip, cabin, segments with fares, passengers, bags, insurance, "
        "payment history and whether it is cancelled.",
        m.GetReservationDetailsArgs,
        "reservation",
    ),
    _Operation(
        "list_all_airports",
        "List every airport the airline serves: IATA code to city.",
        m.ListAllAirportsArgs,
        "none",
    ),
    _Operation(
        "search_direct_flight",
        "Search the direct flights open for booking on a route on a day, with seats left and "
        "fares per cabin.",
        m.SearchFlightArgs,
        "none",
    ),
    _Operation(
        "search_onestop_flight",
        "Search the connections with one stop open for booking from an airport to another, "
        "leaving on a day.",
        m.SearchFlightArgs,
        "none",
    ),
    _Operation(
        "book_reservation",
        "Book a reservation: segments, cabin, passengers, bags, insurance, paid with the "
        "customer's saved methods whose amounts add up to the price.",
        m.BookReservationArgs,
        "user",
    ),
    _Operation(
        "cancel_reservation",
        "Cancel a whole reservation; every payment is refunded to where it came from.",
        m.CancelReservationArgs,
        "reservation",
    ),
    _Operation(
        "update_reservation_flights",
        "Change a reservation's segments or cabin; the fare difference is paid or refunded "
        "with a gift card or credit card.",
        m.UpdateReservationFlightsArgs,
        "reservation",
    ),
    _Operation(
        "update_reservation_baggages",
        "Set a reservation's checked bags; each added non-free bag costs $50.",
        m.UpdateReservationBaggagesArgs,
        "reservation",
    ),
    _Operation(
        "update_reservation_passengers",
        "Correct the passengers' names and dates of birth (their number stays the same).",
        m.UpdateReservationPassengersArgs,
        "reservation",
    ),
    _Operation(
        "send_certificate",
        "Give the customer a travel certificate worth an amount, as a compensation.",
        m.SendCertificateArgs,
        "user",
    ),
)


class AirlineConnector(RecordsConnector[_Operation]):
    """The airline as a ``Connector``: specs, ownership, precondition checks and execution.

    It never decides whether an operation *may* run for this customer (the guard does, and the
    airline's policy is the flows'), only whether the airline's system accepts it
    (``Refusal``) and what it changes.
    """

    business = "the airline"

    def __init__(self, store: AirlineStore | None, name: str = "airline") -> None:
        super().__init__(_OPERATIONS, READS, WRITES)
        self.name = name
        self.store = store
        self._specs = tuple(
            ActionSpec(
                name=op.name,
                description=op.description,
                side_effect=op.side_effect,
                input_model=op.input_model,
                connector=name,
                public=op.owner == "none",
                identifies=op.owner == "identifies",
            )
            for op in _OPERATIONS
        )

    def specs(self) -> Sequence[ActionSpec]:
        """The 11 airline operations and the three reads of our own."""
        return self._specs

    def impact(self, action: str, args: BaseModel) -> dict[str, float]:
        """Money figures of a write for policy rules: ``refund_amount`` (what a cancellation,
        or a change of flights or cabin, gives back), ``charge_amount`` (what a change costs)
        and ``compensation_amount`` (a certificate's value)."""
        if isinstance(args, m.SendCertificateArgs):
            return {"compensation_amount": money(args.amount)}
        if isinstance(args, m.UpdateReservationFlightsArgs):
            return self._store().read(lambda data: _change_impact(data, args))
        if not isinstance(args, m.CancelReservationArgs):
            return {}
        reservation = self._store().read(lambda data: data["reservations"].get(args.reservation_id))
        if reservation is None:
            return {}
        paid = sum(entry["amount"] for entry in reservation["payment_history"])
        return {"refund_amount": money(paid)}

    def _store(self) -> AirlineStore:
        if self.store is None:
            raise ConnectorError("the airline connector was built without its records")
        return self.store

    def _owner_finder(self, op: _Operation) -> OwnerFinder:
        return _OWNER_FINDERS[op.owner]


def _change_impact(data: AirlineData, args: m.UpdateReservationFlightsArgs) -> dict[str, float]:
    # The difference the system would settle; a change it refuses has none (the write says why).
    try:
        difference = check_update_reservation_flights(data, args).difference
    except Refusal:
        return {}
    if difference > 0:
        return {"charge_amount": money(difference)}
    return {"refund_amount": money(-difference)} if difference < 0 else {}


def _user_owner(data: AirlineData, args: Any) -> str:
    get_user(data, args.user_id)
    return str(args.user_id)


def _reservation_owner(data: AirlineData, args: Any) -> str:
    # A read that misses says "user not found", a write "reservation not found" (reference).
    missing = (
        "user not found"
        if isinstance(args, m.GetReservationDetailsArgs)
        else "reservation not found"
    )
    return str(get_reservation(data, args.reservation_id, missing=missing)["user_id"])


def _no_owner(data: AirlineData, args: Any) -> None:
    return None


_OWNER_FINDERS: dict[Owner, Callable[[AirlineData, Any], str | None]] = {
    "user": _user_owner,
    "reservation": _reservation_owner,
    "none": _no_owner,
    "identifies": _no_owner,
}
