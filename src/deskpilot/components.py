"""The engine's own components for the pipeline's stages, registered by name at start-up.

``default_registry()`` holds ``nlu`` (understand), ``flows`` (decide) and ``template``
(respond); ``deskpilot.yaml`` chooses among them. Building the flow engine checks what it needs
of the workspace (``check_flows``). The pipeline knows only the stages' Protocols
and the registry; this module, above the pipeline and the packages that implement the stages,
ties each implementation to its name.
"""

from __future__ import annotations

from deskpilot.errors import WorkspaceError
from deskpilot.flows import RESOLVERS, FlowDecider
from deskpilot.flows._engine import ENGINE_TEMPLATES, WRITE_TEMPLATES
from deskpilot.nlu.entities import CatalogueEntityMatcher
from deskpilot.nlu.understander import ClassifierIntentScorer, NluUnderstander
from deskpilot.pipeline import (
    BuildContext,
    ComponentRegistry,
    Decider,
    TemplateResponder,
    Understander,
)
from deskpilot.workspace import Workspace


def default_registry() -> ComponentRegistry:
    """A registry holding the built-in components."""
    registry = ComponentRegistry()
    registry.understand.add("nlu", _nlu_understander)
    registry.decide.add("flows", _flow_decider)
    registry.respond.add("template", lambda ctx: TemplateResponder(ctx.workspace))
    return registry


def check_flows(workspace: Workspace) -> None:
    """What the flow engine needs of the workspace's flows: every slot names one of its resolvers
    and every template it sends itself exists; WorkspaceError naming the flow otherwise."""
    lang = workspace.config.default_language
    have = workspace.templates.get(lang, {})
    for flow in workspace.flows:
        for slot in flow.slots:
            if slot.resolver not in RESOLVERS:
                raise WorkspaceError(
                    f"flow {flow.name!r}: slot {slot.name!r}: unknown resolver {slot.resolver!r}; "
                    f"choose one of: {', '.join(sorted(RESOLVERS))}",
                    field=f"{flow.name}.slots",
                )
        for name in (*ENGINE_TEMPLATES, *(WRITE_TEMPLATES if flow.action else ())):
            if name not in have:
                raise WorkspaceError(
                    f"flow {flow.name!r}: the flow engine sends template {name!r} "
                    f"(docs/workspace.md), but templates/{lang}/{name}.j2 does not exist",
                    field=flow.name,
                )


def _flow_decider(context: BuildContext) -> Decider:
    ws = context.workspace
    check_flows(ws)
    catalogue = CatalogueEntityMatcher(context.products) if context.products else None
    return FlowDecider(
        list(ws.flows),
        catalogue,
        handoff_sentiment=ws.config.handoff_sentiment,
        never_automate=tuple(ws.config.never_automate),
        evidence_words=ws.vocabulary.evidence,
        identity_words=ws.vocabulary.identity,
    )


def _nlu_understander(context: BuildContext) -> Understander:
    ws = context.workspace
    scorer = ClassifierIntentScorer.train(ws, ws.config.pipeline.classifier, context.cache_dir)
    return NluUnderstander(
        scorer,
        languages=ws.config.languages,
        products=context.products,
        review_threshold=ws.config.confidence.review,
        part_threshold=ws.config.confidence.auto,
        oos=scorer.out_of_scope,
    )
