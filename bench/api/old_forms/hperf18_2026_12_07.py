"""The forms before 2026-12-07's perf18 cuts, for ``bench/api/alternate.py``: a turn's case
save assigns the case's status and customer whether or not they changed (SQLite then rewrites
both of their index entries).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from deskpilot.domain import Case
from deskpilot.store import Repository

# the turn's closing transaction, where the cut is spent: the save, and the commits that write
# its pages to the write-ahead log
STAGES = ((Repository, "save_case"), (SQLiteDialect_pysqlite, "do_commit"))


def old(runtime: Any) -> Callable[[], None]:
    """Every save assigns every column again; the function that puts the cut back."""
    save_case = Repository.save_case

    def assigning_all(self: Repository, case: Case, version: int, **_: Any) -> int:
        return save_case(self, case, version)

    Repository.save_case = assigning_all  # type: ignore[method-assign]

    def undo() -> None:
        Repository.save_case = save_case  # type: ignore[method-assign]

    return undo
