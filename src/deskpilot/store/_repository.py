"""Reading and writing DeskPilot's own records inside one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from deskpilot.domain import (
    ActionCall,
    ActionCallId,
    Case,
    CaseId,
    ChannelIdentity,
    Conversation,
    ConversationId,
    Customer,
    CustomerId,
    Direction,
    Event,
    Message,
    MessageId,
    MessageStatus,
    utcnow,
)
from deskpilot.errors import ConflictError, NotFoundError, StoreError
from deskpilot.store import _tables as t
from deskpilot.store._codec import (
    action_call_from_row,
    case_from_row,
    case_state,
    event_from_row,
    message_from_row,
)
from deskpilot.store._engine import make_engine, migrate


class Database:
    """DeskPilot's system of record: SQLite by default, PostgreSQL through the URL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str, *, upgrade: bool = True) -> Database:
        """Open the database at ``url`` and (by default) apply pending migrations."""
        db = cls(make_engine(url))
        if upgrade:
            db.upgrade()
        return db

    def upgrade(self) -> None:
        """Bring the schema up to date."""
        migrate(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """A repository whose writes commit together when the block ends without error."""
        try:
            with self.engine.begin() as connection:
                yield Repository(connection)
        except OperationalError as exc:
            raise StoreError("the database could not complete the transaction") from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class Repository:
    """Typed reads and writes over one open transaction."""

    def __init__(self, connection: Connection) -> None:
        self.c = connection

    # customers -----------------------------------------------------------------------------
    def insert_customer(self, customer: Customer) -> None:
        """Store a new customer and their channel identities."""
        self.c.execute(
            insert(t.customers).values(
                id=customer.id,
                store_user_id=customer.store_user_id,
                created_at=customer.created_at,
            )
        )
        for identity in customer.identities:
            self.link_identity(customer.id, identity)

    def link_identity(self, customer_id: CustomerId, identity: ChannelIdentity) -> None:
        """Attach a channel identity to a customer (no-op when it is already theirs)."""
        found = self.customer_id_for(identity)
        if found == customer_id:
            return
        if found is not None:
            raise ConflictError(
                f"identity {identity.channel}:{identity.handle} belongs to another customer"
            )
        self.c.execute(
            insert(t.channel_identities).values(
                channel=identity.channel, handle=identity.handle, customer_id=customer_id
            )
        )

    def customer_id_for(self, identity: ChannelIdentity) -> CustomerId | None:
        """The customer known by this channel identity, if any."""
        row = self.c.execute(
            select(t.channel_identities.c.customer_id).where(
                t.channel_identities.c.channel == identity.channel,
                t.channel_identities.c.handle == identity.handle,
            )
        ).first()
        return None if row is None else CustomerId(row.customer_id)

    def get_customer(self, customer_id: CustomerId) -> Customer:
        """The customer with this id; NotFoundError otherwise."""
        row = self.c.execute(select(t.customers).where(t.customers.c.id == customer_id)).first()
        if row is None:
            raise NotFoundError(f"no customer {customer_id}", customer_id=customer_id)
        idents = self.c.execute(
            select(t.channel_identities).where(t.channel_identities.c.customer_id == customer_id)
        ).all()
        return Customer(
            id=CustomerId(row.id),
            identities=tuple(ChannelIdentity(i.channel, i.handle) for i in idents),
            store_user_id=row.store_user_id,
            created_at=row.created_at,
        )

    def set_store_user(self, customer_id: CustomerId, store_user_id: str) -> None:
        """Link a customer to their record in the business's systems."""
        self.c.execute(
            update(t.customers)
            .where(t.customers.c.id == customer_id)
            .values(store_user_id=store_user_id)
        )

    # cases --------------------------------------------------------------------------------
    def insert_case(self, case: Case) -> None:
        """Store a new case at version 1."""
        self.c.execute(
            insert(t.cases).values(
                id=case.id,
                customer_id=case.customer_id,
                status=case.status.value,
                state=case_state(case),
                version=1,
                created_at=case.created_at,
                updated_at=case.updated_at,
            )
        )

    def get_case(self, case_id: CaseId) -> tuple[Case, int]:
        """The case and its version (for an optimistic save); NotFoundError otherwise."""
        row = self.c.execute(select(t.cases).where(t.cases.c.id == case_id)).first()
        if row is None:
            raise NotFoundError(f"no case {case_id}", case_id=case_id)
        return case_from_row(row), int(row.version)

    def save_case(self, case: Case, version: int) -> int:
        """Write the case if nobody changed it since ``version``; returns the new version."""
        now = utcnow()
        result = self.c.execute(
            update(t.cases)
            .where(t.cases.c.id == case.id, t.cases.c.version == version)
            .values(
                status=case.status.value,
                customer_id=case.customer_id,
                state=case_state(replace(case, updated_at=now)),
                version=version + 1,
                updated_at=now,
            )
        )
        if result.rowcount != 1:
            raise StoreError(f"case {case.id} was changed concurrently; retry", case_id=case.id)
        return version + 1

    def open_case_for(self, customer_id: CustomerId) -> CaseId | None:
        """The customer's most recent case that is not resolved, if any."""
        row = self.c.execute(
            select(t.cases.c.id)
            .where(t.cases.c.customer_id == customer_id, t.cases.c.status != "resolved")
            .order_by(t.cases.c.updated_at.desc())
            .limit(1)
        ).first()
        return None if row is None else CaseId(row.id)

    # conversations --------------------------------------------------------------------------
    def insert_conversation(self, conversation: Conversation) -> None:
        """Store a new conversation."""
        self.c.execute(
            insert(t.conversations).values(
                id=conversation.id,
                channel=conversation.channel,
                handle=conversation.handle,
                customer_id=conversation.customer_id,
                case_id=conversation.case_id,
                created_at=conversation.created_at,
            )
        )

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation with this id; NotFoundError otherwise."""
        row = self.c.execute(
            select(t.conversations).where(t.conversations.c.id == conversation_id)
        ).first()
        if row is None:
            raise NotFoundError(
                f"no conversation with id {conversation_id!r}", conversation_id=conversation_id
            )
        return Conversation(
            id=ConversationId(row.id),
            channel=row.channel,
            handle=row.handle,
            customer_id=CustomerId(row.customer_id),
            case_id=CaseId(row.case_id),
            created_at=row.created_at,
        )

    # messages -----------------------------------------------------------------------------
    def insert_message(self, message: Message) -> None:
        """Store a message; a reused (channel, external id) raises ConflictError."""
        try:
            with self.c.begin_nested():
                self.c.execute(
                    insert(t.messages).values(
                        id=message.id,
                        conversation_id=message.conversation_id,
                        case_id=message.case_id,
                        direction=message.direction.value,
                        channel=message.channel,
                        external_id=message.external_id,
                        text=message.text,
                        status=message.status.value,
                        attempts=message.attempts,
                        reply_to=message.reply_to,
                        error=message.error,
                        created_at=message.created_at,
                    )
                )
        except IntegrityError as exc:
            raise ConflictError(
                f"message {message.external_id!r} on channel {message.channel!r} already exists",
                external_id=message.external_id,
            ) from exc

    def find_inbound(self, channel: str, external_id: str) -> Message | None:
        """The inbound message with this channel's own id, if it was stored."""
        row = self.c.execute(
            select(t.messages).where(
                t.messages.c.channel == channel, t.messages.c.external_id == external_id
            )
        ).first()
        return None if row is None else message_from_row(row)

    def get_message(self, message_id: MessageId) -> Message:
        """The message with this id; NotFoundError otherwise."""
        row = self.c.execute(select(t.messages).where(t.messages.c.id == message_id)).first()
        if row is None:
            raise NotFoundError(f"no message {message_id}", message_id=message_id)
        return message_from_row(row)

    def set_message_status(
        self,
        message_id: MessageId,
        status: MessageStatus,
        *,
        attempts: int | None = None,
        error: str | None = None,
    ) -> None:
        """Record where processing of an inbound message stands."""
        values: dict[str, Any] = {"status": status.value, "error": error}
        if attempts is not None:
            values["attempts"] = attempts
        self.c.execute(update(t.messages).where(t.messages.c.id == message_id).values(**values))

    def list_messages(self, conversation_id: ConversationId) -> list[Message]:
        """Every message of a conversation, oldest first."""
        rows = self.c.execute(
            select(t.messages)
            .where(t.messages.c.conversation_id == conversation_id)
            .order_by(t.messages.c.created_at, t.messages.c.id)
        ).all()
        return [message_from_row(r) for r in rows]

    def replies_to(self, message_id: MessageId) -> list[Message]:
        """The outbound messages sent in answer to one inbound message, in order."""
        rows = self.c.execute(
            select(t.messages)
            .where(
                t.messages.c.reply_to == message_id,
                t.messages.c.direction == Direction.OUTBOUND.value,
            )
            .order_by(t.messages.c.created_at, t.messages.c.id)
        ).all()
        return [message_from_row(r) for r in rows]

    def messages_to_retry(self, max_attempts: int, limit: int = 20) -> list[Message]:
        """Inbound messages whose processing failed and may be tried again."""
        rows = self.c.execute(
            select(t.messages)
            .where(
                t.messages.c.direction == Direction.INBOUND.value,
                t.messages.c.status.in_([MessageStatus.FAILED.value]),
                t.messages.c.attempts < max_attempts,
            )
            .order_by(t.messages.c.created_at)
            .limit(limit)
        ).all()
        return [message_from_row(r) for r in rows]

    # events -------------------------------------------------------------------------------
    def append_events(self, events: Sequence[Event]) -> None:
        """Append entries to the event log (never updated, never deleted)."""
        if not events:
            return
        self.c.execute(
            insert(t.events),
            [
                {
                    "case_id": e.case_id,
                    "message_id": e.message_id,
                    "type": e.type.value,
                    "actor": e.actor,
                    "data": e.data,
                    "created_at": e.created_at,
                }
                for e in events
            ],
        )

    def list_events(self, case_id: CaseId, *, after: int = 0, limit: int = 1000) -> list[Event]:
        """A case's events in the order they happened."""
        rows = self.c.execute(
            select(t.events)
            .where(t.events.c.case_id == case_id, t.events.c.id > after)
            .order_by(t.events.c.id)
            .limit(limit)
        ).all()
        return [event_from_row(r) for r in rows]

    # action calls -------------------------------------------------------------------------
    def insert_action_call(self, call: ActionCall) -> None:
        """Record that an action was requested (before the backend is called)."""
        self.c.execute(
            insert(t.action_calls).values(
                id=call.id,
                case_id=call.case_id,
                action=call.action,
                args=call.args,
                idempotency_key=call.idempotency_key,
                actor=call.actor,
                side_effect=call.side_effect,
                status=call.status.value,
                result=call.result,
                refusal_code=call.refusal_code,
                refusal_reason=call.refusal_reason,
                created_at=call.created_at,
                finished_at=call.finished_at,
            )
        )

    def finish_action_call(self, call: ActionCall) -> None:
        """Record the outcome of an action call."""
        self.c.execute(
            update(t.action_calls)
            .where(t.action_calls.c.id == call.id)
            .values(
                status=call.status.value,
                result=call.result,
                refusal_code=call.refusal_code,
                refusal_reason=call.refusal_reason,
                finished_at=call.finished_at,
            )
        )

    def find_action_call(self, case_id: CaseId, idempotency_key: str) -> ActionCall | None:
        """The action call of this case with this idempotency key, if one was recorded."""
        row = self.c.execute(
            select(t.action_calls).where(
                t.action_calls.c.case_id == case_id,
                t.action_calls.c.idempotency_key == idempotency_key,
            )
        ).first()
        return None if row is None else action_call_from_row(row)

    def list_action_calls(self, case_id: CaseId) -> list[ActionCall]:
        """Every action call of a case, oldest first."""
        rows = self.c.execute(
            select(t.action_calls)
            .where(t.action_calls.c.case_id == case_id)
            .order_by(t.action_calls.c.created_at)
        ).all()
        return [action_call_from_row(r) for r in rows]

    def get_action_call(self, call_id: ActionCallId) -> ActionCall:
        """The action call with this id; NotFoundError otherwise."""
        row = self.c.execute(select(t.action_calls).where(t.action_calls.c.id == call_id)).first()
        if row is None:
            raise NotFoundError(f"no action call {call_id}")
        return action_call_from_row(row)
