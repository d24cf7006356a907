"""The engine's own components for the pipeline's stages, registered by name at start-up.

``default_registry()`` holds ``nlu`` (understand), ``flows`` (decide) and ``template``
(respond); ``deskpilot.yaml`` chooses among them. Building the flow engine checks what it needs
of the workspace (``check_flows``). The pipeline knows only the stages' Protocols
and the registry; this module, above the pipeline and the packages that implement the stages,
ties each implementation to its name.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from deskpilot.commands import CommandGenerator, ReadingCommandGenerator
from deskpilot.domains import CatalogueMatcher, load_pack
from deskpilot.errors import NLUError, WorkspaceError
from deskpilot.flows import (
    TYPED_RESOLVERS,
    DomainKnowledge,
    FlowDecider,
    SlotContext,
    SlotKind,
    choice_resolvers,
    declared_resolvers,
)
from deskpilot.flows._engine import ENGINE_TEMPLATES, NAME_WORD, WRITE_TEMPLATES
from deskpilot.knowledge import (
    Article,
    HelpCenterIndex,
    HybridRetriever,
    KnowledgeBase,
    KnowledgeCommandGenerator,
    KnowledgeIndex,
    PassageVectors,
    PostgresKnowledgeIndex,
    Retriever,
    language_detector,
    load_articles,
    load_synonyms,
)
from deskpilot.nlu import Numerals, Slips, language_words
from deskpilot.nlu.categories import CueCategoryDetector
from deskpilot.nlu.entities import date_forms, entity_forms, record_finders
from deskpilot.nlu.intents import MiniLMEncoder
from deskpilot.nlu.understander import ClassifierIntentScorer, NluUnderstander
from deskpilot.pipeline import (
    BuildContext,
    ComponentRegistry,
    Decider,
    ReplySpec,
    TemplateResponder,
    Understander,
)
from deskpilot.workspace import Workspace, line_in

# The template of the help center's clarifying question ("Do you mean …?", fact ``choices``).
CHOICE_TEMPLATE = "knowledge_choice"
# The note opening an answer from an article in another language than the question's.
OTHER_LANGUAGE_TEMPLATE = "knowledge_other_language"


@dataclass(frozen=True)
class HelpCenter:
    """The workspace's help center, opened once: its index (kept up to date with the articles;
    whoever opened it closes it) and the answers read from it."""

    index: HelpCenterIndex
    answers: KnowledgeBase


def open_help_center(
    workspace: Workspace, cache_dir: Path | None, database: str | None = None
) -> HelpCenter | None:
    """The workspace's help center (None: it has none); see ``open_knowledge``."""
    index = open_knowledge(workspace, cache_dir, database)
    return None if index is None else HelpCenter(index, knowledge_base(workspace, index))


def default_registry(help_center: HelpCenter | None = None) -> ComponentRegistry:
    """A registry holding the built-in components. ``help_center``: the one the runtime
    opened, which the flow engine then asks too (without it, the engine opens its own)."""
    registry = ComponentRegistry()
    registry.understand.add("nlu", _nlu_understander)
    registry.decide.add("flows", lambda ctx: _flow_decider(ctx, help_center))
    registry.respond.add("template", lambda ctx: TemplateResponder(ctx.workspace))
    return registry


def domain_knowledge(workspace: Workspace) -> DomainKnowledge:
    """What the flow engine knows of the business: its domain pack's knowledge (nothing,
    without a pack), the kinds of choice its vocabulary declares, and the typed kinds every
    workspace has (``amount``, ``date``, ``email``)."""
    name = workspace.config.domain
    knowledge = DomainKnowledge() if name is None else load_pack(name).knowledge(workspace)
    declared = choice_resolvers(workspace.vocabulary.choices)
    twice = sorted(set(declared) & set(knowledge.resolvers))
    if twice:
        line = line_in(workspace.root / "vocabulary.yaml", ("choices", twice[0]))
        where = f"vocabulary.yaml:{line}" if line is not None else "vocabulary.yaml"
        raise WorkspaceError(
            f"{where}: choices.{twice[0]}: the domain pack resolves {twice[0]!r} already; "
            "give the choice another name",
            field=f"choices.{twice[0]}",
        )
    words = workspace.vocabulary
    typed = declared_resolvers(workspace.slots, words.scales.numbers, date_forms(words.dates))
    _check_declared_kinds(workspace, knowledge, declared, typed)
    # Amounts, dates and email addresses need no pack; a pack's kind of the same name wins.
    resolvers = {**TYPED_RESOLVERS, **knowledge.resolvers, **declared, **typed}
    # A choice's question lists its values, in the order the vocabulary gives them.
    listed = {
        kind: SlotKind(choices=_listing(tuple(values)))
        for kind, values in workspace.vocabulary.choices.items()
        if kind not in knowledge.kinds
    }
    return replace(knowledge, resolvers=resolvers, kinds={**listed, **knowledge.kinds})


def _listing(values: tuple[str, ...]) -> Callable[[SlotContext], tuple[str, ...]]:
    return lambda _ctx: values


def _check_declared_kinds(
    workspace: Workspace,
    knowledge: DomainKnowledge,
    choices: Mapping[str, Any],
    typed: Mapping[str, Any],
) -> None:
    """Each kind ``slots.yaml`` declares is resolved as its type says, by one party; and when
    the file declares kinds, every flow's slot names one of them."""
    kinds = workspace.slots.kinds
    pack = workspace.config.domain or "none"
    for kind, spec in kinds.items():
        problem = ""
        if spec.type == "record" and kind not in knowledge.resolvers:
            known = ", ".join(sorted(knowledge.resolvers)) or "none"
            problem = (
                f"record, but the domain pack ({pack}) grounds no such kind; its kinds: {known}"
            )
        elif spec.type == "choice" and kind not in choices:
            problem = f"choice, but vocabulary.yaml lists no values for it under choices.{kind}"
        elif kind in typed and kind in knowledge.resolvers:
            problem = f"{spec.type}, but the domain pack ({pack}) resolves {kind!r} already"
        if problem:
            _declared_error(workspace, ("kinds", kind, "type"), f"kinds.{kind}.type: {problem}")
    if not kinds:
        return
    for flow in workspace.flows:
        for slot in flow.slots:
            if slot.resolver not in kinds:
                _declared_error(
                    workspace,
                    ("kinds",),
                    f"kinds: flow {flow.name!r} slot {slot.name!r} names kind "
                    f"{slot.resolver!r}, which is not declared; declared: {', '.join(kinds)}",
                )


def _declared_error(workspace: Workspace, loc: tuple[str, ...], message: str) -> None:
    line = line_in(workspace.root / "slots.yaml", loc)
    where = f"slots.yaml:{line}" if line is not None else "slots.yaml"
    raise WorkspaceError(f"{where}: {message}", file="slots.yaml", line=line, field=".".join(loc))


def catalogue_matcher(context: BuildContext) -> CatalogueMatcher | None:
    """The domain pack's matcher over the catalogue it gave (none without either)."""
    name = context.workspace.config.domain
    pack = None if name is None else load_pack(name)
    if pack is None or pack.matcher is None or not context.catalogue:
        return None
    return pack.matcher(context.catalogue, context.workspace)


def check_flows(workspace: Workspace) -> DomainKnowledge:
    """What the flow engine needs of the workspace's flows: every slot names a resolver of the
    workspace's domain pack and every template it sends itself exists; WorkspaceError naming
    the flow otherwise. Returns the pack's knowledge, checked."""
    knowledge = domain_knowledge(workspace)
    resolvers = knowledge.resolvers
    lang = workspace.config.default_language
    have = workspace.templates.get(lang, {})
    for flow in workspace.flows:
        for slot in flow.slots:
            if slot.resolver not in resolvers:
                choices = ", ".join(sorted(resolvers)) or "none: the workspace names no domain"
                raise WorkspaceError(
                    f"flow {flow.name!r}: slot {slot.name!r}: unknown resolver {slot.resolver!r}; "
                    f"choose one of: {choices}",
                    field=f"{flow.name}.slots",
                )
        for name in (*ENGINE_TEMPLATES, *(WRITE_TEMPLATES if flow.action else ())):
            if name not in have:
                raise WorkspaceError(
                    f"flow {flow.name!r}: the flow engine sends template {name!r} "
                    f"(docs/workspace.md), but templates/{lang}/{name}.j2 does not exist",
                    field=flow.name,
                )
    _check_pack_templates(workspace)
    return knowledge


def _check_pack_templates(workspace: Workspace) -> None:
    """Every template the workspace's domain pack may render exists; WorkspaceError naming the
    missing file and the template otherwise."""
    name = workspace.config.domain
    if name is None:
        return
    pack = load_pack(name)
    lang = workspace.config.default_language
    have = workspace.templates.get(lang, {})
    for template in pack.templates:
        if template not in have:
            raise WorkspaceError(
                f"templates/{lang}/{template}.j2 does not exist; the {pack.name} domain pack "
                f"sends template {template!r} (docs/workspace.md)",
                file=f"templates/{lang}/{template}.j2",
                field=template,
            )


def check_knowledge(workspace: Workspace) -> tuple[Article, ...]:
    """The workspace's help-center articles, checked (front matter, placeholders), and the
    template their answers are sent with; WorkspaceError naming the file, line and field.
    The help center's synonyms (``knowledge/synonyms.yaml``) are checked too."""
    articles = load_articles(workspace)
    load_synonyms(workspace)
    lang = workspace.config.default_language
    if articles and "knowledge_answer" not in workspace.templates.get(lang, {}):
        raise WorkspaceError(
            f"knowledge/: answers from the help center are sent with template "
            f"'knowledge_answer', but templates/{lang}/knowledge_answer.j2 does not exist",
            file=f"templates/{lang}/knowledge_answer.j2",
        )
    return articles


def _flow_decider(context: BuildContext, help_center: HelpCenter | None = None) -> Decider:
    ws = context.workspace
    knowledge = check_flows(ws)
    catalogue = catalogue_matcher(context)
    return FlowDecider(
        list(ws.flows),
        catalogue,
        handoff_sentiment=ws.config.handoff_sentiment,
        never_automate=tuple(ws.config.never_automate),
        knowledge=knowledge,
        identity=ws.config.identity,
        identity_words=ws.vocabulary.identity,
        dialogue_words=ws.vocabulary.dialogue,
        correction_words=ws.vocabulary.requests.corrections,
        review=ws.config.confidence.review,
        records=record_finders(ws.vocabulary.records),
        generator=_command_generator(context, help_center),
        ordinary_words=ordinary_words(ws),
    )


def ordinary_words(ws: Workspace) -> frozenset[str]:
    """The words the business's own texts write in lower case (its examples, its vocabulary,
    its reply templates and its help center's articles): the language's ordinary words, which
    a customer's name seldom is."""
    return frozenset(w for text in _own_texts(ws) for w in NAME_WORD.findall(text) if w.islower())


def _own_texts(ws: Workspace) -> list[str]:
    """The business's own texts: its examples, its vocabulary, its reply templates and its
    help center's articles."""
    texts = [m.text for m in ws.span_examples()]
    texts += [p.text for a in load_articles(ws) for p in a.passages]
    texts += [source for by_name in ws.templates.values() for source in by_name.values()]
    texts.append(json.dumps(ws.vocabulary.model_dump(mode="json")))
    return texts


_LETTERS = re.compile(r"[A-Za-z]+")
_PLURALS = ("s", "es")


def typed_slips(ws: Workspace, catalogue: Mapping[str, Any]) -> Slips:
    """The workspace's words read through one slip of the keyboard (``Slips``): a slip is read
    as a word the business writes in lower case in its own texts (as ``ordinary_words``) or a
    word of its catalogue (its entries' names and option values), or as the plural of one
    that its language knows; every other word of its
    texts (names, brands) and of its languages (a spelling library's word lists) is known as
    it is, and so are the words that say yes or no, negate or withdraw, which a slip is never
    read as."""
    texts = _own_texts(ws)
    ordinary = {
        part
        for text in texts
        for word in NAME_WORD.findall(text)
        if word.islower()
        for part in _LETTERS.findall(word)
    }
    listed = {w.lower() for w in _LETTERS.findall(json.dumps(catalogue, default=str))}
    written = {w.lower() for text in texts for w in _LETTERS.findall(text)}
    said = [*ws.vocabulary.spellings, *ws.vocabulary.spellings.values()]
    guarded = {
        w.lower() for phrase in (*_yes_no_words(ws), *said) for w in _LETTERS.findall(phrase)
    }
    languages = ws.config.languages
    language = language_words(languages[0])
    for other in languages[1:]:
        language |= language_words(other)
    meant = ordinary | listed
    # a noun of the business's also as customers write it of several ("kettles", "watches")
    meant |= {w + ending for w in meant for ending in _PLURALS if w + ending in language}
    return Slips(meant - guarded, written | guarded, language=language)


def _yes_no_words(ws: Workspace) -> list[str]:
    """The phrases that answer yes or no, negate, rule out, take back or withdraw."""
    dialogue, evidence = ws.vocabulary.dialogue, ws.vocabulary.evidence
    return [
        *dialogue.affirm,
        *dialogue.deny,
        *dialogue.firm_affirm,
        *dialogue.doubt,
        *dialogue.conditional,
        *dialogue.withdraw,
        *dialogue.excluding,
        *dialogue.not_asking.negators,
        *evidence.negation,
        *evidence.rule_out,
        *evidence.condition_unmet,
        *ws.vocabulary.requests.corrections,
    ]


def reading_generator(ws: Workspace) -> ReadingCommandGenerator:
    """The offline generator's readings of ``ws``: its dialogue words, its flows' intents (those
    with neither an action nor a hand-off are questions), its bands and identity fields."""
    return ReadingCommandGenerator(
        ws.vocabulary.dialogue,
        flow_intents=[intent for flow in ws.flows for intent in flow.intents],
        review=ws.config.confidence.review,
        auto=ws.config.confidence.auto,
        questions=[
            intent
            for flow in ws.flows
            if flow.action is None and flow.handoff is None
            for intent in flow.intents
        ],
        identity=ws.config.identity.fields,
        slot_kinds={
            intent: [slot.resolver for slot in flow.slots]
            for flow in ws.flows
            for intent in flow.intents
        },
        related=_redirected_intents(ws),
    )


def _redirected_intents(ws: Workspace) -> list[tuple[str, str]]:
    """The pairs of intents whose flows a check redirects between, either way: one request
    the record's state tells apart ("change the item" on a delivered order is an exchange)."""
    by_name = {flow.name: flow for flow in ws.flows}
    pairs: list[tuple[str, str]] = []
    for flow in ws.flows:
        for check in flow.checks:
            target = by_name.get(check.redirect or "")
            if target is None:
                continue
            pairs += [(a, b) for a in flow.intents for b in target.intents]
    return pairs


def _command_generator(
    context: BuildContext, help_center: HelpCenter | None = None
) -> CommandGenerator:
    """The offline generator; with a help center in the workspace (``knowledge/``), questions
    the flows do not own are asked of it (``help_center``, else one opened here)."""
    ws = context.workspace
    reading = reading_generator(ws)
    if help_center is None:
        help_center = open_help_center(ws, context.cache_dir, context.knowledge_database)
    if help_center is None:
        return reading
    return KnowledgeCommandGenerator(
        reading,
        help_center.answers,
        records=tuple(ws.vocabulary.records),
        # Flows that need no identity and write nothing: a help-center answer may stand in for
        # them when they were read unsurely.
        open_intents=[
            intent
            for flow in ws.flows
            if flow.identity == "none" and flow.action is None and flow.handoff is None
            for intent in flow.intents
        ],
        auto=ws.config.confidence.auto,
        flow_intents=reading.flow_intents,
        misses=help_center.index,
        asking=ws.vocabulary.requests.asks,
        leads=ws.vocabulary.requests.leads,
        refers_back=ws.vocabulary.requests.refers_back,
        # A workspace with the template asks back which article is meant (docs/knowledge.md).
        choose=CHOICE_TEMPLATE in ws.templates.get(ws.config.default_language, {}),
        note=_language_note(ws),
        served=ws.config.languages,
    )


def _language_note(workspace: Workspace) -> Callable[[str, str], str] | None:
    """The note opening an answer quoted from an article in another language than the
    question's (template ``knowledge_other_language``, facts ``asked`` and ``written``: the
    languages' codes), in the customer's language when the workspace has the template in it;
    None without the template."""
    if OTHER_LANGUAGE_TEMPLATE not in workspace.templates.get(
        workspace.config.default_language, {}
    ):
        return None
    responder = TemplateResponder(workspace)

    def note(asked: str, written: str) -> str:
        facts = {"asked": asked, "written": written}
        return responder.render(ReplySpec(OTHER_LANGUAGE_TEMPLATE, facts), asked)

    return note


def open_knowledge(
    workspace: Workspace, cache_dir: Path | None, database: str | None = None
) -> HelpCenterIndex | None:
    """The workspace's knowledge index, brought up to date with its articles (None: the
    workspace has no help center): in PostgreSQL full-text search when ``database`` (the
    deployment's PostgreSQL URL) is given, else in SQLite FTS5 under ``cache_dir``."""
    articles = check_knowledge(workspace)
    if not articles:
        return None
    synonyms = load_synonyms(workspace)
    index: HelpCenterIndex
    if database is not None:
        index = PostgresKnowledgeIndex(database, synonyms=synonyms)
    else:
        index = KnowledgeIndex(knowledge_index_path(workspace, cache_dir), synonyms=synonyms)
    index.do_index(articles)
    return index


def knowledge_base(
    workspace: Workspace,
    index: HelpCenterIndex,
    *,
    hybrid: bool | None = None,
    articles: Sequence[Article] | None = None,
) -> KnowledgeBase:
    """The help center over ``index``, on the workspace's day (its ``now:``, else today),
    found as ``knowledge.retrieval`` says (``hybrid``, when given, overrides it; the dense
    side encodes ``articles``, the ones indexed, by default the workspace's)."""
    today = workspace.config.now.date() if workspace.config.now is not None else None
    default = workspace.config.default_language
    languages = (*index.languages(), *workspace.config.languages)
    detector = language_detector(languages, default)
    if hybrid is None:
        hybrid = workspace.config.knowledge.retrieval == "hybrid"
    retriever: Retriever = index
    if hybrid:
        indexed = load_articles(workspace) if articles is None else articles
        retriever = hybrid_retriever(index, indexed)
    return KnowledgeBase(retriever, today=today, language=default, detector=detector)


def hybrid_retriever(index: HelpCenterIndex, articles: Sequence[Article]) -> HybridRetriever:
    """``index`` fused with the bundled sentence encoder over ``articles`` (their passages
    encoded now, once); a WorkspaceError when the embeddings extra is missing."""
    try:
        return HybridRetriever(index, articles, PassageVectors(MiniLMEncoder()))
    except NLUError as exc:
        if exc.data.get("extra") != "embeddings":
            raise
        raise WorkspaceError(
            "deskpilot.yaml: knowledge.retrieval: hybrid needs the sentence-embedding model, "
            "which is not installed; install it with: pip install 'deskpilot[embeddings]' "
            "(or set retrieval: lexical)"
        ) from exc


def knowledge_index_path(workspace: Workspace, cache_dir: Path | None) -> Path | None:
    """Where the workspace's knowledge index is kept under ``cache_dir`` (None: in memory)."""
    if cache_dir is None:
        return None
    digest = hashlib.sha256(str(workspace.root.resolve()).encode()).hexdigest()[:12]
    return cache_dir / f"knowledge-{digest}.sqlite3"


def _nlu_understander(context: BuildContext) -> Understander:
    ws = context.workspace
    scorer = ClassifierIntentScorer.train(ws, ws.config.pipeline.classifier, context.cache_dir)
    return NluUnderstander(
        scorer,
        languages=ws.config.languages,
        records=record_finders(ws.vocabulary.records),
        extractors=[m for m in (catalogue_matcher(context),) if m is not None],
        review_threshold=ws.config.confidence.review,
        part_threshold=ws.config.confidence.auto,
        oos=scorer.out_of_scope,
        requests=ws.vocabulary.requests,
        marked=ws.span_examples(),
        choices=ws.vocabulary.choices,
        clock=_business_clock(ws),
        spellings=ws.vocabulary.spellings,
        slips=typed_slips(ws, context.catalogue),
        numerals=Numerals(ws.vocabulary.numerals),
        identity_cues=ws.vocabulary.identity.cues,
        identity_links=ws.vocabulary.identity.links,
        forms=entity_forms(ws.vocabulary),
        questions=[
            intent
            for flow in ws.flows
            if flow.action is None and flow.handoff is None
            for intent in flow.intents
        ],
        categories=CueCategoryDetector(ws.vocabulary.categories),
        lexicon=ws.lexicon,
    )


def _business_clock(ws: Workspace) -> Callable[[], datetime] | None:
    """The workspace's clock when it sets one (``now:``), for the dates customers write."""
    fixed = ws.config.now
    return None if fixed is None else (lambda: fixed)
