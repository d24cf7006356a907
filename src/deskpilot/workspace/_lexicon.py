"""A language's lexicon: the words the spam, abuse and sentiment readings look for.

These words belong to a language, not to a business: every English-speaking workspace shares
them, so the engine ships them as data (``lexicons/<language>.yaml``, one file per language it
knows) and a workspace writes nothing to have them. A workspace may add to them in its
``vocabulary.yaml`` (sections ``spam`` and ``sentiment``, the same fields), or put its own in
their place (``replace: true``), for a language the engine ships none for or a customer base
whose words differ.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from deskpilot.workspace._phrases import phrases
from deskpilot.workspace._yaml import load_yaml_model

LEXICONS = Path(__file__).parent / "lexicons"

# A cue: a phrase, or a sequence of word lists read one after the other (an empty entry makes
# its list optional): [[cancel~, close~], [my, the, ""], [account, membership]].
Cue = str | list[list[str]]

# A ``+`` right after a letter lets it be held ("f+u+c+k+" reads "fuuuck"); anywhere else it
# is no entry of the lexicon's syntax.
_STRAY_PLUS = re.compile(r"(?:^|[^\w+])\+|\+\+")


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _checked_entries(entries: list[str]) -> list[str]:
    for entry in entries:
        if not entry.strip():
            raise ValueError("an entry is empty")
        if _STRAY_PLUS.search(entry):
            raise ValueError(f"{entry!r}: a '+' must follow a letter (it lets the letter be held)")
    return entries


def _checked_cues(cues: list[Cue]) -> list[Cue]:
    for cue in cues:
        if isinstance(cue, str):
            _checked_entries([cue])
            continue
        if not cue:
            raise ValueError("a sequence needs at least one list of words")
        if any(not word.strip() for word in cue[0]):
            raise ValueError(f"{cue!r}: the first list of a sequence may not be optional")
        for slot in cue:
            if not any(word.strip() for word in slot):
                raise ValueError(f"{cue!r}: every list of a sequence needs a word")
            _checked_entries([word for word in slot if word.strip()])
    return cues


# Validated lists: no empty entry, a "+" only after a letter.
Entries = Annotated[list[str], AfterValidator(_checked_entries)]
Cues = Annotated[list[Cue], AfterValidator(_checked_cues)]


class SwornAt(_Words):
    """A swear word is aimed at the reader with one of these words around it ("f… you")."""

    before: Entries = Field(
        default_factory=list, description='within three words before the swear word: "you"'
    )
    after: Entries = Field(
        default_factory=list, description='within two words after it: "you", "off"'
    )


class SpamWords(_Words):
    """The words of ``HeuristicSpamDetector``: promotion, insults, swearing, threats."""

    replace: bool = Field(
        False,
        description="in vocabulary.yaml: these words in place of the language's, not beside them",
    )
    strong_promo: Entries = Field(
        default_factory=list,
        description=(
            'promotion alone ("click here", "you have won"), matched inside words too: one '
            "with a link, or two without, make a message spam"
        ),
    )
    weak_promo: Entries = Field(
        default_factory=list,
        description='words of promotion ("free", "% off"), whole: two with a link make it spam',
    )
    insults: Entries = Field(
        default_factory=list,
        description=(
            'one word each ("idiot~", "clowns"): aimed at the reader (words of ``addressed`` '
            "before it, of ``targets`` after it, or said alone between punctuation), abuse"
        ),
    )
    profanity: Entries = Field(
        default_factory=list,
        description='one word each ("shit~", "f+u+c+k+~"): reported; abuse when sworn at someone',
    )
    masked: Entries = Field(
        default_factory=list,
        description='the swear words a word masked with "*" may stand for ("f**k")',
    )
    addressed: Entries = Field(
        default_factory=list,
        description='within three words before an insult, aim it at the reader: "you", "ur"',
    )
    targets: Entries = Field(
        default_factory=list,
        description='within two words after an insult, aim it at the business: "bot", "staff"',
    )
    sworn_at: SwornAt = Field(default_factory=SwornAt)
    threats: Cues = Field(
        default_factory=list,
        description='phrases aimed at the reader wherever they are: "shut up", "see what happens"',
    )
    not_gibberish: Entries = Field(
        default_factory=list,
        description='words without vowels typed on purpose, never gibberish: "hmm", "thx"',
    )


class DeadlineWords(_Words):
    """A deadline: "by Friday", "before 5pm", "no later than May 3", "in time for"."""

    before: Entries = Field(
        default_factory=list, description='before the day or time: "by", "no later than"'
    )
    which: Entries = Field(
        default_factory=list, description='between those and the day: "this", "next"'
    )
    days: Entries = Field(
        default_factory=list, description='the days and times: "tomorrow", "end of the week"'
    )
    clock: Entries = Field(
        default_factory=list, description='after an hour\'s digits: "am", "pm" ("by 5pm")'
    )
    months: Entries = Field(
        default_factory=list, description='before a day\'s digits: "may", "jan~" ("by May 3")'
    )
    cues: Cues = Field(
        default_factory=list, description='a deadline wherever they are: "in time for"'
    )


class RepeatWords(_Words):
    """The customer has been in touch before: "I already called", "the third time I write"."""

    contacting: Entries = Field(
        default_factory=list, description='getting in touch: "called", "emailed", "wrote"'
    )
    repeated: Cues = Field(
        default_factory=list,
        description='within 40 characters of those, in one sentence, either side: "again"',
    )
    cues: Cues = Field(
        default_factory=list, description='repeat contact wherever they are: "how many times"'
    )


class SentimentWords(_Words):
    """The words of ``VaderSentimentAnalyzer``: VADER's lexicon adjusted, and the cues of
    urgency, threats and repeated contact it does not see."""

    replace: bool = Field(
        False,
        description="in vocabulary.yaml: these words in place of the language's, not beside them",
    )
    lexicon: dict[str, float] = Field(
        default_factory=dict,
        description=(
            "words whose valence VADER's lexicon gets instead of its own (-4 to 4; 0: neutral, "
            'for plain requests of customer service: "cancel", "help", "please")'
        ),
    )
    urgent: Cues = Field(default_factory=list, description='"asap", "right away"')
    deadline: DeadlineWords = Field(default_factory=DeadlineWords)
    leave: Cues = Field(
        default_factory=list, description='a threat to leave: "take my business elsewhere"'
    )
    chargeback: Cues = Field(
        default_factory=list, description='a threat to charge back: "dispute the charge"'
    )
    legal: Cues = Field(
        default_factory=list, description='a threat of legal action: "lawyer", "sue"'
    )
    repeat_contact: RepeatWords = Field(default_factory=RepeatWords)
    acronyms: Entries = Field(
        default_factory=list,
        description='words always written in capitals, which shout nothing: "USD", "FAQ"',
    )

    @field_validator("lexicon")
    @classmethod
    def _valences(cls, value: dict[str, float]) -> dict[str, float]:
        for word, valence in value.items():
            if not -4 <= valence <= 4:
                raise ValueError(f"{word!r}: a valence is between -4 and 4, not {valence}")
        return value


class Lexicon(_Words):
    """A language's words for spam, abuse and sentiment (``lexicons/<language>.yaml``)."""

    spam: SpamWords = Field(default_factory=SpamWords)
    sentiment: SentimentWords = Field(default_factory=SentimentWords)


@functools.cache
def shipped_lexicon(language: str) -> Lexicon:
    """The engine's lexicon of ``language`` (an ISO 639-1 code); an empty one for a language
    it ships none for. Read once per process: the files never change."""
    path = LEXICONS / f"{language}.yaml"
    if not re.fullmatch(r"[a-z]{2,3}", language) or not path.exists():
        return Lexicon()
    return load_yaml_model(path, Lexicon, root=LEXICONS)


Words = TypeVar("Words", bound=BaseModel)


def extended(shipped: Words, own: Words) -> Words:
    """``shipped`` with ``own`` added: lists joined (the shipped entries first, none twice),
    mappings merged (``own`` wins), sections extended alike; ``own`` alone when it says
    ``replace``."""
    if getattr(own, "replace", False):
        return own
    values: dict[str, Any] = {}
    for name in type(shipped).model_fields:
        mine, theirs = getattr(shipped, name), getattr(own, name)
        if isinstance(mine, BaseModel):
            values[name] = extended(mine, theirs)
        elif isinstance(mine, list):
            values[name] = [*mine, *(entry for entry in theirs if entry not in mine)]
        elif isinstance(mine, dict):
            values[name] = {**mine, **theirs}
        else:
            values[name] = theirs
    return type(shipped).model_validate(values)


def workspace_lexicon(language: str, spam: SpamWords, sentiment: SentimentWords) -> Lexicon:
    """The lexicon a workspace reads: the engine's of its first ``language``, with what its
    vocabulary adds (or puts in place)."""
    shipped = shipped_lexicon(language)
    return Lexicon(
        spam=extended(shipped.spam, spam), sentiment=extended(shipped.sentiment, sentiment)
    )


def lexicon_phrases(entries: list[str]) -> str:
    """One alternation for a list of the lexicon (``phrases``' syntax), with its two additions:
    a ``+`` after a letter lets the letter be held ("f+u+c+k+~" reads "fuuuck"), and ``#`` is
    a number written in digits, from a word's start ("#st" reads "21st")."""
    return phrases(entries).replace(r"\+", "+").replace(r"\#", r"\b\d+")


def cues_pattern(cues: list[Cue]) -> str:
    """One alternation for a list of cues: its phrases, and its sequences with their words
    one after the other, any spacing between them."""
    plain = [cue for cue in cues if isinstance(cue, str)]
    parts = [lexicon_phrases(plain)] if plain else []
    parts += [_sequence(cue) for cue in cues if not isinstance(cue, str)]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _sequence(lists: list[list[str]]) -> str:
    pattern = lexicon_phrases(lists[0])
    for words in lists[1:]:
        said = [word for word in words if word.strip()]
        step = rf"\s+{lexicon_phrases(said)}"
        pattern += step if len(said) == len(words) else f"(?:{step})?"
    return pattern
