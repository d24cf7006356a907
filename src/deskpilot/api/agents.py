"""Agents: the console's actions as a JSON API (``/v1/agent``).

Authentication is the console's session cookie (``POST /v1/agent/session``); every change sends
the session's CSRF token in ``X-CSRF-Token``. A user without a role gets 403 on everything.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from deskpilot.api._agent_schemas import (
    ActionIn,
    ApiKeyIn,
    ApiKeyOut,
    AssignmentOut,
    DraftOut,
    ItemOut,
    LoginIn,
    NewApiKeyOut,
    OutcomeOut,
    PresenceIn,
    PriorityIn,
    QueueCaseOut,
    QueueOut,
    ReassignIn,
    ReplyIn,
    ReviewIn,
    SentOut,
    SessionOut,
    SlaOut,
    TextIn,
    UserIn,
    UserOut,
)
from deskpilot.api._deps import get_runtime
from deskpilot.api._schemas import CaseOut
from deskpilot.console import (
    ApiStaffDep,
    Unauthenticated,
    case_facts,
    case_view,
    clear_session_cookie,
    optional_staff,
    queue_views,
    set_session_cookie,
    sla_view,
    timeline,
)
from deskpilot.domain import CaseId, DraftId, PresenceState, StaffRole
from deskpilot.runtime import Runtime

router = APIRouter(prefix="/v1/agent", tags=["agents"])

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.post("/session", response_model=SessionOut)
def log_in(body: LoginIn, request: Request, response: Response, runtime: RuntimeDep) -> SessionOut:
    """Open a console session (sets the cookie; returns the CSRF token for changes)."""
    if runtime.settings.seeds_demo_users:
        runtime.staff.ensure_demo_users(
            runtime.routing, runtime.settings.demo_password.get_secret_value()
        )
    staff = runtime.staff.do_login(body.username, body.password)
    set_session_cookie(response, request, staff)
    return SessionOut(user=UserOut.of(staff.user), csrf_token=staff.session.csrf_token)


@router.delete("/session", status_code=204)
def log_out(request: Request, runtime: RuntimeDep) -> Response:
    """End the session (the agent goes offline)."""
    staff = optional_staff(request)
    if staff is None:
        raise Unauthenticated("no session to end")
    staff.check_csrf(request.headers.get("X-CSRF-Token"))
    if staff.user.role is not None:
        runtime.agents.do_set_presence(staff.user, PresenceState.OFFLINE, actor=staff.user)
    runtime.staff.do_logout(staff)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@router.get("/me", response_model=UserOut)
def me(staff: ApiStaffDep) -> UserOut:
    """The logged-in agent."""
    return UserOut.of(staff.user)


@router.put("/presence", response_model=UserOut)
def set_presence(body: PresenceIn, runtime: RuntimeDep, staff: ApiStaffDep) -> UserOut:
    """Go online (take new cases), away or offline."""
    user = runtime.agents.do_set_presence(
        staff.user, PresenceState(body.presence), actor=staff.user
    )
    return UserOut.of(user)


@router.post("/heartbeat", status_code=204)
def heartbeat(runtime: RuntimeDep, staff: ApiStaffDep) -> Response:
    """The agent's client is still there: without a heartbeat for
    ``DESKPILOT_PRESENCE_TIMEOUT_SECONDS``, an online agent gets no new cases."""
    reachable = runtime.handoff.is_reachable(staff.user)
    runtime.handoff.note_heartbeat(staff.user.username)
    if not reachable and staff.user.presence is PresenceState.ONLINE:
        runtime.handoff.do_assign_waiting_cases()
    return Response(status_code=204)


@router.post("/users", status_code=201, response_model=UserOut)
def create_user(body: UserIn, runtime: RuntimeDep, staff: ApiStaffDep) -> UserOut:
    """Create a console account (admins only)."""
    admin = staff.require(StaffRole.ADMIN)
    role = None if body.role is None else StaffRole(body.role)
    user = runtime.staff.do_create_user(
        body.username, body.display_name, role, body.password, actor=admin.actor
    )
    return UserOut.of(user)


@router.get("/api-keys", response_model=list[ApiKeyOut])
def read_api_keys(runtime: RuntimeDep, staff: ApiStaffDep) -> list[ApiKeyOut]:
    """Every API key, the newest first, revoked ones too (admins only; never the secrets)."""
    staff.require(StaffRole.ADMIN)
    return [ApiKeyOut.of(k) for k in runtime.api_keys.list()]


@router.post("/api-keys", status_code=201, response_model=NewApiKeyOut)
def create_api_key(body: ApiKeyIn, runtime: RuntimeDep, staff: ApiStaffDep) -> NewApiKeyOut:
    """Create an API key (admins only); the answer holds the key, shown this once."""
    admin = staff.require(StaffRole.ADMIN)
    key, secret = runtime.api_keys.do_create(body.name, body.scopes, actor=admin.actor)
    return NewApiKeyOut(**ApiKeyOut.of(key).model_dump(), key=secret)


@router.delete("/api-keys/{key_id}", response_model=ApiKeyOut)
def revoke_api_key(key_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> ApiKeyOut:
    """Revoke an API key (admins only): requests with it get 401 from now on."""
    admin = staff.require(StaffRole.ADMIN)
    return ApiKeyOut.of(runtime.api_keys.do_revoke(key_id, actor=admin.actor))


@router.get("/queues", response_model=list[QueueOut])
def read_queues(runtime: RuntimeDep, staff: ApiStaffDep) -> list[QueueOut]:
    """Every queue with its open cases, most urgent first, with SLA countdowns."""
    with runtime.db.transaction() as repo:
        views = queue_views(runtime.handoff, repo, runtime.clock.now())
    return [
        QueueOut(
            name=v.name,
            open_now=v.open_now,
            opens=v.opens,
            cases=[
                QueueCaseOut(
                    assignment=AssignmentOut.of(r.assignment),
                    sla=SlaOut.of(r.sla),
                    summary=r.summary,
                )
                for r in v.rows
            ],
        )
        for v in views
    ]


@router.get("/cases/{case_id}")
def read_case(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> dict[str, object]:
    """A case with its assignment, SLA, transcript (messages and notes), pending drafts and
    the hand-off packet in words (``packet_in_words``, as the console's case page shows it;
    ``case.handoff.packet`` stays the raw packet)."""
    cid = CaseId(case_id)
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(cid)
        assignment = repo.get_assignment(cid)
        items = timeline(repo, cid)
        drafts = repo.list_drafts(case_id=cid)
    sla = SlaOut.of(sla_view(runtime.handoff, cid, runtime.clock.now()))
    # The same builder as the console page: the customer's records are read as this agent,
    # through the guard, and logged as one ``case_viewed`` event.
    view = case_view(
        runtime.handoff, runtime.actions, runtime.desk, runtime.workspace.flows, cid, staff.user
    )
    return {
        "packet_in_words": None if view.packet is None else asdict(view.packet),
        "case": CaseOut.of(case).model_dump(mode="json"),
        "assignment": None
        if assignment is None
        else AssignmentOut.of(assignment).model_dump(mode="json"),
        "sla": None if sla is None else sla.model_dump(mode="json"),
        "transcript": [ItemOut.of(i).model_dump(mode="json") for i in items],
        "drafts": [DraftOut.of(d).model_dump(mode="json") for d in drafts],
    }


@router.get("/cases/{case_id}/assist")
def read_assist(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> dict[str, object]:
    """The case page's assist panel: a reply from the help center for what the customer asked
    (or the nearest articles), similar resolved cases with what was done, the case so far in
    words, and the next action (run it with ``POST /cases/{id}/actions``)."""
    view = case_view(
        runtime.handoff,
        runtime.actions,
        runtime.desk,
        runtime.workspace.flows,
        CaseId(case_id),
        staff.user,
    )
    with runtime.db.transaction() as repo:
        facts = case_facts(repo, view, runtime.desk, runtime.workspace.flows, runtime.actions)
    found = asdict(runtime.assist.assist(facts))
    found["nearest"] = [{"title": t, "link": link} for t, link in found["nearest"]]
    return found


@router.post("/cases/{case_id}/take", response_model=AssignmentOut)
def take_case(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> AssignmentOut:
    """Take the case; the bot stays silent in it until it is handed back."""
    return AssignmentOut.of(runtime.agents.do_take_case(CaseId(case_id), actor=staff.user))


@router.post("/cases/{case_id}/reply", status_code=201, response_model=SentOut)
def reply(case_id: str, body: ReplyIn, runtime: RuntimeDep, staff: ApiStaffDep) -> SentOut:
    """Send a reply to the customer."""
    message = runtime.agents.do_send_reply(
        CaseId(case_id), body.text, actor=staff.user, wait_for_customer=body.wait_for_customer
    )
    return SentOut.of(message)


@router.post("/cases/{case_id}/typing", status_code=204)
def typing(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> Response:
    """The agent is typing a reply (send it at most every few seconds while keys are
    pressed): the customer's widget and the colleagues' case pages show it for a few
    seconds (``typing`` events)."""
    runtime.agents.signal_typing(CaseId(case_id), actor=staff.user)
    return Response(status_code=204)


@router.post("/cases/{case_id}/notes", status_code=201, response_model=SentOut)
def add_note(case_id: str, body: TextIn, runtime: RuntimeDep, staff: ApiStaffDep) -> SentOut:
    """Add an internal note (never shown to the customer)."""
    return SentOut.of(runtime.agents.do_add_note(CaseId(case_id), body.text, actor=staff.user))


@router.post("/cases/{case_id}/reassign", response_model=AssignmentOut)
def reassign(
    case_id: str, body: ReassignIn, runtime: RuntimeDep, staff: ApiStaffDep
) -> AssignmentOut:
    """Give the case to another agent or queue."""
    assignment = runtime.agents.do_reassign_case(
        CaseId(case_id), agent=body.agent, queue=body.queue, actor=staff.user
    )
    return AssignmentOut.of(assignment)


@router.post("/cases/{case_id}/priority", response_model=AssignmentOut)
def change_priority(
    case_id: str, body: PriorityIn, runtime: RuntimeDep, staff: ApiStaffDep
) -> AssignmentOut:
    """Change the case's priority."""
    assignment = runtime.agents.do_change_priority(CaseId(case_id), body.priority, actor=staff.user)
    return AssignmentOut.of(assignment)


@router.post("/cases/{case_id}/actions", response_model=OutcomeOut)
def run_action(case_id: str, body: ActionIn, runtime: RuntimeDep, staff: ApiStaffDep) -> OutcomeOut:
    """Run a store action through the guard with the agent as actor."""
    outcome = runtime.agents.do_run_action(
        CaseId(case_id), body.action, body.args, actor=staff.user
    )
    return OutcomeOut.of(outcome)


@router.post("/cases/{case_id}/resolve", response_model=CaseOut)
def resolve(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> CaseOut:
    """Mark the case resolved."""
    return CaseOut.of(runtime.agents.do_resolve_case(CaseId(case_id), actor=staff.user))


@router.post("/cases/{case_id}/hand-back", response_model=CaseOut)
def hand_back(case_id: str, runtime: RuntimeDep, staff: ApiStaffDep) -> CaseOut:
    """Return the case to the automation."""
    return CaseOut.of(runtime.agents.do_hand_back_case(CaseId(case_id), actor=staff.user))


@router.get("/drafts", response_model=list[DraftOut])
def read_drafts(runtime: RuntimeDep, staff: ApiStaffDep) -> list[DraftOut]:
    """Drafts waiting for review, oldest first."""
    with runtime.db.transaction() as repo:
        return [DraftOut.of(d) for d in repo.list_drafts()]


@router.post("/drafts/{draft_id}/review", response_model=DraftOut)
def review_draft(
    draft_id: str, body: ReviewIn, runtime: RuntimeDep, staff: ApiStaffDep
) -> DraftOut:
    """Approve (as is, or with the edited ``text``) and send, or reject a draft reply."""
    draft = runtime.drafts.do_review_draft(
        DraftId(draft_id), approve=body.decision == "approve", text=body.text, actor=staff.user
    )
    return DraftOut.of(draft)
