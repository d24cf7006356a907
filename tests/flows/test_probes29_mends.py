"""What probes29's first run found unread (docs/understanding.md, "Probes 29", 2026-12-07), on
the reference store: an address pasted in one line, no comma anywhere ("320 Cedar Avenue Suite
116 San Antonio tx 78219"), was asked for again instead of read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_passed, conversation_case, expected_write, run_reference_cases

# Lei Li: pending #W5166363 (laptop, to San Francisco); his other orders go to 604 Pine Lane,
# Suite 907, Phoenix, AZ 85033.
PHOENIX = {
    "order_id": "#W5166363",
    "address1": "604 Pine Lane",
    "address2": "Suite 907",
    "city": "Phoenix",
    "country": "USA",
    "state": "AZ",
    "zip": "85033",
}


@pytest.mark.parametrize(
    "address",
    [
        "604 Pine Lane Suite 907 Phoenix az 85033",
        "604 Pine Lane Suite 907 Phoenix Arizona 85033",
        "604 Pine Lane, Suite 907 Phoenix AZ 85033",
    ],
)
def test_an_address_pasted_in_one_line_without_commas(tmp_path: Path, address: str) -> None:
    case = conversation_case(
        "an address in one line",
        [f"lei.li8350@example.com. my laptop order needs to go to {address} instead", "yes"],
        {"actions": [expected_write("modify_pending_order_address", **PHOENIX)]},
    )
    [result] = run_reference_cases([case], tmp_path).values()
    assert_passed(result)
