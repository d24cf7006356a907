"""A customer's personal data: exported and erased on request across every table, erased after
the workspace's retention period, minimised at rest, masked in log lines (issue 11)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from deskpilot.actions import PersonalDataFilter, mask_line
from deskpilot.domain import ADMIN_LOG, EventType, utcnow
from deskpilot.runtime import Runtime
from deskpilot.store import COVERED, NOT_CUSTOMER_DATA
from deskpilot.store._tables import metadata
from tests.conftest import run_cli

NEW_STREET = "12 Elm Street"


def _pending(store: dict[str, Any], skip: str | None = None) -> tuple[dict[str, Any], str]:
    for order_id, order in store["orders"].items():
        if order["status"] == "pending" and order["user_id"] != skip:
            return {**store["users"][order["user_id"]], "user_id": order["user_id"]}, order_id
    raise AssertionError("the demo store has no pending order")


def _converse(client: TestClient, *texts: str) -> dict[str, Any]:
    opened = client.post("/v1/conversations", json={"channel": "api"}).json()
    for said in texts:
        client.post(f"/v1/conversations/{opened['id']}/messages", json={"text": said})
    conversation: dict[str, Any] = client.get(f"/v1/conversations/{opened['id']}").json()
    return conversation


def _everything(runtime: Runtime) -> str:
    """Every row of every table, as one text."""
    rows = []
    with runtime.db.transaction() as repo:
        for table in metadata.sorted_tables:
            rows += [str(tuple(r)) for r in repo.c.execute(text(f"SELECT * FROM {table.name}"))]
    return "\n".join(rows)


@pytest.fixture
def two_customers(
    client: TestClient, store_data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Customer A changed an order's address; customer B asked about an order. Their users
    and conversations."""
    a_user, a_order = _pending(store_data)
    b_user, b_order = _pending(store_data, skip=a_user["user_id"])
    a = _converse(
        client,
        f"my email is {a_user['email']}",
        f"change the address of order {a_order} to {NEW_STREET}, Springfield, IL 62704",
        "yes",
    )
    b = _converse(client, f"where is my order {b_order}? my email is {b_user['email']}")
    assert a["messages"][-1]["text"].startswith("Done — "), a["messages"]
    return a_user, a, b_user, b


def test_every_table_is_covered_by_export_and_erasure_or_said_to_hold_no_customer_data() -> None:
    tables = set(metadata.tables)
    assert not set(COVERED) & set(NOT_CUSTOMER_DATA)
    missing = tables - set(COVERED) - set(NOT_CUSTOMER_DATA)
    assert not missing, f"say in store/_privacy.py what export and erasure do with {missing}"
    assert set(COVERED) | set(NOT_CUSTOMER_DATA) == tables


def test_export_holds_everything_about_the_customer_and_nothing_about_others(
    runtime: Runtime, two_customers: Any, tmp_path: Any
) -> None:
    a_user, a, b_user, _b = two_customers
    env = {"DESKPILOT_DATABASE_URL": runtime.settings.effective_database_url}
    out = tmp_path / "export.json"
    done = run_cli("privacy", "export", a_user["user_id"], "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    exported = json.loads(out.read_text())
    assert set(exported["tables"]) == set(COVERED)
    assert exported["cases"] == [a["case"]["id"]]
    said = [m["text"] for m in exported["tables"]["messages"]]
    assert any(a_user["email"] in s for s in said) and any(NEW_STREET in s for s in said)
    assert exported["tables"]["action_calls"][0]["action"] == "modify_pending_order_address"
    assert b_user["email"] not in out.read_text()
    # by DeskPilot's customer id: the same data
    by_id = run_cli("privacy", "export", exported["customers"][0], env=env)
    assert json.loads(by_id.stdout)["cases"] == exported["cases"]
    unknown = run_cli("privacy", "export", "nobody@example.com", env=env)
    assert unknown.returncode == 2 and "no customer is known as" in unknown.stderr
    with runtime.db.transaction() as repo:
        logged = [e.type for e in repo.list_events(ADMIN_LOG)]
    assert logged.count(EventType.DATA_EXPORTED) == 2


def test_erasure_leaves_nothing_of_the_customer_in_any_table_and_the_audit_intact(
    client: TestClient, runtime: Runtime, two_customers: Any
) -> None:
    a_user, a, b_user, b = two_customers
    before = _everything(runtime)
    assert a_user["email"] in before and NEW_STREET in before and a_user["user_id"] in before
    env = {"DESKPILOT_DATABASE_URL": runtime.settings.effective_database_url}
    erased = run_cli("privacy", "erase", a_user["user_id"], "--yes", env=env)
    assert erased.returncode == 0, erased.stderr
    assert erased.stdout.startswith("erased 1 cases (") and "messages" in erased.stdout
    after = _everything(runtime)
    for trace in (a_user["email"], NEW_STREET, a_user["user_id"], a_user["name"]["last_name"]):
        assert trace not in after, trace
    assert b_user["email"] in after  # the other customer's data is untouched
    transcript = client.get(f"/v1/conversations/{a['id']}").json()
    assert {m["text"] for m in transcript["messages"]} == {"[erased]"}
    assert transcript["case"]["status"] == "resolved"
    other = client.get(f"/v1/conversations/{b['id']}").json()
    assert "[erased]" not in {m["text"] for m in other["messages"]}
    verified = run_cli("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stdout
    # the business's records are the business's: the new address stays on the order
    assert runtime.store is not None
    orders = runtime.store.read(
        lambda data: [o for o in data["orders"].values() if o["user_id"] == a_user["user_id"]]
    )
    assert any(o["address"]["address1"] == NEW_STREET for o in orders)


def test_cases_past_the_retention_period_are_erased_and_recent_ones_kept(
    runtime: Runtime, two_customers: Any
) -> None:
    a_user, a, b_user, b = two_customers
    with runtime.db.transaction() as repo:
        repo.c.execute(
            text("UPDATE cases SET status = 'resolved', updated_at = :t WHERE id = :a"),
            {"t": utcnow() - timedelta(days=40), "a": a["case"]["id"]},
        )
        repo.c.execute(
            text("UPDATE cases SET status = 'resolved' WHERE id = :b"), {"b": b["case"]["id"]}
        )
    env = {"DESKPILOT_DATABASE_URL": runtime.settings.effective_database_url}
    listed = run_cli("privacy", "purge", "--days", "30", "--dry-run", env=env)
    assert listed.stdout.strip() == f"1 cases are past 30 days: {a['case']['id']}"
    assert a_user["email"] in _everything(runtime)  # a dry run erases nothing
    # the workspace's own retention (730 days) has nothing to erase yet
    kept = run_cli("privacy", "purge", "--dry-run", env=env)
    assert kept.stdout.strip() == "0 cases are past 730 days:"
    # the server's daily sweep, with the workspace's retention of 730 days: nothing yet
    swept = runtime.purge_expired()
    assert swept is not None and swept.cases == ()
    purged = run_cli("privacy", "purge", "--days", "30", env=env)
    assert purged.returncode == 0 and purged.stdout.startswith("erased 1 cases")
    everything = _everything(runtime)
    assert a_user["email"] not in everything and b_user["email"] in everything
    again = run_cli("privacy", "purge", "--days", "30", env=env)
    assert again.stdout.startswith("erased 0 cases")
    assert runtime.db.verify_audit().intact


def test_write_results_are_kept_with_personal_fields_masked(
    runtime: Runtime, two_customers: Any
) -> None:
    _a_user, a, _b_user, _b = two_customers
    with runtime.db.transaction() as repo:
        calls = repo.list_action_calls(a["case"]["id"])
    write = next(c for c in calls if c.action == "modify_pending_order_address")
    assert write.result["order_id"] == write.args["order_id"]  # what the audit needs
    assert NEW_STREET not in json.dumps(write.result)
    assert write.result["address"]["address1"].startswith("1*")


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("verified ximena.nakamura2272@example.com", "verified x***@example.com"),
        ("call me on +1 555 010 2233", "call me on ****2233"),
        ("card 4111-1111-1111-1111 declined", "card ****1111 declined"),
        (
            "order #W2460971 of case_ab12cd at 2026-12-04",
            "order #W2460971 of case_ab12cd at 2026-12-04",
        ),
        ("zip 62704, 3 items", "zip 62704, 3 items"),
    ],
)
def test_log_lines_mask_emails_and_phone_or_card_numbers(line: str, shown: str) -> None:
    assert mask_line(line) == shown


def test_the_log_filter_masks_arguments_and_exception_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.privacy")
    caplog.handler.addFilter(PersonalDataFilter())
    try:
        raise ValueError("no user for bob@example.org")
    except ValueError:
        logger.exception("lookup of %s failed", "bob@example.org")
    record = caplog.records[-1]
    assert "bob@example.org" not in caplog.text
    assert "b***@example.org" in record.getMessage()


def test_the_event_log_holds_no_email_address_of_the_customer(
    runtime: Runtime, two_customers: Any
) -> None:
    a_user, a, _b_user, _b = two_customers
    with runtime.db.transaction() as repo:
        events = repo.list_events(a["case"]["id"])
    logged = json.dumps([e.data for e in events])
    decisions = [c for e in events if e.type is EventType.DECISION for c in e.data["commands"]]
    assert any("***@" in c for c in decisions)  # the evidence is kept, masked
    assert a_user["email"] not in logged
