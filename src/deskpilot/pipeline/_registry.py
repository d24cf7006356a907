"""Named components for each pluggable stage, registered explicitly at start-up.

The engine's own components are registered by ``deskpilot.components.default_registry()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from deskpilot.errors import WorkspaceError
from deskpilot.pipeline._protocols import Decider, Responder, Understander
from deskpilot.workspace import Workspace

C = TypeVar("C")


@dataclass(frozen=True)
class BuildContext:
    """What a component may be built from: the workspace and the public catalogue its domain
    pack gives understanding to index (the store's products)."""

    workspace: Workspace
    catalogue: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: Path | None = None
    # The deployment's PostgreSQL database, when it runs on one: the help center is indexed
    # there (PostgreSQL full-text search) instead of in a SQLite file under ``cache_dir``.
    knowledge_database: str | None = None


@dataclass
class _Slot(Generic[C]):
    stage: str
    factories: dict[str, Callable[[BuildContext], C]] = field(default_factory=dict)

    def add(self, name: str, factory: Callable[[BuildContext], C]) -> None:
        if name in self.factories:
            raise ValueError(f"{self.stage} component {name!r} is registered twice")
        self.factories[name] = factory

    def build(self, name: str, context: BuildContext) -> C:
        try:
            factory = self.factories[name]
        except KeyError:
            raise WorkspaceError(
                f"deskpilot.yaml: pipeline.{self.stage}: unknown component {name!r}; "
                f"choose one of: {', '.join(sorted(self.factories))}",
                field=f"pipeline.{self.stage}",
            ) from None
        return factory(context)


@dataclass
class ComponentRegistry:
    """The components available for each stage, by name."""

    understand: _Slot[Understander] = field(default_factory=lambda: _Slot("understand"))
    decide: _Slot[Decider] = field(default_factory=lambda: _Slot("decide"))
    respond: _Slot[Responder] = field(default_factory=lambda: _Slot("respond"))
