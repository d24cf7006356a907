"""Tags: an agent tags a case (each change an event of its log), sees the tags on the case and
in the views, finds cases by tag, and may not tag a colleague's case."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.console._support import api_login, console_login, events, hand_off


def test_an_agent_tags_a_case_finds_it_by_tag_and_removes_the_tag(client: TestClient) -> None:
    _, case_id = hand_off(client)
    _, other = hand_off(client)
    csrf = console_login(client, "alice")
    client.post(f"/console/cases/{case_id}/take", data={"csrf_token": csrf})
    for text in ("Refund ", "refund", "VIP  follow-up"):
        client.post(f"/console/cases/{case_id}/tags", data={"csrf_token": csrf, "tag": text})
    page = client.get(f"/console/cases/{case_id}").text
    section = page[page.index(">Tags</h2>") : page.index("</section>", page.index(">Tags</h2>"))]
    assert re.findall(r'class="badge tag"[^>]*>([^<]+)</a>', section) == ["refund", "vip follow-up"]
    assert [e["data"]["tag"] for e in events(client, case_id, "case_tagged")] == [
        "refund",
        "vip follow-up",
    ]
    mine = client.get("/console/views/mine").text
    assert '<span class="badge tag">refund</span>' in mine
    found = client.get("/console/search", params={"q": "tag:refund"}).text
    assert re.findall(r'<a href="/console/cases/([^"]+)">Case', found) == [case_id]
    assert other not in found
    client.post(f"/console/cases/{case_id}/tags", data={"csrf_token": csrf, "remove": "refund"})
    assert [e["data"]["tag"] for e in events(client, case_id, "case_untagged")] == ["refund"]
    assert "Case " + case_id not in client.get("/console/search", params={"q": "tag:refund"}).text
    bad = client.post(f"/console/cases/{case_id}/tags", data={"csrf_token": csrf, "tag": "<b>"})
    assert "a tag is 1 to 40 letters" in bad.text


def test_an_agent_cannot_tag_a_colleagues_case(client: TestClient, other_client: Any) -> None:
    _, case_id = hand_off(client)
    bob = other_client()
    assert bob.post(f"/v1/agent/cases/{case_id}/take", headers=api_login(bob, "bob")).is_success
    csrf = console_login(client, "alice")
    page = client.get(f"/console/cases/{case_id}").text
    assert f'action="/console/cases/{case_id}/tags"' not in page
    refused = client.post(f"/console/cases/{case_id}/tags", data={"csrf_token": csrf, "tag": "x"})
    assert "only they or a supervisor may tag it" in refused.text
    assert events(client, case_id, "case_tagged") == []
