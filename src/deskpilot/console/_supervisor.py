"""The supervisor's view: each queue's health (waiting, breaching, open) and each agent's
presence and load, over the same queues and routing the queues page uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from deskpilot.console._views import QueueView
from deskpilot.domain import AssignmentState, User
from deskpilot.handoff import HandoffDesk

SOON = timedelta(minutes=15)


@dataclass(frozen=True)
class QueueHealth:
    """One queue's health now."""

    name: str
    open_now: bool
    opens: str
    cases: int
    waiting: int
    breached: int
    breaching_soon: int


@dataclass(frozen=True)
class AgentLoad:
    """An agent of ``routing.yaml`` with a console account: how reachable, how loaded."""

    username: str
    name: str
    presence: str  # online, console closed, away, offline
    open_cases: int
    capacity: int
    skills: tuple[str, ...]

    @property
    def full(self) -> bool:
        """Whether routing would give them no more cases."""
        return self.open_cases >= self.capacity


def queue_health(queues: list[QueueView], now: datetime) -> list[QueueHealth]:
    """Each queue's counts: cases, waiting for an agent, breached, breaching within 15 min."""
    health = []
    for q in queues:
        slas = [r.sla for r in q.rows if r.sla is not None]
        health.append(
            QueueHealth(
                name=q.name,
                open_now=q.open_now,
                opens=q.opens,
                cases=len(q.rows),
                waiting=sum(1 for r in q.rows if r.assignment.state is AssignmentState.WAITING),
                breached=sum(1 for s in slas if s.state == "breached"),
                breaching_soon=sum(
                    1
                    for s in slas
                    if s.state == "running" and s.breach_at is not None and s.breach_at - now < SOON
                ),
            )
        )
    return health


def agent_loads(
    handoff: HandoffDesk, users: list[User], queues: list[QueueView]
) -> list[AgentLoad]:
    """Every agent of ``routing.yaml`` who has a console account, most loaded first."""
    held: dict[str, int] = {}
    for q in queues:
        for r in q.rows:
            if r.assignment.agent is not None:
                held[r.assignment.agent] = held.get(r.assignment.agent, 0) + 1
    accounts = {u.username: u for u in users if u.role is not None}
    loads = []
    for agent in handoff.routing.agents:
        user = accounts.get(agent.id)
        if user is None:
            continue
        presence = user.presence.value
        if presence == "online" and not handoff.is_reachable(user):
            presence = "console closed"
        loads.append(
            AgentLoad(
                username=agent.id,
                name=user.display_name,
                presence=presence,
                open_cases=held.get(agent.id, 0),
                capacity=agent.capacity,
                skills=tuple(agent.skills),
            )
        )
    return sorted(loads, key=lambda a: (-a.open_cases / a.capacity, a.username))
