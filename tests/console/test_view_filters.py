"""Filters on the views: channel, queue, intent, priority, tag, agent and the day the case came
to people, combined, kept when switching views, and a bad date refused with what was expected."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.console._support import console_login, hand_off, pending_order_handed_off


def _listed(page: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-case-id="([^"]+)"', page)


def test_view_filters_narrow_the_list_by_each_field(
    client: TestClient, store_data: dict[str, Any]
) -> None:
    csrf = console_login(client, "sam")
    client.post("/console/presence", data={"csrf_token": csrf, "presence": "away"})
    *_, waiting = pending_order_handed_off(client, store_data)
    urgent, tagged = (hand_off(client)[1] for _ in range(2))
    for case_id in (urgent, tagged):
        client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    client.post(
        f"/console/cases/{urgent}/priority", data={"csrf_token": csrf, "priority": "urgent"}
    )
    client.post(f"/console/cases/{tagged}/tags", data={"csrf_token": csrf, "tag": "Refund"})

    def listed(query: str) -> set[str]:
        response = client.get(f"/console/views/open?{query}")
        assert response.status_code == 200, response.text
        return set(_listed(response.text))

    everything = {waiting, urgent, tagged}
    assert listed("") == everything
    assert listed("agent=-") == {waiting}
    assert listed("agent=sam") == {urgent, tagged}
    assert listed("priority=urgent") == {urgent}
    assert listed("tag=refund") == {tagged}
    assert listed("channel=chat") == everything
    assert listed("channel=email") == set()
    assert listed("queue=desk") == everything and listed("queue=office") == set()
    assert listed("intent=order_status") == {waiting}
    assert listed("intent=nothing_like_it") == set()
    assert listed("since=2025-06-02&until=2025-06-02") == everything  # the clock's Monday
    assert listed("since=2025-06-03") == set() and listed("until=2025-06-01") == set()
    assert listed("agent=sam&priority=urgent&tag=refund") == set()


def test_view_filters_show_their_choices_and_survive_switching_views(client: TestClient) -> None:
    hand_off(client)
    console_login(client, "sam")
    page = client.get("/console/views/open?priority=urgent&tag=refund").text
    assert 'href="/console/views/mine?priority=urgent&amp;tag=refund"' in page
    assert '<option value="urgent" selected>urgent</option>' in page
    assert "0 of 1 match the filter" in re.sub(r"\s+", " ", page)
    assert 'href="/console/views/open">Clear filters</a>' in page
    for label in ("Channel", "Queue", "Intent", "Priority", "Tag", "Agent", "Handed off from"):
        assert f">{label}</label>" in page


def test_view_filters_refuse_a_date_that_is_not_one(client: TestClient) -> None:
    console_login(client, "sam")
    response = client.get("/console/views/open?since=yesterday")
    assert response.status_code in (400, 422)
    assert "since must be a date as YYYY-MM-DD, not 'yesterday'" in response.text
