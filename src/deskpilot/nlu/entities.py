"""Entity extraction: typed values (order ids, emails, amounts, dates, products…) in a message.

Two extractors implement ``EntityExtractor``:

- ``PatternEntityExtractor`` — regular expressions for ``order_id``, ``email``, ``phone``, ``zip``,
  ``amount``, ``date``, ``first_name`` and ``last_name``.
- ``CatalogueEntityMatcher`` — ``product``, ``option`` and ``item`` entities matched against the
  store catalogue and the customer's order items (rapidfuzz for typos).

``ChainedEntityExtractor`` runs several and merges their entities in text order.

Normalised values (``Entity.value``): ``order_id`` ``"#W1234567"``; ``email`` lower-cased;
``phone`` E.164 (``"+14155550142"``); ``zip`` five digits; ``amount`` a ``Decimal`` in US dollars
with cents; ``date`` an ISO date string; names title-cased; ``product`` the catalogue name;
``option`` ``{"option": name, "value": value}``;
``item`` ``{"item_ids": [...], "ambiguous": bool, "plural": bool}`` (ambiguous means the
caller should ask which one; plural that several were meant, "both shirts").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from deskpilot.domain import Entity
from deskpilot.nlu import _entity_patterns as patterns
from deskpilot.nlu._catalogue import (
    DEFAULT_OPTION_ALIASES,
    DEFAULT_PRODUCT_ALIASES,
    CatalogueEntityMatcher,
    CatalogueMatcherConfig,
)
from deskpilot.nlu._dates import find_dates
from deskpilot.nlu._extraction import EntityExtractor, ExtractionContext

__all__ = [
    "DEFAULT_OPTION_ALIASES",
    "DEFAULT_PRODUCT_ALIASES",
    "PATTERN_ENTITY_TYPES",
    "CatalogueEntityMatcher",
    "CatalogueMatcherConfig",
    "ChainedEntityExtractor",
    "EntityExtractor",
    "ExtractionContext",
    "PatternEntityExtractor",
    "PatternExtractorConfig",
]

PatternEntityType = Literal[
    "email", "order_id", "phone", "amount", "date", "zip", "first_name", "last_name"
]
# Priority order: an earlier type keeps its span, a later overlapping match is dropped.
PATTERN_ENTITY_TYPES: tuple[PatternEntityType, ...] = (
    "email",
    "order_id",
    "phone",
    "amount",
    "date",
    "zip",
    "first_name",
    "last_name",
)


class PatternExtractorConfig(BaseModel):
    """Which pattern entities to look for and how to read ambiguous numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    types: tuple[PatternEntityType, ...] = PATTERN_ENTITY_TYPES
    default_country_code: str = Field("1", pattern=r"^[1-9]\d{0,2}$")
    date_order: Literal["mdy", "dmy"] = "mdy"


class PatternEntityExtractor:
    """Regular-expression extraction of ids, contact details, amounts, dates and names."""

    def __init__(self, config: PatternExtractorConfig | None = None) -> None:
        self._config = config or PatternExtractorConfig()

    def extract(self, text: str, context: ExtractionContext | None = None) -> list[Entity]:
        """Entities in order of appearance; a span is never claimed by two types."""
        context = context or ExtractionContext()
        finders = self._finders(context)
        taken: list[tuple[int, int]] = []
        entities: list[Entity] = []
        for kind in PATTERN_ENTITY_TYPES:
            if kind not in self._config.types:
                continue
            for found in finders[kind](text):
                if found.type != kind or _overlaps(found, taken):
                    continue
                span = text[found.start : found.end]
                entities.append(Entity(found.type, found.value, span, found.start, found.end))
                taken.append((found.start, found.end))
        return sorted(entities, key=lambda e: (e.start, e.type))

    def _finders(
        self, context: ExtractionContext
    ) -> dict[str, Callable[[str], Iterable[patterns.Found]]]:
        today = context.now.date()
        order = self._config.date_order

        def dates(text: str) -> Iterator[patterns.Found]:
            for m in find_dates(text, today, order):
                yield patterns.Found("date", m.iso, m.start, m.end)

        def phones(text: str) -> Iterable[patterns.Found]:
            return patterns.find_phones(text, self._config.default_country_code)

        return {
            "email": patterns.find_emails,
            "order_id": patterns.find_order_ids,
            "phone": phones,
            "amount": patterns.find_amounts,
            "date": dates,
            "zip": patterns.find_zips,
            "first_name": patterns.find_names,
            "last_name": patterns.find_names,
        }


class ChainedEntityExtractor:
    """Runs several extractors and merges their entities in text order, without exact repeats."""

    def __init__(self, extractors: Sequence[EntityExtractor]) -> None:
        self._extractors = tuple(extractors)

    def extract(self, text: str, context: ExtractionContext | None = None) -> list[Entity]:
        """All extractors' entities, sorted by position."""
        context = context or ExtractionContext()
        seen: set[tuple[str, str, int, int]] = set()
        merged: list[Entity] = []
        for extractor in self._extractors:
            for entity in extractor.extract(text, context):
                key = (entity.type, repr(entity.value), entity.start, entity.end)
                if key not in seen:
                    seen.add(key)
                    merged.append(entity)
        return sorted(merged, key=lambda e: (e.start, e.type))


def _overlaps(found: patterns.Found, taken: Sequence[tuple[int, int]]) -> bool:
    return any(found.start < end and start < found.end for start, end in taken)
