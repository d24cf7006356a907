"""Request and response bodies of the agents' API (``/v1/agent``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from deskpilot.actions import ActionOutcome
from deskpilot.console import SlaView, TimelineItem
from deskpilot.domain import ApiKey, CaseAssignment, Draft, Message, Note, User


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(_In):
    """Credentials for a console session."""

    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class TextIn(_In):
    """A reply or a note."""

    text: str = Field(min_length=1, max_length=5000)


class ReplyIn(TextIn):
    """A reply; ``wait_for_customer`` pauses the SLA clocks until the customer writes."""

    wait_for_customer: bool = False


class ReassignIn(_In):
    """Another agent (None: back to the queue) and/or another queue."""

    agent: str | None = None
    queue: str | None = None


class PriorityIn(_In):
    """A new priority."""

    priority: Literal["low", "normal", "high", "urgent"]


class ActionIn(_In):
    """A store action and its arguments."""

    action: str = Field(min_length=1, max_length=80)
    args: dict[str, Any] = Field(default_factory=dict)


class ReviewIn(_In):
    """Approve (optionally with edited ``text``) or reject a draft."""

    decision: Literal["approve", "reject"]
    text: str | None = Field(None, min_length=1, max_length=5000)


class PresenceIn(_In):
    """Whether the agent takes new cases."""

    presence: Literal["online", "away", "offline"]


class UserIn(_In):
    """A new console account; ``role`` null means it can log in but may do nothing."""

    username: str = Field(min_length=1, max_length=80)
    display_name: str = Field("", max_length=120)
    role: Literal["agent", "supervisor", "admin"] | None = None
    password: str = Field(min_length=8, max_length=200)


class UserOut(BaseModel):
    """A console user."""

    id: str
    username: str
    display_name: str
    role: str | None
    presence: str

    @classmethod
    def of(cls, u: User) -> UserOut:
        """From the domain user."""
        role = None if u.role is None else u.role.value
        return cls(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=role,
            presence=u.presence.value,
        )


class ApiKeyIn(_In):
    """A new API key: what it is for, and what it may do."""

    name: str = Field(min_length=1, max_length=80)
    scopes: list[Literal["conversations:write", "conversations:read", "cases:read"]] = Field(
        min_length=1, max_length=3
    )


class ApiKeyOut(BaseModel):
    """An API key as listed: never its secret."""

    id: str
    name: str
    scopes: list[str]
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, k: ApiKey) -> ApiKeyOut:
        """From the domain key."""
        return cls(
            id=k.id,
            name=k.name,
            scopes=sorted(s.value for s in k.scopes),
            created_by=k.created_by,
            created_at=k.created_at,
            last_used_at=k.last_used_at,
            revoked_at=k.revoked_at,
        )


class NewApiKeyOut(ApiKeyOut):
    """A key just created, with its full text: shown this once, stored only as a hash."""

    key: str


class SessionOut(BaseModel):
    """A new session: send ``csrf_token`` as ``X-CSRF-Token`` with every change."""

    user: UserOut
    csrf_token: str


class SlaOut(BaseModel):
    """The most pressing SLA target of a case."""

    target: str
    state: str
    breach_at: datetime | None
    label: str

    @classmethod
    def of(cls, s: SlaView | None) -> SlaOut | None:
        """From the view (None when no clock runs)."""
        if s is None:
            return None
        return cls(target=s.target, state=s.state, breach_at=s.breach_at, label=s.label)


class AssignmentOut(BaseModel):
    """Where a handed-off case stands with the people."""

    case_id: str
    queue: str
    priority: str
    state: str
    agent: str | None
    vip: bool
    waiting_on_customer: bool
    routed_at: datetime

    @classmethod
    def of(cls, a: CaseAssignment) -> AssignmentOut:
        """From the domain assignment."""
        return cls(
            case_id=a.case_id,
            queue=a.queue,
            priority=a.priority,
            state=a.state.value,
            agent=a.agent,
            vip=a.vip,
            waiting_on_customer=a.waiting_on_customer,
            routed_at=a.routed_at,
        )


class QueueCaseOut(BaseModel):
    """A case in a queue."""

    assignment: AssignmentOut
    sla: SlaOut | None
    summary: str


class QueueOut(BaseModel):
    """A queue and its cases in serving order."""

    name: str
    open_now: bool
    opens: str
    cases: list[QueueCaseOut]


class ItemOut(BaseModel):
    """A message or note of a case's transcript."""

    id: str
    kind: str
    author: str
    text: str
    at: datetime

    @classmethod
    def of(cls, i: TimelineItem) -> ItemOut:
        """From a timeline item."""
        return cls(id=i.id, kind=i.kind, author=i.author, text=i.text, at=i.at)


class DraftOut(BaseModel):
    """A draft reply and its review."""

    id: str
    case_id: str
    message_id: str
    text: str
    status: str
    final_text: str | None
    reviewed_by: str | None
    sent_message_id: str | None

    @classmethod
    def of(cls, d: Draft) -> DraftOut:
        """From the domain draft."""
        return cls(
            id=d.id,
            case_id=d.case_id,
            message_id=d.message_id,
            text=d.text,
            status=d.status.value,
            final_text=d.final_text,
            reviewed_by=d.reviewed_by,
            sent_message_id=d.sent_message_id,
        )


class SentOut(BaseModel):
    """A message a person sent, or a note they added."""

    id: str
    text: str
    created_at: datetime

    @classmethod
    def of(cls, m: Message | Note) -> SentOut:
        """From a message or a note."""
        return cls(id=m.id, text=m.text, created_at=m.created_at)


class OutcomeOut(BaseModel):
    """What became of an action an agent ran."""

    action: str
    status: str
    result: Any = None
    refusal_code: str | None = None
    refusal_reason: str | None = None

    @classmethod
    def of(cls, o: ActionOutcome) -> OutcomeOut:
        """From the action layer's outcome."""
        return cls(
            action=o.action,
            status=o.status.value,
            result=o.result,
            refusal_code=o.refusal_code,
            refusal_reason=o.refusal_reason,
        )
