"""The engine's own components: registered by name; the flow engine refuses a workspace whose
flows name a resolver it does not have or lack a template it sends itself, when it is built and
in ``deskpilot check``."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskpilot.components import default_registry
from deskpilot.errors import WorkspaceError
from deskpilot.pipeline import BuildContext
from deskpilot.workspace import load_workspace

from .conftest import PROJECT_ROOT, RETAIL_WORKSPACE, run_cli

AIRLINE_WORKSPACE = PROJECT_ROOT / "examples" / "airline"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    return target


def _refused(ws: Path, expected: str) -> None:
    workspace = load_workspace(ws)  # the files themselves are well-formed
    with pytest.raises(WorkspaceError, match=expected):
        default_registry().decide.build("flows", BuildContext(workspace))
    checked = run_cli("check", "--workspace", str(ws))
    assert checked.returncode == 2
    assert re.match(r"error: (flow |slots\.yaml:\d+: kinds: flow )", checked.stderr)
    assert checked.stderr.count("\n") == 1


def test_default_registry_names_the_built_in_components() -> None:
    registry = default_registry()
    assert set(registry.understand.factories) == {"nlu"}
    assert set(registry.decide.factories) == {"flows"}
    assert set(registry.respond.factories) == {"template"}


def test_flow_engine_refuses_a_slot_with_an_unknown_resolver(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    orders = ws / "flows" / "orders.yaml"
    orders.write_text(orders.read_text().replace("resolver: cancel_reason", "resolver: vibes"))
    _refused(ws, r"slots.yaml:\d+: kinds: flow 'cancel_order' slot 'reason' names kind 'vibes'")
    # A workspace that declares no kinds is checked against the resolvers there are.
    (ws / "slots.yaml").unlink()
    _refused(ws, r"slot 'reason': unknown resolver 'vibes'; choose one of: address")


def test_flow_engine_refuses_a_workspace_without_a_template_it_sends(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    (ws / "templates" / "en" / "not_sure.j2").unlink()
    _refused(
        ws,
        r"the flow engine sends template 'not_sure' .*templates/en/not_sure\.j2 does not exist",
    )


def _tomorrow_read_by(workspace_dir: Path) -> str:
    understander = default_registry().understand.build(
        "nlu", BuildContext(load_workspace(workspace_dir))
    )
    found = understander.understand("is there a flight tomorrow?", None)  # type: ignore[arg-type]
    return str(next(e.value for e in found.entities if e.type == "date"))


def test_understanding_counts_dates_from_the_workspace_clock(tmp_path: Path) -> None:
    # The airline's clock stands at 2024-05-15 15:00 Eastern time: "tomorrow" is the 16th.
    assert _tomorrow_read_by(AIRLINE_WORKSPACE) == "2024-05-16"
    # Late in the evening there, it is already the next day in UTC: the local date counts.
    late = _copy_of(AIRLINE_WORKSPACE, tmp_path / "late")
    config = late / "deskpilot.yaml"
    config.write_text(config.read_text().replace("T15:00:00-05:00", "T22:30:00-05:00"))
    assert _tomorrow_read_by(late) == "2024-05-16"
    # A workspace without `now:` keeps the real time.
    real = _copy_of(AIRLINE_WORKSPACE, tmp_path / "real")
    config = real / "deskpilot.yaml"
    config.write_text(re.sub(r"(?m)^now:.*$", "", config.read_text()))
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert _tomorrow_read_by(real) == tomorrow.isoformat()


def _copy_of(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
