"""The shape of every workspace file, as pydantic models that reject unknown fields."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConfidenceBands(_Strict):
    """Above ``auto`` a reply goes out by itself; below ``review`` a person takes over."""

    auto: float = Field(0.75, ge=0.0, le=1.0)
    review: float = Field(0.45, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> ConfidenceBands:
        if self.review > self.auto:
            raise ValueError(f"review ({self.review}) must not be above auto ({self.auto})")
        return self


class PipelineConfig(_Strict):
    """Which registered component runs each stage."""

    understand: str = "nlu"
    decide: str = "flows"
    respond: str = "template"
    classifier: str = Field(
        "tfidf", description="the nlu component's intent classifier: tfidf, embedding or ensemble"
    )


class WorkspaceConfig(_Strict):
    """``deskpilot.yaml``: the business's name, languages, thresholds and hand-off defaults."""

    name: str
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    confidence: ConfidenceBands = ConfidenceBands()
    clarify_limit: int = Field(1, ge=0, le=5)
    handoff_sentiment: float = Field(
        -0.6, ge=-1.0, le=0.0, description="at or below this sentiment a person takes over"
    )
    never_automate: list[str] = Field(default_factory=list)
    handoff_queue: str = "general"
    pipeline: PipelineConfig = PipelineConfig()

    @property
    def default_language(self) -> str:
        """The first listed language."""
        return self.languages[0]


class Intent(_Strict):
    """One intent with example phrases."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = ""
    examples: list[str] = Field(min_length=1)

    @field_validator("examples")
    @classmethod
    def _non_blank(cls, value: list[str]) -> list[str]:
        for i, example in enumerate(value):
            if not example.strip():
                raise ValueError(f"example {i} is blank")
        return value


class IntentFile(_Strict):
    """``intents/*.yaml``: a list of intents."""

    intents: list[Intent] = Field(min_length=1)


class PolicyRule(_Strict):
    """A guardrail over an action request, written in CEL.

    The expression sees ``action`` (name, side_effect), ``args``, ``case`` (verified, intent,
    sentiment) and ``limits``. When it is true the guard refuses (``effect: refuse``) or hands
    the case to a person (``effect: handoff``) with ``reason``.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: str = Field(min_length=1)
    effect: Literal["refuse", "handoff"] = "refuse"
    reason: str = Field(min_length=1)
    actions: list[str] = Field(default_factory=list, description="empty: every action")


class PolicyFile(_Strict):
    """``policies.yaml``: limits and guardrail rules."""

    limits: dict[str, float] = Field(default_factory=dict)
    rules: list[PolicyRule] = Field(default_factory=list)
