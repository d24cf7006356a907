"""A small deterministic demo airline: a few customers, flights and reservations.

Enough to serve the pack without the reference data (``make run``, the tests): flights between
a handful of the airline's airports every day of May 2024, landed before the 15th and open for
booking from the 16th, and reservations whose amounts paid add up as the reference's do.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ._common import BAG_FEE, INSURANCE_FEE
from ._state import AirlineData, Record

_ROUTES: tuple[tuple[str, str, str, str], ...] = (
    # origin, destination, departure, arrival (EST; "+1" lands the next day)
    ("JFK", "ATL", "06:00:00", "08:30:00"),
    ("ATL", "JFK", "09:30:00", "12:00:00"),
    ("ATL", "SEA", "10:00:00", "15:30:00"),
    ("SEA", "ATL", "16:30:00", "00:30:00+1"),
    ("JFK", "SEA", "07:00:00", "13:00:00"),
    ("SEA", "JFK", "14:00:00", "22:00:00"),
    ("BOS", "ORD", "08:00:00", "10:30:00"),
    ("ORD", "BOS", "11:30:00", "14:00:00"),
    ("ORD", "LAX", "12:00:00", "16:30:00"),
    ("LAX", "ORD", "17:30:00", "23:30:00"),
)
_CABINS = ("basic_economy", "economy", "business")
_FIRST = ("Mia", "Omar", "Ava", "Noah", "Lena", "Ravi")
_LAST = ("Li", "Davis", "Moreau", "Khan", "Silva", "Okafor")
_TIERS = ("regular", "silver", "gold")
_DAYS = tuple(f"2024-05-{day:02d}" for day in range(1, 31))
_TODAY = "2024-05-15"


def generate_airline(seed: int = 7, users: int = 6, reservations: int = 10) -> AirlineData:
    """A demo airline; the same seed gives the same records."""
    rng = random.Random(seed)
    flights = {
        f"HAT{n:03d}": _flight(rng, f"HAT{n:03d}", *route) for n, route in enumerate(_ROUTES, 1)
    }
    people = [_user(rng, n) for n in range(users)]
    table: dict[str, Record] = {}
    for n in range(reservations):
        user = people[n % len(people)]
        reservation = _reservation(rng, f"DEMO{n:02d}", user, flights)
        table[reservation["reservation_id"]] = reservation
        user["reservations"].append(reservation["reservation_id"])
    return {
        "users": {user["user_id"]: _without_id(user) for user in people},
        "flights": flights,
        "reservations": table,
    }


def _flight(
    rng: random.Random, number: str, origin: str, destination: str, leaves: str, lands: str
) -> Record:
    dates: dict[str, Record] = {}
    for day in _DAYS:
        arrival = _arrival(day, lands)
        if day < _TODAY:
            dates[day] = {
                "status": "landed",
                "actual_departure_time_est": f"{day}T{leaves}",
                "actual_arrival_time_est": arrival,
            }
        elif day == _TODAY:
            dates[day] = {
                "status": "on time",
                "estimated_departure_time_est": f"{day}T{leaves}",
                "estimated_arrival_time_est": arrival,
            }
        else:
            dates[day] = {
                "status": "available",
                "available_seats": {cabin: rng.randint(0, 20) for cabin in _CABINS},
                "prices": {
                    "basic_economy": rng.randint(50, 100),
                    "economy": rng.randint(100, 200),
                    "business": rng.randint(200, 500),
                },
            }
    return {
        "flight_number": number,
        "origin": origin,
        "destination": destination,
        "scheduled_departure_time_est": leaves,
        "scheduled_arrival_time_est": lands,
        "dates": dates,
    }


def _arrival(day: str, lands: str) -> str:
    """When a flight leaving on ``day`` lands, as a date and time (``+1``: the next day)."""
    when = date.fromisoformat(day) + timedelta(days=1 if lands.endswith("+1") else 0)
    return f"{when.isoformat()}T{lands.removesuffix('+1')}"


def _user(rng: random.Random, n: int) -> Record:
    first, last = _FIRST[n % len(_FIRST)], _LAST[(n * 5 + 1) % len(_LAST)]
    number = rng.randint(1000, 9999)
    user_id = f"{first.lower()}_{last.lower()}_{number}"
    dob = f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    card = f"credit_card_{rng.randint(1000000, 9999999)}"
    gift = f"gift_card_{rng.randint(1000000, 9999999)}"
    return {
        "user_id": user_id,
        "name": {"first_name": first, "last_name": last},
        "address": {
            "address1": f"{rng.randint(1, 999)} Main Street",
            "address2": "",
            "city": "Austin",
            "country": "USA",
            "state": "TX",
            "zip": f"{rng.randint(10000, 99999)}",
        },
        "email": f"{first.lower()}.{last.lower()}{number}@example.com",
        "dob": dob,
        "payment_methods": {
            card: {"source": "credit_card", "brand": "visa", "last_four": f"{number}", "id": card},
            gift: {"source": "gift_card", "amount": rng.randint(0, 300), "id": gift},
        },
        "saved_passengers": [],
        "membership": _TIERS[n % len(_TIERS)],
        "reservations": [],
    }


def _reservation(
    rng: random.Random, reservation_id: str, user: Record, flights: dict[str, Record]
) -> Record:
    outbound = rng.choice([f for f in flights.values() if f["origin"] == "JFK"])
    day = rng.choice([d for d in _DAYS if d > _TODAY])
    cabin = rng.choice(_CABINS)
    segments = [outbound]
    back = [f for f in flights.values() if f["origin"] == outbound["destination"]]
    round_trip = rng.random() < 0.5 and any(f["destination"] == "JFK" for f in back)
    if round_trip:
        segments.append(next(f for f in back if f["destination"] == "JFK"))
    travellers = [
        {
            "first_name": user["name"]["first_name"],
            "last_name": user["name"]["last_name"],
            "dob": user["dob"],
        }
    ]
    legs = [
        {
            "flight_number": f["flight_number"],
            "date": day,
            "price": f["dates"][day]["prices"][cabin],
            "origin": f["origin"],
            "destination": f["destination"],
        }
        for f in segments
    ]
    insurance = rng.choice(("yes", "no"))
    nonfree = rng.randint(0, 1)
    total = sum(leg["price"] for leg in legs) * len(travellers) + BAG_FEE * nonfree
    total += INSURANCE_FEE * len(travellers) if insurance == "yes" else 0
    card = next(k for k, m in user["payment_methods"].items() if m["source"] == "credit_card")
    return {
        "reservation_id": reservation_id,
        "user_id": user["user_id"],
        "origin": "JFK",
        "destination": outbound["destination"],
        "flight_type": "round_trip" if round_trip else "one_way",
        "cabin": cabin,
        "flights": legs,
        "passengers": travellers,
        "payment_history": [{"payment_id": card, "amount": total}],
        "created_at": f"2024-05-{rng.randint(1, 14):02d}T{rng.randint(0, 23):02d}:00:00",
        "total_baggages": nonfree + rng.randint(0, 1),
        "nonfree_baggages": nonfree,
        "insurance": insurance,
    }


def _without_id(user: Record) -> dict[str, Any]:
    # The reference's user records carry no id of their own: the table's key is the id.
    return {key: value for key, value in user.items() if key != "user_id"}
