"""The hand-off packet as a person reads it: the request in words, how the customer was verified,
what was done and what waits, why a person was asked, the customer's mood, and the records the
conversation concerns, and the files the customer sent.

Built from what the case already holds (its state, its event log, its writes) and named the way
the business's desk names things (a payment method by "gift card (balance $75.66)", never by its
id); no internal key of the dialogue state, no raw JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from deskpilot.domain import (
    ActionCall,
    ActionStatus,
    Attachment,
    Case,
    Desk,
    DeskChoice,
    Event,
    EventType,
)
from deskpilot.workspace import KNOWN_TYPES


class Flow(Protocol):
    """What the packet reads of a workspace's flow: its name, description and intents."""

    @property
    def name(self) -> str:
        """The flow's name."""
        ...

    @property
    def description(self) -> str:
        """What the flow does, in words (may be empty)."""
        ...

    @property
    def intents(self) -> Sequence[str]:
        """The intents that start it."""
        ...


# (at or below this sentiment, the word for it), most negative first; above all: "pleased".
_MOODS = ((-0.75, "very upset"), (-0.35, "annoyed"), (-0.05, "a little unhappy"), (0.3, "calm"))
_NOT_A_REQUEST = frozenset({"clarify"})
_METHODS = {
    "signed": "signed in to the website",
    "code": "a one-time code",
}


def mood_words(sentiment: float) -> str:
    """How a sentiment in [-1, 1] reads to a person."""
    for at_most, words in _MOODS:
        if sentiment <= at_most:
            return words
    return "pleased"


def _humanize(name: str) -> str:
    return name.replace("_", " ")


def argument_name(name: str) -> str:
    """An argument as a person names it: ``order_id`` → "order", ``item_ids`` → "items"."""
    if name.endswith("_ids"):
        return _humanize(name.removesuffix("_ids")) + "s"
    return _humanize(name.removesuffix("_id"))


@dataclass(frozen=True)
class Request:
    """One thing the customer asked for, and what became of it."""

    what: str
    outcome: str


@dataclass(frozen=True)
class Mood:
    """The customer's mood: at its lowest (with their words then) and in their last message."""

    lowest: str
    lowest_words: str
    lowest_score: float
    last: str
    last_score: float


@dataclass(frozen=True)
class PacketView:
    """The packet's lines, ready to show."""

    why: str
    requests: tuple[Request, ...]
    their_words: str
    verified: str
    done: tuple[str, ...]
    pending: str
    mood: Mood | None
    records: tuple[str, ...]
    # the files the customer sent, in words: "receipt.pdf (PDF, 12 KB)"
    files: tuple[str, ...] = ()


def concerned_records(case: Case, desk: Desk | None) -> list[str]:
    """The ids of the records the conversation is about, most recent mention first: the one in
    the request in progress, the one waiting for a yes, the one last talked about, those written
    to."""
    if desk is None:
        return []
    found: list[Any] = [case.slots.get(desk.focus)]
    if case.pending_confirmation is not None:
        found.append(case.pending_confirmation.args.get(desk.focus))
    if desk.remembers:
        found.append(case.dialogue.memory.get(desk.remembers))
    packet = case.handoff.packet if case.handoff is not None else {}
    slots = packet.get("slots") if isinstance(packet.get("slots"), dict) else {}
    found.append((slots or {}).get(desk.focus))
    found += [w.get("args", {}).get(desk.focus) for w in reversed(case.dialogue.writes)]
    ordered: list[str] = []
    for key in found:
        if isinstance(key, str) and key and key not in ordered:
            ordered.append(key)
    return ordered


class Namer:
    """Names action arguments the way the desk does: a choice's label instead of its value."""

    def __init__(self, choices: Mapping[str, Sequence[DeskChoice]]) -> None:
        self._labels = {
            (arg, c.value): c.label for arg, options in choices.items() for c in options
        }

    def value(self, arg: str, value: Any) -> str:
        """One argument's value in words."""
        if isinstance(value, list):
            return ", ".join(self.value(arg, v) for v in value)
        if isinstance(value, dict):
            return ", ".join(str(v) for v in value.values() if v)
        return self._labels.get((arg, str(value)), str(value))

    def action(self, action: str, args: Mapping[str, Any]) -> str:
        """``cancel pending order #W1 (pending) — …; reason: no longer needed``."""
        parts = [
            f"{argument_name(k)}: {self.value(k, v)}"
            for k, v in args.items()
            if v not in ("", None)
        ]
        return _humanize(action) + (f" — {'; '.join(parts)}" if parts else "")


def packet_view(
    case: Case,
    events: Sequence[Event],
    texts: Mapping[str, str],
    calls: Sequence[ActionCall],
    flows: Sequence[Flow],
    namer: Namer,
    records: Sequence[str],
    customer: str | None = None,
    files: Sequence[Attachment] = (),
) -> PacketView | None:
    """The packet of a handed-off case in words (None: the case was never handed off).
    ``texts`` are the case's message texts by id, ``records`` the concerned records' labels,
    ``customer`` the verified customer's name."""
    if case.handoff is None:
        return None
    packet = case.handoff.packet
    return PacketView(
        why=_sentence(str(packet.get("reason") or case.handoff.reason)),
        requests=tuple(_requests(case, events, flows)),
        their_words=their_words(case),
        verified=_verified(case, events, customer),
        done=tuple(_done(calls, namer)),
        pending=_pending(case, packet, flows, namer),
        mood=_mood(events, texts),
        records=tuple(records),
        files=tuple(
            f"{f.filename} ({KNOWN_TYPES[f.content_type]}, {file_size(f.size)})" for f in files
        ),
    )


def file_size(size: int) -> str:
    """A byte count as people read it: ``830 bytes``, ``12 KB``, ``1.4 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


@dataclass(frozen=True)
class Story:
    """A case so far in words, handed off or not: what was asked, who the customer is, what
    was done and what waits."""

    requests: tuple[Request, ...]
    their_words: str
    verified: str
    done: tuple[str, ...]
    pending: str


def case_story(
    case: Case,
    events: Sequence[Event],
    calls: Sequence[ActionCall],
    flows: Sequence[Flow],
    namer: Namer,
    customer: str | None = None,
) -> Story:
    """The case so far, the way the packet says it (for any case, not only a handed-off one)."""
    packet = case.handoff.packet if case.handoff is not None else {}
    return Story(
        requests=tuple(_requests(case, events, flows)),
        their_words=their_words(case),
        verified=_verified(case, events, customer),
        done=tuple(_done(calls, namer)),
        pending=_pending(case, packet, flows, namer),
    )


def _sentence(text: str) -> str:
    return text.strip() or "no reason was recorded"


def _requests(case: Case, events: Sequence[Event], flows: Sequence[Flow]) -> list[Request]:
    by_intent = {i: f for f in flows for i in f.intents}
    found: dict[str, str] = {}
    for e in events:
        if e.type is not EventType.DECISION or e.data.get("kind") in _NOT_A_REQUEST:
            continue
        for intent in e.data.get("started", []):
            flow = by_intent.get(str(intent))
            if flow is None:
                continue
            found[flow.name] = _outcome(e.data)
    if case.intent and case.intent in by_intent and by_intent[case.intent].name not in found:
        found[by_intent[case.intent].name] = "in progress when handed off"
    names = {f.name: f for f in flows}
    return [
        Request(names[n].description or _humanize(n).capitalize(), outcome)
        for n, outcome in found.items()
    ]


def _outcome(decision: Mapping[str, Any]) -> str:
    kind = decision.get("kind")
    if kind == "handoff":
        return "handed to a person"
    if "flow finished" in decision.get("reasons", []):
        return "answered by the automation"
    return "in progress"


def _verified(case: Case, events: Sequence[Event], customer: str | None) -> str:
    if case.verification is None:
        return "Not verified."
    method = case.verification.method
    by = _METHODS.get(method)
    if by is None and method.startswith("agent_"):
        by = f"an agent's look-up by {_humanize(method.removeprefix('agent_'))}"
    who = next((e.actor for e in reversed(events) if e.type is EventType.CUSTOMER_VERIFIED), "bot")
    by = by or f"their {_humanize(method)}"
    when = " (by the automation)" if who == "bot" else ""
    user_id = case.verification.user_id
    who = f"{customer} (user id {user_id})" if customer else user_id
    return f"Verified as {who} by {by}{when}."


def _done(calls: Sequence[ActionCall], namer: Namer) -> list[str]:
    lines = []
    for call in calls:
        if call.side_effect != "write":
            continue
        what = namer.action(call.action, call.args)
        if call.status is ActionStatus.SUCCEEDED:
            lines.append(f"Done: {what}.")
        else:
            why = call.refusal_reason or _humanize(call.status.value)
            lines.append(f"Not done ({why}): {what}.")
    return lines


def their_words(case: Case) -> str:
    """The customer's own words for the request: the one in progress, else the last one."""
    d = case.dialogue
    return d.said_first or (d.said[0] if d.said else "") or (d.last_said[0] if d.last_said else "")


def _pending(case: Case, packet: Mapping[str, Any], flows: Sequence[Flow], namer: Namer) -> str:
    """What waits: the write the customer was asked to confirm, or the request in progress
    with what it has gathered so far."""
    asked = packet.get("pending_confirmation")
    p = case.pending_confirmation
    if p is not None:
        return f"The customer was asked to confirm: {namer.action(p.action, p.args)}."
    if isinstance(asked, Mapping) and asked.get("action"):
        what = namer.action(str(asked["action"]), asked.get("args") or {})
        return f"The customer was asked to confirm: {what}. Nothing was changed."
    by_intent = {i: f for f in flows for i in f.intents}
    flow = by_intent.get(case.intent or "")
    if flow is None:
        return ""
    gathered = {k: v for k, v in case.slots.items() if not k.startswith("_")}
    return f"Not finished: {namer.action(flow.name, gathered)}. Nothing was changed."


def _mood(events: Sequence[Event], texts: Mapping[str, str]) -> Mood | None:
    read = [
        (float(e.data["sentiment"]), e.message_id)
        for e in events
        if e.type is EventType.UNDERSTANDING and isinstance(e.data.get("sentiment"), int | float)
    ]
    if not read:
        return None
    lowest, message_id = min(read, key=lambda r: r[0])
    last = read[-1][0]
    words = texts.get(message_id or "", "")
    return Mood(mood_words(lowest), words, lowest, mood_words(last), last)
