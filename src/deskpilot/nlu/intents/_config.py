"""Declared configuration of the intent classifiers (pydantic, ``extra="forbid"``, frozen).

Every field is part of the training-cache key: change one and the next ``train`` refits.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TfidfConfig(_Config):
    """Word and character n-gram TF-IDF features with a linear SVM."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = Field(default=2, ge=1)
    c: float = Field(default=1.0, gt=0, description="Inverse regularisation of the linear SVM.")


class EmbeddingConfig(_Config):
    """Frozen all-MiniLM-L6-v2 features with a small MLP head trained on them."""

    layers: tuple[int, ...] = Field(
        default=(3, 4, 5, 6), description="Hidden layers (0 = token embeddings) mean-pooled."
    )
    use_cls: bool = True
    precision: Literal["auto", "float32", "bfloat16"] = "auto"
    max_length: int = Field(default=128, ge=8, le=512)
    hidden_size: int = Field(default=512, ge=0, description="0 trains a linear head.")
    dropout: float = Field(default=0.3, ge=0, lt=1)
    input_dropout: float = Field(default=0.1, ge=0, lt=1)
    epochs: int = Field(default=20, ge=1)
    batch_size: int = Field(default=64, ge=8)
    learning_rate: float = Field(default=2e-3, gt=0)
    weight_decay: float = Field(default=1e-4, ge=0)
    label_smoothing: float = Field(default=0.1, ge=0, lt=1)

    @model_validator(mode="after")
    def _layers_exist(self) -> EmbeddingConfig:
        if not self.layers or any(not 0 <= layer <= 6 for layer in self.layers):
            raise ValueError(f"layers must be between 0 and 6, found {self.layers}")
        return self


class OOSConfig(_Config):
    """How out-of-scope is decided.

    ``label``: rows with this label are out-of-scope examples (trained as a class and used to
    place the threshold). ``method``: ``probability`` is one global threshold on the top
    confidence, ``per_intent`` a threshold per predicted intent, ``neighbours`` a threshold on the
    similarity to the nearest training example, ``combined`` (default) a logistic score over all
    of these, ``none`` never says out-of-scope. ``in_scope_recall``: the share of held-out
    in-scope examples the fitted threshold must keep in scope.
    """

    label: str | None = "oos"
    method: Literal["none", "probability", "per_intent", "neighbours", "combined"] = "combined"
    in_scope_recall: float = Field(default=0.99, gt=0.5, le=1.0)
    oos_class: bool = True
    holdout_intents: float = Field(
        default=0.1, ge=0, lt=0.5, description="Share of intents left out of each fold (combined)."
    )


class ClassifierConfig(_Config):
    """Everything that determines a trained intent classifier besides its examples."""

    tfidf: TfidfConfig = TfidfConfig()
    embedding: EmbeddingConfig = EmbeddingConfig()
    tfidf_weight: float = Field(
        default=0.25, ge=0, le=1, description="Ensemble: weight of the TF-IDF log-probabilities."
    )
    calibration_folds: int = Field(default=3, ge=2, le=10)
    seed: int = 0
    oos: OOSConfig = OOSConfig()
