"""Answers given with confidence between the bands wait as drafts for a person."""

from __future__ import annotations

from pathlib import Path

from deskpilot.components import default_registry
from deskpilot.domain import IntentScore
from deskpilot.domains.retail import CatalogueEntityMatcher, RetailStore
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.pipeline import BuildContext
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO

ALIASES = CatalogueMatcherConfig.from_vocabulary(load_workspace(RETAIL_WORKSPACE).vocabulary)


def _runtime_with_confidence(tmp_path: Path, confidence: float):  # type: ignore[no-untyped-def]
    registry = default_registry()

    def understander(ctx: BuildContext) -> NluUnderstander:
        return NluUnderstander(
            lambda _text: [IntentScore("product_info", confidence)],
            extractors=[CatalogueEntityMatcher(ctx.catalogue, ALIASES)],
            review_threshold=ctx.workspace.config.confidence.review,
        )

    registry.understand.factories["nlu"] = understander
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", workspace=RETAIL_WORKSPACE)
    return build_runtime(settings, registry, store=RetailStore.in_memory(DEMO))


def test_review_band_answer_waits_as_a_draft(tmp_path: Path) -> None:
    runtime = _runtime_with_confidence(tmp_path, 0.6)
    product = next(iter(DEMO["products"].values()))
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        turn = runtime.pipeline.do_receive_message(
            conv.id, f"what options does the {product['name'].lower()} have"
        )
        assert "reviewing my answer" in turn.replies[0].text
        with runtime.db.transaction() as repo:
            drafts = repo.list_drafts(case_id=conv.case_id)
        assert len(drafts) == 1
        assert f"The {product['name']} comes in" in drafts[0].text
    finally:
        runtime.close()


def test_confident_answer_goes_out_at_once(tmp_path: Path) -> None:
    runtime = _runtime_with_confidence(tmp_path, 0.95)
    product = next(iter(DEMO["products"].values()))
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        turn = runtime.pipeline.do_receive_message(
            conv.id, f"what options does the {product['name'].lower()} have"
        )
        assert f"The {product['name']} comes in" in turn.replies[0].text
        with runtime.db.transaction() as repo:
            assert repo.list_drafts(case_id=conv.case_id) == []
    finally:
        runtime.close()
