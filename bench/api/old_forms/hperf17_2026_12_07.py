"""The form before 2026-12-07's perf17 cut, for ``bench/api/alternate.py``: the intent scorer
keeps the classifier's readings by text only, not also by what the classifier reads of a text
(``ClassifierIntentScorer``'s ``reading_key``), so a message worded like one read before, for
another order, is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskpilot.nlu.understander import ClassifierIntentScorer, NluUnderstander

# the understanding, where the cut is spent
STAGES = ((NluUnderstander, "understand"),)


def _scorer(runtime: Any) -> ClassifierIntentScorer:
    scorer = runtime.pipeline.understander.score_intents
    while not isinstance(scorer, ClassifierIntentScorer):
        scorer = scorer.scorer
    return scorer


def old(runtime: Any) -> Callable[[], None]:
    """Read by text only; the function that keeps readings by key again."""
    scorer = _scorer(runtime)
    key = scorer._key
    scorer._key = None

    def undo() -> None:
        scorer._key = key

    return undo
