"""The review band: replies the automation was not sure enough to send wait as drafts until a
person approves, edits or rejects them."""

from __future__ import annotations

from dataclasses import replace

from deskpilot.console._desk import MAX_TEXT
from deskpilot.domain import (
    CaseId,
    Direction,
    Draft,
    DraftId,
    DraftStatus,
    Event,
    EventType,
    Message,
    MessageId,
    MessageStatus,
    PendingConfirmation,
    User,
    new_id,
)
from deskpilot.errors import ConflictError, InputError
from deskpilot.handoff import HandoffDesk
from deskpilot.store import Repository


class DraftDesk:
    """Stores drafts and delivers the approved ones to the customer."""

    def __init__(self, handoff: HandoffDesk) -> None:
        self.handoff = handoff
        self.db = handoff.db

    def do_create_draft(
        self, case_id: CaseId, message_id: MessageId, text: str, *, actor: str
    ) -> Draft:
        """Hold ``text`` (the reply to inbound message ``message_id``) for review.

        Call it after the turn that produced the reply has committed: it runs its own
        transaction. The draft shows in the console until an agent reviews it.
        """
        if not text.strip():
            raise InputError("a draft must not be empty", field="text")
        if len(text) > MAX_TEXT:
            raise InputError(f"a draft has at most {MAX_TEXT} characters", field="text")
        with self.db.transaction() as repo:
            message = repo.get_message(message_id)
            if message.case_id != case_id or message.direction is not Direction.INBOUND:
                raise InputError(
                    f"message {message_id} is not a customer message of case {case_id}",
                    field="message_id",
                )
            draft = Draft(
                id=DraftId(new_id("draft")),
                case_id=case_id,
                conversation_id=message.conversation_id,
                message_id=message_id,
                text=text,
                created_by=actor,
            )
            repo.insert_draft(draft)
            data = {"draft_id": draft.id, "message_id": message_id, "chars": len(text)}
            repo.append_events([Event(case_id, EventType.DRAFT_CREATED, actor, data, message_id)])
        self.handoff.live.publish("console", "draft", {"case_id": case_id, "draft_id": draft.id})
        self.handoff.publish_case(case_id, "draft")
        return draft

    def do_review_draft(
        self, draft_id: DraftId, *, approve: bool, text: str | None = None, actor: User
    ) -> Draft:
        """Approve the draft (as is, or with ``text`` as the edited reply) and send it, or
        reject it (nothing is sent). The outcome and any edit are recorded as an event."""
        with self.db.transaction() as repo:
            draft = repo.get_draft(draft_id)
            if draft.status is not DraftStatus.PENDING:
                raise ConflictError(
                    f"draft {draft_id} was already {draft.status.value}", draft_id=draft_id
                )
            now = self.handoff.clock.now()
            sent: Message | None = None
            if approve:
                final = (text if text is not None else draft.text).strip()
                if not final or len(final) > MAX_TEXT:
                    raise InputError(
                        f"the reply must have 1 to {MAX_TEXT} characters", field="text"
                    )
                status = DraftStatus.APPROVED if final == draft.text.strip() else DraftStatus.EDITED
                channel = repo.get_conversation(draft.conversation_id).channel
                sent = self._deliver(draft, final, channel)
                repo.insert_message(sent)
            else:
                final, status = "", DraftStatus.REJECTED
            reviewed = replace(
                draft,
                status=status,
                final_text=final or None,
                reviewed_by=actor.username,
                reviewed_at=now,
                sent_message_id=None if sent is None else sent.id,
            )
            repo.save_draft(reviewed)
            repo.append_events(self._events(reviewed, actor, sent))
            self._show_or_drop_proposal(repo, reviewed)
        if sent is not None:
            self.handoff.publish_message(sent)
        self.handoff.live.publish(
            "console", "draft", {"case_id": draft.case_id, "draft_id": draft.id}
        )
        self.handoff.publish_case(draft.case_id, "draft")
        return reviewed

    @staticmethod
    def _show_or_drop_proposal(repo: Repository, draft: Draft) -> None:
        """A proposal held with the drafts of its turn (``PendingConfirmation.held``) is on the
        customer's screen, and may be confirmed, once every draft of that turn went out as
        written; a draft rejected or edited withdraws it: the customer's yes would otherwise
        consent to words the automation did not write, or never showed."""
        case, version = repo.get_case(draft.case_id)
        pending = case.pending_confirmation
        if pending is None or not pending.held:
            return
        if draft.status is DraftStatus.APPROVED:
            if any(
                d.message_id == draft.message_id for d in repo.list_drafts(case_id=draft.case_id)
            ):
                return  # another reply of that turn still waits
            shown: PendingConfirmation | None = replace(pending, held=False)
        else:
            shown = None
        repo.save_case(replace(case, pending_confirmation=shown), version)

    @staticmethod
    def _deliver(draft: Draft, text: str, channel: str) -> Message:
        return Message(
            id=MessageId(new_id("msg")),
            conversation_id=draft.conversation_id,
            case_id=draft.case_id,
            direction=Direction.OUTBOUND,
            channel=channel,
            text=text,
            status=MessageStatus.SENT,
            reply_to=draft.message_id,
        )

    @staticmethod
    def _events(draft: Draft, actor: User, sent: Message | None) -> list[Event]:
        data = {
            "draft_id": draft.id,
            "outcome": draft.status.value,
            "edited": draft.status is DraftStatus.EDITED,
            "original_chars": len(draft.text),
            "final_chars": len(draft.final_text or ""),
            "message_id": None if sent is None else sent.id,
        }
        events = [
            Event(draft.case_id, EventType.DRAFT_REVIEWED, actor.actor, data, draft.message_id)
        ]
        if sent is not None:
            events.append(
                Event(
                    draft.case_id,
                    EventType.MESSAGE_SENT,
                    actor.actor,
                    {"message_id": sent.id},
                    sent.id,
                )
            )
        return events
