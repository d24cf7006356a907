"""Slips of the keyboard read as the workspace's words (``deskpilot.nlu.Slips``, built by
``components.typed_slips``): a slip is only ever read as the word it slipped from, and a text
of known words, names, emails and ids is left exactly as typed."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from deskpilot.components import typed_slips
from deskpilot.domains.retail import generate_store
from deskpilot.nlu import Slips
from deskpilot.nlu._slips import WordList
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)
SLIPS: Slips = typed_slips(WORKSPACE, generate_store()["products"])
# The business's own words of five letters or more, as its texts write them.
OURS = sorted(
    w
    for w in {p for t in (e.text for e in WORKSPACE.span_examples()) for p in t.split()}
    if w.isalpha() and w.islower() and len(w) >= 5
)


def _swapped(word: str, at: int) -> str:
    at = 1 + at % (len(word) - 3)  # inside the word, as slips mostly are
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


@given(st.sampled_from(OURS), st.integers(min_value=0, max_value=50))
@settings(max_examples=200, deadline=None)
def test_slips_a_swap_is_read_as_its_word_or_left_as_typed(word: str, at: int) -> None:
    typed = _swapped(word, at)
    assert SLIPS.read(f"about the {typed} please") in (
        f"about the {typed} please",
        f"about the {word} please",
    )


_KEPT = st.one_of(
    st.sampled_from(OURS),  # known words
    st.sampled_from(OURS).map(str.title),  # a word with a capital
    st.sampled_from(OURS).map(lambda w: f"{w[::-1]}@example.com"),  # an email
    st.integers(min_value=1000000, max_value=9999999).map(lambda n: f"#W{n}"),  # an id
    st.sampled_from(OURS).map(lambda w: f"{w[::-1]}{random.Random(w).randint(1, 99)}"),
)


@given(st.lists(_KEPT, min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_slips_known_words_names_emails_and_ids_stay_as_typed(words: list[str]) -> None:
    text = " ".join(words)
    assert SLIPS.read(text) == text


@given(st.sets(st.text(alphabet="abcdefgh", min_size=1, max_size=6), max_size=40), st.data())
def test_a_word_list_holds_exactly_its_words(words: set[str], data: st.DataObject) -> None:
    # the language's list is held as hashes (WordList): a word is on it, or on a union of
    # two, exactly when it was given
    other = data.draw(st.sets(st.text(alphabet="abcdefgh", min_size=1, max_size=6), max_size=40))
    probes = data.draw(st.lists(st.text(alphabet="abcdefgh", max_size=6), max_size=30))
    listed, union = WordList(words), WordList(words) | WordList(other)
    for probe in [*probes, *words]:
        assert (probe in listed) == (probe in words)
        assert (probe in union) == (probe in words | other)
    assert listed.among(probes) == set(probes) & words
    assert len(union) == len(words | other)
