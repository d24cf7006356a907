"""A yes to a change asked about and offered, whose other parts only give a detail of it
("Fine, go ahead with that. Put it on my PayPal."), takes the offer up (docs/understanding.md,
"(2026-12-12)"); before, a yes of more than five words, read as no request surely, dropped the
offer and the customer was asked what they needed."""

from __future__ import annotations

from pathlib import Path

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Harper Johansson (zip 80281): pending #W2912646 holds sunglasses 9672174103 (brown frame,
# brown lenses, polarized, plastic); 4358482460 is the same with a black frame.
ASKED = (
    "I'm Harper Johansson, zip 80281. In my pending order #W2912646, what would the difference "
    "be if the sunglasses had a black frame?"
)


def test_a_yes_with_a_detail_takes_the_offer_up(tmp_path: Path) -> None:
    case = conversation_case(
        "difference asked, then yes with the payment",
        [ASKED, "Fine, go ahead with that. Put it on my PayPal.", "yes"],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W2912646",
                    item_ids=["9672174103"],
                    new_item_ids=["4358482460"],
                    payment_method_id="paypal_4820484",
                )
            ],
            "escalated": False,
        },
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
