"""The shape of every workspace file, as pydantic models that reject unknown fields."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from deskpilot.domain import Assurance
from deskpilot.policy import PolicyRule
from deskpilot.workspace._attachments import AttachmentsConfig
from deskpilot.workspace._flow_models import NAME
from deskpilot.workspace._lexicon import SentimentWords, SpamWords
from deskpilot.workspace._marks import MarkedText, parse_marked
from deskpilot.workspace._resolver_words import ResolverWords
from deskpilot.workspace._widget import WidgetConfig


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConfidenceBands(_Strict):
    """Above ``auto`` a reply goes out by itself; below ``review`` a person takes over."""

    auto: float = Field(0.75, ge=0.0, le=1.0)
    review: float = Field(0.45, ge=0.0, le=1.0)
    # An unsure reading gives way to another at least this likely that the message states in
    # full, when it says nothing of what only the first needs (docs/flows.md).
    alternative: float = Field(0.2, ge=0.0, le=1.0)

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


class KnowledgeConfig(_Strict):
    """How the help center finds passages (docs/knowledge.md, "Hybrid retrieval")."""

    retrieval: Literal["lexical", "hybrid"] = Field(
        "lexical",
        description="lexical: full-text search only; hybrid: fused with the sentence-embedding "
        "model (needs the embeddings extra)",
    )


class IdentityLookup(_Strict):
    """A read action that finds the customer from details they give (their id on success)."""

    action: str
    fields: list[str] = Field(
        min_length=1,
        description=(
            "the details it needs, named as understanding extracts them (email, first_name, "
            "last_name, zip, user_id…); first_name and last_name may come from name candidates"
        ),
    )
    method: str = Field(pattern=NAME, description="recorded as how")
    result: str | None = Field(
        None,
        description=(
            "the field of the lookup's result that holds the customer's id (an HTTP action's "
            "response mapping); without it, the result is the id"
        ),
    )


class RecordRead(_Strict):
    """The read action that fetches a record, and the argument its id goes in."""

    action: str
    arg: str


class SignedIdentityConfig(_Strict):
    """Identities the business's own site signs for its logged-in customers."""

    secret: str = Field(
        min_length=1, description="the name of the shared secret in DESKPILOT_SECRETS"
    )
    method: str = Field("signed", pattern=NAME, description="recorded as how they were verified")


class OneTimeCodeConfig(_Strict):
    """A code sent to an address on the customer's own record: proof of owning the account
    where knowing facts is not enough (``verification``)."""

    send_to: str = Field(
        min_length=1,
        description="the field of the customer's record (identity.customer) to send it to",
    )
    channel: str = Field("email", pattern=NAME, description="the outbox channel that carries it")
    method: str = Field("code", pattern=NAME, description="recorded as how they were verified")
    digits: int = Field(6, ge=4, le=10)
    expires_minutes: int = Field(10, ge=1, le=60)
    attempts: int = Field(3, ge=1, le=10, description="wrong or missing codes before a person")
    sends: int = Field(3, ge=1, le=5, description="codes sent for one write at most")
    per_hour: int = Field(
        5,
        ge=1,
        le=50,
        description="codes sent to one address in an hour at most, whatever the conversation; "
        "past it, a person confirms the customer (no guessing across conversations, no flood)",
    )


class VerificationConfig(_Strict):
    """The level each action needs: ``known`` (facts a customer knows: a lookup above, an email,
    a name and zip) or ``proven`` (a one-time code to their own address, the business's signed
    identity). Knowing an email is not owning the account."""

    default: Assurance | None = Field(
        None,
        description="for every action not listed; unset: known for reads, proven for writes",
    )
    actions: dict[str, Assurance] = Field(
        default_factory=dict, description="an action, and the level it needs"
    )


class IdentityConfig(_Strict):
    """Which lookups verify a customer (tried in order), and which read gives their record."""

    lookups: list[IdentityLookup] = Field(default_factory=list)
    customer: RecordRead | None = Field(
        None, description="the verified customer's own record, read with their id"
    )
    signed: SignedIdentityConfig | None = Field(
        None,
        description=(
            "the web chat accepts an identity token the business's site signs for its "
            "logged-in customer (HMAC-SHA256 under this secret): the case starts verified"
        ),
    )
    verification: VerificationConfig = Field(
        default_factory=VerificationConfig,
        description="how surely the customer must be verified for each action",
    )
    one_time_code: OneTimeCodeConfig | None = Field(
        None,
        description=(
            "for any other action, a code sent to the address on the customer's record proves "
            "them; unset: a person confirms them instead"
        ),
    )

    @property
    def fields(self) -> tuple[str, ...]:
        """Every detail some lookup needs, in the order first needed."""
        return tuple(dict.fromkeys(f for lk in self.lookups for f in lk.fields))


class PrivacyConfig(_Strict):
    """How long DeskPilot keeps what customers said once their case is resolved."""

    retention_days: int | None = Field(
        None,
        ge=1,
        le=36500,
        description="erase the content of cases resolved and untouched for this many days "
        "(deskpilot privacy purge); unset: kept until erased on request",
    )


class WorkspaceConfig(_Strict):
    """``deskpilot.yaml``: the business's name, languages, thresholds and hand-off defaults."""

    name: str
    domain: str | None = Field(
        None,
        pattern=NAME,
        description="the domain pack holding the business's records and connector",
    )
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    confidence: ConfidenceBands = ConfidenceBands()
    clarify_limit: int = Field(1, ge=0, le=5)
    handoff_sentiment: float = Field(
        -0.6, ge=-1.0, le=0.0, description="at or below this sentiment a person takes over"
    )
    never_automate: list[str] = Field(default_factory=list)
    handoff_queue: str = "general"
    identity: IdentityConfig = IdentityConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    widget: WidgetConfig = WidgetConfig()
    attachments: AttachmentsConfig = AttachmentsConfig()
    pipeline: PipelineConfig = PipelineConfig()
    knowledge: KnowledgeConfig = KnowledgeConfig()
    now: datetime | None = Field(
        None,
        description=(
            "the business's clock stands still at this moment, with its UTC offset "
            '("2024-05-15T15:00:00-05:00"): records frozen at a date are judged against it '
            "(flows read it with the get_current_time lookup); unset: the real time"
        ),
    )

    @field_validator("now")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError('needs a UTC offset, e.g. "2024-05-15T15:00:00-05:00"')
        return value

    @property
    def default_language(self) -> str:
        """The first listed language."""
        return self.languages[0]


class Intent(_Strict):
    """One intent with example phrases."""

    name: str = Field(pattern=NAME)
    description: str = ""
    examples: list[str] = Field(min_length=1)
    # The examples with spans marked ("refund it [to my paypal](payment_method)"), read from
    # ``examples``, whose texts are left plain for the intent classifier.
    marked: tuple[MarkedText, ...] = Field(default=(), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _read_marks(cls, data: Any) -> Any:
        return _with_marks(data)

    @field_validator("examples")
    @classmethod
    def _non_blank(cls, value: list[str]) -> list[str]:
        for i, example in enumerate(value):
            if not example.strip():
                raise ValueError(f"example {i} is blank")
        return value


def _with_marks(data: Any) -> Any:
    """A model's input with the marks of its ``examples`` read out (``marked``)."""
    if not isinstance(data, dict):
        return data
    if "marked" in data:
        raise ValueError("'marked' is not a field: mark spans inside the examples")
    return {**data, **_marks_of(data.get("examples"))}


def _marks_of(examples: Any) -> dict[str, Any]:
    """``examples`` with their marks read out: the plain texts, and those that had marks."""
    if not isinstance(examples, list):
        return {}
    plain: list[Any] = []
    marked: list[MarkedText] = []
    for i, example in enumerate(examples):
        if not isinstance(example, str):
            plain.append(example)
            continue
        try:
            read = parse_marked(example)
        except ValueError as exc:
            raise ValueError(f"examples[{i}]: {exc}") from exc
        plain.append(read.text)
        if read.marks:
            marked.append(read)
    return {"examples": plain, "marked": tuple(marked)}


class SlotKindSpec(_Strict):
    """A slot kind the workspace's flows use: what it is, and examples of customers' words
    with the words that say it marked."""

    description: str = ""
    type: Literal["record", "choice", "amount", "date", "email", "text", "count"] | None = Field(
        None,
        description=(
            "record: the domain pack grounds it in the customer's records; choice: one of the "
            "values vocabulary.yaml lists under choices; amount, date, email: the one such value "
            "said; text: the customer's own words, as the span tagger marks them; count: the "
            "whole number said before one of its `units`"
        ),
    )
    units: list[str] = Field(
        default_factory=list,
        description='for a count: the words naming what is counted ("bag~", "suitcase~")',
    )
    totals: list[str] = Field(
        default_factory=list,
        description=(
            "for a count: words beside a number that make it the whole number, not a change "
            '("3 bags in total", "a total of 3")'
        ),
    )
    unclear: list[str] = Field(
        default_factory=list,
        description=(
            "for a count: words that leave a number in their sentence unclear: one for each "
            '("one suitcase each"), what is there already ("I already have 2 bags"); it is not '
            "taken, the flow asks"
        ),
    )
    total: bool = Field(
        False,
        description=(
            "for a count: it is the whole number (only a number said with one of `totals`); "
            "otherwise only a number said without one"
        ),
    )
    ahead: bool = Field(
        False,
        description=(
            "date only: the day of something to come (a flight, a visit): a weekday said alone "
            '("Friday", "on Friday") is the one of the coming seven days, not the last one'
        ),
    )
    examples: list[str] = Field(default_factory=list)
    marked: tuple[MarkedText, ...] = Field(default=(), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _read_marks(cls, data: Any) -> Any:
        return _with_marks(data)

    @model_validator(mode="after")
    def _units_for_counts(self) -> SlotKindSpec:
        if self.type == "count" and not self.units:
            raise ValueError("a count needs `units`: the words naming what is counted")
        if (self.units or self.totals or self.unclear or self.total) and self.type != "count":
            raise ValueError(
                f"only a count has `units`, `totals`, `unclear`, `total`; this is a {self.type}"
            )
        if self.total and not self.totals:
            raise ValueError("a count that is a total needs `totals`: the words that say so")
        return self

    @model_validator(mode="after")
    def _all_marked(self) -> SlotKindSpec:
        if self.ahead and self.type != "date":
            raise ValueError(f"ahead is for kinds of type date, not {self.type}")
        for i, example in enumerate(self.examples):
            if not any(m.text == example for m in self.marked):
                raise ValueError(
                    f"examples[{i}] marks no words: write them as [words](kind) or "
                    "[words](kind=value)"
                )
        return self


class SlotsFile(_Strict):
    """``slots.yaml``: the slot kinds the workspace declares, with marked examples."""

    kinds: dict[str, SlotKindSpec] = Field(default_factory=dict)

    @field_validator("kinds")
    @classmethod
    def _kind_names(cls, value: dict[str, SlotKindSpec]) -> dict[str, SlotKindSpec]:
        for name in value:
            if not re.fullmatch(NAME, name):
                raise ValueError(f"kind {name!r}: use lower-case letters, digits and _")
        return value


class IntentFile(_Strict):
    """``intents/*.yaml``: a list of intents."""

    intents: list[Intent] = Field(min_length=1)


class PolicyFile(_Strict):
    """``policies.yaml``: limits and guardrail rules."""

    limits: dict[str, float] = Field(default_factory=dict)
    rules: list[PolicyRule] = Field(default_factory=list)


class EvidenceWords(_Strict):
    """Words the evidence audit reads before a proposal (docs/flows.md, "The evidence audit").

    Each entry is a word or phrase matched whole and case-blind; a space matches any spacing,
    ``*`` any one word ("same * as"), and a leading ``~`` lets the entry end a longer word
    ("~n't" in "don't"). The audit's rules are code; the language they read is here.
    """

    set_aside_before: list[str] = Field(
        default_factory=list, description='before a mention: "keeping the boots"'
    )
    set_aside_after: list[str] = Field(
        default_factory=list, description='after a mention: "the boots you are keeping"'
    )
    set_aside_pointers: list[str] = Field(
        default_factory=list,
        description=(
            "before a set_aside_after word, later in the mention's sentence, the mention: \"the "
            'makeup kit was a present, she loves it, that stays"'
        ),
    )
    set_aside_clauses: list[str] = Field(
        default_factory=list,
        description=(
            "a clause right after a comma later in the mention's sentence that keeps it as it "
            'is: "the tablet, I\'m happy with it"'
        ),
    )
    determiners: list[str] = Field(
        default_factory=list, description='between such a word and the mention: "the", "my"'
    )
    list_joiners: list[str] = Field(
        default_factory=list, description='between mentions of one list: "and", "&"'
    )
    request_joiners: list[str] = Field(
        default_factory=list,
        description='after a comma, where another request starts: "and", "also", "then"',
    )
    every_item: list[str] = Field(
        default_factory=list,
        description='all of what a request is about: "everything in", "all of it"',
    )
    negation: list[str] = Field(
        default_factory=list, description='rules out what follows: "not", "~n\'t", "without"'
    )
    compare: list[str] = Field(
        default_factory=list, description='a change relative to what they have: "bigger"'
    )
    rule_out: list[str] = Field(
        default_factory=list,
        description=(
            'within three words before a value, rules it out: "anything but the rotisserie", '
            '"doesn\'t need to be waterproof"'
        ),
    )
    most: list[str] = Field(
        default_factory=list, description='the top of a scale: "the biggest", "highest resolution"'
    )
    least: list[str] = Field(
        default_factory=list, description='the bottom of a scale: "the smallest", "lowest"'
    )
    alternatives: list[str] = Field(
        default_factory=list,
        description='a preference list or a correction: "else", "or", "actually", "prefer"',
    )
    negation_stops: list[str] = Field(
        default_factory=list,
        description=(
            'a negation before it does not reach past it: "no 8 bar then 9 bar" rules out 8 '
            'bar, not 9 bar ("then")'
        ),
    )
    condition_if: list[str] = Field(default_factory=list, description='"if", "in case"')
    condition_unmet: list[str] = Field(
        default_factory=list, description='"isn\'t available", "out of stock"'
    )
    condition_only: list[str] = Field(
        default_factory=list, description='what a condition narrows to: "only", "just"'
    )
    exactly: list[str] = Field(
        default_factory=list,
        description=(
            'just before the things a record holds, says they are all of it: "my order with '
            'only the bookshelf and the bottle"'
        ),
    )
    statuses: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            'a record\'s status, and the words that say a thing is in it: closed: "finished"'
        ),
    )
    another: list[str] = Field(
        default_factory=list, description='points away from the target: "my other one"'
    )
    each_unit: list[str] = Field(
        default_factory=list,
        description="at the start of a clause, what one of several units of an item is to "
        'become: "both kettles: one for a ceramic one, the other for a 1.5 liter one"',
    )
    unchanged: list[str] = Field(
        default_factory=list,
        description=(
            'just before an option, keeps it as it is: "the same battery life and water '
            'resistance", "still for induction"'
        ),
    )
    asking: list[str] = Field(
        default_factory=list,
        description=(
            'opening a sentence, asks a question rather than wishing: "is there", "do you have" '
            "(a change said without a request word is never read in one)"
        ),
    )
    requesting: list[str] = Field(
        default_factory=list,
        description=(
            'in a question, ask for a change rather than about one: "could it be grey rather '
            'than brown?", "would it be possible to have the grill with a rotisserie?" (a '
            "question holding one is no question in the reading of a change said without a "
            "request word)"
        ),
    )
    describing: list[str] = Field(
        default_factory=list,
        description=(
            "between a thing of the customer's and a value, says what the thing is or was: "
            '"my bottle is 500ml", "the boots arrived black"'
        ),
    )
    paid_before: list[str] = Field(
        default_factory=list,
        description=(
            'before a payment method, says how something was paid, not how to pay now: "I paid '
            'that order with PayPal, but put the difference on my Mastercard"'
        ),
    )
    contrast: list[str] = Field(
        default_factory=list,
        description='ends what "same" keeps: "the exact same boots but waterproof"',
    )
    likeness: list[str] = Field(
        default_factory=list,
        description=(
            'before a mention, makes it the model of a change, not its target: "the same '
            'type as the grill I received"'
        ),
    )
    set_aside_places: list[str] = Field(
        default_factory=list,
        description=(
            "after the last of two mentions, before a determiner, a word and a "
            '``set_aside_after`` word: where they are ("the boots and the lamp in the hallway '
            'stay")'
        ),
    )
    each_unit_joiners: list[str] = Field(
        default_factory=list,
        description=(
            'inside a sentence, before an ``each_unit`` clause: "one for the kitchen and the '
            'other for the office"'
        ),
    )
    bare_alternatives: list[str] = Field(
        default_factory=list,
        description=(
            'words of ``alternatives`` that alone make no fallback ("black or blue" weighs no '
            "wish against another)"
        ),
    )


class IdentityWords(_Strict):
    """Words read around who the customer says they are."""

    not_names: list[str] = Field(
        default_factory=list,
        description=(
            "never part of a name, and beside a name, an email or a zip they say nothing else: "
            '"hi", "my", "name", "zip" — "Name\'s Daiki Silva, my zip is 28268" asks for nothing'
        ),
    )
    cues: list[str] = Field(
        default_factory=list,
        description=(
            "say which detail of who the customer is follows it (an email, a zip, a name): "
            'with the detail, they say nothing of what the message asks — "My email address '
            'is …" asks for no address change — and its request is read without them'
        ),
    )
    links: list[str] = Field(
        default_factory=list,
        description='between a cue and its detail ("my zip code is 28268", "name\'s Daiki")',
    )
    spoken_at: list[str] = Field(
        default_factory=list,
        description='an email address said aloud: the word for "@" ("omar at example dot com")',
    )
    spoken_dot: list[str] = Field(
        default_factory=list,
        description='an email address said aloud: the words for "." ("dot", "period")',
    )
    digits: dict[str, int] = Field(
        default_factory=dict,
        description='digits said as words, for a zip code said aloud ("nine eight...": nine: 9)',
    )
    zip_cues: list[str] = Field(
        default_factory=list,
        description='before a zip code said digit by digit ("zip code", "postal code")',
    )
    phone_cues: list[str] = Field(
        default_factory=list,
        description='before ten digits, they are a phone number ("phone", "call me on")',
    )
    name_cues: list[str] = Field(
        default_factory=list,
        description=(
            'before a name, say one follows, written in capitals or not: "my name is", "name:" '
            '("my name is daiki silva")'
        ),
    )
    capital_name_cues: list[str] = Field(
        default_factory=list,
        description=(
            'before a name written with a capital, say one follows: "I\'m", "this is" ("I\'m '
            'Daiki Silva"; "I\'m fine" names no one)'
        ),
    )
    titles: list[str] = Field(
        default_factory=list,
        description='after a name cue, before a last name alone: "mr", "dr" ("this is Dr. Silva")',
    )
    signoffs: list[str] = Field(
        default_factory=list,
        description=(
            'alone on the line before the last, make the last line a signed name: "thanks", '
            '"kind regards" ("Kind regards," then "Daiki Silva")'
        ),
    )
    name_stops: list[str] = Field(
        default_factory=list,
        description=(
            "never read as a name after a name cue or in a signature: the name ends before them "
            '("I\'m afraid", "this is urgent", "I\'m Daiki and …")'
        ),
    )
    quantities: list[str] = Field(
        default_factory=list,
        description=(
            "after five digits, say they count or measure something, so they are no zip code: "
            '"10000 mah", "12345 steps"'
        ),
    )


class AmountWords(_Strict):
    """How customers write a sum of money in the workspace's currency; a "$" before a number
    and a number with two decimals are read as one in any workspace."""

    before: list[str] = Field(
        default_factory=list,
        description='written before a number, make it a sum of money: "USD" ("USD 12", "USD12")',
    )
    after: list[str] = Field(
        default_factory=list,
        description='written after a number, make it a sum of money: "dollars" ("12 dollars")',
    )
    measures: list[str] = Field(
        default_factory=list,
        description=(
            'after a number with two decimals, make it a measure, not a sum of money: "kg" '
            '("12.50 kg")'
        ),
    )


Month = Annotated[int, Field(ge=1, le=12)]
IsoWeekday = Annotated[int, Field(ge=1, le=7)]


class WeekdayCues(_Strict):
    """The words before a weekday that say which one it is, counted from the reference day; a
    weekday said without one is the last one before it."""

    ahead: list[str] = Field(
        default_factory=list,
        description='the first one after the reference day: "next", "by" ("by Friday")',
    )
    back: list[str] = Field(
        default_factory=list,
        description='the last one before the reference day: "last", "since" ("since Monday")',
    )
    this: list[str] = Field(
        default_factory=list,
        description='the one of the reference day\'s week (Monday to Sunday): "this"',
    )
    alone: list[str] = Field(
        default_factory=list,
        description=(
            'say nothing of which one ("on Friday"): the last one, or, where a slot reads a '
            "day to come, the coming one"
        ),
    )


class DayOfMonthCues(_Strict):
    """The words before a day of the month said alone ("on the 18th") that make it a date;
    without one (and without a weekday before it), an ordinal is a place in a list."""

    ahead: list[str] = Field(
        default_factory=list,
        description='the first such day after the reference day: "by", "until" ("by the 3rd")',
    )
    back: list[str] = Field(
        default_factory=list,
        description='the last such day before the reference day: "since" ("since the 20th")',
    )
    closest: list[str] = Field(
        default_factory=list,
        description='the closest such day, the later one on a tie: "on", "for", "about"',
    )


class DateWords(_Strict):
    """How customers write a date in the workspace's language (``nlu/_dates.py`` reads them):
    names of months and weekdays, days said by their distance from today, counts of days
    ("in 3 days", "2 weeks ago"). ISO dates ("2024-05-17") and numeric ones ("5/17") need no
    words."""

    months: dict[str, Month] = Field(
        default_factory=dict,
        description=(
            "a month's name or abbreviation and its number (may: 5, sept: 9); each month's "
            "abbreviation begins its other names"
        ),
    )
    weekdays: dict[str, IsoWeekday] = Field(
        default_factory=dict,
        description="a weekday's name and its ISO number, Monday 1 to Sunday 7 (friday: 5)",
    )
    ordinal_endings: list[str] = Field(
        default_factory=list,
        description='written after a day\'s digits: "st", "nd", "rd", "th" ("the 18th")',
    )
    articles: list[str] = Field(
        default_factory=list,
        description='before a day of the month said alone: "the" ("on the 18th")',
    )
    month_links: list[str] = Field(
        default_factory=list,
        description='between a day and its month: "of" ("the 20th of May")',
    )
    in_a_list: list[str] = Field(
        default_factory=list,
        description=(
            'after an ordinal, make it a place in a list, not a day: "one", "option" ("the 2nd '
            'one")'
        ),
    )
    weekday_cues: WeekdayCues = WeekdayCues()
    day_cues: DayOfMonthCues = DayOfMonthCues()
    days: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "a day said by its distance in days from the reference day (yesterday: -1, "
            '"the day after tomorrow": 2, "last week": -7)'
        ),
    )
    numbers: dict[str, int] = Field(
        default_factory=dict,
        description='a number word counting days or weeks ("three days ago"): {a: 1, three: 3}',
    )
    units: dict[Literal["day", "week", "month"], list[str]] = Field(
        default_factory=dict,
        description=(
            "the words of a unit counted, singular and plural (day: [day, days]); months are "
            'counted back only ("2 months ago")'
        ),
    )
    ago: list[str] = Field(
        default_factory=list,
        description='after a count of units, so many before the reference day: "ago"',
    )
    within: list[str] = Field(
        default_factory=list,
        description='before a count of days or weeks, so many after the reference day: "in"',
    )
    counted_from: list[str] = Field(
        default_factory=list,
        description='between a count of days or weeks and the day counted from: "from"',
    )
    from_days: dict[str, int] = Field(
        default_factory=dict,
        description=(
            'the days a count is counted from ("3 days from now"), by their distance from the '
            "reference day (now: 0, tomorrow: 1)"
        ),
    )


class DenialWords(_Strict):
    """A denial that makes a message one of a category ("I never ordered this"): a negator
    then a verb, unless one of ``unless`` follows within 25 characters ("… by mistake")."""

    negators: list[str] = Field(
        default_factory=list, description='before the verb: "didn\'t", "never"'
    )
    verbs: list[str] = Field(default_factory=list, description='denied: "authorize", "make"')
    unless: list[str] = Field(
        default_factory=list,
        description='within 25 characters after the verb, undo the denial: "mistake~"',
    )


class CategoryWords(_Strict):
    """The words of a category of messages a person must handle, whatever the request
    (``deskpilot.yaml``: ``never_automate`` names those that stop automation)."""

    cues: list[str] = Field(
        default_factory=list, description='phrases that make a message one: "passed away"'
    )
    not_after: list[str] = Field(
        default_factory=list,
        description='right before a cue, a thing it is said of, which undoes it: "the speaker '
        'died"',
    )
    denials: DenialWords = DenialWords()


class VagueRequestWords(_Strict):
    """A kind of request said without what it is about ("I need to change something on one of
    my orders"): the phrases that say it, and the requests the next message is read among."""

    phrases: list[str] = Field(
        default_factory=list,
        description='say the kind without saying what: "change something", "a problem with"',
    )
    requests: list[str] = Field(
        default_factory=list,
        description="the intents of the requests of that kind, the likeliest first",
    )


class NotAskingWords(_Strict):
    """Where a request's verb is said but not asked for: "I don't want to cancel the whole
    order", "if I cancelled it, how much would I get back?"."""

    negators: list[str] = Field(
        default_factory=list, description='before the verb: "don\'t", "not", "never"'
    )
    wanting: list[str] = Field(
        default_factory=list,
        description='between a negator and the verb, with an optional "to": "want", "need"',
    )
    to: list[str] = Field(default_factory=list, description='just before the verb: "to", "you to"')
    hypothetical: list[str] = Field(
        default_factory=list, description='opening a supposition: "if i", "if we", "if you"'
    )
    supposing: list[str] = Field(
        default_factory=list,
        description='between the supposition and the verb: "were to", "did", "would"',
    )
    wondering: list[str] = Field(
        default_factory=list,
        description='a question about the outcome, the verb later in it: "what would happen if"',
    )
    not_yet: list[str] = Field(
        default_factory=list,
        description=(
            'after a negated verb, with a contrast later, it asks after all: "not yet" … '
            '"but": "I don\'t want to cancel it yet, but if it doesn\'t ship …"'
        ),
    )
    contrast: list[str] = Field(default_factory=list, description='"but", "unless"')
    fallback: list[str] = Field(
        default_factory=list,
        description=(
            'just before a negator, it opens a fallback, not a refusal: "if" in "has it '
            'shipped? if not, cancel it" asks for the cancellation'
        ),
    )


class DialogueWords(_Strict):
    """Words the flow engine reads to tell what a message asks for."""

    request_verbs: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "an intent, and the verbs that name its request: a message where every one of them "
            'is negated or hypothetical ("I don\'t want to cancel it") does not ask for it'
        ),
    )
    details: list[str] = Field(
        default_factory=list,
        description=(
            'a detail a request takes, never a request of its own ("refund to paypal"): a short '
            "part naming one belongs to the request beside it"
        ),
    )
    courtesy: list[str] = Field(
        default_factory=list,
        description=(
            'words of courtesy that do not make a part naming a detail longer: "Any refund '
            'onto my PayPal please, ta" is as short as "refund onto my PayPal"'
        ),
    )
    person: list[str] = Field(
        default_factory=list,
        description='with the person_intent, asks for a person: "agent", "human", "someone"',
    )
    person_intent: str = Field("human_agent", description="the intent that asks for a person")
    small_talk: dict[str, str] = Field(
        default_factory=lambda: {"greeting": "greeting", "thanks": "thanks"},
        description="an intent of small talk, and the template that answers it",
    )
    withdraw: list[str] = Field(
        default_factory=list,
        description='withdraws the request in progress: "forget the *", "never mind that"',
    )
    change_verbs: list[str] = Field(
        default_factory=list,
        description='asks for a change in so many words: "switch", "change", "update"',
    )
    replacing: list[str] = Field(
        default_factory=list,
        description='what follows replaces what came before: "only the", "instead", "rather"',
    )
    wonder: list[str] = Field(
        default_factory=list,
        description='a request only wondered about: "how much", "what if", "would i"',
    )
    closing: list[str] = Field(
        default_factory=list,
        description='a closing remark, no request: "that\'s everything", "that is all"',
    )
    asking_about: list[str] = Field(
        default_factory=list,
        description=(
            'opening a sentence or a clause, a question about a thing, not a request for it: "how '
            'much", "would it cost", "does it come with"; a request read only from such questions '
            "is answered and offered, never proposed for a yes at once"
        ),
    )
    asking_leads: list[str] = Field(
        default_factory=list,
        description=(
            'before a question, what makes the rest of the sentence that question: "i was '
            'wondering whether", "can you tell me"'
        ),
    )
    asking_for: list[str] = Field(
        default_factory=list,
        description=(
            'anywhere in a sentence, makes its question a request: "could you", "can i", "is it '
            'possible", "i\'d like"'
        ),
    )
    ordinals: dict[int, list[str]] = Field(
        default_factory=dict,
        description=(
            "the place of a choice among those a question listed, 1 for the first and -1 for the "
            'last: "the second one", "the latter" (a short answer naming one place picks it)'
        ),
    )
    withdraw_all: list[str] = Field(
        default_factory=list,
        description='in a withdrawal, makes it every request: "both", "all"',
    )
    resend_code: list[str] = Field(
        default_factory=list,
        description=(
            'while a write waits for a one-time code, asks for another: "send it again", '
            '"didn\'t get it" (a message without a code that says none of them counts as a try)'
        ),
    )
    not_asking: NotAskingWords = NotAskingWords()
    vague_requests: dict[str, VagueRequestWords] = Field(
        default_factory=dict,
        description=(
            "a kind of request said without what it is about, by name: the kind is asked about "
            "(template ask_vague_request) and the next message read among its requests"
        ),
    )
    excluding: list[str] = Field(
        default_factory=list,
        description=(
            "just before a mention (a determiner and two words between at most), excludes it: "
            '"not the backpack", "keep the kettle", "except"'
        ),
    )
    no_to_another: list[str] = Field(
        default_factory=list,
        description=(
            "right after a no to a proposal, rules another thing out before naming one: "
            '"no, not the one in the other record - the one I had": when the proposal made '
            "again from the message is the very one waiting, it stands and is asked again"
        ),
    )
    all_kept: list[str] = Field(
        default_factory=list,
        description=(
            "says everything stays as it is; an excluding word right after it names what does "
            'not: "everything\'s fine except the headphones" acts on the headphones'
        ),
    )
    pointing: list[str] = Field(
        default_factory=list,
        description=(
            'before a mention, makes it only point at an order ("the order with the chair"): '
            '"with", "containing", "next to"'
        ),
    )
    not_pointing_after: list[str] = Field(
        default_factory=list,
        description='a pointing word after one of these points at nothing: "along (with)"',
    )
    back_pointers: list[str] = Field(
        default_factory=list,
        description=(
            "in a sentence naming nothing, points back at the one thing the sentence before "
            'ended on: "The earbuds: … I first thought black, but no, keep them blue"'
        ),
    )
    together_pointers: list[str] = Field(
        default_factory=list,
        description=(
            "in a clause naming one thing, points at it and the things the clauses before it "
            'in the sentence name: "the phone has a dead spot and the speaker crackles, can I '
            'get the exact same ones again?"'
        ),
    )
    determiners: list[str] = Field(
        default_factory=list, description='"the", "my", "a", "that", "those"'
    )
    list_joiners: list[str] = Field(
        default_factory=list, description='joins the last member of a list: "and", "&"'
    )
    list_alternatives: list[str] = Field(
        default_factory=list,
        description=(
            'joins the last member of a list of alternatives: "or", "nor" — after an excluding '
            'word each member is excluded ("not the jeans or the belt")'
        ),
    )
    clause_joiners: list[str] = Field(
        default_factory=list,
        description='after a comma, starts another clause: ", and", ", also", ", plus"',
    )
    clause_openers: list[str] = Field(
        default_factory=list,
        description='after a list joiner, starts another clause: "and the …", "and my …"',
    )
    affirm: list[str] = Field(
        default_factory=list,
        description='to a question waiting for a yes or a no, a yes: "yes", "go ahead"',
    )
    deny: list[str] = Field(
        default_factory=list,
        description='a no; it wins over a yes beside it ("yes, but wait"): "no", "wait"',
    )
    hesitations: list[str] = Field(
        default_factory=list,
        description=(
            'opening an answer before its no, saying nothing themselves: "oh okay, never mind '
            'then" declines as "never mind" does ("oh", "um", "well")'
        ),
    )
    firm_affirm: list[str] = Field(
        default_factory=list,
        description=(
            'opening a message with no comma after it, a yes whatever follows: "yes do not '
            'refund the shipping" still says yes'
        ),
    )
    doubt: list[str] = Field(
        default_factory=list,
        description='a no, unless a firm yes follows closely: "actually" ("actually yes")',
    )
    conditional: list[str] = Field(
        default_factory=list,
        description=(
            'after a yes, a condition the answer sets: "yes, as long as I don\'t pay more" '
            "is neither a yes nor a no (the question is asked again, with its facts)"
        ),
    )
    more: list[str] = Field(
        default_factory=list,
        description=(
            'after a yes, the same request again for another thing: "yes, and the other order '
            'too" ("too", "as well"); a doubt before it in its sentence doubts nothing'
        ),
    )
    same_again: list[str] = Field(
        default_factory=list,
        description=(
            'once a request is done, says it holds for another thing too: "and the one with '
            'the wall clock too, same reason" ("same reason", "same thing")'
        ),
    )
    adding: list[str] = Field(
        default_factory=list,
        description=(
            "while a proposal waits for its yes, the same request asked for another subject "
            'beside it, not in its place: "also", "too" ("can you also cancel #W2?")'
        ),
    )
    again: list[str] = Field(
        default_factory=list,
        description=(
            "once a request was carried out, a message that names no request by a verb and "
            "says one of these asks for that request again, for the thing it names: "
            '"and the t-shirt too", "same for the grill one" ("too", "same for")'
        ),
    )
    again_openers: list[str] = Field(
        default_factory=list,
        description=(
            'the same as ``again``, opening the message: "and from my other order the chair" '
            '("and", "also")'
        ),
    )
    again_not: list[str] = Field(
        default_factory=list,
        description=(
            "a message with one of these states or asks something of what it names, and does "
            'not ask for a request again: "and the boots are too big" ("is", "has", "what")'
        ),
    )


class RecordIdWords(_Strict):
    """How customers write the ids of one kind of record, read as entities of that type."""

    letters: list[str] = Field(
        default_factory=list, description='letters before the digits: W for "#W1234567"'
    )
    digits: int | None = Field(None, ge=3, le=20, description="how many digits the id has")
    words: list[str] = Field(
        default_factory=list,
        description='the record\'s name before bare digits: "booking 123456", "booking no. 123456"',
    )
    numbers: list[str] = Field(
        default_factory=list,
        description=(
            'between the record\'s name and its digits: "number", "no." ("booking no. 123456")'
        ),
    )
    links: list[str] = Field(
        default_factory=list,
        description=(
            'between the record\'s name (and a number word) and its digits: "is" ("booking number '
            'is 123456")'
        ),
    )
    hash: bool = Field(False, description='"#1234567" is one too')
    written: str | None = Field(
        None, pattern=r"\{digits\}", description='how the records write it: "#W{digits}"'
    )
    pattern: str | None = Field(
        None,
        description=(
            "for ids that are not letters and digits: a regular expression of the whole id "
            "(a user id such as mia_li_3668), matched as a whole word, case as written"
        ),
    )
    case: Literal["upper", "lower"] | None = Field(
        None, description="with pattern: the records write the id in this case"
    )

    @model_validator(mode="after")
    def _one_form(self) -> RecordIdWords:
        if self.pattern is None and (self.digits is None or self.written is None):
            raise ValueError("needs digits and written, or a pattern")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern: not a regular expression: {exc}") from exc
        return self


class ScaleMove(_Strict):
    """Comparative words, the way they move, and the options they move ("bigger": up, size)."""

    words: list[str]
    direction: Literal["up", "down"]
    options: list[str] = Field(
        description="the options moved: the first of them the item has on a scale"
    )


class QualityValues(_Strict):
    """The catalogue's own values of a yes/no option ("waterproof": yes or no), and the values
    that say an item lacks what an option names ("backlight: none", "water resistance: not
    resistant"). They are the records' words, as the statuses of an order are: a catalogue in
    another language writes them in it. Compared without case."""

    present: list[str] = Field(
        default_factory=list,
        description='the value of a yes/no option that has the quality ("yes")',
    )
    absent: list[str] = Field(
        default_factory=list,
        description='the value of a yes/no option that lacks the quality ("no")',
    )
    lacking: list[str] = Field(
        default_factory=list,
        description='other values that say an item lacks what the option names ("none")',
    )
    lacking_first: list[str] = Field(
        default_factory=list,
        description='the first word of a value that says the lack ("not": "not resistant")',
    )

    @model_validator(mode="after")
    def _well_formed(self) -> QualityValues:
        fields = ("present", "absent", "lacking", "lacking_first")
        for name in fields:
            for i, value in enumerate(getattr(self, name)):
                if not value.strip():
                    raise ValueError(f"{name}[{i}] is blank")
        for i, word in enumerate(self.lacking_first):
            if len(word.split()) != 1:
                raise ValueError(f"lacking_first[{i}] ({word!r}) must be one word")
        if bool(self.present) != bool(self.absent):
            raise ValueError("a yes/no option needs both: present and absent values")
        both = {v.lower() for v in self.present} & {v.lower() for v in self.absent}
        if both:
            raise ValueError(
                f"present and absent share {sorted(both)}: a value is one or the other"
            )
        return self


class UnitWords(_Strict):
    """A unit the records write values in: what it measures, and how customers write it."""

    measures: str = Field(
        description=(
            "what the unit measures: a number said in one unit is a value written in another "
            'only when both measure the same ("length" for ft and inch)'
        )
    )
    words: list[str] = Field(
        description=(
            'how customers write the unit, as written, itself among them ("ft", "feet", "foot", '
            '"\'"); a value written in one is also said in the others ("4 hours", "4 hrs")'
        )
    )
    read_alone: bool = Field(
        True,
        description=(
            "false: a number said with these words is not read as a measure of its own, only "
            'where a value is written in the unit ("I tried 2 times" measures nothing)'
        ),
    )


class ScaleWords(_Strict):
    """How the values of an option are ordered, for "bigger", "the smallest", "2 sizes up", and
    the words that compare them."""

    ordered: list[list[str]] = Field(
        default_factory=list,
        description='named steps, low to high ("XS, S, M, L, XL"); the first list holding a value',
    )
    units: dict[str, float] = Field(
        default_factory=dict,
        description='a unit and its factor to one measure (tb: 1000, gb: 1): "1TB" > "512GB"',
    )
    moves: list[ScaleMove] = Field(
        default_factory=list, description='comparatives: "bigger" moves size, capacity… up'
    )
    named_moves: dict[Literal["up", "down"], list[str]] = Field(
        default_factory=dict,
        description=(
            'comparatives that move the option named after them ("a longer battery", "lower '
            'pressure"), before the options of ``moves``'
        ),
    )
    ends: dict[Literal["up", "down"], list[str]] = Field(
        default_factory=dict,
        description=(
            "superlatives: the end of the option named after them, or of the only option on a "
            'scale ("the biggest")'
        ),
    )
    named_ends: dict[Literal["up", "down"], list[str]] = Field(
        default_factory=dict,
        description='superlatives that move only the option named after them ("the fewest pieces")',
    )
    differences: dict[Literal["up", "down"], list[str]] = Field(
        default_factory=dict,
        description='after a number, a difference from the current value ("500 fewer pieces")',
    )
    numbers: dict[str, float] = Field(
        default_factory=dict,
        description='number words, for steps along a scale ("two sizes down": two: 2)',
    )
    other_value: list[str] = Field(
        default_factory=list,
        description='before an option\'s name, any value but the one it has ("another colour")',
    )
    plural_endings: list[str] = Field(
        default_factory=list,
        description=(
            "the endings of a noun said of several, as written at a word's end: an option's "
            'name or a value read with one ("two pieces", "sizes", "a puzzle for beginners"), '
            "a product's name ending in one read as several (\"the shirts\"), an option's name "
            'read without one before a noun ("a 2000 piece puzzle"): "s"'
        ),
    )
    step_nouns: list[str] = Field(
        default_factory=list,
        description='what a step along any scale is called, the option named beside it ("one '
        'step down in pressure")',
    )
    factors: dict[str, float] = Field(
        default_factory=dict,
        description='before an option\'s word, a multiple of the current value ("half the pieces")',
    )
    bounds: dict[Literal["up", "down"], list[str]] = Field(
        default_factory=dict,
        description='beside a value, only values above or below it ("under 30 inch")',
    )
    cheapest: list[str] = Field(default_factory=list, description='"the cheapest"')
    cheaper: list[str] = Field(
        default_factory=list, description='a lower price, not the lowest: "cheaper"'
    )
    below_mine: list[str] = Field(
        default_factory=list,
        description=(
            'after "cheaper": only variants costing less than the item did ("cheaper than what '
            'I paid")'
        ),
    )
    free: list[str] = Field(
        default_factory=list,
        description='before an option\'s name, it may take any value ("whichever display")',
    )
    free_after: list[str] = Field(
        default_factory=list,
        description=(
            "after an option's name (two words between at most), it may take any value (\"the "
            "pressure doesn't matter\")"
        ),
    )
    priciest: list[str] = Field(default_factory=list, description='"the most expensive"')
    among: list[str] = Field(
        default_factory=list,
        description='after "the cheapest …", narrows it to a group ("the cheapest of the others")',
    )
    same_item: list[str] = Field(
        default_factory=list, description='the very same one again ("a new pair", "identical")'
    )
    same_named: list[str] = Field(
        default_factory=list,
        description=(
            "before the product's own name (one word between at most), the very same one again "
            '("the same helmet")'
        ),
    )
    vague: list[str] = Field(
        default_factory=list,
        description='option values too vague to be a wish when written alone ("standard")',
    )
    excess: list[str] = Field(
        default_factory=list,
        description=(
            "right before a value, it says what is wrong with the item, no wish for that value "
            '("it\'s too small": no wish for small)'
        ),
    )
    taken_back: list[str] = Field(
        default_factory=list,
        description=(
            "before a value, the value of the same option said just before it is taken back "
            '("white... no, brown", "black - actually brown")'
        ),
    )
    not_taken_back: list[str] = Field(
        default_factory=list,
        description='phrases with a word of ``taken_back`` that take nothing back ("rather than")',
    )
    kept: list[str] = Field(
        default_factory=list,
        description='before an option\'s name, it keeps its value ("same difficulty")',
    )
    kept_values: list[str] = Field(
        default_factory=list,
        description=(
            'before the values the item has (four words between at most), they stay ("still '
            'stainless", "same 1 cup drip with timer")'
        ),
    )
    ranking: list[str] = Field(
        default_factory=list,
        description='values ranked by preference ("first choice", "otherwise", "prefer~")',
    )
    fallback_after: list[str] = Field(
        default_factory=list, description='after a value, it is a fallback ("USB second")'
    )
    fallback_before: list[str] = Field(
        default_factory=list, description='before a value, it is a fallback ("otherwise USB")'
    )
    next_only: list[str] = Field(
        default_factory=list,
        description=(
            'before a comparative, only the next value that way ("slightly bigger", "one size '
            'up"); a bare one ("a bigger one") may be any value that way'
        ),
    )
    same_as: list[str] = Field(
        default_factory=list,
        description=(
            "before option names followed by ``as_mine``, they keep the customer's item's values "
            '("same storage as mine")'
        ),
    )
    as_mine: list[str] = Field(
        default_factory=list,
        description='after ``same_as`` and option names: the item the customer has ("as mine")',
    )
    lacking: list[str] = Field(
        default_factory=list,
        description=(
            'before an option named like a quality, its lack ("no backlight", "without water '
            'resistance", "non-waterproof")'
        ),
    )
    lacking_any: list[str] = Field(
        default_factory=list,
        description='between ``lacking`` and the option\'s name ("without any backlight")',
    )
    unit_words: dict[str, UnitWords] = Field(
        default_factory=dict,
        description=(
            "a unit as the records write it (lower case), what it measures and how customers "
            'write it: "a full 1 litre one" is the 1000ml bottle, "5-25 pounds" the 5-25 lbs'
        ),
    )
    number_joiners: list[str] = Field(
        default_factory=list,
        description=(
            'between numbers that share the unit written after the last of them ("5 or 6 ft", '
            '"8, 10 or 12 inches"); a comma joins them too; matched as written, digits may '
            "touch them"
        ),
    )
    range_joiners: list[str] = Field(
        default_factory=list,
        description=(
            'between the two numbers of a range ("5 to 25 lb" for 5-25 lbs); a dash joins them '
            "too; matched as written, digits may touch them"
        ),
    )
    quality_values: QualityValues = Field(
        default_factory=QualityValues,
        description=(
            "the catalogue's own values of a yes/no option (present, absent) and the values "
            "that lack what an option names (lacking, or a first word of lacking_first)"
        ),
    )
    lacking_values: list[str] = Field(
        default_factory=list,
        description=(
            'the first word of a two-word option value that says the lack of the second ("not '
            'resistant"): said as any of them, a word between allowed ("non water-resistant")'
        ),
    )
    factor_between: list[str] = Field(
        default_factory=list,
        description=(
            'between a word of ``factors`` and the option\'s word ("half the pieces", "twice as '
            'many pieces")'
        ),
    )
    bound_after: list[str] = Field(
        default_factory=list,
        description=(
            "after an option's word and a word of ``differences``, makes them a bound, not a "
            'step ("up to 10 inch" is no "size up")'
        ),
    )
    quality_undecided: list[str] = Field(
        default_factory=list,
        description=(
            'after the name of a yes/no option, the option is not wished for ("waterproof or not")'
        ),
    )
    left_open_before: list[str] = Field(
        default_factory=list,
        description=(
            "before an option's name, a wish read as no value: another value may come with "
            'what was asked ("any colour", "a fancier theme")'
        ),
    )
    left_open_after: list[str] = Field(
        default_factory=list,
        description=(
            "after an option's name (30 characters at most, in its sentence), the same "
            '("waterproof or not doesn\'t matter")'
        ),
    )


class AliasWords(_Strict):
    """What customers call the catalogue's entries and option values."""

    entries: dict[str, list[str]] = Field(
        default_factory=dict,
        description='an entry of the catalogue, and other names for it: "E-Reader": [kindle]',
    )
    values: dict[str, list[str]] = Field(
        default_factory=dict,
        description='an option value, and other words for it: "Amazon Alexa": [alexa, echo]',
    )
    options: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            'a yes/no option, and other names for it: "water resistance": [waterproof] — '
            '"a waterproof one" asks for yes, "not waterproof" for no'
        ),
    )
    names: dict[str, list[str]] = Field(
        default_factory=dict,
        description='an option\'s name, and other spellings of it: "color": [colour]',
    )
    option_words: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict,
        description=(
            "an option, its values and words for them, read as that value only when a thing "
            "in context has the option with it, and not before the name of another option the "
            'word is a value of: size: {M: [medium]} ("a medium" is size M, "medium '
            'ventilation" is not)'
        ),
    )
    generic_heads: list[str] = Field(
        default_factory=list,
        description=(
            'the last word of entry names that alone names no entry ("set" of "Luggage Set")'
        ),
    )
    generic_words: list[str] = Field(
        default_factory=list,
        description=(
            'words found in one entry\'s name only that alone still name no entry ("smart", '
            '"wireless")'
        ),
    )
    everyday_values: list[str] = Field(
        default_factory=list,
        description=(
            "option values that are everyday words: read as a value only near their option's "
            'name ("high brightness"), listed beside a sure value, or before a word of '
            '``kind_words`` ("a manual one"); bare numbers are read so too'
        ),
    )
    kind_words: list[str] = Field(
        default_factory=list,
        description='after a value, it picks a kind of the thing: "the manual version"',
    )
    list_joiners: list[str] = Field(
        default_factory=list,
        description=(
            "words that may stand between two values of one list (at most two of them): an "
            'everyday value listed so beside a sure one is read too ("gas, portable, with a '
            'side burner")'
        ),
    )
    toward: list[str] = Field(
        default_factory=list,
        description=(
            "just before a value, with its option's name in the eight words before: a wish "
            'for that option ("change the size to large")'
        ),
    )
    several: dict[str, int | None] = Field(
        default_factory=dict,
        description=(
            "within three words before a thing named, it means several: how many, or null "
            'when the word does not say ("both shirts": 2, "these boots": null)'
        ),
    )
    one_of: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "a word of one and the word after it that make a thing named one of several, to be "
            'asked about ("one of the shirts": one: of)'
        ),
    )
    never_fuzzy: list[str] = Field(
        default_factory=list,
        description=(
            'everyday words never read as a misspelt entry or value ("charge" is no charger)'
        ),
    )
    number_endings: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            'an ending of a name ("" for any) and the endings it may take instead in the '
            'other number: "y": [ies] reads "batteries" as a battery, "": [s] "puzzles"'
        ),
    )


class RequestWords(_Strict):
    """How a message is cut into the parts that may each carry a request of their own, and how
    a part shows it asks for something (docs/understanding.md, "Parts of a message")."""

    verbs: list[str] = Field(
        default_factory=list,
        description='lead a request: after ", and" or a colon, a new part starts ("cancel")',
    )
    actions: list[str] = Field(
        default_factory=list,
        description='anywhere in a part, make it ask for something done ("refund", "ship")',
    )
    asks: list[str] = Field(
        default_factory=list,
        description='opening a part, a question or a wish ("where", "can", "i want")',
    )
    wishes: list[str] = Field(
        default_factory=list,
        description=(
            "after a comma inside a part, a wish asks for something as a leading one does: "
            '"the camera I got, its 20MP, I want the 30MP one" ("i want", "i\'d like")'
        ),
    )
    starts: list[str] = Field(
        default_factory=list,
        description='a new request follows ("also", "one more thing", "then")',
    )
    joiners: list[str] = Field(default_factory=list, description='joins two requests ("and")')
    fillers: list[str] = Field(
        default_factory=list, description='may stand before the verb ("please")'
    )
    continues: list[str] = Field(
        default_factory=list,
        description='opening a part, it goes on with the one before ("but", "so", "which")',
    )
    leads: list[str] = Field(
        default_factory=list,
        description='opening words passed over before the request ("first", "oh", "ok")',
    )
    about: list[str] = Field(
        default_factory=list,
        description=(
            "before a record or a determiner and a few words, what the request is about, passed "
            'over ("for my LA order", "in the order #W1234567")'
        ),
    )
    determiners: list[str] = Field(default_factory=list, description='"my", "the", "that", "this"')
    conditions: list[str] = Field(
        default_factory=list,
        description=(
            'open a condition: "If I have to pay a difference, use my gift card" names no '
            "topic before its comma"
        ),
    )
    greetings: list[str] = Field(
        default_factory=list,
        description=(
            'opening a message before a comma, a part of its own: "hi there, I need to send '
            'back some boots" asks for a return, not only says hello'
        ),
    )
    possessive: list[str] = Field(
        default_factory=list,
        description=(
            'a thing of theirs ("my", "our") named before a colon is what a request is about: '
            '"The wall clock in my pending order: smaller, white" asks for something'
        ),
    )
    own: list[str] = Field(
        default_factory=list,
        description=(
            'after a determiner, a request of its own even after "and" ("and my default '
            'address"), and a request wherever it is named'
        ),
    )
    corrections: list[str] = Field(
        default_factory=list,
        description='what follows replaces the request before it ("i mean", "scratch that")',
    )
    questions: list[str] = Field(
        default_factory=list,
        description=(
            "a question opening inside a message typed without punctuation: a word of asking "
            'with the words it asks of ("can you", "is there", "what are"); a word of asking '
            'alone there is a clause of the sentence ("for what I paid")'
        ),
    )
    bound: list[str] = Field(
        default_factory=list,
        description=(
            "a verb right after one of these is bound to the words before it, no request of "
            "its own: where a message typed without punctuation is not cut (\"i'd like to "
            'return it")'
        ),
    )
    refers_back: list[str] = Field(
        default_factory=list,
        description=(
            'words that point back at what the request in progress is about ("it", "they"): '
            'in the middle of a request, "what colour is it?" asks about the customer\'s own '
            "records, not the help center"
        ),
    )
    wanted: list[str] = Field(
        default_factory=list,
        description=(
            'anywhere in a part, words saying how a thing ought to be ("should", "must", '
            '"i would like"): a part with them that asks by no word of its own and that no '
            "request took up is named back to the customer, never acted on"
        ),
    )
    ordinals: list[str] = Field(
        default_factory=list,
        description=(
            'opening a part, the number of a thing the customer counts out in words ("First, '
            '…", "Secondly, …"): the pieces from it to the next request read as one request, '
            "asked in its own right even when the message names that request elsewhere"
        ),
    )


class NumeralWords(_Strict):
    """Numbers said in words, written in digits where a measure follows them: "eight gigs",
    "thirty-four inch", "two thousand pieces" read as "8 gigs", "34 inch", "2000 pieces"."""

    values: dict[str, int] = Field(
        default_factory=dict, description="a number word and its value: {eight: 8, thirty: 30}"
    )
    multipliers: dict[str, int] = Field(
        default_factory=dict,
        description="a word that multiplies what comes before it: {hundred: 100, thousand: 1000}",
    )
    joiners: list[str] = Field(
        default_factory=list, description='a word inside a number: "five hundred and fifty"'
    )
    before: list[str] = Field(
        default_factory=list,
        description="the measures after which a number said in words is written in digits "
        '("inch", "pieces", "gigs"): elsewhere ("the two orders", "that one") it stays a word',
    )


class VocabularyFile(_Strict):
    """``vocabulary.yaml``: the words of the workspace's language that generic rules read."""

    evidence: EvidenceWords = EvidenceWords()
    resolvers: ResolverWords = ResolverWords()
    identity: IdentityWords = IdentityWords()
    amounts: AmountWords = AmountWords()
    dates: DateWords = DateWords()
    categories: dict[str, CategoryWords] = Field(
        default_factory=dict,
        description=(
            "a category of messages a person must handle (bereavement, legal_threat…) and the "
            "words that say a message is one"
        ),
    )
    dialogue: DialogueWords = DialogueWords()
    requests: RequestWords = RequestWords()
    scales: ScaleWords = ScaleWords()
    aliases: AliasWords = AliasWords()
    choices: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict,
        description=(
            "a slot kind whose value is one of a few: kind → value → the phrases that say it "
            '(cancel_reason: {"ordered by mistake": [mistake, by accident]})'
        ),
    )
    records: dict[str, RecordIdWords] = Field(
        default_factory=dict,
        description="an entity type (booking_id) and how customers write that record's ids",
    )
    spellings: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "words as customers type them quickly → as the workspace's words are written, read "
            'so before anything else (dont → "don\'t", "id like" → "i\'d like")'
        ),
    )
    numerals: NumeralWords = Field(
        default_factory=NumeralWords,
        description="numbers said in words, read in digits before a measure (after spellings)",
    )
    # The language's words, added to the engine's lexicon (``workspace_lexicon``). Left out of
    # the business's own texts (``model_dump``): an insult is no word a slip of the keyboard
    # should be read as, nor an ordinary word of the business.
    spam: SpamWords = Field(
        default_factory=SpamWords,
        exclude=True,
        description="words of spam and abuse, added to the language's (docs/workspace.md)",
    )
    sentiment: SentimentWords = Field(
        default_factory=SentimentWords,
        exclude=True,
        description="words of sentiment and urgency, added to the language's",
    )
