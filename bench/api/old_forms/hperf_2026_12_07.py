"""The request path before 2026-12-07's lean route for the chat turn, for ``bench/api/alternate.py
--through app``: the lane taken out of the app's routes, so FastAPI's route serves every turn.

    .venv/bin/python bench/api/alternate.py bench/api/old_forms/hperf_2026_12_07.py --through app
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskpilot.api._lane import Lane

TURN = "/v1/conversations/{conversation_id}/messages"


def old(app: Any) -> Callable[[], None]:
    """Take the lane out of ``app``'s routes; the function that puts it back in its place."""
    routes = app.router.routes
    (where,) = [i for i, r in enumerate(routes) if isinstance(r, Lane) and r.path == TURN]
    lane = routes.pop(where)

    def undo() -> None:
        routes.insert(where, lane)

    return undo
