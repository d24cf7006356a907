"""``Database.transaction`` on SQLite: the process's transactions take turns on one connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import PendingRollbackError

from deskpilot.domain import Case, CaseId, CustomerId
from deskpilot.store import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.connect(f"sqlite:///{tmp_path / 'deskpilot.sqlite3'}")
    yield database  # type: ignore[misc]
    database.dispose()


def _checkouts(db: Database) -> list[int]:
    """A counter of the connections the engine's pool hands out from now on."""
    counted = [0]

    def on_checkout(*_: Any) -> None:
        counted[0] += 1

    event.listen(db.engine, "checkout", on_checkout)
    return counted


def _case(name: str) -> Case:
    return Case(id=CaseId(name), customer_id=CustomerId("cus_1"))


def test_database_sqlite_transactions_share_one_connection(db: Database) -> None:
    with db.transaction() as repo:
        repo.insert_case(_case("case_1"))
    checkouts = _checkouts(db)
    for _ in range(5):
        with db.transaction() as repo:
            repo.get_case(CaseId("case_1"))
    assert checkouts[0] == 0


def test_database_sqlite_transaction_after_a_failed_one_starts_clean(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as repo:
        repo.insert_case(_case("case_1"))
        raise RuntimeError("the block failed")
    with db.transaction() as repo:
        repo.insert_case(_case("case_2"))
    with db.transaction() as repo:
        assert repo.get_case(CaseId("case_2"))[1] == 1
        with pytest.raises(Exception, match="no case"):
            repo.get_case(CaseId("case_1"))


def test_database_sqlite_connection_lost_or_disposed_is_opened_again(db: Database) -> None:
    with pytest.raises(PendingRollbackError), db.transaction() as repo:
        repo.insert_case(_case("case_1"))
        repo.c.invalidate()  # the connection lost mid-transaction: nothing committed
    with db.transaction() as repo:
        with pytest.raises(Exception, match="no case"):
            repo.get_case(CaseId("case_1"))
        repo.insert_case(_case("case_2"))
    db.dispose()
    with db.transaction() as repo:
        assert repo.get_case(CaseId("case_2"))[1] == 1
