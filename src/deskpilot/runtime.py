"""Assembling a running DeskPilot from settings: database, workspace, store, actions, pipeline,
and the human side (routing, SLA clocks, agents, drafts, console accounts, live updates)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from deskpilot.actions import ActionLayer, ActionRegistry, ActionSpec, Guard
from deskpilot.actions.connectors.clock import ClockConnector
from deskpilot.actions.connectors.http import (
    ActionConfig,
    HttpConnector,
    load_http_connector,
    load_http_connector_config,
)
from deskpilot.channels import Outbox, PublicLimits
from deskpilot.channels.webchat import SignedIdentity, WebChat, WebChatRuntime
from deskpilot.components import default_registry, open_help_center
from deskpilot.console import (
    AgentDesk,
    ApiKeys,
    AssistProvider,
    ConsoleRuntime,
    DraftDesk,
    LexicalAssist,
    StaffDirectory,
)
from deskpilot.domain import Desk, EventType
from deskpilot.domains import DomainPack, RecordStore, load_pack
from deskpilot.errors import InputError, WorkspaceError
from deskpilot.handoff import (
    AdvisoryLease,
    Clock,
    HandoffDesk,
    HandoffScheduler,
    Heartbeats,
    Lease,
    Queue,
    RoutingConfig,
    SystemClock,
    load_routing,
)
from deskpilot.knowledge import HelpCenterIndex
from deskpilot.live import (
    CaseViewers,
    LiveBus,
    MemoryCaseViewers,
    shared_bus,
    shared_heartbeats,
    shared_viewers,
)
from deskpilot.pipeline import (
    CODE_TEMPLATES,
    BuildContext,
    ComponentRegistry,
    Pipeline,
    TurnQueue,
    turn_locks_for,
)
from deskpilot.settings import Settings
from deskpilot.store import Database, Erasure, PrivacyDesk
from deskpilot.workspace import Workspace, line_in, load_workspace

logger = logging.getLogger(__name__)

# How often the worker erases what the workspace's retention period has expired.
RETENTION_SWEEP_SECONDS = 24 * 3600


@dataclass
class Runtime(ConsoleRuntime, WebChatRuntime):
    """Everything a process needs to serve conversations; built once at start-up. The console's
    pages and the web chat's routes read it through the Protocols they declare."""

    settings: Settings
    db: Database
    workspace: Workspace
    pack: DomainPack | None
    store: RecordStore | None
    actions: ActionLayer
    pipeline: Pipeline
    routing: RoutingConfig
    clock: Clock
    live: LiveBus
    handoff: HandoffDesk
    agents: AgentDesk
    drafts: DraftDesk
    staff: StaffDirectory
    api_keys: ApiKeys
    privacy: PrivacyDesk
    scheduler: HandoffScheduler
    webchat: WebChat
    limits: PublicLimits
    outbox: Outbox
    assist: AssistProvider = field(default_factory=lambda: LexicalAssist(None))
    viewers: CaseViewers = field(default_factory=MemoryCaseViewers)
    knowledge: HelpCenterIndex | None = None
    _closing: list[HttpConnector] = field(default_factory=list)

    @property
    def desk(self) -> Desk | None:
        """What the console's case page shows of a customer: the domain pack's desk."""
        return self.pack.desk if self.pack is not None else None

    def purge_expired(self) -> Erasure | None:
        """Erase the content of cases past the workspace's retention period (None: the
        workspace keeps them until erased on request)."""
        days = self.workspace.config.privacy.retention_days
        if days is None:
            return None
        erased = self.privacy.do_purge(timedelta(days=days), actor="retention")
        if erased.cases:
            logger.info("retention: erased the content of %s cases", len(erased.cases))
        return erased

    def erase_customer(self, who: str, *, actor: str) -> Erasure:
        """Erase everything held about ``who``; their cases' SLA clocks stop and the console
        drops them from the queues."""
        erased = self.privacy.do_erase(who, actor=actor)
        for case_id in erased.cases:
            events = self.handoff.sla(case_id, self.handoff.tracker.resolve)
            if events:
                with self.db.transaction() as repo:
                    repo.append_events(events)
            self.handoff.publish_case(case_id, EventType.DATA_ERASED.value)
        return erased

    def close(self) -> None:
        """Stop the SLA scheduler, end live streams, release database connections."""
        self.scheduler.stop()
        self.live.close()
        for connector in self._closing:
            connector.close()
        if self.knowledge is not None:
            self.knowledge.close()
        self.pipeline.locks.close()
        if self.pipeline.turn_queue is not None:
            self.pipeline.turn_queue.close()
        self.db.dispose()


def store_workdir(settings: Settings, source: Path) -> Path:
    """Where the working copy of a store folder lives; the folder itself is never written."""
    source = source.resolve()
    digest = hashlib.sha256(str(source).encode()).hexdigest()[:12]
    return settings.data_dir / "stores" / f"{source.name}-{digest}"


def pack_of(workspace: Workspace) -> DomainPack | None:
    """The domain pack the workspace names (``domain:`` in ``deskpilot.yaml``), if any; a
    workspace missing a section of the vocabulary the pack reads is refused, with the file
    and the section."""
    name = workspace.config.domain
    pack = None if name is None else load_pack(name)
    if pack is not None:
        given = workspace.vocabulary.model_fields_set
        for section in pack.vocabulary:
            if section not in given:
                raise WorkspaceError(
                    f"{workspace.root / 'vocabulary.yaml'}: {section}: missing; the {pack.name} "
                    "domain reads its words from this section (see docs/workspace.md)"
                )
    return pack


def ensure_demo_store(settings: Settings, pack: DomainPack) -> Path:
    """The records folder to serve: the one the settings name, or the pack's demo data,
    generated on first use."""
    if settings.store is not None:
        if not (settings.store / pack.marker).exists():
            raise WorkspaceError(
                f"{settings.store}: not a store folder for the {pack.name} pack (no {pack.marker})"
            )
        return settings.store
    folder = settings.data_dir / "demo-store"
    if not (folder / pack.marker).exists():
        pack.write_demo(folder)
        logger.info("generated the %s demo data in %s", pack.name, folder)
    return folder


def _connector_files(workspace: Workspace) -> list[Path]:
    folder = workspace.root / "connectors"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def workspace_connectors(workspace: Workspace, settings: Settings) -> list[HttpConnector]:
    """The HTTP connectors the workspace declares in ``connectors/*.yaml``, with the secrets
    the settings hold (``DESKPILOT_SECRETS``)."""
    return [load_http_connector(path, settings.secrets) for path in _connector_files(workspace)]


def check_connectors(workspace: Workspace) -> int:
    """Validate every ``connectors/*.yaml`` (no secrets needed) and what ``deskpilot.yaml``
    says of their actions and the pack's; how many connector files there are."""
    paths = _connector_files(workspace)
    declared: dict[str, ActionSpec | ActionConfig] = {
        spec.name: spec for spec in ClockConnector(workspace.config.now).specs()
    }
    pack = pack_of(workspace)
    if pack is not None:
        # The pack's action specs are declarations: its connector reads no records to give them.
        declared.update({spec.name: spec for spec in pack.connector(None).specs()})
    for path in paths:
        config = load_http_connector_config(path)
        declared.update({action.name: action for action in config.actions})
    _check_verification(workspace, declared)
    return len(paths)


def load_routing_for(workspace: Workspace) -> RoutingConfig:
    """The workspace's ``routing.yaml``; without one, a single 24/7 queue (the workspace's
    ``handoff_queue``) with no agents and no SLA policies."""
    path = workspace.root / "routing.yaml"
    if path.exists():
        return load_routing(path, root=workspace.root)
    queue = workspace.config.handoff_queue
    return RoutingConfig(default_queue=queue, queues=[Queue(name=queue)])


def build_runtime(
    settings: Settings,
    registry: ComponentRegistry | None = None,
    *,
    store: RecordStore | None = None,
    workspace: Workspace | None = None,
    routing: RoutingConfig | None = None,
    clock: Clock | None = None,
) -> Runtime:
    """Connect the database, load the workspace and the store, and wire the pipeline.

    ``store``, ``workspace`` and ``routing`` replace the ones the settings name (conversation
    tests run each case on a pristine in-memory store with a workspace loaded once); ``clock``
    drives the SLA clocks (a ``ManualClock`` in tests).
    """
    _check_scale_out(settings)
    workspace = workspace or load_workspace(settings.workspace)
    pack = pack_of(workspace)
    if pack is not None and store is None:
        source = ensure_demo_store(settings, pack)
        store = pack.store.open(source, store_workdir(settings, source))
    http = workspace_connectors(workspace, settings)
    db = Database.connect(settings.effective_database_url)
    actions_registry = ActionRegistry()
    # The business clock (the workspace's ``now:``, else the real time), for flows' rules.
    actions_registry.register(ClockConnector(workspace.config.now))
    if pack is not None and store is not None:
        actions_registry.register(pack.connector(store))
    for connector in http:
        actions_registry.register(connector)
    identity = workspace.config.identity
    _check_verification(workspace, {spec.name: spec for spec in actions_registry.specs()})
    _check_one_time_code(workspace)
    guard = Guard(
        workspace.policies,
        tuple(workspace.config.never_automate),
        known_facts=tuple(lookup.method for lookup in identity.lookups),
        levels=identity.verification.actions,
        default_level=identity.verification.default,
    )
    actions = ActionLayer(actions_registry, guard, db)
    cfg = workspace.config.pipeline
    catalogue = store.read(pack.catalogue) if pack is not None and store is not None else {}
    context = BuildContext(
        workspace, catalogue, settings.data_dir / "models", knowledge_database=_postgres(settings)
    )
    # One help center for the flow engine, the agents' assist and the console's gaps: one
    # index handle, closed with the runtime.
    help_center = open_help_center(workspace, context.cache_dir, context.knowledge_database)
    components = registry or default_registry(help_center)
    routing = routing or load_routing_for(workspace)
    clock = clock or SystemClock()
    live = live_bus(settings)
    handoff = HandoffDesk(
        db,
        workspace,
        routing,
        clock,
        live,
        presence_timeout=settings.presence_timeout_seconds,
        shared=settings.scheduler == "separate",
        heartbeats=heartbeats_for(settings),
    )
    drafts = DraftDesk(handoff)
    pipeline = Pipeline(
        db,
        workspace,
        actions,
        components.understand.build(cfg.understand, context),
        components.decide.build(cfg.decide, context),
        components.respond.build(cfg.respond, context),
        max_attempts=settings.max_processing_attempts,
        handoff_sink=handoff,
        draft_sink=drafts,
        locks=turn_locks_for(db.engine),
        turn_queue=turn_queue_for(settings),
        turn_wait_seconds=settings.turn_wait_seconds,
        turn_listener=handoff,
    )
    staff = StaffDirectory(
        db,
        settings.session_secret.get_secret_value(),
        timedelta(seconds=settings.session_max_age_seconds),
    )
    viewers = viewers_for(settings)
    return Runtime(
        settings,
        db,
        workspace,
        pack,
        store,
        actions,
        pipeline,
        routing=routing,
        clock=clock,
        live=live,
        handoff=handoff,
        agents=AgentDesk(handoff, actions, viewers),
        drafts=drafts,
        staff=staff,
        api_keys=ApiKeys(db),
        privacy=PrivacyDesk(db),
        scheduler=HandoffScheduler(handoff, interval=settings.sla_tick_seconds),
        webchat=WebChat(db, pipeline, handoff, signed_identity(workspace, settings)),
        limits=PublicLimits(settings.messages_per_minute, settings.opened_per_minute),
        outbox=Outbox.from_settings(db, settings),
        assist=LexicalAssist(None if help_center is None else help_center.answers),
        knowledge=None if help_center is None else help_center.index,
        viewers=viewers,
        _closing=http,
    )


def _check_scale_out(settings: Settings) -> None:
    """Processes that share their work share one database server: SQLite is one process's."""
    if settings.scheduler == "separate" and not _is_postgres(settings):
        raise InputError(
            "DESKPILOT_SCHEDULER=separate runs DeskPilot as several processes, which needs "
            "PostgreSQL: set DESKPILOT_DATABASE_URL=postgresql+psycopg://user@host/db",
            field="scheduler",
        )
    if settings.turns == "worker" and not _is_postgres(settings):
        raise InputError(
            "DESKPILOT_TURNS=worker has turns taken by deskpilot worker processes, which needs "
            "PostgreSQL: set DESKPILOT_DATABASE_URL=postgresql+psycopg://user@host/db",
            field="turns",
        )


def turn_queue_for(settings: Settings) -> TurnQueue | None:
    """Where API processes queue turns: the Celery broker with ``turns=worker``, else none
    (the process that stores a message takes its turn)."""
    if settings.turns != "worker":
        return None
    from deskpilot.worker import CeleryTurnQueue, celery_app

    return CeleryTurnQueue(celery_app(settings))


def _is_postgres(settings: Settings) -> bool:
    return settings.effective_database_url.startswith("postgresql")


def _postgres(settings: Settings) -> str | None:
    """The deployment's PostgreSQL URL (the help center is indexed there), None on SQLite."""
    return settings.effective_database_url if _is_postgres(settings) else None


def run_worker(
    runtime: Runtime, stop: threading.Event, *, active: Callable[[], bool] = lambda: True
) -> None:
    """The worker: retries failed messages at start-up (what a crash left behind), then every
    ``retry_interval_seconds`` until ``stop``, delivering the outbox on each pass; sweeps
    expired personal data at start-up and once a day. A pass runs only while ``active()``:
    in scale-out, only the scheduler holding the lock, so nothing is sent twice."""
    next_sweep = time.monotonic()
    while True:
        if active():
            next_sweep = _worker_pass(runtime, next_sweep)
        if stop.wait(runtime.settings.retry_interval_seconds):
            return


def _worker_pass(runtime: Runtime, next_sweep: float) -> float:
    """One pass of the worker; when the next retention sweep is due."""
    try:
        runtime.pipeline.retry_failed()
    except Exception:
        logger.exception("retry worker pass failed")
    try:
        runtime.outbox.deliver_pending()
    except Exception:
        logger.exception("outbox delivery pass failed")
    if time.monotonic() >= next_sweep:
        next_sweep += RETENTION_SWEEP_SECONDS
        try:
            runtime.purge_expired()
        except Exception:
            logger.exception("retention sweep failed; tried again tomorrow")
    return next_sweep


def check_scheduler(settings: Settings) -> None:
    """``deskpilot scheduler`` needs PostgreSQL (checked before anything is loaded)."""
    if not _is_postgres(settings):
        raise InputError(
            "deskpilot scheduler shares the timers between processes through PostgreSQL: set "
            "DESKPILOT_DATABASE_URL=postgresql+psycopg://user@host/db (with SQLite, "
            "deskpilot serve runs the timers itself)",
            field="database_url",
        )


def scheduler_role(runtime: Runtime) -> tuple[HandoffScheduler, Lease]:
    """The scheduler of ``deskpilot scheduler`` and its lease (the database's scheduler lock):
    it ticks, and the worker's passes run, only while this process holds it, so one is
    active however many run."""
    check_scheduler(runtime.settings)
    lease = AdvisoryLease(runtime.db.engine)
    interval = runtime.settings.sla_tick_seconds
    return HandoffScheduler(runtime.handoff, interval=interval, lease=lease), lease


def heartbeats_for(settings: Settings) -> Heartbeats | None:
    """Where agents' heartbeats are kept: in Redis when ``redis_url`` is set (every process
    sees every console), else in this process (None)."""
    if settings.redis_url:
        return shared_heartbeats(settings.redis_url, prefix=settings.redis_prefix)
    return None


def viewers_for(settings: Settings) -> CaseViewers:
    """Who has which case open: in Redis when ``redis_url`` is set (an agent on one API
    process is warned of a colleague on another), else in this process."""
    if settings.redis_url:
        return shared_viewers(
            settings.redis_url,
            prefix=settings.redis_prefix,
            ttl_seconds=settings.presence_timeout_seconds,
        )
    return MemoryCaseViewers()


def live_bus(settings: Settings) -> LiveBus:
    """The live bus: through Redis when ``redis_url`` is set (several processes), else in
    this process."""
    if settings.redis_url:
        return shared_bus(settings.redis_url, prefix=settings.redis_prefix)
    return LiveBus()


def _check_verification(
    workspace: Workspace, actions: Mapping[str, ActionSpec | ActionConfig]
) -> None:
    """Every action ``identity.verification`` names exists, and none is set below what the
    action itself declares it needs."""
    for name, level in workspace.config.identity.verification.actions.items():
        action = actions.get(name)
        if action is None:
            problem = f"unknown action {name!r}; actions: {', '.join(sorted(actions)) or 'none'}"
        elif action.verification is not None and not level.covers(action.verification):
            problem = (
                f"{name} is set to {level.value}, but its connector declares it needs "
                f"{action.verification.value} verification at least"
            )
        else:
            continue
        where = ("identity", "verification", "actions", name)
        line = line_in(workspace.root / "deskpilot.yaml", where)
        raise WorkspaceError(
            f"deskpilot.yaml:{line}: identity.verification.actions: {problem}",
            file="deskpilot.yaml",
            line=line,
            field=f"identity.verification.actions.{name}",
        )


def _check_one_time_code(workspace: Workspace) -> None:
    """One-time codes need the customer's record (where to send them) and their templates."""
    identity = workspace.config.identity
    if identity.one_time_code is None:
        return
    line = line_in(workspace.root / "deskpilot.yaml", ("identity", "one_time_code"))
    if identity.customer is None:
        raise WorkspaceError(
            f"deskpilot.yaml:{line}: identity.one_time_code: needs identity.customer, the read "
            "of the customer's record that holds where to send the code",
            file="deskpilot.yaml",
            line=line,
            field="identity.one_time_code",
        )
    language = workspace.config.default_language
    missing = [n for n in CODE_TEMPLATES if n not in workspace.templates.get(language, {})]
    if missing:
        raise WorkspaceError(
            f"deskpilot.yaml:{line}: identity.one_time_code: needs the reply templates "
            f"{', '.join(f'templates/{language}/{n}.j2' for n in missing)}",
            file="deskpilot.yaml",
            line=line,
            field="identity.one_time_code",
        )


def signed_identity(workspace: Workspace, settings: Settings) -> SignedIdentity | None:
    """The checker of identities the business's site signs, when the workspace accepts them."""
    signed = workspace.config.identity.signed
    if signed is None:
        return None
    secret = settings.secrets.get(signed.secret)
    if secret is None:
        line = line_in(workspace.root / "deskpilot.yaml", ("identity", "signed", "secret"))
        configured = ", ".join(sorted(settings.secrets)) or "none"
        raise WorkspaceError(
            f"deskpilot.yaml:{line}: identity.signed.secret: names a secret that is not "
            f"configured; set it in DESKPILOT_SECRETS (configured secrets: {configured})",
            file="deskpilot.yaml",
            line=line,
            field="identity.signed.secret",
        )
    return SignedIdentity(secret.get_secret_value(), signed.method)
