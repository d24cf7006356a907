"""The span tagger: which words of a message say a slot kind's value, learned from the
workspace's marked examples ("refund it [to my paypal](payment_method)").

A linear-chain CRF (python-crfsuite, as Rasa's CRF entity extractor) over each word, its
neighbours, its shape, the entities understanding found on it (a product of the catalogue, an
order id) and the workspace's choice phrases it lies in or its clause holds. So a marked
example teaches a way of saying a kind, not one sentence: what it learns from "put the
difference [on my visa](payment_method)" is the words around the span and the kind of words
in it, which "charge the rest on my mastercard" shares.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from deskpilot.domain import Entity
from deskpilot.workspace import MarkedText, phrases

_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# A span is kept when the tagger is at least this sure of each of its words on average, and
# the value its examples taught for it only when it is surer still.
_SURE = 0.5
_SURE_OF_VALUE = 0.8
# A span says one thing: it does not run across the end of a sentence or a bracket.
_BOUNDS = frozenset(".!?;()[]")
# Where a clause ends, for the features: its first and last words often bound a span.
_CLAUSE_ENDS = frozenset(".!?;:,-()")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit():
        return "digits"
    if word.isalpha():
        if word.isupper() and len(word) > 1:
            return "upper"
        return "title" if word[0].isupper() else "word"  # a name is often written so
    if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
        return "mixed"
    return "punct" if not any(c.isalnum() for c in word) else "other"


class _Features:
    """The features of each word of a text."""

    def __init__(self, choices: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        self._choices = [
            (f"{kind}={value}", re.compile(phrases(said), re.I))
            for kind, values in choices.items()
            for value, said in values.items()
            if said
        ]

    def __call__(
        self, text: str, tokens: Sequence[_Token], entities: Sequence[Entity]
    ) -> list[list[str]]:
        words = [t.text.lower() for t in tokens]
        tags = self._tags(text, tokens, entities)
        held = _clause_choices(words, tags)
        out: list[list[str]] = []
        for i in range(len(words)):
            f = _word_features(words, i, tokens[i].text)
            f.extend(sorted(tags[i]))
            f.extend(f"clause:{tag}" for tag in sorted(held[i]))
            if i > 0:
                f.extend(f"{tag}@-1" for tag in sorted(tags[i - 1]))
            out.append(f)
        return out

    def _tags(
        self, text: str, tokens: Sequence[_Token], entities: Sequence[Entity]
    ) -> list[set[str]]:
        """Per word, the entity types found on it and the choice phrases it lies in."""
        tags: list[set[str]] = [set() for _ in tokens]
        spans = [(f"ent={e.type}", e.start, e.end) for e in entities if e.start >= 0]
        spans += [
            (f"choice={name}", m.start(), m.end())
            for name, pattern in self._choices
            for m in pattern.finditer(text)
        ]
        for tag, start, end in spans:
            for i, t in enumerate(tokens):
                if t.start < end and start < t.end:
                    tags[i].add(tag)
        return tags


def _clause_choices(words: Sequence[str], tags: Sequence[set[str]]) -> list[set[str]]:
    """Per word, the choice phrases its clause holds: a phrase that says a value speaks for the
    clause around it."""
    held: list[set[str]] = []
    start = 0
    for i in range(len(words) + 1):
        if i == len(words) or words[i] in _CLAUSE_ENDS:
            found = {t for j in range(start, i) for t in tags[j] if t.startswith("choice=")}
            held.extend([found] * (i - start))
            if i < len(words):
                held.append(set())
            start = i + 1
    return held


def _word_features(words: Sequence[str], i: int, raw: str) -> list[str]:
    """The word itself, its shape and affixes, where it stands in its clause, its neighbours."""
    word = words[i]
    f = ["bias", f"w={word}", f"suf3={word[-3:]}", f"pre4={word[:4]}", f"shape={_shape(raw)}"]
    if i == 0 or words[i - 1] in _CLAUSE_ENDS:
        f.append("clause_start")
    if i + 1 == len(words) or words[i + 1] in _CLAUSE_ENDS:
        f.append("clause_end")
    for d in (-3, -2, -1, 1, 2):
        j = i + d
        f.append(f"w{d:+d}={words[j]}" if 0 <= j < len(words) else f"w{d:+d}=<edge>")
    if i > 0:
        f.append(f"w-1|w={words[i - 1]}|{word}")
    if i + 1 < len(words):
        f.append(f"w|w+1={word}|{words[i + 1]}")
    return f


def _labels(example: MarkedText, tokens: Sequence[_Token]) -> list[str]:
    labels = ["O"] * len(tokens)
    for mark in example.marks:
        name = mark.kind if mark.value is None else f"{mark.kind}={mark.value}"
        inside = [i for i, t in enumerate(tokens) if mark.start <= t.start and t.end <= mark.end]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + name
    return labels


class SpanTagger:
    """Marks the words of a message that say a slot kind's value (``Entity``: type = the kind,
    value = the value the marked examples named, or None)."""

    def __init__(self, model: bytes | None, features: _Features) -> None:
        self._features = features
        self._lock = threading.Lock()
        self._tagger = None
        if model is not None:
            import pycrfsuite

            self._tagger = pycrfsuite.Tagger()
            # crfsuite reads the model from these bytes without copying them: they must live as
            # long as the tagger.
            self._model = model
            self._tagger.open_inmemory(model)

    @classmethod
    def train(
        cls,
        examples: Sequence[MarkedText],
        *,
        entities: Callable[[str], Sequence[Entity]] = lambda _text: (),
        choices: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    ) -> SpanTagger:
        """A tagger learned from ``examples``; ``entities`` finds what understanding finds in a
        text (its features), ``choices`` the workspace's choice phrases."""
        features = _Features(choices or {})
        if not any(e.marks for e in examples):
            return cls(None, features)
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for example in examples:
            tokens = _tokens(example.text)
            found = entities(example.text)
            trainer.append(features(example.text, tokens, found), _labels(example, tokens))
        trainer.set_params(
            {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
        )
        handle, path = tempfile.mkstemp(suffix=".crfsuite")
        os.close(handle)
        try:
            trainer.train(path)
            with open(path, "rb") as f:
                model = f.read()
        finally:
            os.unlink(path)
        return cls(model, features)

    def tag(self, text: str, entities: Sequence[Entity] = ()) -> tuple[Entity, ...]:
        """The spans of ``text`` that say a kind's value, in order."""
        tokens = _tokens(text)
        if self._tagger is None or not tokens:
            return ()
        xseq = self._features(text, tokens, entities)
        with self._lock:
            labels = self._tagger.tag(xseq)
            sure = [self._tagger.marginal(label, i) for i, label in enumerate(labels)]
        return tuple(_spans(text, tokens, labels, sure))


def _spans(
    text: str, tokens: Sequence[_Token], labels: Sequence[str], sure: Sequence[float]
) -> list[Entity]:
    out: list[Entity] = []
    i = 0
    while i < len(labels):
        if labels[i] == "O":
            i += 1
            continue
        name = labels[i][2:]
        j = i + 1
        while j < len(labels) and labels[j] == f"I-{name}" and tokens[j].text not in _BOUNDS:
            j += 1
        if tokens[i].text in _BOUNDS:
            i = j
            continue
        mean = sum(sure[i:j]) / (j - i)
        if mean >= _SURE:
            kind, _, value = name.partition("=")
            value = value if mean >= _SURE_OF_VALUE else ""
            start, end = tokens[i].start, tokens[j - 1].end
            out.append(
                Entity(type=kind, value=value or None, text=text[start:end], start=start, end=end)
            )
        i = j
    return out
