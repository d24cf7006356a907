"""The request path before 2026-12-08's lean route for a conversation's opening, for
``bench/api/alternate.py --through app``: the opening's lane taken out of the app's routes, so
FastAPI's route serves every ``POST /v1/conversations`` (the turns keep theirs).

    .venv/bin/python bench/api/alternate.py bench/api/old_forms/hmem_2026_12_08.py --through app
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskpilot.api._lane import Lane

OPENING = "/v1/conversations"


def old(app: Any) -> Callable[[], None]:
    """Take the opening's lane out of ``app``'s routes; the function that puts it back."""
    routes = app.router.routes
    (where,) = [i for i, r in enumerate(routes) if isinstance(r, Lane) and r.path == OPENING]
    lane = routes.pop(where)

    def undo() -> None:
        routes.insert(where, lane)

    return undo
