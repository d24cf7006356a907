"""How a message's parts are named: a request of its own when a part is recognised surely, and a
run of pieces after a request, none sure alone, when they are sure together."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from deskpilot.domain import IntentScore
from deskpilot.nlu import IntentPrediction
from deskpilot.nlu.understander import ClassifierIntentScorer, NluUnderstander
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)
REQUESTS = WORKSPACE.vocabulary.requests

MESSAGE = (
    "Cancel order #W1234567, I don't need it anymore. And in my other order the hose is a "
    "green 25ft one. I want vinyl instead, same length. Paypal."
)


def _scorer(sure: Callable[[str], str | None]) -> Callable[[str], Sequence[IntentScore]]:
    """Sure of what ``sure`` names for a text, unsure (0.4) of an item change otherwise."""

    def score(text: str) -> Sequence[IntentScore]:
        name = sure(text)
        if name is not None:
            return [IntentScore(name, 0.9), IntentScore("modify_order_items", 0.05)]
        return [IntentScore("modify_order_items", 0.4), IntentScore("cancel_order", 0.3)]

    return score


def _whole_and_cancel(text: str) -> str | None:
    if text.startswith("Cancel order"):
        return "cancel_order"
    return "modify_order_items" if "hose" in text and "vinyl" in text else None


def test_pieces_sure_only_together_are_a_request_of_their_own() -> None:
    understander = NluUnderstander(_scorer(_whole_and_cancel), requests=REQUESTS)
    u = understander.understand(MESSAGE, None)
    named = [name for name, _ in u.parts]
    assert named[0] == "cancel_order"
    assert named[1:] == ["modify_order_items"] * (len(named) - 1), u.parts
    assert "intent:modify_order_items" in u.flags


def test_a_run_that_asks_nothing_stays_with_the_request_before_it() -> None:
    # The same pieces without a wish ("I want …"): read together they are sure, but nothing in
    # them asks, so no request is added.
    story = MESSAGE.replace("I want vinyl instead", "Vinyl would be nicer")
    understander = NluUnderstander(_scorer(_whole_and_cancel), requests=REQUESTS)
    u = understander.understand(story, None)
    assert [name for name, _ in u.parts][1:] == [""] * (len(u.parts) - 1), u.parts
    assert "intent:modify_order_items" not in u.flags


def test_a_run_unsure_together_too_stays_unnamed() -> None:
    understander = NluUnderstander(
        _scorer(lambda t: "cancel_order" if t.startswith("Cancel order") else None),
        requests=REQUESTS,
    )
    u = understander.understand(MESSAGE, None)
    assert [name for name, _ in u.parts][1:] == [""] * (len(u.parts) - 1), u.parts


def _sure_parts(text: str) -> str | None:
    if text.startswith("Cancel order"):
        return "cancel_order"
    return "modify_order_items" if text.startswith("I want vinyl") else None


def _unsure_whole(
    sure: Callable[[str], str | None], whole: float
) -> Callable[[str], Sequence[IntentScore]]:
    """Sure of each part ``sure`` names; of the whole message, an item change at ``whole``."""

    def score(text: str) -> Sequence[IntentScore]:
        if text == MESSAGE:
            return [IntentScore("modify_order_items", whole), IntentScore("cancel_order", 0.2)]
        name = sure(text)
        if name is not None:
            return [IntentScore(name, 0.9), IntentScore("return_items", 0.05)]
        return [IntentScore("return_items", 0.3), IntentScore("cancel_order", 0.2)]

    return score


@pytest.mark.parametrize(("whole", "flagged"), [(0.3, True), (0.5, False)])
def test_a_part_of_the_whole_reading_is_its_own_request_when_that_reading_is_unsure(
    whole: float, flagged: bool
) -> None:
    # Read as a whole the message is an item change, too unsure to lead (below review: 0.45
    # here): the cancellation part leads, and the item change part must still be a request of
    # its own, or it is dropped without a word. A sure whole reading leads by itself.
    understander = NluUnderstander(
        _unsure_whole(_sure_parts, whole), requests=REQUESTS, review_threshold=0.45
    )
    u = understander.understand(MESSAGE, None)
    assert "intent:cancel_order" in u.flags
    assert ("intent:modify_order_items" in u.flags) is flagged, u.flags


def _by_words(sure: dict[str, str]) -> Callable[[str], Sequence[IntentScore]]:
    """Sure (0.9) of the request named for the first of ``sure``'s words a text holds."""

    def score(text: str) -> Sequence[IntentScore]:
        for words, name in sure.items():
            if words in text:
                return [IntentScore(name, 0.9), IntentScore("order_status", 0.05)]
        return [IntentScore("order_status", 0.3), IntentScore("cancel_order", 0.2)]

    return score


TWO_CHANGES = (
    "jo@example.com. The e-reader I got has a stuck pixel - please exchange it for the same one. "
    "And the wall clock in my pending order: smaller, white, still analog. Mastercard."
)


def test_a_thing_of_theirs_named_before_a_colon_asks_for_what_follows() -> None:
    # "The wall clock in my pending order: smaller, white" asks for a change without a verb;
    # a classifier sure of the change makes it a request of its own.
    understander = NluUnderstander(
        _by_words({"exchange": "exchange_items", "wall clock": "modify_order_items"}),
        requests=REQUESTS,
    )
    u = understander.understand(TWO_CHANGES, None)
    named = dict((piece, name) for name, piece in u.parts)
    clock = next(piece for piece in named if "wall clock" in piece)
    assert named[clock] == "modify_order_items", u.parts
    assert "intent:modify_order_items" in u.flags


@pytest.mark.parametrize(
    "piece",
    [
        "The wall clock is lovely: smaller, white",  # nothing of theirs named
        "my zip is 10:30",  # a time, not a colon after a thing
    ],
)
def test_no_colon_without_a_thing_of_theirs_asks(piece: str) -> None:
    understander = NluUnderstander(_by_words({}), requests=REQUESTS)
    assert not understander.segmenter.asks(piece)


def test_what_leads_into_a_request_in_the_same_sentence_is_that_request_s() -> None:
    # "The e-reader I got has a stuck pixel" describes what the exchange is about: it is the
    # exchange's words, not context every request of the message shares; the e-mail before it
    # (another sentence) is shared.
    understander = NluUnderstander(
        _by_words({"exchange": "exchange_items", "wall clock": "modify_order_items"}),
        requests=REQUESTS,
    )
    u = understander.understand(TWO_CHANGES, None)
    assert ("", "jo@example.com") in u.parts, u.parts
    assert ("exchange_items", "The e-reader I got has a stuck pixel") in u.parts, u.parts


def test_what_a_colon_introduces_for_several_requests_stays_shared() -> None:
    message = (
        "two things for my LA order: exchange the speaker for a green one, and ship the order "
        "to my new york address"
    )
    understander = NluUnderstander(
        _by_words({"exchange": "exchange_items", "ship": "modify_order_address"}),
        requests=REQUESTS,
    )
    u = understander.understand(message, None)
    assert ("", "two things for my LA order") in u.parts, u.parts


def test_a_greeting_before_a_comma_does_not_hide_the_request() -> None:
    # Read as a whole, "hi there, I need to send back some boots" is a greeting; the greeting
    # is a part of its own (requests.greetings), so the request beside it is read.
    understander = NluUnderstander(_by_words({"send back": "return_items"}), requests=REQUESTS)
    u = understander.understand("hi there, I need to send back some boots", None)
    assert "I need to send back some boots" in [piece for _, piece in u.parts], u.parts
    assert "intent:return_items" in u.flags or u.parts[-1][0] == "return_items", u.parts
    # "Hi, Yusuf Li 91148": a one-word greeting stays with what follows
    u = understander.understand("hi, yusuf li 91148. two things", None)
    assert u.parts[0][1] == "hi, yusuf li 91148", u.parts


CANCEL_THEN_CHANGE = (
    "First, cancel my order with the tablet, I ordered it by mistake. Then, in my other order: "
    "I want the sunglasses with a silver frame. And the action camera there should be the 5K "
    "one. And the e-reader, please exchange it too."
)


def test_a_piece_asking_nothing_joined_to_a_request_is_that_requests() -> None:
    # "And the action camera there should be the 5K one" asks nothing of its own and goes on
    # with the item change before it: it is that request's words, not context for the
    # cancellation too (which then read it as "and that order as well"). A joined piece that
    # asks for something ("And the e-reader, please exchange it too") keeps its own reading.
    understander = NluUnderstander(
        _by_words(
            {
                "cancel": "cancel_order",
                "sunglasses": "modify_order_items",
                "e-reader": "exchange_items",
            }
        ),
        requests=REQUESTS,
    )
    u = understander.understand(CANCEL_THEN_CHANGE, None)
    named = {piece: name for name, piece in u.parts}
    camera = next(piece for piece in named if "action camera" in piece)
    reader = next(piece for piece in named if "e-reader" in piece)
    assert named[camera] == "modify_order_items", u.parts
    assert named[reader] == "exchange_items", u.parts


def test_a_joined_piece_stays_shared_when_the_message_holds_one_request() -> None:
    understander = NluUnderstander(_by_words({"cancel": "cancel_order"}), requests=REQUESTS)
    u = understander.understand(
        "Please cancel my order with the tablet. And the one with the lamp.", None
    )
    # One request: nothing to tell apart, the piece stays the message's shared words.
    assert u.parts == (
        ("cancel_order", "Please cancel my order with the tablet"),
        ("", "And the one with the lamp"),
    )


def _pay_when_asked_alone(text: str) -> str | None:
    # sure of a payment change only in the asking words, as the classifier is when the topic's
    # product names pull the whole part towards an item change
    if text.startswith("Cancel"):
        return "cancel_order"
    return "modify_order_payment" if text.startswith("I want to pay") else None


def test_a_topic_named_before_a_comma_is_read_in_the_words_that_ask() -> None:
    message = (
        "Cancel the order with the kettle, I don't need it. And the order with the laptop and "
        "the gaming mouse, I want to pay that with PayPal instead of my visa."
    )
    understander = NluUnderstander(_scorer(_pay_when_asked_alone), requests=REQUESTS)
    u = understander.understand(message, None)
    assert [name for name, _ in u.parts] == ["cancel_order", "modify_order_payment"], u.parts


@pytest.mark.parametrize(
    ("piece", "clause"),
    [
        (
            "And the order with the laptop, I want to pay that with PayPal",
            "I want to pay that with PayPal",
        ),
        ("the red helmet in my order, can you make it blue", "can you make it blue"),
        # a condition is no topic
        ("If I have to pay a difference, use my gift card", None),
        # a question before the comma asks by itself
        ("What's the biggest zoom you sell, and which one has it", None),
        # no thing named
        ("Honestly, I want to return it", None),
        # too short to be a request of its own
        ("the kettle, I want", None),
    ],
)
def test_the_asking_words_after_a_named_topic(piece: str, clause: str | None) -> None:
    understander = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS)
    assert understander.segmenter.clause(piece) == clause


def test_words_going_on_with_the_topic_after_its_comma_ask_nothing_new() -> None:
    understander = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS)
    assert understander.segmenter.clause("the blue kettle, which I want to keep") is None


@pytest.mark.parametrize(
    ("piece", "asks"),
    [
        ("And the blue t-shirt I received is too big: a size smaller please", True),
        ("the kettle in black, please", True),
        ("the boots look worn", False),
        ("The blue t-shirt I received is too big", False),
    ],
)
def test_a_part_saying_please_asks_for_something(piece: str, asks: bool) -> None:
    understander = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS)
    assert understander.segmenter.asks(piece) is asks


class _CountingClassifier:
    """A classifier that counts the texts it is asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
        self.read.extend(texts)
        return [IntentPrediction((IntentScore("cancel_order", 0.9),), False, 0.1) for _ in texts]


class _ReadingApart(_CountingClassifier):
    """A counting classifier that reads each text of a call as it would alone."""

    reads_each_alone = True

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
        self.calls.append(list(texts))
        return super().classify(texts)


def test_a_message_and_its_parts_are_read_in_one_call() -> None:
    # One call to the classifier costs little more than one text: the whole message and each
    # of its parts are read together, each once, and the readings are those of each text.
    classifier = _ReadingApart()
    scorer = ClassifierIntentScorer(classifier)
    understander = NluUnderstander(scorer, oos=scorer.out_of_scope, requests=REQUESTS)
    u = understander.understand(MESSAGE, None)
    assert len(u.parts) > 1
    pieces = understander.segmenter.segments(MESSAGE)
    assert len(pieces) > 1 and len(classifier.calls[0]) == 1 + len(pieces)
    assert len(classifier.read) == len(set(classifier.read))
    assert u.intents == (IntentScore("cancel_order", 0.9),) and not u.out_of_scope


def test_a_message_of_several_parts_is_classified_once_per_text() -> None:
    # Read whole, in its parts, and whole again for the out-of-scope verdict: the model is
    # asked once per distinct text, the same reading given each time.
    counting = _CountingClassifier()
    scorer = ClassifierIntentScorer(counting)
    understander = NluUnderstander(scorer, oos=scorer.out_of_scope, requests=REQUESTS)
    u = understander.understand(MESSAGE, None)
    assert len(u.parts) > 1
    assert len(counting.read) == len(set(counting.read))
    assert u.intents == (IntentScore("cancel_order", 0.9),) and not u.out_of_scope


def test_a_short_answer_read_again_later_comes_from_memory() -> None:
    # "thanks" comes back conversation after conversation: read once, remembered past the
    # twenty other texts read in between, the least recently read forgotten past the bound. A
    # longer message is remembered only while a few others are read after it.
    counting = _CountingClassifier()
    scorer = ClassifierIntentScorer(counting)
    scorer("thanks")
    scorer("where is my order number 0")
    for i in range(1, 21):
        scorer(f"where is my order number {i}")
    scorer("thanks")
    assert counting.read.count("thanks") == 1
    scorer("where is my order number 0")
    assert counting.read.count("where is my order number 0") == 2
    for i in range(300):
        scorer(f"parcel {i}")
    scorer("thanks")
    assert counting.read.count("thanks") == 2


def test_a_scorer_over_another_model_reads_afresh() -> None:
    # The memory belongs to one scorer, over one model: a workspace loaded anew (its own
    # classifier) reads every text with that model, whatever the old one remembered.
    class _Returns(_CountingClassifier):
        def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
            self.read.extend(texts)
            return [
                IntentPrediction((IntentScore("return_items", 0.8),), False, 0.1) for _ in texts
            ]

    first = ClassifierIntentScorer(_CountingClassifier())
    assert first("thanks")[0].name == "cancel_order"
    again = ClassifierIntentScorer(_Returns())
    assert again("thanks")[0].name == "return_items"


HOME_THEN_RETURN = (
    "Noah Sanchez, zip 20056. My pending order with the laptop is set to go to Philadelphia, "
    "but I'm home now - please ship it to my home address. Also I want to return the earbuds "
    "from my other order."
)


def _sure_together(text: str) -> Sequence[IntentScore]:
    """Sure of the return, and of the address change only with what the order is said to be
    (as the classifier reads "please ship it to my home address" alone: 0.7)."""
    if text.startswith("Also I want to return"):
        return [IntentScore("return_items", 0.9), IntentScore("order_status", 0.05)]
    if "Philadelphia" in text and "ship it" in text and "return" not in text:
        return [IntentScore("modify_order_address", 0.85), IntentScore("order_status", 0.1)]
    return [IntentScore("return_items", 0.5), IntentScore("modify_order_address", 0.45)]


def test_a_run_before_a_request_keeps_its_last_piece_when_that_piece_asks() -> None:
    # Before the return, the pieces sure of nothing alone are sure together of the address
    # change; their last piece asks ("please ship it …"), so it is no mere topic of the return
    # that follows: it is the address change's, and that change is a request of its own. The
    # pieces before it stay what every request of the message is about (but for the one that
    # leads into it in the same sentence, which is its own).
    understander = NluUnderstander(_sure_together, requests=REQUESTS)
    u = understander.understand(HOME_THEN_RETURN, None)
    named = {piece: name for name, piece in u.parts}
    assert named["please ship it to my home address"] == "modify_order_address", u.parts
    assert named["Noah Sanchez, zip 20056"] == "", u.parts
    assert "intent:modify_order_address" in u.flags, u.flags


@pytest.mark.parametrize(
    ("message", "first"),
    [
        # who the customer is, then the request: the address stands alone
        ("james.li@example.com. i want to return a water bottle", "james.li@example.com"),
        ("jo@example.com - my delivered order has a red luggage set", "jo@example.com"),
        # one word that is no address still joins what follows
        ("Hi. I want to return a water bottle", "Hi. I want to return a water bottle"),
    ],
)
def test_an_address_given_alone_is_a_part_of_its_own(message: str, first: str) -> None:
    understander = NluUnderstander(_by_words({}), requests=REQUESTS)
    assert understander.segmenter.segments(message)[0] == first


STORY = (
    "Isabella Taylor, 60646. My portable charger stopped charging after a week. Can I get the "
    "exact same one as a replacement? Gift card if there's anything to pay."
)


def _asking_at(part: float, whole: float) -> Callable[[str], Sequence[IntentScore]]:
    """The asking part read as an exchange at ``part``; the whole message at ``whole``; the
    rest of the story as nothing much."""

    def score(text: str) -> Sequence[IntentScore]:
        if text == STORY:
            return [IntentScore("modify_order_payment", whole), IntentScore("exchange_items", 0.1)]
        if text.startswith("Can I get"):
            return [IntentScore("exchange_items", part), IntentScore("return_items", 0.1)]
        return [IntentScore("product_info", 0.2), IntentScore("order_status", 0.1)]

    return score


@pytest.mark.parametrize(
    ("part", "whole", "likely"),
    [
        (0.65, 0.24, True),  # asked between the bands, the whole read as nothing: named
        (0.3, 0.24, False),  # below the review band: nothing is named
        (0.9, 0.24, False),  # read surely: a request of its own, not a likely one
        # listed though the whole reading leads: the generator asks nothing back then, and
        # a question the whole was read as that a part asks keeps its lead
        (0.65, 0.5, True),
    ],
)
def test_a_part_asking_between_the_bands_is_the_likely_request(
    part: float, whole: float, likely: bool
) -> None:
    understander = NluUnderstander(
        _asking_at(part, whole), requests=REQUESTS, review_threshold=0.34, part_threshold=0.75
    )
    u = understander.understand(STORY, None)
    asked = ("exchange_items", "Can I get the exact same one as a replacement")
    assert (u.likely[:1] == (asked,)) is likely, u.likely


@pytest.mark.parametrize(
    ("piece", "asks", "wished"),
    [
        # a wish after a comma asks; the request is read from the wish on too
        (
            "then the camera I got, its 20MP with a CF card, I want the 30MP one instead",
            True,
            "I want the 30MP one instead",
        ),
        ("the blue kettle, which I want to keep", False, None),
        # a part asking outright is read as a whole
        ("please swap the camera I got, I want the 30MP one", True, None),
        # the number of a list item is passed over, and an order of theirs before a colon asks
        ("2) In my pending order with the e-reader: the e-reader should have cellular", True, None),
        ("2) the e-reader should have cellular", False, None),
    ],
)
def test_a_wish_after_a_comma_or_a_listed_topic_asks(
    piece: str, asks: bool, wished: str | None
) -> None:
    understander = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS)
    assert understander.segmenter.asks(piece) is asks
    assert understander.segmenter.wished(piece) == wished


def _return_whole_watch_exchange(text: str) -> str | None:
    if text.startswith("and the smart watch"):
        return "exchange_items"
    return "return_items" if "return" in text else None


@pytest.mark.parametrize(
    ("between", "named"),
    [
        # one sentence: the verb before the semicolon ("again please") asks for the watch too
        ("; and", "exchange_items"),
        (" - and", "exchange_items"),
        # a sentence's end: what follows is a statement of its own, it asks nothing
        (". And", ""),
    ],
)
def test_a_joined_half_of_an_asking_sentence_asks_too(between: str, named: str) -> None:
    # "… the same hose again please; and the smart watch for a black one": the second half has
    # no verb of its own, and read surely as another request it was lost beside the return.
    message = (
        "From my order with the phone: the hose leaks, so the same hose again please"
        f"{between} the smart watch for a black one with a silicone band. "
        "Also, return the hiking boots from my other order."
    )
    understander = NluUnderstander(_scorer(_return_whole_watch_exchange), requests=REQUESTS)
    u = understander.understand(message, None)
    watch = [name for name, piece in u.parts if "smart watch" in piece]
    assert watch == [named], u.parts
    assert ("intent:exchange_items" in u.flags) is bool(named)


@pytest.mark.parametrize(
    ("message", "pieces"),
    [
        # a listed thing's number starts a part, after a comma too, and is passed over when the
        # part is read for asking
        (
            "I want to return the kettle, secondly, cancel my order with the lamp",
            ["I want to return the kettle", "secondly, cancel my order with the lamp"],
        ),
        (
            "Firstly, exchange the boots. Thirdly, could the kettle be a black one",
            ["Firstly, exchange the boots", "Thirdly, could the kettle be a black one"],
        ),
    ],
)
def test_the_number_of_a_listed_thing_starts_a_part_that_asks(
    message: str, pieces: list[str]
) -> None:
    segmenter = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS).segmenter
    assert segmenter.segments(message) == pieces
    assert all(segmenter.asks(piece) for piece in pieces)


COURTESY = (
    "the thermostat i got is white and it looks awful. can i exchange it? black or stainless "
    "steel, whichever is cheaper, still homekit please. gift card for the difference"
)


def _exchange_and_status(whole: float) -> Callable[[str], Sequence[IntentScore]]:
    """The whole message an exchange at ``whole``; the part asking it an exchange, surely; the
    part saying only how the item ought to be, with a "please", an order-status question,
    surely (as the TF-IDF classifier reads "still homekit")."""

    def score(text: str) -> Sequence[IntentScore]:
        if text.startswith("the thermostat"):
            return [IntentScore("exchange_items", whole), IntentScore("order_status", 0.01)]
        if text.startswith("black or"):
            return [IntentScore("order_status", 0.8), IntentScore("exchange_items", 0.05)]
        if "exchange" in text:
            return [IntentScore("exchange_items", 0.95), IntentScore("order_status", 0.01)]
        return [IntentScore("order_status", 0.1), IntentScore("exchange_items", 0.1)]

    return score


@pytest.mark.parametrize(("whole", "flagged"), [(0.95, False), (0.5, True)])
def test_a_part_asking_only_by_courtesy_asks_only_what_the_message_asks(
    whole: float, flagged: bool
) -> None:
    understander = NluUnderstander(_exchange_and_status(whole), requests=REQUESTS)
    u = understander.understand(COURTESY, None)
    wish = next(name for name, piece in u.parts if piece.startswith("black or"))
    # read surely as an exchange, the message's "please" part is that exchange's words; when
    # the message is read unsurely, a part read surely is still a request of its own
    assert (wish == "order_status") is flagged, u.parts
    assert ("intent:order_status" in u.flags) is flagged, u.flags


@pytest.mark.parametrize(
    ("piece", "only"),
    [
        ("black or stainless steel, whichever is cheaper, still homekit please", True),
        ("And the blue t-shirt I received is too big: a size smaller please", True),
        ("please cancel the kettle order", False),
        ("the kettle in black, I would like it please", False),
        ("the boots look worn", False),
    ],
)
def test_a_part_asking_by_a_word_of_courtesy_alone(piece: str, only: bool) -> None:
    understander = NluUnderstander(_scorer(lambda _: None), requests=REQUESTS)
    assert understander.segmenter.asks_only_politely(piece) is only


CORRECTED = "the kettle in order #W1234567 should be black. {payment}"


def _corrected_scores(text: str) -> Sequence[IntentScore]:
    """An item change for the whole message; a payment change for a tail that names a method;
    a return for a refund."""
    if text.startswith("the kettle"):
        return [IntentScore("modify_order_items", 0.6), IntentScore("modify_order_payment", 0.2)]
    if "paypal" in text.lower():
        return [IntentScore("modify_order_payment", 0.9), IntentScore("modify_order_items", 0.05)]
    if "exchange" in text.lower():
        return [IntentScore("exchange_items", 0.9), IntentScore("return_items", 0.05)]
    return [IntentScore("return_items", 0.8), IntentScore("modify_order_items", 0.1)]


@pytest.mark.parametrize(
    ("payment", "top"),
    [
        # what follows the correction names a value of the kind it takes back (both marked
        # as payment methods), or asks for nothing: a detail is corrected, not the request
        ("Refund to my gift card - actually no, put it on PayPal.", "modify_order_items"),
        ("Charge my gift card, or rather PayPal.", "modify_order_items"),
        # a request taken back for another: the later request is the message's
        ("Return it... no wait, I mean exchange it.", "exchange_items"),
    ],
)
def test_a_correction_changes_the_request_only_when_it_asks_for_another(
    payment: str, top: str
) -> None:
    understander = NluUnderstander(
        _corrected_scores,
        requests=REQUESTS,
        marked=WORKSPACE.span_examples(),
        choices=WORKSPACE.vocabulary.choices,
    )
    u = understander.understand(CORRECTED.format(payment=payment), None)
    assert u.intents[0].name == top, u.intents


def test_a_piece_whose_verb_points_back_goes_on_with_the_request_before_it() -> None:
    # "… and put it on my Mastercard" is the second half of the payment change, not the first
    # words of the item change listed after it.
    message = (
        "1) please take the payment off the gift card and put it on my Mastercard ending 9536 "
        "2) the bicycle should be the red one. Mastercard for any difference."
    )

    def sure(text: str) -> str | None:
        return "modify_order_payment" if text.startswith("1) please take") else None

    u = NluUnderstander(_scorer(sure), requests=REQUESTS).understand(message, None)
    named = dict((piece, name) for name, piece in u.parts)
    assert named["put it on my Mastercard ending 9536"] == "modify_order_payment", u.parts


def test_pieces_counted_out_read_as_the_message_s_sure_request_are_one_of_their_own() -> None:
    # "First, …" opens a request of the kind the message is sure of, though "Second, …" names
    # that kind already and the pieces read it only likely (the review band) together.
    message = (
        "You have two exchanges to make. First, the makeup kit you received is for light skin; "
        "you want the one for dark skin instead. Second, from the order with two skateboards, "
        "exchange the plastic one for a bamboo one."
    )

    def score(text: str) -> Sequence[IntentScore]:
        if text == message or text.startswith("Second"):
            return [IntentScore("exchange_items", 0.9), IntentScore("modify_order_items", 0.05)]
        if text.startswith("First") and "dark skin" in text:
            return [IntentScore("exchange_items", 0.6), IntentScore("modify_order_items", 0.2)]
        return [IntentScore("modify_order_items", 0.4), IntentScore("exchange_items", 0.3)]

    understander = NluUnderstander(
        score, requests=REQUESTS, review_threshold=0.34, part_threshold=0.75
    )
    u = understander.understand(message, None)
    named = [name for name, piece in u.parts if "skin" in piece]
    assert named == ["exchange_items", "exchange_items"], u.parts


@pytest.mark.parametrize(
    "piece",
    [
        "For your other pending order, with the gaming mouse and laptop, you want to pay with "
        "PayPal instead of your Visa",
        "In that order, you'd like the laptop in black",
    ],
)
def test_a_goal_described_in_the_second_person_asks(piece: str) -> None:
    assert NluUnderstander(_scorer(lambda _: None), requests=REQUESTS).segmenter.asks(piece)
