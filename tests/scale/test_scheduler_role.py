"""The scheduler role with real processes: ``deskpilot serve`` with
``DESKPILOT_SCHEDULER=separate`` runs no timers; of two ``deskpilot scheduler``, one is active
and an SLA breach is recorded once; a breach due while no scheduler ran is recorded late, not
never; when the active scheduler is killed (``kill -9``) the other takes over."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from deskpilot.domain import CaseId, EventType, OutboxMessage, new_id
from deskpilot.settings import PROJECT_ROOT
from deskpilot.store import Database
from tests.conftest import run_cli
from tests.scale._processes import Deployment, Scheduler, Server, hand_off, wait_for
from tests.test_outbox import Gateway, serving_gateway

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# Cases wait in one round-the-clock queue; their first answer is due in 3 s, their resolution
# in 6 s. Alice only answers when she signs in.
ROUTING = """\
default_queue: general
queues:
  - name: general
agents:
  - id: alice
    name: Alice
    capacity: 50
sla_policies:
  - priority: "*"
    first_response: 3s
    resolution: 6s
"""
ROLE = {"DESKPILOT_SCHEDULER": "separate", "DESKPILOT_SLA_TICK_SECONDS": "0.5"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace with SLA targets of seconds."""
    folder = tmp_path_factory.mktemp("workspace") / "retail"
    shutil.copytree(PROJECT_ROOT / "examples" / "retail", folder)
    (folder / "routing.yaml").write_text(ROUTING)
    return folder


@pytest.fixture(scope="module")
def server(deployment: Deployment, workspace: Path) -> Iterator[Server]:
    """One API process that leaves the timers to schedulers."""
    api = Server(deployment, "serve", DESKPILOT_WORKSPACE=str(workspace), **ROLE)
    try:
        api.wait_ready()
        yield api
    finally:
        api.stop()


@pytest.fixture(scope="module")
def db(deployment: Deployment, server: Server) -> Iterator[Database]:
    """The deployment's database, to read the event log."""
    database = Database.connect(deployment.database_url, upgrade=False)
    yield database
    database.dispose()


def _logged(db: Database, case_id: str, kind: EventType, target: str = "") -> int:
    """How many events of ``kind`` (for SLA ``target``, when given) the case's log holds."""
    with db.transaction() as repo:
        events = repo.list_events(CaseId(case_id))
    return sum(1 for e in events if e.type is kind and e.data.get("target", "") == target)


def _breaches(db: Database, case_id: str) -> int:
    """The case's first-response breaches."""
    return _logged(db, case_id, EventType.SLA_BREACHED, "first_response")


def test_timers_fire_once_late_after_an_outage_and_survive_a_killed_scheduler(
    deployment: Deployment, workspace: Path, server: Server, db: Database
) -> None:
    late = hand_off(server, db)
    time.sleep(4)  # past the case's 3-second target
    assert _breaches(db, late) == 0, "the API process runs no timers"

    env = {"DESKPILOT_WORKSPACE": str(workspace), "DESKPILOT_LOG_FORMAT": "json", **ROLE}
    schedulers = [Scheduler(deployment, f"scheduler-{n}", **env) for n in (1, 2)]
    try:
        wait_for(lambda: _breaches(db, late) > 0, "the breach due while no scheduler ran", 90)
        active = [s for s in schedulers if "scheduler active" in s.output()]
        assert len(active) == 1, "one scheduler is active"
        standby = next(s for s in schedulers if s is not active[0])

        on_time = hand_off(server, db)
        wait_for(lambda: _breaches(db, on_time) > 0, "a breach with two schedulers running")

        active[0].kill()
        after_kill = hand_off(server, db)
        wait_for(lambda: _breaches(db, after_kill) > 0, "a breach after the active one died")
        assert "scheduler active" in standby.output(), "the other scheduler took over"
        time.sleep(2)  # a few more ticks of the survivor: nothing is recorded twice
        assert [_breaches(db, c) for c in (late, on_time, after_kill)] == [1, 1, 1]
    finally:
        for scheduler in schedulers:
            scheduler.stop()
    lines = [json.loads(line) for line in standby.output().splitlines()]
    assert {"time", "level", "logger", "message"} <= set(lines[-1]), "one JSON object a line"
    assert any(line["message"].startswith("scheduler active") for line in lines)


@pytest.mark.parametrize(
    ("command", "env", "expected"),
    [
        (["scheduler"], {}, "deskpilot scheduler shares the timers between processes through"),
        (["serve"], {"DESKPILOT_SCHEDULER": "separate"}, "DESKPILOT_SCHEDULER=separate runs"),
    ],
    ids=["scheduler", "serve-separate"],
)
def test_the_scale_out_roles_refuse_sqlite_in_one_line(
    tmp_path: Path, demo_store_source: Path, command: list[str], env: dict[str, str], expected: str
) -> None:
    result = run_cli(
        *command,
        env={
            "DESKPILOT_DATA_DIR": str(tmp_path),
            "DESKPILOT_STORE": str(demo_store_source),
            "DESKPILOT_DATABASE_URL": "",
            **env,
        },
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {expected}")
    assert "Traceback" not in result.stderr


@contextmanager
def _agent(server: Server) -> Iterator[httpx.Client]:
    """Alice, signed in on ``server``."""
    with httpx.Client(base_url=server.url, timeout=30) as agent:
        login = {"username": "alice", "password": "deskpilot-demo"}
        session = agent.post("/v1/agent/session", json=login)
        assert session.status_code == 200, session.text
        agent.headers["X-CSRF-Token"] = session.json()["csrf_token"]
        yield agent


def test_a_pause_made_on_another_api_process_holds_the_scheduler_clock(
    deployment: Deployment, workspace: Path, server: Server, db: Database
) -> None:
    """A case routed by one API process, answered by an agent on another who waits for the
    customer: the second process rebuilds the clocks from the log to pause them, and the
    scheduler, reading the log, records no resolution breach."""
    env = {"DESKPILOT_WORKSPACE": str(workspace), **ROLE}
    other = Server(deployment, "serve-other", DESKPILOT_DEMO_USERS="true", **env)
    scheduler = Scheduler(deployment, "scheduler-pause", **env)
    try:
        other.wait_ready()
        case_id = hand_off(server, db)
        with _agent(other) as agent:
            assert agent.post(f"/v1/agent/cases/{case_id}/take").status_code == 200
            said = {"text": "I am on it. Which order is it?", "wait_for_customer": True}
            reply = agent.post(f"/v1/agent/cases/{case_id}/reply", json=said)
            assert reply.status_code == 201, reply.text
        assert _logged(db, case_id, EventType.SLA_PAUSED) == 1, "the other process paused it"
        scheduler.wait_output("scheduler active")
        time.sleep(7)  # past the 6-second resolution target, counted from the hand-off
        assert _logged(db, case_id, EventType.SLA_BREACHED, "resolution") == 0
        assert _breaches(db, case_id) == 0, "the first answer came in time"
    finally:
        scheduler.stop()
        other.stop()


@pytest.fixture
def gateway() -> Iterator[str]:
    """The fake SMS gateway's base URL: each scheduler posts to a path of its own."""
    with serving_gateway() as url:
        yield url


def test_the_outbox_is_delivered_once_by_the_active_scheduler_only(
    deployment: Deployment, workspace: Path, server: Server, db: Database, gateway: str
) -> None:
    """Messages waiting in the outbox (codes a turn queued) are sent by the active scheduler's
    worker, never by an API process, and once each with two schedulers running."""
    queued = [
        OutboxMessage(new_id("out"), "sms", f"+1555010000{n}", "Shop: your code", f"Code {n}")
        for n in range(3)
    ]
    with db.transaction() as repo:
        for message in queued:
            repo.insert_outbox(message)

    def sender(name: str) -> dict[str, str]:
        return {
            "DESKPILOT_WORKSPACE": str(workspace),
            "DESKPILOT_OUTBOX_TRANSPORT": "send",
            "DESKPILOT_SMS_WEBHOOK_URL": f"{gateway}/{name}",
            "DESKPILOT_RETRY_INTERVAL_SECONDS": "0.5",
            **ROLE,
        }

    api = Server(deployment, "serve-outbox", **sender("api"))
    schedulers = [Scheduler(deployment, name, **sender(name)) for name in ("s1", "s2")]
    try:
        api.wait_ready()

        def all_sent() -> bool:
            with db.transaction() as repo:
                mine = [m for m in repo.list_outbox() if m.id in {q.id for q in queued}]
            return all(m.status == "sent" for m in mine)

        wait_for(all_sent, "the outbox to be delivered", 90)
        time.sleep(2)  # more passes of every process: nothing goes out again
    finally:
        for process in (*schedulers, api):
            process.stop()
    assert sorted(r["id"] for r in Gateway.received) == sorted(m.id for m in queued), "once each"
    senders = {r["path"] for r in Gateway.received}
    assert len(senders) == 1 and senders < {"/s1", "/s2"}, f"one scheduler sent: {senders}"


def test_heartbeats_heard_by_one_api_process_count_in_another(
    deployment: Deployment, workspace: Path, db: Database
) -> None:
    """Alice's console heartbeats reach one API process; a hand-off routed by another finds
    her reachable (past the presence timeout, only a heartbeat says she is there) and gives
    her the case."""
    env = {
        "DESKPILOT_WORKSPACE": str(workspace),
        "DESKPILOT_DEMO_USERS": "true",
        "DESKPILOT_PRESENCE_TIMEOUT_SECONDS": "3",
        **ROLE,
    }
    hears, routes = (
        Server(deployment, "serve-hears", **env),
        Server(deployment, "serve-routes", **env),
    )
    try:
        hears.wait_ready()
        routes.wait_ready()
        with _agent(hears) as agent:
            online = agent.put("/v1/agent/presence", json={"presence": "online"})
            assert online.status_code == 200, online.text
            for _ in range(5):  # past the presence timeout, heartbeats only to this process
                assert agent.post("/v1/agent/heartbeat").status_code == 204
                time.sleep(1)
            case_id = hand_off(routes, db)
        with db.transaction() as repo:
            assignment = repo.get_assignment(CaseId(case_id))
        assert assignment is not None
        assert (assignment.state.value, assignment.agent) == ("assigned", "alice")
    finally:
        hears.stop()
        routes.stop()
