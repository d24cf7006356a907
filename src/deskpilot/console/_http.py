"""Request plumbing shared by the console pages and the agents' JSON API: the runtime as the
console sees it, the session cookie, form bodies, CSRF checks and the role a request needs.

The cookie holds a signed random session id (``HttpOnly``, ``SameSite=Lax``); the session's
CSRF token travels in a hidden form field (pages) or the ``X-CSRF-Token`` header (JSON API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Protocol
from urllib.parse import parse_qs, quote

from fastapi import Depends, Request, Response

from deskpilot.actions import ActionLayer
from deskpilot.console._assist import AssistProvider
from deskpilot.console._desk import AgentDesk
from deskpilot.console._drafts import DraftDesk
from deskpilot.console._keys import ApiKeys
from deskpilot.console._security import Unauthenticated
from deskpilot.console._users import Staff, StaffDirectory
from deskpilot.domain import Attachment, Desk, StaffRole
from deskpilot.errors import InputError, TooLarge
from deskpilot.handoff import Clock, HandoffDesk, RoutingConfig
from deskpilot.knowledge import HelpCenterIndex
from deskpilot.live import CaseViewers, LiveBus
from deskpilot.settings import Settings
from deskpilot.store import Database, Erasure, PrivacyDesk
from deskpilot.workspace import Workspace

COOKIE = "dp_session"
LOGIN_COOKIE = "dp_login"
CSRF_HEADER = "X-CSRF-Token"
MAX_FORM_BYTES = 64_000
# Files one form may carry (a message's attachments).
MAX_FILES = 5


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
    knowledge: HelpCenterIndex | None
    # Who has which case open (across processes with Redis).
    viewers: CaseViewers

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


@dataclass(frozen=True)
class UploadForm:
    """A form that may carry files: its text fields (the last value of each name) and its
    chosen files as (name, bytes); checking them is ``AttachmentsConfig.accept``'s job."""

    fields: dict[str, str]
    files: list[tuple[str, bytes]] = field(default_factory=list)


async def upload_form(request: Request) -> UploadForm:
    """A ``multipart/form-data`` body (or a plain form, which has no files). A body longer than
    the workspace's largest file and a form's text is refused before it is read, and no file
    is read past that size."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        return UploadForm(await form_fields(request))
    if not kind.startswith("multipart/form-data"):
        raise InputError("expected a form (multipart/form-data)")
    largest = runtime_of(request).workspace.config.attachments.max_bytes
    try:
        length = int(request.headers["content-length"])
    except (KeyError, ValueError) as exc:
        raise InputError("a form with files needs its length (Content-Length)") from exc
    if length > largest + MAX_FORM_BYTES:
        raise TooLarge(
            f"the upload is {length} bytes; files of at most {largest} bytes are accepted",
            size=length,
            max_bytes=largest,
        )
    form = await request.form(max_files=MAX_FILES, max_fields=50)
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for name, value in form.multi_items():
        if isinstance(value, str):
            fields[name] = value
        elif name == "file" and (value.filename or value.size):
            # read one byte past the limit: enough to tell "too large" without reading it all
            files.append((value.filename or "", await value.read(largest + 1)))
    await form.close()
    return UploadForm(fields, files)


UploadFormDep = Annotated[UploadForm, Depends(upload_form)]


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


def attachment_response(attachment: Attachment, content: bytes) -> Response:
    """A stored file as sent back to whoever may read it: its sniffed type, never sniffed again
    by the browser, shown in place only when it is a picture, and run nowhere (a sandbox CSP)."""
    disposition = "inline" if attachment.is_image else "attachment"
    ascii_name = attachment.filename.encode("ascii", "replace").decode("ascii").replace('"', "_")
    return Response(
        content,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": (
                f'{disposition}; filename="{ascii_name}"; '
                f"filename*=UTF-8''{quote(attachment.filename, safe='')}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=3600",
        },
    )
