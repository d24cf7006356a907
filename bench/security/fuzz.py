"""Fuzz the whole HTTP API with Schemathesis and fail on any 5xx.

Starts ``deskpilot serve`` on a loopback port with a fresh data directory (API keys required,
rate limits off), then runs Schemathesis against its OpenAPI four times, each as the caller
those endpoints serve: the business's server with an API key (``/v1/conversations``,
``/v1/cases``), an admin with a console session and its CSRF token (``/v1/agent``), a web
chat visitor with its session token (``/v1/widget/messages``, ``typing``, ``satisfaction``), and
the public endpoints with no credentials (health, ping, opening a widget session, the widget's
configuration, logging in).
Schemathesis generates valid and invalid requests (examples, coverage of the schema's edges,
random fuzzing and stateful sequences that follow the API's links) for the time budget; the
only check is that no response is a 5xx.

    .venv/bin/python bench/security/fuzz.py [--max-time SECONDS] [--seed N]

Exit 0 when no 5xx was found, 1 otherwise; the line per caller says how many test cases ran.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from _server import BenchError, own_server

SCOPES = ("conversations:write", "conversations:read", "cases:read")
_CASES = re.compile(r"(\d+) generated")


@dataclass(frozen=True)
class Caller:
    """One run: who calls, which operations, with which headers."""

    name: str
    paths: str
    headers: dict[str, str]
    exclude: tuple[str, ...] = ()  # operations left out, as "METHOD /path"
    # A request the credentials must get a 2xx for, before and after the run: proof that the
    # run fuzzed the API behind them, not the login.
    probe: tuple[str, str] | None = None


def _create_key(env: dict[str, str]) -> str:
    scopes = [arg for scope in SCOPES for arg in ("--scope", scope)]
    done = subprocess.run(
        [sys.executable, "-m", "deskpilot.cli", "api-keys", "create", "fuzz", *scopes],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"creating the API key failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


def _admin_headers(url: str) -> dict[str, str]:
    """Log in as the demo's admin: its session cookie and CSRF token."""
    with httpx.Client(base_url=url) as client:
        client.get("/console/login")  # the demo's accounts are made on the first visit
        login = client.post(
            "/v1/agent/session", json={"username": "admin", "password": "deskpilot-demo"}
        )
        if login.status_code != 200:
            raise BenchError(f"logging in as the demo admin failed: {login.status_code}")
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        return {"Cookie": cookie, "X-CSRF-Token": login.json()["csrf_token"]}


def _visitor_headers(url: str) -> dict[str, str]:
    """A web chat visitor: the token of a new widget session."""
    with httpx.Client(base_url=url) as client:
        opened = client.post("/v1/widget/sessions")
        if opened.status_code != 201:
            raise BenchError(f"opening a widget session failed: {opened.status_code}")
        return {"Authorization": f"Bearer {opened.json()['token']}"}


def _run(url: str, caller: Caller, max_time: int, seed: int | None) -> tuple[bool, int, str]:
    """Schemathesis against ``caller``'s operations: (no 5xx, test cases, its last lines).
    Credentials that do not work before or after the run count as a failure."""
    if not _probe(url, caller):
        return False, 0, f"{caller.name}: the credentials did not work before the run"
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-time",
        str(max_time),
        "--include-path-regex",
        caller.paths,
        "--no-color",
    ]
    for name in caller.exclude:
        command += ["--exclude-name", name]
    if seed is not None:
        command += ["--seed", str(seed)]
    for name, value in caller.headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = _CASES.findall(done.stdout)
    cases = int(found[-1]) if found else 0
    tail = "\n".join(done.stdout.strip().splitlines()[-25:])
    if not _probe(url, caller):
        return False, cases, f"{caller.name}: the credentials stopped working during the run"
    return done.returncode == 0, cases, tail


def _probe(url: str, caller: Caller) -> bool:
    if caller.probe is None:
        return True
    method, path = caller.probe
    with httpx.Client(base_url=url, headers=caller.headers) as client:
        body = {} if method == "POST" else None
        return client.request(method, path, json=body).is_success


def main(argv: list[str] | None = None) -> int:
    """Run the three callers; 1 if any found a 5xx."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-time", type=int, default=60, help="seconds per caller")
    parser.add_argument("--seed", type=int, default=None, help="Schemathesis's random seed")
    args = parser.parse_args(argv)
    key: dict[str, str] = {}

    def prepare(env: dict[str, str]) -> None:
        key["secret"] = _create_key(env)

    ok = True
    try:
        with own_server(False, {"DESKPILOT_REQUIRE_API_KEYS": "true"}, prepare) as server:
            callers = [
                Caller(
                    "server with an API key",
                    "^/v1/(conversations|cases)",
                    {"Authorization": f"Bearer {key['secret']}"},
                    probe=("POST", "/v1/conversations"),
                ),
                Caller(
                    "admin with a console session",
                    "^/v1/agent",
                    _admin_headers(server.url),
                    # logging out would end the session the rest of the run uses; logging
                    # in is fuzzed as anyone's
                    exclude=("DELETE /v1/agent/session", "POST /v1/agent/session"),
                    probe=("GET", "/v1/agent/me"),
                ),
                Caller(
                    "web chat visitor with its token",
                    "^/v1/widget/(messages|typing|satisfaction)",
                    _visitor_headers(server.url),
                    probe=("GET", "/v1/widget/messages"),
                ),
                Caller(
                    "anyone, no credentials",
                    "^/(healthz|v1/ping|v1/widget/(sessions|config)|v1/agent/session)",
                    {},
                ),
            ]
            for caller in callers:
                passed, cases, tail = _run(server.url, caller, args.max_time, args.seed)
                verdict = "no 5xx" if passed else "FAILED"
                print(f"{caller.name}: {cases} test cases, {verdict}", flush=True)
                if not passed:
                    print(tail)
                ok = ok and passed
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
