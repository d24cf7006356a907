"""The forms before 2026-12-07's perf15 cuts, for ``bench/api/alternate.py``.

Each cut can be put back alone by naming it: ``HPERF15_OLD=short,audit`` (the default: both).
``short``: every message understood anew, short answers too (their intents were already kept);
``audit``: the event log's digest through ``json.dumps`` each time and every time converted to
UTC before it is hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from deskpilot.domain import Understanding, utcnow
from deskpilot.nlu.entities import ExtractionContext
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.store import _repository

# timed where the reading is done: the old form reads every message there, the new one only
# those not kept
STAGES = ((NluUnderstander, "_understand"),)


def _read_anew(self: NluUnderstander, text: str, context: Any) -> Understanding:
    now = ExtractionContext(now=self.clock() if self.clock is not None else utcnow())
    return self._understand(text, now)


def _digest_by_dumps(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _hash_always_converted(
    prev_hash: str,
    case_id: str,
    message_id: str | None,
    type_: str,
    actor: str,
    created_at: datetime,
    digest: str,
) -> str:
    stamp = created_at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = (prev_hash, case_id, message_id or "", type_, actor, stamp, digest)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def old(runtime: Any) -> Callable[[], None]:
    """Put the named old forms back; the function that takes them out again."""
    wanted = set(os.environ.get("HPERF15_OLD", "short,audit").split(","))
    patches: list[tuple[str, object, str, object]] = [
        ("short", NluUnderstander, "understand", _read_anew),
        ("audit", _repository, "data_digest", _digest_by_dumps),
        ("audit", _repository, "chain_hash", _hash_always_converted),
    ]
    saved = []
    for name, owner, attr, func in patches:
        if name in wanted:
            saved.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, func)

    def undo() -> None:
        for owner, attr, func in saved:
            setattr(owner, attr, func)

    return undo
