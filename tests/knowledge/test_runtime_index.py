"""A runtime opens its help center's index once, for the flow engine, the agents' assist and the
console alike, and closes it with itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deskpilot.runtime import build_runtime
from deskpilot.settings import Settings

FDS = Path("/proc/self/fd")


def _open_indexes(models: Path) -> int:
    """How many of this process's open files are a knowledge index under ``models``."""
    count = 0
    for fd in FDS.iterdir():
        try:
            target = Path(os.readlink(fd))
        except OSError:
            continue
        if target.parent == models and target.name.startswith("knowledge-"):
            count += target.suffix == ".sqlite3"
    return count


@pytest.mark.skipif(not FDS.is_dir(), reason="reads the open files from /proc")
def test_runtime_opens_one_help_center_index_and_closes_it(settings: Settings) -> None:
    runtime = build_runtime(settings)
    models = (settings.data_dir / "models").resolve()
    try:
        assert runtime.knowledge is not None
        assert _open_indexes(models) == 1
    finally:
        runtime.close()
    assert _open_indexes(models) == 0
