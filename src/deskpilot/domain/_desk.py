"""What the agent console shows of a customer, declared by the business (its domain pack).

The console's case page names no business: which read gives the verified customer's profile,
which of its fields lists their records, how each record is read and summarised, how a person
asks this business's customers who they are, and which actions fit a record all come from a
``Desk``. The console and the packs are siblings that may not import each other, so the shape
they share lives here, below both; the runtime hands the pack's ``Desk`` to the console.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Record = Mapping[str, Any]


@dataclass(frozen=True)
class DeskRead:
    """A read action and the argument the record's id goes in."""

    action: str
    arg: str


@dataclass(frozen=True)
class DeskFact:
    """One line of the customer card: a label and either a text or a list of items."""

    label: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeskRecord:
    """One of the customer's records as the case page lists it: its id (the value of the
    desk's ``focus`` slot), its status, summary lines, a small note under them, and the sentence
    a reply tells the customer about it."""

    key: str
    status: str
    lines: tuple[str, ...] = ()
    note: str = ""
    said: tuple[str, Mapping[str, Any]] | None = None

    @property
    def label(self) -> str:
        """The record in one line: its id, status and first summary line."""
        head = f"{self.key} ({self.status})"
        return f"{head} — {self.lines[0]}" if self.lines else head


@dataclass(frozen=True)
class SuggestedAction:
    """An action the agent may want to run, with its arguments filled in. It runs like any
    agent action: through the guard, the agent's click counting as the confirmation."""

    action: str
    label: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeskChoice:
    """One value an action's argument may take for this customer, and how a person names it
    ("gift card (balance $75.66)" for a payment method's id)."""

    value: str
    label: str


def _no_actions(_record: Record) -> Sequence[SuggestedAction]:
    return ()


def _no_choices(_profile: Record, _records: Sequence[Record]) -> Mapping[str, Sequence[DeskChoice]]:
    return {}


@dataclass(frozen=True)
class Desk:
    """What a business's agent desk shows of a verified customer and suggests about them."""

    # The heading of the customer's records on the case page ("Orders", "Bookings").
    title: str
    # The read of the verified customer's profile; its argument gets their id.
    profile: DeskRead
    # The profile field that lists the ids of the customer's records (oldest first).
    listed_in: str
    # The read of one record by its id.
    record: DeskRead
    # The slot holding the record the conversation is about (shown first, replied about).
    focus: str
    # One record, as the page lists it.
    show: Callable[[Record], DeskRecord]
    # The customer card: facts of the profile.
    facts: Callable[[Record], Sequence[DeskFact]]
    # The name to greet the customer by, from the profile (None: a neutral greeting).
    first_name: Callable[[Record], str | None] = lambda _profile: None
    # The customer's full name, from the profile (None: they are named by their id).
    full_name: Callable[[Record], str | None] = lambda _profile: None
    # Actions that fit one record (none: the agent picks from every action).
    suggest: Callable[[Record], Sequence[SuggestedAction]] = _no_actions
    # The name the conversation remembers the record it talked about under (the slot kind's
    # ``remember``, "order"): with ``focus``, which records the conversation concerns.
    remembers: str = ""
    # The values each action argument may take for this customer, from their profile and
    # records, named as a person names them: the choices of the console's action forms, and
    # how the hand-off packet names an argument ("gift card (balance $75.66)", not its id).
    choices: Callable[[Record, Sequence[Record]], Mapping[str, Sequence[DeskChoice]]] = _no_choices
