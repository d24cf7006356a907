"""A conversation harness over the retail workspace and an in-memory copy of the demo store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from deskpilot.components import default_registry
from deskpilot.domain import ActionStatus, Case, CaseId, IntentScore
from deskpilot.domains.retail import CatalogueEntityMatcher, RetailStore, generate_store
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.flows import Phrasing, SlotContext
from deskpilot.nlu.entities import entity_forms, record_finders
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.pipeline import BuildContext, Understander
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE, RetailParts, slot_context

DEMO = generate_store()
# "12 Oak Street, Austin, TX 78701" as a shipping address's arguments (an order's new address).
AUSTIN = {
    "address1": "12 Oak Street",
    "address2": "",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "78701",
}
# The store workspace, loaded once, and the catalogue matcher over the demo store it builds.
RETAIL = load_workspace(RETAIL_WORKSPACE)
CATALOGUE = CatalogueEntityMatcher(
    DEMO["products"], CatalogueMatcherConfig.from_vocabulary(RETAIL.vocabulary)
)


def demo_slot_context(text: str, kind: str, **fields: Any) -> SlotContext:
    """What a store resolver of ``kind`` sees over ``text``: the demo store's records and
    catalogue, the store workspace's phrasing; ``fields`` as ``slot_context`` takes them."""
    return slot_context(
        text,
        record=lambda k, rid: DEMO["orders" if k == "order" else "products"].get(rid),
        catalogue=CATALOGUE,
        phrasing=Phrasing(RETAIL.vocabulary.dialogue),
        kind=kind,
        **fields,
    )


def runtime_understood_by(
    tmp_path: Path, understander: Callable[[BuildContext], Understander]
) -> Runtime:
    """A runtime over the store workspace and a fresh copy of the demo store whose
    understanding is built by ``understander`` (a reading forced, or the real one wrapped:
    ``NLU`` builds the real one)."""
    registry = default_registry()
    registry.understand.factories["nlu"] = understander
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    return build_runtime(settings, registry, store=RetailStore.in_memory(DEMO))


def runtime_scored_by(tmp_path: Path, scores: Callable[[str], list[IntentScore]]) -> Runtime:
    """A runtime whose intent readings are ``scores`` (forced), with the store workspace's
    records, catalogue words, bands and request words as the real understanding has them."""

    def understander(ctx: BuildContext) -> Understander:
        ws = ctx.workspace
        aliases = CatalogueMatcherConfig.from_vocabulary(ws.vocabulary)
        return NluUnderstander(
            scores,
            records=record_finders(ws.vocabulary.records),
            forms=entity_forms(ws.vocabulary),
            extractors=[CatalogueEntityMatcher(ctx.catalogue, aliases)],
            review_threshold=ws.config.confidence.review,
            part_threshold=ws.config.confidence.auto,
            requests=ws.vocabulary.requests,
            lexicon=ws.lexicon,
        )

    return runtime_understood_by(tmp_path, understander)


def yes_or_no(said: str) -> list[IntentScore] | None:
    """The forced reading of a bare "yes" or "no" (``said`` stripped and lower-cased), or None."""
    if said in ("yes", "no"):
        return [IntentScore("affirm" if said == "yes" else "deny", 0.97)]
    return None


def forced_readings(
    *rules: tuple[Callable[[str], bool], list[IntentScore]], otherwise: list[IntentScore]
) -> Callable[[str], list[IntentScore]]:
    """Forced intent readings: a bare "yes" or "no" as itself, then the scores of the first rule
    whose test holds of the message (stripped and lower-cased), else ``otherwise``."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if (answer := yes_or_no(said)) is not None:
            return answer
        return next((found for test, found in rules if test(said)), otherwise)

    return scores


@contextmanager
def chat_scored_by(tmp_path: Path, scores: Callable[[str], list[IntentScore]]) -> Iterator[Chat]:
    """A conversation through a runtime whose intent readings are ``scores`` (forced), closed
    when the block ends."""
    runtime = runtime_scored_by(tmp_path, scores)
    try:
        yield Chat(runtime)
    finally:
        runtime.close()


def action_statuses(runtime: Runtime, case_id: CaseId, action: str) -> list[str]:
    """The statuses of the case's calls of ``action``, oldest first."""
    with runtime.db.transaction() as repo:
        calls = repo.list_action_calls(case_id)
    return [c.status.value for c in calls if c.action == action]


# How the store workspace's own understanding is built.
NLU = default_registry().understand.factories["nlu"]


class Chat:
    """One customer conversation through the real pipeline."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.conversation = runtime.pipeline.do_start_conversation("chat", None)
        self.replies: list[str] = []
        self.case: Case | None = None

    def say(self, text: str) -> str:
        result = self.runtime.pipeline.do_receive_message(self.conversation.id, text)
        self.case = result.case
        said = " ".join(m.text for m in result.replies)
        self.replies.append(said)
        return said

    def writes(self) -> list[tuple[str, dict[str, Any]]]:
        with self.runtime.db.transaction() as repo:
            calls = repo.list_action_calls(self.conversation.case_id)
        return [
            (c.action, c.args)
            for c in calls
            if c.side_effect == "write" and c.status is ActionStatus.SUCCEEDED
        ]


@pytest.fixture
def store() -> RetailStore:
    return RetailStore.in_memory(DEMO)


@pytest.fixture
def chat(tmp_path: Path, store: RetailStore, retail: RetailParts) -> Iterator[Chat]:
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    runtime = retail.runtime(settings, store=store)
    yield Chat(runtime)
    runtime.close()


def find_order(status: str, *, min_items: int = 1, **where: Any) -> tuple[str, dict[str, Any]]:
    """A demo-store order in ``status`` with at least ``min_items`` items."""
    for order_id, order in DEMO["orders"].items():
        matches = all(order.get(k) == v for k, v in where.items())
        if order["status"] == status and len(order["items"]) >= min_items and matches:
            return order_id, order
    raise AssertionError(f"no {status} order in the demo store")


def owner(order: dict[str, Any]) -> dict[str, Any]:
    """The customer who placed ``order``."""
    user: dict[str, Any] = DEMO["users"][order["user_id"]]
    return user


def two_pending() -> tuple[dict[str, Any], str, str]:
    """A demo customer with two pending orders: (customer, one order, the other)."""
    for user in DEMO["users"].values():
        pending = [o for o in user["orders"] if DEMO["orders"][o]["status"] == "pending"]
        if len(pending) >= 2:
            return user, pending[0], pending[1]
    raise AssertionError("no demo customer with two pending orders")
