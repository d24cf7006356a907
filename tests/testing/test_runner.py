"""Running cases through the real pipeline on the demo store: with the example workspace's own
components, and with a scripted decider whose writes the tests control."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskpilot.actions import mask_personal
from deskpilot.components import default_registry
from deskpilot.domain import PendingConfirmation, Verification
from deskpilot.errors import InputError, WorkspaceError
from deskpilot.pipeline import (
    ActionRequest,
    BuildContext,
    ComponentRegistry,
    Decider,
    Decision,
    DecisionKind,
    ReplySpec,
    Turn,
)
from deskpilot.settings import PROJECT_ROOT, Settings
from deskpilot.testing import CaseResult, run_case_files
from deskpilot.workspace import load_workspace

from ..conftest import need_tau_retail
from .conftest import Demo, write_cases

CANCEL = re.compile(r"cancel (?P<order>#W\d+) for (?P<user>\S+): (?P<reason>.+)")


class CancellingDecider:
    """Cancels at once what "cancel #W… for USER: REASON" names, as verified and confirmed.

    Whatever the workspace's decider does, this one makes the writes the tests need, through
    the real guard, action layer and store.
    """

    def decide(self, turn: Turn) -> Decision:
        """Ask for the cancellation, then say how it went."""
        if "boom" in turn.understanding.text:
            raise RuntimeError("boom")
        if turn.outcomes:
            outcome = turn.outcomes[-1]
            reply = (
                ReplySpec("thanks")
                if outcome.ok
                else ReplySpec("refused", {"reason": outcome.refusal_reason})
            )
            return Decision(DecisionKind.REPLY, turn.case, ("reported",), replies=(reply,))
        found = CANCEL.search(turn.understanding.text)
        if found is None:
            return Decision(
                DecisionKind.REPLY, turn.case, ("nothing",), replies=(ReplySpec("greeting"),)
            )
        args = {"order_id": found["order"], "reason": found["reason"]}
        case = replace(
            turn.case,
            verification=Verification(found["user"], "email"),
            confirmed=(PendingConfirmation("cancel_pending_order", args, "cancel?"),),
        )
        request = ActionRequest("cancel_pending_order", args)
        return Decision(DecisionKind.ACT, case, ("asked",), action=request)


def _registry(settings: Settings, decide: Callable[[BuildContext], Decider]) -> ComponentRegistry:
    """The workspace's own understanding and responding components, and ``decide``."""
    cfg = load_workspace(settings.workspace).config.pipeline
    builtin = default_registry()
    registry = ComponentRegistry()
    registry.understand.add(cfg.understand, builtin.understand.factories[cfg.understand])
    registry.decide.add(cfg.decide, decide)
    registry.respond.add(cfg.respond, builtin.respond.factories[cfg.respond])
    return registry


def _cancelling(settings: Settings) -> ComponentRegistry:
    return _registry(settings, lambda _ctx: CancellingDecider())


def _run(path: Path, settings: Settings, **kwargs: Any) -> dict[str, CaseResult]:
    return {r.name: r for r in run_case_files([path], settings, **kwargs)}


def _cancel(demo: Demo, reason: str = "ordered by mistake") -> dict[str, Any]:
    return {"customer": f"cancel {demo.pending_order_id} for {demo.pending_user_id}: {reason}"}


def _cancelled(demo: Demo, reason: str = "ordered by mistake") -> dict[str, Any]:
    return {
        "name": "cancel_pending_order",
        "args": {"order_id": demo.pending_order_id, "reason": reason},
    }


def test_run_case_files_passes_order_status_by_email(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    text = f"Where is my order {demo.order_id}? My email is {demo.email}"
    path = write_cases(
        tmp_path,
        {
            "name": "order status by email",
            "turns": [{"customer": text}],
            "expect": {"actions": [], "escalated": False, "replies_contain": [demo.status]},
        },
    )
    (result,) = run_case_files([path], settings)
    assert result.passed, result.failures
    assert result.file == str(path)
    assert result.transcript[0].speaker == "customer"
    assert result.transcript[0].text == text
    assert result.transcript[1].speaker == "deskpilot"
    assert f"Order {demo.order_id} is {demo.status}" in result.transcript[1].text
    assert result.actions == ()
    assert not result.escalation.escalated
    assert result.store_changes == {}


def test_run_case_files_passes_another_customers_order_without_a_write(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "someone else's order",
            "turns": [{"customer": f"Where is my order {demo.others_order_id}? I'm {demo.email}"}],
            "expect": {"actions": [], "replies_contain": ["on your account"]},
        },
    )
    (result,) = run_case_files([path], settings)
    assert result.passed, result.failures


def test_run_case_files_fails_a_case_whose_reply_shows_what_it_must_never_show(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "a reply that names the order",
            "turns": [{"customer": f"Where is my order {demo.order_id}? I'm {demo.email}"}],
            "expect": {"replies_never": [demo.order_id, "no such text"]},
        },
    )
    (result,) = run_case_files([path], settings)
    assert list(result.failures) == [f"a reply contained {demo.order_id!r}"]


def test_run_case_files_escalates_nonsense_said_twice(tmp_path: Path, settings: Settings) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "nonsense twice",
            "turns": [{"customer": "blorp flibber"}, {"customer": "zzzt qwop"}],
            "expect": {"escalated": True, "actions": []},
        },
    )
    (result,) = run_case_files([path], settings)
    assert result.passed, result.failures
    assert result.escalation.escalated
    assert result.escalation.queue == "general"
    assert result.escalation.reason
    assert [line.speaker for line in result.transcript] == [
        "customer",
        "deskpilot",
        "customer",
        "deskpilot",
    ]


def test_run_case_files_fails_a_case_whose_expected_write_never_happens(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "cancel out of nowhere",
            "turns": [{"customer": "hello"}],
            "expect": {"actions": [_cancelled(demo)], "replies_contain": ["cancelled"]},
        },
        {"name": "hello", "turns": [{"customer": "hi"}], "expect": {"actions": []}},
    )
    results = _run(path, settings)
    assert list(results) == ["cancel out of nowhere", "hello"]
    assert results["cancel out of nowhere"].failures == (
        f"expected cancel_pending_order(order_id='{demo.pending_order_id}', "
        "reason='ordered by mistake'), executed nothing",
        "reply never contained 'cancelled'",
    )
    assert results["hello"].passed


def test_run_case_files_reports_an_executed_write_with_its_outcome_and_store_changes(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        {"name": "cancel", "turns": [_cancel(demo)], "expect": {"actions": [_cancelled(demo)]}},
    )
    (result,) = run_case_files([path], settings, registry=_cancelling(settings))
    assert result.passed, result.failures
    (action,) = result.actions
    assert action.name == "cancel_pending_order"
    assert action.args == {"order_id": demo.pending_order_id, "reason": "ordered by mistake"}
    assert action.outcome["status"] == "cancelled"
    # the outcome as DeskPilot keeps it: the record written, with personal fields masked
    assert action.outcome == mask_personal(result.store_changes["orders"][demo.pending_order_id])
    assert result.to_json()["actions"] == [
        {"name": action.name, "args": action.args, "outcome": action.outcome}
    ]


def test_run_case_files_starts_every_case_from_the_pristine_store(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        *(
            {
                "name": f"cancel {n}",
                "turns": [_cancel(demo)],
                "expect": {"actions": [_cancelled(demo)]},
            }
            for n in (1, 2)
        ),
    )
    results = _run(path, settings, registry=_cancelling(settings))
    # Had the second case seen the first one's cancellation, its cancel would be refused
    # (the order is no longer pending) and it would execute nothing.
    for result in results.values():
        assert result.passed, result.failures
        assert list(result.store_changes["orders"]) == [demo.pending_order_id]


def test_run_case_files_fails_a_wrong_or_unexpected_write(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    path = write_cases(
        tmp_path,
        {"name": "no write allowed", "turns": [_cancel(demo)], "expect": {"actions": []}},
        {
            "name": "other reason",
            "turns": [_cancel(demo, "no longer needed")],
            "expect": {"actions": [_cancelled(demo)]},
        },
    )
    results = _run(path, settings, registry=_cancelling(settings))
    order = demo.pending_order_id
    assert results["no write allowed"].failures == (
        f"unexpected write cancel_pending_order(order_id='{order}', reason='ordered by mistake')",
    )
    assert results["other reason"].failures == (
        f"expected cancel_pending_order(order_id='{order}', reason='ordered by mistake'), "
        f"executed cancel_pending_order(order_id='{order}', reason='no longer needed')",
    )


def test_run_case_files_fails_only_the_case_whose_turn_cannot_be_processed(
    tmp_path: Path, settings: Settings
) -> None:
    path = write_cases(
        tmp_path,
        {
            "name": "crash",
            "turns": [{"customer": "boom"}, {"customer": "never sent"}],
            "expect": {"escalated": False},
        },
        {"name": "fine", "turns": [{"customer": "hello"}], "expect": {"escalated": False}},
    )
    results = _run(path, settings, registry=_cancelling(settings))
    assert results["crash"].failures == ("turn 1 failed: RuntimeError: boom",)
    assert [line.text for line in results["crash"].transcript] == ["boom"]
    assert results["fine"].passed


def test_run_case_files_builds_the_components_once_per_run(
    tmp_path: Path, settings: Settings
) -> None:
    built: list[Decider] = []

    def decide(_ctx: BuildContext) -> Decider:
        built.append(CancellingDecider())
        return built[-1]

    path = write_cases(
        tmp_path, *({"name": f"hi {n}", "turns": [{"customer": "hello"}]} for n in range(3))
    )
    assert len(run_case_files([path], settings, registry=_registry(settings, decide))) == 3
    assert len(built) == 1


def test_run_case_files_validates_every_file_before_running_any(
    tmp_path: Path, settings: Settings
) -> None:
    built: list[Decider] = []

    def decide(_ctx: BuildContext) -> Decider:
        built.append(CancellingDecider())
        return built[-1]

    good = write_cases(tmp_path, {"name": "hi", "turns": [{"customer": "hello"}]})
    bad = write_cases(tmp_path, {"name": "hi", "turns": []}, name="bad.yaml")
    registry = _registry(settings, decide)
    with pytest.raises(WorkspaceError, match=r"bad\.yaml:3: cases\[0\]\.turns"):
        run_case_files([good, bad], settings, registry=registry)
    assert built == []


def test_run_case_files_needs_a_file(settings: Settings) -> None:
    with pytest.raises(InputError, match="at least one"):
        run_case_files([], settings)


def test_run_case_files_leaves_the_store_folder_and_data_dir_untouched(
    tmp_path: Path, settings: Settings, demo: Demo
) -> None:
    assert settings.store is not None
    before = {p.name: p.read_bytes() for p in settings.store.iterdir()}
    path = write_cases(tmp_path, {"name": "cancel", "turns": [_cancel(demo)]})
    (result,) = run_case_files([path], settings, registry=_cancelling(settings))
    assert result.store_changes
    assert {p.name: p.read_bytes() for p in settings.store.iterdir()} == before
    assert not settings.data_dir.exists() or not any(settings.data_dir.iterdir())


def test_documented_example_passes_on_the_reference_store(
    tmp_path: Path, settings: Settings
) -> None:
    doc = (PROJECT_ROOT / "docs" / "conversation-tests.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert block is not None
    path = tmp_path / "example.yaml"
    path.write_text(block.group(1))
    reference = settings.model_copy(update={"store": need_tau_retail()})
    (result,) = run_case_files([path], reference)
    assert result.passed, (result.failures, result.transcript)
    assert result.actions[0].outcome["status"] == "cancelled"
    assert list(result.store_changes["orders"]) == ["#W2974929"]
