"""Understanding: intents with out-of-scope detection, entities, sentiment and urgency, language,
spam and abuse, duplicates.

The intent classifiers live in ``deskpilot.nlu.intents`` (``train_classifier``, the registry);
their role is the ``IntentClassifier`` Protocol exported here. Heavy dependencies (scikit-learn,
torch) are imported only when a classifier is built or trained.
"""

from deskpilot.nlu._numerals import Numerals
from deskpilot.nlu._protocols import IntentClassifier, IntentPrediction, ProgressCallback
from deskpilot.nlu._segments import listed, unlisted
from deskpilot.nlu._slips import Slips, language_words

__all__ = [
    "IntentClassifier",
    "IntentPrediction",
    "Numerals",
    "ProgressCallback",
    "Slips",
    "language_words",
    "listed",
    "unlisted",
]
