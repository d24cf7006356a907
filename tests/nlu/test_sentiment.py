"""Sentiment, urgency and cue flags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from deskpilot.nlu.sentiment import (
    CHARGEBACK_THREAT,
    DEADLINE,
    EXCLAMATIONS,
    LEGAL_THREAT,
    REPEAT_CONTACT,
    SHOUTING,
    THREAT_TO_LEAVE,
    URGENT,
    SentimentConfig,
    VaderSentimentAnalyzer,
)
from deskpilot.workspace import shipped_lexicon

# The English words the engine ships (``workspace/lexicons/en.yaml``).
ENGLISH = shipped_lexicon("en").sentiment
ANALYZER = VaderSentimentAnalyzer(ENGLISH)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks so much, the keyboard is great!",
        "I love it, best purchase ever",
        "Perfect, that solved it. You've been wonderful.",
    ],
)
def test_sentiment_analyzer_scores_clear_praise_positive_and_calm(text: str) -> None:
    result = ANALYZER.analyze(text)
    assert result.sentiment > 0.5
    assert result.urgency < 0.1


@pytest.mark.parametrize(
    "text",
    [
        "This is terrible, the shirt arrived torn and broken. Awful.",
        "This is unacceptable. I want my money back or I'm disputing the charge with my bank!!!",
        "THIS IS RIDICULOUS WHERE IS MY PACKAGE",
        "Worst service ever, I hate this store",
    ],
)
def test_sentiment_analyzer_scores_clear_complaints_negative(text: str) -> None:
    assert ANALYZER.analyze(text).sentiment < -0.4


@pytest.mark.parametrize(
    ("typographic", "plain"),
    [
        ("ugh\u2026 annoyed", "ugh... annoyed"),
        ("I don\u2019t like it", "I don't like it"),
        ("\u201cgreat\u201d \u2014 broken again", '"great" - broken again'),
    ],
)
def test_sentiment_analyzer_reads_typographic_punctuation_as_ascii(
    typographic: str, plain: str
) -> None:
    assert ANALYZER.analyze(typographic).sentiment == ANALYZER.analyze(plain).sentiment


@pytest.mark.parametrize(
    "text",
    [
        "Where is my order #W1234567?",
        "Please cancel my order",
        "I'd like to return the shirt please",
        "Can you help me change my address?",
    ],
)
def test_sentiment_analyzer_reads_plain_requests_as_neutral(text: str) -> None:
    result = ANALYZER.analyze(text)
    assert abs(result.sentiment) < 0.3
    assert result.urgency < 0.1
    assert result.flags == frozenset()


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("URGENT!!! I need this by tomorrow", {URGENT, DEADLINE, EXCLAMATIONS}),
        ("please respond asap", {URGENT}),
        ("I need it before Friday", {DEADLINE}),
        ("I will contact my lawyer if this isn't fixed", {LEGAL_THREAT}),
        ("I'll file a chargeback", {CHARGEBACK_THREAT}),
        ("I'm cancelling my account and going to a competitor", {THREAT_TO_LEAVE}),
        ("I will never shop here again", {THREAT_TO_LEAVE}),
        ("This is the third time I'm writing about this", {REPEAT_CONTACT}),
        ("I already called twice and nobody has replied", {REPEAT_CONTACT}),
        ("WHY IS NOBODY ANSWERING ME", {SHOUTING}),
    ],
)
def test_sentiment_analyzer_raises_cue_flags(text: str, flags: set[str]) -> None:
    assert ANALYZER.analyze(text).flags == flags


@pytest.mark.parametrize(
    "text",
    [
        "I was charged 3 times for one order",  # repeated charge, not repeated contact
        "Please cancel my order",  # cancelling an order is not leaving
        "I bought it at the FTC building shop",  # an acronym alone is not shouting
        "The court shoes are too small",
    ],
)
def test_sentiment_analyzer_does_not_flag_lookalikes(text: str) -> None:
    flags = ANALYZER.analyze(text).flags
    assert not flags & {REPEAT_CONTACT, THREAT_TO_LEAVE, SHOUTING}


def test_sentiment_analyzer_ranks_urgency() -> None:
    calm = ANALYZER.analyze("Could you tell me when my order ships?").urgency
    deadline = ANALYZER.analyze("I need my order by tomorrow").urgency
    loud = ANALYZER.analyze(
        "URGENT!!! Third time I'm writing, I need it by tomorrow or I'm calling my lawyer"
    ).urgency
    assert calm < 0.1 < deadline < loud
    assert loud > 0.9


def test_sentiment_analyzer_threats_lower_sentiment() -> None:
    plain = ANALYZER.analyze("I want a refund")
    threat = ANALYZER.analyze("I want a refund or I'll take you to small claims")
    assert LEGAL_THREAT in threat.flags
    assert threat.sentiment < plain.sentiment - 0.2


def test_sentiment_analyzer_weights_come_from_config() -> None:
    quiet = VaderSentimentAnalyzer(ENGLISH, SentimentConfig(urgent_weight=0.0))
    assert quiet.analyze("this is urgent").urgency == 0.0
    assert ANALYZER.analyze("this is urgent").urgency == pytest.approx(0.6)
    with pytest.raises(ValidationError):
        SentimentConfig(urgent_weight=2.0)
    with pytest.raises(ValidationError):
        SentimentConfig(urgency=0.5)  # type: ignore[call-arg]


@given(st.text(max_size=200))
def test_property_sentiment_and_urgency_stay_in_range(text: str) -> None:
    result = ANALYZER.analyze(text)
    assert -1.0 <= result.sentiment <= 1.0
    assert 0.0 <= result.urgency <= 1.0


@given(st.text(alphabet="abcdefghij klmnop?.,", max_size=80))
def test_property_adding_an_urgency_cue_never_lowers_urgency(text: str) -> None:
    before = ANALYZER.analyze(text).urgency
    after = ANALYZER.analyze(text + ". This is urgent, I need it by tomorrow.").urgency
    assert after >= before
