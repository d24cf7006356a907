"""A request read only between the bands after a yes that confirms what waits ("yes. and that
coffee grinder - … can I have the black one instead?"): the yes runs the proposal waiting, and
that request waits its turn with the words after the yes, its proposal confirmed as any other
(docs/understanding.md, "A request read between the bands")."""

from __future__ import annotations

from pathlib import Path

from deskpilot.domain import IntentScore

from .conftest import action_statuses, runtime_scored_by

GRETA = "greta.guerrero5203@example.com"  # pending #W6948042: a silver coffee grinder, a chair
ADDRESS = f"{GRETA}. Please ship order #W6948042 to 12 Oak Street, Austin, TX 78701."
GRINDER = (
    "and that coffee grinder - it's the silver one with 15 grind settings - can I have the "
    "black one instead? same 400g hopper. gift card."
)


def _runtime(tmp_path: Path, wish: float):  # type: ignore[no-untyped-def]
    """The address change read surely, the part asking for the grinder read at ``wish`` as an
    item change, everything else below the review band; a yes read surely."""

    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if said in ("yes", "no"):
            return [IntentScore("affirm" if said == "yes" else "deny", 0.97)]
        if said.startswith("please ship order") or ("ship order" in said and "@" in said):
            return [IntentScore("modify_order_address", 0.97), IntentScore("order_status", 0.01)]
        if said.startswith("can i have"):
            return [IntentScore("modify_order_items", wish), IntentScore("product_info", 0.1)]
        return [IntentScore("product_info", 0.2), IntentScore("modify_order_items", 0.15)]

    return runtime_scored_by(tmp_path, scores)


def test_a_request_read_between_the_bands_after_a_yes_waits_its_turn(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 0.6)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        said = " ".join(
            r.text for r in runtime.pipeline.do_receive_message(conv.id, ADDRESS).replies
        )
        assert "change the shipping address of order #W6948042" in said, said
        turn = runtime.pipeline.do_receive_message(conv.id, f"yes. {GRINDER}")
        said = " ".join(r.text for r in turn.replies)
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_address") == [
            "succeeded"
        ]
        # the grinder's change is proposed from the words after the yes, and waits for its own yes
        assert "To confirm, on order #W6948042 I'll change: Burr Coffee Grinder" in said, said
        assert "black" in said and "Ergonomic Desk Chair" not in said, said
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_items") == []
        runtime.pipeline.do_receive_message(conv.id, "yes")
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_items") == ["succeeded"]
    finally:
        runtime.close()


def test_a_request_read_below_the_review_band_after_a_yes_is_not_taken(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 0.2)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        runtime.pipeline.do_receive_message(conv.id, ADDRESS)
        turn = runtime.pipeline.do_receive_message(conv.id, f"yes. {GRINDER}")
        said = " ".join(r.text for r in turn.replies)
        assert "Burr Coffee Grinder" not in said, said
        runtime.pipeline.do_receive_message(conv.id, "yes")
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_items") == []
    finally:
        runtime.close()


def test_a_yes_that_changes_the_proposal_waiting_is_asked_again_not_run(tmp_path: Path) -> None:
    # new facts for the proposal waiting ("to 9 Lake Drive instead"): it is said again, and
    # nothing runs on the yes that changed it, whatever else the message asks
    runtime = _runtime(tmp_path, 0.6)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        runtime.pipeline.do_receive_message(conv.id, ADDRESS)
        turn = runtime.pipeline.do_receive_message(
            conv.id, f"yes, but to 9 Lake Drive, Miami, FL 33101 instead. {GRINDER}"
        )
        said = " ".join(r.text for r in turn.replies)
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_address") == []
        assert "9 Lake Drive" in said, said
    finally:
        runtime.close()


def test_a_yes_then_the_same_request_for_another_subject_runs_both(tmp_path: Path) -> None:
    # "yes." alone, then the same request for another order: that yes consents to what waits,
    # and the other order's change is proposed after it, for its own yes
    runtime = _runtime(tmp_path, 0.6)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        runtime.pipeline.do_receive_message(conv.id, ADDRESS)
        turn = runtime.pipeline.do_receive_message(
            conv.id, "yes. and ship order #W5691980 to 9 Lake Drive, Miami, FL 33101."
        )
        said = " ".join(r.text for r in turn.replies)
        calls = _address_calls(runtime, conv.case_id)
        assert calls == [("#W6948042", "12 Oak Street")], calls
        assert "order #W5691980 to 9 Lake Drive" in said, said
        runtime.pipeline.do_receive_message(conv.id, "yes")
        calls = _address_calls(runtime, conv.case_id)
        assert calls == [("#W6948042", "12 Oak Street"), ("#W5691980", "9 Lake Drive")], calls
    finally:
        runtime.close()


def test_a_yes_then_the_same_subject_again_is_asked_again_not_run(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 0.6)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        runtime.pipeline.do_receive_message(conv.id, ADDRESS)
        turn = runtime.pipeline.do_receive_message(
            conv.id, "yes. and ship order #W6948042 to 9 Lake Drive, Miami, FL 33101."
        )
        said = " ".join(r.text for r in turn.replies)
        assert _address_calls(runtime, conv.case_id) == []
        assert "order #W6948042 to 9 Lake Drive" in said, said
    finally:
        runtime.close()


def _address_calls(runtime, case_id) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with runtime.db.transaction() as repo:
        calls = repo.list_action_calls(case_id)
    return [
        (c.args["order_id"], c.args["address1"])
        for c in calls
        if c.action == "modify_pending_order_address" and c.status.value == "succeeded"
    ]


def test_a_request_taking_a_detail_of_the_one_confirmed_is_not_taken_after_the_yes(
    tmp_path: Path,
) -> None:
    # an item change and a cancellation both take the order's items: words after the yes to
    # the one, read between the bands as the other, may be its details, so nothing is proposed
    def scores(text: str) -> list[IntentScore]:
        said = text.strip().lower()
        if said in ("yes", "no"):
            return [IntentScore("affirm" if said == "yes" else "deny", 0.97)]
        if "change the coffee grinder" in said:
            return [IntentScore("modify_order_items", 0.97), IntentScore("order_status", 0.01)]
        if said.startswith("can you cancel"):
            return [IntentScore("cancel_order", 0.6), IntentScore("product_info", 0.1)]
        return [IntentScore("product_info", 0.2), IntentScore("modify_order_items", 0.15)]

    runtime = runtime_scored_by(tmp_path, scores)
    try:
        conv = runtime.pipeline.do_start_conversation("chat", None)
        said = " ".join(
            r.text
            for r in runtime.pipeline.do_receive_message(
                conv.id,
                f"{GRETA}. Please change the coffee grinder in order #W6948042 to the black one, "
                "same 15 grind settings and 400g hopper.",
            ).replies
        )
        assert "Burr Coffee Grinder" in said and "To confirm" in said, said
        turn = runtime.pipeline.do_receive_message(
            conv.id, "yes. and that order - can you cancel it? I ordered it by mistake."
        )
        said = " ".join(r.text for r in turn.replies)
        assert action_statuses(runtime, conv.case_id, "modify_pending_order_items") == ["succeeded"]
        # nothing is said of a cancellation: not proposed, nor checked and refused
        assert "To confirm" not in said and "cancel" not in said.lower(), said
    finally:
        runtime.close()
