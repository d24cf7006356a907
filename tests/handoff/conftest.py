"""Shared fixtures for the hand-off tests: the routing.yaml of docs/routing.md and helpers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskpilot.handoff import RoutingConfig, load_routing

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "routing.yaml"


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime on the wall clock of ``zone``: ``local("Asia/Tokyo", 2025, 6, 2, 9)``."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


@pytest.fixture(scope="session")
def config() -> RoutingConfig:
    """The worked example of docs/routing.md."""
    return load_routing(EXAMPLE, root=FIXTURES)
