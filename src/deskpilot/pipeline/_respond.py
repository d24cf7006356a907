"""Replies from the workspace's templates, rendered in a sandbox."""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from deskpilot.errors import WorkspaceError
from deskpilot.pipeline._protocols import ReplySpec
from deskpilot.workspace import Workspace


class TemplateResponder:
    """Renders ``templates/<language>/<name>.j2`` with sandboxed Jinja2; compiled once."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.env = SandboxedEnvironment(
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
        )
        self._cache: dict[tuple[str, str], object] = {}

    def render(self, reply: ReplySpec, language: str) -> str:
        """The reply's text; a broken template is a WorkspaceError naming it. A fact that is a
        reply itself, or a list of them (the findings of an audit, the notes before a
        question), is rendered first, in the same language, and filled in as its text."""
        facts = {name: self._filled(value, language) for name, value in reply.facts.items()}
        return self._render(reply.template, facts, language)

    def _filled(self, value: Any, language: str) -> Any:
        if isinstance(value, ReplySpec):
            return self.render(value, language)
        if (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(v, ReplySpec) for v in value)
        ):
            return [self.render(v, language) for v in value]
        return value

    def _render(self, name: str, facts: dict[str, Any], language: str) -> str:
        key = (name, language)
        template = self._cache.get(key)
        if template is None:
            source = self.workspace.template(name, language)
            try:
                template = self.env.from_string(source)
            except TemplateError as exc:
                raise WorkspaceError(
                    f"templates/{language}/{name}.j2: {exc}", template=name
                ) from exc
            self._cache[key] = template
        try:
            text = template.render(**facts)  # type: ignore[attr-defined]
        except TemplateError as exc:
            raise WorkspaceError(f"templates/{language}/{name}.j2: {exc}", template=name) from exc
        return " ".join(str(text).split())
