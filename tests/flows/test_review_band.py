"""Answers given with confidence between the bands wait as drafts for a person."""

from __future__ import annotations

from pathlib import Path

from deskpilot.domain import CaseId, IntentScore, StaffRole, User, UserId
from deskpilot.domains.retail import CatalogueEntityMatcher
from deskpilot.domains.retail._matcher import CatalogueMatcherConfig
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.pipeline import BuildContext
from deskpilot.workspace import load_workspace

from ..conftest import RETAIL_WORKSPACE
from .conftest import DEMO, action_statuses, runtime_scored_by, runtime_understood_by

ALIASES = CatalogueMatcherConfig.from_vocabulary(load_workspace(RETAIL_WORKSPACE).vocabulary)


def _runtime_with_confidence(tmp_path: Path, confidence: float):  # type: ignore[no-untyped-def]

    def understander(ctx: BuildContext) -> NluUnderstander:
        return NluUnderstander(
            lambda _text: [IntentScore("product_info", confidence)],
            extractors=[CatalogueEntityMatcher(ctx.catalogue, ALIASES)],
            review_threshold=ctx.workspace.config.confidence.review,
        )

    return runtime_understood_by(tmp_path, understander)


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


GRETA = "greta.guerrero5203@example.com"  # pending #W6948042 in the demo store
# A question answered between the bands, and a request read surely that follows it: the whole
# turn's replies, the proposal among them, wait for review.
CANCEL = (
    f"{GRETA}. What options does the ergonomic desk chair have? "
    "Also please cancel order #W6948042, I no longer need it."
)
REVIEWER = User(UserId("usr_rita"), "rita", "Rita", StaffRole.AGENT)


def _unsure_of_the_request(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The question read in the review band (0.6); the cancellation and a yes read surely."""

    def scores(text: str) -> list[IntentScore]:
        if text.strip().lower() == "yes":
            return [IntentScore("affirm", 0.97)]
        if text.lower().startswith("also please cancel"):
            return [IntentScore("cancel_order", 0.95)]
        return [IntentScore("product_info", 0.6)]

    return runtime_scored_by(tmp_path, scores)


def _cancels(runtime, case_id: CaseId) -> list[str]:  # type: ignore[no-untyped-def]
    return action_statuses(runtime, case_id, "cancel_pending_order")


def test_a_yes_to_a_proposal_still_in_review_confirms_nothing(tmp_path: Path) -> None:
    runtime = _unsure_of_the_request(tmp_path)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        turn = runtime.pipeline.do_receive_message(conv.id, CANCEL)
        assert "reviewing my answer" in turn.replies[0].text
        with runtime.db.transaction() as repo:
            drafts = repo.list_drafts(case_id=conv.case_id)
        assert any("To confirm" in d.text and "#W6948042" in d.text for d in drafts), drafts
        # The customer has not seen the proposal: their yes is told it is on its way.
        turn = runtime.pipeline.do_receive_message(conv.id, "yes")
        assert "reviewing my answer" in turn.replies[0].text
        assert _cancels(runtime, conv.case_id) == []
        # Sent as written, it is on their screen: now a yes confirms it.
        for draft in drafts:
            runtime.drafts.do_review_draft(draft.id, approve=True, actor=REVIEWER)
        runtime.pipeline.do_receive_message(conv.id, "yes")
        assert _cancels(runtime, conv.case_id) == ["succeeded"]
    finally:
        runtime.close()


def test_a_proposal_whose_draft_was_edited_is_withdrawn(tmp_path: Path) -> None:
    runtime = _unsure_of_the_request(tmp_path)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        runtime.pipeline.do_receive_message(conv.id, CANCEL)
        with runtime.db.transaction() as repo:
            drafts = repo.list_drafts(case_id=conv.case_id)
        for draft in drafts:
            runtime.drafts.do_review_draft(
                draft.id, approve=True, text=f"{draft.text} Or all your orders?", actor=REVIEWER
            )
        runtime.pipeline.do_receive_message(conv.id, "yes")
        assert _cancels(runtime, conv.case_id) == []
    finally:
        runtime.close()
