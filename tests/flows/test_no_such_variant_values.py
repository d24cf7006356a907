"""When no available variant holds what the customer asked for and none comes close enough to
offer, the question names the values the options concerned come in (from the catalogue), so the
customer can pick (docs/understanding.md, "(2026-12-12)"); before, it asked "Which other option
would work for you?" with nothing to choose from."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Harper Johansson (zip 80281): pending #W2912646 holds sunglasses 9672174103 (brown frame,
# brown lenses, polarized, plastic). No other pair has a brown frame, none with blue lenses
# has one; 4548300368 is black with green lenses, polarized, plastic.
ASKED = (
    "I'm Harper Johansson, zip 80281. I'd like the Sunglasses in order #W2912646 with blue "
    "lenses, keeping the brown frame, paying any difference with PayPal."
)


def test_no_such_variant_names_the_values_to_pick_among(tmp_path: Path) -> None:
    case = conversation_case(
        "blue lenses in a brown frame",
        [ASKED, "ok then a black frame with green lenses", "yes"],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W2912646",
                    item_ids=["9672174103"],
                    new_item_ids=["4548300368"],
                    payment_method_id="paypal_4820484",
                )
            ],
            "escalated": False,
        },
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
    asked = result.transcript[1].text
    assert "There's no available Sunglasses with exactly those options." in asked
    # The options the wish changes, with the values other available pairs have.
    assert "frame color: black, silver; lens color: black, blue, brown, green" in asked
