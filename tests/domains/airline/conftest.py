"""A tiny hand-written airline for the airline tests: few enough records to read every rule.

Ada (gold) holds reservation ABC123: JFK→ATL→SEA on 20 May in economy for two passengers, the
first segment booked at $110 (today's fare is $120), paid $420 by card. She has a card, a $100
gift card and a $150 certificate. Ben holds XYZ789. Flights fly 13-21 May: HAT001 JFK→ATL
(landed on the 14th, cancelled on the 13th, one business seat on the 20th), HAT002 ATL→SEA,
HAT004 JFK→ATL overnight (lands 01:00+1), HAT005 JFK→SEA direct.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deskpilot.actions import ActionOutcome
from deskpilot.domain import ActionStatus
from deskpilot.domains import Tables
from deskpilot.domains._replay import ReplayGuard, ReplaySession
from deskpilot.domains.airline import (
    AirlineConnector,
    AirlineData,
    AirlineStore,
    generate_airline,
)
from deskpilot.settings import Settings
from deskpilot.testing import ConversationCase, ConversationTestRunner
from deskpilot.workspace import load_workspace

from ...conftest import PROJECT_ROOT

AIRLINE_WORKSPACE = PROJECT_ROOT / "examples" / "airline"

ADA, BEN = "ada_lane_1001", "ben_ortiz_2002"
CARD, GIFT, CERT = "credit_card_1000001", "gift_card_1000002", "certificate_1000003"


def _open(seats: tuple[int, int, int], prices: tuple[int, int, int]) -> dict[str, Any]:
    cabins = ("basic_economy", "economy", "business")
    return {
        "status": "available",
        "available_seats": dict(zip(cabins, seats, strict=True)),
        "prices": dict(zip(cabins, prices, strict=True)),
    }


def _flight(
    number: str, origin: str, destination: str, times: tuple[str, str], dates: dict[str, Any]
) -> dict[str, Any]:
    return {
        "flight_number": number,
        "origin": origin,
        "destination": destination,
        "scheduled_departure_time_est": times[0],
        "scheduled_arrival_time_est": times[1],
        "dates": dates,
    }


def _person(first: str, last: str, dob: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "dob": dob}


def build_tiny_airline() -> AirlineData:
    """A fresh copy of the tiny airline."""
    landed = {
        "status": "landed",
        "actual_departure_time_est": "2024-05-14T06:05:00",
        "actual_arrival_time_est": "2024-05-14T08:20:00",
    }
    flights = {
        "HAT001": _flight(
            "HAT001",
            "JFK",
            "ATL",
            ("06:00:00", "08:30:00"),
            {
                "2024-05-13": {"status": "cancelled"},
                "2024-05-14": landed,
                "2024-05-20": _open((5, 4, 1), (60, 120, 300)),
                "2024-05-21": _open((5, 4, 4), (70, 130, 310)),
            },
        ),
        "HAT002": _flight(
            "HAT002",
            "ATL",
            "SEA",
            ("10:00:00", "13:00:00"),
            {
                "2024-05-20": _open((5, 5, 5), (50, 100, 250)),
                "2024-05-21": _open((5, 5, 5), (45, 90, 240)),
            },
        ),
        "HAT004": _flight(
            "HAT004",
            "JFK",
            "ATL",
            ("22:00:00", "01:00:00+1"),
            {"2024-05-20": _open((5, 5, 5), (55, 105, 205))},
        ),
        "HAT005": _flight(
            "HAT005",
            "JFK",
            "SEA",
            ("07:00:00", "13:00:00"),
            {"2024-05-20": _open((9, 9, 9), (80, 160, 400))},
        ),
    }
    reservations = {
        "ABC123": {
            "reservation_id": "ABC123",
            "user_id": ADA,
            "origin": "JFK",
            "destination": "SEA",
            "flight_type": "one_way",
            "cabin": "economy",
            "flights": [
                {
                    "origin": "JFK",
                    "destination": "ATL",
                    "flight_number": "HAT001",
                    "date": "2024-05-20",
                    "price": 110,
                },
                {
                    "origin": "ATL",
                    "destination": "SEA",
                    "flight_number": "HAT002",
                    "date": "2024-05-20",
                    "price": 100,
                },
            ],
            "passengers": [
                _person("Ada", "Lane", "1980-02-03"),
                _person("Sam", "Lane", "2010-07-08"),
            ],
            "payment_history": [{"payment_id": CARD, "amount": 420}],
            "created_at": "2024-05-10T09:00:00",
            "total_baggages": 1,
            "nonfree_baggages": 0,
            "insurance": "no",
        },
        "XYZ789": {
            "reservation_id": "XYZ789",
            "user_id": BEN,
            "origin": "JFK",
            "destination": "SEA",
            "flight_type": "one_way",
            "cabin": "business",
            "flights": [
                {
                    "origin": "JFK",
                    "destination": "SEA",
                    "flight_number": "HAT005",
                    "date": "2024-05-20",
                    "price": 400,
                },
            ],
            "passengers": [_person("Ben", "Ortiz", "1975-11-12")],
            "payment_history": [{"payment_id": "credit_card_2000001", "amount": 400}],
            "created_at": "2024-05-11T10:00:00",
            "total_baggages": 0,
            "nonfree_baggages": 0,
            "insurance": "no",
        },
    }
    address = {
        "address1": "1 Lake Road",
        "address2": "",
        "city": "Madison",
        "country": "USA",
        "state": "WI",
        "zip": "53703",
    }
    users = {
        ADA: {
            "name": {"first_name": "Ada", "last_name": "Lane"},
            "address": address,
            "email": "ada.lane@example.com",
            "dob": "1980-02-03",
            "payment_methods": {
                CARD: {"source": "credit_card", "brand": "visa", "last_four": "4242", "id": CARD},
                GIFT: {"source": "gift_card", "amount": 100, "id": GIFT},
                CERT: {"source": "certificate", "amount": 150, "id": CERT},
            },
            "saved_passengers": [_person("Sam", "Lane", "2010-07-08")],
            "membership": "gold",
            "reservations": ["ABC123"],
        },
        BEN: {
            "name": {"first_name": "Ben", "last_name": "Ortiz"},
            "address": address,
            "email": "ben.ortiz@example.com",
            "dob": "1975-11-12",
            "payment_methods": {
                "credit_card_2000001": {
                    "source": "credit_card",
                    "brand": "mastercard",
                    "last_four": "1111",
                    "id": "credit_card_2000001",
                }
            },
            "saved_passengers": [],
            "membership": "regular",
            "reservations": ["XYZ789"],
        },
    }
    return {"users": users, "flights": flights, "reservations": reservations}


@dataclass
class Desk:
    """Ada's case, verified, over the tiny airline: every call goes through the guard."""

    store: AirlineStore
    session: ReplaySession
    _calls: Iterator[int]

    def run(self, action: str, *, nonce: str | None = None, **kwargs: Any) -> ActionOutcome:
        """Run ``action`` (a write confirmed with exactly these arguments)."""
        key = nonce if nonce is not None else f"test-{next(self._calls)}"
        return self.session.run(action, kwargs, key)

    def ok(self, action: str, **kwargs: Any) -> Any:
        """Run ``action``, which must succeed, and return its result."""
        outcome = self.run(action, **kwargs)
        assert outcome.status is ActionStatus.SUCCEEDED, outcome
        return outcome.result

    def refused(self, action: str, **kwargs: Any) -> ActionOutcome:
        """Run ``action``, which must be refused having changed nothing."""
        before, version = self.store.snapshot(), self.store.version
        outcome = self.run(action, **kwargs)
        assert outcome.status is ActionStatus.REFUSED, outcome
        assert self.store.version == version
        assert self.store.changes_since(before) == {}
        return outcome

    def record(self, table: str, key: str) -> Any:
        """The current record ``key`` of ``table``."""
        return self.store.read(lambda data: data[table][key])


@pytest.fixture
def airline_store() -> AirlineStore:
    """An in-memory store over the tiny airline."""
    return AirlineStore.in_memory(build_tiny_airline())


@pytest.fixture
def desk(airline_store: AirlineStore) -> Iterator[Desk]:
    """Ada, verified, at the airline's actions through the guard."""
    guard = ReplayGuard()
    try:
        yield Desk(
            airline_store, guard.session(AirlineConnector(airline_store), ADA), iter(range(10**6))
        )
    finally:
        guard.close()


@contextmanager
def airline_runner(data_dir: Path, data: Tables) -> Iterator[ConversationTestRunner]:
    """The airline workspace's conversations over ``data`` (each case on a pristine copy)."""
    settings = Settings(data_dir=data_dir, workspace=AIRLINE_WORKSPACE)
    with ConversationTestRunner(settings, load_workspace(AIRLINE_WORKSPACE), data) as built:
        yield built


@pytest.fixture(scope="session")
def demo_airline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationTestRunner]:
    """The airline workspace over the demo airline as generated, built once per session."""
    with airline_runner(tmp_path_factory.mktemp("demo_airline"), generate_airline()) as built:
        yield built


def passes(runner: ConversationTestRunner, case: ConversationCase, file: str) -> None:
    """Run ``case`` (from ``file``) and fail with its failures and transcript."""
    result = runner.run_case(case, file)
    assert result.passed, (result.failures, [line.text for line in result.transcript])
