"""Entity extraction: typed values (record ids, emails, amounts, dates, names…) in a message.

``PatternEntityExtractor`` implements ``EntityExtractor`` with regular expressions for ``email``,
``phone``, ``zip``, ``amount``, ``date``, ``first_name`` and ``last_name``, and for the record
ids the workspace's vocabulary declares (``records:``: the store's ``order_id``). A domain pack
adds its own extractors (the store's catalogue matcher); ``ChainedEntityExtractor`` runs several
and merges their entities in text order.

Normalised values (``Entity.value``): a record id as the records write it; ``email``
lower-cased; ``phone`` E.164 (``"+14155550142"``); ``zip`` five digits; ``amount`` a ``Decimal``
in US dollars with cents; ``date`` an ISO date string; names title-cased.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from deskpilot.domain import Entity
from deskpilot.nlu import _entity_patterns as patterns
from deskpilot.nlu._dates import NO_DATE_FORMS, DateForms, date_forms, find_dates, to_come
from deskpilot.nlu._entity_patterns import (
    NO_ENTITY_FORMS,
    EntityForms,
    RecordIdFinder,
    entity_forms,
)
from deskpilot.nlu._extraction import EntityExtractor, ExtractionContext
from deskpilot.workspace import RecordIdWords

__all__ = [
    "NO_DATE_FORMS",
    "NO_ENTITY_FORMS",
    "PATTERN_ENTITY_TYPES",
    "ChainedEntityExtractor",
    "DateForms",
    "EntityExtractor",
    "EntityForms",
    "ExtractionContext",
    "PatternEntityExtractor",
    "PatternExtractorConfig",
    "RecordIdFinder",
    "date_forms",
    "entity_forms",
    "find_dates",
    "record_finders",
    "to_come",
]

PatternEntityType = Literal["email", "phone", "amount", "date", "zip", "first_name", "last_name"]
# Priority order: an earlier type keeps its span, a later overlapping match is dropped; record
# ids come right after emails.
PATTERN_ENTITY_TYPES: tuple[PatternEntityType, ...] = (
    "email",
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


def record_finders(records: Mapping[str, RecordIdWords]) -> tuple[RecordIdFinder, ...]:
    """A finder per kind of record id the workspace's vocabulary declares."""
    return tuple(
        RecordIdFinder(
            entity,
            digits=words.digits or 0,
            written=words.written or "{digits}",
            letters=words.letters,
            words=words.words,
            numbers=words.numbers,
            links=words.links,
            hash=words.hash,
            pattern=words.pattern,
            case=words.case,
        )
        for entity, words in records.items()
    )


class PatternEntityExtractor:
    """Regular-expression extraction of record ids, contact details, amounts, dates, names."""

    def __init__(
        self,
        config: PatternExtractorConfig | None = None,
        records: Sequence[RecordIdFinder] = (),
        forms: EntityForms = NO_ENTITY_FORMS,
    ) -> None:
        self._config = config or PatternExtractorConfig()
        self._records = tuple(records)
        self._forms = forms

    def extract(self, text: str, context: ExtractionContext | None = None) -> list[Entity]:
        """Entities in order of appearance; a span is never claimed by two types."""
        context = context or ExtractionContext()
        finders = self._finders(context)
        taken: list[tuple[int, int]] = []
        entities: list[Entity] = []
        kinds = [PATTERN_ENTITY_TYPES[0], *(r.entity for r in self._records)]
        kinds += [k for k in PATTERN_ENTITY_TYPES[1:] if k in self._config.types]
        for kind in kinds:
            if kind == "email" and kind not in self._config.types:
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
            for m in find_dates(text, today, order, self._forms.dates):
                yield patterns.Found("date", m.iso, m.start, m.end)

        def phones(text: str) -> Iterable[patterns.Found]:
            return patterns.find_phones(text, self._config.default_country_code, self._forms)

        def zips(text: str) -> Iterable[patterns.Found]:
            return patterns.find_zips(text, self._records, self._forms)

        def emails(text: str) -> Iterable[patterns.Found]:
            return patterns.find_emails(text, self._forms)

        def amounts(text: str) -> Iterable[patterns.Found]:
            return patterns.find_amounts(text, self._forms)

        def names(text: str) -> Iterable[patterns.Found]:
            return patterns.find_names(text, self._forms)

        found: dict[str, Callable[[str], Iterable[patterns.Found]]] = {
            "email": emails,
            "phone": phones,
            "amount": amounts,
            "date": dates,
            "zip": zips,
            "first_name": names,
            "last_name": names,
        }
        for record in self._records:
            found[record.entity] = record
        return found


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
