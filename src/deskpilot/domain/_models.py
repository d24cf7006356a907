"""The domain model: customer, conversation, case, message, event, action call, understanding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, NewType

CustomerId = NewType("CustomerId", str)
ConversationId = NewType("ConversationId", str)
CaseId = NewType("CaseId", str)
MessageId = NewType("MessageId", str)
ActionCallId = NewType("ActionCallId", str)


def new_id(prefix: str) -> str:
    """A random, sortable-enough id with a readable prefix (``case_…``, ``msg_…``)."""
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Direction(StrEnum):
    """Which way a message travels."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class MessageStatus(StrEnum):
    """Processing state of an inbound message (outbound messages are always ``sent``)."""

    RECEIVED = "received"
    PROCESSED = "processed"
    FAILED = "failed"
    GAVE_UP = "gave_up"
    SENT = "sent"


class CaseStatus(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    WAITING_CUSTOMER = "waiting_customer"
    HANDED_OFF = "handed_off"
    RESOLVED = "resolved"


class ActionStatus(StrEnum):
    """Lifecycle of one action call."""

    REQUESTED = "requested"
    REFUSED = "refused"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class EventType(StrEnum):
    """Every kind of entry in the append-only event log."""

    CONVERSATION_STARTED = "conversation_started"
    MESSAGE_RECEIVED = "message_received"
    MESSAGE_DUPLICATE = "message_duplicate"
    UNDERSTANDING = "understanding"
    DECISION = "decision"
    CUSTOMER_VERIFIED = "customer_verified"
    VERIFICATION_FAILED = "verification_failed"
    CODE_SENT = "verification_code_sent"
    CODE_REJECTED = "verification_code_rejected"
    ACTION_REQUESTED = "action_requested"
    GUARD_DECISION = "guard_decision"
    ACTION_RESULT = "action_result"
    CONFIRMATION_REQUESTED = "confirmation_requested"
    CLARIFICATION_REQUESTED = "clarification_requested"
    MESSAGE_SENT = "message_sent"
    HANDOFF = "handoff"
    PROCESSING_FAILED = "processing_failed"
    CASE_UPDATED = "case_updated"
    SLA_STARTED = "sla_started"
    SLA_PAUSED = "sla_paused"
    SLA_RESUMED = "sla_resumed"
    SLA_STOPPED = "sla_stopped"
    SLA_WARNING = "sla_warning"
    SLA_BREACHED = "sla_breached"
    ROUTED = "routed"
    ASSIGNMENT = "assignment"
    PRIORITY_CHANGED = "priority_changed"
    AGENT_REPLY = "agent_reply"
    INTERNAL_NOTE = "internal_note"
    # the customer's 1-5 answer to "how did we do?" once the case was resolved (the web chat)
    SATISFACTION_RATED = "satisfaction_rated"
    DRAFT_CREATED = "draft_created"
    DRAFT_REVIEWED = "draft_reviewed"
    HANDED_BACK = "handed_back"
    CASE_RESOLVED = "case_resolved"
    # an agent opened the case page: the profile and records it read through the guard
    CASE_VIEWED = "case_viewed"
    # an agent tagged a case or took a tag off it
    CASE_TAGGED = "case_tagged"
    CASE_UNTAGGED = "case_untagged"
    # files came with a message, from the customer or an agent (ids, types, sizes; no names)
    FILES_ATTACHED = "files_attached"
    # the admin log (case ``ADMIN_LOG``): accounts, credentials, personal-data requests
    ACCOUNT_CREATED = "account_created"
    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"
    STAFF_LOGGED_IN = "staff_logged_in"
    STAFF_LOGGED_OUT = "staff_logged_out"
    STAFF_LOGIN_FAILED = "staff_login_failed"
    DATA_EXPORTED = "data_exported"
    DATA_ERASED = "data_erased"


# The case id of the admin log: events about accounts and credentials, not about one case.
ADMIN_LOG = CaseId("admin")


@dataclass(frozen=True)
class ChannelIdentity:
    """How a customer is known on one channel (an email address, a phone, a widget session)."""

    channel: str
    handle: str


@dataclass(frozen=True)
class Customer:
    """A person DeskPilot talks to; ``store_user_id`` links them to the business's records."""

    id: CustomerId
    identities: tuple[ChannelIdentity, ...] = ()
    store_user_id: str | None = None
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Conversation:
    """One thread on one channel; it always has exactly one current case."""

    id: ConversationId
    channel: str
    handle: str | None
    customer_id: CustomerId
    case_id: CaseId
    created_at: datetime = field(default_factory=utcnow)


class Assurance(StrEnum):
    """How surely a customer is who they say; an action needs a level at least."""

    KNOWN = "known"  # they know facts of the account: an email, a name and zip
    PROVEN = "proven"  # they own it: a one-time code to their address, the business's login

    def covers(self, needed: Assurance) -> bool:
        """Whether this level is enough for an action that needs ``needed``."""
        return self is Assurance.PROVEN or needed is Assurance.KNOWN


@dataclass(frozen=True)
class Verification:
    """How the customer proved who they are in this case."""

    user_id: str
    method: str  # "email" or "name_zip"
    verified_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class PendingConfirmation:
    """A write that waits for the customer's explicit yes: exactly this action, these arguments."""

    action: str
    args: dict[str, Any]
    prompt: str
    requested_at: datetime = field(default_factory=utcnow)
    # What a "yes" names: the proposal waiting when the customer's message was stored.
    id: str = field(default_factory=lambda: new_id("prop"))
    # The proposal waits in a draft for a person's review: it is not on the customer's screen,
    # so no message of theirs confirms it until the draft is sent as it was written.
    held: bool = False


@dataclass(frozen=True)
class CodeChallenge:
    """A confirmed write waiting for the one-time code sent to the customer's own address:
    the code is kept only as a hash, the address only masked."""

    action: str
    args: dict[str, Any]
    code_hash: str
    sent_to: str
    expires_at: datetime
    attempts_left: int
    sends: int = 1


@dataclass(frozen=True)
class OutboxMessage:
    """A message to send outside the conversation (a one-time code by e-mail or SMS); the
    outbox's worker delivers it and records how that went."""

    id: str
    channel: str
    recipient: str
    subject: str
    body: str
    case_id: CaseId | None = None
    status: str = "pending"  # pending, sent, failed
    attempts: int = 0
    error: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Handoff:
    """Why and where a case went to a person, with the packet the person needs."""

    reason: str
    queue: str
    packet: dict[str, Any]
    at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Asked:
    """The question last asked (template and slot), how many times in a row, and the choices
    it listed, in the order shown (an answer may pick one by its place: "the second one")."""

    key: str
    times: int = 1
    choices: tuple[str, ...] = ()


GroundSource = Literal["said", "record", "chosen", "earlier"]


@dataclass(frozen=True)
class Ground:
    """Why a slot holds its value: what an argument of a write traces back to.

    ``said``: the customer's own words, ``text`` (they must be found in what they wrote).
    ``record``: a record the verified customer owns, ``kind`` and ``text`` its id.
    ``chosen``: the customer's explicit choice among options DeskPilot offered.
    ``earlier``: a value settled earlier in the conversation on grounds of its own (the
    subject of a request the customer asked for several, a choice they asked to reuse).
    """

    source: GroundSource
    text: str
    kind: str = ""

    @classmethod
    def said(cls, text: str) -> Ground:
        """The customer's words ``text``."""
        return cls("said", text)

    @classmethod
    def record(cls, kind: str, record_id: str) -> Ground:
        """The customer's own record ``kind`` ``record_id``."""
        return cls("record", record_id, kind)

    @classmethod
    def earlier(cls, text: str) -> Ground:
        """A value settled earlier in the conversation (``text`` says how)."""
        return cls("earlier", text)

    def as_json(self) -> dict[str, str]:
        """The ground as JSON."""
        return {"source": self.source, "text": self.text, "kind": self.kind}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Ground:
        """A ground from its JSON."""
        return cls(raw["source"], str(raw["text"]), str(raw.get("kind", "")))

    def describe(self) -> str:
        """One line for the event log: ``said "#W1"``, ``record order #W1``."""
        if self.source == "said":
            return f'said "{self.text}"'
        return " ".join(p for p in (self.source, self.kind, self.text) if p)


@dataclass(frozen=True)
class DialogueState:
    """What the conversation remembers besides the slot values of the request in progress.

    Stored with the case (schema ``DIALOGUE_SCHEMA``); cases stored before it kept these as
    underscore keys among the slots and are read into it.
    """

    # The customer's words: for the request in progress (the first ones kept however long it
    # gets), for the last finished one, their last whole messages, the words of each queued
    # request, and words that asked for nothing yet ("the notebook from #W… is faulty").
    said: tuple[str, ...] = ()
    said_first: str | None = None
    last_said: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    queued_said: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    # What was last talked about, by the name a slot kind remembers it under ("order").
    memory: dict[str, Any] = field(default_factory=dict)
    # A choice the customer asked to reuse ("card for the difference"), by slot kind.
    reuse: dict[str, Any] = field(default_factory=dict)
    # What the resolvers found for the replies, by slot.
    facts: dict[str, Any] = field(default_factory=dict)
    # Slots whose value the customer picked among options offered.
    chosen: tuple[str, ...] = ()
    question: Asked | None = None
    # The request last turned down by a check ("… is delivered, so it can no longer be
    # changed"), as a digest of the answer, and how many times in a row it was given.
    refusal: Asked | None = None
    # The flow of the request that refusal turned down: a correction right after it naming
    # another subject ("sorry, wrong number - it's #W2") asks for that request again.
    turned_down: str | None = None
    # A value offered for a slot ("the closest is X — would that work?"), and another request
    # offered ("I can cancel it instead").
    offer: dict[str, Any] | None = None
    offered: dict[str, Any] | None = None
    # An option the customer turned down, by slot: not offered again for this request.
    declined: dict[str, Any] = field(default_factory=dict)
    # How surely the request in progress was asked for, and the checks it passed.
    confidence: float | None = None
    checks: tuple[str, ...] = ()
    # Who the customer says they are, until verified, and word pairs that may be their name.
    identity: dict[str, Any] = field(default_factory=dict)
    name_candidates: tuple[tuple[str, ...], ...] = ()
    # The subjects one request runs for in turn ("exchange the boots and the jigsaw", each in
    # its own order): what the customer described of one belongs to the others.
    together: tuple[str, ...] = ()
    # Why each slot of the request in progress holds its value (see ``Ground``).
    grounds: dict[str, tuple[Ground, ...]] = field(default_factory=dict)
    # The slots the customer agreed to leave out of the request in progress ("I can't cancel
    # single items … I can cancel the whole order": the items), never read again.
    waived: tuple[str, ...] = ()
    # A value refused as another customer's record, by slot: the slot is filled again only by
    # another value the customer names, never by a default ("their only one", "the one just
    # talked about"), so nothing they did not name stands in for it at the next "yes".
    refused: dict[str, Any] = field(default_factory=dict)
    # The writes this conversation made, oldest first: each with its ``flow``, ``action``,
    # ``args`` and the request's ``slots``, so that a flow's checks can tell what was already
    # done ("one compensation per complaint", "after the change was made").
    writes: tuple[dict[str, Any], ...] = ()
    # Parts of the customer's messages that seemed to ask for a request of their own that no
    # request took up, each with the request it read as (intent, part): named back once the
    # requests run out unless a write was made on what they name, never acted on.
    unread: tuple[tuple[str, str], ...] = ()
    # Requests another one took the place of before their proposal, each as the request to
    # offer again (``flow``, ``slots``, ``said``, ``grounds``, ``waived``) and how many writes
    # had been made then (``writes``): named back with a question of their own once no request
    # waits ("Shall I still …?"), taken up again only on a yes.
    set_aside: tuple[dict[str, Any], ...] = ()


DIALOGUE_SCHEMA = 3


@dataclass(frozen=True)
class Case:
    """The resolution object: verification, request, slots, confirmation, actions, outcome."""

    id: CaseId
    customer_id: CustomerId
    status: CaseStatus = CaseStatus.OPEN
    verification: Verification | None = None
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    dialogue: DialogueState = field(default_factory=DialogueState)
    pending_confirmation: PendingConfirmation | None = None
    confirmed: tuple[PendingConfirmation, ...] = ()
    actions_done: tuple[ActionCallId, ...] = ()
    clarifications: int = 0
    queued: tuple[str, ...] = ()
    handoff: Handoff | None = None
    outcome: str | None = None
    challenge: CodeChallenge | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Message:
    """One message in or out. Inbound messages are keyed by (channel, external id)."""

    id: MessageId
    conversation_id: ConversationId
    case_id: CaseId
    direction: Direction
    channel: str
    text: str
    external_id: str | None = None
    status: MessageStatus = MessageStatus.RECEIVED
    attempts: int = 0
    reply_to: MessageId | None = None
    error: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    # The proposal waiting for a yes when this (inbound) message was stored, if any.
    answers: str | None = None


@dataclass(frozen=True)
class Event:
    """One append-only entry of the log: who did what to which case, with structured data."""

    case_id: CaseId
    type: EventType
    actor: str
    data: dict[str, Any]
    message_id: MessageId | None = None
    id: int | None = None
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class ActionCall:
    """One request to a backend action and what became of it (the guard's verdict, the result)."""

    id: ActionCallId
    case_id: CaseId
    action: str
    args: dict[str, Any]
    idempotency_key: str
    actor: str
    side_effect: str
    status: ActionStatus = ActionStatus.REQUESTED
    result: Any = None
    refusal_code: str | None = None
    refusal_reason: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None


@dataclass(frozen=True)
class IntentScore:
    """One ranked intent with its calibrated confidence in [0, 1]."""

    name: str
    confidence: float


@dataclass(frozen=True)
class Entity:
    """A span of the message recognised as a typed value (order id, email, zip, amount…)."""

    type: str
    value: Any
    text: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Understanding:
    """Everything the intelligence layer knows about one message.

    ``parts`` holds, for a message with several requests, each part's text with its intent
    ("" when the part alone is not understood).
    """

    text: str
    language: str = "en"
    intents: tuple[IntentScore, ...] = ()
    out_of_scope: bool = False
    entities: tuple[Entity, ...] = ()
    sentiment: float = 0.0
    urgency: float = 0.0
    spam: bool = False
    abuse: bool = False
    gibberish: bool = False
    categories: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    parts: tuple[tuple[str, str], ...] = ()
    duplicate_of: CaseId | None = None
    # The words the span tagger marked as saying a slot kind's value (type: the kind; value:
    # the value the workspace's marked examples named, or None).
    marks: tuple[Entity, ...] = ()
    # Each part that asks for something and was read only between the confidence bands, with
    # the request it was read as (intent, part), best first: what a clarifying question may
    # name when nothing was read surely enough to be asked.
    likely: tuple[tuple[str, str], ...] = ()
    # Each part no request claimed and that asks by no word of its own, yet read alone as a
    # request at or above the review band (intent, part): "(2) The order with the shoes: I
    # paid with PayPal but I would like the Mastercard charged instead". Never acted on: the
    # engine names it back rather than lose it without a word.
    unasked: tuple[tuple[str, str], ...] = ()

    @property
    def top_intent(self) -> IntentScore | None:
        """The best-ranked intent, or None when nothing was recognised."""
        return self.intents[0] if self.intents else None

    def entities_of(self, kind: str) -> list[Entity]:
        """All entities of one type, in order of appearance."""
        return [e for e in self.entities if e.type == kind]
