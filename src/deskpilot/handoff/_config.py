"""``routing.yaml``: queues, routing rules, agents and SLA policies, validated on load."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from deskpilot.errors import NotFoundError, WorkspaceError
from deskpilot.handoff._facts import compile_condition
from deskpilot.workspace import load_yaml_model

_NAME = r"^[a-z][a-z0-9_]*$"


class Priority(StrEnum):
    """How soon a case must be looked at, lowest first."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for ``low`` up to 3 for ``urgent``."""
        return _PRIORITY_ORDER.index(self)

    def raised(self) -> Priority:
        """One step higher; ``urgent`` stays ``urgent``."""
        return _PRIORITY_ORDER[min(self.rank + 1, len(_PRIORITY_ORDER) - 1)]


_PRIORITY_ORDER: tuple[Priority, ...] = tuple(Priority)

BreachAction = Literal["raise_priority", "reassign", "notify_supervisor"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_SPAN = re.compile(r"^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$")


def parse_duration(value: object) -> timedelta:
    """``"30m"``, ``"4h"``, ``"1h30m"``, ``"45s"`` as a positive timedelta of business time."""
    text = value.strip() if isinstance(value, str) else ""
    match = _DURATION.match(text)
    if not text or match is None:
        raise _invalid(f"expected a duration like '30m', '4h' or '1h30m', got {value!r}")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    delta = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if delta <= timedelta(0):
        raise _invalid(f"a duration must be longer than zero, got {value!r}")
    return delta


def _parse_span(value: object) -> tuple[int, int]:
    """``"09:00-17:30"`` as minutes since local midnight; ``24:00`` may end a span."""
    match = _SPAN.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise _invalid(f"expected opening hours like '09:00-17:00', got {value!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or end > 24 * 60:
        raise _invalid(f"{value!r} is not a time of day (00:00 to 24:00)")
    if start >= end:
        raise _invalid(f"{value!r} closes before it opens (spans cannot cross midnight)")
    return (start, end)


def _span_text(span: tuple[int, int]) -> str:
    (h1, m1), (h2, m2) = divmod(span[0], 60), divmod(span[1], 60)
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Span = Annotated[tuple[int, int], BeforeValidator(_parse_span)]


def _invalid(message: str) -> PydanticCustomError:
    """A validation error whose message is shown as is (no "Value error," prefix)."""
    return PydanticCustomError("routing_invalid", "{detail}", {"detail": message})


def _fail(loc: tuple[str | int, ...], message: str, value: object) -> ValidationError:
    """A validation error at ``loc`` (so the loader can name its line), from a model validator.

    Raising a ``ValidationError`` inside a validator is supported by pydantic-core (its
    locations are kept, below the location of the model being validated).
    """
    details = InitErrorDetails(type=_invalid(message), loc=loc, input=value)
    return ValidationError.from_exception_data("RoutingConfig", [details])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeeklyHours(_Strict):
    """Opening spans per weekday in the queue's local time; a day left out is closed."""

    mon: list[Span] = Field(default_factory=list)
    tue: list[Span] = Field(default_factory=list)
    wed: list[Span] = Field(default_factory=list)
    thu: list[Span] = Field(default_factory=list)
    fri: list[Span] = Field(default_factory=list)
    sat: list[Span] = Field(default_factory=list)
    sun: list[Span] = Field(default_factory=list)

    @field_validator("*")
    @classmethod
    def _no_overlap(cls, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        ordered = sorted(spans)
        for before, after in pairwise(ordered):
            if after[0] < before[1]:
                raise _invalid(
                    f"opening spans {_span_text(before)} and {_span_text(after)} overlap"
                )
        return ordered

    @model_validator(mode="after")
    def _opens_sometime(self) -> WeeklyHours:
        if not any(self.day(d) for d in WEEKDAYS):
            raise _invalid("no day has opening hours; leave `hours` out for a 24/7 queue")
        return self

    def day(self, weekday: Weekday | int) -> list[tuple[int, int]]:
        """The spans of a weekday, by name or by number (0 is Monday)."""
        name = WEEKDAYS[weekday] if isinstance(weekday, int) else weekday
        spans: list[tuple[int, int]] = getattr(self, name)
        return spans


class PriorityWeights(_Strict):
    """How a queue orders its waiting cases: score = priority × rank + vip × (1 if VIP)."""

    priority: float = Field(10.0, ge=0)
    vip: float = Field(5.0, ge=0)


class Queue(_Strict):
    """A queue of handed-off cases: who may take them and when it is staffed."""

    name: str = Field(pattern=_NAME)
    description: str = ""
    skills: list[str] = Field(default_factory=list)
    timezone: str = "UTC"
    hours: WeeklyHours | None = Field(None, description="None: open around the clock")
    holidays: list[date] = Field(default_factory=list)
    priority_weights: PriorityWeights = PriorityWeights()
    supervisor: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            close = difflib.get_close_matches(value, sorted(available_timezones()), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else " (an IANA name)"
            raise _invalid(f"unknown time zone {value!r}{hint}") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The queue's time zone."""
        return ZoneInfo(self.timezone)


class RoutingRule(_Strict):
    """When the CEL condition over ``case`` holds, the case goes to ``queue`` at ``priority``."""

    name: str = Field(pattern=_NAME)
    when: str = Field(min_length=1)
    queue: str
    priority: Priority = Priority.NORMAL

    @field_validator("when")
    @classmethod
    def _compiles(cls, value: str, info: ValidationInfo) -> str:
        try:
            compile_condition(value)
        except ValueError as exc:
            raise _invalid(f"rule {info.data.get('name', '?')!r}: {exc}") from exc
        return value


class Agent(_Strict):
    """A person who takes cases: skills with proficiency 1-5, and how many cases at once."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1)
    skills: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(default_factory=dict)
    capacity: int = Field(3, ge=1, le=100)


class SlaPolicy(_Strict):
    """Targets in business time for one priority and customer tier (``*`` matches any)."""

    priority: Literal["*", "low", "normal", "high", "urgent"] = "*"
    tier: str = "*"
    first_response: Duration | None = None
    next_response: Duration | None = None
    resolution: Duration | None = None
    warn_before: Duration | None = None
    on_breach: Annotated[tuple[BreachAction, ...], BeforeValidator(_as_list)] = ()

    @model_validator(mode="after")
    def _coherent(self) -> SlaPolicy:
        targets = self.targets()
        if not targets:
            raise _invalid("set at least one of first_response, next_response, resolution")
        if self.warn_before is not None:
            for name, target in targets.items():
                if self.warn_before >= target:
                    raise _fail(
                        ("warn_before",),
                        f"warn_before must be shorter than {name} ({format_duration(target)})",
                        format_duration(self.warn_before),
                    )
        return self

    def targets(self) -> dict[str, timedelta]:
        """The targets that are set, by name."""
        found = {
            "first_response": self.first_response,
            "next_response": self.next_response,
            "resolution": self.resolution,
        }
        return {name: t for name, t in found.items() if t is not None}

    def specificity(self) -> int:
        """2 for an exact priority, +1 for an exact tier: the most specific policy wins."""
        return (2 if self.priority != "*" else 0) + (1 if self.tier != "*" else 0)

    def applies_to(self, priority: Priority, tier: str) -> bool:
        """Whether this policy covers a case of ``priority`` and ``tier``."""
        return self.priority in ("*", priority.value) and self.tier in ("*", tier)


class RoutingConfig(_Strict):
    """``routing.yaml``: where hand-offs go, who takes them, and how fast."""

    default_queue: str
    default_priority: Priority = Priority.NORMAL
    queues: list[Queue] = Field(min_length=1)
    rules: list[RoutingRule] = Field(default_factory=list)
    agents: list[Agent] = Field(default_factory=list)
    sla_policies: list[SlaPolicy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> RoutingConfig:
        names = _unique([q.name for q in self.queues], "queues", "name", "queue")
        if self.default_queue not in names:
            raise _fail(("default_queue",), _unknown_queue(self.default_queue, names), None)
        _unique([r.name for r in self.rules], "rules", "name", "rule")
        for i, rule in enumerate(self.rules):
            if rule.queue not in names:
                raise _fail(("rules", i, "queue"), _unknown_queue(rule.queue, names), rule.queue)
        _unique([a.id for a in self.agents], "agents", "id", "agent")
        keys = [f"priority {p.priority}, tier {p.tier}" for p in self.sla_policies]
        _unique(keys, "sla_policies", "tier", "SLA policy for")
        return self

    def queue(self, name: str) -> Queue:
        """The queue called ``name``; NotFoundError lists the queues there are."""
        for queue in self.queues:
            if queue.name == name:
                return queue
        raise NotFoundError(_unknown_queue(name, [q.name for q in self.queues]), queue=name)

    def agent(self, agent_id: str) -> Agent | None:
        """The agent with this id, or None."""
        return next((a for a in self.agents if a.id == agent_id), None)

    def sla_policy(self, priority: Priority, tier: str) -> SlaPolicy | None:
        """The most specific policy covering ``priority`` and ``tier``, or None."""
        matching = [p for p in self.sla_policies if p.applies_to(priority, tier)]
        return max(matching, key=SlaPolicy.specificity, default=None)


def _unique(values: Sequence[str], section: str, field: str, what: str) -> list[str]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise _fail((section, i, field), f"{what} {value} is defined twice", value)
        seen.add(value)
    return list(values)


def _unknown_queue(name: str, names: Sequence[str]) -> str:
    return f"unknown queue {name!r}; queues are {', '.join(names)}"


def format_duration(delta: timedelta) -> str:
    """A duration the way ``routing.yaml`` writes it: ``1h30m``, ``45s``."""
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{seconds}s" if seconds else "") or "0s"


def load_routing(path: Path, *, root: Path | None = None) -> RoutingConfig:
    """Load ``routing.yaml``; a WorkspaceError names the file, line and field at fault."""
    try:
        return load_yaml_model(path, RoutingConfig, root=root)
    except ValueError as exc:
        # PyYAML raises a bare ValueError for a date it cannot build (2026-13-01), and
        # load_yaml_model lets it through; say which file at least.
        shown = path.relative_to(root) if root is not None and path.is_relative_to(root) else path
        raise WorkspaceError(f"{shown}: invalid value: {exc}", file=str(shown)) from exc
