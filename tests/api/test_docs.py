"""The API reference at ``/docs`` is served from this server's own files: it works offline."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_docs_page_links_only_to_this_servers_own_files(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert links, page.text
    assert all(link.startswith("/docs/static/") for link in links), links
    assert "cdn.jsdelivr.net" not in page.text
    assert '"validatorUrl": null' in page.text


def test_docs_assets_are_served_with_their_licence(client: TestClient) -> None:
    kinds = {
        "swagger-ui-bundle.js": "javascript",
        "swagger-ui.css": "text/css",
        "favicon-32x32.png": "image/png",
    }
    for name, kind in kinds.items():
        response = client.get(f"/docs/static/{name}")
        assert response.status_code == 200, name
        assert kind in response.headers["content-type"], (name, response.headers)
    licence = client.get("/docs/static/LICENSE")
    assert licence.status_code == 200
    assert "Apache License" in licence.text


def test_redoc_is_not_served_since_it_would_need_a_cdn(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
