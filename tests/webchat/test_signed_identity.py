"""A customer logged in on the business's site is verified by the identity the site signs: the
widget passes the token on, the case starts verified; a forged or expired token opens nothing."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from deskpilot.api import create_app
from deskpilot.channels.webchat import sign_identity
from deskpilot.domains.retail import generate_store
from deskpilot.errors import WorkspaceError
from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings

from ..conftest import RETAIL_WORKSPACE

SECRET = "shared-with-the-shop"
DEMO = generate_store()
ORDER_ID, ORDER = next((k, o) for k, o in DEMO["orders"].items() if o["status"] == "pending")


def _signed_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, ws)
    config = ws / "deskpilot.yaml"
    config.write_text(
        config.read_text().replace(
            "  customer: {action: get_user_details, arg: user_id}\n",
            "  customer: {action: get_user_details, arg: user_id}\n"
            "  signed: {secret: shop_identity}\n",
        )
    )
    return ws


@pytest.fixture
def signed(tmp_path: Path, settings: Settings) -> Iterator[Runtime]:
    update = {
        "workspace": _signed_workspace(tmp_path),
        "secrets": {"shop_identity": SecretStr(SECRET)},
        "sla_tick_seconds": 3600.0,
    }
    rt = build_runtime(settings.model_copy(update=update))
    yield rt
    rt.close()


def _start(client: TestClient, identity: str | None) -> Any:
    body = {"identity": identity} if identity is not None else None
    return client.post("/v1/widget/sessions", json=body)


def test_a_signed_customer_acts_without_giving_an_email(signed: Runtime) -> None:
    token = sign_identity(ORDER["user_id"], int(time.time()) + 600, SECRET)
    with TestClient(create_app(runtime=signed)) as client:
        started = _start(client, token)
        assert started.status_code == 201, started.text
        auth = {"Authorization": f"Bearer {started.json()['token']}"}
        body = {"text": f"Please cancel order {ORDER_ID}, I ordered it by mistake."}
        asked = client.post("/v1/widget/messages", json=body, headers=auth).json()
        texts = " ".join(m["text"] for m in asked["replies"])
        assert f"cancel order {ORDER_ID}" in texts and "email" not in texts.lower()
        done = client.post("/v1/widget/messages", json={"text": "yes"}, headers=auth).json()
        assert done["replies"][0]["text"].startswith("Done"), done
    assert signed.store is not None
    assert signed.store.read(lambda d: d["orders"][ORDER_ID]["status"]) == "cancelled"


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        (sign_identity(ORDER["user_id"], int(time.time()) + 600, "a guessed secret"), "signature"),
        (sign_identity(ORDER["user_id"], int(time.time()) - 1, SECRET), "expired"),
        (sign_identity(ORDER["user_id"], int(time.time()) + 90_000, SECRET), "more than a day"),
        (f"{ORDER['user_id']}.soon.abc", "<user id>.<expiry>.<signature>"),
        (f"{ORDER['user_id']}.²³.abc", "<user id>.<expiry>.<signature>"),
    ],
    # named, not by the tokens: those hold the time, and every test worker collects alike
    ids=["forged", "expired", "too far ahead", "expiry a word", "expiry not ascii digits"],
)
def test_a_forged_or_expired_identity_opens_nothing(
    signed: Runtime, token: str, problem: str
) -> None:
    with TestClient(create_app(runtime=signed)) as client:
        refused = _start(client, token)
        assert refused.status_code == 401
        assert problem in refused.json()["detail"]
        assert _start(client, None).status_code == 201  # without one, an ordinary visitor


def test_a_workspace_without_signed_identities_says_so(client: TestClient) -> None:
    token = sign_identity(ORDER["user_id"], int(time.time()) + 600, SECRET)
    refused = _start(client, token)
    assert refused.status_code == 422
    assert "accepts no signed identities" in refused.json()["detail"]


def test_the_shared_secret_must_be_configured(tmp_path: Path, settings: Settings) -> None:
    update = {"workspace": _signed_workspace(tmp_path)}
    with pytest.raises(WorkspaceError, match=r"identity.signed.secret: names a secret that"):
        build_runtime(settings.model_copy(update=update))
