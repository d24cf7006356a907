"""The catalogue matcher looks for a message's option values once per text and words claimed
before (``CatalogueEntityMatcher._option_candidates``): a message is matched against each of
the customer's orders and each request's wished values in a turn, and what it names of the
options does not change from one to the next. What each match gives is what looking every
time gave, whatever was read in between."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.retail import CatalogueEntityMatcher, _matcher
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

FIXTURES = Path(__file__).parent / "entity_fixtures"
CATALOGUE = json.loads((FIXTURES / "catalogue.json").read_text())
ORDERS = json.loads((FIXTURES / "orders.json").read_text())
ALIASES = CatalogueMatcherConfig.from_vocabulary(load_workspace(RETAIL_WORKSPACE).vocabulary)
HELD: list[Sequence[dict[str, Any]]] = [(), *(o["items"] for o in ORDERS.values())]

TEXTS = [
    "can I swap the keybaord for one with clicky swiches?",
    "got the wrong tshirt, I ordered a medium",
    "I ordered a medium",
    "swap my running shoes for white, 10, leather",
    "I asked 10 times about the running shoes",
    "the thermostat in stainless steel",
    "the stainless steel bottle",
    "both shirts in a large please, the blue one in cotton",
    "medium ventilation on the helmet, size L",
    "I live at 12 Main Street, send the black headphones there",
    "does it work with Google Home?",
    "thanks",
]


class _LooksEveryTime(CatalogueEntityMatcher):
    """The matcher before: the option values of a message looked for at every match."""

    def _option_candidates(self, text: str, tokens: Sequence[Any], claimed: set[int]) -> list[Any]:
        hits = _matcher._exact_hits(tokens, claimed, self._option_keys.keys(), self._max_option_len)
        hits += _matcher._fuzzy_hits(
            tokens,
            claimed,
            self._fuzzy_options,
            self._config.fuzzy_min_chars,
            max_len=3,
            never=self._config.never_fuzzy,
        )
        return hits


def test_matcher_with_remembered_options_matches_as_looking_every_time() -> None:
    remembering = CatalogueEntityMatcher(CATALOGUE, ALIASES)
    before = _LooksEveryTime(CATALOGUE, ALIASES)
    # each text against each order, twice over and interleaved: the second round is read
    # from what the first one remembered
    for _ in range(2):
        for text in TEXTS:
            for held in HELD:
                assert remembering.match(text, held) == before.match(text, held), (text, held)


def test_matcher_looks_for_a_messages_options_once_across_orders(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher = CatalogueEntityMatcher(CATALOGUE, ALIASES)
    looked: list[str] = []
    fuzzy = _matcher._fuzzy_hits

    def counted(tokens: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        looked.append(" ".join(t.key for t in tokens))
        return fuzzy(tokens, *args, **kwargs)

    monkeypatch.setattr(_matcher, "_fuzzy_hits", counted)
    text = TEXTS[0]
    matcher.match(text, HELD[1])
    first = len(looked)  # the products once, the options once
    assert first == 2
    for held in HELD:
        matcher.match(text, held)
    assert len(looked) == first


@pytest.mark.parametrize("size", [1, 3])
def test_matcher_forgets_its_option_readings_past_its_bound(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setattr(_matcher, "_CANDIDATES_REMEMBERED", size)
    matcher = CatalogueEntityMatcher(CATALOGUE, ALIASES)
    before = _LooksEveryTime(CATALOGUE, ALIASES)
    for text in TEXTS * 2:
        assert matcher.match(text, HELD[2]) == before.match(text, HELD[2])
        assert len(matcher._candidates) <= size
