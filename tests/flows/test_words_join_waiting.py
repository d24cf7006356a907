"""Found by probes18 (docs/understanding.md, "Probes 18", 2026-12-11): the details of a request
that already waits its turn, said while another request's proposal waits for its yes ("the
tablet I want the gold one, 8 inch, keep 128GB, gift card too"), join that request's words; and
a request of a related kind said then (an exchange while an item change waits) is read for the
subject that kind may have (the watch received, not the one in a pending order)."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

CASES = [
    # Olivia Lopez: pending #W9373487 (a portable charger), delivered #W2692684 (a tablet).
    conversation_case(
        "the tablet's details said while the charger's proposal waits",
        [
            "hi, Olivia Lopez here, zip 76171. I want to change the portable charger in my "
            "pending order and exchange the tablet I got",
            "the charger: the white one, 5000mAh with USB-C. and put it on my gift card",
            "the tablet I want the gold one, 8 inch, keep 128GB, gift card too",
            "yes",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W9373487",
                    item_ids=["4063401924"],
                    new_item_ids=["7866854614"],
                    payment_method_id="gift_card_7711863",
                ),
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W2692684",
                    item_ids=["3788616824"],
                    new_item_ids=["6065192424"],
                    payment_method_id="gift_card_7711863",
                ),
            ],
            "escalated": False,
        },
    ),
    # Raj Moore: pending #W9929926 (a blue speaker), pending #W7048824 (a black leather smart
    # watch), delivered #W3467101 (a black silicone smart watch).
    conversation_case(
        "the received watch's details said while the speaker's proposal waits",
        [
            "Raj Moore, 20566. I want to change the speaker in my pending order with the yoga "
            "mat and exchange the smart watch I received",
            "the speaker: no water resistance, same color and battery. gift card",
            "the watch: a gold one with a leather band, gift card too",
            "yes",
            "yes",
        ],
        {
            "actions": [
                expected_write(
                    "modify_pending_order_items",
                    order_id="#W9929926",
                    item_ids=["4716977452"],
                    new_item_ids=["6704763132"],
                    payment_method_id="gift_card_6009199",
                ),
                expected_write(
                    "exchange_delivered_order_items",
                    order_id="#W3467101",
                    item_ids=["2860956907"],
                    new_item_ids=["9408160950"],
                    payment_method_id="gift_card_6009199",
                ),
            ],
            "escalated": False,
        },
    ),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_reference_cases(CASES, tmp_path_factory.mktemp("join_waiting"))


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_words_join_the_request_waiting(results: dict[str, Any], name: str) -> None:
    assert_passed(results[name])
