"""Console security: logging in, sessions, CSRF, roles, password storage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.console import LoginThrottle, StaffDirectory, verify_password
from deskpilot.domain import ADMIN_LOG, PresenceState, StaffRole, utcnow
from deskpilot.handoff import RoutingConfig
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from deskpilot.store import Database
from tests.conftest import run_cli
from tests.console._support import PASSWORD, api_login, console_login, csrf_of, events, hand_off
from tests.console.conftest import user

PROBLEM = "application/problem+json"


def test_console_login_opens_a_session_and_puts_the_agent_online(
    client: TestClient, runtime: Runtime
) -> None:
    console_login(client, "alice")
    page = client.get("/console/queue")
    assert page.status_code == 200
    assert "Alice" in page.text
    assert user(runtime, "alice").presence is PresenceState.ONLINE
    cookie = client.cookies.get("dp_session")
    assert cookie is not None and PASSWORD not in cookie


def test_console_login_with_a_wrong_password_opens_no_session(client: TestClient) -> None:
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login",
        data={"username": "alice", "password": "wrong password", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console/login?error=1"
    assert client.cookies.get("dp_session") is None
    page = client.get("/console/login?error=1")
    assert page.status_code == 401
    assert "wrong password" in page.text


def test_console_login_form_needs_its_own_token(client: TestClient) -> None:
    client.get("/console/login")
    response = client.post(
        "/console/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console/login?error=1"
    assert client.cookies.get("dp_session") is None


def test_console_pages_send_a_visitor_without_session_to_the_login(client: TestClient) -> None:
    response = client.get("/console/queue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"


def test_agent_api_without_a_session_answers_401_problem_json(client: TestClient) -> None:
    response = client.get("/v1/agent/queues")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "unauthenticated"


def test_a_forged_session_cookie_is_not_a_session(client: TestClient) -> None:
    client.cookies.set("dp_session", "sess.forgedsignature")
    assert client.get("/v1/agent/me").status_code == 401


def test_a_user_without_a_role_cannot_act_403_problem_json(
    client: TestClient, other_client: Callable[[], TestClient]
) -> None:
    _, case_id = hand_off(client)
    headers = api_login(client, "nobody")
    for method, path, body in [
        ("get", "/v1/agent/queues", None),
        ("post", f"/v1/agent/cases/{case_id}/take", None),
        ("post", f"/v1/agent/cases/{case_id}/reply", {"text": "hello"}),
    ]:
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["title"] == "forbidden"
    browser = other_client()
    login = csrf_of(browser.get("/console/login").text)
    browser.post(
        "/console/login",
        data={"username": "nobody", "password": PASSWORD, "csrf_token": login},
        follow_redirects=False,
    )
    page = browser.get("/console/queue")
    assert page.status_code == 403
    assert "No access yet" in page.text
    posted = browser.post(
        f"/console/cases/{case_id}/reply",
        data={"text": "hi", "csrf_token": csrf_of(page.text)},
    )
    assert posted.status_code == 403
    assert posted.headers["content-type"] == PROBLEM
    assert events(client, case_id, "agent_reply") == []


def test_console_forms_without_the_session_csrf_token_are_refused(
    client: TestClient, runtime: Runtime
) -> None:
    _, case_id = hand_off(client)
    console_login(client, "alice")
    for token in (None, "not-the-token"):
        data = {"text": "hello"} if token is None else {"text": "hello", "csrf_token": token}
        response = client.post(f"/console/cases/{case_id}/reply", data=data)
        assert response.status_code == 403
        assert response.headers["content-type"] == PROBLEM
    assert events(client, case_id, "agent_reply") == []


def test_agent_api_changes_need_the_csrf_header(client: TestClient) -> None:
    _, case_id = hand_off(client)
    api_login(client, "alice")
    response = client.post(f"/v1/agent/cases/{case_id}/take")
    assert response.status_code == 403
    assert "security token" in response.json()["detail"]


def test_logging_out_ends_the_session(client: TestClient, runtime: Runtime) -> None:
    headers = api_login(client, "alice")
    cookie = client.cookies.get("dp_session")
    assert client.delete("/v1/agent/session", headers=headers).status_code == 204
    assert client.get("/v1/agent/me").status_code == 401
    client.cookies.set("dp_session", cookie or "")
    assert client.get("/v1/agent/me").status_code == 401
    assert user(runtime, "alice").presence is PresenceState.OFFLINE


def test_an_expired_session_is_refused(client: TestClient, runtime: Runtime) -> None:
    runtime.staff.max_age = timedelta(0)
    response = client.post("/v1/agent/session", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/v1/agent/me").status_code == 401


def test_passwords_are_stored_as_salted_scrypt_hashes(runtime: Runtime) -> None:
    runtime.staff.do_create_user("carol", "Carol", StaffRole.AGENT, "same password", actor="t")
    runtime.staff.do_create_user("dave", "Dave", StaffRole.AGENT, "same password", actor="t")
    with runtime.db.transaction() as repo:
        carol, dave = repo.find_login("carol"), repo.find_login("dave")
    assert carol is not None and dave is not None
    assert carol[1].startswith("scrypt$") and "same password" not in carol[1]
    assert carol[1] != dave[1]
    assert verify_password("same password", carol[1])
    assert not verify_password("same passwort", carol[1])
    assert runtime.staff.authenticate("carol", "same password") is not None
    assert runtime.staff.authenticate("carol", "wrong") is None
    assert runtime.staff.authenticate("nobody-at-all", "same password") is None


def test_a_sessions_csrf_token_is_not_stored_as_given(client: TestClient, runtime: Runtime) -> None:
    token = api_login(client, "alice")["X-CSRF-Token"]
    with runtime.db.transaction() as repo:
        stored = [
            row.csrf_token
            for row in repo.c.exec_driver_sql("SELECT csrf_token FROM console_sessions")
        ]
    assert stored and token not in stored  # a leaked table does not give the token
    # and the token still works for changes, on the API and on the console's forms
    presence = client.put(
        "/v1/agent/presence", json={"presence": "away"}, headers={"X-CSRF-Token": token}
    )
    assert presence.status_code == 200
    assert csrf_of(client.get("/console/queue").text) == token


def test_only_an_admin_creates_accounts(client: TestClient) -> None:
    body = {"username": "erin", "display_name": "Erin", "role": None, "password": "long enough"}
    agent = api_login(client, "alice")
    assert client.post("/v1/agent/users", json=body, headers=agent).status_code == 403
    admin = api_login(client, "admin")
    created = client.post("/v1/agent/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["role"] is None
    erin = api_login(client, "erin", "long enough")
    assert client.get("/v1/agent/queues", headers=erin).status_code == 403


def test_an_agent_cannot_reassign_a_colleagues_case_but_a_supervisor_can(
    client: TestClient,
) -> None:
    _, case_id = hand_off(client)
    bob = api_login(client, "bob")
    assert client.post(f"/v1/agent/cases/{case_id}/take", headers=bob).json()["agent"] == "bob"
    alice = api_login(client, "alice")
    move = {"agent": "alice"}
    refused = client.post(f"/v1/agent/cases/{case_id}/reassign", json=move, headers=alice)
    assert refused.status_code == 403
    sam = api_login(client, "sam")
    moved = client.post(f"/v1/agent/cases/{case_id}/reassign", json=move, headers=sam)
    assert moved.status_code == 200
    assert moved.json()["agent"] == "alice"


def test_demo_accounts_are_seeded_for_an_empty_directory(
    settings: Settings, routing: RoutingConfig
) -> None:
    rt = build_runtime(settings, routing=routing)
    try:
        password = settings.demo_password.get_secret_value()
        made = rt.staff.ensure_demo_users(routing, password)
        roles = {u.username: u.role for u in made}
        assert roles == {
            "alice": StaffRole.AGENT,
            "bob": StaffRole.AGENT,
            "sam": StaffRole.SUPERVISOR,
            "admin": StaffRole.ADMIN,
        }
        assert rt.staff.authenticate("alice", password) is not None
        assert rt.staff.ensure_demo_users(routing, password) == []
    finally:
        rt.close()


def test_console_forms_never_redirect_off_the_console(client: TestClient) -> None:
    csrf = console_login(client, "alice")
    for target in ("https://evil.example/", "//evil.example/console/", "/console/queue"):
        response = client.post(
            "/console/presence",
            data={"presence": "away", "csrf_token": csrf, "next": target},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/console/queue"


def _log_in(client: TestClient, password: str) -> int:
    body = {"username": "alice", "password": password}
    return client.post("/v1/agent/session", json=body).status_code


def test_guessing_passwords_makes_the_next_attempts_wait(
    client: TestClient, runtime: Runtime
) -> None:
    now = [utcnow()]
    runtime.staff.throttle = LoginThrottle(clock=lambda: now[0])
    # Four wrong, then the right one: the count starts again.
    assert [_log_in(client, "guess") for _ in range(4)] == [401] * 4
    assert _log_in(client, PASSWORD) == 200
    assert [_log_in(client, f"guess {i}") for i in range(5)] == [401] * 5
    # The sixth attempt waits, the right password included, and says how long.
    waited = client.post("/v1/agent/session", json={"username": "ALICE", "password": PASSWORD})
    assert waited.status_code == 429
    assert waited.json()["title"] == "too_many_attempts"
    assert 1 <= int(waited.headers["Retry-After"]) <= 30
    # The login form says so too, and another account is not held up.
    token = csrf_of(client.get("/console/login").text)
    form = {"username": "alice", "password": PASSWORD, "csrf_token": token}
    page = client.post("/console/login", data=form)
    assert page.status_code == 429 and "Too many wrong passwords" in page.text
    assert api_login(client, "bob")
    # Once the wait is over, the right password works; another wrong one waits twice as long.
    now[0] += timedelta(seconds=31)
    assert _log_in(client, "guess 6") == 401
    again = client.post("/v1/agent/session", json={"username": "alice", "password": PASSWORD})
    assert again.status_code == 429 and 30 < int(again.headers["Retry-After"]) <= 60
    now[0] += timedelta(seconds=61)
    assert _log_in(client, PASSWORD) == 200


def test_demo_accounts_only_for_the_demo_and_the_first_admin_from_the_cli(
    tmp_path: Path, routing: RoutingConfig
) -> None:
    from deskpilot.settings import PROJECT_ROOT

    demo = Settings(data_dir=tmp_path / "a", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    assert demo.workspace == PROJECT_ROOT / "examples" / "retail" and demo.seeds_demo_users
    # A business's own store (or workspace) is no demo: no account with a known password.
    real = demo.model_copy(update={"store": tmp_path / "shop"})
    assert not real.seeds_demo_users
    assert not demo.model_copy(update={"workspace": tmp_path / "ws"}).seeds_demo_users
    assert real.model_copy(update={"demo_users": True}).seeds_demo_users
    url = f"sqlite:///{tmp_path / 'real.db'}"
    made = run_cli("users", "create", "boss", "--database-url", url, input="a long secret\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "created boss (admin)"
    bad = run_cli("users", "create", "x", "--role", "king", "--database-url", url, input="pw\n")
    assert bad.returncode == 2 and bad.stderr.startswith("error: unknown role 'king'")
    short = run_cli("users", "create", "y", "--database-url", url, input="short\n")
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    staff = StaffDirectory(Database.connect(url), "s", timedelta(hours=1))
    assert staff.authenticate("boss", "a long secret") is not None


def test_the_session_cookie_is_secure_over_https(app: Any, client: TestClient) -> None:
    plain = client.post("/v1/agent/session", json={"username": "alice", "password": PASSWORD})
    assert "secure" not in plain.headers["set-cookie"].lower()
    tls = TestClient(app, base_url="https://testserver")
    response = tls.post("/v1/agent/session", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "; secure" in cookie and "httponly" in cookie


def test_logins_failed_logins_and_logouts_are_in_the_admin_log(
    client: TestClient, runtime: Runtime
) -> None:
    wrong = client.post("/v1/agent/session", json={"username": "alice", "password": "guess1234"})
    assert wrong.status_code == 401
    headers = api_login(client, "alice")
    assert client.delete("/v1/agent/session", headers=headers).status_code == 204
    with runtime.db.transaction() as repo:
        logged = [(e.type.value, e.actor, e.data) for e in repo.list_events(ADMIN_LOG)]
    alice = user(runtime, "alice")
    assert logged[-3:] == [
        ("staff_login_failed", "anonymous", {"username": "alice"}),
        ("staff_logged_in", "agent:alice", {"user": alice.id, "username": "alice"}),
        ("staff_logged_out", "agent:alice", {"user": alice.id, "username": "alice"}),
    ]
    assert runtime.db.verify_audit().intact
