"""What the store tells the customer is its workspace's templates, filled with facts: the
evidence audit's findings (``Finding``: a template and its facts, said inside ``not_sure`` or
``before_you_confirm``), and the resolvers' questions (``ask_change``, ``no_such_variant``). A
workspace that writes these templates in German says them in German; no code holds the
English sentences."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domain import Case, CaseId, CustomerId, DialogueState, Understanding
from deskpilot.domains.retail import RetailStore
from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.flows import SlotContext
from deskpilot.pipeline import ReplySpec, TemplateResponder
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE, RetailParts
from .conftest import CATALOGUE, DEMO, RETAIL, Chat
from .test_evidence import ORDERS, PRODUCTS, USER
from .test_variant_reading import _pending_item_in_other_colours

AUDIT = EvidenceAudit.of(RETAIL.vocabulary)
# The store's workspace with some of its templates written in German.
GERMAN = {
    "not_sure": "Das passt nicht ganz: {{ findings|join('; ') }}. Eine Kollegin meldet sich.",
    "before_you_confirm": "Vorab: {{ notes|join('; ') }}.",
    "found_item_not_mentioned": "{{ item }} haben Sie nicht genannt",
    "found_item_set_aside": "{{ item }} gehört nicht dazu, sagten Sie",
    "found_item_left_out": (
        "{{ item }} bleibt draußen{% if conditional %}, wie gewünscht{% endif %}"
    ),
    "found_method_refused": "diese Zahlungsart wollten Sie nicht",
    "found_method_other": "Sie wollten mit {{ methods|join(' oder ') }} zahlen",
    "ask_change": (
        "{% if option is defined %}Welche {{ option }} soll {{ item }} haben?"
        "{% else %}Was soll sich an {{ item }} ändern?{% endif %}"
        "{% if choices %} Es gibt: {{ choices|join(', ') }}.{% endif %}"
    ),
}
GERMAN_RETAIL = dataclasses.replace(
    RETAIL, templates={**RETAIL.templates, "en": {**RETAIL.templates["en"], **GERMAN}}
)


def _found(kind: str, words: str, order: str, proposed: Any) -> list[Any]:
    """What the audit finds in ``words`` for the ``proposed`` value of a slot of ``kind``."""
    record = ORDERS[order]
    if kind == "order_items":
        proposed = [i["item_id"] for i in record["items"] if i["name"] in proposed]
    ctx = SlotContext(
        text=words,
        understanding=Understanding(text=words),
        case=Case(id=CaseId("c1"), customer_id=CustomerId("u1")),
        slots={"order_id": order},
        dialogue=DialogueState(said=(words,), messages=(words,)),
        options={},
        user=USER,
        record=lambda k, rid: {"order": ORDERS, "product": PRODUCTS}[k].get(rid),
        catalogue=CATALOGUE,
    )
    return AUDIT(kind, ctx, proposed, False)


@pytest.mark.parametrize(
    ("kind", "words", "proposed", "english", "german"),
    [
        (
            "order_items",
            "Return the yoga mat.",
            ["Yoga Mat", "Backpack"],
            "you did not mention the Backpack",
            "Backpack haben Sie nicht genannt",
        ),
        (
            "order_items",
            "Return the yoga mat; the backpack I'm keeping.",
            ["Yoga Mat", "Backpack"],
            "you said the Backpack is not part of it",
            "Backpack gehört nicht dazu, sagten Sie",
        ),
        (
            "order_items",
            "Return the yoga mat and the backpack.",
            ["Yoga Mat"],
            "you mentioned the Backpack, which this leaves out",
            "Backpack bleibt draußen",
        ),
        (
            "payment_method",
            "Not the gift card, please.",
            "gift_card_1",
            "you said not to use this payment method",
            "diese Zahlungsart wollten Sie nicht",
        ),
        (
            "payment_method",
            "Use PayPal for the difference.",
            "gift_card_1",
            "you asked to use Paypal",
            "Sie wollten mit Paypal zahlen",
        ),
    ],
)
def test_a_finding_is_said_in_the_workspace_s_templates(
    kind: str, words: str, proposed: Any, english: str, german: str
) -> None:
    [finding] = [f for f in _found(kind, words, "#W1111111", proposed) if f.blocking]
    stopped = ReplySpec("not_sure", {"findings": [ReplySpec(*finding.said)]})
    assert english in TemplateResponder(RETAIL).render(stopped, "en")
    said = TemplateResponder(GERMAN_RETAIL).render(stopped, "en")
    assert said == f"Das passt nicht ganz: {german}. Eine Kollegin meldet sich."


def test_a_note_is_said_before_the_question_in_the_workspace_s_templates() -> None:
    words = "Exchange the yoga mat and the backpack. If the backpack isn't available, only the mat."
    [note] = _found("order_items", words, "#W1111111", ["Yoga Mat"])
    assert not note.blocking
    before = ReplySpec("before_you_confirm", {"notes": [ReplySpec(*note.said)]})
    english = TemplateResponder(RETAIL).render(before, "en")
    assert "as you asked should what you want for it not be available" in english
    german = TemplateResponder(GERMAN_RETAIL).render(before, "en")
    assert german == "Vorab: Backpack bleibt draußen, wie gewünscht."


@pytest.fixture
def german_chat(tmp_path: Path, retail: RetailParts) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    store = RetailStore.in_memory(DEMO)
    runtime = build_runtime(settings, retail.registry, workspace=GERMAN_RETAIL, store=store)
    yield Chat(runtime)
    runtime.close()


def test_a_resolver_s_question_is_said_in_the_workspace_s_templates(german_chat: Chat) -> None:
    # "Can I still change the colour of …?": the question names the option and the values the
    # item comes in, in the workspace's words (test_variant_reading says it in English).
    order_id, item, other, email = _pending_item_in_other_colours()
    german_chat.say(email)
    reply = german_chat.say(
        f"Can I still change the colour of the {item['name'].lower()} in {order_id}?"
    )
    assert reply.startswith(f"Welche color soll {item['name']} haben? Es gibt: "), reply
    assert other["options"]["color"] in reply
