"""Language detection restricted to the languages a workspace serves.

``LinguaLanguageDetector`` builds one lingua detector for the configured languages at start-up
(the models ship inside the lingua wheel; nothing is downloaded) and maps its answer to an ISO 639-1
code. Text that is too short, or for which lingua's best guess is not confident enough, gets the
workspace's default language: a wrong guess on ``ok thx`` costs more than asking in the default.

High-accuracy mode is the default: on short customer messages (2-6 words) low-accuracy mode was
right on 13 of 24 test phrases against 22 of 24, and both answer in well under a millisecond.
Its models take about 80 MB for three languages (English, Spanish, French), and loading them
leaves another 10-25 MB of freed buffers that glibc keeps unless asked to give them back
(docs/performance.md, memory).

The models are loaded one language at a time. lingua keeps every language's models in one cache
for the whole process, shared by all its detectors, and loads a detector's languages in parallel
threads: three at once, the buffers each language's loading reads and parses were all alive at
the same moment, and the threads' heaps kept a varying part of them. Built first alone, each
language loads while the others' buffers are already freed, and the detector over all of them
then finds every model loaded. For English, Spanish and French: the process's peak 122 MB over
its size before instead of 135-157, and 81 MB held after instead of 89-108 (docs/scaling.md);
the detector's answers are the same.
"""

from __future__ import annotations

import ctypes
import re
from typing import Protocol, Self

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from lingua import LanguageDetector as _Detector
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["LanguageConfig", "LanguageDetector", "LinguaLanguageDetector", "supported_languages"]

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\S*\d\S*")


def supported_languages() -> dict[str, str]:
    """Every language lingua knows: ISO 639-1 code → lower-case English name, sorted by code."""
    pairs = {lang.iso_code_639_1.name.lower(): lang.name.lower() for lang in Language.all()}
    return dict(sorted(pairs.items()))


def _to_code(name: str) -> str:
    wanted = name.strip().lower()
    known = supported_languages()
    if wanted in known:
        return wanted
    for code, english in known.items():
        if english == wanted:
            return code
    choices = ", ".join(f"{code} ({english})" for code, english in known.items())
    raise ValueError(f"unknown language {name!r}; expected one of: {choices}")


class LanguageConfig(BaseModel):
    """The workspace's languages (ISO 639-1 codes or English names) and how to decide."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: tuple[str, ...] = ("en",)
    default: str = "en"
    low_accuracy: bool = False
    min_letters: int = Field(4, ge=0)
    min_confidence: float = Field(0.3, ge=0, le=1)

    @field_validator("languages", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        if isinstance(value, str):
            value = (value,)
        if isinstance(value, list | tuple):
            return tuple(dict.fromkeys(_to_code(str(v)) for v in value))
        return value

    @field_validator("default", mode="before")
    @classmethod
    def _default_code(cls, value: object) -> object:
        return _to_code(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _default_is_served(self) -> Self:
        if not self.languages:
            raise ValueError("languages must name at least one language")
        if self.default not in self.languages:
            raise ValueError(
                f"default language {self.default!r} is not among languages {list(self.languages)}"
            )
        return self


class LanguageDetector(Protocol):
    """Tells which of the workspace's languages a message is written in."""

    def detect(self, text: str) -> str:
        """The ISO 639-1 code of the message's language, or the workspace default."""
        ...


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; a C library
    without it, as on macOS or musl, keeps them)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return
    trim(0)


class LinguaLanguageDetector:
    """lingua's n-gram detector over the configured languages, built once."""

    def __init__(self, config: LanguageConfig | None = None) -> None:
        self._config = config or LanguageConfig()
        self._detector = None
        if len(self._config.languages) > 1:
            languages = [
                Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
                for code in self._config.languages
            ]
            for language in languages:  # one at a time, into lingua's cache (module docstring)
                self._build([language])
                release_free_memory()
            self._detector = self._build(languages)
            release_free_memory()

    def _build(self, languages: list[Language]) -> _Detector:
        """lingua's detector over ``languages``, its models loaded (or found loaded)."""
        builder = LanguageDetectorBuilder.from_languages(*languages)
        if self._config.low_accuracy:
            builder = builder.with_low_accuracy_mode()
        return builder.with_preloaded_language_models().build()

    @property
    def languages(self) -> tuple[str, ...]:
        """The ISO 639-1 codes this detector chooses among."""
        return self._config.languages

    def detect(self, text: str) -> str:
        """The message's language, or the default when the text is too short or undecidable."""
        if self._detector is None:
            return self._config.default
        words = _NOISE.sub(" ", text)
        if sum(ch.isalpha() for ch in words) < self._config.min_letters:
            return self._config.default
        values = self._detector.compute_language_confidence_values(words)
        if not values or values[0].value < self._config.min_confidence:
            return self._config.default
        return values[0].language.iso_code_639_1.name.lower()
