"""The ``airport`` slot kind: which airport the customer names for one end of a trip, from its
code, its city or another name, and the words before it ("from", "to")."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.domain import Asked, DialogueState
from deskpilot.domains.airline._places import mentions, resolve_airport
from deskpilot.flows import Resolution

from ...conftest import slot_context


def _resolve(
    text: str, slot: str, slots: dict[str, Any] | None = None, asked: str | None = None
) -> Resolution | None:
    other = "destination" if slot == "origin" else "origin"
    question = None if asked is None else Asked(f"ask_{asked}:{asked}")
    ctx = slot_context(
        text=text,
        slots=dict(slots or {}),
        dialogue=DialogueState(question=question),
        options={"role": slot, "other": other},
        kind="airport",
        slot=slot,
    )
    return resolve_airport(ctx)


def _value(text: str, slot: str, **kw: Any) -> str | None:
    found = _resolve(text, slot, **kw)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "origin", "destination"),
    [
        ("what flights are there from New York to Seattle next Friday", "JFK", "SEA"),
        ("any direct flights JFK to SFO on May 20?", "JFK", "SFO"),
        ("find me a flight to seattle from boston", "BOS", "SEA"),
        ("I want to fly out of Vegas into Chicago O'Hare", "LAS", "ORD"),
        ("leaving Philly for Denver", "PHL", "DEN"),
        ("any flights to Denver tomorrow?", None, "DEN"),
        ("flights from LaGuardia", "LGA", None),
        # Neither end said: nothing is guessed.
        ("flights between Boston and Miami", None, None),
        # A code in lower case is a word too ("sea", "mia", "den"): a code only when the
        # trip's other end is named as well, after "from" or "to", never after "for".
        ("I want to go to sea", None, None),
        ("are there flights from jfk to sea on may 20?", "JFK", "SEA"),
        ("from Boston to den", "BOS", "DEN"),
        ("a flight for mia from Boston", "BOS", None),
    ],
)
def test_airport_reads_each_end_of_the_trip(
    text: str, origin: str | None, destination: str | None
) -> None:
    assert (_value(text, "origin"), _value(text, "destination")) == (origin, destination)


def test_airport_takes_a_bare_name_when_it_answers_the_question_or_the_other_end_is_known() -> None:
    assert _value("Boston", "origin") is None  # said on its own, without a question
    assert _value("Boston", "origin", asked="origin") == "BOS"
    assert _value("sfo.", "origin", asked="origin") == "SFO"  # a code alone, in lower case
    assert _value("Boston", "destination", asked="origin") is None
    assert _value("Miami", "destination", slots={"origin": "BOS"}) == "MIA"
    # The other end's airport is not this one's.
    assert _value("Boston", "destination", slots={"origin": "BOS"}) is None


def test_airport_says_a_place_the_airline_does_not_serve() -> None:
    found = _resolve("flights from Boston to Paris on May 20", "destination")
    assert found is not None and found.problem == "airport_not_served"
    assert found.facts["place"] == "Paris"
    assert "Seattle (SEA)" in found.facts["airports"]
    assert _value("flights from Boston to Paris on May 20", "origin") == "BOS"
    # A weekday or a month after "to" is no place.
    assert _resolve("from Boston to Monday", "destination") is None


def test_airport_asks_when_two_airports_are_named_for_one_end() -> None:
    found = _resolve("from Boston or from Miami", "origin")
    assert found is not None and found.choices == ("Boston (BOS)", "Miami (MIA)")


def test_mentions_keep_the_longest_name() -> None:
    found = mentions("from Dallas Fort Worth to New York City")
    assert [(m.code, m.words, m.role) for m in found] == [
        ("DFW", "Dallas Fort Worth", "origin"),
        ("JFK", "New York City", "destination"),
    ]
