"""Statements run on the driver's cursor (``store/_prepared.py``) store and read exactly what
``Connection.execute`` stores and reads, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from deskpilot.store import Database
from deskpilot.store import _tables as t
from deskpilot.store._prepared import Prepared

_KEYS = ("case_id", "message_id", "type", "actor", "data", "created_at", "data_digest")
_ROWS: list[dict[str, Any]] = [
    {
        "case_id": f"case_{i}",
        "message_id": None if i % 2 else f"msg_{i}",
        "type": "decision",
        "actor": "bot",
        "data": {"kind": "answer", "reasons": ["é", i], "none": None, "n": 1.5},
        "created_at": datetime(2026, 12, 5, 20, i, 7, 123456, tzinfo=UTC),
        "data_digest": "d" * 64,
    }
    for i in range(3)
]


def _stored(c: Connection) -> list[tuple[Any, ...]]:
    """The events as the database holds them, without SQLAlchemy's conversions."""
    sql = "SELECT case_id, message_id, type, actor, data, created_at, data_digest FROM events"
    return [tuple(r) for r in c.exec_driver_sql(sql + " ORDER BY id").all()]


def test_prepared_stores_and_reads_what_sqlalchemy_does(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        with db.engine.begin() as c:
            c.execute(insert(t.events), _ROWS)
            through_sqlalchemy = _stored(c)
            c.execute(text("DELETE FROM events"))
            Prepared(insert(t.events), _KEYS).run_many(c, _ROWS)
            assert _stored(c) == through_sqlalchemy
            query = select(t.events).where(t.events.c.case_id == bindparam("case_id"))
            expected = c.execute(query, {"case_id": "case_1"}).first()
            got = Prepared(query).first(c, {"case_id": "case_1"})
            assert expected is not None and got is not None
            assert tuple(got) == tuple(expected)
            assert got.created_at == _ROWS[1]["created_at"] and got.data == _ROWS[1]["data"]
            assert Prepared(query).first(c, {"case_id": "nobody"}) is None
            tip = select(t.events.c.hash).order_by(t.events.c.id.desc()).limit(1)
            assert Prepared(tip).scalar(c, {}) is None
            rename = Prepared(
                update(t.events)
                .where(t.events.c.case_id == bindparam("old"))
                .values(actor=bindparam("actor"))
            )
            assert rename.run(c, {"old": "case_2", "actor": "customer"}) == 1
            assert rename.run(c, {"old": "nobody", "actor": "customer"}) == 0
    finally:
        db.dispose()


def test_prepared_raises_sqlalchemys_integrity_error(database_url: str) -> None:
    db = Database.connect(database_url)
    keys = ("id", "store_user_id", "created_at")
    row = {"id": "cus_1", "store_user_id": None, "created_at": datetime.now(UTC)}
    try:
        with db.engine.begin() as c:
            Prepared(insert(t.customers), keys).run(c, row)
            with pytest.raises(IntegrityError):
                Prepared(insert(t.customers), keys).run(c, row)
    finally:
        db.dispose()


def test_prepared_requires_every_parameter(tmp_path: Any) -> None:
    db = Database.connect(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    query = Prepared(select(t.cases).where(t.cases.c.id == bindparam("case_id")))
    try:
        with db.engine.begin() as c, pytest.raises(KeyError):
            query.first(c, {})
    finally:
        db.dispose()
