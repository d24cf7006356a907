"""A vocabulary list as one alternation: longest entry first, the same in every process."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from deskpilot.workspace import phrases

ENTRIES = ["is on", "on it", "keep", "stay", "still", "as is", "so so", "to be", "at it"]
PRINT = f"from deskpilot.workspace import phrases; print(phrases({ENTRIES!r}))"


def test_the_pattern_is_the_same_whatever_the_hash_seed() -> None:
    def pattern(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", PRINT], env=env, capture_output=True, text=True, check=True
        )
        return run.stdout.strip()

    assert len({pattern(seed) for seed in ("1", "2", "3")}) == 1


def test_the_longest_entry_is_tried_first() -> None:
    found = re.search(phrases(["is on", "is on file"]), "the address is on file")
    assert found is not None and found.group(0) == "is on file"
