"""Reading and writing DeskPilot's own records inside one transaction."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from deskpilot.domain import (
    ADMIN_LOG,
    ActionCall,
    ActionCallId,
    ApiKey,
    ApiKeyId,
    ApiScope,
    AssignmentState,
    Attachment,
    AttachmentId,
    Case,
    CaseAssignment,
    CaseId,
    CaseStatus,
    ChannelIdentity,
    ConsoleSession,
    Conversation,
    ConversationId,
    Customer,
    CustomerId,
    Direction,
    Draft,
    DraftId,
    DraftStatus,
    Event,
    EventType,
    Message,
    MessageAuthor,
    MessageId,
    MessageStatus,
    Note,
    NoteId,
    OutboxMessage,
    PresenceState,
    StaffRole,
    Upload,
    User,
    UserId,
    WidgetSession,
    WidgetSessionId,
    new_id,
    utcnow,
)
from deskpilot.errors import ConflictError, NotFoundError, StoreError
from deskpilot.store import _tables as t
from deskpilot.store._audit import (
    GENESIS,
    AuditReport,
    ChainedRow,
    chain_hash,
    data_digest,
    verify_chain,
)
from deskpilot.store._checkpoints import BACKSTOP_PAGES, WalCheckpointer
from deskpilot.store._codec import (
    action_call_from_row,
    case_from_row,
    case_state,
    event_from_row,
    message_from_row,
)
from deskpilot.store._engine import make_engine, migrate
from deskpilot.store._prepared import Prepared
from deskpilot.store._search import highlighted, printable, text_search_for

_LOCK_TIMEOUT_SECONDS = 30.0
# Built once: a statement object reused with parameters skips SQLAlchemy's per-call build.
_MESSAGE_KEYS = (
    "id",
    "conversation_id",
    "case_id",
    "direction",
    "channel",
    "external_id",
    "text",
    "status",
    "attempts",
    "reply_to",
    "error",
    "created_at",
    "answers",
)
_INSERT_MESSAGE = Prepared(insert(t.messages), _MESSAGE_KEYS)
_EVENT_KEYS = (
    "case_id",
    "message_id",
    "type",
    "actor",
    "data",
    "created_at",
    "data_digest",
    "prev_hash",
    "hash",
)
_INSERT_EVENT = Prepared(insert(t.events), _EVENT_KEYS)
_CHAIN_TIP = Prepared(select(t.events.c.hash).order_by(t.events.c.id.desc()).limit(1))
# The PostgreSQL advisory lock key that queues appends to the event log ("dp-audit").
_AUDIT_LOCK = 0x64702D6175646974


@dataclass(frozen=True)
class SearchHit:
    """A case found by a search, where the words matched (``message``, ``internal note``, ``case
    or customer``, ``tag``) and the matching text (for a message or note, a snippet with the
    matching words between ``MARK_START`` and ``MARK_END``)."""

    case_id: CaseId
    where: str
    text: str

    def parts(self) -> list[tuple[str, bool]]:
        """The text in pieces, each with whether it is a matching word (to highlight)."""
        return highlighted(self.text)


_SELECT_CASE = Prepared(select(t.cases).where(t.cases.c.id == bindparam("case_id")))
_SAVE_CASE = Prepared(
    update(t.cases)
    .where(t.cases.c.id == bindparam("case_id"), t.cases.c.version == bindparam("old_version"))
    .values(
        status=bindparam("status"),
        customer_id=bindparam("customer_id"),
        state=bindparam("state"),
        version=bindparam("version"),
        updated_at=bindparam("updated_at"),
    )
)
# The same save for a case whose status and customer stay as stored: columns left out of the
# SET list keep their indexes untouched (SQLite rewrites an index entry whenever a column of
# it is assigned, even to the value it holds: two pages more in the write-ahead log a turn).
_SAVE_CASE_STATE = Prepared(
    update(t.cases)
    .where(t.cases.c.id == bindparam("case_id"), t.cases.c.version == bindparam("old_version"))
    .values(
        state=bindparam("state"),
        version=bindparam("version"),
        updated_at=bindparam("updated_at"),
    )
)
_INSERT_CUSTOMER = Prepared(insert(t.customers), ("id", "store_user_id", "created_at"))
_INSERT_CASE = Prepared(
    insert(t.cases),
    ("id", "customer_id", "status", "state", "version", "created_at", "updated_at"),
)
_INSERT_CONVERSATION = Prepared(
    insert(t.conversations), ("id", "channel", "handle", "customer_id", "case_id", "created_at")
)
_SELECT_CONVERSATION = Prepared(
    select(t.conversations).where(t.conversations.c.id == bindparam("conversation_id"))
)
_SET_STORE_USER = Prepared(
    update(t.customers)
    .where(t.customers.c.id == bindparam("customer_id"))
    .values(store_user_id=bindparam("store_user_id"))
)
_SELECT_API_KEY = select(t.api_keys).where(t.api_keys.c.id == bindparam("key_id"))
_SET_MESSAGE_STATUS = (
    update(t.messages)
    .where(t.messages.c.id == bindparam("message_id"))
    .values(status=bindparam("status"), error=bindparam("error"))
)
_SET_MESSAGE_STATUS_AND_ATTEMPTS = Prepared(
    _SET_MESSAGE_STATUS.values(attempts=bindparam("attempts"))
)
_SET_STATUS = Prepared(_SET_MESSAGE_STATUS)


class Database:
    """DeskPilot's system of record: SQLite by default, PostgreSQL through the URL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time: queue this process's transactions on a lock rather
        # than in SQLite's sleeping retry, which makes latency spike under concurrency.
        self._serial = threading.Lock() if engine.dialect.name == "sqlite" else None
        # On SQLite the lock lets one transaction of this process run at a time, so they all
        # take turns on one connection, kept open between them: no pool checkout, return
        # and ``Connection`` built around every transaction.
        self._held: Connection | None = None
        # A database file's log is copied back by a thread of its own, not by a turn's commit.
        self._checkpoints: WalCheckpointer | None = None
        if self._serial is not None and engine.url.database not in (None, "", ":memory:"):
            event.listen(engine, "connect", _checkpoint_backstop)
            self._checkpoints = WalCheckpointer(engine)

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
        with self._turn():
            try:
                if self._serial is None:
                    with self.engine.begin() as connection:
                        yield Repository(connection)
                else:
                    connection = self._connection()
                    with connection.begin():
                        yield Repository(connection)
            except OperationalError as exc:
                raise StoreError("the database could not complete the transaction") from exc

    def _connection(self) -> Connection:
        """The connection SQLite's transactions take turns on (under ``_serial``), opened
        again when it was closed or lost."""
        held = self._held
        if held is None or held.closed or held.invalidated:
            if held is not None:
                held.close()
            held = self._held = self.engine.connect()
        return held

    @contextmanager
    def _turn(self) -> Iterator[None]:
        if self._serial is None:
            yield
            return
        if not self._serial.acquire(timeout=_LOCK_TIMEOUT_SECONDS):
            raise StoreError("the database is busy; try again")
        try:
            if self._checkpoints is not None and self._checkpoints.restart_due:
                # on the driver's connection: outside a transaction, as a checkpoint must be
                self._checkpoints.restart(self._connection().connection.dbapi_connection)
            yield
        finally:
            self._serial.release()

    def audit_log(self, batch: int = 1000) -> Iterator[ChainedRow]:
        """The whole event log in order, read in short transactions (writers are not held up
        while a long log is walked; it only grows at the end)."""
        after = 0
        while True:
            with self.transaction() as repo:
                rows = repo.chained_events(after=after, limit=batch)
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].id

    def verify_audit(self, *, expect_tip: str | None = None) -> AuditReport:
        """Walk the event log's hash chain (``store/_audit.py``)."""
        with self.transaction() as repo:
            erased = repo.erased_event_ids()
        return verify_chain(self.audit_log(), erased=erased, expect_tip=expect_tip)

    def dispose(self) -> None:
        """Close every pooled connection (and the one SQLite's transactions take turns on)."""
        # Closed between transactions only; one still running past the wait keeps it.
        if self._serial is not None and self._serial.acquire(timeout=_LOCK_TIMEOUT_SECONDS):
            try:
                held, self._held = self._held, None
                if held is not None:
                    held.close()
            finally:
                self._serial.release()
        if self._checkpoints is not None:
            self._checkpoints.stop()
        self.engine.dispose()


def _checkpoint_backstop(dbapi_connection: Any, _record: Any) -> None:
    # The commits checkpoint only when the checkpoint thread has fallen far behind.
    dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")


class Repository:
    """Typed reads and writes over one open transaction."""

    def __init__(self, connection: Connection) -> None:
        self.c = connection

    # customers -----------------------------------------------------------------------------
    def insert_customer(self, customer: Customer) -> None:
        """Store a new customer and their channel identities."""
        _INSERT_CUSTOMER.run(
            self.c,
            {
                "id": customer.id,
                "store_user_id": customer.store_user_id,
                "created_at": customer.created_at,
            },
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
        _SET_STORE_USER.run(self.c, {"customer_id": customer_id, "store_user_id": store_user_id})

    # cases --------------------------------------------------------------------------------
    def insert_case(self, case: Case) -> None:
        """Store a new case at version 1."""
        _INSERT_CASE.run(
            self.c,
            {
                "id": case.id,
                "customer_id": case.customer_id,
                "status": case.status.value,
                "state": case_state(case),
                "version": 1,
                "created_at": case.created_at,
                "updated_at": case.updated_at,
            },
        )

    def get_case(self, case_id: CaseId) -> tuple[Case, int]:
        """The case and its version (for an optimistic save); NotFoundError otherwise."""
        row = _SELECT_CASE.first(self.c, {"case_id": case_id})
        if row is None:
            raise NotFoundError(f"no case {case_id}", case_id=case_id)
        return case_from_row(row), int(row.version)

    def save_case(self, case: Case, version: int, *, stored: Case | None = None) -> int:
        """Write the case if nobody changed it since ``version``; returns the new version.
        ``stored``: the case as read at ``version``, when the caller has it: a status and a
        customer it already holds are not written again (the row holds them while the
        version is unchanged), so their indexes are left alone."""
        now = utcnow()
        same = (
            stored is not None
            and stored.status is case.status
            and stored.customer_id == case.customer_id
        )
        changed = (_SAVE_CASE_STATE if same else _SAVE_CASE).run(
            self.c,
            {
                "case_id": case.id,
                "old_version": version,
                "status": case.status.value,
                "customer_id": case.customer_id,
                "state": case_state(replace(case, updated_at=now)),
                "version": version + 1,
                "updated_at": now,
            },
        )
        if changed != 1:
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
        _INSERT_CONVERSATION.run(
            self.c,
            {
                "id": conversation.id,
                "channel": conversation.channel,
                "handle": conversation.handle,
                "customer_id": conversation.customer_id,
                "case_id": conversation.case_id,
                "created_at": conversation.created_at,
            },
        )

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation with this id; NotFoundError otherwise."""
        row = _SELECT_CONVERSATION.first(self.c, {"conversation_id": conversation_id})
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
            _INSERT_MESSAGE.run(
                self.c,
                {
                    "id": message.id,
                    "conversation_id": message.conversation_id,
                    "case_id": message.case_id,
                    "direction": message.direction.value,
                    "channel": message.channel,
                    "external_id": message.external_id,
                    "text": message.text,
                    "status": message.status.value,
                    "attempts": message.attempts,
                    "reply_to": message.reply_to,
                    "error": message.error,
                    "created_at": message.created_at,
                    "answers": message.answers,
                },
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
        values: dict[str, Any] = {"message_id": message_id, "status": status.value, "error": error}
        if attempts is None:
            _SET_STATUS.run(self.c, values)
        else:
            _SET_MESSAGE_STATUS_AND_ATTEMPTS.run(self.c, {**values, "attempts": attempts})

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

    def messages_to_retry(self, stale_before: datetime, limit: int = 20) -> list[Message]:
        """Inbound messages not answered yet: failed ones, and ones stored before ``stale_before``
        whose processing never finished (the process died between intake and reply)."""
        m = t.messages.c
        rows = self.c.execute(
            select(t.messages)
            .where(
                m.direction == Direction.INBOUND.value,
                or_(
                    m.status == MessageStatus.FAILED.value,
                    and_(m.status == MessageStatus.RECEIVED.value, m.created_at < stale_before),
                ),
            )
            .order_by(m.created_at)
            .limit(limit)
        ).all()
        return [message_from_row(r) for r in rows]

    # events -------------------------------------------------------------------------------
    def append_events(self, events: Sequence[Event]) -> None:
        """Append entries to the event log (never updated, never deleted), each chained by a
        hash to the one before it (``store/_audit.py``). On PostgreSQL a transaction-scoped
        lock makes appends take their turn, so the chain follows the ids."""
        if not events:
            return
        if self.c.dialect.name == "postgresql":
            self.c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK})
        prev = _CHAIN_TIP.scalar(self.c, {}) or GENESIS
        rows = []
        for e in events:
            digest = data_digest(e.data)
            link = chain_hash(
                prev, e.case_id, e.message_id, e.type.value, e.actor, e.created_at, digest
            )
            rows.append(
                {
                    "case_id": e.case_id,
                    "message_id": e.message_id,
                    "type": e.type.value,
                    "actor": e.actor,
                    "data": e.data,
                    "created_at": e.created_at,
                    "data_digest": digest,
                    "prev_hash": prev,
                    "hash": link,
                }
            )
            prev = link
        _INSERT_EVENT.run_many(self.c, rows)

    def erased_event_ids(self) -> set[int]:
        """The events erasures emptied (the only ones whose data may be the erased marker)."""
        found: set[int] = set()
        rows = self.c.execute(
            select(t.events.c.data).where(
                t.events.c.case_id == ADMIN_LOG, t.events.c.type == EventType.DATA_ERASED.value
            )
        ).scalars()
        for data in rows:
            found.update(int(i) for i in data.get("events", ()))
        return found

    def chained_events(self, *, after: int = 0, limit: int = 1000) -> list[ChainedRow]:
        """Events of every case in id order, as the audit chain stores them."""
        rows = self.c.execute(
            select(t.events).where(t.events.c.id > after).order_by(t.events.c.id).limit(limit)
        ).all()
        return [
            ChainedRow(
                r.id,
                r.case_id,
                r.message_id,
                r.type,
                r.actor,
                r.data,
                r.created_at,
                r.data_digest,
                r.prev_hash,
                r.hash,
            )
            for r in rows
        ]

    def list_events(self, case_id: CaseId, *, after: int = 0, limit: int = 1000) -> list[Event]:
        """A case's events in the order they happened."""
        rows = self.c.execute(
            select(t.events)
            .where(t.events.c.case_id == case_id, t.events.c.id > after)
            .order_by(t.events.c.id)
            .limit(limit)
        ).all()
        return [event_from_row(r) for r in rows]

    def case_tags(self, case_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
        """The tags each case carries now (all cases with any, or only ``case_ids``), folded
        from its ``case_tagged`` and ``case_untagged`` events, in the order they were added."""
        kinds = (EventType.CASE_TAGGED.value, EventType.CASE_UNTAGGED.value)
        query = select(t.events).where(t.events.c.type.in_(kinds)).order_by(t.events.c.id)
        if case_ids is not None:
            if not case_ids:
                return {}
            query = query.where(t.events.c.case_id.in_(list(case_ids)))
        tags: dict[str, list[str]] = {}
        for row in self.c.execute(query).all():
            event = event_from_row(row)
            tag = str(event.data.get("tag", ""))
            held = tags.setdefault(event.case_id, [])
            if event.type is EventType.CASE_TAGGED and tag and tag not in held:
                held.append(tag)
            elif event.type is EventType.CASE_UNTAGGED and tag in held:
                held.remove(tag)
        return {case_id: held for case_id, held in tags.items() if held}

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

    # the human side: users and console sessions ---------------------------------------------
    def insert_user(self, user: User, password_hash: str) -> None:
        """Store a console user; a username taken already raises ConflictError."""
        if self.find_login(user.username) is not None:
            raise ConflictError(f"username {user.username!r} is taken", username=user.username)
        self.c.execute(
            insert(t.users).values(
                id=user.id,
                username=user.username,
                display_name=user.display_name,
                role=None if user.role is None else user.role.value,
                password_hash=password_hash,
                presence=user.presence.value,
                presence_since=user.presence_since,
                created_at=user.created_at,
            )
        )

    def get_user(self, user_id: UserId) -> User:
        """The console user with this id; NotFoundError otherwise."""
        row = self.c.execute(select(t.users).where(t.users.c.id == user_id)).first()
        if row is None:
            raise NotFoundError(f"no user {user_id}", user_id=user_id)
        return _user_from_row(row)

    def find_login(self, username: str) -> tuple[User, str] | None:
        """The user with this username and their stored password hash, if there is one."""
        row = self.c.execute(select(t.users).where(t.users.c.username == username)).first()
        return None if row is None else (_user_from_row(row), str(row.password_hash))

    def list_users(self) -> list[User]:
        """Every console user, by username."""
        rows = self.c.execute(select(t.users).order_by(t.users.c.username)).all()
        return [_user_from_row(r) for r in rows]

    def set_presence(self, user_id: UserId, presence: PresenceState, since: datetime) -> None:
        """Record whether a user takes new cases."""
        self.c.execute(
            update(t.users)
            .where(t.users.c.id == user_id)
            .values(presence=presence.value, presence_since=since)
        )

    def insert_console_session(self, id_hash: str, session: ConsoleSession) -> None:
        """Store a console session under the hash of its secret id."""
        self.c.execute(
            insert(t.console_sessions).values(
                id_hash=id_hash,
                user_id=session.user_id,
                csrf_token=session.csrf_token,
                created_at=session.created_at,
                expires_at=session.expires_at,
            )
        )

    def get_console_session(self, id_hash: str) -> ConsoleSession | None:
        """The console session stored under this hash, if any (expired ones too)."""
        row = self.c.execute(
            select(t.console_sessions).where(t.console_sessions.c.id_hash == id_hash)
        ).first()
        if row is None:
            return None
        return ConsoleSession(
            user_id=UserId(row.user_id),
            csrf_token=row.csrf_token,
            created_at=row.created_at,
            expires_at=row.expires_at,
        )

    def delete_console_sessions(
        self, *, id_hash: str | None = None, before: datetime | None = None
    ) -> None:
        """Forget one session (logout) or every session that expired before ``before``."""
        table = t.console_sessions
        if id_hash is not None:
            self.c.execute(delete(table).where(table.c.id_hash == id_hash))
        if before is not None:
            self.c.execute(delete(table).where(table.c.expires_at < before))

    # the human side: assignments, notes, authors ---------------------------------------------
    def put_assignment(self, a: CaseAssignment) -> None:
        """Store a case's assignment, replacing the one it had."""
        values = {
            "queue": a.queue,
            "priority": a.priority,
            "state": a.state.value,
            "agent": a.agent,
            "vip": a.vip,
            "tier": a.tier,
            "rule": a.rule,
            "waiting_on_customer": a.waiting_on_customer,
            "routed_at": a.routed_at,
            "assigned_at": a.assigned_at,
            "closed_at": a.closed_at,
        }
        table = t.case_assignments
        done = self.c.execute(update(table).where(table.c.case_id == a.case_id).values(**values))
        if done.rowcount == 0:
            self.c.execute(insert(table).values(case_id=a.case_id, **values))

    def get_assignment(self, case_id: CaseId) -> CaseAssignment | None:
        """The case's assignment, if it was ever handed to people."""
        table = t.case_assignments
        row = self.c.execute(select(table).where(table.c.case_id == case_id)).first()
        return None if row is None else _assignment_from_row(row)

    def list_assignments(self, *, open_only: bool = True) -> list[CaseAssignment]:
        """Assignments (the open ones by default), oldest first."""
        table = t.case_assignments
        query = select(table).order_by(table.c.routed_at, table.c.case_id)
        if open_only:
            query = query.where(table.c.state != AssignmentState.CLOSED.value)
        return [_assignment_from_row(r) for r in self.c.execute(query).all()]

    def unrouted_handoffs(self) -> list[CaseId]:
        """Handed-off cases without an open assignment (their routing never ran)."""
        open_ids = select(t.case_assignments.c.case_id).where(
            t.case_assignments.c.state != AssignmentState.CLOSED.value
        )
        rows = self.c.execute(
            select(t.cases.c.id).where(
                t.cases.c.status == CaseStatus.HANDED_OFF.value, t.cases.c.id.not_in(open_ids)
            )
        ).all()
        return [CaseId(r.id) for r in rows]

    def list_customer_cases(self, customer_id: CustomerId, *, limit: int = 50) -> list[Case]:
        """The customer's cases, newest first."""
        rows = self.c.execute(
            select(t.cases)
            .where(t.cases.c.customer_id == customer_id)
            .order_by(t.cases.c.created_at.desc(), t.cases.c.id.desc())
            .limit(limit)
        ).all()
        return [case_from_row(r) for r in rows]

    def list_cases(self, status: CaseStatus, *, limit: int = 100) -> list[Case]:
        """The cases in ``status``, most recently updated first."""
        rows = self.c.execute(
            select(t.cases)
            .where(t.cases.c.status == status.value)
            .order_by(t.cases.c.updated_at.desc(), t.cases.c.id.desc())
            .limit(limit)
        ).all()
        return [case_from_row(r) for r in rows]

    def search_cases(self, words: str, *, limit: int = 50) -> list[SearchHit]:
        """Cases whose id or customer (id, the business's user id, a channel handle) contains
        ``words`` (case-insensitive ``LIKE``, ``%`` and ``_`` literal; most recently updated
        first), then cases whose messages or internal notes match them in full text (stemmed,
        best match first, with a snippet of the best one: ``store/_search.py``)."""
        needle = printable(words).strip()
        if not needle:
            return []
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        def like(column: Any) -> Any:
            return func.lower(column).like(pattern.lower(), escape="\\")

        found: dict[str, SearchHit] = {}
        customers = select(t.customers.c.id).where(
            or_(like(t.customers.c.id), like(t.customers.c.store_user_id))
        )
        handles = select(t.channel_identities.c.customer_id).where(
            like(t.channel_identities.c.handle)
        )
        for r in self.c.execute(
            select(t.cases.c.id)
            .where(
                or_(
                    like(t.cases.c.id),
                    t.cases.c.customer_id.in_(customers),
                    t.cases.c.customer_id.in_(handles),
                )
            )
            .order_by(t.cases.c.updated_at.desc())
            .limit(limit)
        ).all():
            found.setdefault(r.id, SearchHit(CaseId(r.id), "case or customer", ""))
        for m in text_search_for(self.c.dialect.name).matches(self.c, needle, limit):
            found.setdefault(m.case_id, SearchHit(CaseId(m.case_id), m.where, m.snippet))
        return list(found.values())[:limit]

    def insert_note(self, note: Note) -> None:
        """Store an internal note."""
        self.c.execute(
            insert(t.case_notes).values(
                id=note.id,
                case_id=note.case_id,
                author=note.author,
                text=note.text,
                created_at=note.created_at,
            )
        )

    def list_notes(self, case_id: CaseId) -> list[Note]:
        """A case's internal notes, oldest first."""
        rows = self.c.execute(
            select(t.case_notes)
            .where(t.case_notes.c.case_id == case_id)
            .order_by(t.case_notes.c.created_at, t.case_notes.c.id)
        ).all()
        return [Note(NoteId(r.id), CaseId(r.case_id), r.author, r.text, r.created_at) for r in rows]

    def insert_message_author(self, author: MessageAuthor) -> None:
        """Record which person wrote an outbound message."""
        self.c.execute(
            insert(t.message_authors).values(
                message_id=author.message_id,
                username=author.username,
                display_name=author.display_name,
            )
        )

    def message_authors(self, message_ids: Sequence[str]) -> dict[str, MessageAuthor]:
        """The people who wrote these messages, by message id (the automation's are absent)."""
        if not message_ids:
            return {}
        table = t.message_authors
        rows = self.c.execute(select(table).where(table.c.message_id.in_(message_ids))).all()
        return {
            r.message_id: MessageAuthor(MessageId(r.message_id), r.username, r.display_name)
            for r in rows
        }

    def list_case_messages(self, case_id: CaseId) -> list[Message]:
        """Every message of a case across its conversations, oldest first."""
        rows = self.c.execute(
            select(t.messages)
            .where(t.messages.c.case_id == case_id)
            .order_by(t.messages.c.created_at, t.messages.c.id)
        ).all()
        return [message_from_row(r) for r in rows]

    # files sent with messages ----------------------------------------------------------------
    def insert_attachments(self, message: Message, uploads: Sequence[Upload]) -> list[Attachment]:
        """Store files with their message (in the message's transaction)."""
        stored = []
        for upload in uploads:
            a = Attachment(
                AttachmentId(new_id("att")),
                message.case_id,
                message.id,
                upload.filename,
                upload.content_type,
                upload.size,
            )
            self.c.execute(
                insert(t.attachments).values(
                    id=a.id,
                    case_id=a.case_id,
                    message_id=a.message_id,
                    filename=a.filename,
                    content_type=a.content_type,
                    size=a.size,
                    sha256=hashlib.sha256(upload.content).hexdigest(),
                    content=upload.content,
                    created_at=a.created_at,
                )
            )
            stored.append(a)
        return stored

    def attachments_of(self, message_ids: Sequence[str]) -> dict[str, list[Attachment]]:
        """The files of these messages, by message id, in the order they were sent."""
        if not message_ids:
            return {}
        a = t.attachments
        rows = self.c.execute(
            select(*_ATTACHMENT_COLUMNS)
            .where(a.c.message_id.in_(message_ids))
            .order_by(a.c.created_at, a.c.id)
        ).all()
        found: dict[str, list[Attachment]] = {}
        for r in rows:
            found.setdefault(r.message_id, []).append(_attachment_from_row(r))
        return found

    def get_attachment(self, attachment_id: str) -> tuple[Attachment, bytes]:
        """A file and its bytes (NotFoundError when there is none by that id)."""
        row = self.c.execute(
            select(t.attachments).where(t.attachments.c.id == attachment_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no attachment {attachment_id}", attachment_id=attachment_id)
        return _attachment_from_row(row), bytes(row.content)

    def latest_conversation(self, case_id: CaseId) -> Conversation:
        """The case's most recent conversation (where a person's reply goes)."""
        row = self.c.execute(
            select(t.conversations.c.id)
            .where(t.conversations.c.case_id == case_id)
            .order_by(t.conversations.c.created_at.desc(), t.conversations.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            raise NotFoundError(f"case {case_id} has no conversation", case_id=case_id)
        return self.get_conversation(row.id)

    # the human side: drafts ------------------------------------------------------------------
    def insert_draft(self, draft: Draft) -> None:
        """Store a draft reply waiting for review."""
        self.c.execute(insert(t.drafts).values(**_draft_values(draft), id=draft.id))

    def save_draft(self, draft: Draft) -> None:
        """Write a reviewed draft back."""
        self.c.execute(
            update(t.drafts).where(t.drafts.c.id == draft.id).values(**_draft_values(draft))
        )

    def get_draft(self, draft_id: DraftId) -> Draft:
        """The draft with this id; NotFoundError otherwise."""
        row = self.c.execute(select(t.drafts).where(t.drafts.c.id == draft_id)).first()
        if row is None:
            raise NotFoundError(f"no draft {draft_id}", draft_id=draft_id)
        return _draft_from_row(row)

    def list_drafts(
        self, *, case_id: CaseId | None = None, status: DraftStatus | None = DraftStatus.PENDING
    ) -> list[Draft]:
        """Drafts (pending ones by default), of one case or all, oldest first."""
        query = select(t.drafts).order_by(t.drafts.c.created_at, t.drafts.c.id)
        if case_id is not None:
            query = query.where(t.drafts.c.case_id == case_id)
        if status is not None:
            query = query.where(t.drafts.c.status == status.value)
        return [_draft_from_row(r) for r in self.c.execute(query).all()]

    # the human side: web chat sessions -------------------------------------------------------
    def insert_widget_session(self, session: WidgetSession) -> None:
        """Store a web chat session (the hash of its token, never the token)."""
        self.c.execute(
            insert(t.widget_sessions).values(
                id=session.id,
                conversation_id=session.conversation_id,
                token_hash=session.token_hash,
                created_at=session.created_at,
            )
        )

    def get_widget_session(self, session_id: str) -> WidgetSession | None:
        """The web chat session with this id, if any."""
        table = t.widget_sessions
        row = self.c.execute(select(table).where(table.c.id == session_id)).first()
        if row is None:
            return None
        return WidgetSession(
            WidgetSessionId(row.id),
            ConversationId(row.conversation_id),
            row.token_hash,
            row.created_at,
        )

    def set_widget_conversation(self, session_id: str, conversation_id: ConversationId) -> None:
        """Point a web chat session at a new conversation (after its case was resolved)."""
        table = t.widget_sessions
        self.c.execute(
            update(table).where(table.c.id == session_id).values(conversation_id=conversation_id)
        )

    # server-to-server credentials ----------------------------------------------------------
    def insert_api_key(self, key: ApiKey) -> None:
        """Store an API key (the hash of its secret, never the secret)."""
        self.c.execute(
            insert(t.api_keys).values(
                id=key.id,
                name=key.name,
                scopes=sorted(s.value for s in key.scopes),
                secret_hash=key.secret_hash,
                created_by=key.created_by,
                created_at=key.created_at,
                last_used_at=key.last_used_at,
                revoked_at=key.revoked_at,
            )
        )

    def get_api_key(self, key_id: str) -> ApiKey | None:
        """The API key with this id (revoked ones too), if any."""
        row = self.c.execute(_SELECT_API_KEY, {"key_id": key_id}).first()
        return None if row is None else _api_key_from_row(row)

    def list_api_keys(self) -> list[ApiKey]:
        """Every API key, the newest first."""
        rows = self.c.execute(select(t.api_keys).order_by(t.api_keys.c.created_at.desc())).all()
        return [_api_key_from_row(r) for r in rows]

    def set_api_key_times(
        self,
        key_id: str,
        *,
        last_used_at: datetime | None = None,
        revoked_at: datetime | None = None,
    ) -> None:
        """Record when a key was last used, or when it was revoked."""
        values = {"last_used_at": last_used_at, "revoked_at": revoked_at}
        self.c.execute(
            update(t.api_keys)
            .where(t.api_keys.c.id == key_id)
            .values({k: v for k, v in values.items() if v is not None})
        )

    # the outbox ---------------------------------------------------------------------------
    def insert_outbox(self, message: OutboxMessage) -> None:
        """Queue a message to send outside the conversation."""
        self.c.execute(insert(t.outbox).values(**_outbox_values(message)))

    def list_outbox(
        self, *, status: str | None = None, case_id: CaseId | None = None, limit: int = 100
    ) -> list[OutboxMessage]:
        """Outbox messages, the oldest first (those with ``status`` or of ``case_id``)."""
        query = select(t.outbox).order_by(t.outbox.c.created_at).limit(limit)
        if status is not None:
            query = query.where(t.outbox.c.status == status)
        if case_id is not None:
            query = query.where(t.outbox.c.case_id == case_id)
        return [_outbox_from_row(r) for r in self.c.execute(query).all()]

    def count_outbox(self, recipient: str, channel: str, since: datetime) -> int:
        """How many messages were queued for ``recipient`` on ``channel`` since ``since``."""
        o = t.outbox
        query = select(func.count()).where(
            o.c.recipient == recipient, o.c.channel == channel, o.c.created_at >= since
        )
        return int(self.c.execute(query).scalar_one())

    def save_outbox(self, message: OutboxMessage) -> None:
        """Record how sending a message went."""
        values = _outbox_values(message)
        self.c.execute(update(t.outbox).where(t.outbox.c.id == message.id).values(**values))


_ATTACHMENT_COLUMNS = [c for c in t.attachments.c if c.name not in ("content", "sha256")]


def _attachment_from_row(row: Row[Any]) -> Attachment:
    return Attachment(
        AttachmentId(row.id),
        CaseId(row.case_id),
        MessageId(row.message_id),
        row.filename,
        row.content_type,
        row.size,
        row.created_at,
    )


def _user_from_row(row: Row[Any]) -> User:
    return User(
        id=UserId(row.id),
        username=row.username,
        display_name=row.display_name,
        role=None if row.role is None else StaffRole(row.role),
        presence=PresenceState(row.presence),
        presence_since=row.presence_since,
        created_at=row.created_at,
    )


def _assignment_from_row(row: Row[Any]) -> CaseAssignment:
    return CaseAssignment(
        case_id=CaseId(row.case_id),
        queue=row.queue,
        priority=row.priority,
        state=AssignmentState(row.state),
        agent=row.agent,
        vip=bool(row.vip),
        tier=row.tier,
        rule=row.rule,
        waiting_on_customer=bool(row.waiting_on_customer),
        routed_at=row.routed_at,
        assigned_at=row.assigned_at,
        closed_at=row.closed_at,
    )


def _draft_values(d: Draft) -> dict[str, Any]:
    return {
        "case_id": d.case_id,
        "conversation_id": d.conversation_id,
        "message_id": d.message_id,
        "text": d.text,
        "created_by": d.created_by,
        "status": d.status.value,
        "final_text": d.final_text,
        "reviewed_by": d.reviewed_by,
        "reviewed_at": d.reviewed_at,
        "sent_message_id": d.sent_message_id,
        "created_at": d.created_at,
    }


def _draft_from_row(row: Row[Any]) -> Draft:
    return Draft(
        id=DraftId(row.id),
        case_id=CaseId(row.case_id),
        conversation_id=ConversationId(row.conversation_id),
        message_id=MessageId(row.message_id),
        text=row.text,
        created_by=row.created_by,
        status=DraftStatus(row.status),
        final_text=row.final_text,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        sent_message_id=None if row.sent_message_id is None else MessageId(row.sent_message_id),
        created_at=row.created_at,
    )


def _api_key_from_row(row: Row[Any]) -> ApiKey:
    return ApiKey(
        id=ApiKeyId(row.id),
        name=row.name,
        scopes=frozenset(ApiScope(s) for s in row.scopes),
        secret_hash=row.secret_hash,
        created_by=row.created_by,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _outbox_values(m: OutboxMessage) -> dict[str, Any]:
    return asdict(m)  # the table's columns are the message's fields


def _outbox_from_row(row: Row[Any]) -> OutboxMessage:
    return OutboxMessage(**row._mapping)
