"""The help center's synonyms (``knowledge/synonyms.yaml``): how a question is read with them,
what they change in the answers, and how ``deskpilot check`` names a bad file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.knowledge import (
    KnowledgeBase,
    KnowledgeIndex,
    Synonyms,
    Verdict,
    load_articles,
    load_synonyms,
)
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

GROUPS = [
    ["carrier", "courier", "delivery company"],
    ["charged twice", "double charge", "billed two times"],
    ["damaged", "cracked", "broken"],
    ["password", "mot de passe"],
]


@pytest.mark.parametrize(
    ("words", "parts"),
    [
        # a word of a group stands for it, however it is inflected
        (["courier"], [("courier", 0)]),
        (["couriers"], [("couriers", 0)]),
        (["cracked", "screen"], [("cracked", 2), ("screen", None)]),
        # a phrase is matched before its words, the longest first
        (["delivery", "company", "late"], [("delivery company", 0), ("late", None)]),
        (["billed", "two", "times"], [("billed two times", 1)]),
        (["charged", "twice"], [("charged twice", 1)]),
        (["charges", "twice"], [("charges twice", 1)]),
        # half a phrase is not the phrase
        (["delivery", "late"], [("delivery", None), ("late", None)]),
        (["twice"], [("twice", None)]),
        # a phrase in another language, its stop word ("de") left out as in the question
        (["mot", "passe"], [("mot passe", 3)]),
        ([], []),
    ],
)
def test_synonyms_read_a_question_into_groups(
    words: list[str], parts: list[tuple[str, int | None]]
) -> None:
    synonyms = Synonyms(GROUPS)
    read = synonyms.read(words)
    assert [(said, None if g is None else synonyms.groups.index(g)) for said, g in read] == parts


@pytest.fixture(scope="module")
def retail() -> tuple[KnowledgeIndex, KnowledgeIndex]:
    """The store's help center indexed with its synonyms, and without them."""
    ws = load_workspace(RETAIL_WORKSPACE)
    articles = load_articles(ws)
    with_synonyms = KnowledgeIndex(synonyms=load_synonyms(ws))
    without = KnowledgeIndex()
    for index in (with_synonyms, without):
        index.do_index(articles)
    return with_synonyms, without


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("my courier never delivered it", "late-or-lost-package"),
        ("I got billed two times for one purchase", "double-charge"),
        ("the item arrived cracked", "damaged-or-wrong-item"),
        ("can I trade a delivered item", "exchanges"),
    ],
)
def test_synonyms_let_a_customers_word_find_the_help_centers(
    retail: tuple[KnowledgeIndex, KnowledgeIndex], question: str, article: str
) -> None:
    with_synonyms, without = retail
    found = KnowledgeBase(with_synonyms).answer(question)
    assert found.verdict is Verdict.ANSWER
    assert found.source is not None and found.source.slug == article
    # The same help center without them does not answer it from that article.
    bare = KnowledgeBase(without).answer(question)
    assert bare.source is None or bare.source.slug != article


def test_synonyms_count_a_found_member_as_the_word_found(
    retail: tuple[KnowledgeIndex, KnowledgeIndex],
) -> None:
    with_synonyms, without = retail
    question = "my courier never delivered it"
    assert with_synonyms.search(question)[0].coverage > without.search(question)[0].coverage
    assert "courier" in with_synonyms.terms(question)


def test_synonyms_never_answer_what_the_help_center_does_not_hold(
    retail: tuple[KnowledgeIndex, KnowledgeIndex],
) -> None:
    with_synonyms, _ = retail
    for question in ("who won the football game last night", "do you sell cars"):
        assert KnowledgeBase(with_synonyms).answer(question).verdict is not Verdict.ANSWER


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("groups:\n  - [courier]\n", "knowledge/synonyms.yaml:2: groups[0]: List should have"),
        (
            "groups:\n  - [courier, carrier]\n  - [parcel, 'box!']\n",
            "knowledge/synonyms.yaml:3: groups[1][1]: Value error, 'box!': expected words",
        ),
        (
            "groups:\n  - [courier, carrier]\n  - [parcel,\n     couriers]\n",
            "knowledge/synonyms.yaml:4: groups[1][1]: 'couriers' (read as 'courier') is already "
            "in groups[0]",
        ),
        ("groups:\n  - [how, courier]\n", "knowledge/synonyms.yaml:2: groups[0][0]: 'how' is only"),
        ("group:\n  - [courier, carrier]\n", "knowledge/synonyms.yaml:1: group: Extra inputs"),
    ],
)
def test_check_names_the_file_line_and_field_of_a_bad_synonym(
    tmp_path: Path, text: str, where: str
) -> None:
    workspace = Path(shutil.copytree(RETAIL_WORKSPACE, tmp_path / "retail"))
    (workspace / "knowledge" / "synonyms.yaml").write_text(text)
    done = run_cli("check", "--workspace", str(workspace))
    assert done.returncode == 2
    assert where in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
