"""The catalogue's own values of a yes/no option ("waterproof: yes or no") and of a value that
lacks what its option names ("backlight: none", "water resistance: not resistant") are the
workspace's (``vocabulary.yaml``: ``scales.quality_values``), as an order's statuses are: a
catalogue written in German reads "ja", "nein", "keine" and "nicht …" with German values, and
no code holds the English ones."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from deskpilot.domains.retail._variants import choose_variant, scales_of
from deskpilot.errors import WorkspaceError
from deskpilot.flows import Phrasing
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

VOCABULARY = load_workspace(RETAIL_WORKSPACE).vocabulary
PHRASING = Phrasing(VOCABULARY.dialogue)
GERMAN = {"present": ["ja"], "absent": ["nein"], "lacking": ["keine"], "lacking_first": ["nicht"]}
# The German words around the values: the lack said before an option's name.
GERMAN_LACK = {"lacking": ["ohne", "kein", "keine"], "lacking_any": []}


def _scales(**words: Any) -> Any:
    """The retail workspace's scales, with ``words`` in place of its own."""
    return scales_of(VOCABULARY.scales.model_validate({**VOCABULARY.scales.model_dump(), **words}))


def _product(name: str, variants: dict[str, dict[str, str]]) -> dict[str, Any]:
    """An invented product, not a record of any store."""
    return {
        "name": name,
        "product_id": f"p-{name}",
        "variants": {
            vid: {"item_id": vid, "options": options, "available": True, "price": 80.0}
            for vid, options in variants.items()
        },
    }


BOOT = _product(
    "Stiefel",
    {
        "b-1": {"farbe": "schwarz", "wasserdicht": "nein"},
        "b-2": {"farbe": "schwarz", "wasserdicht": "ja"},
    },
)
LAMP = _product(
    "Tastatur",
    {
        "t-1": {"beleuchtung": "weiss"},
        "t-2": {"beleuchtung": "keine"},
        "t-3": {"beleuchtung": "rgb"},
    },
)
EARBUDS = _product(
    "Ohrhörer",
    {"o-1": {"schutz": "IPX7"}, "o-2": {"schutz": "nicht resistent"}, "o-3": {"schutz": "IPX4"}},
)


def _item(product: dict[str, Any], vid: str) -> dict[str, Any]:
    options = dict(product["variants"][vid]["options"])
    return {
        "item_id": vid,
        "product_id": product["product_id"],
        "name": product["name"],
        "options": options,
    }


@pytest.mark.parametrize(
    ("product", "have", "said", "words", "chosen"),
    [
        # a yes/no option named as a quality: the catalogue's own "has it" value
        (BOOT, "b-1", "die gleichen stiefel aber wasserdicht", {"quality_values": GERMAN}, "b-2"),
        (BOOT, "b-1", "die gleichen stiefel aber wasserdicht", {}, None),
        # the lack said before an option's name: the one value that lacks it, as written whole
        (LAMP, "t-1", "ohne beleuchtung bitte", {"quality_values": GERMAN, **GERMAN_LACK}, "t-2"),
        (LAMP, "t-1", "ohne beleuchtung bitte", GERMAN_LACK, None),
        # … or a value whose first word says the lack
        (EARBUDS, "o-1", "ohne schutz bitte", {"quality_values": GERMAN, **GERMAN_LACK}, "o-2"),
        (EARBUDS, "o-1", "ohne schutz bitte", GERMAN_LACK, None),
        # the store's English values read no German catalogue, and the German ones no English
        (BOOT, "b-1", "the same boots but wasserdicht", {"quality_values": {}}, None),
    ],
)
def test_a_quality_is_read_in_the_catalogue_s_own_values(
    product: dict[str, Any], have: str, said: str, words: dict[str, Any], chosen: str | None
) -> None:
    choice = choose_variant(
        product, _item(product, have), said, [], scales=_scales(**words), phrasing=PHRASING
    )
    assert (None if choice.variant is None else choice.variant["item_id"]) == chosen


@pytest.mark.parametrize(
    ("value", "words", "has", "lacks"),
    [
        ("yes", {}, True, False),
        ("no", {}, False, True),
        ("none", {}, False, True),
        ("not resistant", {}, False, True),
        ("not", {}, False, False),  # a first word of lack needs a value after it
        ("ja", {}, False, False),
        ("ja", {"quality_values": GERMAN}, True, False),
        ("Nein", {"quality_values": GERMAN}, False, True),
        ("keine", {"quality_values": GERMAN}, False, True),
        ("nicht resistent", {"quality_values": GERMAN}, False, True),
        ("no", {"quality_values": GERMAN}, False, False),
        ("yes", {"quality_values": GERMAN}, False, False),
        ("none", {"quality_values": {}}, False, False),
    ],
)
def test_the_yes_no_values_are_the_workspace_s(
    value: str, words: dict[str, Any], has: bool, lacks: bool
) -> None:
    scales = _scales(**words)
    assert (scales.has_it(value), scales.lacks(value)) == (has, lacks)


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ('{present: ["yes"], absent: [], lacking: [none]}', "needs both: present and absent"),
        ('{present: ["yes"], absent: ["Yes"]}', "present and absent share"),
        ('{present: ["yes"], absent: ["no"], lacking_first: [not quite]}', "must be one word"),
        ('{present: [" "], absent: ["no"]}', r"present\[0\] is blank"),
        ('{present: ["yes"], absent: ["no"], nope: [x]}', "nope"),
    ],
)
def test_a_malformed_quality_values_entry_is_reported_with_file_line_and_field(
    tmp_path: Path, entry: str, error: str
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, root)
    path = root / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    key = "  quality_values: "
    shipped = next(t for t in text.splitlines() if t.startswith(key))
    path.write_text(text.replace(shipped, key + entry), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(key))
    with pytest.raises(WorkspaceError, match=rf"^vocabulary.yaml:{line}: scales.quality_values"):
        load_workspace(root)
    with pytest.raises(WorkspaceError, match=error):
        load_workspace(root)
