"""Conversations: open one, post a customer message and get the replies, read it back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from deskpilot.api._deps import api_key, get_runtime
from deskpilot.api._lane import Lane
from deskpilot.api._schemas import (
    CaseOut,
    ConversationIn,
    ConversationOut,
    MessageIn,
    MessageOut,
    TurnOut,
    json_response,
)
from deskpilot.channels.webchat import CHANNEL as WEBCHAT_CHANNEL
from deskpilot.console import Forbidden
from deskpilot.domain import ApiScope
from deskpilot.runtime import Runtime

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
_WRITE = [Depends(api_key(ApiScope.CONVERSATIONS_WRITE))]
_READ = [Depends(api_key(ApiScope.CONVERSATIONS_READ))]


@router.post("", status_code=201, response_model=ConversationOut, dependencies=_WRITE)
def create_conversation(body: ConversationIn, runtime: RuntimeDep, request: Request) -> Response:
    """Open a conversation on a channel; a known handle joins the customer's open case (whoever
    writes in it is verified again). The web chat's conversations open only through its own
    session tokens (``/v1/widget``)."""
    if body.channel == WEBCHAT_CHANNEL:
        raise Forbidden(
            f"the {WEBCHAT_CHANNEL} channel opens conversations only through its widget "
            "session (POST /v1/widget/sessions)",
            channel=body.channel,
        )
    runtime.limits.opening(request)
    conversation = runtime.pipeline.do_start_conversation(body.channel, body.handle)
    return json_response(ConversationOut.of(conversation), 201)


@router.post(
    "/{conversation_id}/messages",
    status_code=201,
    response_model=TurnOut,
    responses={
        200: {"model": TurnOut, "description": "A duplicate: the stored replies"},
        202: {
            "model": TurnOut,
            "description": "stored, its turn queued for a worker that did not answer within "
            "the wait (DESKPILOT_TURNS=worker): no replies yet",
        },
    },
    dependencies=_WRITE,
)
def post_message(conversation_id: str, body: MessageIn, runtime: RuntimeDep) -> Response:
    """Post a customer message; the answer holds DeskPilot's replies and the case state.

    The message is stored before it is processed. Posting the same ``external_id`` again
    returns the stored replies (``duplicate: true``) without processing it twice.
    """
    runtime.limits.message(conversation_id)
    result = runtime.pipeline.do_receive_message(conversation_id, body.text, body.external_id)
    turn = TurnOut(
        message_id=result.message.id,
        duplicate=result.duplicate,
        replies=[MessageOut.of(m) for m in result.replies],
        case=CaseOut.of(result.case),
    )
    # 202: stored and queued for a worker that did not answer within the wait; the replies
    # come in the conversation (GET /v1/conversations/{id}).
    return json_response(turn, 200 if result.duplicate else 202 if result.queued else 201)


def _open(request: Request, body: ConversationIn, runtime: Runtime) -> Response:
    return create_conversation(body, runtime, request)


def _turn(request: Request, body: MessageIn, runtime: Runtime) -> Response:
    return post_message(request.path_params["conversation_id"], body, runtime)


def lanes() -> list[Lane]:
    """The lean routes of a conversation's opening and turns for well-formed requests, to be
    placed before ``router`` (``_lane.py``): the same endpoints, key scope and answers, without
    FastAPI's solving."""
    write = ApiScope.CONVERSATIONS_WRITE
    return [
        Lane(router.prefix, _open, ConversationIn, write),
        Lane(f"{router.prefix}/{{conversation_id}}/messages", _turn, MessageIn, write),
    ]


@router.get("/{conversation_id}", response_model=ConversationOut, dependencies=_READ)
def read_conversation(conversation_id: str, runtime: RuntimeDep) -> ConversationOut:
    """A conversation with its case state and every message."""
    with runtime.db.transaction() as repo:
        conversation = repo.get_conversation(conversation_id)
        case, _ = repo.get_case(conversation.case_id)
        messages = repo.list_messages(conversation.id)
    return ConversationOut.of(conversation, case, messages)
