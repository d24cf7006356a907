"""A part no request claimed that reads alone as another kind of request, and waits its turn
with its words, is no longer the started request's words too (docs/understanding.md,
"(2026-12-12)"): "Two things: the grill in my pending order with the running shoes should be a
gas one … And please cancel the order with the blue helmet" started the cancellation from the
whole message, whose grill part described the grill's order, and the cancellation was of that
order (single items of it, before: no write, and the helmet's order never cancelled)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Evelyn Lopez: pending #W3007862 (running shoes; an electric medium grill with a side burner,
# 5666020311), pending #W1890669 (a blue cycling helmet); a Mastercard, credit_card_3566337.
SAID = (
    "Hi, evelyn.lopez6910@example.com. Two things: the grill in my pending order with the "
    "running shoes should be a gas one, portable, keep the side burner. Mastercard for the "
    "difference. And please cancel the order with the blue helmet - I ordered it by mistake."
    "\n\nBest,\nEvelyn"
)


def test_a_part_queued_as_another_request_is_not_the_started_ones(tmp_path: Path) -> None:
    case = conversation_case(
        "the grill's change, then the helmet order cancelled",
        [SAID, "yes", "yes"],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W3007862",
                    item_ids=["5666020311"],
                    new_item_ids=["9724317332"],
                    payment_method_id="credit_card_3566337",
                ),
                expected_write(
                    "cancel_pending_order", order_id="#W1890669", reason="ordered by mistake"
                ),
            ],
            "escalated": False,
        },
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
