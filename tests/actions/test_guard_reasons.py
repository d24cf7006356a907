"""The guard's own refusals give their reason as the workspace's template ``reason_<code>``
(``GuardVerdict.said``, ``ActionOutcome.refusal_said``), which the flow engine says to the
customer: the retail and airline workspaces' templates say exactly the English reason the
record keeps, and the engine says the English reason to a workspace without the template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from deskpilot.actions import ActionOutcome, Guard
from deskpilot.domain import Verification
from deskpilot.pipeline import ReplySpec, TemplateResponder
from deskpilot.workspace import PolicyFile, load_workspace

from ..conftest import PROJECT_ROOT
from .test_guard import DATA, Harness, _cancel_args, _pending_order

CANCEL = "cancel_pending_order"


def _unverified(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.confirm(CANCEL, _cancel_args(order_id))
    return h.call(CANCEL, _cancel_args(order_id))


def _stranger(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.verify(next(u for u in DATA["users"] if u != owner))
    return _unverified(h, order_id, owner)


def _unconfirmed(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.verify(owner)
    return h.call(CANCEL, _cancel_args(order_id))


def _other_confirmed(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.verify(owner)
    h.confirm(CANCEL, _cancel_args(order_id, "ordered by mistake"))
    return h.call(CANCEL, _cancel_args(order_id))


def _weakly_verified(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.layer.guard = Guard(PolicyFile(), known_facts=("email",))
    h.verify(owner)
    return _unverified(h, order_id, owner)


def _never_automated(h: Harness, order_id: str, owner: str) -> ActionOutcome:
    h.layer.guard = Guard(PolicyFile(), ("bereavement", "fraud"))
    h.case = replace(h.case, verification=Verification(owner, "code"))
    h.confirm(CANCEL, _cancel_args(order_id))
    return h.call(CANCEL, _cancel_args(order_id), categories=("fraud", "bereavement"))


CASES: list[tuple[str, Callable[[Harness, str, str], ActionOutcome]]] = [
    ("not_verified", _unverified),
    ("not_owner", _stranger),
    ("not_confirmed", _unconfirmed),
    ("confirmation_mismatch", _other_confirmed),
    ("needs_stronger_verification", _weakly_verified),
    ("never_automate", _never_automated),
]
WORKSPACES = {
    name: load_workspace(PROJECT_ROOT / "examples" / name) for name in ("retail", "airline")
}


@pytest.mark.parametrize(("code", "refused"), CASES)
def test_the_guard_s_reason_is_the_workspace_s_template(
    code: str, refused: Callable[[Harness, str, str], ActionOutcome]
) -> None:
    order_id, order = _pending_order()
    outcome = refused(Harness(), order_id, order["user_id"])
    assert outcome.refusal_code == code
    assert outcome.refusal_said is not None
    template, facts = outcome.refusal_said
    assert template == f"reason_{code}"
    for workspace in WORKSPACES.values():
        said = TemplateResponder(workspace).render(ReplySpec(template, dict(facts)), "en")
        assert said == outcome.refusal_reason


def test_the_guard_s_reason_in_another_language() -> None:
    order_id, order = _pending_order()
    outcome = _never_automated(Harness(), order_id, order["user_id"])
    assert outcome.refusal_said is not None
    retail = WORKSPACES["retail"]
    german: dict[str, Any] = {
        "reason_never_automate": "Das muss ein Mensch übernehmen ({{ categories|join(', ') }}).",
    }
    workspace = replace(retail, templates={"en": {**retail.templates["en"], **german}})
    said = TemplateResponder(workspace).render(ReplySpec(*outcome.refusal_said), "en")
    assert said == "Das muss ein Mensch übernehmen (bereavement, fraud)."
