"""The store's records: users, orders and products as JSON tables with a working copy.

``RetailStore`` is a ``JsonTablesStore`` (``deskpilot.domains._records``): a durable working copy
on disk, crash-safe writes through ``_intent.json`` and an idempotency journal in
``_idempotency.json``, or an in-memory store sharing its records with a pristine copy (replay).
"""

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
    fingerprint,
    load_tables,
    table_changes,
    write_tables,
)

StoreData = Data
"""The whole store: ``{"users": {...}, "orders": {...}, "products": {...}}``."""

TABLES: tuple[str, ...] = ("users", "orders", "products")


class RetailStore(JsonTablesStore):
    """The online store's records (the tau-retail JSON shape), safe to share between threads."""

    tables: ClassVar[tuple[str, ...]] = TABLES


def load_store(folder: Path) -> StoreData:
    """Read ``users.json``, ``orders.json`` and ``products.json`` from a folder."""
    return load_tables(folder, TABLES)


def write_store(folder: Path, data: Mapping[str, Mapping[str, Record]]) -> None:
    """Write the three tables of a store into a folder (created if missing), each atomically."""
    write_tables(folder, data, TABLES)


def store_changes(
    before: Mapping[str, Mapping[str, Record]], after: Mapping[str, Mapping[str, Record]]
) -> Changes:
    """The records of ``after`` that differ from ``before`` (``None`` for a deleted record);
    tables with no change are left out, the shape of ``expected_changes`` in the reference
    tasks."""
    return table_changes(before, after, TABLES)


__all__ = [
    "TABLES",
    "Change",
    "Changes",
    "Record",
    "RetailStore",
    "StoreData",
    "fingerprint",
    "load_store",
    "store_changes",
    "write_store",
]
