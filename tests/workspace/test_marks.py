"""Marked examples: "[words](kind)" and "[words](kind=value)" in intents and ``slots.yaml``.

The examples' texts stay plain for the intent classifier; a broken mark names its file, line
and what is wrong; a mark names a kind the workspace has, and a value that kind can take.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.errors import WorkspaceError
from deskpilot.workspace import Mark, load_workspace, parse_marked

from ..conftest import RETAIL_WORKSPACE, run_cli


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    return target


@pytest.mark.parametrize(
    ("example", "text", "marks"),
    [
        ("no marks here", "no marks here", ()),
        (
            "refund it to [my paypal](payment_method)",
            "refund it to my paypal",
            (Mark(13, 22, "payment_method"),),
        ),
        (
            "[by accident](cancel_reason=ordered by mistake), and [paypal](payment_method)",
            "by accident, and paypal",
            (
                Mark(0, 11, "cancel_reason", "ordered by mistake"),
                Mark(17, 23, "payment_method"),
            ),
        ),
    ],
)
def test_parse_marked_reads_plain_text_and_marks(
    example: str, text: str, marks: tuple[Mark, ...]
) -> None:
    read = parse_marked(example)
    assert (read.text, read.marks) == (text, marks)


@pytest.mark.parametrize(
    ("example", "problem"),
    [
        ("refund to [my paypal(payment_method)", "not closed"),
        ("refund to [my paypal]", "not closed"),
        ("refund to my paypal](payment_method)", "not closed"),
        ("refund to [ my paypal](payment_method)", "start or end with a space"),
        ("refund to [paypal](payment_method= )", "names no value"),
    ],
)
def test_parse_marked_says_what_is_malformed(example: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_marked(example)


_plain = st.text(st.characters(blacklist_characters="[]()", blacklist_categories=("Cs",)))
_words = st.from_regex(r"[a-z][a-z ]{0,12}[a-z]", fullmatch=True)


@given(_plain, _words, _plain)
def test_a_marked_span_covers_exactly_its_words(before: str, words: str, after: str) -> None:
    read = parse_marked(f"{before}[{words}](some_kind){after}")
    assert read.text == before + words + after
    assert [read.said(m) for m in read.marks] == [words]


def test_marks_leave_the_classifier_plain_text(tmp_path: Path) -> None:
    ws = load_workspace(RETAIL_WORKSPACE)
    examples = [e for i in ws.intents for e in i.examples]
    assert not any("](" in e for e in examples)
    marked = ws.marked_examples()
    assert {m.kind for e in marked for m in e.marks} >= {"payment_method", "cancel_reason"}
    assert all(e.said(m) in e.text for e in marked for m in e.marks)


def test_a_mark_of_an_unknown_kind_names_file_line_and_the_kinds(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    (ws / "intents" / "extra.yaml").write_text(
        "intents:\n  - name: refund_status\n    examples:\n      - where is my refund\n"
        "      - where is the refund to [my visa](payment_methd)\n"
    )
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    message = str(info.value)
    assert message.startswith("intents/extra.yaml:5: intents[refund_status].examples:")
    assert "unknown kind 'payment_methd'" in message and "payment_method" in message


def test_a_mark_with_a_value_the_kind_does_not_take_is_refused(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    text = (ws / "slots.yaml").read_text()
    (ws / "slots.yaml").write_text(
        text.replace("(cancel_reason=ordered by mistake)", "(cancel_reason=too expensive)", 1)
    )
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "=ordered by mistake)" in t)
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith(f"slots.yaml:{line}: kinds.cancel_reason.examples:")
    assert "not one of its values: ordered by mistake, no longer needed" in str(info.value)


def test_a_broken_mark_is_one_clear_line_from_check(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    (ws / "slots.yaml").write_text(
        "kinds:\n  payment_method:\n    examples:\n      - refund to [my visa(payment_method)\n"
    )
    bad = run_cli("check", "--workspace", str(ws))
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: slots.yaml:2: kinds.payment_method: ")
    assert "examples[0]: a mark is not closed" in bad.stderr
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    (ws / "slots.yaml").write_text(
        "kinds:\n  payment_method:\n    examples:\n      - refund it to my visa\n"
    )
    with pytest.raises(WorkspaceError, match=r"examples\[0\] marks no words"):
        load_workspace(ws)
