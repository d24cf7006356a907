"""Faults with real processes: two ``deskpilot serve`` with ``DESKPILOT_TURNS=worker``, two
``deskpilot worker`` (Celery), one PostgreSQL database, a Redis server of the module's own and
a fake accounts system the account desk writes to. Each test breaks something in the middle of
conversations and counts what the customers sent and got: messages accepted (2xx), answered,
lost (accepted and never answered: must be 0) and writes doubled (a write performed twice, or
a message answered twice: must be 0). Run with ``-s`` to see the figures (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from deskpilot.settings import get_settings
from tests.conftest import fresh_postgres, skip_or_fail
from tests.scale._accounts import Accounts, accounts_server
from tests.scale._processes import Deployment, Server, Worker, free_port, wait_for
from tests.second_business.conftest import CONNECTOR, WORKSPACE

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

LEASE_SECONDS = 4
WORKER_DB_NAME = "dpworker"
FORGOT = "Hi, I forgot my password. My email is ann@example.com"


class PrivateRedis:
    """A ``redis-server`` of this module's own on a free port, without persistence: a restart
    loses everything it held, as a crash of a cache-configured Redis would."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.data = data
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            skip_or_fail("redis-server is not installed")
            raise AssertionError
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        self.popen = subprocess.Popen(
            [binary, *args, "no", "--dir", str(self.data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, "the private Redis to answer", 10)

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(10)


@dataclass
class Cluster:
    """The module's processes and what they share."""

    deployment: Deployment
    accounts: Accounts
    redis: PrivateRedis
    servers: list[Server]
    workers: list[Worker]
    figures: dict[str, dict[str, int]] = field(default_factory=dict)

    def start_worker(self, name: str) -> Worker:
        db = f"{self.deployment.database_url}?application_name={WORKER_DB_NAME}"
        worker = Worker(self.deployment, name, **_env(self), DESKPILOT_DATABASE_URL=db)
        self.workers.append(worker)
        return worker

    def live_workers(self) -> list[Worker]:
        return [w for w in self.workers if w.alive()]

    def query(self, sql: str, **params: Any) -> list[Any]:
        engine = create_engine(self.deployment.database_url)
        try:
            with engine.connect() as c:
                return list(c.execute(text(sql), params).all())
        finally:
            engine.dispose()


def _env(cluster: Cluster) -> dict[str, str]:
    return {
        "DESKPILOT_TURNS": "worker",
        "DESKPILOT_WORKSPACE": str(cluster.deployment.data_dir / "ws"),
        "DESKPILOT_SECRETS": '{"accounts_token": "t0ken"}',
        "DESKPILOT_TURN_LEASE_SECONDS": str(LEASE_SECONDS),
        "DESKPILOT_TURN_WAIT_SECONDS": "30",
        "DESKPILOT_WORKER_CONCURRENCY": "2",
        "DESKPILOT_MESSAGES_PER_MINUTE": "0",
        "DESKPILOT_OPENED_PER_MINUTE": "0",
    }


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    data_dir = tmp_path_factory.mktemp("faults")
    redis = PrivateRedis(data_dir)
    with fresh_postgres() as database_url, accounts_server() as accounts:
        redis.start()
        ws = data_dir / "ws"
        shutil.copytree(WORKSPACE, ws)
        (ws / "connectors").mkdir()
        (ws / "connectors" / "accounts.yaml").write_text(CONNECTOR.format(base=accounts.url))
        deployment = Deployment(database_url, redis.url, "dpfault:", data_dir, data_dir)
        cluster = Cluster(deployment, accounts, redis, [], [])
        try:
            # The first process migrates the database and trains the workspace's models into
            # the shared data folder; the others start on what it left.
            first = Server(deployment, "serve-a", **_env(cluster))
            cluster.servers.append(first)
            first.wait_ready()
            cluster.servers.append(Server(deployment, "serve-b", **_env(cluster)))
            cluster.start_worker("worker-1")
            cluster.start_worker("worker-2")
            for process in [cluster.servers[1], *cluster.workers]:
                process.wait_ready()
            yield cluster
        finally:
            for worker in cluster.workers:
                if worker.alive():
                    worker.resume()
            for process in [*cluster.servers, *cluster.workers]:
                process.stop()
            redis.stop()
            if cluster.figures:
                print("\nfault figures:")
                for name, figures in cluster.figures.items():
                    print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


class Visitor:
    """One widget conversation, posting to one API process or another."""

    def __init__(self, server: Server) -> None:
        response = httpx.post(f"{server.url}/v1/widget/sessions", timeout=30)
        assert response.status_code == 201, response.text
        self.auth = {"Authorization": f"Bearer {response.json()['token']}"}
        self.accepted: dict[str, int] = {}  # message id: replies in the answer

    def post(self, server: Server, words: str) -> httpx.Response | None:
        """The API's answer; None when the process could not be reached or died."""
        try:
            response = httpx.post(
                f"{server.url}/v1/widget/messages",
                json={"text": words},
                headers=self.auth,
                timeout=60,
            )
        except httpx.TransportError:
            return None
        if response.is_success:
            turn = response.json()
            self.accepted[turn["message"]["id"]] = len(turn["replies"])
        return response

    def say(self, server: Server, words: str) -> str:
        """Post and expect an answer now; the replies' text."""
        response = self.post(server, words)
        assert response is not None and response.status_code == 201, response
        return " ".join(r["text"] for r in response.json()["replies"])


def _replies(cluster: Cluster, message_ids: list[str]) -> dict[str, int]:
    rows = cluster.query(
        "SELECT m.id, m.status, (SELECT count(*) FROM messages r WHERE r.reply_to = m.id "
        "AND r.direction = 'outbound') FROM messages m WHERE m.id = ANY(:ids)",
        ids=message_ids,
    )
    return {row[0]: row[2] for row in rows if row[1] in ("processed", "gave_up")}


def _count(cluster: Cluster, name: str, visitors: list[Visitor], writes: int = 0) -> None:
    """Wait for every accepted message to be answered, then record and check the figures."""
    accepted = {m: n for v in visitors for m, n in v.accepted.items()}

    def all_answered() -> bool:
        return len(_replies(cluster, list(accepted))) == len(accepted)

    with contextlib.suppress(AssertionError):  # what is not answered is counted as lost
        wait_for(all_answered, "every accepted message to be answered", 30)
    stored = _replies(cluster, list(accepted))
    # Answered twice: more replies stored than the customer was given (a second turn's).
    doubled_answers = sum(1 for m, n in accepted.items() if n and stored.get(m, 0) > n)
    figures = {
        "accepted": len(accepted),
        "answered": len(stored),
        "lost": len(accepted) - len(stored),
        "writes doubled": writes + doubled_answers,
    }
    cluster.figures[name] = figures
    print(f"\n{name}: {figures}")
    assert figures["lost"] == 0
    assert figures["writes doubled"] == 0


def _admin(sql: str) -> list[Any]:
    """Run ``sql`` on the PostgreSQL server's test database (not the deployment's)."""
    engine = create_engine(get_settings().postgres_test_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as c:
            result = c.execute(text(sql))
            return list(result.all()) if result.returns_rows else []
    finally:
        engine.dispose()


def _writes_doubled(accounts: Accounts, before: set[str]) -> tuple[int, int]:
    """(writes performed since ``before``, of which beyond one per conversation)."""
    new = [key for key in accounts.performed if key not in before]
    return len(new), max(0, len(new) - 1)


def _to_the_yes(visitor: Visitor, server: Server) -> None:
    assert "text or by email" in visitor.say(server, FORGOT)
    assert "Shall I go ahead" in visitor.say(server, "by text please")


def _holder(cluster: Cluster) -> Worker:
    """The one worker with a turn in hand."""
    holders: list[Worker] = []

    def one_holds() -> bool:
        holders[:] = [w for w in cluster.live_workers() if w.turns_in_hand() > 0]
        return len(holders) == 1

    wait_for(one_holds, "one worker to hold the turn", 10)
    return holders[0]


def test_a_worker_killed_in_the_middle_of_a_write_another_finishes_it_once(
    cluster: Cluster,
) -> None:
    server = cluster.servers[0]
    visitor = Visitor(server)
    _to_the_yes(visitor, server)
    before = set(cluster.accounts.performed)
    cluster.accounts.hold(60)
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(visitor.say, server, "yes")
        assert cluster.accounts.arrived.wait(30), "the write never reached the backend"
        holder = _holder(cluster)
        holder.kill()
        cluster.accounts.release()
        # Another worker takes the turn once its lease ran out, resumes the write with its
        # idempotency key, and the customer gets the answer the API process waited for.
        assert "on its way by sms" in answer.result(timeout=60)
    cluster.start_worker("worker-3")  # for the tests after this one
    performed, doubled = _writes_doubled(cluster.accounts, before)
    assert performed == 1
    (key,) = set(cluster.accounts.performed) - before
    assert cluster.accounts.requests[key] == 2, "the second worker resumed the same write"
    _count(cluster, "worker killed mid-write", [visitor], doubled)


def test_an_api_process_killed_under_load_loses_no_accepted_message(cluster: Cluster) -> None:
    a, b = cluster.servers
    visitors = [Visitor(b) for _ in range(6)]

    def talk(n: int) -> None:
        for turn in range(6):
            server = a if (n + turn) % 2 == 0 and a.alive() else b
            visitors[n].post(server, f"hello, question {turn}")

    with ThreadPoolExecutor(len(visitors)) as pool:
        talking = [pool.submit(talk, n) for n in range(len(visitors))]
        wait_for(lambda: sum(len(v.accepted) for v in visitors) >= 8, "some turns", 30)
        a.kill()
        for future in talking:
            future.result(timeout=120)
    assert sum(len(v.accepted) for v in visitors) > 8, "turns went on through the other process"
    _count(cluster, "API process killed under load", visitors)


def test_turns_go_on_while_redis_restarts(cluster: Cluster) -> None:
    server = cluster.servers[1]
    visitor = Visitor(server)
    visitor.say(server, "hello")
    workers = cluster.live_workers()
    connected = [w.output().count("Connected to ") for w in workers]
    cluster.redis.stop()
    # Without the broker, the API process takes the turns itself: answered all the same.
    for turn in range(2):
        assert visitor.say(server, f"hello again, {turn}")
    received = sum(w.output().count("] received") for w in cluster.live_workers())
    cluster.redis.start()

    def workers_back() -> bool:
        now = [w.output().count("Connected to ") for w in workers]
        return all(n > was for n, was in zip(now, connected, strict=True))

    wait_for(workers_back, "the workers to reconnect", 30)
    for turn in range(3):
        assert visitor.say(server, f"and once more, {turn}")
    stopped = [w for w in workers if not w.alive()]
    assert not stopped, "a worker stopped across the restart; its log's end:\n" + "\n".join(
        w.output()[-4000:] for w in stopped
    )
    after = sum(w.output().count("] received") for w in cluster.live_workers())
    assert after >= received + 3, "the turns after the restart went through the workers"
    _count(cluster, "Redis restarted", [visitor])


def test_a_database_connection_dropped_mid_turn_is_retried_and_answered_once(
    cluster: Cluster,
) -> None:
    server = cluster.servers[1]
    visitor = Visitor(server)
    _to_the_yes(visitor, server)
    before = set(cluster.accounts.performed)
    retries = sum(w.output().count("retry: Retry in") for w in cluster.live_workers())
    database = cluster.deployment.database_url.rsplit("/", 1)[1]
    cluster.accounts.hold(30)
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(visitor.say, server, "yes")
        assert cluster.accounts.arrived.wait(30), "the write never reached the backend"
        # The worker is in the middle of its turn (its turn lock's transaction open, the
        # write sent): its connections are cut and it cannot open new ones for a while.
        _admin(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        try:
            dropped = _admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE application_name = '{WORKER_DB_NAME}' AND datname = '{database}'"
            )
            assert dropped, "the workers' connections were found and dropped"
            cluster.accounts.release()
            time.sleep(2.5)
        finally:
            _admin(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        assert "on its way by sms" in answer.result(timeout=60)
    after = sum(w.output().count("retry: Retry in") for w in cluster.live_workers())
    assert after > retries, "the turn failed on the database and was retried"
    performed, doubled = _writes_doubled(cluster.accounts, before)
    assert performed == 1
    _count(cluster, "database connections dropped mid-turn", [visitor], doubled)


def test_a_worker_stalled_past_its_lease_does_the_turn_once(cluster: Cluster) -> None:
    server = cluster.servers[1]
    visitor = Visitor(server)
    _to_the_yes(visitor, server)
    for worker in cluster.live_workers():
        worker.wait_ready()
    before = set(cluster.accounts.performed)
    received = sum(w.output().count("] received") for w in cluster.live_workers())
    cluster.accounts.hold(60)
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(visitor.say, server, "yes")
        assert cluster.accounts.arrived.wait(30), "the write never reached the backend"
        holder = _holder(cluster)
        holder.stall()
        cluster.accounts.release()
        # Past the lease, the turn is handed to another worker, which waits for the stalled
        # one's turn lock.
        redelivered = lambda: (  # noqa: E731
            sum(w.output().count("] received") for w in cluster.live_workers()) > received + 1
        )
        wait_for(redelivered, "the turn to be handed to another worker", LEASE_SECONDS + 10)
        time.sleep(1)
        holder.resume()
        assert "on its way by sms" in answer.result(timeout=60)
    performed, doubled = _writes_doubled(cluster.accounts, before)
    assert performed == 1
    (key,) = set(cluster.accounts.performed) - before
    assert cluster.accounts.requests[key] == 1, "the other worker found the turn done"
    _count(cluster, "worker stalled past its lease", [visitor], doubled)
