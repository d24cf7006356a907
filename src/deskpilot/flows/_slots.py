"""What the flow engine asks of a domain: resolvers for its slot kinds, the records they read,
the audit of a proposal, and the roles its slot kinds play in a conversation.

The engine names no business. A domain pack (``deskpilot.domains.<name>``) fills a
``DomainKnowledge`` with the code that grounds a customer's words in its records; the
workspace's flows name the slot kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from deskpilot.domain import Case, DialogueState, Entity, Ground, Understanding
from deskpilot.flows._dialogue import Phrasing
from deskpilot.workspace import RecordRead

Record = dict[str, Any]


class Catalogue(Protocol):
    """What a domain's catalogue tells of a text: the entries and options it names."""

    def match(self, text: str, held: Sequence[Mapping[str, Any]] = ()) -> list[Entity]:
        """Entities of the catalogue in ``text`` (and of ``held``, the lines of one record)."""
        ...

    def entries(self, text: str) -> set[str]:
        """The entries of the catalogue ``text`` names (more than an option's value)."""
        ...


def may_be_an_entry(catalogue: Catalogue) -> Callable[[str], bool]:
    """Whether words may name an entry of ``catalogue`` (a thing a record holds): they name
    one, or nothing the catalogue knows — not only an option's value ("clicky switches").
    What tells a list that points at a record (``Phrasing.pointer``) from a wish's words;
    words the catalogue does not know keep pointing, the reading that writes nothing more."""
    return lambda words: bool(catalogue.entries(words)) or not catalogue.match(words)


@dataclass(frozen=True)
class Resolution:
    """A resolved value with facts for the replies, or the choices to ask about."""

    value: Any = None
    facts: dict[str, Any] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    problem: str | None = None
    clear: bool = False
    offer: Any = None
    offer_facts: dict[str, Any] = field(default_factory=dict)
    also: dict[str, Any] = field(default_factory=dict)  # other slots this answer settles
    # Further values the same request is for ("cancel both my pending orders"): the request runs
    # once for each, after this one.
    more: tuple[Any, ...] = ()
    # When one message spoke of several subjects ("from the order with the kettle, return
    # everything; from the order with the camera, only the chair"): the customer's words about
    # this value and about each of ``more``, as pieces of what they said. The request's other
    # slots then read only those.
    words: tuple[str, ...] = ()
    more_words: tuple[tuple[str, ...], ...] = ()
    # Where the value came from: the customer's words read (``Ground.said``), the records of
    # theirs read (``Ground.record``). The engine keeps only the grounds that hold, and
    # proposes no write whose argument has none.
    grounds: tuple[Ground, ...] = ()
    # The request ends with ``problem``'s reply and nothing changes: the customer's own fallback
    # when their wish cannot be met ("only if it comes in white; if not, leave it").
    ends: bool = False

    @property
    def resolved(self) -> bool:
        """Whether a value was found."""
        return self.value is not None


@dataclass
class SlotContext:
    """What a resolver may look at: the text, the understanding, the case and read access."""

    text: str
    understanding: Understanding
    case: Case
    slots: dict[str, Any]
    # What the conversation remembers: the customer's words, what was last talked about.
    dialogue: DialogueState
    options: Mapping[str, Any]
    user: Record | None
    # A record of the domain by kind and id (``record("order", "#W1")``), read through the
    # guard as the verified customer; None when it does not exist or is not theirs.
    record: Callable[[str, str], Record | None]
    catalogue: Catalogue | None
    # How the workspace's words relate to what a message names (negation, pointers, clauses).
    phrasing: Phrasing = field(default_factory=Phrasing)
    # The slot's kind (the flow's ``resolver:``) and its name in the flow: two slots of one
    # kind (where a trip leaves from, where it goes) tell themselves apart by name.
    kind: str = ""
    slot: str = ""
    # Whether some words speak of what the request is about (its subject, once known): "the
    # jacket one was a mistake" of the order holding the jacket. None: nothing tells.
    about: Callable[[str], bool] | None = None
    # For a slot needed only when (``when:``): what the flow knows by then, by name (its
    # lookups and values: the amount to pay, for a payment method that must hold it).
    known: Mapping[str, Any] = field(default_factory=dict)
    # Where words saying not to do the request in progress end ("but don't cancel| my order
    # with the bookshelf"): what they describe is set apart from the request, not its subject.
    not_asked: tuple[int, ...] = ()

    def answering(self, slot: str | None = None) -> bool:
        """Whether the message answers the question last asked about ``slot`` (this slot by
        default): "which order?" answered with two orders asks for both."""
        question = self.dialogue.question
        name = self.slot if slot is None else slot
        return question is not None and bool(name) and question.key.endswith(f":{name}")

    @property
    def marked(self) -> tuple[Entity, ...]:
        """The words of the message the span tagger marked as saying this slot's kind, among
        the words the slot reads (``Understanding.marks``)."""
        return tuple(
            m for m in self.understanding.marks if m.type == self.kind and m.text in self.text
        )


class Resolver(Protocol):
    """Finds one slot's value in what the customer said."""

    def __call__(self, ctx: SlotContext) -> Resolution | None:
        """The resolution, or None when the text says nothing about this slot."""
        ...


@dataclass(frozen=True)
class Finding:
    """What an audit found: a gap that stops the proposal, or a note to state before "yes".

    It is said to the customer as a reply is: ``template`` (a template of the workspace,
    ``templates/<language>/<template>.j2``) filled with ``facts``, inside the reply that stops
    the proposal or comes before its question. ``waiting``: the customer's words of what they
    asked of another subject this proposal leaves out; a flow that ``takes_up_left`` queues
    them as a request of its own kind, to run before this one when ``first`` (they were said
    before what this proposal takes)."""

    template: str
    facts: Mapping[str, Any] = field(default_factory=dict, hash=False)
    blocking: bool = True
    waiting: tuple[str, ...] = ()
    first: bool = False

    @property
    def said(self) -> tuple[str, dict[str, Any]]:
        """The template and facts it is said with, for a reply (``ReplySpec``)."""
        return self.template, dict(self.facts)

    def __str__(self) -> str:
        """The finding for the record of a decision (a handoff's reason): its template and
        facts, in no customer's language."""
        facts = ", ".join(f"{k}={v}" for k, v in self.facts.items())
        return f"{self.template}({facts})"


class Audit(Protocol):
    """Checks a value about to be proposed against the evidence for it."""

    def __call__(self, kind: str, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
        """What is missing from the evidence for ``value``, a slot of kind ``kind``; ``chosen``
        when the customer picked it among options DeskPilot offered."""
        ...


@dataclass(frozen=True)
class SlotKind:
    """How a kind of slot behaves in a conversation, beyond resolving it.

    ``subject``: what a request is about (an order, a booking) — a question about a subject
    is answered before changes to it, several subjects named run the request once each, and
    when none is named the customer is asked with the choices ``choices`` lists.
    ``accumulates``: what the customer asks builds up over the conversation ("the keyboard…
    and the watch too") unless they say it replaces what came before.
    ``dependents``: the kinds whose values no longer hold once this one changes.
    ``remember``: the name the last value is kept under in the dialogue's memory, for the next
    request ("cancel that whole order" after a return).
    ``audited``: the value is audited before any proposal that uses it.
    ``describes``: for a subject, whether some words speak of a value of it ("I ordered the
    jacket by mistake" of the order holding the jacket).
    ``listed``: what an answer may be, for a kind whose question is first asked openly
    ("Which items should change?"): listed when the question comes a second time.
    ``wished``: in how many of the customer's records the words wish a value of this kind
    other than what they hold, with no word of asking ("bottle in my other order 500ml
    green"; 0: none): a message read as nothing is then read as the request of a flow that
    fills the kind, when its proposal follows at once (and asks for a yes); a reading the
    words hold nothing of gives way to it only when one record alone is so named. It depends
    on the words and the customer's records only: it is asked once per turn for given words.
    ``moved``: whether the words, read against the customer's records, move a record of theirs
    off the value of this kind it holds onto another of theirs ("I paid with PayPal but I would
    like the Mastercard charged instead"): a part read only unsurely as the request of a flow
    writing just this kind then waits its turn as that request.
    """

    subject: bool = False
    accumulates: bool = False
    dependents: tuple[str, ...] = ()
    remember: str | None = None
    audited: bool = False
    choices: Callable[[SlotContext], tuple[str, ...]] | None = None
    describes: Callable[[SlotContext, Any, str], bool] | None = None
    listed: Callable[[SlotContext], tuple[str, ...]] | None = None
    wished: Callable[[SlotContext], int] | None = None
    moved: Callable[[SlotContext], bool] | None = None


def _no_audit(kind: str, ctx: SlotContext, value: Any, chosen: bool) -> list[Finding]:
    return []


@dataclass(frozen=True)
class DomainKnowledge:
    """Everything the flow engine knows of a business, given by its domain pack."""

    resolvers: Mapping[str, Resolver] = field(default_factory=dict)
    kinds: Mapping[str, SlotKind] = field(default_factory=dict)
    records: Mapping[str, RecordRead] = field(default_factory=dict)
    audit: Audit = _no_audit

    def kind(self, name: str) -> SlotKind:
        """The roles of slot kind ``name`` (none, for a kind the pack does not describe)."""
        return self.kinds.get(name, _PLAIN)


_PLAIN = SlotKind()
