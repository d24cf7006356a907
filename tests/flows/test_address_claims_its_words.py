"""An address written out claims its words before any product does: "4410 Aspen Trail, Portland,
OR 97201" names no Trail Running Shoes, so the order the customer points at is the one whose
address changes (docs/understanding.md, "Sure readings the records contradict")."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CATALOGUE, NLU, Chat, runtime_understood_by

KIRA = "kira.abbott3651@example.com"  # pending #W6013302 (a desk chair), #W8441771 (trail shoes)


@pytest.mark.parametrize(
    "address",
    ["4410 Aspen Trail, Portland, OR 97201", "4410 aspen trail, Suite 2, portland, oregon 97201"],
)
def test_a_street_written_out_names_no_product(address: str) -> None:
    assert not [e for e in CATALOGUE.match(f"please ship it to {address}") if e.type == "product"]


def test_the_trail_shoes_are_still_named_beside_an_address() -> None:
    found = CATALOGUE.match("ship the trail shoes to 4410 Aspen Trail, Portland, OR 97201")
    assert [e.value for e in found if e.type == "product"] == ["Trail Running Shoes"] * 2


def test_the_order_pointed_at_is_sent_to_an_address_on_a_trail(tmp_path: Path) -> None:
    runtime = runtime_understood_by(tmp_path, NLU)
    try:
        chat = Chat(runtime)
        chat.say(KIRA)
        said = chat.say(
            "Please ship my order with the desk chair to 4410 Aspen Trail, Portland, OR 97201"
        )
        assert "#W6013302" in said and "4410 Aspen Trail" in said, said
        chat.say("yes")
        assert [w[1]["order_id"] for w in chat.writes()] == ["#W6013302"], chat.replies
    finally:
        runtime.close()
