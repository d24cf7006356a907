"""A wish with a fallback of the same option ("an L, otherwise XL") takes the fallback that
keeps every option the customer did not mention over a first choice that would change them
(docs/understanding.md, "A named fallback before an unasked change", 2026-12-07).

Yusuf Rossi's pending order holds a black XXL cotton crew-neck t-shirt. No black crew-neck L
exists (the only L is a red v-neck), a black crew-neck XL does. "L, otherwise XL" proposed the
red v-neck L with a note, and a yes wrote it: a change of colour and style nobody asked for,
when the fallback they named keeps both. A ranking whose fallbacks leave the option as it is
("AC adapter preferred, then battery, then USB" of a USB lamp) still gives up the colour for
the first choice: tests/conversations/exchanges.yaml pins that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

HELLO = "hi, yusuf.rossi7301@example.com. "
XL = expected_write(
    "modify_pending_order_items",
    order_id="#W6247578",
    item_ids=["3799046073"],
    new_item_ids=["2060066974"],
    payment_method_id="credit_card_9513926",
)

ROWS = [
    "I'd like to change the t-shirt in my order #W6247578 to an L, otherwise XL",
    "can the black t-shirt be size L? if not, XL",
    "please change my black t-shirt to size L, otherwise size XL",
    "change the black t-shirt to L, or else XL please",
]


@pytest.mark.parametrize("said", ROWS)
def test_fallback_that_keeps_the_options_comes_first(tmp_path: Path, said: str) -> None:
    case = conversation_case(said, [HELLO + said, "yes"], {"actions": [XL]})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
