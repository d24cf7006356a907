"""Suggested replies and next actions for the agent, from what the case already knows.

Deterministic and built only from facts the agent can see (the case, its handoff packet, the
profile and records read through the guard); what fits a business (how to ask who a customer
is, what a record's status means, which actions a record allows) is its ``Desk``. Grounded LLM
suggestions come later through the same shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deskpilot.domain import Case, Desk, DeskRecord, SuggestedAction, User

MAX_ACTIONS = 4


def suggest_replies(
    case: Case,
    desk: Desk | None,
    profile: dict[str, Any] | None,
    concerned: Sequence[DeskRecord],
    agent: User,
) -> list[str]:
    """A few replies the agent can send as they are or edit; about a record only when the
    conversation concerns it (``concerned``, most recently mentioned first)."""
    first = desk.first_name(profile) if desk is not None and profile is not None else None
    replies = [
        f"Hi {first or 'there'}, I'm {agent.display_name} from the support team. I've read "
        "our conversation so far, so there's no need to repeat anything."
    ]
    if case.verification is None and desk is not None:
        replies.append(desk.ask_identity)
    if concerned and concerned[0].reply:
        replies.append(concerned[0].reply)
    pending = case.pending_confirmation
    if pending is not None:
        replies.append(f"Shall I go ahead and {pending.action.replace('_', ' ')} for you now?")
    replies.append("Is there anything else I can help you with today?")
    return replies


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
