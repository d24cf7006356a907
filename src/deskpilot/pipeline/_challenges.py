"""One-time codes in a turn: before a write that needs the stronger proof, a code is sent to
the address on the customer's record (through the outbox) and the write waits for it; the
customer's next message is read as their answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from deskpilot.actions import ActionLayer, GuardContext
from deskpilot.domain import Case, CodeChallenge, EventType, Message, OutboxMessage, new_id, utcnow
from deskpilot.pipeline._codes import OneTimeCodes
from deskpilot.pipeline._protocols import (
    ActionRequest,
    Decision,
    DecisionKind,
    ReplySpec,
    Responder,
)
from deskpilot.store import CaseRecorder, Database
from deskpilot.workspace import Workspace


class CodeChallenges:
    """Sends the codes and reads the answers, for a workspace with ``one_time_code``."""

    def __init__(
        self,
        codes: OneTimeCodes,
        db: Database,
        workspace: Workspace,
        actions: ActionLayer,
        responder: Responder,
    ) -> None:
        self.codes = codes
        self.db = db
        self.workspace = workspace
        self.actions = actions
        self.responder = responder

    def challenge(
        self,
        case: Case,
        action: ActionRequest,
        recorder: CaseRecorder,
        previous: CodeChallenge | None = None,
        *,
        asked: bool = False,
    ) -> Decision | None:
        """Send a code to the address on the customer's record; the confirmed write waits for
        it. None when the customer is not verified, the record has no address or the address
        had its codes for the hour."""
        if case.verification is None:
            return None
        address = self._address_on_record(case, recorder)
        if address is None:
            return None
        config = self.codes.config
        hour_ago = utcnow() - timedelta(hours=1)
        with self.db.transaction() as repo:
            recent = repo.count_outbox(address, config.channel, hour_ago)
        if recent >= config.per_hour:
            recorder.emit(EventType.CODE_REJECTED, {"reason": "too many codes"}, actor="bot")
            return None
        issued = self.codes.issue(case.id, action.name, action.args, address, previous, asked=asked)
        language = self.workspace.config.default_language
        facts = {"code": issued.code, "minutes": config.expires_minutes}
        body = self.responder.render(ReplySpec("code_message", facts), language)
        message = OutboxMessage(
            id=new_id("out"),
            channel=config.channel,
            recipient=address,
            subject=f"{self.workspace.config.name}: your code",
            body=body,
            case_id=case.id,
        )
        with self.db.transaction() as repo:
            repo.insert_outbox(message)
        recorder.emit(
            EventType.CODE_SENT,
            {
                "action": action.name,
                "to": issued.challenge.sent_to,
                "channel": config.channel,
                "asked": asked,
            },
            actor="bot",
        )
        reply = {"to": issued.challenge.sent_to, "minutes": config.expires_minutes}
        return Decision(
            DecisionKind.REPLY,
            replace(case, challenge=issued.challenge),
            ("a one-time code proves the customer owns the account",),
            replies=(
                ReplySpec("code_sent", {**reply, "again": previous is not None, "asked": asked}),
            ),
        )

    def _address_on_record(self, case: Case, recorder: CaseRecorder) -> str | None:
        identity = self.workspace.config.identity
        if identity.customer is None or identity.one_time_code is None or not case.verification:
            return None
        read = identity.customer
        ctx = GuardContext(case=case, actor="bot")
        outcome = self.actions.call(
            read.action, {read.arg: case.verification.user_id}, ctx, recorder
        )
        value: Any = outcome.result if outcome.ok else None
        for part in identity.one_time_code.send_to.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value if isinstance(value, str) and value.strip() else None

    def answer(
        self, case: Case, message: Message, recorder: CaseRecorder
    ) -> Decision | tuple[Case, ActionRequest]:
        """The message while a write waits for its code: the right code gives the case proven
        and the write to run; a wrong or missing one is asked for again, until the attempts
        run out; an expired one is sent again or the case handed to a person."""
        assert case.challenge is not None
        challenge = case.challenge
        action = ActionRequest(challenge.action, challenge.args)
        if utcnow() > challenge.expires_at:
            waiting = replace(case, challenge=None)
            if self.codes.may_resend(challenge):
                resent = self.challenge(waiting, action, recorder, previous=challenge)
                if resent is not None:
                    return resent
            return self._handoff(waiting, "the one-time code expired")
        if self.codes.asks_again(message.text) and self.codes.may_resend(challenge):
            # "I didn't get it": a new code replaces the old one, with the tries that were left.
            resent = self.challenge(case, action, recorder, previous=challenge, asked=True)
            if resent is not None:
                return resent
        if self.codes.matches(case.id, challenge, message.text):
            assert case.verification is not None
            method = self.codes.config.method
            proven = replace(
                case,
                challenge=None,
                verification=replace(case.verification, method=method, verified_at=utcnow()),
            )
            recorder.emit(EventType.CUSTOMER_VERIFIED, {"method": method}, actor="bot")
            return proven, action
        left = challenge.attempts_left - 1
        recorder.emit(EventType.CODE_REJECTED, {"attempts_left": left}, actor="bot")
        if left <= 0:
            return self._handoff(replace(case, challenge=None), "no right one-time code")
        return Decision(
            DecisionKind.REPLY,
            replace(case, challenge=replace(challenge, attempts_left=left)),
            ("the one-time code was wrong or missing",),
            replies=(ReplySpec("code_again", {"to": challenge.sent_to, "left": left}),),
        )

    @staticmethod
    def _handoff(case: Case, reason: str) -> Decision:
        return Decision(
            DecisionKind.HANDOFF,
            case,
            (reason,),
            replies=(ReplySpec("handoff", {"code": "verification"}),),
            handoff_reason=f"{reason}: a person must confirm the customer owns the account",
            notes={"code": "verification"},
        )
