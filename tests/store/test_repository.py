"""The repository on SQLite and PostgreSQL: the same behaviour on both."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update

from deskpilot.domain import (
    ActionCall,
    ActionCallId,
    ActionStatus,
    Asked,
    Case,
    CaseId,
    CaseStatus,
    ChannelIdentity,
    Conversation,
    ConversationId,
    Customer,
    CustomerId,
    DialogueState,
    Direction,
    Event,
    EventType,
    Ground,
    Handoff,
    Message,
    MessageId,
    MessageStatus,
    Note,
    NoteId,
    PendingConfirmation,
    Verification,
    new_id,
    utcnow,
)
from deskpilot.errors import ConflictError, NotFoundError, StoreError
from deskpilot.store import Database
from deskpilot.store._tables import cases


@pytest.fixture
def db(database_url: str) -> Database:
    database = Database.connect(database_url)
    yield database  # type: ignore[misc]
    database.dispose()


def _seed(db: Database, handle: str = "a@example.com") -> tuple[Customer, Case, Conversation]:
    customer = Customer(
        id=CustomerId(new_id("cus")), identities=(ChannelIdentity("email", handle),)
    )
    case = Case(id=CaseId(new_id("case")), customer_id=customer.id)
    conv = Conversation(
        id=ConversationId(new_id("conv")),
        channel="email",
        handle=handle,
        customer_id=customer.id,
        case_id=case.id,
    )
    with db.transaction() as repo:
        repo.insert_customer(customer)
        repo.insert_case(case)
        repo.insert_conversation(conv)
    return customer, case, conv


def _inbound(conv: Conversation, text: str, external_id: str | None) -> Message:
    return Message(
        id=MessageId(new_id("msg")),
        conversation_id=conv.id,
        case_id=conv.case_id,
        direction=Direction.INBOUND,
        channel=conv.channel,
        text=text,
        external_id=external_id,
    )


def test_repository_round_trips_a_full_case_state(db: Database) -> None:
    _, case, _ = _seed(db)
    full = replace(
        case,
        status=CaseStatus.HANDED_OFF,
        verification=Verification(user_id="ann_lee_1", method="email"),
        intent="order_status",
        slots={"order_id": "#W1234567", "items": ["1", "2"]},
        dialogue=DialogueState(
            said=("cancel it",),
            said_first="hi, cancel my order",
            messages=("hi", "cancel it"),
            queued_said=("and return the mat",),
            memory={"order": "#W1234567"},
            reuse={"payment_method": {"value": "paypal_1", "facts": {}}},
            facts={"order_id": {"status": "pending"}},
            chosen=("order_id",),
            question=Asked("ask_order:order_id", 2),
            offer={"slot": "x", "value": "1", "facts": {}},
            confidence=0.8,
            checks=('order.status == "pending"',),
            identity={"email": "a@example.com"},
            name_candidates=(("Ann", "Lee"),),
            declined={"new_item_ids": ["1"]},
            grounds={
                "order_id": (Ground.said("#W1234567"), Ground.record("order", "#W1234567")),
                "items": (Ground("chosen", "the second one"),),
            },
        ),
        pending_confirmation=PendingConfirmation("cancel_pending_order", {"a": 1}, "Cancel?"),
        confirmed=(PendingConfirmation("x", {"b": [1, 2]}, "ok?"),),
        actions_done=(ActionCallId("act_1"),),
        clarifications=1,
        handoff=Handoff(reason="r", queue="general", packet={"summary": "s"}),
        outcome="done",
    )
    with db.transaction() as repo:
        _, version = repo.get_case(case.id)
        repo.save_case(full, version)
    with db.transaction() as repo:
        loaded, version = repo.get_case(case.id)
    assert version == 2
    assert replace(loaded, updated_at=full.updated_at, created_at=full.created_at) == replace(
        full,
        verification=replace(full.verification, verified_at=loaded.verification.verified_at),  # type: ignore[arg-type,union-attr]
    )
    assert loaded.created_at.tzinfo is not None


def test_a_case_stored_before_the_typed_dialogue_state_is_read_into_it(db: Database) -> None:
    """Schema 1 kept the dialogue state as underscore keys among the slots."""
    _, case, _ = _seed(db)
    old = {
        "intent": "cancel_order",
        "slots": {
            "order_id": "#W1234567",
            "_said": ["cancel my order"],
            "_last_order": "#W7654321",
            "_reuse_payment_method": {"value": "paypal_1", "facts": {}},
            "_question": {"key": "ask_cancel_reason:reason", "times": 2},
            "_identity": {"email": "a@example.com"},
            "_name_candidates": [["Ann", "Lee"]],
        },
        "clarifications": 0,
    }
    with db.engine.begin() as connection:
        connection.execute(update(cases).where(cases.c.id == case.id).values(state=old))
    with db.transaction() as repo:
        loaded, _ = repo.get_case(case.id)
    assert loaded.slots == {"order_id": "#W1234567"}
    assert loaded.dialogue == DialogueState(
        said=("cancel my order",),
        memory={"order": "#W7654321"},
        reuse={"payment_method": {"value": "paypal_1", "facts": {}}},
        question=Asked("ask_cancel_reason:reason", 2),
        identity={"email": "a@example.com"},
        name_candidates=(("Ann", "Lee"),),
        grounds={"order_id": (Ground.earlier("set before schema 3"),)},
    )


def test_a_case_stored_before_grounds_were_kept_takes_its_values_as_settled(db: Database) -> None:
    """Schema 2 kept no grounds: the values of a request in progress then were set under the
    checks of their time, so they stand as settled earlier instead of blocking the proposal."""
    _, case, _ = _seed(db)
    stored = {
        "schema": 2,
        "intent": "cancel_order",
        "slots": {"order_id": "#W1234567", "reason": "no longer needed"},
        "dialogue": {"said": ["cancel #W1234567"], "memory": {"order": "#W1234567"}},
        "clarifications": 0,
    }
    with db.engine.begin() as connection:
        connection.execute(update(cases).where(cases.c.id == case.id).values(state=stored))
    with db.transaction() as repo:
        loaded, _ = repo.get_case(case.id)
    settled = (Ground.earlier("set before schema 3"),)
    assert loaded.dialogue.grounds == {"order_id": settled, "reason": settled}
    assert loaded.dialogue.memory == {"order": "#W1234567"}


def test_repository_refuses_a_stale_case_save(db: Database) -> None:
    _, case, _ = _seed(db)
    with db.transaction() as repo:
        repo.save_case(case, 1)
    with pytest.raises(StoreError), db.transaction() as repo:
        repo.save_case(case, 1)


def _case_updates(db: Database) -> list[str]:
    """The UPDATE statements SQLite runs on the database's connections from now on (nothing
    on another backend)."""
    seen: list[str] = []
    if db.engine.dialect.name == "sqlite":
        with db.transaction() as repo:
            raw = repo.c.connection.dbapi_connection
            assert raw is not None
            raw.set_trace_callback(  # type: ignore[attr-defined]
                lambda sql: seen.append(sql) if sql.startswith("UPDATE cases") else None
            )
    return seen


def test_repository_saves_a_case_as_stored_without_assigning_what_it_already_holds(
    db: Database,
) -> None:
    """Given the case as read at its version, a save leaves an unchanged status and customer
    out of the statement (their indexes untouched) and writes them when they changed."""
    customer, case, _ = _seed(db)
    updates = _case_updates(db)
    moved = replace(case, intent="cancel_order")
    with db.transaction() as repo:
        stored, version = repo.get_case(case.id)
        repo.save_case(moved, version, stored=stored)
    handed = replace(moved, status=CaseStatus.HANDED_OFF)
    with db.transaction() as repo:
        stored, version = repo.get_case(case.id)
        repo.save_case(handed, version, stored=stored)
    with db.transaction() as repo:
        loaded, version = repo.get_case(case.id)
        assert repo.open_case_for(customer.id) == case.id
    assert (loaded.intent, loaded.status, loaded.customer_id, version) == (
        "cancel_order",
        CaseStatus.HANDED_OFF,
        customer.id,
        3,
    )
    if db.engine.dialect.name == "sqlite":
        assert ["status" in sql for sql in updates] == [False, True]
    with pytest.raises(StoreError), db.transaction() as repo:
        repo.save_case(handed, 2, stored=stored)


def test_repository_keys_inbound_messages_by_channel_and_external_id(db: Database) -> None:
    _, _, conv = _seed(db)
    first = _inbound(conv, "hello", "ext-1")
    with db.transaction() as repo:
        repo.insert_message(first)
        repo.insert_message(_inbound(conv, "no external id", None))
        repo.insert_message(_inbound(conv, "no external id either", None))
    with pytest.raises(ConflictError), db.transaction() as repo:
        repo.insert_message(_inbound(conv, "hello again", "ext-1"))
    with db.transaction() as repo:
        found = repo.find_inbound("email", "ext-1")
        assert found is not None and found.id == first.id
        assert repo.find_inbound("sms", "ext-1") is None
        assert len(repo.list_messages(conv.id)) == 3


def test_repository_lists_failed_messages_for_retry(db: Database) -> None:
    _, _, conv = _seed(db)
    message = _inbound(conv, "hello", None)
    with db.transaction() as repo:
        repo.insert_message(message)
        repo.set_message_status(message.id, MessageStatus.FAILED, attempts=1, error="boom")
    stuck = replace(
        _inbound(conv, "never finished", None), created_at=utcnow() - timedelta(hours=1)
    )
    fresh = _inbound(conv, "being processed now", None)
    with db.transaction() as repo:
        repo.insert_message(stuck)
        repo.insert_message(fresh)
    with db.transaction() as repo:
        due = repo.messages_to_retry(utcnow() - timedelta(minutes=2))
        assert {m.id for m in due} == {message.id, stuck.id}


def test_repository_event_log_is_ordered_and_typed(db: Database) -> None:
    _, case, _ = _seed(db)
    with db.transaction() as repo:
        repo.append_events(
            [
                Event(case_id=case.id, type=EventType.MESSAGE_RECEIVED, actor="customer", data={}),
                Event(case_id=case.id, type=EventType.DECISION, actor="bot", data={"k": [1]}),
            ]
        )
    with db.transaction() as repo:
        events = repo.list_events(case.id)
        assert [e.type for e in events] == [EventType.MESSAGE_RECEIVED, EventType.DECISION]
        assert events[1].data == {"k": [1]}
        assert repo.list_events(case.id, after=events[0].id or 0) == events[1:]


def test_repository_action_calls_are_unique_per_case_and_key(db: Database) -> None:
    _, case, _ = _seed(db)
    call = ActionCall(
        id=ActionCallId(new_id("act")),
        case_id=case.id,
        action="cancel_pending_order",
        args={"order_id": "#W1"},
        idempotency_key="k1",
        actor="bot",
        side_effect="write",
    )
    with db.transaction() as repo:
        repo.insert_action_call(call)
        repo.finish_action_call(
            replace(call, status=ActionStatus.SUCCEEDED, result={"ok": 1}, finished_at=utcnow())
        )
    with db.transaction() as repo:
        found = repo.find_action_call(case.id, "k1")
        assert found is not None and found.status is ActionStatus.SUCCEEDED
        assert found.result == {"ok": 1}
    with pytest.raises(Exception), db.transaction() as repo:  # noqa: B017 - driver-specific
        repo.insert_action_call(replace(call, id=ActionCallId(new_id("act"))))


def test_repository_identities_and_open_cases(db: Database) -> None:
    customer, case, _ = _seed(db)
    with db.transaction() as repo:
        assert repo.customer_id_for(ChannelIdentity("email", "a@example.com")) == customer.id
        assert repo.open_case_for(customer.id) == case.id
        repo.set_store_user(customer.id, "ann_lee_1")
        assert repo.get_customer(customer.id).store_user_id == "ann_lee_1"
    with pytest.raises(NotFoundError), db.transaction() as repo:
        repo.get_conversation("conv_missing")


def test_repository_rolls_back_everything_a_failed_transaction_wrote(db: Database) -> None:
    _, _, conv = _seed(db)
    message = _inbound(conv, "hello", "ext-9")
    with pytest.raises(RuntimeError), db.transaction() as repo:
        repo.insert_message(message)
        repo.append_events(
            [Event(case_id=conv.case_id, type=EventType.MESSAGE_RECEIVED, actor="c", data={})]
        )
        raise RuntimeError("the case save failed")
    with db.transaction() as repo:
        assert repo.find_inbound("email", "ext-9") is None
        assert repo.list_events(conv.case_id) == []


def test_repository_search_cases_matches_ids_and_handles_literally_and_messages_and_notes_by_words(
    db: Database,
) -> None:
    customer, case, conv = _seed(db)
    _, other, other_conv = _seed(db, "b@example.com")
    with db.transaction() as repo:
        repo.set_store_user(customer.id, "ann_lee_1")
        repo.insert_message(_inbound(conv, "My Parcel is 50% late", None))
        repo.insert_message(_inbound(other_conv, "hello", None))
        repo.insert_note(Note(NoteId(new_id("note")), other.id, "alice", "Fragile_item"))
    with db.transaction() as repo:

        def found(words: str) -> list[tuple[str, str]]:
            return [(h.case_id, h.where) for h in repo.search_cases(words)]

        assert found("parcel IS 50%") == [(case.id, "message")]
        assert found("ANN_LEE") == [(case.id, "case or customer")]
        assert found(case.id.upper()) == [(case.id, "case or customer")]
        assert found("fragile_") == [(other.id, "internal note")]
        assert found("5_%") == [] and found("  ") == []
        assert found("B@EXAMPLE") == [(other.id, "case or customer")]  # a channel handle
        assert found("b_example") == []  # in ids and handles, % and _ are literal
        # in messages and notes, words are matched, punctuation is not
        assert found("fragile%") == [(other.id, "internal note")]


def test_repository_folds_tag_events_into_each_cases_tags(db: Database) -> None:
    _, case, _ = _seed(db)
    _, other, _ = _seed(db, "b@example.com")
    with db.transaction() as repo:
        repo.append_events(
            [
                Event(case.id, EventType.CASE_TAGGED, "agent:alice", {"tag": "refund"}),
                Event(case.id, EventType.CASE_TAGGED, "agent:alice", {"tag": "vip"}),
                Event(other.id, EventType.CASE_TAGGED, "agent:bob", {"tag": "refund"}),
                Event(case.id, EventType.CASE_UNTAGGED, "agent:alice", {"tag": "refund"}),
            ]
        )
    with db.transaction() as repo:
        assert repo.case_tags() == {case.id: ["vip"], other.id: ["refund"]}
        assert repo.case_tags([other.id]) == {other.id: ["refund"]}
        assert repo.case_tags([]) == {}
        assert [c.id for c in repo.list_customer_cases(case.customer_id)] == [case.id]
