"""Real DeskPilot processes for scale-out tests: ``deskpilot serve`` and ``deskpilot
scheduler`` as subprocesses sharing one PostgreSQL database and one Redis key prefix."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from deskpilot.store import Database

STARTUP_SECONDS = 90


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Deployment:
    """What the processes of one deployment share: database, Redis, store, data folder."""

    database_url: str
    redis_url: str
    redis_prefix: str
    store: Path
    data_dir: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of one of its processes."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DESKPILOT_")}
        env.update(
            DESKPILOT_DATABASE_URL=self.database_url,
            DESKPILOT_REDIS_URL=self.redis_url,
            DESKPILOT_REDIS_PREFIX=self.redis_prefix,
            DESKPILOT_STORE=str(self.store),
            DESKPILOT_DATA_DIR=str(self.data_dir),
            DESKPILOT_RETRY_INTERVAL_SECONDS="3600",
        )
        env.update(extra)
        return env


class Process:
    """One running ``deskpilot`` command; its output goes to a log file read on failure."""

    def __init__(self, deployment: Deployment, args: list[str], log: Path, **env: str) -> None:
        self.log = log
        self._out = log.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "deskpilot.cli", *args],
            env=deployment.env(**env),
            cwd=deployment.data_dir,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        """Everything the process wrote so far."""
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.popen.poll() is None

    def kill(self) -> None:
        """``kill -9``: no clean-up of any kind."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def wait_output(self, text: str, seconds: float = 60) -> None:
        """Wait until the process has written ``text`` (fail with its output otherwise)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if not self.alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"never wrote {text!r}:\n{self.output()}")

    def stop(self) -> int:
        """SIGTERM, as systemd and Docker stop a service; the exit code."""
        if self.alive():
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._out.close()
        return self.popen.returncode


class Scheduler(Process):
    """``deskpilot scheduler``."""

    def __init__(self, deployment: Deployment, name: str, **env: str) -> None:
        super().__init__(deployment, ["scheduler"], deployment.data_dir / f"{name}.log", **env)


class Worker(Process):
    """``deskpilot worker`` (Celery), ready once it says so."""

    def __init__(self, deployment: Deployment, name: str, **env: str) -> None:
        super().__init__(deployment, ["worker"], deployment.data_dir / f"{name}.log", **env)

    def wait_ready(self) -> None:
        """Wait until the worker consumes from the broker."""
        self.wait_output(" ready.", STARTUP_SECONDS)

    def turns_in_hand(self) -> int:
        """Turns it received and has not finished (from its log)."""
        out = self.output()
        done = out.count("succeeded in") + out.count("retry: Retry in") + out.count("raised")
        return out.count("] received") - done

    def stall(self) -> None:
        """SIGSTOP: the process stops where it is, holding what it holds."""
        self.popen.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after ``stall``."""
        self.popen.send_signal(signal.SIGCONT)


class Server(Process):
    """``deskpilot serve`` on a free port, ready once ``/health`` answers."""

    def __init__(self, deployment: Deployment, name: str, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = deployment.data_dir / f"{name}.log"
        super().__init__(deployment, ["serve", "--port", str(self.port)], log, **env)

    def wait_ready(self) -> None:
        """Wait until the server answers (fail with its log if it dies or hangs)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if not self.alive():
                raise AssertionError(f"the server exited:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not start:\n{self.output()}")


def wait_for(condition: object, what: str, seconds: float = 30) -> None:
    """Poll ``condition()`` until true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def two_servers(deployment: Deployment, **env: str) -> Iterator[tuple[Server, Server]]:
    """Two API processes of one deployment (with ``env`` set), started together; stopped
    after."""
    a, b = Server(deployment, "serve-a", **env), Server(deployment, "serve-b", **env)
    try:
        a.wait_ready()
        b.wait_ready()
        yield a, b
    finally:
        b.stop()
        a.stop()


def hand_off(server: Server, db: Database) -> str:
    """A widget visitor asks ``server`` for a person; the id of the case handed off (routed by
    that API process)."""
    with db.transaction() as repo:
        before = {a.case_id for a in repo.list_assignments()}
    token = httpx.post(f"{server.url}/v1/widget/sessions", timeout=10).json()["token"]
    response = httpx.post(
        f"{server.url}/v1/widget/messages",
        json={"text": "I want to talk to a human"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    with db.transaction() as repo:
        added = [a.case_id for a in repo.list_assignments() if a.case_id not in before]
    assert len(added) == 1, "the case was routed by the API process"
    return added[0]
