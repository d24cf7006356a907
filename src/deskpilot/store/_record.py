"""A case's events, queued during a turn (the pipeline's, an agent's action, a replay) and made
durable in order."""

from __future__ import annotations

from typing import Any

from deskpilot.domain import CaseId, Event, EventType, MessageId
from deskpilot.store._repository import Database, Repository


class CaseRecorder:
    """Collects one turn's events for one case; ``flush`` or ``drain_into`` writes them."""

    def __init__(self, db: Database, case_id: CaseId, message_id: MessageId | None) -> None:
        self.db = db
        self.case_id = case_id
        self.message_id = message_id
        self._pending: list[Event] = []

    def emit(self, type: EventType, data: dict[str, Any], *, actor: str) -> None:
        """Queue one event."""
        self._pending.append(
            Event(
                case_id=self.case_id, type=type, actor=actor, data=data, message_id=self.message_id
            )
        )

    def flush(self) -> None:
        """Write every queued event in a transaction of its own."""
        if self._pending:
            with self.db.transaction() as repo:
                self.drain_into(repo)

    def drain_into(self, repo: Repository) -> None:
        """Write every queued event inside the caller's transaction."""
        repo.append_events(self._pending)
        self._pending = []
