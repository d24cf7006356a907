"""A refusal of the store is said in the workspace's words: the flow engine renders the
reason's template (``Refusal.said``) inside the flow's ``failure`` reply, so a workspace whose
templates are German says it in German (tests/actions/test_refusal_reasons.py checks that the
English templates say what the record says)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskpilot.domains.retail import RetailStore
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE, RetailParts
from .conftest import DEMO, RETAIL, Chat
from .test_requests_in_words import _short_gift_card_and_two_pending

GERMAN = {
    "action_refused": "Das geht leider nicht: {{ reason }}",
    "reason_gift_card_short": (
        "Ihre Geschenkkarte hat nur {{ '%.2f'|format(balance) }} $, zu wenig für "
        "{% if order_id is none %}den Preisunterschied{% else %}Bestellung {{ order_id }}"
        "{% endif %} ({{ '%.2f'|format(amount) }} $)."
    ),
}
GERMAN_RETAIL = dataclasses.replace(
    RETAIL, templates={**RETAIL.templates, "en": {**RETAIL.templates["en"], **GERMAN}}
)


@pytest.fixture
def german_chat(tmp_path: Path, retail: RetailParts) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    store = RetailStore.in_memory(DEMO)
    runtime = build_runtime(settings, retail.registry, workspace=GERMAN_RETAIL, store=store)
    yield Chat(runtime)
    runtime.close()


def test_a_refusal_is_said_in_the_workspace_s_templates(german_chat: Chat) -> None:
    # The gift card cannot pay the order: the store's refusal, said before the "yes" (in
    # English by test_requests_in_words), in the German workspace's words.
    user, short, other = _short_gift_card_and_two_pending()
    german_chat.say(user["email"])
    reply = german_chat.say(
        f"Please pay order {short} with my gift card. Then cancel {other}, I don't need it."
    )
    assert "Das geht leider nicht: Ihre Geschenkkarte hat nur " in reply, reply
    assert f"zu wenig für Bestellung {short} (" in reply, reply
    assert "balance" not in reply and "not enough" not in reply
