"""Web chat sessions: a random token per visitor, their conversation, and sending messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskpilot.channels.webchat._identity import SignedIdentity
from deskpilot.console import (
    Unauthenticated,
    new_token,
    token_hash,
    tokens_match,
)
from deskpilot.domain import CaseStatus, WidgetSession, WidgetSessionId, new_id, utcnow
from deskpilot.errors import InputError
from deskpilot.handoff import HandoffDesk
from deskpilot.live import conversation_topic, message_payload
from deskpilot.pipeline import Pipeline
from deskpilot.store import Database

CHANNEL = "webchat"


@dataclass(frozen=True)
class WidgetReply:
    """The answer to a visitor's message: it, the replies, and whether a new conversation began
    (the last case was resolved), so the widget reconnects its stream."""

    message: dict[str, Any]
    replies: list[dict[str, Any]]
    new_conversation: bool


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
        with self.db.transaction() as repo:
            found = repo.list_messages(session.conversation_id)
            authors = repo.message_authors([m.id for m in found])
        return [message_payload(m, authors.get(m.id)) for m in found]

    def do_send_message(
        self, session: WidgetSession, text: str, client_id: str | None
    ) -> WidgetReply:
        """Pass a visitor's message to the pipeline; a resolved case starts a new one first."""
        conversation_id, fresh = self._current_conversation(session)
        external_id = None if client_id is None else f"{session.id}:{client_id}"
        result = self.pipeline.do_receive_message(conversation_id, text, external_id)
        with self.db.transaction() as repo:
            authors = repo.message_authors([r.id for r in result.replies])
        message = message_payload(result.message)
        replies = [message_payload(r, authors.get(r.id)) for r in result.replies]
        topic = conversation_topic(conversation_id)
        for payload in (message, *replies):
            self.handoff.live.publish(topic, "message", payload)
        return WidgetReply(message, replies, fresh)

    def _current_conversation(self, session: WidgetSession) -> tuple[str, bool]:
        with self.db.transaction() as repo:
            conversation = repo.get_conversation(session.conversation_id)
            case, _ = repo.get_case(conversation.case_id)
        if case.status is not CaseStatus.RESOLVED:
            return conversation.id, False
        fresh = self.pipeline.do_start_conversation(CHANNEL, session.id)
        with self.db.transaction() as repo:
            repo.set_widget_conversation(session.id, fresh.id)
        return fresh.id, True
