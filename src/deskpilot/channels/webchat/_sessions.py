"""Web chat sessions: a random token per visitor, their conversation, and sending messages."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from deskpilot.channels.webchat._identity import SignedIdentity
from deskpilot.channels.webchat._waiting import waiting_notice
from deskpilot.console import (
    Unauthenticated,
    new_token,
    token_hash,
    tokens_match,
)
from deskpilot.domain import (
    Attachment,
    CaseStatus,
    Event,
    EventType,
    Message,
    MessageAuthor,
    Upload,
    WidgetSession,
    WidgetSessionId,
    new_id,
    utcnow,
)
from deskpilot.errors import ConflictError, InputError, NotFoundError
from deskpilot.handoff import HandoffDesk
from deskpilot.live import CONSOLE, conversation_topic, message_payload
from deskpilot.pipeline import Pipeline
from deskpilot.store import Database

CHANNEL = "webchat"
# A case resolved this recently passes who the customer was verified as to the next case of the
# same widget session: the session's secret token carried the old case all along, so the same
# visit needs no second proof; a visitor coming back later to a shared browser proves it again.
CARRY_VERIFICATION = timedelta(minutes=30)
# A customer's typing is told to the console at most this often per session (seconds).
TYPING_INTERVAL = 2.0
BOT = "Assistant"


@dataclass(frozen=True)
class WidgetReply:
    """The answer to a visitor's message: it, the replies, and whether a new conversation began
    (the last case was resolved), so the widget reconnects its stream."""

    message: dict[str, Any]
    replies: list[dict[str, Any]]
    new_conversation: bool
    # While a person holds the case: that the message arrived, and the expected wait.
    notice: str | None = None
    held: bool = False


@dataclass(frozen=True)
class WidgetState:
    """The session's conversation and where its case stands: with a person (the bot is
    silent), resolved (and rated) or not."""

    messages: list[dict[str, Any]]
    resolved: bool
    rated: bool
    held: bool = False


class WebChat:
    """Starts widget sessions, checks their tokens, and passes messages to the pipeline.

    A token is ``<session id>.<secret>`` with 256 random bits of secret; only the secret's
    SHA-256 is stored, and it is compared in constant time.
    """

    def __init__(
        self,
        db: Database,
        pipeline: Pipeline,
        handoff: HandoffDesk,
        identity: SignedIdentity | None = None,
    ) -> None:
        self.db = db
        self.pipeline = pipeline
        self.handoff = handoff
        self.identity = identity
        self._typing: dict[str, float] = {}
        self._typing_lock = threading.Lock()
        # Two ratings sent at once must not both pass the "not rated yet" check.
        self._rating_lock = threading.Lock()

    def do_start_session(self, identity: str | None = None) -> tuple[WidgetSession, str]:
        """A new visitor: a conversation on the web chat channel and the token to reach it.
        With ``identity``, a token the business's site signed for its logged-in customer, the
        case starts verified as them; a forged or expired one opens nothing."""
        user_id = None
        if identity is not None:
            if self.identity is None:
                raise InputError(
                    "this workspace accepts no signed identities (identity.signed in "
                    "deskpilot.yaml)",
                    field="identity",
                )
            user_id = self.identity.user_of(identity, utcnow())
        session_id = WidgetSessionId(new_id("ws"))
        secret = new_token(32)
        conversation = self.pipeline.do_start_conversation(CHANNEL, session_id)
        if user_id is not None and self.identity is not None:
            self.pipeline.do_verify_case(conversation.case_id, user_id, self.identity.method)
        session = WidgetSession(session_id, conversation.id, token_hash(secret))
        with self.db.transaction() as repo:
            repo.insert_widget_session(session)
        return session, f"{session_id}.{secret}"

    def session_for(self, token: str | None) -> WidgetSession:
        """The session a token opens; Unauthenticated for anything else."""
        session_id, _, secret = (token or "").partition(".")
        if not session_id or not secret:
            raise Unauthenticated("a web chat session token is required")
        with self.db.transaction() as repo:
            session = repo.get_widget_session(session_id)
        if session is None or not tokens_match(token_hash(secret), session.token_hash):
            raise Unauthenticated("this web chat session token is not valid")
        return session

    def messages(self, session: WidgetSession) -> list[dict[str, Any]]:
        """Every message of the session's current conversation, as the widget shows them."""
        return self.state(session).messages

    def state(self, session: WidgetSession) -> WidgetState:
        """The current conversation's messages, and whether its case is with a person, resolved
        and rated."""
        with self.db.transaction() as repo:
            found = repo.list_messages(session.conversation_id)
            authors = repo.message_authors([m.id for m in found])
            files = repo.attachments_of([m.id for m in found])
            case, _ = repo.get_case(repo.get_conversation(session.conversation_id).case_id)
            resolved = case.status is CaseStatus.RESOLVED
            rated = resolved and _rating(repo.list_events(case.id)) is not None
        messages = [_payload(m, authors.get(m.id), files.get(m.id, ())) for m in found]
        return WidgetState(messages, resolved, rated, case.status is CaseStatus.HANDED_OFF)

    def do_send_message(
        self,
        session: WidgetSession,
        text: str,
        client_id: str | None,
        attachments: Sequence[Upload] = (),
    ) -> WidgetReply:
        """Pass a visitor's message (and its checked files) to the pipeline; a resolved case
        starts a new one first. While a person holds the case the bot stays silent, and the
        visitor is told that the message arrived and how long the wait should be."""
        conversation_id, fresh, held = self._current_conversation(session)
        topic = conversation_topic(conversation_id)
        if not held and text.strip():
            self.handoff.live.publish(topic, "typing", {"sender": "bot", "author": BOT})
        external_id = None if client_id is None else f"{session.id}:{client_id}"
        result = self.pipeline.do_receive_message(conversation_id, text, external_id, attachments)
        with self.db.transaction() as repo:
            authors = repo.message_authors([r.id for r in result.replies])
            files = repo.attachments_of([result.message.id])
        message = _payload(result.message, None, files.get(result.message.id, ()))
        replies = [_payload(r, authors.get(r.id), ()) for r in result.replies]
        # Replies of a queued turn were published by whoever took it (a worker, maybe before
        # this process read them).
        for payload in (message, *([] if result.published else replies)):
            self.handoff.live.publish(topic, "message", payload)
        notice = None
        with_person = result.case.status is CaseStatus.HANDED_OFF
        if with_person:
            now = self.handoff.clock.now()
            notice = waiting_notice(self.db, self.handoff, result.case.id, now, handed_off=not held)
        return WidgetReply(message, replies, fresh, notice, with_person)

    def attachment(self, session: WidgetSession, attachment_id: str) -> tuple[Attachment, bytes]:
        """A file of the session's conversation's case, and its bytes; any other file is not
        found (a visitor cannot tell another customer's files from ones that do not exist)."""
        with self.db.transaction() as repo:
            case_id = repo.get_conversation(session.conversation_id).case_id
            try:
                found, content = repo.get_attachment(attachment_id)
            except NotFoundError:
                found = None
        if found is None or found.case_id != case_id:
            raise NotFoundError("no such file in this conversation", attachment_id=attachment_id)
        return found, content

    def do_rate_case(self, session: WidgetSession, score: int) -> dict[str, Any]:
        """Record the visitor's 1-5 answer to "how did we do?" on their resolved case, once."""
        with self._rating_lock, self.db.transaction() as repo:
            case, _ = repo.get_case(repo.get_conversation(session.conversation_id).case_id)
            if case.status is not CaseStatus.RESOLVED:
                raise ConflictError(
                    "a conversation is rated once its case is resolved",
                    case_status=case.status.value,
                )
            if _rating(repo.list_events(case.id)) is not None:
                raise ConflictError("this conversation was already rated")
            data = {"score": score, "scale": 5, "channel": CHANNEL}
            repo.append_events([Event(case.id, EventType.SATISFACTION_RATED, "customer", data)])
        self.handoff.publish_case(case.id, EventType.SATISFACTION_RATED.value)
        return data

    def signal_typing(self, session: WidgetSession) -> bool:
        """Tell the console the visitor is typing (at most every ``TYPING_INTERVAL`` seconds
        per session); False when it was told too recently."""
        now = time.monotonic()
        with self._typing_lock:
            if now - self._typing.get(session.id, -TYPING_INTERVAL) < TYPING_INTERVAL:
                return False
            self._typing[session.id] = now
            if len(self._typing) > 10_000:
                self._typing = {k: v for k, v in self._typing.items() if now - v < TYPING_INTERVAL}
        with self.db.transaction() as repo:
            case_id = repo.get_conversation(session.conversation_id).case_id
        self.handoff.live.publish(CONSOLE, "typing", {"case_id": case_id, "sender": "customer"})
        return True

    def _current_conversation(self, session: WidgetSession) -> tuple[str, bool, bool]:
        """The conversation to write in, whether it is new, and whether a person holds it."""
        with self.db.transaction() as repo:
            conversation = repo.get_conversation(session.conversation_id)
            case, _ = repo.get_case(conversation.case_id)
            resolved_at = _resolved_at(repo.list_events(case.id))
        if case.status is not CaseStatus.RESOLVED:
            return conversation.id, False, case.status is CaseStatus.HANDED_OFF
        fresh = self.pipeline.do_start_conversation(CHANNEL, session.id)
        with self.db.transaction() as repo:
            repo.set_widget_conversation(session.id, fresh.id)
        recent = resolved_at is not None and utcnow() - resolved_at <= CARRY_VERIFICATION
        if case.verification is not None and recent:
            self.pipeline.do_verify_case(
                fresh.case_id, case.verification.user_id, case.verification.method, carried=case
            )
        return fresh.id, True, False


def _payload(
    message: Message, author: MessageAuthor | None, files: Sequence[Attachment]
) -> dict[str, Any]:
    payload = message_payload(message, author)
    payload["attachments"] = [a.payload() for a in files]
    return payload


def _rating(events: list[Event]) -> int | None:
    found = [e for e in events if e.type is EventType.SATISFACTION_RATED]
    return int(found[-1].data["score"]) if found else None


def _resolved_at(events: list[Event]) -> datetime | None:
    found = [e.created_at for e in events if e.type is EventType.CASE_RESOLVED]
    return found[-1] if found else None
