"""CPU time per chat turn by pipeline stage, without a profiler.

Builds a runtime on a fresh temporary data directory (as ``deskpilot serve`` would), wraps the
pipeline's stages, the understanding's components and the repository's hot calls with
``time.process_time_ns``, and holds ``run.py``'s conversations one at a time through
``Pipeline.do_receive_message``: 20 warm-up conversations, then ``--conversations`` measured.
Nested entries are included in their parents (``understand`` holds ``score_intents``). The
figures move less than ``profile_turn.py``'s, which cProfile inflates for call-heavy code.

    .venv/bin/python bench/api/stage_times.py [--conversations 100]
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _load import converse, load_customers

from deskpilot.runtime import Runtime, build_runtime
from deskpilot.settings import Settings
from deskpilot.store import Repository

_REPOSITORY = (
    "get_conversation",
    "get_case",
    "insert_message",
    "append_events",
    "save_case",
    "set_message_status",
)
_UNDERSTANDING = (
    ("entities", "extract"),
    ("tagger", "tag"),
    ("sentiment", "analyze"),
    ("spam", "check"),
    ("language", "detect"),
    ("categories", "detect"),
    ("segmenter", "segments"),
)


def timed(spent: Counter[str], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func``, adding the CPU time of each call to ``spent[label]``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time_ns()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time_ns() - began

    return wrapper


def instrument(runtime: Runtime, spent: Counter[str]) -> None:
    """Wrap the stages, the understanding's components and the repository's hot calls."""
    pipeline: Any = runtime.pipeline
    for name in ("do_receive_message", "_store", "_decide_and_act", "_finish"):
        setattr(pipeline, name, timed(spent, name, getattr(pipeline, name)))
    understander: Any = pipeline.understander
    understander.understand = timed(spent, "understand", understander.understand)
    scoring = getattr(understander, "score_intents", None)
    if hasattr(scoring, "scorer"):  # the intent model behind what reads around it
        scoring.scorer = timed(spent, "  score_intents", scoring.scorer)
    elif scoring is not None:
        understander.score_intents = timed(spent, "  score_intents", scoring)
    for attr, method in _UNDERSTANDING:
        part = getattr(understander, attr, None)
        if part is not None and hasattr(part, method):
            setattr(part, method, timed(spent, f"  {attr}.{method}", getattr(part, method)))
    pipeline.responder.render = timed(spent, "  render", pipeline.responder.render)
    for name in _REPOSITORY:
        setattr(Repository, name, timed(spent, f"  repo.{name}", getattr(Repository, name)))


def main(argv: Sequence[str] | None = None) -> int:
    """Measure on a fresh data directory and print ms per turn, largest first."""
    p = argparse.ArgumentParser(description="CPU time per chat turn by pipeline stage.")
    p.add_argument("--conversations", type=int, default=100, help="measured (4 turns each)")
    args = p.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="deskpilot-stages-"))
    runtime = build_runtime(Settings(data_dir=data_dir, log_level="WARNING"))
    originals = {name: getattr(Repository, name) for name in _REPOSITORY}
    try:
        customers = load_customers(data_dir / "demo-store")
        spent: Counter[str] = Counter()
        instrument(runtime, spent)
        converse(runtime, customers, 0, 20)
        spent.clear()
        turns = converse(runtime, customers, 20, args.conversations)
        print(f"CPU ms per turn over {turns} turns (conversation openings not included):")
        for label, ns in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {ns / turns / 1e6:6.3f}  {label}")
    finally:
        for name, func in originals.items():
            setattr(Repository, name, func)
        runtime.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
