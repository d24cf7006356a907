"""The admins' pages: API keys created and revoked in the console and through the agents' API
(a key's secret shown once), and a customer's personal data found, exported and erased. No one
else may."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from deskpilot.domain import ADMIN_LOG, EventType
from deskpilot.runtime import Runtime
from tests.console._support import api_login, console_login, csrf_of


def test_only_an_admin_manages_api_keys_through_the_agents_api(
    client: TestClient, other_client: Callable[[], TestClient], runtime: Runtime
) -> None:
    alice = other_client()
    alice_headers = api_login(alice, "alice")
    assert alice.get("/v1/agent/api-keys").status_code == 403
    refused = alice.post(
        "/v1/agent/api-keys", json={"name": "x", "scopes": ["cases:read"]}, headers=alice_headers
    )
    assert refused.status_code == 403 and "admin" in refused.json()["detail"]

    admin = other_client()
    headers = api_login(admin, "admin")
    bad = admin.post("/v1/agent/api-keys", json={"name": "x", "scopes": ["all"]}, headers=headers)
    assert bad.status_code == 422
    created = admin.post(
        "/v1/agent/api-keys", json={"name": "crm", "scopes": ["cases:read"]}, headers=headers
    )
    assert created.status_code == 201
    key = created.json()
    assert key["scopes"] == ["cases:read"] and key["created_by"] == "agent:admin"
    listed = admin.get("/v1/agent/api-keys").json()
    assert key["id"] in [k["id"] for k in listed]
    assert key["key"] not in str(listed)  # the secret is shown once, at creation
    auth = {"Authorization": f"Bearer {key['key']}"}
    assert admin.get("/v1/cases/case_nope", headers=auth).status_code == 404  # authorised
    revoked = admin.delete(f"/v1/agent/api-keys/{key['id']}", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert admin.get("/v1/cases/case_nope", headers=auth).status_code == 401
    # both are in the admin log, in the audit chain
    with runtime.db.transaction() as repo:
        logged = [(e.type, e.actor, e.data.get("key")) for e in repo.list_events(ADMIN_LOG)]
    assert (EventType.API_KEY_CREATED, "agent:admin", key["id"]) in logged
    assert (EventType.API_KEY_REVOKED, "agent:admin", key["id"]) in logged
    assert runtime.db.verify_audit().intact


def test_an_admin_creates_and_revokes_a_key_on_the_console_page(
    client: TestClient, other_client: Callable[[], TestClient]
) -> None:
    agent = other_client()
    console_login(agent, "alice")
    page = agent.get("/console/api-keys")
    assert page.status_code == 403 and "needs the admin role" in page.text
    assert "/console/api-keys" not in agent.get("/console/queue").text  # no link either

    admin = other_client()
    csrf = console_login(admin, "admin")
    assert 'href="/console/api-keys"' in admin.get("/console/queue").text
    empty = admin.post(
        "/console/api-keys", data={"name": "shop", "csrf_token": csrf}, follow_redirects=False
    )
    assert "needs at least one scope" in empty.text
    made = admin.post(
        "/console/api-keys",
        data={"name": "shop", "scope_conversations:write": "1", "csrf_token": csrf},
    )
    assert made.status_code == 200
    secret = re.search(r'<code id="new-key" class="secret">([^<]+)</code>', made.text)
    assert secret is not None
    key_id = secret.group(1).split(".")[1]
    auth = {"Authorization": f"Bearer {secret.group(1)}"}
    assert admin.post("/v1/conversations", json={}, headers=auth).status_code == 201
    listing = admin.get("/console/api-keys").text
    assert key_id in listing and secret.group(1) not in listing
    admin.post(f"/console/api-keys/{key_id}/revoke", data={"csrf_token": csrf_of(listing)})
    assert admin.post("/v1/conversations", json={}, headers=auth).status_code == 401
    assert "revoked" in admin.get("/console/api-keys").text


def test_an_admin_finds_exports_and_erases_a_customers_data_on_the_console(
    client: TestClient, other_client: Callable[[], TestClient]
) -> None:
    said = "I want to talk to a human about kai.test@example.com"
    conversation = client.post("/v1/conversations", json={"handle": "+15550009999"}).json()
    client.post(f"/v1/conversations/{conversation['id']}/messages", json={"text": said})
    agent = other_client()
    alice = {"X-CSRF-Token": console_login(agent, "alice")}
    assert agent.get("/console/privacy?who=%2B15550009999").status_code == 403
    taken = agent.post(f"/v1/agent/cases/{conversation['case_id']}/take", headers=alice)
    assert taken.status_code == 200 and taken.json()["agent"] == "alice", taken.text

    admin = other_client()
    csrf = console_login(admin, "admin")
    missing = admin.get("/console/privacy?who=nobody")
    assert "no customer is known as" in missing.text
    page = admin.get("/console/privacy?who=%2B15550009999")
    assert conversation["case_id"] in page.text
    exported = admin.post(
        "/console/privacy/export", data={"who": "+15550009999", "csrf_token": csrf}
    )
    assert exported.headers["content-disposition"].startswith("attachment;")
    assert said in exported.text
    wrong = admin.post(
        "/console/privacy/erase",
        data={"who": "+15550009999", "confirm": "+1555", "csrf_token": csrf},
    )
    assert "Type the customer exactly" in wrong.text
    erased = admin.post(
        "/console/privacy/erase",
        data={"who": "+15550009999", "confirm": "+15550009999", "csrf_token": csrf},
    )
    assert "Erased 1 cases" in erased.text
    transcript = client.get(f"/v1/conversations/{conversation['id']}").json()
    assert said not in str(transcript)
    # Nobody is left holding the erased case: it is closed, off every queue, its clock stopped.
    held = agent.get(f"/v1/agent/cases/{conversation['case_id']}").json()
    assert held["assignment"]["state"] == "closed" and held["sla"] is None, held
    queued = [c for q in agent.get("/v1/agent/queues").json() for c in q["cases"]]
    assert conversation["case_id"] not in str(queued)
