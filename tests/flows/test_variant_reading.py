"""The store's variant reading keeps to the words its audit checks: a value the customer rules
out is not chosen (the one they have included: then it must change), and "the biggest" is the
biggest there is among the variants that keep the rest — over the demo catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.domains.retail._variants import choose_variant
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO

AUDIT = EvidenceAudit(load_workspace(RETAIL_WORKSPACE).vocabulary.evidence)
PRODUCTS = {p["name"]: p for p in DEMO["products"].values()}


def _item(name: str) -> dict[str, Any]:
    product = PRODUCTS[name]
    variant_id, variant = next(iter(product["variants"].items()))
    return {
        "item_id": variant_id,
        "product_id": product["product_id"],
        "name": name,
        "options": dict(variant["options"]),
    }


CASES = [
    # Backpack: 18L, olive, 15 inch sleeve
    (
        "Backpack",
        "the biggest one in slate grey, same 15 inch sleeve",
        {"capacity": "24L", "color": "slate grey", "laptop sleeve": "15 inch"},
    ),
    # Hoodie: XL, oatmeal, recycled polyester
    (
        "Hoodie",
        "same size and material, anything but the oatmeal",
        {"size": "XL", "color": "black", "material": "recycled polyester"},
    ),
    ("Hoodie", "a black one, same size, not in recycled polyester", None),
]


@pytest.mark.parametrize(("name", "words", "expected"), CASES, ids=[c[1] for c in CASES])
def test_the_reading_keeps_to_the_audited_words(
    name: str, words: str, expected: dict[str, str] | None
) -> None:
    item, product = _item(name), PRODUCTS[name]

    def allowed(variant: dict[str, Any]) -> bool:
        return AUDIT.fits_words(words, item, product, variant)

    choice = choose_variant(product, item, words, [], (), allowed, AUDIT.ruled_out_at)
    if expected is None:
        # Nothing keeps to the words: nothing is proposed, and nothing ruled out is offered.
        assert choice.variant is None
        assert all(v["options"]["material"] != "recycled polyester" for v in choice.near)
        return
    assert choice.variant is not None, choice
    assert choice.variant["options"] == expected
