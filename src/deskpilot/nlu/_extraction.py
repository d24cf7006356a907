"""What every entity extractor shares: the ``EntityExtractor`` role and the context it reads.

It sits below the extractors (``deskpilot.nlu.entities`` and those of the domain packs) so that
each of them can name it without importing the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from deskpilot.domain import Entity, utcnow
from deskpilot.errors import InputError


@dataclass(frozen=True)
class ExtractionContext:
    """What an extractor may need beyond the text: the time now, and the records the customer
    holds that a mention may point at (the lines of one of their records)."""

    now: datetime = field(default_factory=utcnow)
    held: Sequence[Mapping[str, Any]] = ()

    def __post_init__(self) -> None:
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise InputError(
                f"ExtractionContext.now must be timezone-aware, found naive {self.now.isoformat()}"
            )


class EntityExtractor(Protocol):
    """Finds typed entities in one message."""

    def extract(self, text: str, context: ExtractionContext | None = None) -> list[Entity]:
        """Entities in order of appearance; ``context`` defaults to now and nothing held."""
        ...
