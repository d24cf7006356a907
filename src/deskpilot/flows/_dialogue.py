"""How a message's words relate to what it names — negation, pointers, clauses — read in the
workspace's words (``vocabulary.yaml``, ``dialogue``: ``excluding``, ``pointing``,
``determiners``, ``list_joiners``, ``clause_joiners``, ``clause_openers``), so another language
changes that file, not this code. Without those words nothing is negated or a pointer, and a
message is cut into clauses at its sentences only."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Sequence

from deskpilot.workspace import SENTENCE_BREAK, DialogueWords, phrases

_SENTENCE = re.compile(r"[.;!?]+\s+|\s*\n\s*")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (a semicolon closes one too), without the marks that end them."""
    return _SENTENCE.split(text)


def sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds position ``at``, without the mark that ends it (all
    of ``text`` when ``at`` < 0)."""
    if at < 0:
        return text
    start = 0
    for end in _SENTENCE.finditer(text):
        if end.end() > at:
            return text[start : end.start()]
        start = end.end()
    return text[start:]


# An answer that picks a choice by its place is short: "the second one, please".
_SHORT_PICK = 5
# A word of a choice that can tell it from the others: one with a digit ("#W123", "1500"), or
# of three letters or more ("red", "Wall", "Clock").
_CHOICE_WORD = re.compile(r"[^\W_]+(?:[.'-][^\W_]+)*")
_CLAUSE_START = re.compile(r"[,.;:!?()]")


class Phrasing:
    """Negation, pointers and clauses, compiled once from one workspace's words."""

    def __init__(
        self,
        words: DialogueWords | None = None,
        corrections: Sequence[str] = (),
        things: Callable[[str], bool] | None = None,
    ) -> None:
        """``things`` tells whether words may name a thing a record holds (an entry of the
        catalogue, not only an option's value): a list after a pointing word points at a
        record only when its first member may ("my order with the kettle and the lamp", not
        "the keyboard but with clicky switches and the thermostat"). None: nothing tells,
        every such list points."""
        words = words or DialogueWords()
        self._things = things
        det = phrases(words.determiners)
        joiners = phrases(words.list_joiners)
        # "… no wait, I mean the other one": what follows replaces what came before.
        self._correction = re.compile(phrases(list(corrections)), re.I) if corrections else None
        item = r"[\w-]+(?:\s+[\w-]+){0,2}"
        self._negation = re.compile(
            rf"{phrases(words.excluding)}\s+(?:{det})?\s*(\w+\s+){{0,2}}$", re.I
        )
        # "not glass and 4ft tall": a word the negation names, then a list joiner
        self._negated_then_joined = re.compile(
            rf"{phrases(words.excluding)}\s+(?:{det})?\s*(?P<named>\w+)\s+{joiners}\s+$", re.I
        )
        # "Everything's fine except the headphones": what is excepted from keeping everything.
        self._excepted = re.compile(
            rf"{phrases(words.all_kept)}[\s,]+{phrases(words.excluding)}\s+(?:{det})?\s*"
            rf"(\w+\s+){{0,2}}$",
            re.I,
        )
        self._all_but = re.compile(
            rf"{phrases(words.all_kept)}[\s,]+{phrases(words.excluding)}\s", re.I
        )
        # What parts two members of one list (see ``list_heads``), and a later member of a list
        # excepted from what is kept: "everything's fine except the helmet and the ".
        members = phrases([*words.list_joiners, *words.list_alternatives])
        self._list_part = re.compile(_list_part(det, members), re.I)
        # A list is joined somewhere ("not the jeans, the belt or the shirt"); "not the helmet,
        # the fleece jacket" with none takes the first back and names the second instead.
        self._joiner = re.compile(rf"(?<!\w)(?:{members})(?!\w)", re.I)
        member = _list_member(det, members)
        self._joined_on = re.compile(rf"{member}(?:\s*,\s*{member})*\s*,?\s+(?:{members})\s", re.I)
        self._excepted_listed = re.compile(
            rf"{phrases(words.all_kept)}[\s,]+{phrases(words.excluding)}\s+"
            rf"(?:{_list_member(det, members)}{_list_part(det, members)})+$",
            re.I,
        )
        not_after = "".join(f"(?<!{re.escape(w)} )" for w in words.not_pointing_after)
        pointing = rf"{not_after}{phrases(words.pointing)}\s+(?:{det}\s+)?"
        listed = rf"(?:{item}\s*,\s*(?:{det}\s+)?){{1,8}}"
        # ``first``: the first member of a list it holds ("with *the kettle* and the lamp")
        self._pointer = re.compile(
            rf"{pointing}(?:((?P<first>([\w-]+\s+){{1,3}}){joiners}\s+(?:{det}\s+)?)?"
            rf"([\w-]+\s+){{0,2}}"
            # or the last of a list of what it holds, its items parted by commas and the last
            # by "and": "the kettle, backpack, desk lamp and " right before it
            rf"|(?P<listed>{listed}){item}\s*,?\s*{joiners}\s+(?:{det}\s+)?)$",
            re.I,
        )
        # A list member after commas only ("with the kettle, the backpack"): a member when the
        # list goes on after it, not the subject of an aside ("with the makeup kit, the hose
        # is green").
        self._pointer_listed = re.compile(rf"{pointing}(?P<listed>{listed})$", re.I)
        self._list_goes_on = re.compile(rf"^[\w\s-]{{0,30}}?(?:,|\s{joiners}\s)", re.I)
        # "the second one", "the latter": a place among the choices a question listed
        self._ordinals = [
            (place, re.compile(phrases(said), re.I))
            for place, said in words.ordinals.items()
            if said
        ]
        self._back = re.compile(phrases(words.back_pointers), re.I) if words.back_pointers else None
        together = words.together_pointers
        self._together = re.compile(phrases(together), re.I) if together else None
        self._excluding = re.compile(phrases(words.excluding), re.I)
        self._determiner = re.compile(det, re.I) if words.determiners else None
        self._clause = re.compile(
            rf"[.;!?]+\s+|\s*\n\s*|,\s*{phrases(words.clause_joiners)}\s+"
            rf"|(?P<joined>\s+{joiners}\s+)(?={phrases(words.clause_openers)})",
            re.I,
        )

    def knowing(self, things: Callable[[str], bool]) -> Phrasing:
        """This phrasing, telling the things a record holds by ``things`` (see ``__init__``)."""
        known = copy.copy(self)
        known._things = things
        return known

    def ordinal(self, text: str, count: int) -> int | None:
        """The index of the choice a short answer picks by its place among ``count`` listed
        ("the second one", "the latter"), or None: a longer message, none or two places named,
        a place ruled out ("not the first one") or beyond the list."""
        if count < 1 or len(text.split()) > _SHORT_PICK:
            return None
        places = {
            place
            for place, said in self._ordinals
            for m in said.finditer(text)
            if not self.negated(text, m.start())
        }
        if len(places) != 1:
            return None
        place = places.pop()
        index = place - 1 if place > 0 else count + place
        return index if 0 <= index < count else None

    def described(self, text: str, choices: Sequence[str]) -> int | None:
        """The index of the one choice among ``choices`` (as a question listed them) that the
        words describe by what only it holds ("the one with the digital camera and the wall
        clock, not the one with the office chair"), or None: a word of a choice counts when no
        other choice has it; words of two choices, words ruled out in their clause ("not",
        "except" before them) and words of a choice also ruled out pick nothing."""
        named, ruled_out = self._choices_said(text, choices)
        if len(named) != 1 or named & ruled_out:
            return None
        return named.pop()

    def ruled_out(self, text: str, choices: Sequence[str]) -> set[int]:
        """The indexes of the choices among ``choices`` that the words rule out by what only
        they hold ("not the one with the office chair") and never name otherwise."""
        named, ruled_out = self._choices_said(text, choices)
        return ruled_out - named

    def _choices_said(self, text: str, choices: Sequence[str]) -> tuple[set[int], set[int]]:
        """The choices named by a word only they hold, and those ruled out by one."""
        if len(choices) < 2:
            return set(), set()
        text = self.corrected(text) or text  # "the camera one… no wait, the chair one"
        said = [set(_choice_words(c)) for c in choices]
        own = [
            words - set().union(*(o for j, o in enumerate(said) if j != i))
            for i, words in enumerate(said)
        ]
        named: set[int] = set()
        ruled_out: set[int] = set()
        for m in _CHOICE_WORD.finditer(text):
            word = m.group().lower()
            for index, words in enumerate(own):
                if word in words:
                    out = self._ruled_out(text, m.start(), _all_words(choices[index]))
                    (ruled_out if out else named).add(index)
        return named, ruled_out

    def _ruled_out(self, text: str, start: int, own: set[str]) -> bool:
        """Whether an excluding word ("not", "except") comes before ``start`` in its clause —
        not one of the choice's own words ("no longer needed" names that reason), nor an
        exception from what is kept ("everything's fine except the headphones")."""
        cuts = [m.end() for m in _CLAUSE_START.finditer(text, 0, start)]
        clause = text[cuts[-1] if cuts else 0 : start]
        excluding = [
            m for m in self._excluding.finditer(clause) if not set(m.group().lower().split()) <= own
        ]
        return bool(excluding) and not self.excepted(text, start)

    def negated(self, text: str, start: int) -> bool:
        """Whether the mention at ``start`` is excluded ("not the backpack", "keep the
        kettle"), not excepted from what is kept ("everything's fine except the headphones")."""
        before = text[max(0, start - 80) : start]
        return (
            start > 0
            and self._negation.search(before[-40:]) is not None
            and self._excepted.search(before) is None
        )

    def negated_then_joined(self, text: str, start: int) -> str | None:
        """When the mention at ``start`` is negated only across a list joiner ("wooden not glass
        and 4ft tall"), the one word the negation names before the joiner ("glass"): whether
        the negation reaches the mention too ("not black and white") is for the caller, who
        knows whether the two words are values of one thing."""
        if not self.negated(text, start):
            return None
        m = self._negated_then_joined.search(text[max(0, start - 40) : start])
        return m.group("named") if m else None

    def list_heads(self, text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
        """For each mention of ``spans`` (start, end, in text order), the index of the first
        member of the list it belongs to — itself unless only commas, list joiners ("and",
        "or", "nor"), a determiner and a word or two of description part it from the mention
        before ("the lamp, the kettle, and the black mouse"), or it overlaps the mention before
        (one mention read twice). A reader asks of the first member what it asks of the
        mention: "except the lamp, the kettle and the mouse" excludes all three. Any other word
        ends the list ("keep the lamp, return the kettle")."""
        heads: list[int] = []
        for index, (start, _) in enumerate(spans):
            after = spans[index - 1][1] if index else -1
            # one mention read twice (as an item and as a product) is one member
            joined = index > 0 and (start < after or self._list_part.fullmatch(text[after:start]))
            heads.append(heads[index - 1] if joined else index)
        return heads

    def excluded(self, text: str, start: int, head: int | None = None) -> bool:
        """Whether the thing mentioned at ``start`` is excluded: negated (``negated``), or a
        later member of a list (``list_heads``) whose first member, at ``head``, is ("everything
        except the lamp, the kettle and *the mouse*", "not the jeans or *the belt*") — not one
        excepted from what is kept ("everything's fine except the helmet and *the keyboard*")."""
        if self.negated(text, start):
            return True
        listed = head is not None and 0 < head < start and self._joined(text, head or 0, start)
        return listed and self.negated(text, head or 0) and not self.excepted(text, start)

    def _joined(self, text: str, head: int, start: int) -> bool:
        """Whether the list from ``head`` to the member at ``start`` has a joiner in it or
        right after that member's words."""
        return bool(self._joiner.search(text, head, start) or self._joined_on.match(text, start))

    def listed_pointer(self, text: str, start: int, head: int | None) -> bool:
        """``pointer``, for a mention that is a later member of a list (``list_heads``) whose
        first member, at ``head``, must point too: in "the order with the water bottle, keep
        the headphones, return the keyboard and the water bottle" the last bottle is returned
        with the keyboard, not a pointer as a list read over the words had it."""
        if not self.pointer(text, start):
            return False
        return head is None or not 0 < head < start or self.pointer(text, head)

    def excepted(self, text: str, start: int) -> bool:
        """Whether the mention at ``start`` is excepted from what a message keeps as it is
        ("everything's fine except the headphones", "… except the helmet and the keyboard")."""
        if start <= 0:
            return False
        return (
            self._excepted.search(text[max(0, start - 80) : start]) is not None
            or self._excepted_listed.search(text[max(0, start - _LIST_REACH) : start]) is not None
        )

    def set_aside_but(self, text: str, start: int) -> bool:
        """Whether ``text`` keeps everything as it is but what it excepts, and the mention at
        ``start`` is not excepted: "everything's fine except the headphones" sets the vacuum
        it also names aside."""
        return self._all_but.search(text) is not None and not self.excepted(text, start)

    def pointer(self, text: str, start: int) -> bool:
        """Whether the mention at ``start`` only points at an order ("the bookshelf from the
        order with the office chair", "the backpack I got with the vacuum") rather than naming
        a target."""
        if start <= 0:
            return False
        return self.pointed_from(text, start) is not None

    def pointed_from(self, text: str, start: int) -> int | None:
        """Where the words that make the mention at ``start`` a pointer begin ("… my order *with
        the kettle and the* lamp"), or None when it points at nothing."""
        if start <= 0:
            return None
        offset = max(0, start - 100)
        before = text[offset:start]
        found = self._pointing(self._pointer, before)
        if found is None and self._list_goes_on.match(text[start:]) is not None:
            found = self._pointing(self._pointer_listed, before)
        return None if found is None else offset + found

    def _pointing(self, pointer: re.Pattern[str], before: str) -> int | None:
        """Where the first match of ``pointer`` in ``before`` begins whose list, when it reads
        one, opens with a thing a record holds: "with clicky switches and the" lists an
        option's values, and what follows it is no member of what an order holds."""
        at = 0
        while (found := pointer.search(before, at)) is not None:
            listed = found.groupdict().get("listed")
            first = found.groupdict().get("first") or (listed or "").split(",")[0]
            if self._things is None or not first.strip() or self._things(first):
                return found.start()
            at = found.start() + 1
        return None

    def corrected(self, text: str) -> str | None:
        """What follows the last correction in ``text`` ("cancel the Dallas order … no wait,
        the other one, with the headphones"), or None when there is none."""
        if self._correction is None:
            return None
        pieces = self._correction.split(text)
        return pieces[-1] if len(pieces) > 1 and pieces[-1].strip() else None

    def taken_back(self, text: str, named: Callable[[str], set[str]]) -> str:
        """``text`` without a value of one slot that a correction takes back for another
        ("Refund to my gift card - actually no, put it on PayPal"): the sentence before the
        last correction, back to where that sentence starts (the sentence before, when the
        correction opens one), is left out when it names a value (``named``) and the words
        after the correction name exactly one other. Otherwise ``text`` as it is: a correction
        between no two values of the slot takes nothing of it back."""
        if self._correction is None:
            return text
        found = list(self._correction.finditer(text))
        if not found:
            return text
        last = found[-1]
        before, after = text[: last.start()], text[last.end() :]
        ends = [m.end() for m in _SENTENCE.finditer(before)]
        start = ends[-1] if ends else 0
        if not before[start:].strip(" ,-–—"):
            start = ends[-2] if len(ends) > 1 else 0
        said, wished = named(before[start:]), named(after)
        if not said or len(wished) != 1 or wished <= said:
            return text
        return text[:start] + after

    def clauses(self, text: str) -> list[str]:
        """The clauses of a message: sentences, and parts joined by ", and" or "and the/my" —
        so "a white mouse and the glass bookshelf" says white of the mouse only. Not at "and"
        inside a list that points at an order ("the bookshelf I got with the sunglasses and the
        dumbbells, I want it in wood": the wish is the bookshelf's, not the dumbbells')."""
        pieces, start = [], 0
        for cut in self._clause.finditer(text):
            if cut.group("joined") is not None and self.pointer(text, cut.end()):
                continue
            pieces.append(text[start : cut.start()])
            start = cut.end()
        pieces.append(text[start:])
        return [c for c in pieces if c and c.strip()]

    def carry_subjects(
        self, text: str, named: list[set[str]], single: Callable[[set[str]], bool] | None = None
    ) -> list[set[str]]:
        """``named`` (what each clause of ``clauses(text)`` names), where a clause naming
        nothing takes the single subject of the clause before it in the same sentence: in "the
        bookshelf should be brown, and a foot shorter", "a foot shorter" is said of the
        bookshelf. A clause naming nothing at the start of a sentence stays said of no one (of
        every item). ``single`` tells whether a clause's names are one subject (default: one
        name)."""
        one = single or (lambda names: len(names) == 1)
        said = sentences(text)
        sentence_of = [index for index, sentence in enumerate(said) for _ in self.clauses(sentence)]
        carried = [set(n) for n in named]
        for i in range(1, len(carried)):
            same = i < len(sentence_of) and sentence_of[i] == sentence_of[i - 1]
            if not carried[i] and same and carried[i - 1] and one(carried[i - 1]):
                carried[i] = set(carried[i - 1])
        pieces = [clause for sentence in said for clause in self.clauses(sentence)]
        carried = self._carried_together(pieces, carried, sentence_of, one)
        return self._carried_back(said, carried, sentence_of, one)

    def _carried_together(
        self,
        pieces: list[str],
        carried: list[set[str]],
        sentence_of: list[int],
        one: Callable[[set[str]], bool],
    ) -> list[set[str]]:
        """A clause naming one thing and pointing at several (``together_pointers``) is said
        of the single things the clauses just before it in its sentence name too: in "the phone
        has a dead spot and the blue speaker crackles, can I get the exact same ones again?",
        "the exact same ones" is said of the phone as well as the speaker."""
        if self._together is None or len(pieces) != len(carried):
            return carried
        together = [set(c) for c in carried]
        for i, piece in enumerate(pieces):
            if not carried[i] or not one(carried[i]) or not self._together.search(piece):
                continue
            j = i - 1
            while j >= 0 and sentence_of[j] == sentence_of[i] and carried[j] and one(carried[j]):
                together[i] |= carried[j]
                j -= 1
        return together

    def _carried_back(
        self,
        said: list[str],
        carried: list[set[str]],
        sentence_of: list[int],
        one: Callable[[set[str]], bool],
    ) -> list[set[str]]:
        """A sentence naming nothing that points back ("keep them blue") is said of the single
        subject the sentence before it ended on (``said``: the sentences) — not one with a
        determiner, which may describe its own subject ("The silver one I received - exchange
        it for …")."""
        if self._back is None or len(sentence_of) != len(carried):
            return carried
        for s in range(1, len(said)):
            mine = [i for i, at in enumerate(sentence_of) if at == s]
            before = [i for i, at in enumerate(sentence_of) if at == s - 1]
            if not mine or not before or any(carried[i] for i in mine):
                continue
            last = carried[before[-1]]
            own = self._determiner is not None and self._determiner.search(said[s])
            if last and one(last) and not own and self._back.search(said[s]):
                for i in mine:
                    carried[i] = set(last)
        return carried


# How far back a list excepted from what is kept is looked for (about six members).
_LIST_REACH = 160


def _list_member(det: str, joiners: str) -> str:
    """A member of a list: a determiner, then one to three words that are no joiners."""
    word = rf"(?!{joiners}(?!\w))[\w'-]+"
    return rf"(?:{det}\s+)?{word}(?:\s+{word}){{0,2}}"


def _list_part(det: str, joiners: str) -> str:
    """What parts two members of a list, up to the next one's name: a comma, a joiner or both,
    then a determiner and up to two words of description, or one word ("the lamp, the black
    ", "lamp and "). A word before a determiner is no description: "keep the lamp, return
    the " ends the list."""
    word = rf"(?!{joiners}(?!\w))[\w'-]+"
    part = rf"(?:\s*,\s*(?:{joiners}\s+)?|\s+{joiners}\s+)"
    return rf"{part}(?:(?:{det})\s+(?:{word}\s+){{0,2}}|(?:{word}\s+)?)"


def _choice_words(choice: str) -> list[str]:
    """The words of a listed choice that may tell it from others (see ``_CHOICE_WORD``)."""
    found = (m.group().lower() for m in _CHOICE_WORD.finditer(choice))
    return [w for w in found if len(w) >= 3 or any(ch.isdigit() for ch in w)]


def _all_words(choice: str) -> set[str]:
    """Every word of a listed choice, short ones too ("no" of "no longer needed")."""
    return {m.group().lower() for m in _CHOICE_WORD.finditer(choice)}


_CLAUSE_OPEN = re.compile(r"[,:;(]\s*|\s[-–]+\s")


class AskingAbout:
    """Whether a message asks about a request rather than for it (``dialogue.asking_about``,
    ``asking_leads``, ``asking_for``): "How much cheaper would the espresso machine be with a
    slightly lower pressure?", "Would it cost more to get the blue one?", "I was wondering
    whether the e-reader comes with more storage" ask; "Could I swap it for a blue one?",
    "Would it be possible to bump it to 30 megapixels?", "I'd like the blue one. How much is
    it?" ask for the change. Without these words no message is read so."""

    def __init__(self, words: DialogueWords | None = None) -> None:
        words = words or DialogueWords()
        self._on = bool(words.asking_about)
        self._about = re.compile(rf"\s*{phrases(words.asking_about)}", re.I)
        self._leads = re.compile(rf"\s*{phrases(words.asking_leads)}", re.I)
        self._for = re.compile(phrases(words.asking_for), re.I)
        verbs = [*words.change_verbs, *itertools.chain(*words.request_verbs.values())]
        # a verb may open its clause after a fallback: "is it shipped? if not cancel it"
        unless = words.not_asking
        fallback = (
            rf"(?:{phrases(unless.fallback)}\s+{phrases(unless.negators)}\s+)?"
            if unless.fallback and unless.negators
            else ""
        )
        self._verb = re.compile(rf"\s*{fallback}{phrases(verbs)}", re.I)

    def only(self, text: str) -> bool:
        """Whether ``text`` asks something only in questions about a thing: one sentence
        questions it, and none asks for anything (a request's form anywhere, or a request's
        verb opening a clause: "Change it to blue. How much is that?")."""
        if not self._on:
            return False
        kinds = {self._kind(s) for s in SENTENCE_BREAK.split(text) if s.strip()}
        return "about" in kinds and "for" not in kinds

    def _kind(self, sentence: str) -> str | None:
        """ "for" for a sentence asking for something, "about" for one only asking about
        something, None for one that asks nothing."""
        opens = [0, *(m.end() for m in _CLAUSE_OPEN.finditer(sentence))]
        for start in opens:
            lead = self._leads.match(sentence, start)
            if lead is not None:  # "can you tell me …" asks about what follows it
                rest = (sentence[:start], sentence[lead.end() :])
                return "for" if any(self._for.search(r) for r in rest) else "about"
        if self._for.search(sentence):
            return "for"
        for start in opens:
            if self._verb.match(sentence, start):
                return "for"
        for start in opens:
            if self._leads.match(sentence, start) or self._about.match(sentence, start):
                return "about"
        return None
