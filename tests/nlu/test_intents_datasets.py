"""The TF-IDF classifier on Banking77 (public data in ../shared/datasets; skipped when absent)."""

from __future__ import annotations

import pytest

from deskpilot.nlu.evaluation import evaluate
from deskpilot.nlu.intents import read_examples
from deskpilot.settings import PROJECT_ROOT

BANKING77 = PROJECT_ROOT.parent / "shared" / "datasets" / "banking77"


@pytest.mark.slow
def test_tfidf_classifier_on_banking77_reaches_90_percent() -> None:
    if not (BANKING77 / "train.csv").is_file() or not (BANKING77 / "test.csv").is_file():
        pytest.skip(f"Banking77 is not at {BANKING77} (the shared datasets are not checked out)")
    report = evaluate(
        read_examples(BANKING77 / "train.csv"),
        read_examples(BANKING77 / "test.csv"),
        classifier="tfidf",
        latency_queries=50,
    )
    assert report.intents == 77
    assert report.accuracy >= 0.90
    assert report.ece < 0.05
