"""The tamper-evident event log: every event is chained to the one before it by a hash.

Each event stores the SHA-256 of its data (``data_digest``), the previous event's hash
(``prev_hash``) and its own ``hash`` over the previous hash and every field of the event.
Walking the log in order then finds an event whose content changed (its digest or hash no
longer matches), one removed or moved (the next event's ``prev_hash`` names another), and,
given a tip recorded earlier, a rewritten or cut-off end. Personal data erased on request is
replaced by a marker while its digest stays, so the chain still verifies; the erasure itself is
an event naming the events it emptied.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
# The canonical form of an event's data: ``json.dumps`` with these options builds an encoder
# like this one for every call; one made once writes the same text.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# What erased personal data is replaced with; only events an erasure event names may hold it.
ERASED: dict[str, Any] = {"erased": True}


def data_digest(data: Any) -> str:
    """The SHA-256 of ``data`` as canonical JSON (sorted keys, no spaces)."""
    return hashlib.sha256(_CANONICAL.encode(data).encode()).hexdigest()


def chain_hash(
    prev_hash: str,
    case_id: str,
    message_id: str | None,
    type_: str,
    actor: str,
    created_at: datetime,
    digest: str,
) -> str:
    """An event's hash: over the previous event's hash and every field of this one."""
    if created_at.tzinfo is not UTC:  # the store's times are UTC already: no copy for them
        created_at = created_at.astimezone(UTC)
    stamp = created_at.isoformat(timespec="microseconds")
    fields = (prev_hash, case_id, message_id or "", type_, actor, stamp, digest)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


@dataclass(frozen=True)
class ChainedRow:
    """One event as stored, for verification."""

    id: int
    case_id: str
    message_id: str | None
    type: str
    actor: str
    data: Any
    created_at: datetime
    data_digest: str | None
    prev_hash: str | None
    hash: str | None


@dataclass
class AuditReport:
    """What a walk of the log found: how many events, the last hash, and every problem."""

    events: int = 0
    tip: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Whether the log verified without a problem."""
        return not self.problems


def verify_chain(
    rows: Iterable[ChainedRow],
    *,
    erased: set[int] | None = None,
    expect_tip: str | None = None,
) -> AuditReport:
    """Walk ``rows`` in id order. ``erased``: the ids erasure events name (the only events
    that may hold the erased marker); ``expect_tip``: a hash recorded earlier, which must still
    be in the chain (a rewritten or cut-off end loses it)."""
    report = AuditReport()
    prev = GENESIS
    seen_tip = expect_tip is None
    allowed = erased or set()
    for row in rows:
        report.events += 1
        where = f"event {row.id} ({row.type}, case {row.case_id})"
        if row.hash is None or row.prev_hash is None or row.data_digest is None:
            report.problems.append(f"{where}: not chained (no hash)")
            prev = row.hash or prev
            continue
        if row.data == ERASED:
            if row.id not in allowed:
                report.problems.append(f"{where}: its data was emptied without an erasure")
        elif data_digest(row.data) != row.data_digest:
            report.problems.append(f"{where}: its data was changed")
        if row.prev_hash != prev:
            report.problems.append(
                f"{where}: the event before it is not the one it was chained to "
                "(an event was removed, inserted or moved)"
            )
        expected = chain_hash(
            row.prev_hash,
            row.case_id,
            row.message_id,
            row.type,
            row.actor,
            row.created_at,
            row.data_digest,
        )
        if expected != row.hash:
            report.problems.append(f"{where}: its fields were changed")
        prev = row.hash
        seen_tip = seen_tip or row.hash == expect_tip
    report.tip = prev
    if not seen_tip:
        report.problems.append(
            f"the recorded tip {expect_tip} is no longer in the log: its end was cut off or "
            "rewritten"
        )
    return report
