"""Training with a cache: a model is keyed by a hash of its examples and configuration.

Training again with the same examples (in any order) and the same configuration loads the stored
model instead of refitting. Models are stored with ``pickle``: load only cache folders you (or
your deployment) wrote.

A model trained for a cache is trained in a child process when this one has not imported
scikit-learn: the fitting needs it, a fitted model does not, and a module once imported stays
in memory (about 74 MB of a server's 300 MB budget, docs/performance.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskpilot import __version__
from deskpilot.errors import NLUError
from deskpilot.nlu._protocols import IntentClassifier, ProgressCallback
from deskpilot.nlu.intents._config import ClassifierConfig
from deskpilot.nlu.intents._registry import ClassifierRegistry, default_registry

logger = logging.getLogger(__name__)

# Bump when a stored model can no longer be read by this code, or should be trained again:
# format 1 held scikit-learn's analyzers, so loading one imported scikit-learn.
MODEL_FORMAT = 2


@dataclass(frozen=True)
class TrainedClassifier:
    """A ready classifier and where it came from."""

    classifier: IntentClassifier
    name: str
    key: str
    path: Path | None
    from_cache: bool
    training_seconds: float


def training_key(
    name: str, config: ClassifierConfig, texts: Sequence[str], labels: Sequence[str]
) -> str:
    """SHA-256 over the model format, classifier name, configuration and sorted examples."""
    digest = hashlib.sha256()
    header = {"format": MODEL_FORMAT, "classifier": name, "config": config.model_dump(mode="json")}
    digest.update(json.dumps(header, sort_keys=True).encode("utf-8"))
    for label, text in sorted(zip(labels, texts, strict=True)):
        digest.update(b"\x1e" + label.encode("utf-8") + b"\x1f" + text.encode("utf-8"))
    return digest.hexdigest()


def model_path(cache_dir: Path, name: str, key: str) -> Path:
    """Where the model for ``key`` lives in ``cache_dir``."""
    return cache_dir / f"intents-{name}-{key[:20]}.pkl"


def load_classifier(path: Path) -> IntentClassifier:
    """Read a stored classifier (a file written by ``train_classifier``)."""
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)  # our own cache files, see the module doc
    except FileNotFoundError as exc:
        raise NLUError(f"expected a trained model at {path}, found no such file") from exc
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise NLUError(
            f"expected a DeskPilot intent model at {path}, found unreadable data"
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise NLUError(
            f"expected an intent model of format {MODEL_FORMAT} at {path}, found {found!r}"
        )
    classifier: IntentClassifier = payload["classifier"]
    return classifier


def _save(path: Path, classifier: IntentClassifier, meta: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"format": MODEL_FORMAT, "classifier": classifier}, fh)
        os.replace(tmp, path)  # atomic: a reader never sees half a model
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def train_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    name: str = "tfidf",
    config: ClassifierConfig | None = None,
    cache_dir: Path | None = None,
    registry: ClassifierRegistry | None = None,
    progress: ProgressCallback | None = None,
) -> TrainedClassifier:
    """A classifier trained on the examples, or the cached one when nothing changed."""
    apart = registry is None and progress is None and "sklearn" not in sys.modules
    registry = registry or default_registry()
    config = config or ClassifierConfig()
    classifier = registry.create(name, config)  # validates the name before any hashing
    key = training_key(name, config, texts, labels)
    path = model_path(cache_dir, name, key) if cache_dir is not None else None
    if path is not None and path.is_file():
        meta = _read_meta(path)
        logger.info("intent model %s loaded from cache", key[:12])
        return TrainedClassifier(load_classifier(path), name, key, path, True, _seconds(meta))
    if path is not None and cache_dir is not None and apart:
        _train_apart(texts, labels, name, config, cache_dir)
        seconds = _seconds(_read_meta(path))
        return TrainedClassifier(load_classifier(path), name, key, path, False, seconds)
    start = time.perf_counter()
    classifier.fit(texts, labels, progress=progress)
    seconds = time.perf_counter() - start
    if path is not None:
        meta = {
            "key": key,
            "classifier": name,
            "examples": len(texts),
            "intents": len(classifier.intents),
            "training_seconds": round(seconds, 3),
            "deskpilot": __version__,
            "config": config.model_dump(mode="json"),
        }
        _save(path, classifier, meta)
    return TrainedClassifier(classifier, name, key, path, False, seconds)


# The child process: this code's source folder first on its path, then ``_apart.main``.
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from deskpilot.nlu.intents._apart import main; main()"
)


def _train_apart(
    texts: Sequence[str],
    labels: Sequence[str],
    name: str,
    config: ClassifierConfig,
    cache_dir: Path,
) -> None:
    """Train into ``cache_dir`` in a child process (``deskpilot.nlu.intents._apart``), which
    imports scikit-learn so that this process does not."""
    job = {
        "texts": list(texts),
        "labels": list(labels),
        "name": name,
        "config": config.model_dump(mode="json"),
        "cache_dir": str(cache_dir),
    }
    # The child runs this very code, from wherever this process imported it.
    source = str(Path(__file__).resolve().parents[3])
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, source],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise NLUError(
            f"expected the intent model to be trained into {cache_dir}, but the training "
            f"process exited with code {done.returncode}: {lines[-1] if lines else 'no output'}"
        )


def _read_meta(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _seconds(meta: dict[str, object]) -> float:
    value = meta.get("training_seconds", 0.0)
    return float(value) if isinstance(value, int | float) else 0.0
