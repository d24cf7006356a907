"""Saved replies on the case page: the workspace's ``replies/`` with their variables filled
from the case (the verified customer's name, the agent, the record the conversation concerns),
ready for the picker on the reply box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from deskpilot.console._views import CaseView
from deskpilot.domain import Desk
from deskpilot.workspace import SavedReply


@dataclass(frozen=True)
class FilledReply:
    """A saved reply as the picker offers it: its name, title and text filled for this case."""

    name: str
    title: str
    text: str


def _first(name: str | None) -> str | None:
    return name.split()[0] if name and name.split() else None


def reply_values(view: CaseView, desk: Desk | None) -> dict[str, str | None]:
    """The variables' values for the case: None where the case does not know one."""
    customer = (
        desk.full_name(view.profile) if desk is not None and view.profile is not None else None
    )
    return {
        "customer.name": customer,
        "customer.first_name": _first(customer),
        "agent.name": view.viewer.display_name,
        "agent.first_name": _first(view.viewer.display_name),
        "record": view.concerned[0] if view.concerned else None,
        "case.id": str(view.case.id),
    }


def filled_replies(
    replies: Sequence[SavedReply], view: CaseView, desk: Desk | None
) -> list[FilledReply]:
    """Every saved reply, filled for the case."""
    values = reply_values(view, desk)
    return [FilledReply(r.name, r.title, r.fill(values)) for r in replies]
