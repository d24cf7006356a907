"""Fuzz the whole HTTP API with Schemathesis and fail on any 5xx.

Starts ``deskpilot serve`` on a loopback port with a fresh data directory (API keys required,
rate limits off), then runs Schemathesis against its OpenAPI three times, each as the caller
those endpoints serve: the business's server with an API key (``/v1/conversations``,
``/v1/cases``), an admin with a console session and its CSRF token (``/v1/agent``), and the
public endpoints with no credentials (health, ping, the widget's session, logging in).
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


def _run(url: str, caller: Caller, max_time: int, seed: int | None) -> tuple[bool, int, str]:
    """Schemathesis against ``caller``'s operations: (no 5xx, test cases, its last lines).
    Credentials that did not work (only 401/403 answers) count as a failure: the run would
    have fuzzed the login, not the API."""
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
    refused = "Authentication failed" in done.stdout and caller.headers
    return done.returncode == 0 and not refused, cases, tail


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
                ),
                Caller(
                    "admin with a console session",
                    "^/v1/agent",
                    _admin_headers(server.url),
                    # logging out would end the session the rest of the run uses; logging
                    # in is fuzzed as anyone's
                    exclude=("DELETE /v1/agent/session", "POST /v1/agent/session"),
                ),
                Caller(
                    "anyone, no credentials",
                    "^/(healthz|v1/ping|v1/widget|v1/agent/session)",
                    {},
                ),
            ]
            for caller in callers:
                passed, cases, tail = _run(server.url, caller, args.max_time, args.seed)
                verdict = "no 5xx" if passed else "5xx FOUND"
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
