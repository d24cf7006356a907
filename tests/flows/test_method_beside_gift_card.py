"""A credit card named beside a gift card (docs/understanding.md, "A wish said as the new
thing, and a method for the difference").

"Gift card" names no card of the customer's, so a message naming one used to read no card at
all, even one said as "my credit card": "I want it paid with my gift card, and the large black
helmet should be … Put that difference on my credit card" had the gift card pay the helmet's
change, a write nobody asked for. Both methods are now read: which pays the difference is asked
when nothing says it, and the credit card pays when the words give it the difference.
"""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Daiki Li (Visa 3665, gift card $60): pending #W6958840 with two cycling helmets (S white low;
# L black low) among other things.
DAIKI = "Daiki Li, 75201."


def _run(name: str, asked: str, expect: dict[str, object], tmp_path: Path) -> None:
    case = conversation_case(name, [DAIKI, asked, "yes"], expect)
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


def test_two_methods_for_one_change_are_asked_about(tmp_path: Path) -> None:
    asked = (
        "My gift card should pay for my pending order, and the large black helmet should be a"
        " small with medium ventilation, same colour. Put that difference on my credit card."
    )
    expect = {"actions": [], "replies_contain": ["Visa card ending 3665"]}
    _run("helmet with a card beside the gift card", asked, expect, tmp_path)


def test_the_credit_card_said_beside_a_gift_card_pays(tmp_path: Path) -> None:
    asked = (
        "The large black helmet in my pending order should be a small with medium ventilation,"
        " same colour. I have a gift card but the difference goes on my credit card."
    )
    helmet = expected_write(
        "modify_pending_order_items",
        order_id="#W6958840",
        item_ids=["6048672633"],
        new_item_ids=["5537798301"],
        payment_method_id="credit_card_1687024",
    )
    _run("helmet on the credit card", asked, {"actions": [helmet]}, tmp_path)
