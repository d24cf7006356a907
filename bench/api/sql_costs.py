"""What one statement and one transaction cost in DeskPilot's store, written three ways.

A chat turn runs about 13 statements in 4 commits (see ``profile_turn.py``). This measures, on a
fresh SQLite database with DeskPilot's schema, the cost of one message insert as the repository
writes it today (a statement built with ``.values(...)`` inside a SAVEPOINT; as the driver has
not begun a transaction yet, that SAVEPOINT starts one and its RELEASE commits it), built with
``.values(...)`` without the SAVEPOINT, and as one statement built once and executed with
parameters; and the cost of one short transaction. It reads the private
``deskpilot.store._tables`` because the prebuilt statement is the alternative being weighed.

    .venv/bin/python bench/api/sql_costs.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from deskpilot.domain import (
    CaseId,
    ConversationId,
    Direction,
    Message,
    MessageId,
    MessageStatus,
    new_id,
)
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.store import Database, Repository
from deskpilot.store import _tables as tables

INSERT_MESSAGE = insert(tables.messages)


def per_call_us(run: Callable[[], object], repeat: int) -> float:
    """Median over 5 rounds of the microseconds one call of ``run`` takes."""
    for _ in range(max(20, repeat // 10)):
        run()
    rounds = []
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(repeat):
            run()
        rounds.append((time.perf_counter() - began) / repeat * 1e6)
    return statistics.median(rounds)


def message_factory(conversation: ConversationId, case: CaseId) -> Callable[[], Message]:
    """New inbound messages of one conversation."""

    def make() -> Message:
        return Message(
            id=MessageId(new_id("msg")),
            conversation_id=conversation,
            case_id=case,
            direction=Direction.INBOUND,
            channel="api",
            text="thanks",
            status=MessageStatus.RECEIVED,
        )

    return make


def row(message: Message) -> dict[str, Any]:
    """The messages-table row of a message."""
    values = asdict(message)
    values["direction"] = message.direction.value
    values["status"] = message.status.value
    return values


def statement_costs(db: Database, make: Callable[[], Message], repeat: int) -> dict[str, float]:
    """One insert, three ways, on one connection inside ``Connection.begin()``."""
    results: dict[str, float] = {}
    with db.engine.connect() as connection:
        repo = Repository(connection)

        def values_style(c: Connection = connection) -> None:
            c.execute(insert(tables.messages).values(**row(make())))

        def prebuilt(c: Connection = connection) -> None:
            c.execute(INSERT_MESSAGE, row(make()))

        with connection.begin():
            results["insert as the repository does it (SAVEPOINT, .values(), RELEASE commits)"] = (
                per_call_us(lambda: repo.insert_message(make()), repeat)
            )
            results["insert with .values(), no SAVEPOINT"] = per_call_us(values_style, repeat)
            results["insert, statement built once, executed with parameters"] = per_call_us(
                prebuilt, repeat
            )
    return results


def transaction_costs(db: Database, make: Callable[[], Message], repeat: int) -> dict[str, float]:
    """One short transaction: the repository's, and a bare BEGIN / insert / COMMIT."""

    def repository_transaction() -> None:
        with db.transaction() as repo:
            repo.insert_message(make())

    def bare_transaction() -> None:
        with db.engine.begin() as connection:
            connection.execute(INSERT_MESSAGE, row(make()))

    return {
        "transaction: db.transaction() + repo.insert_message()": per_call_us(
            repository_transaction, repeat
        ),
        "transaction: engine.begin() + prebuilt insert + COMMIT": per_call_us(
            bare_transaction, repeat
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print microseconds per call."""
    p = argparse.ArgumentParser(description="Costs of statements and transactions in the store.")
    p.add_argument("--repeat", type=int, default=500, help="calls per round (5 rounds)")
    args = p.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-sqlcost-"))
    runtime = build_runtime(Settings(data_dir=data_dir, log_level="WARNING"))
    try:
        conversation = runtime.pipeline.do_start_conversation("api", None)
        make = message_factory(conversation.id, conversation.case_id)
        results = statement_costs(runtime.db, make, args.repeat)
        results.update(transaction_costs(runtime.db, make, args.repeat))
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    width = max(len(name) for name in results)
    for name, micros in results.items():
        print(f"{name:<{width}}  {micros:8.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
