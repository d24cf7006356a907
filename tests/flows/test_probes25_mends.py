"""What probes25's first run found unread (docs/understanding.md, "Probes 25", 2026-12-07), on
the reference store:

- "ok then i'll just keep the one i have" to the closest variant offered: its "ok" was read as
  the yes and the offered bed was exchanged; a withdrawal now wins over a yes word while a
  question waits, and "I'll just keep …" withdraws like "I'll keep …";
- "the wireless one, still black" of a black optical mouse (only the black wireless one has a
  laser sensor) was handed to a person, and "the wireless version in black" offered a white one
  first; a value named as it is settles the variant, for the audit and for the closest offered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Sophia Garcia (zip 78263), gift card: delivered #W1023987 (luggage set, pet bed medium memory
# foam brown; no medium memory foam bed comes in grey) and #W8727985 (tablet, puzzle).
SOPHIA = "hi, sophia garcia, zip 78263."


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "declined",
    [
        "Okay. I'll just keep mine then.",
        "ok fine, ill just keep the one i have",
        "ok, I'll think about it and get back to you",
    ],
)
def test_a_withdrawal_beside_a_yes_word_declines_the_offer(declined: str, tmp_path: Path) -> None:
    _run(
        "the grey bed declined",
        [f"{SOPHIA} can I swap the brown pet bed I got for the same bed in grey?", declined, "yes"],
        [],
        tmp_path,
    )


# Evelyn Gonzalez (PayPal, a card) and Mei Silva (PayPal): a black optical wired gaming mouse
# delivered; the only black wireless mouse has a laser sensor (a white wireless one keeps optical).
EVELYN = "hi, evelyn.gonzalez7152@example.com."
MEI = "hi im mei silva, 91147."


def _mouse(order: str, payment: str) -> dict[str, Any]:
    return expected_write(
        "exchange_delivered_order_items",
        order_id=order,
        item_ids=["3330317167"],
        new_item_ids=["8214883393"],
        payment_method_id=payment,
    )


def test_a_value_kept_by_name_settles_the_variant_too(tmp_path: Path) -> None:
    """ "still black": the sensor that must change is said before the yes, not handed to a
    person (the audit's variant keeping the sensor is white)."""
    asked = f"{EVELYN} can I exchange my gaming mouse for the wireless one, still black?"
    _run("still black", [asked, "paypal", "yes"], [_mouse("#W4500945", "paypal_6069934")], tmp_path)


@pytest.mark.parametrize(
    "asked",
    [
        "could I swap my gaming mouse for the wireless version in black?",
        "i'd like to exchange my black gaming mouse for a wireless black one",
    ],
)
def test_the_offer_keeps_a_value_named_as_it_is(asked: str, tmp_path: Path) -> None:
    """No black optical wireless mouse: the black laser one is offered first, not the white
    optical one that keeps an option they never named."""
    _run(
        "the black one offered",
        [f"{MEI} {asked}", "yes", "paypal", "yes"],
        [_mouse("#W2640384", "paypal_6619428")],
        tmp_path,
    )
