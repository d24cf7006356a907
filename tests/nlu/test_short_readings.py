"""Short answers ("thanks", "yes please", "no") come back word for word in conversation after
conversation: the understander reads one once a day and keeps the reading, a bounded number of
them; longer messages are read every time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from deskpilot.domain import IntentScore
from deskpilot.nlu import understander as understander_module
from deskpilot.nlu.entities import entity_forms
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

# The retail workspace's words for dates ("tomorrow")
FORMS = entity_forms(load_workspace(RETAIL_WORKSPACE).vocabulary)


class _CountingScorer:
    """An intent scorer that counts the texts it is asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, text: str) -> Sequence[IntentScore]:
        self.read.append(text)
        return [IntentScore("thanks", 0.9)]


class _Clock:
    """A business clock a test moves."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _understander(scorer: _CountingScorer, clock: _Clock) -> NluUnderstander:
    return NluUnderstander(scorer, clock=clock, forms=FORMS)


@pytest.mark.parametrize(
    ("text", "reads_again"),
    [
        ("thanks", False),
        ("yes please", False),
        ("no thank you", False),
        ("where is my order", True),  # four words: a message, read every time
    ],
)
def test_understander_keeps_the_reading_of_a_short_answer(text: str, reads_again: bool) -> None:
    scorer, clock = _CountingScorer(), _Clock()
    nlu = _understander(scorer, clock)
    first = nlu.understand(text, None)
    read_once = len(scorer.read)
    second = nlu.understand(text, None)
    assert read_once > 0
    assert second == first
    assert (len(scorer.read) > read_once) is reads_again


def test_understander_reads_a_short_answer_again_on_another_day() -> None:
    scorer, clock = _CountingScorer(), _Clock()
    nlu = _understander(scorer, clock)
    today = nlu.understand("tomorrow please", None)
    clock.now += timedelta(days=1)
    next_day = nlu.understand("tomorrow please", None)
    dates = [[e.value for e in u.entities if e.type == "date"] for u in (today, next_day)]
    assert dates == [["2026-12-08"], ["2026-12-09"]]


def test_understander_keeps_a_bounded_number_of_short_readings() -> None:
    scorer, clock = _CountingScorer(), _Clock()
    nlu = _understander(scorer, clock)
    kept = understander_module._SHORT_REMEMBERED
    nlu.understand("answer 0", None)
    for i in range(1, kept + 1):
        nlu.understand(f"answer {i}", None)
    read = len(scorer.read)
    nlu.understand(f"answer {kept}", None)  # the last one: still kept
    assert len(scorer.read) == read
    nlu.understand("answer 0", None)  # the first one: forgotten past the bound
    assert len(scorer.read) > read
