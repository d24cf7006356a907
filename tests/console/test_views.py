"""Views with their counts, full-text search over cases, customers, messages and notes, and a
customer's other cases on the case page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from deskpilot.handoff import ManualClock
from deskpilot.runtime import Runtime
from tests.console._support import (
    HUMAN,
    api_login,
    console_login,
    hand_off,
    pending_order_handed_off,
    say,
)


def _listed(page: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-case-id="([^"]+)"', page)


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r'data-view="(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', page)
    return {name: int(n) for name, n in found}


def test_views_list_mine_unassigned_open_waiting_breached_and_resolved_with_counts(
    client: TestClient, other_client: Any, runtime: Runtime, clock: ManualClock
) -> None:
    _, mine = hand_off(client)
    csrf = console_login(client, "alice")  # online: the waiting case comes to her
    client.post("/console/presence", data={"csrf_token": csrf, "presence": "away"})
    client.post(
        f"/console/cases/{mine}/reply",
        data={"csrf_token": csrf, "text": "Looking into it.", "wait_for_customer": "on"},
    )
    _, waiting = hand_off(client)
    _, done = hand_off(client)
    sam = other_client()
    supervisor = api_login(sam, "sam")
    assert sam.post(f"/v1/agent/cases/{done}/resolve", headers=supervisor).status_code == 200
    expected = {
        "mine": [mine],
        "unassigned": [waiting],
        "open": None,
        "waiting": [mine],
        "breached": [],
        "resolved": [done],
    }
    counts = _counts(client.get("/console/queue").text)
    assert counts == {
        "mine": 1,
        "unassigned": 1,
        "open": 2,
        "waiting": 1,
        "breached": 0,
        "resolved": 1,
    }
    for name, cases in expected.items():
        page = client.get(f"/console/views/{name}").text
        if cases is not None:
            assert _listed(page) == cases, name
    assert sorted(_listed(client.get("/console/views/open").text)) == sorted([mine, waiting])
    clock.advance(timedelta(minutes=61))
    runtime.scheduler.tick()
    assert _listed(client.get("/console/views/breached").text) == [waiting]
    assert client.get("/console/views/nonsense").status_code == 404


def test_search_finds_cases_by_message_words_case_id_customer_and_note(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    order_id, order, _email, case_id = pending_order_handed_off(client, store_data)
    _, other = hand_off(client)
    csrf = console_login(client, "alice")
    client.post(
        f"/console/cases/{other}/note", data={"csrf_token": csrf, "text": "Fragile 50% off"}
    )

    def found(words: str) -> list[str]:
        page = client.get("/console/search", params={"q": words}).text
        return re.findall(r'<a href="/console/cases/([^"]+)">Case', page)

    assert found(order_id.lower()) == [case_id]  # a message's words, any case
    assert found(case_id[-8:]) == [case_id]
    assert found(order["user_id"]) == [case_id]  # the business's user id of the customer
    assert found("fragile") == [other]
    assert found("50%") == [other] and found("5_%") == []  # % and _ are literal
    assert found("no such words anywhere") == []
    assert "Nothing found." in client.get("/console/search", params={"q": "zzzz"}).text


def test_search_ranks_stemmed_words_and_highlights_them_in_the_snippet(
    client: TestClient,
) -> None:
    _, once = hand_off(client)
    _, twice = hand_off(client)
    csrf = console_login(client, "alice")
    client.post(
        f"/console/cases/{once}/note", data={"csrf_token": csrf, "text": "<b>Refunded</b> today"}
    )
    client.post(
        f"/console/cases/{twice}/note",
        data={"csrf_token": csrf, "text": "refund asked; second refund asked"},
    )
    page = client.get("/console/search", params={"q": "refunds"}).text
    assert re.findall(r'<a href="/console/cases/([^"]+)">Case', page) == [twice, once]
    # the note's own text is escaped; the stemmed match is marked
    assert "&lt;b&gt;<mark>Refunded</mark>&lt;/b&gt; today" in page


def test_the_case_page_shows_the_customers_other_cases(client: TestClient) -> None:
    def handed_off_case() -> str:
        made = client.post("/v1/conversations", json={"channel": "chat", "handle": "+15550100"})
        assert made.status_code == 201, made.text
        say(client, made.json()["id"], HUMAN)
        return str(made.json()["case_id"])

    first = handed_off_case()
    sam = api_login(client, "sam")
    assert client.post(f"/v1/agent/cases/{first}/resolve", headers=sam).status_code == 200
    second = handed_off_case()
    assert second != first
    console_login(client, "alice")
    page = client.get(f"/console/cases/{second}").text
    at = page.index(">This customer's other cases<")
    history = page[at : page.index("</section>", at)]
    assert f'href="/console/cases/{first}"' in history and "resolved" in history
    assert f'href="/console/cases/{second}"' not in history
