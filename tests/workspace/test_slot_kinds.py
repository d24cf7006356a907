"""Slot kinds declared in ``slots.yaml``: each is resolved as its type says, a flow names only
declared kinds, and a kind of an engine type needs no code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deskpilot.components import check_flows
from deskpilot.errors import WorkspaceError
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, run_cli

DESK = Path(__file__).parents[1] / "second_business" / "workspace"


def _copy(tmp_path: Path, source: Path = RETAIL_WORKSPACE) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(source, target)
    return target


def _line(path: Path, text: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if text in t)


def test_the_store_declares_every_kind_its_flows_use() -> None:
    ws = load_workspace(RETAIL_WORKSPACE)
    used = {s.resolver for f in ws.flows for s in f.slots}
    assert used == set(ws.slots.kinds)
    assert ws.slots.kinds["cancel_reason"].type == "choice"
    assert ws.slots.kinds["order"].type == "record"
    check_flows(ws)  # every declared kind is resolved as its type says


def test_a_flow_naming_an_undeclared_kind_is_one_clear_line(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    slots = ws / "slots.yaml"
    text = slots.read_text()
    start = text.index("  purchases:\n")
    end = text.index("  payment_method:\n")
    slots.write_text(text[:start] + text[end:])
    bad = run_cli("check", "--workspace", str(ws))
    assert bad.returncode == 2
    assert bad.stderr == (
        f"error: slots.yaml:{_line(slots, 'kinds:')}: kinds: flow 'purchase_total' slot 'spent' "
        "names kind 'purchases', which is not declared; declared: order, order_items, variants, "
        "address, product, variant_filter, payment_method, cancel_reason\n"
    )


@pytest.mark.parametrize(
    ("kind", "declared", "problem"),
    [
        ("order", "type: choice", "choice, but vocabulary.yaml lists no values for it"),
        ("cancel_reason", "type: record", "record, but the domain pack (retail) grounds no such"),
        ("address", "type: amount", "amount, but the domain pack (retail) resolves 'address'"),
    ],
)
def test_a_kind_its_type_cannot_resolve_names_the_line(
    tmp_path: Path, kind: str, declared: str, problem: str
) -> None:
    ws = _copy(tmp_path)
    slots = ws / "slots.yaml"
    text = slots.read_text()
    at = text.index(f"  {kind}:\n")
    old = text.index("    type: ", at)
    end = text.index("\n", old)
    slots.write_text(text[:old] + f"    {declared}" + text[end:])
    with pytest.raises(WorkspaceError) as info:
        check_flows(load_workspace(ws))
    line = _line(slots, f"  {kind}:") + 1
    assert str(info.value).startswith(f"slots.yaml:{line}: kinds.{kind}.type: {problem}")


def test_ahead_is_only_for_a_date_kind(tmp_path: Path) -> None:
    ws = _copy(tmp_path, DESK)
    slots = ws / "slots.yaml"
    slots.write_text(slots.read_text() + "  visit_day:\n    type: date\n    ahead: true\n")
    assert load_workspace(ws).slots.kinds["visit_day"].ahead
    slots.write_text(slots.read_text().replace("type: date", "type: amount"))
    with pytest.raises(WorkspaceError, match="ahead is for kinds of type date, not amount"):
        load_workspace(ws)
