"""Request plumbing shared by the console pages and the agents' JSON API: the runtime as the
console sees it, the session cookie, form bodies, CSRF checks and the role a request needs.

The cookie holds a signed random session id (``HttpOnly``, ``SameSite=Lax``); the session's
CSRF token travels in a hidden form field (pages) or the ``X-CSRF-Token`` header (JSON API).
"""

from __future__ import annotations

from typing import Annotated, Protocol
from urllib.parse import parse_qs

from fastapi import Depends, Request, Response

from deskpilot.actions import ActionLayer
from deskpilot.console._assist import AssistProvider
from deskpilot.console._desk import AgentDesk
from deskpilot.console._drafts import DraftDesk
from deskpilot.console._keys import ApiKeys
from deskpilot.console._security import Unauthenticated
from deskpilot.console._users import Staff, StaffDirectory
from deskpilot.domain import Desk, StaffRole
from deskpilot.errors import InputError
from deskpilot.handoff import Clock, HandoffDesk, RoutingConfig
from deskpilot.knowledge import KnowledgeIndex
from deskpilot.live import LiveBus
from deskpilot.settings import Settings
from deskpilot.store import Database, Erasure, PrivacyDesk
from deskpilot.workspace import Workspace

COOKIE = "dp_session"
LOGIN_COOKIE = "dp_login"
CSRF_HEADER = "X-CSRF-Token"
MAX_FORM_BYTES = 64_000


class ConsoleRuntime(Protocol):
    """What the console reads of the process's runtime. ``deskpilot.runtime.Runtime`` implements
    it; the console cannot import that class, which is assembled from the console's desks."""

    settings: Settings
    db: Database
    workspace: Workspace
    actions: ActionLayer
    routing: RoutingConfig
    clock: Clock
    live: LiveBus
    handoff: HandoffDesk
    agents: AgentDesk
    drafts: DraftDesk
    staff: StaffDirectory
    api_keys: ApiKeys
    privacy: PrivacyDesk
    # The agent assist of the case page, and the help center (None: the workspace has none).
    assist: AssistProvider
    knowledge: KnowledgeIndex | None

    @property
    def desk(self) -> Desk | None:
        """What the case page shows of a customer, as the business declares it (None: the
        page shows no profile or records)."""
        ...

    def erase_customer(self, who: str, *, actor: str) -> Erasure:
        """Erase everything held about ``who``, closing what people held of it."""
        ...


def runtime_of(request: Request) -> ConsoleRuntime:
    """The runtime the app was started with."""
    runtime: ConsoleRuntime = request.app.state.runtime
    return runtime


async def form_fields(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body as a dict (the last value of each name)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise InputError("expected a form (application/x-www-form-urlencoded)")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise InputError(f"a form may hold at most {MAX_FORM_BYTES} bytes")
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[-1] for name, values in parsed.items()}


FormDep = Annotated[dict[str, str], Depends(form_fields)]


async def form_lists(request: Request) -> dict[str, list[str]]:
    """The form's body with every value of each name (checkboxes, multiple choices)."""
    await form_fields(request)  # the same checks
    body = await request.body()
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


FormListsDep = Annotated[dict[str, list[str]], Depends(form_lists)]


def optional_staff(request: Request) -> Staff | None:
    """The logged-in person, or None."""
    return runtime_of(request).staff.staff_for(request.cookies.get(COOKIE))


def viewing_staff(request: Request) -> Staff:
    """The logged-in person with a role (401 without a session, 403 without a role)."""
    staff = optional_staff(request)
    if staff is None:
        raise Unauthenticated("log in to the console first")
    staff.require(StaffRole.AGENT)
    return staff


def session_staff(request: Request, form: FormDep) -> Staff:
    """A console form's sender with the session's CSRF token, whatever their role (logout)."""
    staff = optional_staff(request)
    if staff is None:
        raise Unauthenticated("log in to the console first")
    staff.check_csrf(form.get("csrf_token"))
    return staff


def posting_staff(request: Request, form: FormDep) -> Staff:
    """A console form's sender: logged in, the session's CSRF token in the form, a role."""
    staff = optional_staff(request)
    if staff is None:
        raise Unauthenticated("log in to the console first")
    staff.check_csrf(form.get("csrf_token"))
    staff.require(StaffRole.AGENT)
    return staff


def api_staff(request: Request) -> Staff:
    """A JSON API caller: logged in; for a change, the CSRF token in ``X-CSRF-Token``."""
    staff = optional_staff(request)
    if staff is None:
        raise Unauthenticated("log in first: POST /v1/agent/session")
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        staff.check_csrf(request.headers.get(CSRF_HEADER))
    staff.require(StaffRole.AGENT)
    return staff


ViewerDep = Annotated[Staff, Depends(viewing_staff)]
PosterDep = Annotated[Staff, Depends(posting_staff)]
SessionDep = Annotated[Staff, Depends(session_staff)]
ApiStaffDep = Annotated[Staff, Depends(api_staff)]


def set_session_cookie(response: Response, request: Request, staff: Staff) -> None:
    """Send the session cookie: Secure whenever the request came over HTTPS (behind a proxy,
    as its X-Forwarded-Proto says to the server), or when configured."""
    settings = runtime_of(request).settings
    secure = settings.cookie_secure or request.url.scheme == "https"
    response.set_cookie(
        COOKIE,
        staff.cookie,
        max_age=settings.session_max_age_seconds,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Forget the session cookie in the browser."""
    response.delete_cookie(COOKIE, path="/")
