"""The understanding stage assembled from the NLU components.

``NluUnderstander`` fills one ``Understanding`` per message: ranked intents from an intent
classifier (with several requests in one message flagged as ``intent:<name>``), entities from
patterns and the catalogue, the words that say a slot kind's value (the span tagger, trained on
the workspace's marked examples), sentiment and urgency, language, spam / abuse / gibberish, and
the never-automate categories.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, cast

from deskpilot.domain import Entity, IntentScore, Understanding, utcnow
from deskpilot.nlu._numerals import Numerals
from deskpilot.nlu._protocols import IntentClassifier
from deskpilot.nlu._segments import Segmenter, listed
from deskpilot.nlu._slips import Slips
from deskpilot.nlu._tagger import SpanTagger
from deskpilot.nlu._typed import TypedForms
from deskpilot.nlu.categories import CategoryDetector, CueCategoryDetector
from deskpilot.nlu.entities import (
    NO_ENTITY_FORMS,
    ChainedEntityExtractor,
    EntityExtractor,
    EntityForms,
    ExtractionContext,
    PatternEntityExtractor,
    PatternExtractorConfig,
    RecordIdFinder,
    entity_forms,
    record_finders,
)
from deskpilot.nlu.language import LanguageConfig, LinguaLanguageDetector
from deskpilot.nlu.sentiment import VaderSentimentAnalyzer
from deskpilot.nlu.spam import HeuristicSpamDetector
from deskpilot.workspace import Lexicon, MarkedText, RequestWords, Workspace, phrases

# How many texts' readings a scorer keeps: the last ones read, enough for a message's whole, its
# parts and the halves tried when a message typed without punctuation is cut, not a store of
# every message (nor of a benchmark's whole script, which would then measure a memory rather
# than the classifier) ...
_REMEMBERED = 16
# ... and, apart, short answers of up to so many words, which customers write word for word in
# conversation after conversation ("thanks", "yes please", "no"), so many of them.
_SHORT_WORDS = 3
_SHORT_REMEMBERED = 256


class _Readings:
    """The classifier's readings of the texts read last, by text, the one read least recently
    dropped past ``size``; shared by the server's threads (a lock around each change)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._by_text: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, text: str) -> bool:
        return text in self._by_text

    def get(self, text: str) -> Any | None:
        """The reading of ``text``, or None when it is not remembered."""
        with self._lock:
            found = self._by_text.get(text)
            if found is not None:
                self._by_text.move_to_end(text)
            return found

    def add(self, text: str, reading: Any) -> None:
        """Remember ``reading`` as ``text``'s, forgetting the least recently read past the size."""
        with self._lock:
            self._by_text[text] = reading
            self._by_text.move_to_end(text)
            while len(self._by_text) > self._size:
                self._by_text.popitem(last=False)


class IntentScorer(Protocol):
    """Ranks intents for one text with calibrated confidences."""

    def __call__(self, text: str) -> Sequence[IntentScore]:
        """The intents, best first."""
        ...


class ClassifierIntentScorer:
    """Intents from a trained classifier (``deskpilot.nlu.intents``), ids and emails left out."""

    def __init__(
        self,
        classifier: IntentClassifier,
        records: Sequence[RecordIdFinder] = (),
        forms: EntityForms = NO_ENTITY_FORMS,
    ) -> None:
        self.classifier = classifier
        # The readings of the texts classified last, by text: a message is read whole, then
        # in its parts, then whole again for its out-of-scope verdict (one text remembered
        # read it twice); and of short answers, which come back in conversation after
        # conversation. The model is fixed (a workspace loaded anew trains or loads a new
        # scorer), so a text reads the same every time.
        self._read = _Readings(_REMEMBERED)
        self._short = _Readings(_SHORT_REMEMBERED)
        # ... and by what the classifier reads of them (``reading_key``: for TF-IDF, the words
        # with ids and emails blanked out): "where is order #W1 ?" and "where is order #W2 ?"
        # read alike, one reading for both. As many as by text; none when the classifier
        # cannot tell which texts it reads alike.
        self._key = getattr(classifier, "reading_key", None)
        self._alike = _Readings(_REMEMBERED)
        # Ids, emails and zip codes say nothing of the intent: they are blanked out.
        only_ids = PatternExtractorConfig(types=("email", "phone", "zip"))
        self._ids = PatternEntityExtractor(only_ids, records, forms)

    @classmethod
    def train(
        cls, workspace: Workspace, name: str, cache_dir: Path | None
    ) -> ClassifierIntentScorer:
        """Train on the workspace's intent examples (or load the cached model)."""
        from deskpilot.nlu.intents import train_classifier

        texts = [e for intent in workspace.intents for e in intent.examples]
        labels = [intent.name for intent in workspace.intents for _ in intent.examples]
        trained = train_classifier(texts, labels, name=name, cache_dir=cache_dir)
        words = workspace.vocabulary
        return cls(trained.classifier, record_finders(words.records), entity_forms(words))

    def _classify(self, text: str) -> Any:
        # The ranking and the out-of-scope verdict of one message come from one call.
        result = self._remembered(text)
        if result is not None:
            return result
        cleaned = self._cleaned(text)
        key = None if self._key is None else self._key(cleaned)
        result = None if key is None else self._alike.get(key)
        if result is None:
            classify = getattr(self.classifier, "classify", None)
            if classify is None:
                result = self.classifier.predict([cleaned])[0]
            else:
                result = classify([cleaned])[0]
            if key is not None:
                self._alike.add(key, result)
        self._remember(text, result)
        return result

    def _remembered(self, text: str) -> Any | None:
        found = self._read.get(text)
        return found if found is not None else self._short.get(text)

    def _remember(self, text: str, reading: Any) -> None:
        self._read.add(text, reading)
        if len(text.split()) <= _SHORT_WORDS:
            self._short.add(text, reading)

    def read_together(self, texts: Sequence[str]) -> None:
        """Read the ``texts`` not read yet (a message and its parts) in one call to the
        classifier, which costs little more than reading one (the calls' fixed work: thread
        limits, calibration, the out-of-scope verdict), when the classifier reads each text of a
        call as it would alone; the readings are then taken as each text is asked for."""
        classify = getattr(self.classifier, "classify", None)
        if classify is None or not getattr(self.classifier, "reads_each_alone", False):
            return
        remembered = self._read, self._short
        unread = [t for t in dict.fromkeys(texts) if not any(t in r for r in remembered)]
        unread = unread[:_REMEMBERED]
        if len(unread) < 2:
            return  # one text is read as it is asked for
        cleaned = {t: self._cleaned(t) for t in unread}
        if self._key is None:
            results = classify(list(cleaned.values()))
            for text, result in zip(unread, results, strict=True):
                self._remember(text, result)
            return
        # One reading per key: of the texts read alike, the first one's is every one's.
        keys = {t: self._key(c) for t, c in cleaned.items()}
        readings = {k: self._alike.get(k) for k in dict.fromkeys(keys.values())}
        new = [k for k, reading in readings.items() if reading is None]
        first = {k: cleaned[t] for t, k in reversed(keys.items())}
        if new:
            for k, result in zip(new, classify([first[k] for k in new]), strict=True):
                readings[k] = result
                self._alike.add(k, result)
        for text in unread:
            self._remember(text, readings[keys[text]])

    def _cleaned(self, text: str) -> str:
        """The text with ids, emails and zip codes blanked out."""
        chars = list(text)
        for entity in self._ids.extract(text):
            for i in range(max(entity.start, 0), min(entity.end, len(chars))):
                chars[i] = " "
        return "".join(chars)

    def __call__(self, text: str) -> Sequence[IntentScore]:
        """The intents of ``text``, best first, with calibrated confidences."""
        result = self._classify(text)
        return list(result) if isinstance(result, list) else list(result.intents)

    def out_of_scope(self, text: str, _intents: Sequence[IntentScore]) -> bool:
        """The classifier's out-of-scope verdict for ``text``."""
        result = self._classify(text)
        return bool(getattr(result, "out_of_scope", False))


# After a cue (and its link: "is", "'s"), the detail it says: an email, a number (a zip), or a
# name written with a capital.
_DETAIL = r"\s*[:\-–]?\s*(?=[^\s@]+@[^\s@]+\.|\d|(?-i:[A-Z]))"


class _WhoLeftOut:
    """An intent scorer reading every text with the words that say which detail of who the
    customer is follows ("my email address is", "zip code": ``identity.cues``) blanked, where
    that detail follows them: "… My email address is a@b.com, and I would be grateful if any
    extra cost could go on my gift card" asks for no address change."""

    def __init__(self, scorer: IntentScorer, cues: Sequence[str], links: Sequence[str]) -> None:
        self.scorer = scorer
        link = rf"(?:\s*{phrases(links)})?" if links else ""
        self._cues = re.compile(rf"{phrases(cues)}{link}{_DETAIL}", re.I) if cues else None

    def left_out(self, text: str) -> str:
        """``text`` with each cue before a detail of who the customer is blanked."""
        if self._cues is None:
            return text
        return self._cues.sub(lambda m: " " * len(m.group(0)), text)

    def __call__(self, text: str) -> Sequence[IntentScore]:
        """The intents of ``text`` read without its cues of who the customer is — unless
        that reading is surer than the text's own: leaving them out may take away a reading
        they pulled the text to, never make one sure enough to lead that was not (a long
        brief of several requests read at 0.28 must not become an item change at 0.36)."""
        left = self.left_out(text)
        if left == text:
            return self.scorer(text)
        without, whole = self.scorer(left), self.scorer(text)
        if without and whole and without[0].confidence > whole[0].confidence:
            return whole
        return without

    def read_together(self, texts: Sequence[str]) -> None:
        """The scorer's reading of several texts in one call, when it has one."""
        together = getattr(self.scorer, "read_together", None)
        if together is not None:
            together([*texts, *(self.left_out(t) for t in texts)])


class NluUnderstander:
    """Runs every understanding component over a message."""

    def __init__(
        self,
        score_intents: IntentScorer,
        *,
        languages: Sequence[str] = ("en",),
        records: Sequence[RecordIdFinder] = (),
        extractors: Sequence[EntityExtractor] = (),
        review_threshold: float = 0.45,
        part_threshold: float = 0.75,
        oos: Callable[[str, Sequence[IntentScore]], bool] | None = None,
        requests: RequestWords | None = None,
        marked: Sequence[MarkedText] = (),
        choices: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
        clock: Callable[[], datetime] | None = None,
        spellings: Mapping[str, str] | None = None,
        slips: Slips | None = None,
        numerals: Numerals | None = None,
        identity_cues: Sequence[str] = (),
        identity_links: Sequence[str] = (),
        forms: EntityForms = NO_ENTITY_FORMS,
        questions: Sequence[str] = (),
        categories: CategoryDetector | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        # The intents that only ask something (a flow with no action): a part that asks only by
        # naming a thing before a colon ("2. the kettle I bought for my mum: glass, 1 liter")
        # says how that thing ought to be, never one of these questions.
        self.questions = frozenset(questions)
        # The business's clock: "tomorrow", "next Friday", "the 18th" are counted from its day
        # (its local date, in its UTC offset); without one, from the real time.
        self.clock = clock
        # Every reader sees one spelling: "dont" as "don't", "birghter" as "brighter",
        # "#w1234567" as "#W1234567".
        self.typed = TypedForms(spellings or {}, records, slips, numerals)
        # The patterns (with the workspace's record ids), then the domain pack's extractors.
        patterns = PatternEntityExtractor(None, records, forms)
        self.entities = ChainedEntityExtractor([patterns, *extractors])
        # "My email address is …" says who the customer is, not what they ask: such a cue and
        # the detail after it are read as blanks, whatever text a request is read in.
        self.score_intents = _WhoLeftOut(score_intents, identity_cues, identity_links)
        # Spam, abuse and sentiment, by the language's words (none without them).
        lexicon = lexicon or Lexicon()
        self.sentiment = VaderSentimentAnalyzer(lexicon.sentiment)
        self.spam = HeuristicSpamDetector(lexicon.spam)
        # The never-automate categories, by the workspace's cues (none without them).
        self.categories = categories or CueCategoryDetector()
        self.language = LinguaLanguageDetector(
            LanguageConfig(languages=list(languages), default=languages[0])
        )
        self.review_threshold = review_threshold
        self.part_threshold = part_threshold
        self.oos = oos
        # Without the workspace's words a message is cut at sentences only.
        self.segmenter = Segmenter(requests or RequestWords())
        # Where a slot kind's words are, learned from the workspace's marked examples.
        self.tagger = SpanTagger.train(marked, entities=self.entities.extract, choices=choices)
        # Whole readings of short answers ("thanks", "yes please", "no"), which come back word
        # for word in conversation after conversation: a reading depends on the text and on
        # the day it is read on alone ("tomorrow" is another date tomorrow), so it is kept by
        # both; a workspace loaded anew builds a new understander, with nothing kept.
        self._short_readings = _Readings(_SHORT_REMEMBERED)

    def _corrected(self, text: str, marks: Sequence[Entity]) -> IntentScore | None:
        """The request the customer settled on when they corrected themselves mid-message;
        None when what follows the correction asks for nothing ("…, or rather PayPal") or
        takes back a value said just before it for one said after it (``_value_corrected``):
        such a correction changes a detail, not which request it is."""
        tail = self.segmenter.corrected(text)
        if not tail or not self.segmenter.asks(tail):
            return None
        if _value_corrected(text, self.segmenter.correction(text), marks):
            return None
        ranked = self.score_intents(tail)
        if ranked and ranked[0].confidence >= self.review_threshold:
            return ranked[0]
        return None

    def _clause_request(self, piece: str) -> str:
        """The request a part asks after naming its topic ("And the order with the laptop and
        the gaming mouse, I want to pay that with PayPal"), read in the asking words alone
        when the topic's names pull the whole part's reading below sure; "" when there is
        none or it is not sure either."""
        clause = self.segmenter.clause(piece)
        if clause is None:
            return ""
        ranked = self.score_intents(clause)
        if ranked and ranked[0].confidence >= self.part_threshold:
            return ranked[0].name
        return ""

    def _wish_request(self, piece: str) -> str:
        """The request a part asks only by a wish after a comma, read in the words from the
        wish on when its story pulls the whole part's reading below sure ("The bluetooth
        speaker which arrive to me, the sound is not good for my ears, I want to give it back
        and have the money again on my PayPal"); "" when there is none or it is not sure
        either."""
        wished = self.segmenter.wished(piece)
        if wished is None:
            return ""
        ranked = self.score_intents(wished)
        if ranked and ranked[0].confidence >= self.part_threshold:
            return ranked[0].name
        return ""

    def _wish_agrees(self, piece: str, name: str) -> bool:
        """Whether a part that asks only by a wish after a comma asks, in the words from the
        wish on, the request the whole part was read as (at least between the bands): "the
        camera I got, its 20MP, I want the 30MP one" is the exchange it reads as; in "the hose
        doesn't reach the yard, I want the longest one" the story reads as a return the wish
        does not ask for."""
        wished = self.segmenter.wished(piece)
        if wished is None:
            return True
        ranked = self.score_intents(wished)
        return (
            bool(ranked)
            and ranked[0].name == name
            and ranked[0].confidence >= self.review_threshold
        )

    def _courtesy_agrees(self, piece: str, name: str, intents: Sequence[IntentScore]) -> bool:
        """Whether a part that asks by a word of courtesy alone asks for a request of its own:
        only the one the whole message is read as surely ("… the boots are too big: a size
        smaller please"). "… can i exchange it? black or stainless steel, whichever is cheaper,
        still homekit pls", read alone as an order-status question, says how the exchange's
        item ought to be: a "please" asks nothing new."""
        if not self.segmenter.asks_only_politely(piece):
            return True
        whole = intents[0] if intents else None
        return whole is None or whole.confidence < self.part_threshold or whole.name == name

    def _runs(
        self, parts: list[tuple[str, str]], intents: Sequence[IntentScore] = ()
    ) -> list[tuple[str, str]]:
        """``parts`` where a run of pieces, none sure on its own, reads as one request together
        ("… and the hose is a 25ft green one. I want vinyl instead, same length."): each piece
        of the run is that request's, when it is another than those named."""
        named = {name for name, _ in parts if name}
        out = list(parts)
        start = 0
        while start < len(out):
            if out[start][0]:
                start += 1
                continue
            end = start
            while end < len(out) and not out[end][0]:
                end += 1
            if self._counted_run(out, start, end, intents):
                start = end
                continue
            stop = end
            if start == 0:
                # Before any request, a run reads as one of its own only when a request follows
                # it, and without its last piece, which says what that request is about ("Two
                # changes. The bottle in my pending order: make it steel. And the chair I
                # received: exchange it …").
                stop = end - 1 if end < len(out) else start
                if stop > start:
                    out[stop] = self._asking_topic(out[start:end], named)
            if stop - start >= 2:
                run = " ".join(piece for _, piece in out[start:stop])
                ranked = self.score_intents(run)
                sure = bool(ranked) and ranked[0].confidence >= self.part_threshold
                asks = any(
                    self.segmenter.asks(piece)
                    and self._courtesy_agrees(piece, ranked[0].name, intents)
                    for _, piece in out[start:stop]
                )
                if sure and ranked[0].name not in named and asks:
                    out[start:stop] = [(ranked[0].name, piece) for _, piece in out[start:stop]]
            start = end
        return out

    def _counted_run(
        self,
        out: list[tuple[str, str]],
        start: int,
        end: int,
        intents: Sequence[IntentScore],
    ) -> bool:
        """Name the pieces of ``out[start:end]`` (none a request) from the first that opens
        with a number counted out in words to the end of the run ("First, the professional
        makeup kit I received is Brand A for light skin; you want the Brand C one instead.
        Second, …"), when they read together surely as one request and ask for it, or likely
        (the review band) as the request the whole message is sure of: a thing
        the customer counted out is asked in its own right, even of a kind already named."""
        first = next((i for i in range(start, end) if self.segmenter.counted(out[i][1])), None)
        if first is None or end - first < 2:
            return False
        pieces = [piece for _, piece in out[first:end]]
        ranked = self.score_intents(" ".join(pieces))
        if not ranked:
            return False
        name = ranked[0].name
        # Surely, or likely (the review band) as the request the whole message is sure of
        # ("You have two exchanges to make. First, … Second, …").
        whole = intents[0] if intents else None
        agrees = (
            whole is not None
            and whole.name == name
            and whole.confidence >= self.part_threshold
            and ranked[0].confidence >= self.review_threshold
        )
        asks = any(
            self.segmenter.asks(piece) and self._courtesy_agrees(piece, name, intents)
            for piece in pieces
        )
        if not agrees and (ranked[0].confidence < self.part_threshold or not asks):
            return False
        out[first:end] = [(name, piece) for piece in pieces]
        return True

    def _asking_topic(self, run: list[tuple[str, str]], named: set[str]) -> tuple[str, str]:
        """The last piece of ``run``, pieces before the first request of which it is the
        topic, named as a request of its own when it asks itself and the run is sure of one
        other than those ``named`` ("… but I'm home now - please ship it to my home address.
        Also I want to return …"); the pieces before it stay every request's."""
        name, piece = run[-1]
        if name or not self.segmenter.asks(piece):
            return run[-1]
        ranked = self.score_intents(" ".join(p for _, p in run))
        if ranked and ranked[0].confidence >= self.part_threshold and ranked[0].name not in named:
            return ranked[0].name, piece
        return run[-1]

    def _trailing(self, parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """``parts`` where a piece asking nothing of its own, joined to a request's piece right
        before it ("… I want a silver frame. And the action camera there should be the 5K
        one"), is that request's, when the message holds other requests: what it says goes
        on with the one it follows, not with every request of the message."""
        if len({name for name, _ in parts if name}) < 2:
            return parts
        out = list(parts)
        for i in range(1, len(out)):
            name, piece = out[i]
            before = out[i - 1][0]
            if (
                not name
                and before
                and self.segmenter.joined(piece)
                and not self.segmenter.asks(piece)
            ):
                out[i] = (before, piece)
        return out

    def understand(self, text: str, context: Any) -> Understanding:
        """Analyse ``text``, read in the spelling the workspace's words are written in."""
        now = ExtractionContext(now=self.clock() if self.clock is not None else utcnow())
        if len(text.split()) > _SHORT_WORDS:
            return self._understand(text, now)
        key = f"{now.now.date().isoformat()} {text}"
        found = self._short_readings.get(key)
        if found is None:
            found = self._understand(text, now)
            self._short_readings.add(key, found)
        return cast(Understanding, found)

    def _understand(self, text: str, now: ExtractionContext) -> Understanding:
        text = self.typed(text)
        pieces = self.segmenter.segments(text)
        read_together = getattr(self.score_intents, "read_together", None)
        if read_together is not None and len(pieces) > 1:
            read_together([text, *pieces])  # the whole and each part are read below
        intents = tuple(self.score_intents(text))
        entities: list[Entity] = list(self.entities.extract(text, now))
        marks = self.tagger.tag(text, entities)
        corrected = self._corrected(text, marks)
        if corrected is not None:
            intents = (corrected, *(i for i in intents if i.name != corrected.name))
        flags: list[str] = []
        parts: list[tuple[str, str]] = []
        likely: tuple[tuple[str, str], ...] = ()
        unasked: tuple[tuple[str, str], ...] = ()
        if self.segmenter.unpunctuated(text):
            kept = _kept_whole(text, entities)
            pieces = [
                cut for piece, at in _placed(text, pieces) for cut in self._cut(piece, at, kept)
            ]
        if len(pieces) > 1:
            top = intents[0].name if intents else None
            asking = _asking(text, pieces, self.segmenter)
            for piece, asks in zip(pieces, asking, strict=True):
                ranked = self.score_intents(piece)
                # Only a confidently recognised part is a request of its own; the rest stays
                # with the message's main request.
                sure = (
                    bool(ranked)
                    and ranked[0].confidence >= self.part_threshold
                    and asks
                    and self._wish_agrees(piece, ranked[0].name)
                    and self._courtesy_agrees(piece, ranked[0].name, intents)
                    and not (
                        ranked[0].name in self.questions
                        and self.segmenter.asks_only_by_topic(piece)
                    )
                )
                name = ranked[0].name if sure else ""
                if not name:
                    name = self._clause_request(piece) or self._wish_request(piece)
                parts.append((name, piece))
            parts = _going_on(text, parts, self.segmenter.points_back)
            parts = self._runs(parts, intents)
            parts = _led_in(text, parts, self.segmenter.anew)
            parts = self._trailing(parts)
            # The whole message's reading leads only when it is sure enough to be read as asked;
            # otherwise every part recognised on its own is a request of its own.
            leads = bool(intents) and intents[0].confidence >= self.review_threshold
            for name, _ in parts:
                if name and (name != top or not leads) and f"intent:{name}" not in flags:
                    flags.append(f"intent:{name}")
            likely = self._likely(parts)
            unasked = self._unasked(text, parts, likely)
        mood = self.sentiment.analyze(text)
        spam = self.spam.check(text)
        out_of_scope = (
            self.oos(self.score_intents.left_out(text), intents)
            if self.oos is not None
            else not intents
        )
        return Understanding(
            text=text,
            language=self.language.detect(text),
            intents=intents[:5],
            out_of_scope=out_of_scope,
            entities=tuple(entities),
            sentiment=mood.sentiment,
            urgency=mood.urgency,
            spam=spam.spam,
            abuse=spam.abuse,
            gibberish=spam.gibberish,
            categories=self.categories.detect(text),
            flags=(*flags, *sorted(mood.flags)),
            parts=tuple(parts),
            marks=marks,
            likely=likely,
            unasked=unasked,
        )

    def _cut(self, piece: str, at: int, kept: Sequence[tuple[int, int]]) -> list[str]:
        """``piece`` (at ``at`` in the message) cut where a request opens inside it, as a
        message typed without full stops or capitals runs its requests together ("cancel
        order #W1234567 i don't need it anymore i want to return the lamp"): at the opening
        whose two halves both read surely, and better than the piece read whole, the first
        half asking for something of its own; never inside an entity or an address
        (``kept``). Each half is cut again the same way."""
        whole = self.score_intents(piece)
        best: tuple[bool, float, int] | None = None
        for cut, at_record in self.segmenter.openings(piece):
            place = at + cut
            if any(start < place < end for start, end in kept):
                continue
            head, tail = piece[:cut].rstrip(), piece[cut:]
            if min(len(head.split()), len(tail.split())) < _HALF_WORDS:
                continue
            if not self.segmenter.asks(head):
                continue
            first, second = self.score_intents(head), self.score_intents(tail)
            if not first or not second:
                continue
            if not all(
                _reads_better(half[0], whole, self.part_threshold) for half in (first, second)
            ):
                continue
            # two halves of one request are two requests only when the second opens at the
            # record it is about ("… same otherwise and for #W3135192 exchange the kettle")
            if first[0].name == second[0].name and not at_record:
                continue
            # a cut at a record keeps it with its request ("… how much will i get back | and
            # for #W2702727 i'm moving ship it to …"); then the surest weaker half
            low = min(first[0].confidence, second[0].confidence)
            if best is None or (at_record, low) > best[:2]:
                best = (at_record, low, cut)
        if best is None:
            return [piece]
        cut = best[2]
        head, tail = piece[:cut].rstrip(), piece[cut:]
        return self._cut(head, at, kept) + self._cut(tail, at + cut, kept)

    def _unasked(
        self, text: str, parts: list[tuple[str, str]], likely: tuple[tuple[str, str], ...]
    ) -> tuple[tuple[str, str], ...]:
        """The parts no request claimed, neither surely nor as likely, that say how a thing
        ought to be (``requests.wanted``) and read alone as a request at or above the review
        band ("(3) That same order must go to Dallas"): what the message may have asked for
        and the engine could not take up, each with its reading (intent, part). A thing of a
        list ("(4) The running shoes in it should be yellow, not black") is noted however it
        reads (with no intent below the band), with the words after it up to the next listed
        thing that no request claimed ("Same size. Mastercard for the difference.")."""
        seen = {piece for _, piece in likely}
        placed = _placed(text, [piece for _, piece in parts])
        out: list[tuple[str, str]] = []
        for i, (name, piece) in enumerate(parts):
            if name or piece in seen or not self.segmenter.wants(piece):
                continue
            listed_thing = listed(piece)
            if listed_thing:
                piece = self._listed_words(text, parts, placed, i)
            ranked = self.score_intents(piece)
            if ranked and ranked[0].confidence >= self.review_threshold:
                out.append((ranked[0].name, piece))
            elif listed_thing:
                out.append(("", piece))
        return tuple(out)

    @staticmethod
    def _listed_words(
        text: str,
        parts: list[tuple[str, str]],
        placed: list[tuple[str, int]],
        index: int,
    ) -> str:
        """The words of the listed thing opening part ``index``: that part and the parts after
        it that no request claimed, up to the next listed thing."""
        piece, start = placed[index]
        end = start + len(piece)
        for (name, after), (_, at) in zip(parts[index + 1 :], placed[index + 1 :], strict=True):
            if name or at < 0 or listed(after):
                break
            end = at + len(after)
        return text[start:end] if start >= 0 else piece

    def _likely(self, parts: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """The parts that ask for something, each with the request it was read as between the
        bands (at or above review, below sure), best first: "Can I get the
        exact same one as a replacement?" among a story and who the customer is. A part that
        names its topic first is read in its asking words ("…the garden hose doesn't reach the
        back of the yard, I want the longest one you have")."""
        read: list[tuple[float, str, str]] = []
        for name, piece in parts:
            if name:
                continue  # read surely: a request (or a detail) of its own
            # a part asking only by a wish after a comma is read from the wish, as a topic
            # named first is read in its asking words
            wished = self.segmenter.wished(piece)
            if self.segmenter.asks(piece) and wished is None:
                asking: str | None = piece
            else:
                asking = self.segmenter.clause(piece) or wished
            if asking is None:
                continue
            ranked = self.score_intents(asking)
            if ranked and self.review_threshold <= ranked[0].confidence < self.part_threshold:
                read.append((ranked[0].confidence, ranked[0].name, piece))
        read.sort(key=lambda r: -r[0])
        return tuple((name, piece) for _, name, piece in read)


def _reads_better(half: IntentScore, whole: Sequence[IntentScore], sure: float) -> bool:
    """Whether a half cut from a piece reads better than the whole piece: surely, and as the
    request the whole is read as, or more surely than the whole reads the half's request (the
    whole "… refund to paypal what colours does the chair come in" is a return at 1.0 and a
    product question at 0.00; its second half is that question at 0.99)."""
    if half.confidence < sure:
        return False
    if not whole or half.name == whole[0].name:
        return True
    return half.confidence > next((w.confidence for w in whole if w.name == half.name), 0.0)


def _placed(text: str, pieces: Sequence[str]) -> list[tuple[str, int]]:
    """Each piece of ``text`` with where it starts in it (-1 when it is not found)."""
    placed: list[tuple[str, int]] = []
    end = 0
    for piece in pieces:
        at = text.find(piece, end)
        placed.append((piece, at))
        end = at + len(piece) if at >= 0 else end
    return placed


# The fewest words a half cut from a piece holds: the classifier reads two words ("make it",
# "return it") surely of anything.
_HALF_WORDS = 3

# a street address: a house number, then words up to a zip code found in the message
_HOUSE = re.compile(r"\b\d+\s+[^\W\d_]")


def _kept_whole(text: str, entities: Sequence[Entity]) -> list[tuple[int, int]]:
    """The stretches of ``text`` a request never opens inside: every entity (an order number,
    an email, a product's description …) and a street address, from its house number to its
    zip code."""
    kept = [(e.start, e.end) for e in entities if 0 <= e.start < e.end]
    for zip_code in (e for e in entities if e.type == "zip" and e.start >= 0):
        before = text[max(zip_code.start - 60, 0) : zip_code.start]
        house = _HOUSE.search(before)
        if house is not None and _SENTENCE_END.search(before[house.start() :]) is None:
            kept.append((zip_code.start - len(before) + house.start(), zip_code.end))
    return kept


def _asking(text: str, pieces: Sequence[str], segmenter: Segmenter) -> list[bool]:
    """Whether each piece asks for something: by its own words, or as the second half of one
    sentence's request whose verb the piece before carries ("… so the same hose again please;
    and the smart watch for a black one with a silicone band"): a piece opening with a joiner,
    cut from an asking piece inside the same sentence, asks as that piece does."""
    asks = [segmenter.asks(piece) for piece in pieces]
    end = 0
    places: list[tuple[int, int] | None] = []
    for piece in pieces:
        at = text.find(piece, end)
        places.append((at, at + len(piece)) if at >= 0 else None)
        end = at + len(piece) if at >= 0 else end
    for i in range(1, len(pieces)):
        here, before = places[i], places[i - 1]
        if asks[i] or not asks[i - 1] or here is None or before is None:
            continue
        between = text[before[1] : here[0]]
        if re.search(r"[.!?\n]", between) is None and segmenter.joined(pieces[i]):
            asks[i] = True
    return asks


def _places(text: str, parts: Sequence[tuple[str, str]]) -> list[tuple[int, int] | None]:
    """Where each of ``parts`` stands in ``text`` (start, end), found in order; None for a
    piece not found as written."""
    end = 0
    places: list[tuple[int, int] | None] = []
    for _, piece in parts:
        at = text.find(piece, end)
        places.append((at, at + len(piece)) if at >= 0 else None)
        end = at + len(piece) if at >= 0 else end
    return places


def _going_on(
    text: str, parts: list[tuple[str, str]], points_back: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """``parts`` where a piece read as no request, cut from a request's piece inside the same
    sentence and opening with a verb whose object points back (``points_back``: "1) please
    take the payment off the gift card and | put it on my Mastercard"), is that request's:
    the second half of it, not the first words of the request after it."""
    out = list(parts)
    places = _places(text, parts)
    for i in range(1, len(out)):
        here, before = places[i], places[i - 1]
        name, piece = out[i]
        if name or not out[i - 1][0] or here is None or before is None:
            continue
        if _SENTENCE_END.search(text[before[1] : here[0]]) is None and points_back(piece):
            out[i] = (out[i - 1][0], piece)
    return out


def _led_in(
    text: str, parts: list[tuple[str, str]], anew: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """``parts`` where a piece that asks nothing leads into the request right after it in the
    same sentence and is read as that request's: "The e-reader I got has a stuck pixel - please
    exchange it" is the exchange's, not context for every request of the message. Not into a
    request said to start anew (``anew``: "…, and separately please switch the payment …"): the
    piece before it is another request's words, not its lead-in."""
    out: list[list[tuple[str, str]]] = [[part] for part in parts]
    places = _places(text, parts)
    for i in range(len(parts) - 1):
        here, there = places[i], places[i + 1]
        if parts[i][0] or not parts[i + 1][0] or here is None or there is None:
            continue
        if anew(parts[i + 1][1]):
            continue
        between = text[here[1] : there[0]]
        # After a colon, only when no other request follows: "And the tablet I received:
        # exchange it …", not "Two things for my LA order: exchange …, and ship …".
        later = {name for name, _ in parts[i + 2 :] if name} - {parts[i + 1][0]}
        if re.search(r"[.!?\n]", between) is None and not (":" in between and later):
            # Only its last sentence leads in: "yes. oh, and please | cancel …" keeps its yes.
            piece = parts[i][1]
            ends = list(re.finditer(r"[.!?]+\s+", piece))
            cut = ends[-1].end() if ends else 0
            head = piece[:cut].rstrip(" .!?")
            out[i] = [("", head)] if head else []
            out[i] += [(parts[i + 1][0], piece[cut:])]
    return [part for led in out for part in led]


# Where a sentence ends: a correction opening one takes back the sentence before it.
_SENTENCE_END = re.compile(r"[.;!?\n]+\s*")


def _value_corrected(text: str, at: tuple[int, int] | None, marks: Sequence[Entity]) -> bool:
    """Whether the correction standing at ``at`` takes back a value for another of its kind:
    the span tagger marked a slot kind's words in its sentence before it (in the sentence
    before, when it opens one) and the same kind's words after it ("Refund to my gift card -
    actually no, put it on PayPal"). Such a correction changes a detail of the request, not
    which request it is."""
    if at is None:
        return False
    start, end = at
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    opens = ends[-1] if ends else 0
    if not text[opens:start].strip(" ,-–—"):
        opens = ends[-2] if len(ends) > 1 else 0
    before = {m.type for m in marks if opens <= m.start and 0 <= m.end <= start}
    after = {m.type for m in marks if m.start >= end}
    return bool(before & after)
