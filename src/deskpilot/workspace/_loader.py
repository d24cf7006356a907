"""Loading a workspace folder into one validated, immutable ``Workspace``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskpilot.errors import WorkspaceError
from deskpilot.policy import compile_rule
from deskpilot.workspace._flow_models import FlowFile, FlowSpec
from deskpilot.workspace._lexicon import Lexicon, workspace_lexicon
from deskpilot.workspace._marks import MarkedText
from deskpilot.workspace._models import (
    Intent,
    IntentFile,
    PolicyFile,
    SlotsFile,
    VocabularyFile,
    WorkspaceConfig,
)
from deskpilot.workspace._replies import SavedReply, load_replies
from deskpilot.workspace._yaml import load_yaml_model


@dataclass(frozen=True)
class Workspace:
    """A business's automation, loaded from plain files and validated."""

    root: Path
    config: WorkspaceConfig
    intents: tuple[Intent, ...]
    policies: PolicyFile
    templates: dict[str, dict[str, str]] = field(default_factory=dict)
    flows: tuple[FlowSpec, ...] = ()
    vocabulary: VocabularyFile = field(default_factory=VocabularyFile)
    slots: SlotsFile = field(default_factory=SlotsFile)
    replies: tuple[SavedReply, ...] = ()
    # The words of spam, abuse and sentiment: the language's, with what the vocabulary adds.
    lexicon: Lexicon = field(default_factory=Lexicon)

    def marked_examples(self) -> tuple[MarkedText, ...]:
        """Every example with spans marked: in the intents and in ``slots.yaml``."""
        return tuple(e for e in self.span_examples() if e.marks)

    def span_examples(self) -> tuple[MarkedText, ...]:
        """What the span tagger learns from: every example of the workspace, its marks
        included; an intent's example without marks says where no kind's value is."""
        marked = {m.text: m for i in self.intents for m in i.marked}
        return (
            *(marked.get(e, MarkedText(e)) for i in self.intents for e in i.examples),
            *(m for k in self.slots.kinds.values() for m in k.marked),
        )

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
    flows = _load_flows(root, {i.name for i in intents})
    vocabulary_path = root / "vocabulary.yaml"
    vocabulary = (
        load_yaml_model(vocabulary_path, VocabularyFile, root=root)
        if vocabulary_path.exists()
        else VocabularyFile()
    )
    slots_path = root / "slots.yaml"
    slots = (
        load_yaml_model(slots_path, SlotsFile, root=root) if slots_path.exists() else SlotsFile()
    )
    workspace = Workspace(
        root=root,
        config=config,
        intents=tuple(intents),
        policies=policies,
        templates=templates,
        flows=flows,
        vocabulary=vocabulary,
        slots=slots,
        replies=load_replies(root),
        lexicon=workspace_lexicon(config.default_language, vocabulary.spam, vocabulary.sentiment),
    )
    _check_templates(workspace)
    _check_marks(workspace, seen)
    _check_categories(workspace)
    return workspace


def _check_categories(workspace: Workspace) -> None:
    """Every category ``never_automate`` names has words that put a message in it: without
    them no message would ever be handed to a person for it, silently."""
    words = workspace.vocabulary.categories
    for name in workspace.config.never_automate:
        category = words.get(name)
        if category is None or not (category.cues or category.denials.verbs):
            raise WorkspaceError(
                f"deskpilot.yaml: never_automate names category {name!r}, but vocabulary.yaml "
                f"gives it no words (categories.{name}.cues), so no message could ever be in it",
                file="deskpilot.yaml",
                field="never_automate",
            )


def _check_marks(workspace: Workspace, intent_files: dict[str, str]) -> None:
    """Every marked span names a slot kind of the workspace (declared in ``slots.yaml``, a
    choice of ``vocabulary.yaml`` or a flow slot's ``resolver:``), and a value it can take."""
    kinds = set(workspace.slots.kinds) | set(workspace.vocabulary.choices)
    kinds |= {s.resolver for f in workspace.flows for s in f.slots}
    places = [
        (intent_files[i.name], f"intents[{i.name}].examples", i.marked) for i in workspace.intents
    ] + [("slots.yaml", f"kinds.{k}.examples", s.marked) for k, s in workspace.slots.kinds.items()]
    for file, where, examples in places:
        for example in examples:
            for mark in example.marks:
                problem = _mark_problem(workspace, kinds, mark.kind, mark.value)
                if problem:
                    line = _line_of_mark(workspace.root / file, example.said(mark))
                    raise WorkspaceError(
                        f"{file}:{line}: {where}: {example.said(mark)!r} is marked {problem}",
                        file=file,
                        line=line,
                        field=where,
                    )


def _line_of_mark(path: Path, said: str) -> int | None:
    """The line of ``path`` where the words ``said`` are marked."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if f"[{said}](" in line:
            return number
    return None


def _mark_problem(workspace: Workspace, kinds: set[str], kind: str, value: str | None) -> str:
    """What is wrong with a mark of ``kind`` (and ``value``), or ""."""
    if kind not in kinds:
        known = ", ".join(sorted(kinds)) or "none declared"
        return f"as unknown kind {kind!r}; kinds: {known}"
    values = workspace.vocabulary.choices.get(kind)
    if value is not None and values is not None and value not in values:
        return f"{kind}={value!r}, which is not one of its values: {', '.join(values)}"
    return ""


def _load_flows(root: Path, intents: set[str]) -> tuple[FlowSpec, ...]:
    flows: list[FlowSpec] = []
    names: set[str] = set()
    for path in sorted((root / "flows").glob("*.yaml")):
        rel = str(path.relative_to(root))
        for i, flow in enumerate(load_yaml_model(path, FlowFile, root=root).flows):
            if flow.name in names:
                raise WorkspaceError(f"{rel}: flow {flow.name!r} is defined twice", file=rel)
            unknown = [x for x in flow.intents if x not in intents]
            if unknown:
                raise WorkspaceError(
                    f"{rel}: flows[{i}].intents: unknown intent {unknown[0]!r}; "
                    f"define it in intents/*.yaml",
                    file=rel,
                    field=f"flows[{i}].intents",
                )
            names.add(flow.name)
            flows.append(flow)
    return tuple(flows)


def _check_templates(workspace: Workspace) -> None:
    """Every template a flow names exists and every expression compiles. What the flow engine
    itself needs (its resolvers, the templates it sends) is checked when it is built:
    ``deskpilot.components.check_flows``."""
    import cel

    lang = workspace.config.default_language
    have = workspace.templates.get(lang, {})
    for flow in workspace.flows:
        names = {f.name for f in workspace.flows}
        for check in flow.checks:
            for verb, target in (("redirects to", check.redirect), ("offers", check.offer)):
                if target is not None and target not in names:
                    raise WorkspaceError(
                        f"flow {flow.name!r}: check {verb} unknown flow {target!r}; "
                        f"flows: {', '.join(sorted(names))}",
                        field=flow.name,
                    )
        expressions = [c.when for c in flow.checks]
        expressions += [e for lk in flow.lookups for e in lk.args.values()]
        expressions += list(flow.action.args.values()) if flow.action else []
        expressions += list(flow.values.values())
        expressions += [s.when for s in flow.slots if s.when is not None]
        for expr in expressions:
            try:
                cel.compile(expr)
            except ValueError as exc:
                raise WorkspaceError(
                    f"flow {flow.name!r}: expression {expr!r}: {str(exc).splitlines()[0]}",
                    field=flow.name,
                ) from exc
        wanted = [s.ask for s in flow.slots if s.ask] + [c.reply for c in flow.checks]
        wanted += [t for t in (flow.confirm, flow.reply, flow.success, flow.failure) if t]
        for name in wanted:
            if name not in have:
                raise WorkspaceError(
                    f"flow {flow.name!r} names template {name!r}, but "
                    f"templates/{lang}/{name}.j2 does not exist",
                    field=flow.name,
                )


def _check_policies(policies: PolicyFile) -> None:
    for i, rule in enumerate(policies.rules):
        compile_rule(rule, where=f"policies.yaml: rules[{i}].when")
