"""Relative wishes read over one product's variants (``kept_comparative_cases.yaml``): a
comparative naming no option moves one the customer did not say stays as it is ("a smaller one?
Same 128GB" moves the screen size, not the storage it keeps); a step counting no option steps
the one named after it ("1000 more pieces and a step up in difficulty")."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskpilot.domains.retail._evidence import EvidenceAudit
from deskpilot.domains.retail._variants import choose_variant as choose_with
from deskpilot.domains.retail._variants import scales_of
from deskpilot.flows import Phrasing
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
AUDIT = EvidenceAudit.of(VOCABULARY)
SCALES = scales_of(VOCABULARY.scales)
choose_variant = partial(choose_with, phrasing=Phrasing(VOCABULARY.dialogue))
TABLE = yaml.safe_load((Path(__file__).parent / "kept_comparative_cases.yaml").read_text())


def _product(name: str) -> dict[str, Any]:
    variants = {}
    for item_id, options in TABLE["products"][name].items():
        options = dict(options)
        available = options.pop("available", True)
        variants[item_id] = {
            "item_id": item_id,
            "options": options,
            "available": available,
            "price": 100.0,
        }
    return {"product_id": "p-1", "name": name, "variants": variants}


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["says"] for c in TABLE["cases"]])
def test_a_relative_wish_chooses_the_variant_its_table_says(case: dict[str, Any]) -> None:
    product = _product(case["product"])
    mine = product["variants"][case["item"]]
    item = {
        "item_id": mine["item_id"],
        "product_id": product["product_id"],
        "name": product["name"],
        "options": dict(mine["options"]),
        "price": mine["price"],
    }
    choice = choose_variant(product, item, case["says"], [], (), None, AUDIT.ruled_out_at, SCALES)
    chosen = None if choice.variant is None else choice.variant["item_id"]
    assert chosen == case["expect"], choice
