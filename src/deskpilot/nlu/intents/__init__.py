"""Intent classification with calibrated confidence and out-of-scope detection.

Three classifiers share one implementation and differ in how they see text: ``tfidf`` (word and
character TF-IDF, linear SVM; core dependencies only), ``embedding`` (frozen all-MiniLM-L6-v2
features with an MLP head; the ``embeddings`` extra) and ``ensemble`` (both, weighted). Use
``train_classifier`` to train with a cache, or the classes directly.
"""

from deskpilot.nlu.intents._cache import (
    MODEL_FORMAT,
    TrainedClassifier,
    load_classifier,
    train_classifier,
    training_key,
)
from deskpilot.nlu.intents._calibration import expected_calibration_error, fit_temperature
from deskpilot.nlu.intents._classifier import (
    CalibratedIntentClassifier,
    EmbeddingIntentClassifier,
    EnsembleIntentClassifier,
    TfidfIntentClassifier,
)
from deskpilot.nlu.intents._config import (
    ClassifierConfig,
    EmbeddingConfig,
    OOSConfig,
    TfidfConfig,
)
from deskpilot.nlu.intents._data import Examples, read_examples
from deskpilot.nlu.intents._encoder import EncodedTexts, MiniLMEncoder, TextEncoder
from deskpilot.nlu.intents._registry import ClassifierRegistry, default_registry

__all__ = [
    "MODEL_FORMAT",
    "CalibratedIntentClassifier",
    "ClassifierConfig",
    "ClassifierRegistry",
    "EmbeddingConfig",
    "EmbeddingIntentClassifier",
    "EncodedTexts",
    "EnsembleIntentClassifier",
    "Examples",
    "MiniLMEncoder",
    "OOSConfig",
    "TextEncoder",
    "TfidfConfig",
    "TfidfIntentClassifier",
    "TrainedClassifier",
    "default_registry",
    "expected_calibration_error",
    "fit_temperature",
    "load_classifier",
    "read_examples",
    "train_classifier",
    "training_key",
]
