"""A query's TF-IDF rows without scipy give the classifier exactly what scipy's matrices give:
the same products with the SVM's weights and the centroids, bit for bit, on every example of
the workspaces, and rows that do not depend on which words the featurizer remembers."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from deskpilot.nlu.intents import TfidfIntentClassifier
from deskpilot.nlu.intents._tfidf import TfidfFeaturizer
from deskpilot.nlu.intents._views import TfidfView
from deskpilot.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[2]
ODD = ["", "!!", "a", "ok thx", "ΣΑΣ σας", "x" * 60, "Where   is\tmy  order?? #W123 #W123"]


def _trained(workspace: str) -> tuple[TfidfIntentClassifier, list[str]]:
    ws = load_workspace(ROOT / "examples" / workspace)
    texts = [e for intent in ws.intents for e in intent.examples]
    labels = [intent.name for intent in ws.intents for _ in intent.examples]
    classifier = TfidfIntentClassifier()
    classifier.fit(texts, labels)
    return classifier, texts + ODD


def _counted_row(featurizer: TfidfFeaturizer, text: str) -> dict[int, float]:
    """The row as scikit-learn's sublinear TF-IDF defines it, counted column by column."""
    row: dict[int, float] = {}
    offset = 0
    for block in featurizer._blocks:
        counts = Counter(block.vocabulary[g] for g in block.analyzer(text) if g in block.vocabulary)
        values = {c: (1.0 + math.log(n)) * block.idf[c] for c, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        row.update({c + offset: v / norm for c, v in values.items()})
        offset += len(block.vocabulary)
    norm = math.sqrt(sum(v * v for v in row.values()))
    return {c: v / norm for c, v in row.items()}


@pytest.mark.parametrize("workspace", ["retail", "airline"])
def test_query_rows_give_scipys_products_bit_for_bit(workspace: str) -> None:
    classifier, texts = _trained(workspace)
    view = classifier._views[0][0]
    assert isinstance(view, TfidfView)
    weights = classifier._heads[0]._coef  # type: ignore[attr-defined]
    centroids = classifier._neighbours.centroids  # type: ignore[union-attr]
    for text in texts:
        matrix, rows = view.features([text]).head_input, view.query([text]).head_input
        for dense in (weights, centroids):
            theirs, ours = np.asarray(matrix @ dense), rows @ dense
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), text
    # several texts at once, as a message and its parts are classified
    batch = texts[:40]
    matrix, rows = view.features(batch).head_input, view.query(batch).head_input
    assert np.array_equal(rows @ weights, np.asarray(matrix @ weights))


def test_rows_do_not_depend_on_the_words_remembered() -> None:
    classifier, _ = _trained("retail")
    featurizer = classifier._views[0][0]._featurizer  # type: ignore[attr-defined]
    for text in ["refund the blender i ordered", "refnd teh blendr", *ODD]:
        counted = _counted_row(featurizer, text)
        for _ in range(2):  # the words new, then remembered
            row = featurizer.transform([text])
            assert dict(zip(row.indices.tolist(), row.data.tolist(), strict=True)) == {
                c: float(np.float32(v)) for c, v in counted.items()
            }
