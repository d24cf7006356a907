"""The input model of each airline operation; their JSON schemas are the operations' contracts.

Identifiers are plain strings: an unknown id is a lookup that finds nothing, which the airline
refuses (``not_found``), not a malformed call. Names of cabins, trip types and the insurance
answer are closed sets, as the reference system's are.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Cabin = Literal["basic_economy", "economy", "business"]
FlightType = Literal["one_way", "round_trip"]
# Amounts keep the number type they were given (250 stays 250): the reference's texts and
# payment history show them as given.
Amount = int | float


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _user_id() -> Any:
    return Field(min_length=1, description="The customer's user id, e.g. 'mia_li_3668'.")


def _reservation_id() -> Any:
    return Field(min_length=1, description="The reservation's 6-character id, e.g. '4WQ150'.")


def _airport(role: str) -> Any:
    return Field(min_length=3, max_length=3, description=f"IATA code of the {role}, e.g. 'JFK'.")


def _date() -> Any:
    return Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$", description="The day of departure, e.g. '2024-05-20'."
    )


class FlightDate(_Args):
    """One segment to fly: a flight number on a day."""

    flight_number: str = Field(min_length=1, description="The flight number, e.g. 'HAT136'.")
    date: str = _date()


class Passenger(_Args):
    """A traveller, as written on the reservation."""

    first_name: str = Field(min_length=1, description="First name.")
    last_name: str = Field(min_length=1, description="Last name.")
    dob: str = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date of birth, e.g. '1990-04-05'."
    )


class Payment(_Args):
    """An amount paid with one of the customer's saved payment methods."""

    payment_id: str = Field(
        min_length=1, description="A payment method id from the profile, e.g. 'gift_card_7219'."
    )
    amount: Amount = Field(ge=0, description="Dollars paid with it.")


class GetUserDetailsArgs(_Args):
    """Read a customer's profile: name, address, membership, payment methods, reservations."""

    user_id: str = _user_id()


class GetReservationDetailsArgs(_Args):
    """Read a reservation: segments, passengers, cabin, bags, insurance, payments."""

    reservation_id: str = _reservation_id()


class FindUserByIdArgs(_Args):
    """Find the customer who gives a user id: the id, if the airline has such a customer."""

    user_id: str = _user_id()


class GetFlightDetailsArgs(_Args):
    """Read a flight's schedule and its status on each day (public information)."""

    flight_number: str = Field(min_length=1, description="The flight number, e.g. 'HAT136'.")


class GetFlightCalendarArgs(_Args):
    """The days the airline has flights scheduled, and the weekday of one date."""

    date: str = _date()


class ListAllAirportsArgs(_Args):
    """List every airport the airline serves, code to city."""


class SearchFlightArgs(_Args):
    """Search the flights bookable on a route on a day."""

    origin: str = _airport("departure airport")
    destination: str = _airport("arrival airport")
    date: str = _date()


class BookReservationArgs(_Args):
    """Book a new reservation for the customer, paid with methods from their profile."""

    user_id: str = _user_id()
    origin: str = _airport("trip's origin")
    destination: str = _airport("trip's destination (for a round trip, where it turns around)")
    flight_type: FlightType = Field(description="'one_way' or 'round_trip'.")
    cabin: Cabin = Field(description="'basic_economy', 'economy' or 'business', for every segment.")
    flights: list[FlightDate] = Field(min_length=1, description="Every segment, in order.")
    passengers: list[Passenger] = Field(min_length=1, description="Everyone who flies.")
    payment_methods: list[Payment] = Field(
        min_length=1, description="The payments, which must add up to the total price."
    )
    total_baggages: int = Field(ge=0, description="Checked bags in all.")
    nonfree_baggages: int = Field(ge=0, description="Checked bags charged $50 each.")
    insurance: Literal["yes", "no"] = Field(description="Travel insurance, $30 per passenger.")


class CancelReservationArgs(_Args):
    """Cancel a whole reservation; every payment is refunded to where it came from."""

    reservation_id: str = _reservation_id()


class UpdateReservationFlightsArgs(_Args):
    """Replace a reservation's segments (or fly the same ones in another cabin)."""

    reservation_id: str = _reservation_id()
    cabin: Cabin = Field(description="The cabin the segments are priced in.")
    flights: list[FlightDate] = Field(
        min_length=1,
        description="The complete new list of segments, the ones kept included.",
    )
    payment_id: str = Field(
        min_length=1,
        description="A gift card or credit card from the profile that pays or receives the "
        "difference (never a certificate).",
    )


class UpdateReservationBaggagesArgs(_Args):
    """Set a reservation's checked bags; each further non-free bag costs $50."""

    reservation_id: str = _reservation_id()
    total_baggages: int = Field(ge=0, description="Checked bags in all, after the change.")
    nonfree_baggages: int = Field(ge=0, description="Bags charged, after the change.")
    payment_id: str = Field(
        min_length=1, description="A gift card or credit card from the profile that pays the fee."
    )


class UpdateReservationPassengersArgs(_Args):
    """Correct the passengers' names and dates of birth; their number cannot change."""

    reservation_id: str = _reservation_id()
    passengers: list[Passenger] = Field(
        min_length=1, description="Every passenger, in the reservation's order."
    )


class SendCertificateArgs(_Args):
    """Give the customer a travel certificate (a compensation) worth ``amount`` dollars."""

    user_id: str = _user_id()
    amount: Amount = Field(gt=0, description="The certificate's value in dollars.")
