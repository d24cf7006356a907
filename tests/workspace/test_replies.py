"""Saved replies live in the workspace's ``replies/*.yaml``: the example's load, and a broken
one is reported by ``deskpilot check`` with its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

REPLIES = """\
replies:
  - name: hi
    title: Greeting
    text: "Hello {{customer.first_name}}, this is {{ agent.name }}."
  - name: track
    title: Tracking
    text: "Your parcel for {{record}} is on its way, {{customer.nickname}}."
"""


def _workspace(tmp_path: Path, replies: str) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    (target / "replies" / "extra.yaml").write_text(replies)
    return target


def test_replies_of_the_example_load_and_fill_their_variables() -> None:
    replies = {r.name: r for r in load_workspace(RETAIL_WORKSPACE).replies}
    assert {"hello", "looking", "bye"} <= set(replies)
    filled = replies["hello"].fill({"customer.first_name": "Ann", "agent.first_name": "Alice"})
    assert filled == "Hello Ann, this is Alice. I'm looking at your case now."
    # A variable the case does not know stays visible for the agent to fill in.
    assert replies["looking"].fill({}).startswith("Thanks [customer.first_name], I'm checking")


def test_replies_unknown_variable_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, REPLIES)
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith(
        "replies/extra.yaml:7: replies[1].text: unknown variable 'customer.nickname'; variables: "
    )
    result = run_cli("check", str(ws))
    assert result.returncode != 0
    assert "replies/extra.yaml:7: replies[1].text: unknown variable" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (REPLIES.replace("name: track", "name: hi"), "replies/extra.yaml:5: replies[1].name:"),
        (REPLIES.replace("name: track", "name: bye"), "replies/extra.yaml:5: replies[1].name:"),
        (
            REPLIES.replace("name: track", "name: Track me"),
            "replies/extra.yaml:5: replies[1].name:",
        ),
        (REPLIES.replace("    title: Greeting\n", ""), "replies/extra.yaml:2: replies[0].title:"),
        (
            REPLIES.replace("name: hi", "name: hi\n    tone: warm"),
            "replies/extra.yaml:3: replies[0].tone:",
        ),
    ],
)
def test_replies_broken_entries_name_file_line_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    ws = _workspace(tmp_path, text.replace("{{customer.nickname}}", "{{customer.name}}"))
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith(message), str(info.value)
