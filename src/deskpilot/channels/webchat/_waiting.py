"""What a customer is told while a person holds their case and the bot stays silent: that their
message arrived, and how long the wait should be, from what routing knows for certain (who holds
the case, the queue's hours, the case's place in its queue, its first-response target)."""

from __future__ import annotations

from datetime import datetime, timedelta

from deskpilot.domain import AssignmentState, CaseId
from deskpilot.handoff import HandoffDesk, expected_answer_time
from deskpilot.store import Database


def waiting_notice(
    db: Database, handoff: HandoffDesk, case_id: CaseId, now: datetime, *, handed_off: bool
) -> str | None:
    """The acknowledgement of a message on a case a person holds, with the expected wait;
    None on the hand-off's own turn when the queue is shut (the desk's notice said when)."""
    with db.transaction() as repo:
        assignment = repo.get_assignment(case_id)
        waiting = [
            a
            for a in repo.list_assignments()
            if assignment is not None
            and a.queue == assignment.queue
            and a.state is AssignmentState.WAITING
        ]
        holder = None
        if assignment is not None and assignment.agent is not None:
            users = {u.username: u for u in repo.list_users()}
            holder = users.get(assignment.agent)
    if assignment is None or assignment.state is AssignmentState.CLOSED:
        return "Thanks, your message is with our team; a colleague will reply here."
    if holder is not None:
        return f"Thanks, {holder.display_name} has your message and will reply here."
    expected = expected_answer_time(handoff.routing.queue(assignment.queue), now)
    if not expected.open_now:
        if handed_off:
            return None
        return (
            "Thanks, your message is saved. Our team is offline right now; a colleague will "
            f"pick this up {expected.text}."
        )
    queued = handoff.queued(waiting, assignment.queue)
    order = [q.case_id for q in handoff.router.order(assignment.queue, queued)]
    place = order.index(case_id) + 1 if case_id in order else None
    text = "Thanks, your message is with our team."
    if place is not None:
        text += f" You are number {place} in the queue."
    due = handoff.next_breach(case_id)
    if due is not None and due > now:
        text += f" We aim to answer within {_wait_words(due - now)}."
    else:
        text += " A colleague will answer as soon as they can."
    return text


def _wait_words(left: timedelta) -> str:
    """A wait in words, rounded up: ``1 minute``, ``15 minutes``, ``2 hours``."""
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = -(-minutes // 60)
    return f"{hours} hours"
