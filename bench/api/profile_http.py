"""Where a chat turn's server time goes through HTTP: cProfile over the whole server, in process.

Serves the app with uvicorn (the same options as ``deskpilot serve``) in this process on a fresh
temporary data directory, and drives it with ``run.py --url`` in another process (closed-loop
chat turns at the given levels, no think time). cProfile sees only the thread it runs in, so
the thread pool Starlette runs sync endpoints and dependencies in is replaced by a direct call
for the profile: the figures show the work of the HTTP layers and the pipeline, not the cost of
the hand-offs between threads (``run.py`` measures that, as server CPU per request).

    .venv/bin/python bench/api/profile_http.py [--levels 1] [--duration 10] [--save OUT.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _server import REPO_ROOT, free_port

HERE = Path(__file__).resolve().parent


def inline_threadpool() -> None:
    """Run what Starlette and FastAPI send to the thread pool in the calling thread."""
    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    async def run_inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    for module in (
        starlette.concurrency,
        fastapi.concurrency,
        fastapi.routing,
        fastapi.dependencies.utils,
    ):
        module.run_in_threadpool = run_inline  # type: ignore[attr-defined]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description="Profile deskpilot serve under chat load.")
    p.add_argument("--levels", default="1", help="closed-loop conversations, as for run.py")
    p.add_argument("--duration", type=float, default=10.0, help="measured seconds per level")
    p.add_argument("--save", type=Path, help="also write the raw profile (pstats) here")
    p.add_argument("--top", type=int, default=40, help="functions to list")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve under the profiler while ``run.py`` loads the server; print where the time went."""
    args = parse_args(argv)
    import uvicorn

    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-profile-http-"))
    os.environ.update(
        DESKPILOT_DATA_DIR=str(data_dir),
        DESKPILOT_MESSAGES_PER_MINUTE="0",
        DESKPILOT_OPENED_PER_MINUTE="0",
        DESKPILOT_LOG_LEVEL="WARNING",
    )
    for name in ("DESKPILOT_DATABASE_URL", "DESKPILOT_STORE"):
        os.environ.pop(name, None)
    inline_threadpool()
    from deskpilot.api import create_app
    from deskpilot.runtime import build_runtime
    from deskpilot.settings import get_settings

    runtime = build_runtime(get_settings())
    port = free_port()
    config = uvicorn.Config(
        create_app(runtime.settings, runtime),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    load_cmd = [
        sys.executable,
        str(HERE / "run.py"),
        "--url",
        f"http://127.0.0.1:{port}",
        "--store",
        str(data_dir / "demo-store"),
        "--levels",
        args.levels,
        "--duration",
        str(args.duration),
        "--think-conversations",
        "0",
    ]
    profile = cProfile.Profile()
    done: list[int] = []

    def load() -> None:
        done.append(subprocess.run(load_cmd, cwd=REPO_ROOT, check=False).returncode)
        server.should_exit = True

    threading.Thread(target=load, daemon=True).start()
    try:
        profile.runcall(server.run)
    finally:
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    stats = pstats.Stats(profile, stream=sys.stdout)
    if args.save is not None:
        stats.dump_stats(args.save)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return done[0] if done else 1


if __name__ == "__main__":
    sys.exit(main())
