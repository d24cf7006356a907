"""A change's effect on a chat turn's CPU, measured in one process against the old form.

On a busy machine whole runs of the same code differ by more than most changes (3.7 to 7.0 ms
a turn in one afternoon), so a change is measured here by alternation: one runtime, blocks of
``--block`` conversations (``run.py``'s scripts, through ``Pipeline.do_receive_message``)
held in turn with the old forms put back and with the code as it is, the order flipped each
round. The old forms come from a Python file defining ``old(runtime) -> undo``: it patches them
in and returns a function that takes them out again. Printed: CPU ms a turn (conversation
openings included) for each side, the median of the rounds' paired differences, and the same
for the stages the file names in ``STAGES`` (``(class, method name)`` pairs, timed with
``time.process_time_ns`` at the class, so the code's own look-ups keep working).

With ``--through app`` the conversations go through the HTTP app instead, called in process
without a client or socket (``http_layers.asgi_call``: routing, middleware, dependencies, the
thread pool, JSON, the pipeline; rate limits off), and ``old`` is given the app rather than
the runtime: for changes to the request path.

    .venv/bin/python bench/api/alternate.py bench/api/old_forms/hpipe_2026_12_06.py \
        [--rounds 24] [--block 8] [--through app]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib.util
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from _load import Customer, converse, load_customers
from http_layers import Asgi, asgi_call

from deskpilot.api import create_app
from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings


def load_old_forms(path: Path) -> ModuleType:
    """The file that puts the old forms back (``old``) and names the stages (``STAGES``)."""
    spec = importlib.util.spec_from_file_location("old_forms", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"expected a Python file at {path}, found none")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "old", None)):
        raise SystemExit(f"expected {path} to define old(runtime) -> undo, found no old")
    return module


def time_stages(stages: Sequence[tuple[type, str]], spent: list[int]) -> None:
    """Add the CPU time of every call to the named methods to ``spent[0]``."""
    for owner, name in stages:
        func = getattr(owner, name)

        def timed(*args: Any, _func: Callable[..., Any] = func, **kwargs: Any) -> Any:
            began = time.process_time_ns()
            try:
                return _func(*args, **kwargs)
            finally:
                spent[0] += time.process_time_ns() - began

        setattr(owner, name, functools.wraps(func)(timed))


async def converse_app(app: Asgi, customers: Sequence[Customer], first: int, count: int) -> int:
    """``converse`` through the HTTP app: each conversation opened and held by requests."""
    turns = 0
    for i in range(first, first + count):
        _, body = await asgi_call(app, "POST", "/v1/conversations", {"channel": "api"})
        path = f"/v1/conversations/{json.loads(body)['id']}/messages"
        for text in customers[i % len(customers)].script():
            status, body = await asgi_call(app, "POST", path, {"text": text})
            if status != 201:
                raise SystemExit(f"error: a turn answered {status}: {body!r}")
            turns += 1
    return turns


Converse = Callable[[Sequence[Customer], int, int], int]


def block(talk: Converse, customers: Sequence[Any], first: int, count: int) -> float:
    """CPU ms a turn over ``count`` conversations from the ``first``-th customer on."""
    began = time.process_time()
    turns = talk(customers, first, count)
    return (time.process_time() - began) / turns * 1000


def summary(label: str, old: list[float], new: list[float]) -> str:
    """Medians of each side and of the rounds' paired differences."""
    diffs = [n - o for o, n in zip(old, new, strict=True)]
    share = statistics.median((n - o) / o * 100 for o, n in zip(old, new, strict=True) if o)
    return (
        f"{label}: old {statistics.median(old):.3f} ms a turn, new {statistics.median(new):.3f}; "
        f"paired difference median {statistics.median(diffs) * 1000:+.0f} us ({share:+.1f} %), "
        f"rounds: {' '.join(f'{d * 1000:+.0f}' for d in diffs)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Alternate old and new blocks and print the medians."""
    p = argparse.ArgumentParser(description="A change's CPU per turn, old form against new.")
    p.add_argument("old_forms", type=Path, help="a file defining old(runtime) -> undo, STAGES")
    p.add_argument("--rounds", type=int, default=24)
    p.add_argument("--block", type=int, default=8, help="conversations a block (4 turns each)")
    p.add_argument(
        "--through",
        choices=("pipeline", "app"),
        default="pipeline",
        help="hold the conversations through the pipeline or the HTTP app (no client)",
    )
    args = p.parse_args(argv)
    forms = load_old_forms(args.old_forms)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-alternate-"))
    settings = Settings(
        data_dir=data_dir, log_level="WARNING", messages_per_minute=0, opened_per_minute=0
    )
    runtime = build_runtime(settings)
    loop = asyncio.new_event_loop()
    target: Any = runtime
    talk: Converse = functools.partial(converse, runtime)
    if args.through == "app":
        app = target = create_app(settings, runtime)
        app.state.runtime = runtime

        def talk(customers: Sequence[Customer], first: int, count: int) -> int:
            return loop.run_until_complete(converse_app(app, customers, first, count))

    spent = [0]
    time_stages(getattr(forms, "STAGES", ()), spent)
    sides: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
    try:
        customers = load_customers(data_dir / "demo-store")
        first = 20
        talk(customers, 0, first)  # warm-up: templates compiled, caches filled
        for r in range(args.rounds):
            for is_old in (True, False) if r % 2 == 0 else (False, True):
                undo = forms.old(target) if is_old else None
                spent[0] = 0
                turn = block(talk, customers, first, args.block)
                stages = spent[0] / (4 * args.block) / 1e6
                if undo is not None:
                    undo()
                first += args.block
                sides[is_old][0].append(turn)
                sides[is_old][1].append(stages)
    finally:
        loop.close()
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(summary("turn", sides[True][0], sides[False][0]))
    if getattr(forms, "STAGES", ()):
        names = ", ".join(f"{owner.__name__}.{name}" for owner, name in forms.STAGES)
        print(summary(names, sides[True][1], sides[False][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
