"""Loading a workspace: the example is valid; a broken file is reported with file, line, field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from deskpilot.errors import WorkspaceError
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    return target


def test_example_workspace_loads() -> None:
    ws = load_workspace(RETAIL_WORKSPACE)
    assert ws.config.name
    assert {"order_status", "human_agent"} <= {i.name for i in ws.intents}
    assert "order_status" in ws.templates["en"]


def test_unknown_field_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    text = (ws / "deskpilot.yaml").read_text()
    (ws / "deskpilot.yaml").write_text(text.replace("  review: 0.34", "  reveiw: 0.34"))
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "review: 0.34" in t)
    assert str(info.value).startswith(f"deskpilot.yaml:{line}: confidence.reveiw:")


def test_wrong_type_in_an_intent_names_the_example(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    (ws / "intents" / "extra.yaml").write_text(
        "intents:\n  - name: refund_status\n    examples:\n      - where is my refund\n"
        "      - {text: nope}\n"
    )
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith("intents/extra.yaml:5: intents[0].examples[1]:")


def test_duplicate_intent_and_bad_yaml_and_bad_cel(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    (ws / "intents" / "dup.yaml").write_text("intents:\n  - name: greeting\n    examples: [yo]\n")
    with pytest.raises(WorkspaceError, match=r"already defined in intents/conversation\.yaml"):
        load_workspace(ws)
    (ws / "intents" / "dup.yaml").write_text("intents: [\n")
    with pytest.raises(WorkspaceError, match=r"intents/dup.yaml:2: invalid YAML"):
        load_workspace(ws)
    (ws / "intents" / "dup.yaml").unlink()
    (ws / "policies.yaml").write_text(
        "rules:\n  - name: broken\n    when: 'args.amount >'\n    reason: x\n"
    )
    with pytest.raises(WorkspaceError, match="rule 'broken'"):
        load_workspace(ws)


def test_check_command_prints_one_line(tmp_path: Path) -> None:
    ok = run_cli("check", "--workspace", str(RETAIL_WORKSPACE))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: ")
    ws = _copy(tmp_path)
    (ws / "deskpilot.yaml").write_text("name: [unclosed\n")
    bad = run_cli("check", "--workspace", str(ws))
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("error: deskpilot.yaml:2: invalid YAML")
    assert "Traceback" not in bad.stderr


def test_flow_errors_name_the_flow_and_what_is_valid(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    flows = (ws / "flows" / "orders.yaml").read_text()
    (ws / "flows" / "orders.yaml").write_text(flows.replace("reply: cannot_cancel", "reply: nope"))
    with pytest.raises(WorkspaceError, match=r"templates/en/nope\.j2 does not exist"):
        load_workspace(ws)
    (ws / "flows" / "orders.yaml").write_text(
        flows.replace("intents: [cancel_order]", "intents: [cancle]")
    )
    with pytest.raises(WorkspaceError, match="unknown intent 'cancle'"):
        load_workspace(ws)
    (ws / "flows" / "orders.yaml").write_text(
        flows.replace('when: order.status == "pending"', "when: order.status ==", 1)
    )
    with pytest.raises(WorkspaceError, match=r"expression 'order\.status =='"):
        load_workspace(ws)
    (ws / "flows" / "orders.yaml").write_text(flows.replace("    confirm: confirm_cancel\n", "", 1))
    with pytest.raises(
        WorkspaceError, match=r"flows/orders.yaml:\d+: flows\[1\]: Value error, a flow"
    ):
        load_workspace(ws)


def test_vocabulary_is_loaded_and_a_bad_entry_names_its_line(tmp_path: Path) -> None:
    words = load_workspace(RETAIL_WORKSPACE).vocabulary.evidence
    assert "keeping" in words.set_aside_before and "~n't" in words.negation
    ws = _copy(tmp_path)
    # An unquoted `no` is YAML's false, not the word: the error says where.
    (ws / "vocabulary.yaml").write_text("evidence:\n  negation: [not, no]\n  comparee: [bigger]\n")
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith("vocabulary.yaml:2: evidence.negation[1]:")
    (ws / "vocabulary.yaml").unlink()
    # The file is optional; then no category has words, so none may stop automation.
    with pytest.raises(WorkspaceError, match=r"never_automate names category"):
        load_workspace(ws)
    config = (ws / "deskpilot.yaml").read_text()
    (ws / "deskpilot.yaml").write_text(
        re.sub(r"(?m)^never_automate: .*$", "never_automate: []", config)
    )
    assert load_workspace(ws).vocabulary.evidence.negation == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # "on" unquoted is YAML's true: the resolvers' words say where, like the rest
        (
            "resolvers:\n  latest: [newest]\n  other_record_not_after: [on, from]\n",
            "vocabulary.yaml:3: resolvers.other_record_not_after[0]:",
        ),
        (
            "resolvers:\n  numbers: {two: 2, three: drei}\n",
            "vocabulary.yaml:2: resolvers.numbers.three:",
        ),
    ],
)
def test_a_bad_entry_of_the_resolvers_words_names_its_line(
    tmp_path: Path, text: str, where: str
) -> None:
    ws = _copy(tmp_path)
    (ws / "vocabulary.yaml").write_text(text)
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    assert str(info.value).startswith(where), info.value


@pytest.mark.parametrize(
    ("before", "after", "expression"),
    [
        ("when: bag_fee > 0", "when: bag_fee >", "bag_fee >"),  # a slot's `when:`
        ("bag_fee: 50 * bags_paid_now", "bag_fee: 50 *", r"50 \*"),  # a flow's `values:`
    ],
)
def test_a_broken_value_or_slot_condition_is_refused_at_load(
    tmp_path: Path, before: str, after: str, expression: str
) -> None:
    ws = tmp_path / "airline"
    shutil.copytree(RETAIL_WORKSPACE.parent / "airline", ws)
    bags = ws / "flows" / "bags.yaml"
    text = bags.read_text()
    assert before in text
    bags.write_text(text.replace(before, after, 1))
    with pytest.raises(WorkspaceError, match=rf"flow 'add_baggage': expression '{expression}'"):
        load_workspace(ws)


def test_a_never_automate_category_without_words_is_refused(tmp_path: Path) -> None:
    # Without words, no message would ever be in the category, and the hand-off it promises
    # would silently never happen: refused with the file and the field.
    ws = _copy(tmp_path)
    text = (ws / "deskpilot.yaml").read_text()
    (ws / "deskpilot.yaml").write_text(text.replace("[bereavement,", "[bereavment,"))
    with pytest.raises(WorkspaceError, match=r"never_automate names category 'bereavment'"):
        load_workspace(ws)
    out = run_cli("check", "--workspace", str(ws))
    assert out.returncode != 0
    assert "categories.bereavment.cues" in out.stderr
