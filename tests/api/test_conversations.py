"""The vertical slice through the HTTP API: "where is my order?" resolved end to end."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from deskpilot.runtime import Runtime
from tests.conftest import run_cli


def _customer_with_order(store: dict[str, Any], status: str) -> tuple[dict[str, Any], str]:
    for order_id, order in store["orders"].items():
        if order["status"] == status:
            return store["users"][order["user_id"]], order_id
    raise AssertionError(f"the demo store has no {status} order")


def _start(client: TestClient, **body: Any) -> str:
    response = client.post("/v1/conversations", json={"channel": "api", **body})
    assert response.status_code == 201, response.text
    conversation_id: str = response.json()["id"]
    return conversation_id


def _say(client: TestClient, conversation_id: str, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"/v1/conversations/{conversation_id}/messages", json={"text": text, **extra}
    )
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def test_order_status_answers_with_real_status_items_and_tracking(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    user, order_id = _customer_with_order(store_data, "delivered")
    order = store_data["orders"][order_id]
    conv = _start(client)
    turn = _say(client, conv, f"Hi, where is my order {order_id}? My email is {user['email']}")
    text = " ".join(r["text"] for r in turn["replies"])
    assert order_id in text
    assert "delivered" in text
    for tracking in order["fulfillments"][0]["tracking_id"]:
        assert tracking in text
    assert order["items"][0]["name"] in text
    assert turn["case"]["verified"] is True
    assert turn["case"]["verification_method"] == "email"


def test_order_status_verifies_by_name_and_zip_over_two_messages(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    user, order_id = _customer_with_order(store_data, "pending")
    conv = _start(client)
    first = _say(client, conv, f"where's my order {order_id}")
    assert "email" in first["replies"][0]["text"].lower()
    assert first["case"]["verified"] is False
    name = user["name"]
    second = _say(
        client,
        conv,
        f"I'm {name['first_name']} {name['last_name']}, zip {user['address']['zip']}",
    )
    text = second["replies"][0]["text"]
    assert f"{order_id} is pending" in text
    assert second["case"]["verification_method"] == "name_zip"


def test_asking_about_another_customers_order_is_refused(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    user, own_order = _customer_with_order(store_data, "delivered")
    other = next(
        oid
        for oid, o in store_data["orders"].items()
        if o["user_id"] != own_order and o["user_id"] != store_data["orders"][own_order]["user_id"]
    )
    conv = _start(client)
    turn = _say(client, conv, f"status of order {other}? email {user['email']}")
    text = turn["replies"][0]["text"]
    # The same words as for an order that does not exist: no reply tells which ids exist.
    assert f"couldn't find an order {other} on your account" in text
    unknown = _say(client, _start(client), f"status of order #W0000001? email {user['email']}")
    assert unknown["replies"][0]["text"] == text.replace(other, "#W0000001")
    assert store_data["orders"][other]["status"] not in text.split(other)[-1][:15]
    events = client.get(f"/v1/cases/{turn['case']['id']}/events").json()
    guard = [e for e in events if e["type"] == "guard_decision" and not e["data"]["allowed"]]
    assert guard and guard[0]["data"]["code"] == "not_owner"


def test_unknown_order_id_gets_a_clear_answer(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    user, _ = _customer_with_order(store_data, "delivered")
    conv = _start(client)
    turn = _say(client, conv, f"where is order #W0000001? I'm {user['email']}")
    assert "couldn't find an order #W0000001 on your account" in turn["replies"][0]["text"]


def test_nonsense_gets_one_clarifying_question_then_a_recorded_handoff(
    client: TestClient,
) -> None:
    conv = _start(client)
    first = _say(client, conv, "purple monkey dishwasher")
    assert "didn't quite get that" in first["replies"][0]["text"]
    assert first["case"]["status"] != "handed_off"
    second = _say(client, conv, "zzz qqq")
    assert "colleague" in second["replies"][0]["text"]
    case = second["case"]
    assert case["status"] == "handed_off"
    assert case["handoff"]["packet"]["reason_code"] == "not_understood"
    events = client.get(f"/v1/cases/{case['id']}/events").json()
    types = [e["type"] for e in events]
    assert "clarification_requested" in types
    assert types.count("handoff") == 1


def test_same_external_id_twice_stores_one_message_and_sends_one_reply(
    client: TestClient,
) -> None:
    conv = _start(client)
    first = client.post(
        f"/v1/conversations/{conv}/messages", json={"text": "hello", "external_id": "wa-1"}
    )
    again = client.post(
        f"/v1/conversations/{conv}/messages", json={"text": "hello", "external_id": "wa-1"}
    )
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["replies"] == first.json()["replies"]
    messages = client.get(f"/v1/conversations/{conv}").json()["messages"]
    assert [m["direction"] for m in messages] == ["inbound", "outbound"]


def test_reused_external_id_with_other_text_is_a_conflict(client: TestClient) -> None:
    conv = _start(client)
    _say(client, conv, "hello", external_id="x-1")
    response = client.post(
        f"/v1/conversations/{conv}/messages", json={"text": "different", "external_id": "x-1"}
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "x-1" in response.json()["detail"]


def test_conversation_read_shows_case_state_and_transcript(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    user, order_id = _customer_with_order(store_data, "processed")
    conv = _start(client, handle="web-session-1")
    _say(client, conv, f"track {order_id} please, {user['email']}")
    body = client.get(f"/v1/conversations/{conv}").json()
    assert body["handle"] == "web-session-1"
    assert body["case"]["verified"] is True
    assert [m["direction"] for m in body["messages"]] == ["inbound", "outbound"]
    assert "processed" in body["messages"][1]["text"]


def test_a_second_conversation_with_the_same_handle_does_not_inherit_the_verification(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    # The victim verifies and is asked to confirm a cancellation.
    user, order_id = _customer_with_order(store_data, "pending")
    victim = _start(client, handle="+15550001111")
    _say(client, victim, f"my email is {user['email']}")
    asked = _say(client, victim, f"cancel order {order_id}, I ordered it by mistake")
    assert "Shall I go ahead?" in asked["replies"][0]["text"]
    # Someone who knows only the handle opens a conversation with it: same case, no proof.
    attacker = _start(client, handle="+15550001111")
    joined = client.get(f"/v1/conversations/{attacker}").json()
    assert joined["case"]["id"] == asked["case"]["id"]
    assert joined["case"]["verified"] is False
    assert joined["messages"] == []  # the victim's messages are not in this conversation
    _say(client, attacker, "yes")  # the victim's waiting cancellation is not confirmed
    took = _say(client, attacker, f"cancel order {order_id}, I ordered it by mistake")
    assert "Shall I go ahead?" not in " ".join(r["text"] for r in took["replies"])
    _say(client, attacker, "yes")
    assert runtime.store is not None
    assert runtime.store.read(lambda data: data["orders"][order_id]["status"]) == "pending"


def test_the_web_chat_channel_opens_only_through_its_widget_session(client: TestClient) -> None:
    session = client.post("/v1/widget/sessions").json()
    handle = session["token"].partition(".")[0]
    response = client.post("/v1/conversations", json={"channel": "webchat", "handle": handle})
    assert response.status_code == 403
    assert "only through its widget session" in response.json()["detail"]


def test_a_conversation_that_writes_leaves_an_intact_audit_chain(
    client: TestClient, runtime: Runtime, store_data: dict[str, Any]
) -> None:
    user, order_id = _customer_with_order(store_data, "pending")
    conv = _start(client)
    _say(client, conv, f"my email is {user['email']}")
    _say(client, conv, f"cancel order {order_id}, I ordered it by mistake")
    _say(client, conv, "yes")
    assert runtime.store is not None
    assert runtime.store.read(lambda data: data["orders"][order_id]["status"]) == "cancelled"
    env = {"DESKPILOT_DATABASE_URL": runtime.settings.effective_database_url}
    verified = run_cli("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stdout
    assert verified.stdout.startswith("intact: ")
    case_id = client.get(f"/v1/conversations/{conv}").json()["case"]["id"]
    written = client.get(f"/v1/cases/{case_id}/events").json()
    assert "action_result" in [e["type"] for e in written]
    assert int(verified.stdout.split()[1]) >= len(written)


def _declared(reference: dict[str, Any], path: str, status: str) -> dict[str, Any]:
    """The schema the API reference declares for a JSON answer, its references followed."""
    content = reference["paths"][path]["post"]["responses"][status]["content"]
    return _resolve(reference, content["application/json"]["schema"])


def _resolve(reference: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" not in schema:
        return schema
    found: dict[str, Any] = reference["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return found


def test_post_message_answers_the_json_its_reference_declares(client: TestClient) -> None:
    # The endpoints return their JSON already serialised (no second validation by FastAPI):
    # the body must still be exactly what the OpenAPI document promises, with every header.
    reference = client.get("/openapi.json").json()
    opened = client.post("/v1/conversations", json={"channel": "api"})
    path = "/v1/conversations/{conversation_id}/messages"
    turn = client.post(path.format(conversation_id=opened.json()["id"]), json={"text": "hi"})
    turn_schema = _declared(reference, path, "201")
    for response, schema in (
        (opened, _declared(reference, "/v1/conversations", "201")),
        (turn, turn_schema),
    ):
        assert response.status_code == 201
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert set(response.json()) == set(schema["properties"])
    assert _declared(reference, path, "200") == turn_schema
    body = turn.json()
    props = turn_schema["properties"]
    assert set(body["case"]) == set(_resolve(reference, props["case"])["properties"])
    message_schema = _resolve(reference, props["replies"]["items"])
    assert body["replies"] and set(body["replies"][0]) == set(message_schema["properties"])
    assert body["case"]["updated_at"].endswith(("Z", "+00:00"))
