"""The agent console: server-rendered pages (Jinja2, autoescaped) and their plain HTML forms.

Every form posts the session's CSRF token and lands on a ``do_…`` function of the runtime's
desks; the page it redirects to shows the outcome. A little JavaScript (``static/console.js``)
adds live updates over ``/console/events``, SLA countdowns and suggestion buttons.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from jinja2 import Environment, FileSystemLoader, select_autoescape

from deskpilot.actions import ActionSpec, GuardContext, SideEffect
from deskpilot.console._assist import case_facts
from deskpilot.console._collision import colleagues_on
from deskpilot.console._desk import guard_role
from deskpilot.console._forms import PREFIX, FormField, action_fields, read_fields
from deskpilot.console._http import (
    LOGIN_COOKIE,
    ConsoleRuntime,
    FormDep,
    FormListsDep,
    PosterDep,
    SessionDep,
    UploadFormDep,
    ViewerDep,
    attachment_response,
    clear_session_cookie,
    optional_staff,
    runtime_of,
    set_session_cookie,
)
from deskpilot.console._lists import (
    VIEW_NAMES,
    CaseFilter,
    case_channel,
    case_intents,
    case_lists,
    customer_history,
    search,
)
from deskpilot.console._packet import Namer, file_size
from deskpilot.console._replies import filled_replies
from deskpilot.console._security import (
    NotHolder,
    TooManyAttempts,
    Unauthenticated,
    new_token,
    tokens_match,
)
from deskpilot.console._supervisor import agent_loads, queue_health
from deskpilot.console._users import Staff
from deskpilot.console._views import (
    CustomerContext,
    case_view,
    customer_context,
    format_span,
    queue_views,
    timeline,
)
from deskpilot.domain import ApiScope, Case, CaseId, DraftId, PresenceState, StaffRole, User
from deskpilot.errors import ActionError, DeskpilotError, InputError, NotFoundError
from deskpilot.knowledge import group_misses
from deskpilot.live import CONSOLE, sse_response

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

router = APIRouter(prefix="/console", include_in_schema=False)
RuntimeDep = Annotated[ConsoleRuntime, Depends(runtime_of)]

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["span"] = format_span
_env.filters["filesize"] = file_size
_env.filters["pretty"] = lambda value: json.dumps(value, indent=2, sort_keys=True, default=str)


class _Flashes:
    """One-shot notices per session (``Reply sent``, an action's refusal), shown on the next
    page; bounded, in memory."""

    def __init__(self, limit: int = 1000) -> None:
        self._items: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def put(self, staff: Staff, level: str, text: str) -> None:
        """Keep a notice (``ok`` or ``error``) for the staff member's next page."""
        with self._lock:
            self._items[staff.session.csrf_token] = (level, text)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def pop(self, staff: Staff) -> tuple[str, str] | None:
        """The waiting notice, once."""
        with self._lock:
            return self._items.pop(staff.session.csrf_token, None)


_flashes = _Flashes()


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered to an HTML response."""
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)


def _page(staff: Staff, runtime: ConsoleRuntime, **context: Any) -> dict[str, Any]:
    """What every page renders with; the notice waiting for this agent is shown (and gone)."""
    return {**_fragment(staff, runtime), "flash": _flashes.pop(staff), **context}


def _fragment(staff: Staff, runtime: ConsoleRuntime, **context: Any) -> dict[str, Any]:
    """What a part of a page refreshed live renders with: no notice, which stays for the next
    page ("1 of 1 cases given to alice" was eaten by a refresh that came first)."""
    return {
        "staff": staff,
        "user": staff.user,
        "csrf": staff.session.csrf_token,
        "flash": None,
        "workspace": runtime.workspace.config.name,
        **context,
    }


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _within_console(path: str | None) -> str:
    """``path`` if it is a console page, else the queues (no open redirects)."""
    if path and path.startswith("/console/") and "//" not in path and "\\" not in path:
        return path
    return "/console/queue"


def _refused(staff: Staff, runtime: ConsoleRuntime, exc: DeskpilotError, back: str) -> Response:
    """A refused change as a page a person reads, with the way back (never problem+json)."""
    return render(
        "refused.html", exc.status, **_page(staff, runtime, reason=exc.message, back=back)
    )


def _attempt(
    staff: Staff, runtime: ConsoleRuntime, path: str, done: str, work: Callable[[], object]
) -> Response:
    """Run a form's action; its error becomes a notice on the next page, and a refusal (not
    the case's holder, too low a role) a page that says why."""
    try:
        work()
    except DeskpilotError as exc:
        if isinstance(exc, NotHolder):
            _flashes.put(staff, "error", exc.message)
            return _back(path)
        if exc.status == 403:
            return _refused(staff, runtime, exc, path)
        if exc.status == 401 or (exc.status >= 500 and not exc.retryable):
            raise
        _flashes.put(staff, "error", exc.message)
    else:
        _flashes.put(staff, "ok", done)
    return _back(path)


# -- logging in ------------------------------------------------------------------------------
@router.get("", response_class=RedirectResponse)
def console_home() -> RedirectResponse:
    """The console starts at the queues."""
    return _back("/console/queue")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, runtime: RuntimeDep, error: str | None = None) -> Response:
    """The login form (a double-submit cookie protects it against login CSRF)."""
    if runtime.settings.seeds_demo_users:
        runtime.staff.ensure_demo_users(
            runtime.routing, runtime.settings.demo_password.get_secret_value()
        )
    token = new_token()
    message = (
        "Too many wrong passwords for this account: wait a few minutes, then try again."
        if error == "wait"
        else "Unknown username or wrong password."
        if error
        else None
    )
    status = 429 if error == "wait" else 401 if error else 200
    response = render("login.html", status, csrf=token, error=message)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/console")
    return response


@router.post("/login")
def login(request: Request, runtime: RuntimeDep, form: FormDep) -> Response:
    """Check the password, open a session, mark the agent online."""
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not tokens_match(form.get("csrf_token", ""), expected):
        return _back("/console/login?error=1")
    if runtime.settings.seeds_demo_users:
        runtime.staff.ensure_demo_users(
            runtime.routing, runtime.settings.demo_password.get_secret_value()
        )
    try:
        staff = runtime.staff.do_login(form.get("username", ""), form.get("password", ""))
    except Unauthenticated:
        return _back("/console/login?error=1")
    except TooManyAttempts:
        return _back("/console/login?error=wait")
    if staff.user.role is not None:
        runtime.agents.do_set_presence(staff.user, PresenceState.ONLINE, actor=staff.user)
    response = _back("/console/queue")
    set_session_cookie(response, request, staff)
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/logout")
def logout(runtime: RuntimeDep, staff: SessionDep) -> Response:
    """End the session; the agent goes offline."""
    if staff.user.role is not None:
        runtime.agents.do_set_presence(staff.user, PresenceState.OFFLINE, actor=staff.user)
    runtime.staff.do_logout(staff)
    response = _back("/console/login")
    clear_session_cookie(response)
    return response


@router.post("/presence")
def set_presence(runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Go online, away or offline."""
    try:
        presence = PresenceState(form.get("presence", ""))
    except ValueError:
        raise InputError("presence must be online, away or offline", field="presence") from None
    runtime.agents.do_set_presence(staff.user, presence, actor=staff.user)
    return _back(_within_console(form.get("next")))


@router.post("/heartbeat")
def heartbeat(runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> JSONResponse:
    """The console page is still open: an online agent keeps getting cases (``console.js``
    sends this every 30 seconds; without it for the presence timeout, routing passes them by).
    From a case page (``case_id``), the answer names the colleagues who have it open too."""
    reachable = runtime.handoff.is_reachable(staff.user)
    runtime.handoff.note_heartbeat(staff.user.username)
    if not reachable and staff.user.presence is PresenceState.ONLINE:
        runtime.handoff.do_assign_waiting_cases()  # back after a gap: take what waited
    case_id = form.get("case_id", "")[:60]
    if not case_id:
        return JSONResponse({"others": [], "typing": []})
    return JSONResponse(asdict(colleagues_on(runtime, staff, case_id)))


# -- the queues ------------------------------------------------------------------------------
@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, runtime: RuntimeDep) -> Response:
    """Every queue with its cases in serving order, SLA countdowns and drafts to review."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if staff.user.role is None:
        return render("forbidden.html", 403, **_page(staff, runtime))
    return render("queue.html", **_page(staff, runtime, **_queue_context(runtime, staff.user)))


def _queue_context(runtime: ConsoleRuntime, viewer: User) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.db.transaction() as repo:
        queues = queue_views(runtime.handoff, repo, now)
        drafts = repo.list_drafts()
        views, _ = case_lists(runtime.handoff, repo, viewer, now)
    breached = [
        r for q in queues for r in q.rows if r.sla is not None and r.sla.state == "breached"
    ]
    return {"queues": queues, "drafts": drafts, "now": now, "breached": breached, "views": views}


@router.get("/fragments/queue", response_class=HTMLResponse)
def queue_fragment(runtime: RuntimeDep, staff: ViewerDep) -> Response:
    """The queues' part of the page, for live refresh."""
    return render("_queue.html", **_fragment(staff, runtime, **_queue_context(runtime, staff.user)))


@router.get("/views/{name}", response_class=HTMLResponse)
def view_page(name: str, request: Request, runtime: RuntimeDep) -> Response:
    """One list of cases (mine, unassigned, all open, waiting on customer, breached,
    resolved), with every view's count."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if staff.user.role is None:
        return render("forbidden.html", 403, **_page(staff, runtime))
    if name not in VIEW_NAMES:
        raise NotFoundError(f"no view {name!r}; views are {', '.join(VIEW_NAMES)}")
    wanted = CaseFilter.of(request.query_params)
    with runtime.db.transaction() as repo:
        views, rows = case_lists(runtime.handoff, repo, staff.user, runtime.clock.now())
        listed = rows[name]
        tags = repo.case_tags([r.case.id for r in listed])
        channels = {r.case.id: case_channel(repo, r.case.id) for r in listed}
        all_tags = sorted({t for found in repo.case_tags().values() for t in found})
        intents = {
            r.case.id: case_intents(repo, r.case) if wanted.intent else set() for r in listed
        }
    kept = [
        r
        for r in listed
        if wanted.keeps(r, channels[r.case.id], tags.get(r.case.id, []), intents[r.case.id])
    ]
    current = next(v for v in views if v.name == name)
    options = {
        "channel": sorted({c for c in channels.values() if c}),
        "queue": [q.name for q in runtime.routing.queues],
        "intent": sorted(i.name for i in runtime.workspace.intents),
        "priority": ["urgent", "high", "normal", "low"],
        "tag": all_tags,
        "agent": [a.id for a in runtime.routing.agents],
    }
    context = {
        "views": views,
        "current": current,
        "rows": kept,
        "listed": len(listed),
        "tags": tags,
        "filter": wanted,
        "options": options,
    }
    return render("views.html", **_page(staff, runtime, **context))


def _supervisor_context(runtime: ConsoleRuntime) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.db.transaction() as repo:
        queues = queue_views(runtime.handoff, repo, now)
        users = repo.list_users()
    return {
        "health": queue_health(queues, now),
        "agents": agent_loads(runtime.handoff, users, queues),
        "queues": queues,
        "now": now,
    }


def _supervises(user: User) -> bool:
    return user.role is not None and user.role.allows(StaffRole.SUPERVISOR)


@router.get("/supervisor", response_class=HTMLResponse)
def supervisor_page(request: Request, runtime: RuntimeDep) -> Response:
    """Queue health, agents online with their load, bulk reassignment, and the questions the
    help center could not answer (supervisors)."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if not _supervises(staff.user):
        return render("forbidden.html", 403, **_page(staff, runtime))
    gaps = group_misses(runtime.knowledge.misses()) if runtime.knowledge is not None else None
    context = {**_supervisor_context(runtime), "gaps": gaps}
    return render("supervisor.html", **_page(staff, runtime, **context))


@router.get("/fragments/health", response_class=HTMLResponse)
def health_fragment(runtime: RuntimeDep, staff: ViewerDep) -> Response:
    """The supervisor page's health part, for live refresh."""
    if not _supervises(staff.user):
        return render("forbidden.html", 403, **_page(staff, runtime))
    return render("_health.html", **_fragment(staff, runtime, **_supervisor_context(runtime)))


@router.post("/supervisor/assign")
def bulk_assign(
    runtime: RuntimeDep, staff: PosterDep, form: FormDep, lists: FormListsDep
) -> Response:
    """Give the selected cases to one agent; each refused one is named with why."""
    agent = form.get("agent", "")
    cases = [CaseId(c) for c in lists.get("case_id", [])[:200]]
    if not agent or not cases:
        _flashes.put(staff, "error", "Choose the cases and the agent to give them to.")
        return _back("/console/supervisor")
    try:
        outcome = runtime.agents.do_assign_cases(cases, agent, actor=staff.user)
    except DeskpilotError as exc:
        if exc.status == 403:
            return _refused(staff, runtime, exc, "/console/supervisor")
        raise
    given = sum(1 for _, why in outcome if why is None)
    refused = [f"{case_id}: {why}" for case_id, why in outcome if why is not None]
    text = f"{given} of {len(outcome)} cases given to {agent}."
    if refused:
        text += " Not given: " + "; ".join(refused) + "."
    _flashes.put(staff, "error" if refused else "ok", text)
    return _back("/console/supervisor")


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, runtime: RuntimeDep, q: str = "") -> Response:
    """Cases, customers and messages containing the words searched for."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if staff.user.role is None:
        return render("forbidden.html", 403, **_page(staff, runtime))
    with runtime.db.transaction() as repo:
        found = search(runtime.handoff, repo, q, runtime.clock.now()) if q.strip() else []
    return render("search.html", **_page(staff, runtime, q=q[:200], found=found))


# -- one case --------------------------------------------------------------------------------
@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: str, request: Request, runtime: RuntimeDep) -> Response:
    """A case: transcript, packet, the customer's profile and records, suggestions, and what an
    agent can do."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if staff.user.role is None:
        return render("forbidden.html", 403, **_page(staff, runtime))
    view = case_view(
        runtime.handoff,
        runtime.actions,
        runtime.desk,
        runtime.workspace.flows,
        CaseId(case_id),
        staff.user,
    )
    queues = [q.name for q in runtime.routing.queues]
    with runtime.db.transaction() as repo:
        history = customer_history(repo, view.case)
    colleagues = colleagues_on(runtime, staff, case_id)
    with runtime.db.transaction() as repo:
        tags = repo.case_tags([case_id]).get(case_id, [])
        facts = case_facts(repo, view, runtime.desk, runtime.workspace.flows, runtime.actions)
    runtime.live.publish(CONSOLE, "viewing", {"case_id": case_id})
    context = {
        "view": view,
        "queues": queues,
        "history": history,
        "colleagues": colleagues,
        "tags": tags,
        "saved": filled_replies(runtime.workspace.replies, view, runtime.desk),
        "files": runtime.workspace.config.attachments,
        "assist": runtime.assist.assist(facts),
    }
    return render("case.html", **_page(staff, runtime, **context))


@router.get("/cases/{case_id}/fragments/transcript", response_class=HTMLResponse)
def transcript_fragment(case_id: str, runtime: RuntimeDep, staff: ViewerDep) -> Response:
    """The case's transcript, for live refresh."""
    with runtime.db.transaction() as repo:
        repo.get_case(CaseId(case_id))
        items = timeline(repo, CaseId(case_id))
    return render("_transcript.html", items=items)


@router.post("/cases/{case_id}/take")
def take_case(case_id: str, runtime: RuntimeDep, staff: PosterDep) -> Response:
    """Take the case (the bot falls silent in it)."""
    work = partial(runtime.agents.do_take_case, CaseId(case_id), actor=staff.user)
    return _attempt(staff, runtime, f"/console/cases/{case_id}", "The case is yours.", work)


@router.post("/cases/{case_id}/reply")
def reply(case_id: str, runtime: RuntimeDep, staff: ViewerDep, form: UploadFormDep) -> Response:
    """Send a reply to the customer, with files if any were chosen (a multipart form; the
    session is checked before the body is read, its CSRF token after)."""
    staff.check_csrf(form.fields.get("csrf_token"))
    wait = form.fields.get("wait_for_customer") == "on"
    text = form.fields.get("text", "")
    rules = runtime.workspace.config.attachments

    def work() -> object:
        files = [rules.accept(name, content) for name, content in form.files]
        return runtime.agents.do_send_reply(
            CaseId(case_id), text, actor=staff.user, wait_for_customer=wait, attachments=files
        )

    return _attempt(staff, runtime, f"/console/cases/{case_id}", "Reply sent.", work)


@router.get("/attachments/{attachment_id}")
def attachment(attachment_id: str, runtime: RuntimeDep, staff: ViewerDep) -> Response:
    """A file of a case's transcript, for agents."""
    with runtime.db.transaction() as repo:
        found, content = repo.get_attachment(attachment_id)
    return attachment_response(found, content)


@router.post("/cases/{case_id}/note")
def note(case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Add an internal note."""
    text = form.get("text", "")
    work = partial(runtime.agents.do_add_note, CaseId(case_id), text, actor=staff.user)
    return _attempt(staff, runtime, f"/console/cases/{case_id}", "Note added.", work)


@router.post("/cases/{case_id}/tags")
def tag(case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Put a tag on the case, or take one off (``remove``)."""
    remove = bool(form.get("remove"))
    text = form.get("remove") or form.get("tag", "")
    work = partial(
        runtime.agents.do_tag_case, CaseId(case_id), text, actor=staff.user, remove=remove
    )
    done = "Tag removed." if remove else "Tag added."
    return _attempt(staff, runtime, f"/console/cases/{case_id}", done, work)


@router.post("/cases/{case_id}/reassign")
def reassign(case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Give the case to another agent or queue (no agent: back to the queue)."""
    agent = form.get("agent") or None
    queue = form.get("queue") or None
    work = partial(
        runtime.agents.do_reassign_case, CaseId(case_id), agent=agent, queue=queue, actor=staff.user
    )

    return _attempt(staff, runtime, f"/console/cases/{case_id}", "Case reassigned.", work)


@router.post("/cases/{case_id}/priority")
def priority(case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Change the case's priority."""
    value = form.get("priority", "")
    work = partial(runtime.agents.do_change_priority, CaseId(case_id), value, actor=staff.user)
    return _attempt(staff, runtime, f"/console/cases/{case_id}", "Priority changed.", work)


@router.post("/cases/{case_id}/resolve")
def resolve(case_id: str, runtime: RuntimeDep, staff: PosterDep) -> Response:
    """Mark the case resolved."""
    work = partial(runtime.agents.do_resolve_case, CaseId(case_id), actor=staff.user)
    return _attempt(staff, runtime, f"/console/cases/{case_id}", "Case resolved.", work)


@router.post("/cases/{case_id}/hand-back")
def hand_back(case_id: str, runtime: RuntimeDep, staff: PosterDep) -> Response:
    """Return the case to the automation."""
    work = partial(runtime.agents.do_hand_back_case, CaseId(case_id), actor=staff.user)
    return _attempt(
        staff, runtime, f"/console/cases/{case_id}", "Handed back to the automation.", work
    )


@router.post("/cases/{case_id}/actions")
def run_action(case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Run one of the business's actions through the guard, as the agent."""
    path = f"/console/cases/{case_id}"
    action = form.get("action", "")
    try:
        args = json.loads(form.get("args") or "{}")
    except json.JSONDecodeError as exc:
        _flashes.put(staff, "error", f"The arguments are not valid JSON: {exc.msg}.")
        return _back(path)
    if not isinstance(args, dict):
        _flashes.put(staff, "error", "The arguments must be a JSON object.")
        return _back(path)
    try:
        outcome = runtime.agents.do_run_action(CaseId(case_id), action, args, actor=staff.user)
    except DeskpilotError as exc:
        if exc.status == 403 and not isinstance(exc, NotHolder):
            return _refused(staff, runtime, exc, path)
        if exc.status == 401:
            raise
        _flashes.put(staff, "error", exc.message)
        return _back(path)
    if outcome.ok:
        _flashes.put(staff, "ok", f"{action.replace('_', ' ')}: done.")
    else:
        reason = outcome.refusal_reason or outcome.refusal_code or "refused"
        _flashes.put(staff, "error", f"{action}: {outcome.status.value} — {reason}")
    return _back(path)


def _action_spec(runtime: ConsoleRuntime, action: str) -> ActionSpec | None:
    offered = {
        s.name: s
        for s in runtime.actions.registry.specs()
        if s.side_effect is SideEffect.WRITE or s.identifies
    }
    return offered.get(action)


def _action_form(
    runtime: ConsoleRuntime, staff: Staff, case_id: str, action: str, prefill: dict[str, Any]
) -> tuple[Case, ActionSpec, list[FormField], CustomerContext] | None:
    spec = _action_spec(runtime, action)
    if spec is None:
        return None
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(CaseId(case_id))
    known = customer_context(runtime.actions, runtime.desk, case, staff.user)
    return case, spec, action_fields(spec, known.focus, known.every, prefill), known


@router.get("/cases/{case_id}/act", response_class=HTMLResponse)
def action_form_page(case_id: str, request: Request, runtime: RuntimeDep) -> Response:
    """An action's form: its arguments as fields, the customer's records as choices."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    if staff.user.role is None:
        return render("forbidden.html", 403, **_page(staff, runtime))
    action = request.query_params.get("action", "")
    prefill: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key.startswith(PREFIX):
            name = key.removeprefix(PREFIX)
            prefill[name] = (
                [*prefill[name], value]
                if isinstance(prefill.get(name), list)
                else ([prefill[name], value] if name in prefill else value)
            )
    built = _action_form(runtime, staff, case_id, action, prefill)
    if built is None:
        _flashes.put(staff, "error", f"There is no action {action!r} to run from the console.")
        return _back(f"/console/cases/{case_id}")
    case, spec, fields, _ = built
    return render(
        "action.html", **_page(staff, runtime, case=case, spec=spec, fields=fields, step="fill")
    )


@router.post("/cases/{case_id}/act", response_class=HTMLResponse)
def action_confirm_page(
    case_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormListsDep
) -> Response:
    """The filled form read back: the exact effect, what the guard says now, and a button that
    runs it (nothing runs before that)."""
    action = (form.get("action") or [""])[-1]
    built = _action_form(runtime, staff, case_id, action, {})
    if built is None:
        _flashes.put(staff, "error", f"There is no action {action!r} to run from the console.")
        return _back(f"/console/cases/{case_id}")
    case, spec, fields, known = built
    try:
        args = read_fields(fields, form)
        runtime.actions.parse_args(spec, args)  # the action's own schema, before any review
    except (InputError, ActionError) as exc:
        filled = action_fields(spec, known.focus, known.every, _filled(fields, form))
        context = {"case": case, "spec": spec, "fields": filled, "step": "fill"}
        return render("action.html", 422, **_page(staff, runtime, error=exc.message, **context))
    namer = Namer(known.every)
    ctx = GuardContext(case=case, actor=staff.user.actor, role=guard_role(staff.user))
    verdict = runtime.actions.preview(action, args, ctx)
    return render(
        "action.html",
        **_page(
            staff,
            runtime,
            case=case,
            spec=spec,
            step="confirm",
            args=args,
            effect=[(f.label, namer.value(f.name, args[f.name])) for f in fields if f.name in args],
            verdict=verdict,
        ),
    )


def _filled(fields: list[FormField], form: dict[str, list[str]]) -> dict[str, Any]:
    """What the agent typed or picked, to show the form again."""
    return {
        f.name: form[f.input_name] if f.kind == "choices" else form[f.input_name][-1]
        for f in fields
        if form.get(f.input_name)
    }


@router.post("/drafts/{draft_id}/review")
def review_draft(draft_id: str, runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Approve (as is or edited) or reject a draft reply."""
    approve = form.get("decision") == "approve"
    text = form.get("text") if approve else None
    back = _within_console(form.get("next"))

    work = partial(
        runtime.drafts.do_review_draft,
        DraftId(draft_id),
        approve=approve,
        text=text,
        actor=staff.user,
    )
    done = "Draft sent to the customer." if approve else "Draft rejected."
    return _attempt(staff, runtime, back, done, work)


# -- live updates ----------------------------------------------------------------------------
# -- API keys (admins) -------------------------------------------------------------------------
def _keys_page(staff: Staff, runtime: ConsoleRuntime, **context: Any) -> Response:
    if staff.user.role is None or not staff.user.role.allows(StaffRole.ADMIN):
        return render("forbidden.html", 403, **_page(staff, runtime, needs="admin"))
    scopes = [s.value for s in ApiScope]
    keys = runtime.api_keys.list()
    return render("api_keys.html", **_page(staff, runtime, keys=keys, scopes=scopes, **context))


@router.get("/api-keys", response_class=HTMLResponse)
def api_keys_page(request: Request, runtime: RuntimeDep) -> Response:
    """The API keys for server-to-server use: create, see when each was last used, revoke."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    return _keys_page(staff, runtime)


@router.post("/api-keys", response_class=HTMLResponse)
def create_api_key(runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Create a key and show it on the page, this once."""
    admin = staff.require(StaffRole.ADMIN)
    scopes = [s.value for s in ApiScope if form.get(f"scope_{s.value}")]
    try:
        key, secret = runtime.api_keys.do_create(form.get("name", ""), scopes, actor=admin.actor)
    except InputError as exc:
        return _keys_page(staff, runtime, error=exc.message)
    return _keys_page(staff, runtime, created=key, secret=secret)


@router.post("/api-keys/{key_id}/revoke")
def revoke_api_key(key_id: str, runtime: RuntimeDep, staff: PosterDep) -> Response:
    """Revoke a key: requests with it get 401 from now on."""
    admin = staff.require(StaffRole.ADMIN)
    return _attempt(
        staff,
        runtime,
        "/console/api-keys",
        f"API key {key_id} revoked.",
        lambda: runtime.api_keys.do_revoke(key_id, actor=admin.actor),
    )


# -- personal data (admins) --------------------------------------------------------------------
def _privacy_page(staff: Staff, runtime: ConsoleRuntime, who: str = "", **context: Any) -> Response:
    if staff.user.role is None or not staff.user.role.allows(StaffRole.ADMIN):
        return render("forbidden.html", 403, **_page(staff, runtime, needs="admin"))
    subject = None
    if who.strip() and "erased" not in context:
        try:
            subject = runtime.privacy.find(who)
        except NotFoundError as exc:
            context.setdefault("error", exc.message)
    return render("privacy.html", **_page(staff, runtime, who=who, subject=subject, **context))


@router.get("/privacy", response_class=HTMLResponse)
def privacy_page(request: Request, runtime: RuntimeDep, who: str = "") -> Response:
    """Find a customer's data by id, the business's user id or a handle; export or erase it."""
    staff = optional_staff(request)
    if staff is None:
        return _back("/console/login")
    return _privacy_page(staff, runtime, who[:320])


@router.post("/privacy/export")
def privacy_export(runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Everything held about the customer, as a JSON download (the export is logged)."""
    admin = staff.require(StaffRole.ADMIN)
    who = form.get("who", "")
    exported = runtime.privacy.do_export(who, actor=admin.actor)
    body = json.dumps(exported, indent=2, ensure_ascii=False, default=str)
    name = "".join(ch if ch.isalnum() else "-" for ch in who)[:60] or "customer"
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="deskpilot-{name}.json"'},
    )


@router.post("/privacy/erase", response_class=HTMLResponse)
def privacy_erase(runtime: RuntimeDep, staff: PosterDep, form: FormDep) -> Response:
    """Erase the customer's data once the admin typed who it is again."""
    admin = staff.require(StaffRole.ADMIN)
    who = form.get("who", "")
    if form.get("confirm", "").strip() != who.strip():
        error = "Type the customer exactly as searched to confirm the erasure."
        return _privacy_page(staff, runtime, who, error=error)
    erased = runtime.erase_customer(who, actor=admin.actor)
    return _privacy_page(staff, runtime, who, erased=erased)


@router.get("/events")
async def events(request: Request, runtime: RuntimeDep, staff: ViewerDep) -> StreamingResponse:
    """Server-sent events: cases, messages, drafts and SLA alerts as they happen (after the
    ``Last-Event-ID`` a reconnecting browser sends, the ones it missed first)."""
    last = request.headers.get("last-event-id")
    return sse_response(runtime.live.subscribe(CONSOLE, last_event_id=last))
