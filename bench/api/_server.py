"""The server under test: starting ``deskpilot serve``, waiting for it, reading /proc about it."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

# A first start trains the intent model in a child process; on a machine busy with other work
# that took over 30 s (2026-12-08, load average 8-11 on 2 cores). Only a failed start waits this.
READY_TIMEOUT_S = 120.0
REPO_ROOT = Path(__file__).resolve().parents[2]
# Overrides a developer may have exported: with them the fresh data directory would not be used.
_ENV_DROPPED = ("DESKPILOT_DATABASE_URL", "DESKPILOT_STORE", "DESKPILOT_HOST", "DESKPILOT_PORT")


class BenchError(Exception):
    """The benchmark cannot go on; the message is printed as one line."""


@dataclass(frozen=True)
class OwnServer:
    """A ``deskpilot serve`` this script started."""

    url: str
    pid: int
    data_dir: Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_command(port: int) -> list[str]:
    """``deskpilot serve`` from this interpreter's environment, bound to loopback."""
    script = Path(sys.executable).parent / "deskpilot"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "deskpilot.cli"]
    return [*base, "serve", "--host", "127.0.0.1", "--port", str(port)]


def wait_ready(
    url: str, proc: subprocess.Popen[bytes] | None = None, log: Path | None = None
) -> None:
    """Poll ``GET /v1/ping`` until it answers 200; raise ``BenchError`` after the timeout."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    with httpx.Client(timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise BenchError(
                    f"the server exited with code {proc.returncode} before answering "
                    f"GET {url}/v1/ping: {last_line(log)} (server log: {log})"
                )
            try:
                if client.get(f"{url}/v1/ping").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    where = f" (server log: {log})" if log is not None else ""
    raise BenchError(
        f"the server did not answer GET {url}/v1/ping within {READY_TIMEOUT_S:.0f} s{where}"
    )


def last_line(log: Path | None) -> str:
    """The last non-empty line of the server's log, to explain a failed start."""
    if log is None or not log.exists():
        return "no log"
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    return lines[-1].strip() if lines else "empty log"


@contextmanager
def own_server(
    keep_data: bool, env: dict[str, str] | None = None, prepare: Any = None
) -> Iterator[OwnServer]:
    """Start ``deskpilot serve`` on a free port with a fresh data directory; stop it after.
    ``env``: more settings for the server; ``prepare(env)``: run before it starts, with the
    server's environment (to create an API key in its database, say).

    The data directory (database, generated demo store, server log) is removed afterwards
    unless ``keep_data``; it is kept when the server fails to start, so its log can be read.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-bench-"))
    port = free_port()
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROPPED}
    env["DESKPILOT_DATA_DIR"] = str(data_dir)
    # The load comes from one address at many times a person's pace: the public rate limits
    # would measure themselves, not the server.
    env["DESKPILOT_MESSAGES_PER_MINUTE"] = "0"
    env["DESKPILOT_OPENED_PER_MINUTE"] = "0"
    env.update(extra)
    if prepare is not None:
        prepare(env)
    log = data_dir / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            serve_command(port), cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    started = False
    try:
        wait_ready(url, proc, log)
        started = True
        yield OwnServer(url, proc.pid, data_dir)
    finally:
        stop_process(proc)
        if started and not keep_data:
            shutil.rmtree(data_dir, ignore_errors=True)


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop (SIGINT, as Ctrl-C would), then kill it if it lingers."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


# -- /proc readings -------------------------------------------------------------------------


def memory_mb(pid: int, field_name: str = "VmRSS") -> float:
    """A memory line of /proc/<pid>/status (``VmRSS``, ``VmHWM``) in MB (10^6 bytes)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read /proc/{pid}/status: {exc.strerror}") from exc
    for line in text.splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise BenchError(f"/proc/{pid}/status has no {field_name} line")


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time that ``pid`` (all its threads) has used so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read /proc/{pid}/stat: {exc.strerror}") from exc
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine (every process, every core) has spent busy so far."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds of this client, of the server (when its pid is known) and of the rest."""

    client: float
    server: float | None
    machine: float

    @classmethod
    def now(cls, pid: int | None) -> CpuUse:
        """The counters as they stand."""
        server = process_cpu_seconds(pid) if pid is not None else None
        return cls(time.process_time(), server, machine_busy_seconds())

    def since(self, start: CpuUse) -> CpuUse:
        """The CPU used between ``start`` and this reading."""
        server = None
        if self.server is not None and start.server is not None:
            server = self.server - start.server
        return CpuUse(self.client - start.client, server, self.machine - start.machine)

    @property
    def other(self) -> float | None:
        """CPU used by every other process on the machine (known when the server's is)."""
        if self.server is None:
            return None
        return max(0.0, self.machine - self.client - self.server)


def code_version() -> str:
    """The commit under test, marked ``+modified`` when ``src/`` differs from it."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit}+modified" if git("status", "--porcelain", "--", "src") else commit


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "python": platform.python_version(),
        "loadavg_1min_at_start": os.getloadavg()[0],
        "code": code_version(),
    }
