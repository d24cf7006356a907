"""API keys on the server-to-server API: /v1/conversations and /v1/cases need a key with the
right scope (issue 11, finding 1: a conversation's transcript was readable by anyone holding its
id); admins create and revoke keys in the console, the agents' API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from deskpilot.api import create_app
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import PROJECT_ROOT, Settings
from tests.conftest import run_cli

CUSTOMER = "ximena.nakamura2272@example.com"


@pytest.fixture
def bare(client: TestClient) -> TestClient:
    """The app's client without its API key: every credential a request carries is its own."""
    del client.headers["Authorization"]
    return client


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_without_a_key_nothing_is_opened_posted_or_read(runtime: Runtime, bare: TestClient) -> None:
    _key, secret = runtime.api_keys.do_create("shop", ["conversations:write"], actor="tests")
    opened = bare.post("/v1/conversations", json={}, headers=_bearer(secret)).json()
    conversation_id, case_id = opened["id"], opened["case_id"]
    said = f"my email is {CUSTOMER}, where is my order?"
    path = f"/v1/conversations/{conversation_id}/messages"
    assert bare.post(path, json={"text": said}, headers=_bearer(secret)).status_code == 201
    attempts = [
        bare.post("/v1/conversations", json={"channel": "api"}),
        bare.post(f"/v1/conversations/{conversation_id}/messages", json={"text": "yes"}),
        bare.get(f"/v1/conversations/{conversation_id}"),
        bare.get(f"/v1/cases/{case_id}"),
        bare.get(f"/v1/cases/{case_id}/events"),
    ]
    for response in attempts:
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert "needs an API key" in response.json()["detail"]
        assert CUSTOMER not in response.text
    # the transcript is there for a caller whose key may read it
    _key, reader = runtime.api_keys.do_create("crm", ["conversations:read"], actor="tests")
    read = bare.get(f"/v1/conversations/{conversation_id}", headers=_bearer(reader))
    assert read.status_code == 200 and CUSTOMER in read.text


def test_a_key_does_only_what_its_scopes_allow(runtime: Runtime, bare: TestClient) -> None:
    _key, writer = runtime.api_keys.do_create("shop", ["conversations:write"], actor="tests")
    opened = bare.post("/v1/conversations", json={"channel": "api"}, headers=_bearer(writer))
    assert opened.status_code == 201
    conversation_id, case_id = opened.json()["id"], opened.json()["case_id"]
    path = f"/v1/conversations/{conversation_id}/messages"
    turn = bare.post(path, json={"text": "hello"}, headers={"X-API-Key": writer})
    assert turn.status_code == 201 and turn.json()["replies"]
    for refused in (
        bare.get(f"/v1/conversations/{conversation_id}", headers=_bearer(writer)),
        bare.get(f"/v1/cases/{case_id}/events", headers=_bearer(writer)),
    ):
        assert refused.status_code == 403
        assert "scope" in refused.json()["detail"]
    _key, reader = runtime.api_keys.do_create("reports", ["cases:read"], actor="tests")
    assert bare.get(f"/v1/cases/{case_id}/events", headers=_bearer(reader)).status_code == 200
    assert bare.post(path, json={"text": "hi"}, headers=_bearer(reader)).status_code == 403


def test_a_malformed_forged_or_revoked_key_is_refused(runtime: Runtime, bare: TestClient) -> None:
    key, secret = runtime.api_keys.do_create("shop", ["conversations:write"], actor="tests")
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    unknown = secret.replace(key.id, "key_00000000000000000000")
    cases = {
        "not-a-key": "not an API key",
        forged: "unknown API key",
        unknown: "unknown API key",
        "dpk..": "not an API key",
    }
    for presented, detail in cases.items():
        response = bare.post("/v1/conversations", json={}, headers=_bearer(presented))
        assert response.status_code == 401, presented
        assert detail in response.json()["detail"]
    assert bare.post("/v1/conversations", json={}, headers=_bearer(secret)).status_code == 201
    runtime.api_keys.do_revoke(key.id, actor="tests")
    revoked = bare.post("/v1/conversations", json={}, headers=_bearer(secret))
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_keys_are_stored_only_as_hashes_and_their_use_is_recorded(
    runtime: Runtime, bare: TestClient
) -> None:
    key, secret = runtime.api_keys.do_create("shop", ["conversations:write"], actor="tests")
    bare.post("/v1/conversations", json={}, headers=_bearer(secret))
    with runtime.db.transaction() as repo:
        rows = repo.c.execute(text("SELECT * FROM api_keys")).all()
        stored = repo.get_api_key(key.id)
    assert rows and all(secret.rsplit(".", 1)[1] not in str(tuple(r)) for r in rows)
    assert stored is not None and stored.last_used_at is not None


def test_keys_are_required_everywhere_but_the_demo_unless_the_settings_say(
    settings: Settings, tmp_path: Path
) -> None:
    demo = Settings(data_dir=tmp_path, workspace=PROJECT_ROOT / "examples" / "retail")
    assert demo.store is None and demo.serves_demo and not demo.requires_api_keys
    assert settings.requires_api_keys  # the same workspace on another store is not the demo
    assert demo.model_copy(update={"require_api_keys": True}).requires_api_keys
    runtime = build_runtime(settings.model_copy(update={"require_api_keys": False}))
    try:
        with TestClient(create_app(runtime=runtime)) as open_client:
            assert open_client.post("/v1/conversations", json={}).status_code == 201
    finally:
        runtime.close()


def test_the_cli_creates_lists_and_revokes_keys(tmp_path: Path) -> None:
    env = {"DESKPILOT_DATABASE_URL": f"sqlite:///{tmp_path / 'keys.sqlite3'}"}
    created = run_cli("api-keys", "create", "shop backend", "--scope", "cases:read", env=env)
    assert created.returncode == 0, created.stderr
    key_id = created.stdout.split()[1]
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith(f"dpk.{key_id}.")
    listed = run_cli("api-keys", "list", env=env)
    assert key_id in listed.stdout and "shop backend" in listed.stdout
    assert "live" in listed.stdout and secret not in listed.stdout
    revoked = run_cli("api-keys", "revoke", key_id, env=env)
    assert revoked.returncode == 0 and f"revoked {key_id}" in revoked.stdout
    assert "revoked" in run_cli("api-keys", "list", env=env).stdout
    for bad, said in (
        (("api-keys", "create", "x", "--scope", "everything"), "unknown scope 'everything'"),
        (("api-keys", "create", "x"), "Missing option '--scope'"),
        (("api-keys", "revoke", "key_nope"), "no API key 'key_nope'"),
    ):
        failed = run_cli(*bad, env=env)
        assert failed.returncode == 2 and said in failed.stderr
        assert "Traceback" not in failed.stderr
