"""The agents' side of DeskPilot: their actions on cases, the review of draft replies, console
accounts and the views the pages show. Routing hand-offs and their SLA clocks are
``deskpilot.handoff`` (``HandoffDesk``); live updates are ``deskpilot.live``.

The server-rendered pages are in ``deskpilot.console.pages``; the JSON API for agents is
``deskpilot.api.agents``. See ``docs/console.md``.
"""

from deskpilot.console._assist import (
    Assist,
    AssistProvider,
    CaseFacts,
    LexicalAssist,
    case_facts,
)
from deskpilot.console._desk import AgentDesk
from deskpilot.console._drafts import DraftDesk
from deskpilot.console._http import (
    ApiStaffDep,
    ConsoleRuntime,
    PosterDep,
    UploadForm,
    UploadFormDep,
    ViewerDep,
    attachment_response,
    clear_session_cookie,
    optional_staff,
    set_session_cookie,
)
from deskpilot.console._keys import ApiKeys, parse_scopes
from deskpilot.console._security import (
    Forbidden,
    Unauthenticated,
    hash_password,
    new_token,
    token_hash,
    tokens_match,
    verify_password,
)
from deskpilot.console._users import LoginThrottle, Staff, StaffDirectory
from deskpilot.console._views import (
    CaseView,
    QueueView,
    SlaView,
    TimelineItem,
    case_view,
    queue_views,
    sla_view,
    timeline,
)

__all__ = [
    "AgentDesk",
    "ApiKeys",
    "ApiStaffDep",
    "Assist",
    "AssistProvider",
    "CaseFacts",
    "CaseView",
    "ConsoleRuntime",
    "DraftDesk",
    "Forbidden",
    "LexicalAssist",
    "LoginThrottle",
    "PosterDep",
    "QueueView",
    "SlaView",
    "Staff",
    "StaffDirectory",
    "TimelineItem",
    "Unauthenticated",
    "UploadForm",
    "UploadFormDep",
    "ViewerDep",
    "attachment_response",
    "case_facts",
    "case_view",
    "clear_session_cookie",
    "hash_password",
    "new_token",
    "optional_staff",
    "parse_scopes",
    "queue_views",
    "set_session_cookie",
    "sla_view",
    "timeline",
    "token_hash",
    "tokens_match",
    "verify_password",
]
