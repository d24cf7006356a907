"""Loading a workspace folder into one validated, immutable ``Workspace``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskpilot.errors import WorkspaceError
from deskpilot.workspace._models import (
    Intent,
    IntentFile,
    PolicyFile,
    WorkspaceConfig,
)
from deskpilot.workspace._yaml import load_yaml_model


@dataclass(frozen=True)
class Workspace:
    """A business's automation, loaded from plain files and validated."""

    root: Path
    config: WorkspaceConfig
    intents: tuple[Intent, ...]
    policies: PolicyFile
    templates: dict[str, dict[str, str]] = field(default_factory=dict)

    def template(self, name: str, language: str) -> str:
        """The source of reply template ``name`` in ``language`` (default language as fallback)."""
        for lang in (language, self.config.default_language):
            source = self.templates.get(lang, {}).get(name)
            if source is not None:
                return source
        raise WorkspaceError(
            f"templates/{language}/{name}.j2 is missing", template=name, language=language
        )


def _load_templates(root: Path, languages: list[str]) -> dict[str, dict[str, str]]:
    templates: dict[str, dict[str, str]] = {}
    base = root / "templates"
    for lang in languages:
        folder = base / lang
        if not folder.is_dir():
            continue
        templates[lang] = {
            p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.j2"))
        }
    return templates


def load_workspace(root: Path) -> Workspace:
    """Load and validate the workspace at ``root``; errors name the file, line and field."""
    if not root.is_dir():
        raise WorkspaceError(f"{root}: workspace folder not found", file=str(root))
    config = load_yaml_model(root / "deskpilot.yaml", WorkspaceConfig, root=root)
    intents: list[Intent] = []
    seen: dict[str, str] = {}
    for path in sorted((root / "intents").glob("*.yaml")):
        for intent in load_yaml_model(path, IntentFile, root=root).intents:
            rel = str(path.relative_to(root))
            if intent.name in seen:
                raise WorkspaceError(
                    f"{rel}: intent {intent.name!r} is already defined in {seen[intent.name]}",
                    file=rel,
                    field="intents.name",
                )
            seen[intent.name] = rel
            intents.append(intent)
    policy_path = root / "policies.yaml"
    policies = (
        load_yaml_model(policy_path, PolicyFile, root=root)
        if policy_path.exists()
        else PolicyFile()
    )
    _check_policies(policies)
    templates = _load_templates(root, config.languages)
    return Workspace(
        root=root, config=config, intents=tuple(intents), policies=policies, templates=templates
    )


def _check_policies(policies: PolicyFile) -> None:
    from deskpilot.policy import compile_rule

    for i, rule in enumerate(policies.rules):
        compile_rule(rule, where=f"policies.yaml: rules[{i}].when")
