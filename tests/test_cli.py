"""The command line as a user runs it: chat, store generation, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import RETAIL_WORKSPACE, need_tau_retail, run_cli


def _env(tmp_path: Path, store: Path | None = None) -> dict[str, str]:
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}
    if store is not None:
        env["DESKPILOT_STORE"] = str(store)
    return env


def test_chat_answers_where_is_my_order_from_the_demo_store(tmp_path: Path) -> None:
    gen = run_cli("store", "generate", "--out", str(tmp_path / "shop"))
    assert gen.returncode == 0, gen.stderr
    orders = json.loads((tmp_path / "shop" / "orders.json").read_text())
    users = json.loads((tmp_path / "shop" / "users.json").read_text())
    order_id, order = next((k, o) for k, o in orders.items() if o["status"] == "delivered")
    email = users[order["user_id"]]["email"]
    chat = run_cli(
        "chat",
        "--workspace",
        str(RETAIL_WORKSPACE),
        input=f"Hi, where is my order {order_id}? My email is {email}\n",
        env=_env(tmp_path, tmp_path / "shop"),
    )
    assert chat.returncode == 0, chat.stderr
    assert f"deskpilot> Order {order_id} is delivered" in chat.stdout


def test_chat_serves_the_reference_store(tmp_path: Path) -> None:
    store = need_tau_retail()
    before = (store / "orders.json").read_text()
    orders = json.loads(before)
    users = json.loads((store / "users.json").read_text())
    order_id, order = next((k, o) for k, o in orders.items() if o["status"] == "processed")
    user = users[order["user_id"]]
    name = user["name"]
    chat = run_cli(
        "chat",
        "--store",
        str(store),
        input=(
            f"where is {order_id}?\n"
            f"I'm {name['first_name']} {name['last_name']}, zip {user['address']['zip']}\n"
        ),
        env=_env(tmp_path),
    )
    assert chat.returncode == 0, chat.stderr
    assert f"Order {order_id} is processed" in chat.stdout
    assert (store / "orders.json").read_text() == before, "the source store must never be written"


def test_store_generate_is_deterministic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli("store", "generate", "--out", str(a), "--seed", "3").returncode == 0
    assert run_cli("store", "generate", "--out", str(b), "--seed", "3").returncode == 0
    assert (a / "orders.json").read_text() == (b / "orders.json").read_text()
    again = run_cli("store", "generate", "--out", str(a))
    assert again.returncode == 2
    assert again.stderr.strip() == f"error: {a} already holds a store; pass --force to overwrite it"


def test_serve_with_a_missing_store_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("serve", "--store", str(tmp_path / "nowhere"), env=_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "not a store folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_default_demo_store_is_generated_served_and_survives_a_restart(tmp_path: Path) -> None:
    env = {"DESKPILOT_DATA_DIR": str(tmp_path / "data")}
    first = run_cli("chat", input="hello\n", env=env)
    assert first.returncode == 0, first.stderr
    demo = tmp_path / "data" / "demo-store"
    pristine = json.loads((demo / "orders.json").read_text())
    users = json.loads((demo / "users.json").read_text())
    # The working copy is the store's live state: change it as the business would.
    working = next((tmp_path / "data" / "stores").glob("demo-store-*")) / "orders.json"
    live = json.loads(working.read_text())
    order_id = next(k for k, o in live.items() if o["status"] == "pending")
    live[order_id]["status"] = "processed"
    working.write_text(json.dumps(live))
    email = users[live[order_id]["user_id"]]["email"]
    second = run_cli("chat", input=f"where is {order_id}? {email}\n", env=env)
    assert f"Order {order_id} is processed" in second.stdout, second.stdout + second.stderr
    assert json.loads((demo / "orders.json").read_text()) == pristine


def test_worker_without_queued_turns_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("worker", env=_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("error: deskpilot worker takes queued turns")
    assert "DESKPILOT_TURNS=worker" in result.stderr and "Traceback" not in result.stderr


def test_queued_turns_on_sqlite_are_one_clear_line(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "DESKPILOT_TURNS": "worker", "DESKPILOT_DATABASE_URL": ""}
    result = run_cli("worker", env=env)
    assert result.returncode == 2
    assert "needs PostgreSQL" in result.stderr and "Traceback" not in result.stderr
