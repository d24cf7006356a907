"""The intent classifier's role as a Protocol, and the prediction it returns.

Implementations live in ``deskpilot.nlu.intents`` (``TfidfIntentClassifier``,
``EmbeddingIntentClassifier``, ``EnsembleIntentClassifier``); the pipeline and the CLI only see
this Protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from deskpilot.domain import IntentScore

ProgressCallback = Callable[[str, float], None]
"""Called during training with a step name and the fraction of the work done (0.0 to 1.0)."""


@dataclass(frozen=True)
class IntentPrediction:
    """Ranked in-scope intents with calibrated confidences, and the out-of-scope verdict.

    ``intents`` never contains the out-of-scope label; their confidences are probabilities that
    the intent is the right one (they sum to at most 1, the rest being the out-of-scope share).
    ``oos_score`` grows with the evidence that the text is out of scope; ``out_of_scope`` is that
    score compared with the threshold fitted during training.
    """

    intents: tuple[IntentScore, ...]
    out_of_scope: bool
    oos_score: float

    @property
    def top(self) -> IntentScore | None:
        """The best-ranked intent, or None when the classifier knows no intent."""
        return self.intents[0] if self.intents else None


@runtime_checkable
class IntentClassifier(Protocol):
    """Learns intents from examples; ranks them with calibrated confidence; flags out-of-scope."""

    @property
    def intents(self) -> tuple[str, ...]:
        """The in-scope intent names learned by ``fit`` (sorted)."""
        ...

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> None:
        """Train on examples; rows labelled with the configured out-of-scope label teach OOS."""
        ...

    def predict(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        """For each text, the in-scope intents ranked by calibrated confidence, best first."""
        ...

    def classify(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """For each text, the ranked intents together with the out-of-scope verdict."""
        ...
