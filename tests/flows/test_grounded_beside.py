"""An item change said beside another request with no word of asking ("… send my order with
the skillet to … And that skillet: 10 inch, enameled blue"), or read as the very change the
records ground: its part is queued as the change the customer's records ground it as, with the
details said apart ("Visa for any difference"), and runs where the customer said it; each
proposal asks for its own yes (docs/understanding.md, "Requests lost in long messages: parts
the records ground beside a request", 2026-12-08)."""

from __future__ import annotations

from pathlib import Path

import yaml

from deskpilot.settings import Settings
from deskpilot.testing import run_case_files

from ..conftest import RETAIL_WORKSPACE, need_tau_retail, run_reference_cases
from .conftest import AUSTIN, Chat

PABLO = "pablo.carvalho3501@example.com"  # pending #W1083416 (skillet, grinder), #W2332556
SHIP = "Please send my order with the skillet to 12 Oak Street, Austin, TX 78701."
NEW_ADDRESS = {"order_id": "#W1083416", **AUSTIN}


def _actions(chat: Chat) -> list[str]:
    return [action for action, _ in chat.writes()]


def test_an_item_change_said_after_its_orders_address_change_is_proposed_after_it(
    chat: Chat,
) -> None:
    said = chat.say(f"{PABLO}. {SHIP} And that skillet: 10 inch, enameled blue. Mastercard.")
    assert "shipping address of order #W1083416" in said, said
    said = chat.say("yes")
    assert "Cast Iron Skillet (12 inch, enameled red) → 10 inch, enameled blue" in said, said
    assert "Mastercard" in said, said
    chat.say("yes")
    assert chat.writes() == [
        ("modify_pending_order_address", NEW_ADDRESS),
        (
            "modify_pending_order_items",
            {
                "order_id": "#W1083416",
                "item_ids": ["8038741435"],
                "new_item_ids": ["8272466320"],
                "payment_method_id": "credit_card_4046335",
            },
        ),
    ]


def test_an_item_change_of_another_order_said_first_runs_first(chat: Chat) -> None:
    said = chat.say(
        f"{PABLO}. The headphones in my other order should be bluetooth in sand, same on-ear. "
        f"{SHIP} Visa for any difference."
    )
    assert "Headphones (on-ear, wired, white) → on-ear, bluetooth, sand" in said, said
    assert _actions(chat) == []
    said = chat.say("yes")
    assert "shipping address of order #W1083416" in said, said
    chat.say("yes")
    assert chat.writes() == [
        (
            "modify_pending_order_items",
            {
                "order_id": "#W2332556",
                "item_ids": ["5167612220"],
                "new_item_ids": ["8885393363"],
                "payment_method_id": "credit_card_5039666",
            },
        ),
        ("modify_pending_order_address", NEW_ADDRESS),
    ]


def test_a_no_to_the_item_change_beside_writes_only_the_address(chat: Chat) -> None:
    chat.say(f"{PABLO}. {SHIP} And that skillet: 10 inch, enameled blue. Mastercard.")
    chat.say("yes")
    said = chat.say("no")
    assert "10 inch" not in said, said
    assert chat.writes() == [("modify_pending_order_address", NEW_ADDRESS)]


def test_an_item_described_beside_the_address_change_is_no_request(chat: Chat) -> None:
    chat.say(f"{PABLO}. {SHIP} The skillet I got is a 10 inch one, by the way.")
    said = chat.say("yes")
    assert "Cast Iron Skillet" not in said, said
    chat.say("yes")
    assert _actions(chat) == ["modify_pending_order_address"]


def test_another_item_said_to_be_fine_as_it_is_is_no_request(chat: Chat) -> None:
    # "the black one I already have" says what the grinder is, though black is another value
    # of the grinder in the order whose address changes
    chat.say(f"{PABLO}. {SHIP} My other grinder, the black one I already have, is fine.")
    said = chat.say("yes")
    assert "Burr Coffee Grinder" not in said, said
    chat.say("yes")
    assert _actions(chat) == ["modify_pending_order_address"]


# A delivered order of the reference store (Mei Li, zip 92149; the words of the dev suite's
# probes.yaml case): bookshelf (glass, black, 3 ft) and earbuds (blue, 4 hours, IPX7), told as
# one exchange whose second item has a part of its own that asks for nothing.
EXCHANGE_BOTH = """
cases:
  - name: one exchange of two items, the second in a part of its own
    turns:
      - customer: >-
          Mei Li 92149. From my delivered order with the laptop and the espresso machine: I
          want the earbuds in white, same battery life, they don't need to be waterproof. And
          the bookshelf: white and taller, 5 or 6 ft whichever is cheaper, still glass. PayPal
          for the difference.
      - customer: "yes"
    expect:
      actions:
        - name: exchange_delivered_order_items
          args:
            order_id: "#W2936099"
            item_ids: ["2757705742", "1768466237"]
            new_item_ids: ["2052249669", "8895454203"]
            payment_method_id: paypal_4060450
"""


def test_an_exchange_started_from_the_whole_message_keeps_its_own_parts(tmp_path: Path) -> None:
    """The part naming the bookshelf is the exchange's own words (the exchange started from the
    whole message owns no part): it is not queued again as an item change of the delivered
    order, which then only said "… can no longer be changed"."""
    store = need_tau_retail()
    cases = tmp_path / "exchange.yaml"
    cases.write_text(EXCHANGE_BOTH)
    settings = Settings(data_dir=tmp_path / "data", workspace=RETAIL_WORKSPACE, store=store)
    [result] = run_case_files([cases], settings)
    said = [line.text for line in result.transcript if line.speaker != "customer"]
    assert result.passed, (result.failures, said)
    assert not any("can no longer be changed" in text for text in said), said


# A pending order of the reference store, its address and four of its items changed in one
# message, each item in a part of its own: the words of task 202 of the understanding bench
# (bench/understanding/tasks.yaml), where only the helmet was changed.
BENCH_TASKS = Path(__file__).parents[2] / "bench" / "understanding" / "tasks.yaml"
FOUR_CHANGES = {
    "name": "an address and four item changes of one order, the items listed apart",
    "turns": [{"customer": "(the bench's description)"}, {"customer": "yes"}, {"customer": "yes"}],
    "expect": {
        "actions": [
            {
                "name": "modify_pending_order_address",
                "args": {
                    "order_id": "#W4958652",
                    "address1": "536 Cedar Street",
                    "address2": "Suite 916",
                    "city": "Charlotte",
                    "state": "NC",
                    "country": "USA",
                    "zip": "28212",
                },
            },
            {
                "name": "modify_pending_order_items",
                "args": {
                    "order_id": "#W4958652",
                    "item_ids": ["1665571435", "1906487464", "2791467853", "8323284863"],
                    "new_item_ids": ["5886093635", "7292993796", "4983901480", "4274709903"],
                    "payment_method_id": "credit_card_9467292",
                },
            },
        ]
    },
}


def test_several_items_of_one_order_said_apart_are_one_change(tmp_path: Path) -> None:
    """Each item of a list of changes to one order is grounded beside the address change on
    its own: the first was queued and the others, finding it waiting for that order, were
    lost, so the helmet alone was changed (an order's items change only once: the rest never
    could be). They are one change, proposed whole."""
    tasks = yaml.safe_load(BENCH_TASKS.read_text())["tasks"]
    [description] = [t["description"] for t in tasks if t["task"] == 202]
    case = {**FOUR_CHANGES, "turns": [{"customer": description}, *FOUR_CHANGES["turns"][1:]]}
    [result] = run_reference_cases([case], tmp_path).values()
    said = [line.text for line in result.transcript if line.speaker != "customer"]
    assert result.passed, (result.failures, said)
