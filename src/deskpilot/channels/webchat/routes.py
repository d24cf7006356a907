"""The web chat's HTTP surface: the widget's files, its API (``/v1/widget``), and the demo shop
page at ``/`` with the widget on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field

from deskpilot.channels._limits import PublicLimits
from deskpilot.channels.webchat._sessions import WebChat
from deskpilot.domain import WidgetSession
from deskpilot.domains import DomainPack, RecordStore
from deskpilot.live import LiveBus, conversation_topic, sse_response
from deskpilot.settings import Settings
from deskpilot.workspace import Workspace

STATIC = Path(__file__).resolve().parent / "static"


class WebChatRuntime(Protocol):
    """What the web chat's routes read of the process's runtime. ``deskpilot.runtime.Runtime``
    implements it; the channel cannot import that class, which is assembled from the channel."""

    settings: Settings
    workspace: Workspace
    store: RecordStore | None
    pack: DomainPack | None
    live: LiveBus
    webchat: WebChat
    limits: PublicLimits


def runtime_of(request: Request) -> WebChatRuntime:
    """The runtime the app was started with."""
    runtime: WebChatRuntime = request.app.state.runtime
    return runtime


router = APIRouter(tags=["web chat"])
RuntimeDep = Annotated[WebChatRuntime, Depends(runtime_of)]

_env = Environment(loader=FileSystemLoader(STATIC), autoescape=select_autoescape(["html"]))
_NO_CACHE = {"Cache-Control": "no-cache"}


def widget_session(request: Request, runtime: RuntimeDep) -> WidgetSession:
    """The session of the ``Authorization: Bearer <token>`` header (401 otherwise)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return runtime.webchat.session_for(token.strip() if scheme.lower() == "bearer" else None)


SessionDep = Annotated[WidgetSession, Depends(widget_session)]


class WidgetMessageIn(BaseModel):
    """A visitor's message; ``client_id`` (the browser's own id) makes a resend harmless."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)
    client_id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class WidgetMessageOut(BaseModel):
    """A message as the widget shows it."""

    id: str
    sender: str
    author: str
    text: str
    created_at: str


class SessionOut(BaseModel):
    """A new visitor session; keep ``token`` (it is the only key to the conversation)."""

    token: str
    messages: list[WidgetMessageOut]


class TranscriptOut(BaseModel):
    """The visitor's conversation."""

    messages: list[WidgetMessageOut]


class TurnOut(BaseModel):
    """The visitor's message and the replies; reconnect the stream if ``new_conversation``."""

    message: WidgetMessageOut
    replies: list[WidgetMessageOut]
    new_conversation: bool


def _out(payload: dict[str, object]) -> WidgetMessageOut:
    return WidgetMessageOut.model_validate(
        {k: payload[k] for k in ("id", "sender", "author", "text", "created_at")}
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def demo_shop(runtime: RuntimeDep) -> HTMLResponse:
    """The demo page with the widget embedded: on the demo data, the domain pack's tip names a
    real record to ask about and shows what the business offers."""
    tip = None
    if runtime.settings.store is None and runtime.pack is not None and runtime.store is not None:
        tip = runtime.store.read(runtime.pack.demo_hint)
    page = _env.get_template("shop.html").render(name=runtime.workspace.config.name, tip=tip)
    return HTMLResponse(page)


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> FileResponse:
    """The widget's script: ``<script src="/widget.js" defer></script>`` embeds it."""
    return FileResponse(STATIC / "widget.js", media_type="text/javascript", headers=_NO_CACHE)


@router.get("/widget.css", include_in_schema=False)
def widget_css() -> FileResponse:
    """The widget's styles (the script adds them)."""
    return FileResponse(STATIC / "widget.css", media_type="text/css", headers=_NO_CACHE)


class SessionIn(BaseModel):
    """How a visitor's session starts: optionally as the business site's logged-in customer."""

    model_config = ConfigDict(extra="forbid")
    identity: str | None = Field(
        None,
        min_length=1,
        max_length=400,
        description="<user id>.<expiry>.<signature>, signed by the business's site",
    )


@router.post("/v1/widget/sessions", status_code=201, response_model=SessionOut)
def start_session(
    request: Request, runtime: RuntimeDep, body: SessionIn | None = None
) -> SessionOut:
    """Start a visitor session: a conversation and the token that alone opens it; with a
    signed identity the case starts verified as the business's logged-in customer."""
    runtime.limits.opening(request)
    identity = body.identity if body is not None else None
    session, token = runtime.webchat.do_start_session(identity)
    messages = [_out(m) for m in runtime.webchat.messages(session)]
    return SessionOut(token=token, messages=messages)


@router.get("/v1/widget/messages", response_model=TranscriptOut)
def read_messages(runtime: RuntimeDep, session: SessionDep) -> TranscriptOut:
    """The visitor's conversation (after a page reload)."""
    return TranscriptOut(messages=[_out(m) for m in runtime.webchat.messages(session)])


@router.post("/v1/widget/messages", status_code=201, response_model=TurnOut)
def send_message(body: WidgetMessageIn, runtime: RuntimeDep, session: SessionDep) -> TurnOut:
    """Send the visitor's message; the bot's replies come back (an agent's come on the stream)."""
    runtime.limits.message(session.id)
    reply = runtime.webchat.do_send_message(session, body.text, body.client_id)
    return TurnOut(
        message=_out(reply.message),
        replies=[_out(r) for r in reply.replies],
        new_conversation=reply.new_conversation,
    )


@router.get("/v1/widget/events", include_in_schema=False)
async def events(runtime: RuntimeDep, session: SessionDep) -> StreamingResponse:
    """Server-sent events of the visitor's conversation: new messages from the bot and agents."""
    return sse_response(runtime.live.subscribe(conversation_topic(session.conversation_id)))
