"""The web chat's HTTP surface: the widget's files, its API (``/v1/widget``), and the demo shop
page at ``/`` with the widget on it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field

from deskpilot.channels._limits import PublicLimits
from deskpilot.channels.webchat._feed import WidgetFeed
from deskpilot.channels.webchat._sessions import WebChat, WidgetReply
from deskpilot.console import UploadFormDep, attachment_response
from deskpilot.domain import WidgetSession
from deskpilot.domains import DomainPack, RecordStore
from deskpilot.errors import InputError
from deskpilot.live import CONSOLE, LiveBus, conversation_topic, sse_response
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


async def runtime_of(request: Request) -> WebChatRuntime:
    """The runtime the app was started with (``async``: FastAPI would run a plain function in
    the thread pool, a hand-off that costs more than reading an attribute)."""
    runtime: WebChatRuntime = request.app.state.runtime
    return runtime


router = APIRouter(tags=["web chat"])
RuntimeDep = Annotated[WebChatRuntime, Depends(runtime_of)]

_env = Environment(loader=FileSystemLoader(STATIC), autoescape=select_autoescape(["html"]))
_NO_CACHE = {"Cache-Control": "no-cache"}
MAX_TEXT = 5000
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def widget_session(request: Request, runtime: RuntimeDep) -> WidgetSession:
    """The session of the ``Authorization: Bearer <token>`` header (401 otherwise)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return runtime.webchat.session_for(token.strip() if scheme.lower() == "bearer" else None)


SessionDep = Annotated[WidgetSession, Depends(widget_session)]


class WidgetMessageIn(BaseModel):
    """A visitor's message; ``client_id`` (the browser's own id) makes a resend harmless."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    client_id: str | None = Field(None, min_length=1, max_length=64, pattern=CLIENT_ID.pattern)


class AttachmentOut(BaseModel):
    """A file sent with a message; its bytes are at ``GET /v1/widget/files/{id}``."""

    id: str
    filename: str
    content_type: str
    size: int


class WidgetMessageOut(BaseModel):
    """A message as the widget shows it (a message of files alone has empty ``text``)."""

    id: str
    sender: str
    author: str
    text: str
    created_at: str
    attachments: list[AttachmentOut] = []


class SessionOut(BaseModel):
    """A new visitor session; keep ``token`` (it is the only key to the conversation)."""

    token: str
    messages: list[WidgetMessageOut]


class TranscriptOut(BaseModel):
    """The visitor's conversation; ``held`` while a person holds its case (the bot is silent);
    once it is ``resolved`` and not yet ``rated``, the widget asks how it went."""

    messages: list[WidgetMessageOut]
    held: bool = False
    resolved: bool = False
    rated: bool = False


class TurnOut(BaseModel):
    """The visitor's message and the replies; reconnect the stream if ``new_conversation``.
    ``held`` while a person holds the case (the bot is silent); ``notice`` then says that the
    message arrived and the expected wait."""

    message: WidgetMessageOut
    replies: list[WidgetMessageOut]
    new_conversation: bool
    held: bool = False
    notice: str | None = None


class AttachmentRulesOut(BaseModel):
    """Which files a visitor may send: the largest size in bytes and the accepted types
    (empty: none)."""

    max_bytes: int
    types: list[str]


class WidgetConfigOut(BaseModel):
    """How the widget greets and looks, from the workspace's ``widget:`` section."""

    title: str
    greeting: str
    quick_replies: list[str]
    brand_color: str
    avatar: str | None
    satisfaction: bool
    attachments: AttachmentRulesOut


class RatingIn(BaseModel):
    """The visitor's answer to "how did we do?": 1 (poor) to 5 (excellent)."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=1, le=5)


class RatingOut(BaseModel):
    """The rating as recorded on the case (event ``satisfaction_rated``)."""

    score: int
    scale: int


def _out(payload: dict[str, object]) -> WidgetMessageOut:
    keys = ("id", "sender", "author", "text", "created_at", "attachments")
    return WidgetMessageOut.model_validate({k: payload[k] for k in keys if k in payload})


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


@router.get("/v1/widget/config", response_model=WidgetConfigOut)
def read_config(runtime: RuntimeDep) -> WidgetConfigOut:
    """The widget's greeting, quick replies, colour, title and avatar (public: no session)."""
    config = runtime.workspace.config
    widget = config.widget
    return WidgetConfigOut(
        title=widget.title or config.name,
        greeting=widget.greeting,
        quick_replies=widget.quick_replies,
        brand_color=widget.brand_color,
        avatar=widget.avatar,
        satisfaction=widget.satisfaction,
        attachments=AttachmentRulesOut.model_validate(config.attachments.summary()),
    )


@router.get("/v1/widget/messages", response_model=TranscriptOut)
def read_messages(runtime: RuntimeDep, session: SessionDep) -> TranscriptOut:
    """The visitor's conversation (after a page reload), and whether its case is resolved."""
    state = runtime.webchat.state(session)
    return TranscriptOut(
        messages=[_out(m) for m in state.messages],
        held=state.held,
        resolved=state.resolved,
        rated=state.rated,
    )


@router.post("/v1/widget/messages", status_code=201, response_model=TurnOut)
def send_message(body: WidgetMessageIn, runtime: RuntimeDep, session: SessionDep) -> TurnOut:
    """Send the visitor's message; the bot's replies come back (an agent's come on the stream)."""
    runtime.limits.message(session.id)
    reply = runtime.webchat.do_send_message(session, body.text, body.client_id)
    return _turn_out(reply)


_FILE_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "text": {"type": "string", "maxLength": MAX_TEXT},
                        "client_id": {"type": "string", "pattern": CLIENT_ID.pattern},
                    },
                }
            }
        },
    }
}


@router.post("/v1/widget/files", status_code=201, response_model=TurnOut, openapi_extra=_FILE_FORM)
def send_file(session: SessionDep, runtime: RuntimeDep, form: UploadFormDep) -> TurnOut:
    """Send the visitor's file (multipart: ``file``, with an optional ``text`` and
    ``client_id``): 413 too large, 415 of a type not accepted, 422 empty or missing. The type
    is read from the file's bytes; the session is checked before the body is read."""
    runtime.limits.message(session.id)
    if len(form.files) != 1:
        raise InputError(f"send one file as 'file'; found {len(form.files)}", field="file")
    text = form.fields.get("text", "")
    if len(text) > MAX_TEXT:
        raise InputError(f"text is {len(text)} characters; at most {MAX_TEXT} are accepted")
    client_id = form.fields.get("client_id") or None
    if client_id is not None and not CLIENT_ID.fullmatch(client_id):
        raise InputError("client_id is 1 to 64 letters, digits, '-' or '_'", field="client_id")
    name, content = form.files[0]
    upload = runtime.workspace.config.attachments.accept(name, content)
    reply = runtime.webchat.do_send_message(session, text, client_id, [upload])
    return _turn_out(reply)


@router.get("/v1/widget/files/{attachment_id}")
def read_file(attachment_id: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """A file of the visitor's conversation (sent by them or to them); any other is 404."""
    found, content = runtime.webchat.attachment(session, attachment_id)
    return attachment_response(found, content)


@router.post("/v1/widget/satisfaction", status_code=201, response_model=RatingOut)
def rate(body: RatingIn, runtime: RuntimeDep, session: SessionDep) -> RatingOut:
    """Rate the resolved conversation from 1 to 5, once (409 before resolution or twice)."""
    runtime.limits.message(session.id)
    return RatingOut.model_validate(runtime.webchat.do_rate_case(session, body.score))


@router.post("/v1/widget/typing", status_code=204)
def customer_typing(runtime: RuntimeDep, session: SessionDep) -> Response:
    """The visitor is typing: the console hears it (event ``typing`` on its stream)."""
    runtime.webchat.signal_typing(session)
    return Response(status_code=204)


@router.get("/v1/widget/events", include_in_schema=False)
async def events(request: Request, runtime: RuntimeDep, session: SessionDep) -> StreamingResponse:
    """Server-sent events of the visitor's conversation: new messages from the bot and agents,
    who is typing, and ``resolved`` when a person resolves the case (after the
    ``Last-Event-ID`` a reconnecting browser sends, the ones it missed first)."""
    with runtime.webchat.db.transaction() as repo:
        case_id = repo.get_conversation(session.conversation_id).case_id
    topic = conversation_topic(session.conversation_id)
    last = request.headers.get("last-event-id")
    subscription = runtime.live.subscribe(topic, CONSOLE, last_event_id=last)
    return sse_response(WidgetFeed(subscription, topic, case_id))


def _turn_out(reply: WidgetReply) -> TurnOut:
    """A turn of the widget as the API answers it: the customer's message and what followed."""
    return TurnOut(
        message=_out(reply.message),
        replies=[_out(r) for r in reply.replies],
        new_conversation=reply.new_conversation,
        held=reply.held,
        notice=reply.notice,
    )
