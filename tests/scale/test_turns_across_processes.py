"""Several processes on one PostgreSQL database: started together on a fresh database they
migrate it once, without racing; and a conversation's turns posted to two API processes at
once are processed one at a time, each message answered before the next is taken."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import fresh_postgres
from tests.scale._processes import Deployment, Server, two_servers
from tests.scale.conftest import REDIS_URL, _redis_prefix, trained_data_dir

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TURNS = 12


@pytest.fixture(scope="module")
def fresh_deployment(
    tmp_path_factory: pytest.TempPathFactory, demo_store_source: Path, retail_models: Path
) -> Iterator[Deployment]:
    """A deployment whose PostgreSQL database is new and empty (not migrated beforehand)."""
    data_dir = trained_data_dir(tmp_path_factory.mktemp("turns"), retail_models)
    with fresh_postgres() as database_url, _redis_prefix() as prefix:
        yield Deployment(database_url, REDIS_URL, prefix, demo_store_source, data_dir)


@pytest.fixture(scope="module")
def servers(fresh_deployment: Deployment) -> Iterator[tuple[Server, Server]]:
    """Two API processes started together on the fresh database."""
    with two_servers(fresh_deployment) as pair:
        yield pair


def _schema_versions(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as c:
            return [row[0] for row in c.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


def test_commands_started_together_on_a_fresh_database_all_migrate_it() -> None:
    """Each command migrates before it works: four at once on an empty database all succeed
    (without the migration lock, all but one fail creating tables another just created)."""
    with fresh_postgres() as database_url:
        command = [sys.executable, "-m", "deskpilot.cli", "audit", "verify"]
        runs = [
            subprocess.Popen(
                [*command, "--database-url", database_url],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(4)
        ]
        outputs = [run.communicate(timeout=120)[0].decode(errors="replace") for run in runs]
        assert [run.returncode for run in runs] == [0] * 4, "\n".join(outputs)
        assert len(_schema_versions(database_url)) == 1


def test_servers_started_together_on_a_fresh_database_both_serve(
    servers: tuple[Server, Server], fresh_deployment: Deployment
) -> None:
    for server in servers:
        assert httpx.get(f"{server.url}/ready", timeout=10).status_code == 200
        assert "Traceback" not in server.output()
    assert len(_schema_versions(fresh_deployment.database_url)) == 1


def _post(server: Server, auth: dict[str, str], text: str) -> dict[str, Any]:
    response = httpx.post(
        f"{server.url}/v1/widget/messages", json={"text": text}, headers=auth, timeout=120
    )
    assert response.status_code == 201, response.text
    turn: dict[str, Any] = response.json()
    return turn


def test_turns_of_one_conversation_posted_to_two_processes_never_interleave(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    session = httpx.post(f"{a.url}/v1/widget/sessions", timeout=30)
    assert session.status_code == 201, session.text
    auth = {"Authorization": f"Bearer {session.json()['token']}"}
    texts = [f"hello, question {n}" for n in range(TURNS)]
    with ThreadPoolExecutor(max_workers=TURNS) as pool:
        turns = list(pool.map(lambda n: _post(servers[n % 2], auth, texts[n]), range(TURNS)))
    transcript = httpx.get(f"{b.url}/v1/widget/messages", headers=auth, timeout=30).json()

    stored = [m for m in transcript["messages"] if m["sender"] == "customer"]
    assert sorted(m["text"] for m in stored) == sorted(texts), "every message is stored once"
    assert all(turn["replies"] for turn in turns), "every message is answered"
    # Each message is followed in the conversation by exactly its own replies: no turn's
    # message slipped in while another turn was being answered.
    replies_of = {turn["message"]["id"]: [r["id"] for r in turn["replies"]] for turn in turns}
    following: dict[str, list[str]] = {}
    current: str | None = None
    for message in transcript["messages"]:
        if message["sender"] == "customer":
            current = message["id"]
            following[current] = []
        elif current is not None:
            following[current].append(message["id"])
    assert following == replies_of
