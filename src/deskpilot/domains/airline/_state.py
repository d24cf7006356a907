"""The airline's records: users, flights and reservations as JSON tables with a working copy."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from deskpilot.domains._records import (
    Change,
    Changes,
    Data,
    JsonTablesStore,
    Record,
    clone,
    fingerprint,
    load_tables,
    table_changes,
    write_tables,
)

AirlineData = Data
"""The whole airline: ``{"users": {...}, "flights": {...}, "reservations": {...}}``."""

TABLES: tuple[str, ...] = ("users", "flights", "reservations")


class AirlineStore(JsonTablesStore):
    """The airline's records (the tau-airline JSON shape), safe to share between threads."""

    tables: ClassVar[tuple[str, ...]] = TABLES


def load_airline(folder: Path) -> AirlineData:
    """Read ``users.json``, ``flights.json`` and ``reservations.json`` from a folder."""
    return load_tables(folder, TABLES)


def write_airline(folder: Path, data: Mapping[str, Mapping[str, Record]]) -> None:
    """Write the airline's three tables into a folder, each atomically."""
    write_tables(folder, data, TABLES)


def airline_changes(
    before: Mapping[str, Mapping[str, Record]], after: Mapping[str, Mapping[str, Record]]
) -> Changes:
    """The records of ``after`` that differ from ``before``, per table (``{}`` when none)."""
    return table_changes(before, after, TABLES)


__all__ = [
    "TABLES",
    "AirlineData",
    "AirlineStore",
    "Change",
    "Changes",
    "Record",
    "airline_changes",
    "clone",
    "fingerprint",
    "load_airline",
    "write_airline",
]
