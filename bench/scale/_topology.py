"""The systems under test: the embedded ``deskpilot serve`` (SQLite, turns in its process), and
the scale-out one (``deskpilot serve`` and N ``deskpilot worker`` on a PostgreSQL database of
their own, Redis as broker and live bus under a key prefix of their own); and what is read
about them: their processes' CPU, the database's size, Redis's memory under the prefix.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _server import BenchError, free_port, last_line, process_cpu_seconds, stop_process, wait_ready

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_READY_S = 120.0
# Settings a developer may have exported that would point the processes elsewhere.
_DROPPED = ("DESKPILOT_",)


@dataclass(frozen=True)
class Services:
    """Where the scale-out topology's state and broker live."""

    postgres_admin_url: str
    redis_url: str


@dataclass
class Running:
    """A topology started: its API's URL, its processes, how to read its database and Redis."""

    name: str
    url: str
    server_pid: int
    worker_pids: list[int]
    store: Path
    database_url: str
    redis_url: str | None = None
    redis_prefix: str | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        """Every DeskPilot process of the topology."""
        return [self.server_pid, *self.worker_pids]

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds used so far by the API process and by the workers (all together)."""
        return process_cpu_seconds(self.server_pid), sum(
            process_cpu_seconds(p) for p in self.worker_pids
        )


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    env.update(
        DESKPILOT_DATA_DIR=str(data_dir),
        # One address sends at many times a person's pace: the public limits would measure
        # themselves.
        DESKPILOT_MESSAGES_PER_MINUTE="0",
        DESKPILOT_OPENED_PER_MINUTE="0",
    )
    return env


def _command(*args: str) -> list[str]:
    import sys

    script = Path(sys.executable).parent / "deskpilot"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "deskpilot.cli"]
    return [*base, *args]


class _Processes:
    """The processes a topology started, stopped in reverse order."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                _command(*args), cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.started.append(proc)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.started):
            stop_process(proc)


def _wait_worker(proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + WORKER_READY_S
    while time.monotonic() < deadline:
        if " ready." in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise BenchError(f"a worker exited: {last_line(log)} (log: {log})")
        time.sleep(0.2)
    raise BenchError(f"a worker did not start within {WORKER_READY_S:.0f} s (log: {log})")


@contextmanager
def embedded(data_dir: Path) -> Iterator[Running]:
    """``deskpilot serve`` as ``make run`` starts it: SQLite, turns taken in its process."""
    folder = data_dir / f"embedded-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    database = folder / "deskpilot.sqlite3"
    env = _base_env(data_dir)
    env["DESKPILOT_DATABASE_URL"] = f"sqlite:///{database}"
    processes = _Processes()
    port = free_port()
    log = folder / "serve.log"
    try:
        proc = processes.start(["serve", "--host", "127.0.0.1", "--port", str(port)], env, log)
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, proc, log)
        yield Running("embedded", url, proc.pid, [], data_dir / "demo-store", str(database))
    finally:
        processes.stop()


@contextmanager
def scaled_out(data_dir: Path, services: Services, workers: int) -> Iterator[Running]:
    """``deskpilot serve`` and ``workers`` ``deskpilot worker`` (turns taken by the workers)
    on a new PostgreSQL database and a new Redis key prefix, both removed afterwards."""
    prefix = f"dpbench:{uuid.uuid4().hex[:10]}:"
    with ExitStack() as stack:
        database_url = stack.enter_context(_fresh_database(services.postgres_admin_url))
        stack.callback(_delete_prefix, services.redis_url, prefix)
        env = _base_env(data_dir)
        env.update(
            DESKPILOT_DATABASE_URL=database_url,
            DESKPILOT_REDIS_URL=services.redis_url,
            DESKPILOT_REDIS_PREFIX=prefix,
            DESKPILOT_TURNS="worker",
        )
        processes = _Processes()
        stack.callback(processes.stop)
        folder = data_dir / prefix.replace(":", "-").strip("-")
        folder.mkdir()
        port = free_port()
        log = folder / "serve.log"
        server = processes.start(["serve", "--host", "127.0.0.1", "--port", str(port)], env, log)
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, server, log)  # it migrated the database: the workers find it ready
        started = []
        for i in range(workers):
            worker_log = folder / f"worker-{i}.log"
            started.append((processes.start(["worker"], env, worker_log), worker_log))
        for proc, worker_log in started:
            _wait_worker(proc, worker_log)
        name = f"{workers} worker" + ("s" if workers > 1 else "")
        yield Running(
            name,
            url,
            server.pid,
            [p.pid for p, _ in started],
            data_dir / "demo-store",
            database_url,
            services.redis_url,
            prefix,
            [log, *(w for _, w in started)],
        )


@contextmanager
def _fresh_database(admin_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"dpbench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        raise BenchError(f"cannot create a database through {admin_url}: {exc.orig}") from exc
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def check_redis(url: str) -> None:
    """Fail with one line when Redis does not answer at ``url``."""
    import redis

    client = _redis(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise BenchError(f"Redis does not answer at {url}: {exc}") from exc
    finally:
        client.close()


def _delete_prefix(url: str, prefix: str) -> None:
    client = _redis(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def redis_memory(url: str, prefix: str) -> dict[str, int]:
    """Bytes Redis holds for each key under ``prefix`` (``MEMORY USAGE``), by key without
    the prefix."""
    client = _redis(url)
    try:
        found: dict[str, int] = {}
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            used = client.memory_usage(key, samples=0)
            name = key.decode(errors="replace").removeprefix(prefix)
            found[name] = int(used or 0)
        return found
    finally:
        client.close()


@dataclass(frozen=True)
class Storage:
    """The database's size in bytes and the customer messages it holds."""

    bytes: int
    turns: int


def storage(running: Running) -> Storage:
    """The size of every table with its indexes (PostgreSQL: ``pg_total_relation_size``;
    SQLite: the pages in use), and the inbound messages stored."""
    if running.database_url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(running.database_url)
        try:
            with engine.connect() as c:
                size = c.execute(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind = 'r'"
                    )
                ).scalar_one()
                turns = c.execute(
                    text("SELECT count(*) FROM messages WHERE direction = 'inbound'")
                ).scalar_one()
        finally:
            engine.dispose()
        return Storage(int(size), int(turns))
    with sqlite3.connect(f"file:{running.database_url}?mode=ro", uri=True) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        turns = db.execute("SELECT count(*) FROM messages WHERE direction = 'inbound'").fetchone()
    return Storage((pages - free) * page_size, int(turns[0]))
