"""Replies from the workspace's templates, rendered in a sandbox."""

from __future__ import annotations

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
        """The reply's text; a broken template is a WorkspaceError naming it."""
        key = (reply.template, language)
        template = self._cache.get(key)
        if template is None:
            source = self.workspace.template(reply.template, language)
            try:
                template = self.env.from_string(source)
            except TemplateError as exc:
                raise WorkspaceError(
                    f"templates/{language}/{reply.template}.j2: {exc}", template=reply.template
                ) from exc
            self._cache[key] = template
        try:
            text = template.render(**reply.facts)  # type: ignore[attr-defined]
        except TemplateError as exc:
            raise WorkspaceError(
                f"templates/{language}/{reply.template}.j2: {exc}", template=reply.template
            ) from exc
        return " ".join(str(text).split())
