"""Domain packs: a workspace names its pack (``domain:``) and the runtime builds the pack's
connector and the workspace's HTTP connectors from it; ``deskpilot check`` validates both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import SecretStr

from deskpilot.domains import available, load_pack
from deskpilot.errors import WorkspaceError
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

from .conftest import RETAIL_WORKSPACE, run_cli

HTTP_FIXTURES = Path(__file__).parent / "actions" / "http_fixtures"


def _workspace(tmp_path: Path, domain: str | None, connectors: tuple[str, ...] = ()) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    config = target / "deskpilot.yaml"
    lines = [ln for ln in config.read_text().splitlines() if not ln.startswith("domain:")]
    if domain is not None:
        lines.insert(1, f"domain: {domain}")
    config.write_text("\n".join(lines) + "\n")
    if connectors:
        (target / "connectors").mkdir()
        for name in connectors:
            shutil.copy(HTTP_FIXTURES / name, target / "connectors" / name)
    return target


def _settings(tmp_path: Path, workspace: Path, *, token: bool = True) -> Settings:
    secrets = {"shop_token": SecretStr("test-token")} if token else {}
    return Settings(
        workspace=workspace, data_dir=tmp_path / "data", database_url="sqlite://", secrets=secrets
    )


def test_the_installation_has_the_retail_pack() -> None:
    assert "retail" in available()
    assert load_pack("retail").name == "retail"


def test_the_runtime_builds_the_packs_connector_and_the_workspaces_http_connectors(
    tmp_path: Path,
) -> None:
    ws = _workspace(tmp_path, "retail", ("shop.yaml",))
    runtime = build_runtime(_settings(tmp_path, ws))
    try:
        names = {spec.name: spec.connector for spec in runtime.actions.registry.specs()}
        assert names["cancel_pending_order"] == "store"  # the pack's connector
        assert names["find_customer"] == "shop"  # declared in connectors/shop.yaml
        assert runtime.pack is not None and runtime.store is not None
    finally:
        runtime.close()


def test_a_workspace_without_a_pack_runs_on_its_http_connectors_alone(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, None, ("shop.yaml",))
    # The store's slot kinds are grounded by the store's pack: without it, the first record kind
    # slots.yaml declares is refused by name; without that file, the flows' kinds are, and only
    # the typed kinds every workspace has and its declared choices are left.
    no_pack = r"kinds.order.type: record, but the domain pack \(none\) grounds no such kind"
    with pytest.raises(WorkspaceError, match=no_pack):
        build_runtime(_settings(tmp_path, ws))
    (ws / "slots.yaml").unlink()
    only_choices = r"unknown resolver '\w+'; choose one of: amount, cancel_reason, date, email$"
    with pytest.raises(WorkspaceError, match=only_choices):
        build_runtime(_settings(tmp_path, ws))
    for flow in (ws / "flows").glob("*.yaml"):
        flow.unlink()
    for intents in (ws / "intents").glob("*.yaml"):
        # the marks name the store's kinds, which no flow of this workspace has any more
        intents.write_text(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", intents.read_text()))
    runtime = build_runtime(_settings(tmp_path, ws))
    try:
        connectors = {spec.connector for spec in runtime.actions.registry.specs()}
        assert connectors == {"shop", "clock"}  # the business clock is every workspace's
        assert runtime.store is None
        assert not (tmp_path / "data" / "demo-store").exists()  # no records to generate
    finally:
        runtime.close()


def test_a_connector_whose_secret_is_not_configured_stops_the_start(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "retail", ("shop.yaml",))
    with pytest.raises(WorkspaceError, match=r"shop.yaml:14: auth.secret: names a secret that"):
        build_runtime(_settings(tmp_path, ws, token=False))


def test_an_unknown_pack_is_named_with_the_choices(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "bakery")
    with pytest.raises(WorkspaceError, match=r"unknown domain pack 'bakery'; choose one of: "):
        build_runtime(_settings(tmp_path, ws))
    checked = run_cli("check", str(ws))
    assert checked.returncode == 2
    assert checked.stderr == (
        "error: deskpilot.yaml: domain: unknown domain pack 'bakery'; choose one of: "
        f"{', '.join(available())}\n"
    )


def test_check_names_the_pack_and_validates_the_connector_files(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "retail", ("shop.yaml",))
    ok = run_cli("check", str(ws))
    assert ok.returncode == 0, ok.stderr
    assert "domain retail" in ok.stdout and "1 HTTP connectors" in ok.stdout
    shutil.copy(HTTP_FIXTURES / "broken_method.yaml", ws / "connectors" / "broken_method.yaml")
    broken = run_cli("check", "--workspace", str(ws))
    assert broken.returncode == 2
    assert broken.stderr.startswith("error: ") and "broken_method.yaml" in broken.stderr
    assert broken.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("{actions: {cancel_ordr: proven}}", "unknown action 'cancel_ordr'; actions: cancel_"),
        ("{actions: {refund_order: known}}", "refund_order is set to known, but its connector"),
    ],
)
def test_check_names_a_verification_level_that_cannot_hold(
    tmp_path: Path, setting: str, said: str
) -> None:
    ws = _workspace(tmp_path, "retail", ("shop.yaml",))
    connector = ws / "connectors" / "shop.yaml"
    # the shop's refund declares it needs the customer proven, whatever the workspace says
    connector.write_text(
        connector.read_text().replace(
            "    side_effect: write\n", "    side_effect: write\n    verification: proven\n"
        )
    )
    assert run_cli("check", str(ws)).returncode == 0
    config = ws / "deskpilot.yaml"
    config.write_text(
        config.read_text().replace("verification: {default: known}", f"verification: {setting}")
    )
    checked = run_cli("check", str(ws))
    assert checked.returncode == 2
    assert checked.stderr.startswith("error: deskpilot.yaml:"), checked.stderr
    assert f"identity.verification.actions: {said}" in checked.stderr
    assert checked.stderr.count("\n") == 1


def test_check_takes_the_folder_as_an_argument_or_an_option(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "retail")
    assert run_cli("check", str(ws)).returncode == 0
    assert run_cli("check", "-w", str(ws)).returncode == 0
    both = run_cli("check", str(ws), "-w", str(RETAIL_WORKSPACE))
    assert both.returncode == 2
    assert both.stderr.startswith("error: two workspaces named")


def test_the_store_audits_exactly_the_kinds_its_audit_has_rules_for() -> None:
    from deskpilot.domains.retail._evidence import EvidenceAudit
    from deskpilot.workspace import load_workspace

    knowledge = load_pack("retail").knowledge(load_workspace(RETAIL_WORKSPACE))
    audited = {name for name, kind in knowledge.kinds.items() if kind.audited}
    assert audited == EvidenceAudit.KINDS


def test_a_workspace_missing_vocabulary_its_pack_reads_is_refused_with_the_section(
    tmp_path: Path,
) -> None:
    ws = _workspace(tmp_path, "retail")
    vocabulary = ws / "vocabulary.yaml"
    text = vocabulary.read_text()
    start = text.index("\nresolvers:")
    following = re.search(r"\n[a-z_]+:", text[start + 1 :])
    assert following is not None
    vocabulary.write_text(text[:start] + text[start + 1 + following.start() :])
    checked = run_cli("check", str(ws))
    assert checked.returncode == 2
    assert checked.stderr == (
        f"error: {vocabulary}: resolvers: missing; the retail domain reads its words from this "
        "section (see docs/workspace.md)\n"
    )
    with pytest.raises(WorkspaceError, match="resolvers: missing"):
        build_runtime(_settings(tmp_path, ws))
