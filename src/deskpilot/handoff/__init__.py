"""Hand-off: routing cases to queues and agents, business hours, and SLA clocks.

The logic is deterministic and does no I/O: routing returns decisions, SLA clocks return event
records for the caller to append to the log, and time comes from a ``Clock`` (a ``ManualClock``
in tests). ``load_routing`` reads ``routing.yaml``; see ``docs/routing.md``.

``HandoffDesk`` is the write path over that logic: it routes, assigns and runs the clocks of
handed-off cases in transactions, appends their events and publishes live updates after the
commit; ``HandoffScheduler`` ticks it.
"""

from deskpilot.handoff._clock import Clock, ManualClock, SystemClock
from deskpilot.handoff._config import (
    Agent,
    BreachAction,
    Priority,
    PriorityWeights,
    Queue,
    RoutingConfig,
    RoutingRule,
    SlaPolicy,
    WeeklyHours,
    format_duration,
    load_routing,
    parse_duration,
)
from deskpilot.handoff._desk import HandoffDesk
from deskpilot.handoff._desk_scheduler import HandoffScheduler
from deskpilot.handoff._facts import CaseFacts
from deskpilot.handoff._hours import BusinessHours, ExpectedAnswer, expected_answer_time
from deskpilot.handoff._lease import AdvisoryLease, Lease
from deskpilot.handoff._presence import Heartbeats, MemoryHeartbeats
from deskpilot.handoff._router import (
    AgentState,
    Assignment,
    Presence,
    QueuedCase,
    RouteDecision,
    Router,
)
from deskpilot.handoff._scheduler import EmitEvents, SlaScheduler
from deskpilot.handoff._sla import SlaClock, SlaEvent, SlaEventType, SlaTarget, TargetStatus
from deskpilot.handoff._tracker import SlaTracker

__all__ = [
    "AdvisoryLease",
    "Agent",
    "AgentState",
    "Assignment",
    "BreachAction",
    "BusinessHours",
    "CaseFacts",
    "Clock",
    "EmitEvents",
    "ExpectedAnswer",
    "HandoffDesk",
    "HandoffScheduler",
    "Heartbeats",
    "Lease",
    "ManualClock",
    "MemoryHeartbeats",
    "Presence",
    "Priority",
    "PriorityWeights",
    "Queue",
    "QueuedCase",
    "RouteDecision",
    "Router",
    "RoutingConfig",
    "RoutingRule",
    "SlaClock",
    "SlaEvent",
    "SlaEventType",
    "SlaPolicy",
    "SlaScheduler",
    "SlaTarget",
    "SlaTracker",
    "SystemClock",
    "TargetStatus",
    "WeeklyHours",
    "expected_answer_time",
    "format_duration",
    "load_routing",
    "parse_duration",
]
