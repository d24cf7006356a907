"""Routing: which queue and priority a handed-off case gets, which agent takes it, and in what
order a queue's waiting cases are served."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from deskpilot.errors import InputError, PolicyError
from deskpilot.handoff._config import Agent, Priority, Queue, RoutingConfig, RoutingRule
from deskpilot.handoff._facts import CaseFacts, compile_condition
from deskpilot.handoff._hours import BusinessHours

_LONG_AGO = datetime.min.replace(tzinfo=UTC)
_FAR_AHEAD = datetime.max.replace(tzinfo=UTC)


class Presence(StrEnum):
    """Whether an agent takes new cases: only ``online`` agents do."""

    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


@dataclass(frozen=True)
class AgentState:
    """An agent's live state: presence, open cases, and since when they have been idle."""

    agent_id: str
    presence: Presence
    open_cases: int = 0
    idle_since: datetime | None = None


@dataclass(frozen=True)
class RouteDecision:
    """Where a case goes and why; ``rule`` is None when the default queue was used."""

    queue: str
    priority: Priority
    reason: str
    rule: str | None = None


@dataclass(frozen=True)
class Assignment:
    """The agent chosen for a case, with the figures that decided it."""

    agent_id: str
    queue: str
    open_cases: int
    capacity: int
    proficiency: int
    reason: str


@dataclass(frozen=True)
class QueuedCase:
    """A case waiting in a queue; ``breach_at`` is its next SLA breach, if a clock runs."""

    case_id: str
    priority: Priority
    enqueued_at: datetime
    vip: bool = False
    breach_at: datetime | None = None


@dataclass(frozen=True)
class _CompiledRule:
    rule: RoutingRule
    program: Any

    def matches(self, facts: CaseFacts) -> bool:
        try:
            result = self.program.execute(facts.as_context())
        except (ArithmeticError, LookupError, RuntimeError, TypeError, ValueError) as exc:
            raise PolicyError(
                f"routing rule {self.rule.name!r} could not be evaluated: {exc}",
                rule=self.rule.name,
            ) from exc
        if not isinstance(result, bool):
            raise PolicyError(
                f"routing rule {self.rule.name!r} must give true or false, gave {result!r}",
                rule=self.rule.name,
            )
        return result


class Router:
    """Routes cases by the rules of a ``RoutingConfig`` and picks agents for its queues."""

    def __init__(self, config: RoutingConfig) -> None:
        self.config = config
        self._rules = [_CompiledRule(r, compile_condition(r.when)) for r in config.rules]
        self._hours: dict[str, BusinessHours] = {}

    def route(self, facts: CaseFacts) -> RouteDecision:
        """The first rule whose condition holds decides; otherwise the default queue."""
        for compiled in self._rules:
            if compiled.matches(facts):
                rule = compiled.rule
                return RouteDecision(
                    queue=rule.queue,
                    priority=rule.priority,
                    reason=f"rule {rule.name!r} matched",
                    rule=rule.name,
                )
        return RouteDecision(
            queue=self.config.default_queue,
            priority=self.config.default_priority,
            reason="no rule matched: default queue",
        )

    def hours(self, queue: str) -> BusinessHours:
        """The business hours of ``queue`` (built once, then reused)."""
        found = self._hours.get(queue)
        if found is None:
            found = self._hours[queue] = BusinessHours.for_queue(self.config.queue(queue))
        return found

    def refusal(self, agent_id: str, queue: str, open_cases: int) -> str | None:
        """Why ``agent_id`` may not be given one more case of ``queue`` by hand (the skills and
        capacity the router itself keeps to), or None when they may. Presence is not asked:
        a supervisor may give a case to someone who is away."""
        agent = next((a for a in self.config.agents if a.id == agent_id), None)
        if agent is None:
            known = ", ".join(a.id for a in self.config.agents) or "none"
            return f"{agent_id} is not an agent of routing.yaml (agents: {known})"
        target = self.config.queue(queue)
        missing = [skill for skill in target.skills if skill not in agent.skills]
        if missing:
            return f"{agent_id} lacks the skill {missing[0]!r} of queue {queue!r}"
        if open_cases >= agent.capacity:
            return f"{agent_id} already has {open_cases} of {agent.capacity} cases open"
        return None

    def assign(
        self,
        queue: str,
        agents: Iterable[AgentState],
        *,
        exclude: Collection[str] = (),
    ) -> Assignment | None:
        """The least-loaded online agent with all of the queue's skills and room for a case.

        Load is open cases over capacity. Ties go to the higher proficiency (summed over the
        queue's skills), then to whoever has been idle longest, then to the lower id. None when
        nobody qualifies: the case waits in the queue. ``exclude`` skips agents (a reassignment).
        """
        target = self.config.queue(queue)
        candidates: list[tuple[tuple[Fraction, int, datetime, str], Assignment]] = []
        for state in _by_id(agents).values():
            agent = self.config.agent(state.agent_id)
            if agent is None or not _can_take(agent, state, target, exclude):
                continue
            proficiency = sum(agent.skills[skill] for skill in target.skills)
            load = Fraction(state.open_cases, agent.capacity)
            idle = state.idle_since or _LONG_AGO
            assignment = Assignment(
                agent_id=agent.id,
                queue=queue,
                open_cases=state.open_cases,
                capacity=agent.capacity,
                proficiency=proficiency,
                reason=(
                    f"least loaded with {', '.join(target.skills) or 'no required skills'}: "
                    f"{state.open_cases} of {agent.capacity} open, proficiency {proficiency}"
                ),
            )
            candidates.append(((load, -proficiency, idle, agent.id), assignment))
        if not candidates:
            return None
        return min(candidates, key=lambda pair: pair[0])[1]

    def order(self, queue: str, cases: Iterable[QueuedCase]) -> list[QueuedCase]:
        """``cases`` in serving order for ``queue``.

        Highest score first (the queue's weights over priority rank and VIP), then the nearest
        SLA breach (cases without a running clock last), then the longest waiting, then case id.
        """
        weights = self.config.queue(queue).priority_weights

        def key(case: QueuedCase) -> tuple[float, bool, datetime, datetime, str]:
            score = weights.priority * case.priority.rank + weights.vip * case.vip
            breach = case.breach_at or _FAR_AHEAD
            return (-score, case.breach_at is None, breach, case.enqueued_at, case.case_id)

        return sorted(cases, key=key)


def _by_id(agents: Iterable[AgentState]) -> dict[str, AgentState]:
    states: dict[str, AgentState] = {}
    for state in agents:
        if state.agent_id in states:
            raise InputError(
                f"agent {state.agent_id!r} appears twice in the agent states",
                agent=state.agent_id,
            )
        states[state.agent_id] = state
    return states


def _can_take(agent: Agent, state: AgentState, queue: Queue, exclude: Collection[str]) -> bool:
    return (
        state.presence == Presence.ONLINE
        and agent.id not in exclude
        and state.open_cases < agent.capacity
        and all(skill in agent.skills for skill in queue.skills)
    )
