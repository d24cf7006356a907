"""The ``deskpilot`` command line. Errors are one clear line, never a traceback."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from deskpilot.errors import DeskpilotError, InputError
from deskpilot.settings import Settings, get_settings

if TYPE_CHECKING:
    from deskpilot.knowledge import HelpCenterIndex
    from deskpilot.store import Database, Erasure
    from deskpilot.workspace import Workspace

app = typer.Typer(
    name="deskpilot",
    help="DeskPilot: customer-service automation that resolves requests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
store_app = typer.Typer(help="The business's online store (demo or any folder of that shape).")
app.add_typer(store_app, name="store")
actions_app = typer.Typer(help="The action layer: list actions, replay reference tasks.")
app.add_typer(actions_app, name="actions")
users_app = typer.Typer(help="Console accounts: the first admin, and others from the console.")
app.add_typer(users_app, name="users")
audit_app = typer.Typer(help="The tamper-evident event log.")
app.add_typer(audit_app, name="audit")
privacy_app = typer.Typer(help="Customers' personal data: export, erase, retention.")
app.add_typer(privacy_app, name="privacy")
kb_app = typer.Typer(help="The help center: index its articles, evaluate answers, list gaps.")
app.add_typer(kb_app, name="kb")
keys_app = typer.Typer(help="API keys for /v1/conversations and /v1/cases (shown once).")
app.add_typer(keys_app, name="api-keys")


def _register_commands() -> None:
    """Commands that live with their own package, added explicitly at start-up."""
    from deskpilot.nlu.cli import app as nlu_app
    from deskpilot.testing.cli import register

    register(app)
    app.add_typer(nlu_app, name="nlu")


_register_commands()

WorkspaceOpt = Annotated[
    Path | None, typer.Option("--workspace", "-w", help="Workspace folder.", show_default=False)
]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store folder (users/orders/products JSON).", show_default=False),
]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database-url", help="DeskPilot's database URL.", show_default=False)
]


def _settings(
    workspace: Path | None = None, store: Path | None = None, database_url: str | None = None
) -> Settings:
    base = get_settings()
    updates: dict[str, object] = {}
    if workspace is not None:
        updates["workspace"] = workspace
    if store is not None:
        updates["store"] = store
    if database_url is not None:
        updates["database_url"] = database_url
    return base.model_copy(update=updates)


@contextmanager
def _database(database_url: str | None) -> Iterator[Database]:
    """The configured database (migrated), for one command."""
    from deskpilot.store import Database

    db = Database.connect(_settings(database_url=database_url).effective_database_url)
    try:
        yield db
    finally:
        db.dispose()


def _configure_logging(level: str, log_format: Literal["text", "json"] = "text") -> None:
    """Log to stderr (one JSON object a line with ``json``), personal data masked."""
    from deskpilot.api import configure_logging

    configure_logging(level, log_format)


def _announce(settings: Settings, line: str) -> None:
    """What a long-running command started: on stderr for people, in the log for JSON."""
    if settings.log_format == "json":
        logging.getLogger("deskpilot").info(line)
    else:
        typer.echo(line, err=True)


@app.command()
def serve(
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseOpt = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the API (and the demo) on http://HOST:PORT."""
    import threading
    from types import FrameType

    import uvicorn

    from deskpilot.api import create_app
    from deskpilot.runtime import build_runtime

    settings = _settings(workspace, store, database_url)
    _configure_logging(settings.log_level, settings.log_format)
    runtime = build_runtime(settings)
    bind_host = host or settings.host
    bind_port = port or settings.port
    _announce(
        settings,
        f"DeskPilot serving {runtime.workspace.config.name} on http://{bind_host}:{bind_port} "
        f"(API docs at /docs)",
    )
    config = uvicorn.Config(
        create_app(settings, runtime),
        host=bind_host,
        port=bind_port,
        log_level=settings.log_level.lower(),
        access_log=False,
        # JSON lines: uvicorn's records go through the root logger's handler, as ours do.
        log_config=None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
        timeout_graceful_shutdown=max(1, round(settings.shutdown_timeout_seconds)),
    )

    class DrainingServer(uvicorn.Server):
        """Ends the live event streams when asked to stop, so the drain does not wait on
        streams that never end; their clients reconnect to another process."""

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            threading.Thread(target=runtime.live.end_streams, daemon=True).start()
            super().handle_exit(sig, frame)

    DrainingServer(config).run()


@app.command()
def scheduler(
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Run the SLA timers and the worker (retries, outbox, retention) for API processes
    started with DESKPILOT_SCHEDULER=separate; run two or more: one is active, another takes
    over within a tick if it dies."""
    import signal
    import threading

    from deskpilot.runtime import build_runtime, check_scheduler, run_worker, scheduler_role

    settings = _settings(workspace, store, database_url)
    check_scheduler(settings)
    _configure_logging(settings.log_level, settings.log_format)
    runtime = build_runtime(settings)
    try:
        role, lease = scheduler_role(runtime)
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        _announce(
            settings,
            f"DeskPilot scheduler for {runtime.workspace.config.name}: ticking every "
            f"{settings.sla_tick_seconds:g}s while it holds the scheduler lock",
        )
        role.start()
        # The worker's passes (retries, the outbox, retention) run beside the ticks, under
        # the same lock.
        worker = threading.Thread(
            target=run_worker, args=(runtime, stop), kwargs={"active": lease.acquire}, daemon=True
        )
        worker.start()
        stop.wait()
        worker.join(timeout=10)
        role.stop()
    finally:
        runtime.close()


@app.command()
def worker(
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseOpt = None,
    concurrency: Annotated[
        int | None, typer.Option(help="Turns taken at once (threads); default 4.")
    ] = None,
) -> None:
    """Take the turns API processes queue with DESKPILOT_TURNS=worker (Celery, through the
    broker); run any number, on any host. SIGTERM finishes the turns in hand, then stops."""
    import socket

    from deskpilot.runtime import build_runtime
    from deskpilot.worker import celery_app, keep_consuming, register_turn_task

    settings = _settings(workspace, store, database_url)
    if settings.turns != "worker":
        raise InputError(
            "deskpilot worker takes queued turns: set DESKPILOT_TURNS=worker on it and on "
            "every API process (and DESKPILOT_REDIS_URL, DESKPILOT_DATABASE_URL)",
            field="turns",
        )
    _configure_logging(settings.log_level, settings.log_format)
    runtime = build_runtime(settings)
    try:
        app = celery_app(settings)
        register_turn_task(app, runtime.pipeline)
        threads = concurrency or settings.worker_concurrency
        _announce(
            settings,
            f"DeskPilot worker for {runtime.workspace.config.name}: taking turns, "
            f"{threads} at a time",
        )

        def start() -> int | None:
            consumer = app.Worker(
                pool="threads",
                concurrency=threads,
                hostname=f"deskpilot@{socket.gethostname()}:{os.getpid()}",
                loglevel=settings.log_level,
                without_heartbeat=True,
                without_mingle=True,
                without_gossip=True,
                quiet=True,
            )
            consumer.start()
            code: int | None = consumer.exitcode
            return code

        code = keep_consuming(start)
    finally:
        runtime.close()
    if code:
        typer.echo("error: the worker stopped on repeated unrecoverable errors (logged)", err=True)
        raise typer.Exit(1)


@app.command()
def chat(
    workspace: WorkspaceOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseOpt = None,
    channel: Annotated[
        str, typer.Option(help="Channel name recorded for the conversation.")
    ] = "cli",
) -> None:
    """Talk to DeskPilot in the terminal, as a customer would. Ctrl-D or /quit ends it."""
    from deskpilot.pipeline import ProcessingFailed
    from deskpilot.runtime import build_runtime

    settings = _settings(workspace, store, database_url)
    _configure_logging("CRITICAL")
    runtime = build_runtime(settings)
    conversation = runtime.pipeline.do_start_conversation(channel, None)
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo(f"Chatting with {runtime.workspace.config.name}. /quit to leave.")
    try:
        while True:
            if interactive:
                typer.echo("you> ", nl=False)
            line = sys.stdin.readline()
            if not line or line.strip() == "/quit":
                break
            if not line.strip():
                continue
            try:
                result = runtime.pipeline.do_receive_message(conversation.id, line.strip())
            except ProcessingFailed as exc:
                typer.echo(f"deskpilot> ({exc.message})")
                continue
            for reply in result.replies:
                typer.echo(f"deskpilot> {reply.text}")
    finally:
        runtime.close()
    typer.echo(f"(case {conversation.case_id})", err=True)


@app.command()
def check(
    folder: Annotated[
        Path | None, typer.Argument(help="Workspace folder (or --workspace).", show_default=False)
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Validate a workspace; a problem is reported with its file, line and field."""
    from deskpilot.components import check_flows, check_knowledge
    from deskpilot.runtime import check_connectors, pack_of
    from deskpilot.workspace import load_workspace

    if folder is not None and workspace is not None and folder != workspace:
        raise InputError(f"two workspaces named: {folder} and --workspace {workspace}")
    settings = _settings(folder or workspace)
    ws = load_workspace(settings.workspace)
    pack = pack_of(ws)
    check_flows(ws)
    connectors = check_connectors(ws)
    articles = check_knowledge(ws)
    examples = sum(len(i.examples) for i in ws.intents)
    templates = sum(len(t) for t in ws.templates.values())
    domain = f"domain {pack.name}, " if pack is not None else ""
    typer.echo(
        f"ok: {settings.workspace}: {domain}{len(ws.intents)} intents ({examples} examples), "
        f"{len(ws.slots.kinds)} slot kinds ({len(ws.marked_examples())} marked examples), "
        f"{len(ws.policies.rules)} policy rules, {templates} templates, "
        f"{connectors} HTTP connectors, {len(articles)} knowledge articles"
    )


def _knowledge_index(settings: Settings) -> tuple[Workspace, HelpCenterIndex]:
    """The index the service uses: in the deployment's PostgreSQL, else a SQLite file."""
    from deskpilot.components import knowledge_index_path
    from deskpilot.knowledge import KnowledgeIndex, PostgresKnowledgeIndex, load_synonyms
    from deskpilot.workspace import load_workspace

    ws = load_workspace(settings.workspace)
    synonyms = load_synonyms(ws)
    url = settings.effective_database_url
    if url.startswith("postgresql"):
        return ws, PostgresKnowledgeIndex(url, synonyms=synonyms)
    path = knowledge_index_path(ws, settings.data_dir / "models")
    return ws, KnowledgeIndex(path, synonyms=synonyms)


@kb_app.command("index")
def kb_index(workspace: WorkspaceOpt = None) -> None:
    """Index the workspace's help-center articles; only changed articles are indexed again."""
    from deskpilot.components import check_knowledge

    ws, index = _knowledge_index(_settings(workspace))
    try:
        report = index.do_index(check_knowledge(ws))
    finally:
        index.close()
    typer.echo(
        f"indexed {ws.root / 'knowledge'}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.removed} removed"
    )


@kb_app.command("eval")
def kb_eval(
    questions: Annotated[Path, typer.Argument(help="YAML file of questions (docs/knowledge.md).")],
    workspace: WorkspaceOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    show_failures: Annotated[
        bool, typer.Option("--failures", help="List the questions answered wrongly.")
    ] = False,
    no_synonyms: Annotated[
        bool,
        typer.Option("--no-synonyms", help="Leave knowledge/synonyms.yaml out (to compare)."),
    ] = False,
    hybrid: Annotated[
        bool | None,
        typer.Option(
            "--hybrid/--lexical",
            help="Fuse full-text search with the sentence-embedding model (embeddings extra), "
            "or not; default: the workspace's knowledge.retrieval.",
        ),
    ] = None,
) -> None:
    """Recall@k, MRR, answer rate, right-article answers and declined unanswerable questions."""
    from deskpilot.components import check_knowledge, knowledge_base
    from deskpilot.knowledge import (
        KnowledgeIndex,
        Synonyms,
        evaluate,
        load_questions,
        load_synonyms,
    )
    from deskpilot.workspace import load_workspace

    ws = load_workspace(_settings(workspace).workspace)
    index = KnowledgeIndex(synonyms=Synonyms() if no_synonyms else load_synonyms(ws))
    index.do_index(check_knowledge(ws))
    result = evaluate(knowledge_base(ws, index, hybrid=hybrid), load_questions(questions))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    typer.echo(
        f"{result.questions} questions ({result.answerable} answerable, "
        f"{result.unanswerable} not); threshold {result.threshold}\n"
        f"recall@1 {result.recall_at_1:.3f}  recall@3 {result.recall_at_3:.3f}  "
        f"recall@5 {result.recall_at_5:.3f}  MRR {result.mrr:.3f}\n"
        f"answered {result.answer_rate:.3f}  right article {result.right_article:.3f}  "
        f"unanswerable declined {result.declined:.3f}\n"
        f'asked back ("Do you mean …?") {result.asked_back} answerable, the right article '
        f"among the choices for {result.asked_back_right}; {result.unanswerable_asked_back} "
        f"unanswerable\n"
        f"in other languages: {result.other_language} answerable, answered in their language "
        f"{result.in_their_language}, in another with a note {result.with_note}"
    )
    if show_failures:
        for line in result.failures:
            typer.echo(f"  {line}")


@kb_app.command("gaps")
def kb_gaps(
    workspace: WorkspaceOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the gaps as JSON.")] = False,
    examples: Annotated[int, typer.Option(help="Examples shown per gap.", min=1)] = 3,
) -> None:
    """Questions no article answered, grouped by their words, most asked first."""
    from deskpilot.knowledge import group_misses

    ws, index = _knowledge_index(_settings(workspace))
    try:
        gaps = group_misses(index.misses(), examples=examples)
    finally:
        index.close()
    if as_json:
        typer.echo(json.dumps([g.as_dict() for g in gaps], indent=2))
        return
    if not gaps:
        typer.echo(f"no unanswered questions recorded for {ws.root}")
    for gap in gaps:
        typer.echo(f"{gap.count:4d}  {gap.topic}")
        for example in gap.examples:
            typer.echo(f"        {example}")


@store_app.command("generate")
def store_generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the store into.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same store.")] = 7,
    users: Annotated[int, typer.Option(min=1, max=100000)] = 60,
    orders: Annotated[int, typer.Option(min=1, max=1000000)] = 150,
    force: Annotated[bool, typer.Option(help="Overwrite an existing store.")] = False,
) -> None:
    """Generate a deterministic demo store (users, orders, products)."""
    from deskpilot.domains.retail import generate_store, write_store

    if (out / "orders.json").exists() and not force:
        raise DeskpilotError(f"{out} already holds a store; pass --force to overwrite it")
    data = generate_store(seed=seed, users=users, orders=orders)
    write_store(out, data)
    typer.echo(
        f"wrote {out}: {len(data['users'])} users, {len(data['orders'])} orders, "
        f"{len(data['products'])} products"
    )


@store_app.command("reset")
def store_reset(store: StoreOpt = None) -> None:
    """Throw away the working copy's changes and start again from the store folder."""
    from deskpilot.runtime import ensure_demo_store, pack_of, store_workdir
    from deskpilot.workspace import load_workspace

    settings = _settings(store=store)
    pack = pack_of(load_workspace(settings.workspace))
    if pack is None:
        raise DeskpilotError(f"{settings.workspace}: the workspace names no domain pack (domain:)")
    source = ensure_demo_store(settings, pack)
    workdir = store_workdir(settings, source)
    pack.store.open(source, workdir).reset()
    typer.echo(f"reset {workdir} from {source}")


@actions_app.command("replay")
def actions_replay(
    tasks: Annotated[
        Path, typer.Argument(help="A file of reference tasks in the records' pack's format.")
    ],
    store: Annotated[
        Path, typer.Option("--store", help="The pristine records folder (never written).")
    ],
    workspace: Annotated[
        Path | None,
        typer.Option(
            help="Apply this workspace's policies.yaml too, and replay with its domain pack "
            "(default: no policies; the pack whose records the folder holds)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON report per task.")] = False,
) -> None:
    """Replay each task's operations through the guard as its verified customer."""
    import json

    from deskpilot.domains import pack_for_records
    from deskpilot.runtime import pack_of
    from deskpilot.workspace import load_workspace

    loaded = None if workspace is None else load_workspace(workspace)
    pack = (loaded and pack_of(loaded)) or pack_for_records(store)
    if pack.replay is None:
        raise InputError(f"the {pack.name} domain pack has no replay of reference tasks")
    reports = pack.replay(tasks, store, None if loaded is None else loaded.policies)
    failed = [r for r in reports if not r.ok]
    if as_json:
        typer.echo(json.dumps([r.report for r in reports], indent=2, default=str))
    else:
        for report in failed:
            typer.echo(f"{report.label}: {report.problem}")
    typer.echo(f"{len(reports) - len(failed)} passed, {len(failed)} failed", err=as_json)
    if failed:
        raise typer.Exit(1)


@actions_app.command("list")
def actions_list(store: StoreOpt = None) -> None:
    """List every registered action with its side effect and arguments."""
    from deskpilot.runtime import build_runtime

    runtime = build_runtime(_settings(store=store))
    try:
        for spec in runtime.actions.registry.specs():
            fields = ", ".join(spec.input_model.model_fields)
            typer.echo(f"{spec.name} [{spec.side_effect.value}] ({fields})")
    finally:
        runtime.close()


@users_app.command("create")
def create_user(
    username: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[
        str, typer.Option("--role", help="agent, supervisor or admin.", show_default=True)
    ] = "admin",
    name: Annotated[str, typer.Option("--name", help="The name shown to colleagues.")] = "",
    database_url: DatabaseOpt = None,
) -> None:
    """Create a console account; the password is read from standard input (not echoed on a
    terminal). The way to make the first admin where no demo accounts are seeded."""
    from deskpilot.console import StaffDirectory
    from deskpilot.domain import StaffRole

    try:
        wanted = StaffRole(role)
    except ValueError:
        roles = ", ".join(r.value for r in StaffRole)
        raise InputError(f"unknown role {role!r}; roles are {roles}") from None
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    secret = _settings().session_secret.get_secret_value()
    with _database(database_url) as db:
        staff = StaffDirectory(db, secret, timedelta(hours=1))
        user = staff.do_create_user(username, name, wanted, password, actor="cli")
    typer.echo(f"created {user.username} ({wanted.value})")


@audit_app.command("verify")
def audit_verify(
    tip: Annotated[
        str | None,
        typer.Option("--tip", help="A tip an earlier verify printed: it must still be in the log."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    database_url: DatabaseOpt = None,
) -> None:
    """Walk the event log's hash chain: any changed, removed, inserted or reordered event is
    reported (exit 1). Keep the printed tip elsewhere; '--tip' then also catches a cut-off or
    rewritten end."""
    import json

    with _database(database_url) as db:
        report = db.verify_audit(expect_tip=tip)
    if as_json:
        body = {"intact": report.intact, "events": report.events, "tip": report.tip}
        typer.echo(json.dumps({**body, "problems": report.problems}, indent=2))
    elif report.intact:
        typer.echo(f"intact: {report.events} events, tip {report.tip}")
    else:
        typer.echo(f"TAMPERED: {len(report.problems)} problems in {report.events} events")
        for problem in report.problems:
            typer.echo(f"  {problem}")
    if not report.intact:
        raise typer.Exit(1)


WhoArg = Annotated[
    str,
    typer.Argument(
        help="DeskPilot's customer id, the business's user id, or a handle (e-mail, phone)."
    ),
]


@privacy_app.command("export")
def privacy_export(
    who: WhoArg,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON here instead of stdout.")
    ] = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Everything DeskPilot holds about a customer, as JSON, table by table."""
    import json

    from deskpilot.store import PrivacyDesk

    with _database(database_url) as db:
        exported = PrivacyDesk(db).do_export(who, actor="cli")
    text = json.dumps(exported, indent=2, ensure_ascii=False, default=str)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"exported {len(exported['cases'])} cases of {who} to {out}")


def _erasure_line(erased: Erasure) -> str:
    counts = ", ".join(f"{table} {n}" for table, n in sorted(erased.counts.items()))
    return f"erased {len(erased.cases)} cases ({counts or 'nothing to erase'})"


@privacy_app.command("erase")
def privacy_erase(
    who: WhoArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    database_url: DatabaseOpt = None,
) -> None:
    """Erase what a customer said and what was done for them (cases, messages, events, action
    arguments, notes, drafts, handles); ids, statuses and the audit chain stay."""
    if not yes and not typer.confirm(f"Erase everything DeskPilot holds about {who}?"):
        raise typer.Abort()
    from deskpilot.store import PrivacyDesk

    with _database(database_url) as db:
        erased = PrivacyDesk(db).do_erase(who, actor="cli")
    typer.echo(_erasure_line(erased))


@privacy_app.command("purge")
def privacy_purge(
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, help="Retention in days (default: the workspace's)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the cases that would be erased.")
    ] = False,
    workspace: WorkspaceOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Erase the content of cases resolved and untouched for longer than the retention period
    (``privacy.retention_days`` in the workspace's deskpilot.yaml, or --days)."""
    from deskpilot.store import PrivacyDesk
    from deskpilot.workspace import load_workspace

    if days is None:
        config = load_workspace(_settings(workspace=workspace).workspace).config
        days = config.privacy.retention_days
    if days is None:
        raise InputError(
            "the workspace sets no privacy.retention_days; pass --days to purge anyway"
        )
    with _database(database_url) as db:
        erased = PrivacyDesk(db).do_purge(timedelta(days=days), actor="cli", dry_run=dry_run)
    if dry_run:
        typer.echo(f"{len(erased.cases)} cases are past {days} days: {' '.join(erased.cases)}")
    else:
        typer.echo(_erasure_line(erased))


@keys_app.command("create")
def create_api_key(
    name: Annotated[str, typer.Argument(help="What the key is for (an integration's name).")],
    scope: Annotated[
        list[str],
        typer.Option(
            "--scope",
            help="conversations:write, conversations:read or cases:read; repeat for several.",
        ),
    ],
    database_url: DatabaseOpt = None,
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from deskpilot.console import ApiKeys

    with _database(database_url) as db:
        key, secret = ApiKeys(db).do_create(name, scope, actor="cli")
    typer.echo(f"created {key.id} ({', '.join(sorted(key.scopes))}); the key, shown only now:")
    typer.echo(secret)


@keys_app.command("list")
def list_api_keys(database_url: DatabaseOpt = None) -> None:
    """Every API key: id, name, scopes, when it was created, last used and revoked."""
    from deskpilot.console import ApiKeys

    with _database(database_url) as db:
        found = ApiKeys(db).list()
    if not found:
        typer.echo("no API keys")
    for key in found:
        used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "never"
        state = (
            f"revoked {key.revoked_at.isoformat(timespec='seconds')}" if key.revoked_at else "live"
        )
        typer.echo(
            f"{key.id}  {key.name}  {','.join(sorted(key.scopes))}  "
            f"created {key.created_at.isoformat(timespec='seconds')} by {key.created_by}  "
            f"last used {used}  {state}"
        )


@keys_app.command("revoke")
def revoke_api_key(
    key_id: Annotated[str, typer.Argument(help="The key's id (key_…), as 'list' shows it.")],
    database_url: DatabaseOpt = None,
) -> None:
    """Revoke an API key: requests with it get 401 from now on."""
    from deskpilot.console import ApiKeys

    with _database(database_url) as db:
        key = ApiKeys(db).do_revoke(key_id, actor="cli")
    typer.echo(f"revoked {key.id} ({key.name})")


def main() -> None:
    """Entry point: run the CLI and turn DeskPilot errors into one line on stderr."""
    try:
        code = app(standalone_mode=False)
    except DeskpilotError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        raise exc
    except Exception as exc:
        import click

        # Usage errors come from click, or from the copy of click that newer Typers carry.
        shown = getattr(exc, "show", None)
        if isinstance(exc, click.ClickException) or (
            callable(shown) and isinstance(getattr(exc, "exit_code", None), int)
        ):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        typer.echo(f"error: unexpected {type(exc).__name__}; see the log for details", err=True)
        logging.getLogger(__name__).debug("unexpected error", exc_info=exc)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
