"""``Database.transaction`` on SQLite: the process's transactions take turns on one connection."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import PendingRollbackError

from deskpilot.domain import Case, CaseId, CustomerId
from deskpilot.store import Database
from deskpilot.store._checkpoints import BACKSTOP_PAGES, WalCheckpointer


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


def _fill(db: Database, pages: int) -> None:
    """Write about ``pages`` pages of 4 KB, a hundred KB a transaction."""
    with db.transaction() as repo:
        repo.c.exec_driver_sql("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
    for _ in range(pages // 25):
        with db.transaction() as repo:
            repo.c.exec_driver_sql("INSERT INTO filler VALUES (randomblob(100000))")


def test_database_sqlite_commits_leave_the_log_to_the_checkpoint_thread(
    db: Database, tmp_path: Path
) -> None:
    # a turn's COMMIT no longer copies the log back every 1000 pages (SQLite's default), a
    # thread does: the commits keep only a far larger threshold, as a backstop
    with db.transaction() as repo:
        (autocheckpoint,) = repo.c.exec_driver_sql("PRAGMA wal_autocheckpoint").one()
    assert autocheckpoint == BACKSTOP_PAGES
    file = tmp_path / "deskpilot.sqlite3"
    before = file.stat().st_size
    _fill(db, 1500)
    deadline = time.monotonic() + 10
    while file.stat().st_size < before + 5_000_000 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert file.stat().st_size >= before + 5_000_000  # the log was copied back
    with db.transaction() as repo:
        assert repo.c.exec_driver_sql("SELECT count(*) FROM filler").scalar() == 60


def _log_pages(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])


Steady = tuple[Database, sqlite3.Connection, sqlite3.Connection]


@pytest.fixture
def steady(tmp_path: Path) -> Iterator[Steady]:
    """A database file whose checkpoint thread is stopped (a test starts its own), with a
    connection to hold a reader's snapshot and one to checkpoint beside the writers."""
    file = tmp_path / "steady.sqlite3"
    db = Database.connect(f"sqlite:///{file}")
    reader = sqlite3.connect(file, isolation_level=None)
    beside = sqlite3.connect(file, isolation_level=None)
    assert db._checkpoints is not None
    db._checkpoints.stop()
    try:
        yield db, reader, beside
    finally:
        reader.close()
        beside.close()
        db.dispose()
    assert not checkpointer_running(db)


def test_database_sqlite_thread_marks_a_restart_due_past_restart_pages(steady: Steady) -> None:
    db, reader, beside = steady
    _fill(db, 25)
    # a reader's snapshot keeps the log from starting over, so it grows as it would under
    # writes that never pause
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM filler").fetchone()
    restart_pages = _log_pages(beside) + 300
    db._checkpoints = WalCheckpointer(db.engine, interval=0.01, restart_pages=restart_pages)
    _fill(db, 200)
    time.sleep(0.1)
    assert not db._checkpoints.restart_due
    _fill(db, 200)
    deadline = time.monotonic() + 10
    while not db._checkpoints.restart_due and time.monotonic() < deadline:
        time.sleep(0.01)
    assert db._checkpoints.restart_due


def test_database_sqlite_transaction_after_a_due_restart_starts_the_log_over(
    steady: Steady,
) -> None:
    # Under writes that never pause, a checkpoint beside them copies back only what was
    # written when it began: the next writer finds part of the log left and appends, and the
    # log never starts over. Here that is played out in order, a reader's snapshot standing for
    # the checkpoint's start: the log, a write past it, the checkpoint, the next transaction.
    db, reader, beside = steady
    checkpoints = db._checkpoints = WalCheckpointer(db.engine, interval=3600, restart_pages=300)
    _fill(db, 400)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM filler").fetchone()
    _fill(db, 25)  # past the reader's snapshot: the checkpoint cannot copy it back
    log, copied = checkpoints.checkpoint(beside)
    assert copied < log and checkpoints.restart_due
    reader.execute("COMMIT")
    _fill(db, 25)
    assert not checkpoints.restart_due
    assert _log_pages(beside) < 50  # the log started over with that transaction


def checkpointer_running(db: Database) -> bool:
    return db._checkpoints is not None and db._checkpoints.running
