"""The web chat widget: served by DeskPilot, embedded with one ``<script src="/widget.js">``.

A visitor's browser holds a random session token (in ``localStorage``); it is the only key to
their conversation. Replies from the bot and from agents arrive over a server-sent event stream.
See ``docs/console.md``.
"""

from deskpilot.channels.webchat._identity import SignedIdentity, sign_identity
from deskpilot.channels.webchat._sessions import CHANNEL, WebChat, WidgetReply
from deskpilot.channels.webchat.routes import WebChatRuntime

__all__ = [
    "CHANNEL",
    "SignedIdentity",
    "WebChat",
    "WebChatRuntime",
    "WidgetReply",
    "sign_identity",
]
