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
the runtime: for changes to the request path. ``--keys`` then requires API keys, as a
deployment does (the demo ``run.py`` serves does not), and sends one with every request;
``--recorded`` answers the turns with the pipeline's recorded answers, so the rounds measure
the request path without the turns' own variation.

    .venv/bin/python bench/api/alternate.py bench/api/old_forms/hpipe_2026_12_06.py \
        [--rounds 24] [--block 8] [--through app [--keys] [--recorded]]
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
from deskpilot.domain import ApiScope
from deskpilot.runtime import Runtime, build_runtime
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


async def converse_app(
    app: Asgi,
    customers: Sequence[Customer],
    first: int,
    count: int,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> int:
    """``converse`` through the HTTP app: each conversation opened and held by requests."""
    turns = 0
    for i in range(first, first + count):
        opening = {"channel": "api"}
        _, body = await asgi_call(app, "POST", "/v1/conversations", opening, headers)
        path = f"/v1/conversations/{json.loads(body)['id']}/messages"
        for text in customers[i % len(customers)].script():
            status, body = await asgi_call(app, "POST", path, {"text": text}, headers)
            if status != 201:
                raise SystemExit(f"error: a turn answered {status}: {body!r}")
            turns += 1
    return turns


Converse = Callable[[Sequence[Customer], int, int], int]


def replay_turns(runtime: Runtime) -> None:
    """Answer every turn after the first 40 with one of those 40 answers in turn (as
    ``http_layers.py`` does): what is left of a request is the HTTP path around the turn."""
    pipeline: Any = runtime.pipeline
    real, answers = pipeline.do_receive_message, []
    served = iter(range(1 << 62))

    def replayed(*args: Any, **kwargs: Any) -> Any:
        if len(answers) < 40:
            answers.append(real(*args, **kwargs))
            return answers[-1]
        return answers[next(served) % len(answers)]

    pipeline.do_receive_message = replayed


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
    p.add_argument("--keys", action="store_true", help="with --through app: API keys required")
    p.add_argument(
        "--recorded",
        action="store_true",
        help="with --through app: the pipeline's turns replaced by answers recorded in the "
        "warm-up, so a block measures the request path alone",
    )
    args = p.parse_args(argv)
    forms = load_old_forms(args.old_forms)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-alternate-"))
    settings = Settings(
        data_dir=data_dir,
        log_level="WARNING",
        messages_per_minute=0,
        opened_per_minute=0,
        require_api_keys=args.keys,
    )
    runtime = build_runtime(settings)
    headers: list[tuple[bytes, bytes]] = []
    if args.keys:
        scopes = [ApiScope.CONVERSATIONS_WRITE.value]
        _, secret = runtime.api_keys.do_create("alternate", scopes, actor="bench")
        headers.append((b"authorization", f"Bearer {secret}".encode()))
    loop = asyncio.new_event_loop()
    target: Any = runtime
    talk: Converse = functools.partial(converse, runtime)
    if args.through == "app":
        app = target = create_app(settings, runtime)
        app.state.runtime = runtime

        def talk(customers: Sequence[Customer], first: int, count: int) -> int:
            return loop.run_until_complete(converse_app(app, customers, first, count, headers))

    spent = [0]
    time_stages(getattr(forms, "STAGES", ()), spent)
    sides: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
    try:
        customers = load_customers(data_dir / "demo-store")
        first = 20
        if args.recorded:
            replay_turns(runtime)  # the warm-up's first turns are recorded
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
