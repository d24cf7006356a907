"""Spam, gibberish and abuse detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from deskpilot.nlu.spam import (
    ABUSE,
    GIBBERISH,
    LINKS_AND_PROMO,
    MANY_LINKS,
    PROFANITY,
    PROMO_TEXT,
    REPEATED_CHARACTERS,
    REPEATED_TEXT,
    HeuristicSpamDetector,
    SpamConfig,
)
from deskpilot.workspace import SpamWords, shipped_lexicon

# The English words the engine ships (``workspace/lexicons/en.yaml``).
ENGLISH = shipped_lexicon("en").spam
DETECTOR = HeuristicSpamDetector(ENGLISH)

GENUINE = [
    "Where is my order #W1234567?",
    "hellooooooooo where is my order",
    "Check my discount code: www.shop.com/promo it doesn't work",
    "I want a refund. I want a refund. I want a refund.",
    "strengths and rhythms",
    "thnx, pls cancel",
    "The keyboard's asdf keys stick",
    "Hola, ¿dónde está mi pedido?",
    "где мой заказ",
    "I'm so stupid, I ordered the wrong size",
    "this shirt is garbage",
    # insults inside product names: no abuse
    "You ordered a dumbbell set by mistake and want that order cancelled",
    "Your order with the dumbbells and the Dickens box set",
    "ok",
    "",
]


@pytest.mark.parametrize("text", GENUINE)
def test_spam_detector_lets_genuine_messages_through(text: str) -> None:
    result = DETECTOR.check(text)
    assert not (result.spam or result.abuse or result.gibberish), result.reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Make money fast! Click here http://win-big.xyz to claim your prize", LINKS_AND_PROMO),
        ("Great deal: 50% off, visit www.cheap-stuff.ru for free shipping", LINKS_AND_PROMO),
        ("see http://a.com and http://b.com and http://c.com", MANY_LINKS),
        ("WINNER! Bitcoin investment opportunity, work from home", PROMO_TEXT),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", REPEATED_CHARACTERS),
        ("Refund me now, this is a disgrace. " * 8, REPEATED_TEXT),
    ],
)
def test_spam_detector_flags_spam(text: str, reason: str) -> None:
    result = DETECTOR.check(text)
    assert result.spam
    assert reason in result.reasons


@pytest.mark.parametrize(
    "text", ["asdfgh qwerty", "sdlkfj sdlkfj", "lkajsdflkj", "jkjkjkjk", "poiuy lkjhg mnbvc"]
)
def test_spam_detector_calls_keyboard_mashing_gibberish_not_spam(text: str) -> None:
    result = DETECTOR.check(text)
    assert result.gibberish
    assert not result.spam
    assert result.reasons == (GIBBERISH,)


@pytest.mark.parametrize(
    "text",
    [
        "you idiot",
        "you're useless",
        "your useless bot can't help",
        "fuck you",
        "f**k off",
        "You guys suck",
        "shut up and give me my refund",
        "y0u 1di0t",
    ],
)
def test_spam_detector_flags_abuse_aimed_at_the_agent(text: str) -> None:
    result = DETECTOR.check(text)
    assert result.abuse
    assert ABUSE in result.reasons


@pytest.mark.parametrize(
    "text", ["the damn parcel is late", "your fucking package never arrived", "wtf, still nothing"]
)
def test_spam_detector_reports_undirected_profanity_without_calling_it_abuse(text: str) -> None:
    result = DETECTOR.check(text)
    assert not result.abuse
    assert result.reasons == (PROFANITY,)


def test_spam_detector_word_lists_come_from_its_words() -> None:
    polite = HeuristicSpamDetector(SpamWords(insults=["nincompoop~"], addressed=["you"]))
    assert polite.check("you nincompoop").abuse
    assert not polite.check("you idiot").abuse
    with pytest.raises(ValidationError):
        SpamConfig(badwords=["x"])  # type: ignore[call-arg]


def test_spam_detector_without_words_reads_only_links_repetition_and_mashing() -> None:
    bare = HeuristicSpamDetector()
    assert bare.check("you idiot, shut up").reasons == ()
    assert bare.check("a http://x.com b http://y.com c http://z.com").spam
    assert bare.check("asdfgh qwerty zxcvb").gibberish


@given(st.text(max_size=300))
def test_property_spam_verdicts_agree_with_reasons(text: str) -> None:
    result = DETECTOR.check(text)
    assert result.gibberish == (GIBBERISH in result.reasons)
    assert result.abuse == (ABUSE in result.reasons)
    assert result.spam == bool(set(result.reasons) - {GIBBERISH, ABUSE, PROFANITY})


@given(st.sampled_from(GENUINE[:8]), st.sampled_from(["asdfgh", "qwerty", "zxcvb", "hjkl"]))
def test_property_one_mashed_word_does_not_make_a_sentence_gibberish(text: str, mash: str) -> None:
    assert not DETECTOR.check(f"{text} {mash}").gibberish


def test_spam_flags_vocative_insults_and_threats_but_not_complaints() -> None:
    detector = HeuristicSpamDetector(ENGLISH)
    assert detector.check("Keep wasting my time, morons, and see what happens.").abuse
    assert detector.check("Idiots! Cancel it.").abuse
    assert detector.check("I know where your office is.").abuse
    assert not detector.check("The kettle is useless.").abuse
    assert not detector.check("My stupid cat broke it, I want a return.").abuse
