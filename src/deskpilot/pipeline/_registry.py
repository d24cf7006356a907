"""Named components for each pluggable stage, registered explicitly at start-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from deskpilot.errors import WorkspaceError
from deskpilot.pipeline._decide import BuiltinDecider
from deskpilot.pipeline._protocols import Decider, Responder, Understander
from deskpilot.pipeline._respond import TemplateResponder
from deskpilot.pipeline._understand import KeywordUnderstander
from deskpilot.workspace import Workspace

C = TypeVar("C")


@dataclass
class _Slot(Generic[C]):
    stage: str
    factories: dict[str, Callable[[Workspace], C]] = field(default_factory=dict)

    def add(self, name: str, factory: Callable[[Workspace], C]) -> None:
        if name in self.factories:
            raise ValueError(f"{self.stage} component {name!r} is registered twice")
        self.factories[name] = factory

    def build(self, name: str, workspace: Workspace) -> C:
        try:
            factory = self.factories[name]
        except KeyError:
            raise WorkspaceError(
                f"deskpilot.yaml: pipeline.{self.stage}: unknown component {name!r}; "
                f"choose one of: {', '.join(sorted(self.factories))}",
                field=f"pipeline.{self.stage}",
            ) from None
        return factory(workspace)


@dataclass
class ComponentRegistry:
    """The components available for each stage, by name."""

    understand: _Slot[Understander] = field(default_factory=lambda: _Slot("understand"))
    decide: _Slot[Decider] = field(default_factory=lambda: _Slot("decide"))
    respond: _Slot[Responder] = field(default_factory=lambda: _Slot("respond"))


def default_registry() -> ComponentRegistry:
    """A registry holding the built-in components."""
    registry = ComponentRegistry()
    registry.understand.add("keyword", KeywordUnderstander)
    registry.decide.add("builtin", lambda _ws: BuiltinDecider())
    registry.respond.add("template", TemplateResponder)
    return registry
