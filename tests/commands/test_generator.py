"""The default command generator, phrase by phrase (``command_cases.yaml``), and its yes/no
reading under Hypothesis. Each command's evidence is the customer's own words, where they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.commands import (
    Answer,
    Command,
    Details,
    DialogueView,
    YesNo,
)
from deskpilot.components import default_registry, reading_generator
from deskpilot.domains import load_pack
from deskpilot.pipeline import BuildContext
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE

WORKSPACE = load_workspace(RETAIL_WORKSPACE)
ANSWERS = YesNo.of(WORKSPACE.vocabulary.dialogue)


def yes_or_no(text: str) -> Answer:
    """The store's workspace reading a yes/no answer."""
    return ANSWERS.read(text)


TABLE = yaml.safe_load((Path(__file__).parent / "command_cases.yaml").read_text())["cases"]


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Understanding of the store's workspace, then the generator: message → commands."""
    pack = load_pack("retail")
    catalogue = pack.catalogue(pack.load(_demo(tmp_path_factory)))
    context = BuildContext(WORKSPACE, catalogue, tmp_path_factory.mktemp("models"))
    understand = default_registry().understand.build("nlu", context)
    generator = reading_generator(WORKSPACE)

    def commands(text: str, view: DialogueView) -> tuple[Command, ...]:
        return generator.generate(understand.understand(text, None), view)

    return commands


def _demo(factory: pytest.TempPathFactory) -> Path:
    folder = factory.mktemp("demo-store")
    load_pack("retail").write_demo(folder)
    return folder


def _matches(command: Command, wanted: str) -> bool:
    """``wanted`` is "name" or "name(field=value, …)"; values compare as YAML reads them."""
    name, _, rest = wanted.partition("(")
    if command.name != name.strip():
        return False
    for pair in filter(None, (p.strip() for p in rest.rstrip(")").split(","))):
        field, _, value = pair.partition("=")
        if getattr(command, field.strip()) != yaml.safe_load(value.strip()):
            return False
    return True


@pytest.mark.parametrize("case", TABLE, ids=[c["says"] for c in TABLE])
def test_the_generator_reads_each_phrase_as_its_table_says(read: Any, case: dict[str, Any]) -> None:
    view = DialogueView(
        waiting_answer=case.get("waiting", False),
        active=case.get("active", False),
        queued=tuple(case.get("queued", ())),
        current=case.get("current"),
        waiting=tuple(case.get("requests", ())),
    )
    commands = read(case["says"], view)
    for wanted in case.get("expect", []):
        assert any(_matches(c, wanted) for c in commands), (wanted, commands)
    for unwanted in case.get("never", []):
        assert not any(_matches(c, unwanted) for c in commands), (unwanted, commands)
    for command in commands:
        for span in command.evidence:
            assert case["says"][span.start : span.end] == span.text, (command, span)


_YES = st.sampled_from(["yes", "Yes", "YES", "yeah", "yep", "sure", "ok", "okay", "go ahead"])
_NO = st.sampled_from(["no", "No", "nope", "nah", "don't", "never mind", "stop", "wait"])
_PUNCT = st.sampled_from(["", ".", "!", " please", ", thanks", "!!"])


@given(_YES, _PUNCT)
def test_property_a_plain_yes_is_yes(word: str, end: str) -> None:
    assert yes_or_no(f"{word}{end}") is Answer.YES


@given(_NO, _PUNCT)
def test_property_a_plain_no_is_no(word: str, end: str) -> None:
    assert yes_or_no(f"{word}{end}") is Answer.NO


@given(_YES, _NO)
def test_property_a_no_after_a_yes_wins(yes: str, no: str) -> None:
    assert yes_or_no(f"{yes}, but {no.lower()}") is Answer.NO


@pytest.mark.parametrize(
    ("said", "bare"),
    [
        ("yes", True),
        ("ok, sure!", True),
        ("Yes please", False),  # "please" is no yes word of the workspace
        ("yes, and the other order too", False),
        ("no", False),
        ("thanks", False),
    ],
)
def test_a_bare_yes_is_a_yes_and_nothing_more(said: str, bare: bool) -> None:
    assert ANSWERS.bare(said) is bare


@given(st.text(alphabet="qwrtzpsdfghjklxcvbnm ", max_size=30))
def test_property_consonant_noise_is_neither(noise: str) -> None:
    assert yes_or_no(noise) is Answer.NEITHER


@pytest.mark.parametrize(
    ("text", "declines"),
    [
        ("no thanks, too expensive", True),
        ("no", True),
        ("nope, forget it", True),
        ("no, use the visa", True),  # a no, though the card it names is read as the answer
        # words of hesitation before the no
        ("oh okay never mind then i'll keep the one i have period", True),
        ("Hmm, well... no, leave it", True),
        ("um nope", True),
        ("okay, the visa", False),
        ("oh wait, which one is cheaper?", False),
        # A question back, or a no that does not open the message, declines nothing.
        ("wait, which one holds more?", False),
        ("I don't know", False),
        ("the visa", False),
        ("yes", False),
    ],
)
def test_a_no_to_a_question_for_a_value_declines_to_go_on(text: str, declines: bool) -> None:
    assert ANSWERS.declines(text) is declines


DETAILS = Details.of(WORKSPACE.vocabulary.dialogue)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("paypal", True),
        ("Charge the mastercard, not the visa.", True),
        ("whatever i paid with is fine", True),
        ("whatever I used is fine", True),
        # words of courtesy make it no longer
        ("Any refund onto my PayPal please, ta", True),
        ("any difference on my gift card pls thx", True),
        ("Refund to the Mastercard then please, cheers", True),
        # a change asked in so many words, or more than a detail's few words
        ("switch the payment to my paypal", False),
        ("the portable charger should be the 20k mAh one with USB-C, paypal", False),
        ("keep it white", False),
    ],
)
def test_a_part_only_naming_a_detail_is_told_by_the_workspace_words(text: str, only: bool) -> None:
    # "… make it a 20k mAh one. paypal": the payment of the change, never a payment change.
    assert DETAILS.only(text) is only
