"""The forms before 2026-12-06's hpipe cuts, for ``bench/api/alternate.py``.

Each cut can be put back alone by naming it: ``HPIPE_OLD=cel,together,memory`` (the default:
all three). ``cel``: a flow's CEL expression given the whole context; ``together``: a message
and its parts read by the classifier one call each; ``memory``: the readings of the last 8 texts
kept, all dropped when full, and no memory of short answers apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from deskpilot.flows._engine import FlowDecider
from deskpilot.nlu import understander
from deskpilot.nlu.understander import NluUnderstander
from deskpilot.policy import CelExpression

STAGES = ((NluUnderstander, "understand"), (FlowDecider, "decide"))


def _whole_context(self: CelExpression, context: Any) -> Any:
    return self.program.execute(dict(context))


def _one_call_each(self: Any, texts: Any) -> None:
    return None


def _eight_dropped_when_full(self: Any, text: str, reading: Any) -> None:
    last = self._read._by_text
    if len(last) >= 8:
        last.clear()
    last[text] = reading


def _last_eight_only(self: Any, text: str) -> Any:
    return self._read._by_text.get(text)


def old(runtime: Any) -> Callable[[], None]:
    """Put the named old forms back; the function that takes them out again."""
    wanted = set(os.environ.get("HPIPE_OLD", "cel,together,memory").split(","))
    patches = {
        "cel": (CelExpression, "execute", _whole_context),
        "together": (understander.ClassifierIntentScorer, "read_together", _one_call_each),
        "memory": (understander.ClassifierIntentScorer, "_remember", _eight_dropped_when_full),
        "memory ": (understander.ClassifierIntentScorer, "_remembered", _last_eight_only),
    }
    saved = []
    for name, (owner, attr, func) in patches.items():
        if name.strip() in wanted:
            saved.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, func)

    def undo() -> None:
        for owner, attr, func in saved:
            setattr(owner, attr, func)

    return undo
