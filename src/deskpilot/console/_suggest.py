"""Suggested replies and next actions for the agent, from what the case already knows.

Deterministic and built only from facts the agent can see (the case, its handoff packet, the
profile and records read through the guard); what fits a business (how to ask who a customer
is, what a record's status means, which actions a record allows) is its ``Desk``. Grounded LLM
suggestions come later through the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from deskpilot.domain import Case, Desk, DeskRecord, SuggestedAction, User

MAX_ACTIONS = 4


def suggest_replies(
    case: Case,
    desk: Desk | None,
    profile: dict[str, Any] | None,
    concerned: Sequence[DeskRecord],
    agent: User,
    say: Callable[[str, Mapping[str, Any]], str | None],
) -> list[str]:
    """A few replies the agent can send as they are or edit, in the workspace's words (``say``:
    its template filled with facts, None when it has none): a greeting (``desk_greeting``:
    ``first_name`` or none, ``agent``), how to ask who the customer is (``desk_ask_identity``,
    with a desk), what a record the conversation concerns is (its ``DeskRecord.said``; most
    recently mentioned first), the write waiting for a "yes" (``desk_go_ahead``: ``action``)
    and ``desk_anything_else``."""
    first = desk.first_name(profile) if desk is not None and profile is not None else None
    replies = [say("desk_greeting", {"first_name": first, "agent": agent.display_name})]
    if case.verification is None and desk is not None:
        replies.append(say("desk_ask_identity", {}))
    if concerned and concerned[0].said is not None:
        replies.append(say(*concerned[0].said))
    pending = case.pending_confirmation
    if pending is not None:
        replies.append(say("desk_go_ahead", {"action": pending.action}))
    replies.append(say("desk_anything_else", {}))
    return [r for r in replies if r]


def suggest_actions(
    case: Case, desk: Desk | None, concerned: Sequence[dict[str, Any]]
) -> list[SuggestedAction]:
    """Actions that fit the case: what the customer was asked to confirm, then what the
    business's desk suggests for the records the conversation concerns (no other)."""
    found: list[SuggestedAction] = []
    pending = case.pending_confirmation
    if pending is not None:
        found.append(
            SuggestedAction(pending.action, "What the customer was asked to confirm", pending.args)
        )
    if desk is not None:
        for record in concerned:
            found.extend(s for s in desk.suggest(record) if s not in found)
    return found[:MAX_ACTIONS]
