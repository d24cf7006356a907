"""What probes30's first run found (docs/understanding.md, "Probes 30", 2026-12-07), on the
reference store:

- "oh, only the same product? then never mind", to "what should change on the earbuds?": the
  question asked back was read as a wish for the very same item and a same-item exchange was
  proposed (and done on a yes); a message closing on a no after a question of its own takes
  the request back.
- "the 7 inch one with more storage" of a 7-inch 32GB tablet: the 10-inch 64GB (the nearest
  storage step) was offered before the 7-inch 128GB; when no price decides, the variant changing
  fewest options the customer did not touch comes before the one a comparative moves least.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Mei Jackson (zip 78729): PayPal only. Delivered #W5881725 holds black wireless earbuds.
MEI = "Mei Jackson, 78729."

# Omar Muller (zip 78252): PayPal only. Delivered #W9941744 holds a 7-inch 32GB gold tablet; the
# 7-inch 64GB is out of stock, the 7-inch 128GB black 4913411651 is not.
OMAR = "Omar Muller, zip 78252."


def _run(name: str, turns: list[str], actions: list[dict[str, Any]], tmp_path: Path) -> None:
    case = conversation_case(name, turns, {"actions": actions, "escalated": False})
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)


@pytest.mark.parametrize(
    "answer",
    [
        "oh, only the same product? then never mind",
        "wait, so it has to be the same thing? ok then, never mind",
    ],
)
def test_a_no_closing_a_question_asked_back_takes_the_request_back(
    answer: str, tmp_path: Path
) -> None:
    asked = f"{MEI} My black wireless earbuds hurt my ears. Can I exchange them for headphones?"
    _run("asked back then no", [asked, answer, "yes"], [], tmp_path)


@pytest.mark.parametrize(
    "asked",
    [
        "I want to exchange my tablet for the 7 inch one with more storage. paypal",
        "the tablet I got is full, could I swap it for a 7 inch one with more storage? my paypal",
    ],
)
def test_fewest_untouched_changes_come_before_the_nearest_step(asked: str, tmp_path: Path) -> None:
    _run(
        "7 inch more storage",
        [f"{OMAR} {asked}", "yes", "yes"],
        [
            expected_write(
                "exchange_delivered_order_items",
                order_id="#W9941744",
                item_ids=["6501071631"],
                new_item_ids=["4913411651"],
                payment_method_id="paypal_4439305",
            )
        ],
        tmp_path,
    )
