"""The registry of intent classifiers by name, filled explicitly by ``default_registry()``."""

from __future__ import annotations

from collections.abc import Callable

from deskpilot.errors import NLUError
from deskpilot.nlu._protocols import IntentClassifier
from deskpilot.nlu.intents._classifier import (
    EmbeddingIntentClassifier,
    EnsembleIntentClassifier,
    TfidfIntentClassifier,
)
from deskpilot.nlu.intents._config import ClassifierConfig

ClassifierFactory = Callable[[ClassifierConfig], IntentClassifier]


class ClassifierRegistry:
    """Names to factories; ``create`` raises ``NLUError`` listing the valid names."""

    def __init__(self) -> None:
        self._factories: dict[str, ClassifierFactory] = {}

    def register(self, name: str, factory: ClassifierFactory) -> None:
        """Add a classifier under ``name``; a name can be registered once."""
        if name in self._factories:
            raise NLUError(f"expected a new classifier name, found {name!r} already registered")
        self._factories[name] = factory

    @property
    def names(self) -> tuple[str, ...]:
        """The registered names, sorted."""
        return tuple(sorted(self._factories))

    def create(self, name: str, config: ClassifierConfig | None = None) -> IntentClassifier:
        """A new, untrained classifier of kind ``name``."""
        factory = self._factories.get(name)
        if factory is None:
            raise NLUError(
                f"unknown intent classifier {name!r}; expected one of: {', '.join(self.names)}",
                valid=list(self.names),
            )
        return factory(config or ClassifierConfig())


def default_registry() -> ClassifierRegistry:
    """A registry holding the built-in ``tfidf``, ``embedding`` and ``ensemble`` classifiers."""
    registry = ClassifierRegistry()
    registry.register("tfidf", TfidfIntentClassifier)
    registry.register("embedding", EmbeddingIntentClassifier)
    registry.register("ensemble", EnsembleIntentClassifier)
    return registry
