"""The child process of ``train_classifier``: trains one model into a cache folder.

Started as ``python -c`` with this package's source folder first on its path (``_CHILD`` in
``_cache.py``), so it runs the parent's code.

Reads the job (texts, labels, classifier name, configuration, cache folder) as JSON on standard
input; the parent loads the stored model when this process has exited with code 0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from deskpilot.nlu.intents._cache import train_classifier
from deskpilot.nlu.intents._config import ClassifierConfig
from deskpilot.nlu.intents._registry import default_registry


def main() -> None:
    """Train the job read from standard input into its cache folder."""
    job = json.load(sys.stdin)
    train_classifier(
        job["texts"],
        job["labels"],
        name=job["name"],
        config=ClassifierConfig.model_validate(job["config"]),
        cache_dir=Path(job["cache_dir"]),
        registry=default_registry(),  # trains here, never in yet another process
    )


if __name__ == "__main__":
    main()
