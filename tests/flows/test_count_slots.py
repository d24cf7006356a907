"""A slot kind of type ``count``: the whole number said before one of the kind's units, or a
short answer that is only a number; a number said with a total word is a total's, not a
change's. Read without a domain pack (``deskpilot.flows.CountResolver``)."""

from __future__ import annotations

import pytest

from deskpilot.domain import Entity, Understanding
from deskpilot.flows import CountResolver

from ..conftest import slot_context

UNITS = ["bag~", "suitcase~", "luggage", "piece of luggage"]
NUMBERS = {"a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "couple": 2, "three": 3}
TOTALS = ["in total", "total of", "altogether", "in all"]
UNCLEAR = ["each", "per person", "already", "have * bag~"]
ADDED = CountResolver(UNITS, NUMBERS, TOTALS, UNCLEAR)
IN_ALL = CountResolver(UNITS, NUMBERS, TOTALS, UNCLEAR, total=True)


def _read(resolver: CountResolver, text: str, marks: tuple[Entity, ...] = ()) -> object:
    ctx = slot_context(
        text=text,
        understanding=Understanding(text=text, marks=marks),
        kind="bags",
    )
    found = resolver(ctx)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "added", "in_all"),
    [
        ("I'm mia_li_3668, I want to add 2 checked bags to reservation NO6JO3", 2, None),
        ("can I bring one more suitcase on my trip to Boston", 1, None),
        ("please put an extra bag on my booking", 1, None),
        ("a couple of bags", 2, None),  # "a" is not counted past "couple"
        ("2", 2, None),  # a short answer
        ("two please", 2, None),
        ("I want 3 bags in total", None, 3),
        ("make it a total of 3 bags", None, 3),
        ("add 2 bags, so 3 in all", 2, 3),
        ("1 bag and 2 suitcases", None, None),  # two numbers: the flow asks
        ("my flight on May 20 leaves at 14:00", None, None),  # no unit, too long an answer
        ("reservation 4WQ150 please", None, None),  # digits inside an id are no number
        ("we are 4 and each needs one suitcase", None, None),  # not how many in all: it asks
        ("one bag per person. Reservation 4WQ150", None, None),
        ("We each fly. Add 2 bags please", 2, None),  # "each" only in its own sentence
        ("I have 2 bags on it, I want to bring 3", None, None),  # what is there already
        ("I already added one bag, can I add another", None, None),
    ],
)
def test_a_count_is_the_one_number_said_before_a_unit(
    text: str, added: int | None, in_all: int | None
) -> None:
    assert _read(ADDED, text) == added
    assert _read(IN_ALL, text) == in_all


def test_a_count_value_is_an_int_and_marks_pick_among_several() -> None:
    text = "1 bag for me and 2 suitcases for my son"
    marks = (Entity("bags", None, "2 suitcases", 17, 28),)
    value = _read(ADDED, text, marks)
    assert value == 2 and isinstance(value, int)
