"""Splitting a message into the parts that may each carry a request of its own, and telling
whether a part asks for something — in the workspace's words (``vocabulary.yaml``,
``requests``), so another language changes that file, not this code."""

from __future__ import annotations

import re

from deskpilot.workspace import RequestWords, phrases

from ._entity_patterns import is_email

_DASHES = {"-", "–", "—"}
# the number of an item of a list opening a part: "2) …", "(3) …"
_LISTED = re.compile(r"^\W*\(?\d{1,2}\)\s+")
# the number or letter of a thing a customer lists, opening a part: "2) …", "(3) …", "b) …"
_LISTED_THING = re.compile(r"^\W*\(?(?:\d{1,2}|[a-z])\)\s+", re.I)


def listed(text: str) -> bool:
    """Whether ``text`` opens with the number or letter of one of the things a customer lists
    ("(2) The order with the running shoes: …", "b) the t-shirt …"): each such thing is one
    the customer asked about in its own right."""
    return _LISTED_THING.match(text) is not None


def unlisted(text: str) -> str:
    """``text`` without the number or letter of a listed thing opening it: what the thing says
    ("(4) The running shoes …" counts no four shoes)."""
    return _LISTED_THING.sub("", text, count=1)


class Segmenter:
    """The parts of a message, read with one workspace's words."""

    def __init__(self, words: RequestWords) -> None:
        verbs, starts = phrases(words.verbs), phrases(words.starts)
        joiners, fillers = phrases(words.joiners), phrases(words.fillers)
        det, own = phrases(words.determiners), phrases(words.own)
        lead_verb = rf"(?:{fillers}\s+)?{verbs}"
        self._split = re.compile(
            rf"(?:[.;!?]\s+|\s+)(?=(?:{joiners}\s+)?{starts})|[.?!]\s+(?=[A-Z])|;\s+|\s+[-–—]\s+"
            # a numbered list: "1) return the notebook … 2) cancel …"
            rf"|[.;,]?\s+(?=\(?\d{{1,2}}\)\s)"
            # a list written one thing a line, after a greeting and a colon: "… what I need:\n-
            # wall clock: 10 inches …\n- phone: black …", "\n2. the kettle …"; a "1) …" line
            # keeps its number, which makes it a listed thing (``listed``)
            rf"|[.;,:]?[ \t]*\n\s*(?:(?:[-–—*•]|\d{{1,2}}\.)\s+|(?=\(?\d{{1,2}}\)\s))"
            rf"|,?\s+{joiners}\s+(?={lead_verb})"
            rf"|,?\s+{joiners}\s+(?={det}\s+{own})"
            # "two things for my LA order: exchange …" — not "For #W1234567: exchange …"
            rf"|(?<!\d):\s+(?={lead_verb})",
            re.I,
        )
        self._continues = re.compile(rf"^{phrases(words.continues)}", re.I)
        # "… take the payment off the gift card and | put it on my Mastercard": a verb whose
        # object points back at what the part before is about
        self._back = (
            re.compile(rf"^\W*(?:{joiners}\s+)?{lead_verb}\s+{phrases(words.refers_back)}\b", re.I)
            if words.refers_back
            else None
        )
        # a part opening with a word that starts a request ("and separately please …")
        self._anew = re.compile(rf"^\W*(?:{joiners}\s+)?{starts}", re.I)
        self._joined = re.compile(rf"^\W*{joiners}\b", re.I)
        # "First, …", "Secondly, …": a thing counted out in words
        self._ordinal = (
            re.compile(rf"^\W*{phrases(words.ordinals)}\b", re.I) if words.ordinals else None
        )
        # "hi there, I need …": the greeting is a part of its own
        self._greeting = (
            re.compile(rf"^\W*{phrases(words.greetings)},\s+", re.I) if words.greetings else None
        )
        self._request = re.compile(
            rf"\?|^\W*(?:(?:{joiners}|{starts}|{fillers}),?\s+)*"
            rf"(?:{verbs}|{phrases(words.asks)})",
            re.I,
        )
        about = phrases(words.about)
        self._lead = re.compile(
            rf"^\W*(?:(?:{phrases(words.leads)}"
            # "for order #W1234567", "for my LA order", "in the order with the kettle"
            rf"|{about}\s+(?:\w+\s+)?#?[a-z]*\d+"
            rf"|{about}\s+{det}(?:\s+\w+){{1,3}})[,:;]?\s+)+",
            re.I,
        )
        self._action = re.compile(rf"{phrases(words.actions)}|{own}", re.I)
        self._polite = re.compile(fillers, re.I)
        # "… its 20MP with a CF card, I want the 30MP one": a wish after a comma
        self._wish = (
            re.compile(rf",\s+(?:{fillers}\s+)?{phrases(words.wishes)}", re.I)
            if words.wishes
            else None
        )
        # "… an espresso machine, you want to return the earbuds": a wish opening what follows
        # a topic named first, in the second person too
        self._wish_opening = (
            re.compile(rf"^(?:{fillers}\s+)?{phrases(words.wishes)}\b", re.I)
            if words.wishes
            else None
        )
        # "I paid with PayPal but I would like the Mastercard charged instead": a want
        self._wanted = re.compile(phrases(words.wanted), re.I) if words.wanted else None
        # a thing of theirs named, then a colon, then what the customer wants of it ("The wall
        # clock in my pending order: smaller, white, still analog") — not a time ("at 10:30")
        mine = phrases(words.possessive) if words.possessive else "(?!)"
        # (or an order of theirs it is in: "In my pending order with the e-reader: …")
        self._topic = re.compile(
            rf"(?:^|[.!?]\s)\W*(?:{phrases(words.leads)},?\s+)*"
            rf"(?:{det}\s[^:.!?]*?|{about}\s+){mine}[^:.!?]*:\s",
            re.I,
        )
        self._correction = re.compile(phrases(words.corrections), re.I)
        # where a request may open inside a part typed without punctuation: a verb that leads
        # one, a wish, a question, or the record it is about, after the words passed over
        # before a request ("… i don't need it anymore i want to return the lamp", "… and for
        # #W1234567 ship it to …"); not a word run on by an apostrophe ("can't")
        self._opening = re.compile(
            rf"(?<=\s)"
            rf"(?:(?:{joiners}|{fillers}|{phrases(words.leads)})\s+)*"
            rf"(?:(?P<record>{about}\s+(?:\w+\s+)?#?[a-z]*\d{{5,}})"
            rf"|(?P<wish>{phrases(words.wishes)})|{phrases(words.questions)}|{verbs})(?!['’])",
            re.I,
        )
        # a verb bound to the words before it, going on with them ("… but refund it"), or a
        # noun after a determiner ("is the return process easy")
        self._bound = re.compile(
            rf"(?:{phrases(words.bound)}|{phrases(words.continues)}|{det})$", re.I
        )
        # a part that opens with a word of asking, not a wish ("how long after delivery …")
        opened = rf"^\W*(?:(?:{joiners}|{fillers}|{phrases(words.leads)})\s+)*"
        self._question = re.compile(
            rf"{opened}(?!{phrases(words.wishes)}){phrases(words.asks)}", re.I
        )
        self._sentence_end = re.compile(r"[.!?]+\s+\S")
        # a topic named before a comma: a determiner, and no word of asking or of a condition
        self._named = re.compile(det, re.I)
        self._wording = re.compile(
            rf"{verbs}|{phrases(words.asks)}|{phrases(words.continues)}"
            rf"|{phrases(words.conditions)}|\?",
            re.I,
        )

    def segments(self, text: str) -> list[str]:
        """The parts of a message that may each carry a request ("…, and also change my
        address"), each as written; a part of one word, or opening with a word that goes on
        ("but …"), joins the one before, with the words between them."""
        cuts, dashes = [0], [False]
        greeting = self._greeting.match(text) if self._greeting is not None else None
        if greeting is not None:
            cuts += [text.index(",", greeting.start()), greeting.end()]
            dashes.append(False)
        for m in self._split.finditer(text):
            if greeting is not None and m.start() < greeting.end():
                continue
            cuts += [m.start(), m.end()]
            dashes.append(m.group(0).strip() in _DASHES)
        cuts.append(len(text))
        dashes.append(False)
        spans: list[tuple[int, int]] = []
        for n, (start, end) in enumerate(zip(cuts[::2], cuts[1::2], strict=True)):
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip(" ,.;"))
            end -= len(piece) - len(piece.rstrip(" ,.;"))
            if start >= end:
                continue
            piece = text[start:end]
            continues = self._continues.match(piece) is not None
            # "… a bit bigger - 750ml - in plastic": between two dashes, an aside of the part
            # before; after the second, that part goes on unless a request starts there.
            aside = dashes[n] and (dashes[n + 1] or (n > 1 and dashes[n - 1]))
            if aside and n > 1 and dashes[n - 1] and self._request.match(piece):
                aside = False
            before = text[spans[-1][0] : spans[-1][1]] if spans else ""
            # "james.li@example.com. i want to return …": an address given alone is who the
            # customer is, a part of its own, not the first word of the request after it.
            short = (len(piece.split()) < 2 and not is_email(piece)) or (
                len(before.split()) < 2 and not is_email(before)
            )
            if spans and (short or continues or aside):
                # "- but for that difference use my visa": the words between are kept
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return [text[start:end] for start, end in spans]

    def asks(self, text: str) -> bool:
        """Whether a part of a message asks for something (not "the boots look worn"): a
        request word leading it (after "Second," or "For #W1234567:"), or an action word
        anywhere in it ("For #W1: I'm moving, ship it to …"), a thing named before a colon
        ("The bottle in my pending order: steel, 1L"), or a wish after a comma (``wished``)."""
        # "2) In my pending order with the e-reader: …": a number of a list passed over
        text = _LISTED.sub("", text)
        return self._asks_outright(text) or self._wished(text) is not None

    def asks_only_by_topic(self, text: str) -> bool:
        """Whether a part asks only by naming a thing of the customer's before a colon ("the
        kettle I bought for my mum: glass, 1 liter, for a gas stove"): no request or action word,
        no question mark, no word of courtesy, no wish after a comma."""
        text = _LISTED.sub("", text)
        return (
            self._topic.search(text) is not None
            and self._request.search(text) is None
            and self._request.search(self._lead.sub("", text)) is None
            and self._polite.search(text) is None
            and self._action.search(text) is None
            and self._wished(text) is None
        )

    def asks_only_politely(self, text: str) -> bool:
        """Whether a part asks by a word of courtesy alone ("black or stainless steel,
        whichever is cheaper, still homekit please"): no request or action word, no thing
        named before a colon, no wish after a comma."""
        text = _LISTED.sub("", text)
        return (
            self._polite.search(text) is not None
            and not self._asks_outright(text, polite=False)
            and self._wished(text) is None
        )

    def _asks_outright(self, text: str, polite: bool = True) -> bool:
        if self._request.search(text) is not None:
            return True
        if self._request.search(self._lead.sub("", text)) is not None:
            return True
        if self._topic.search(text) is not None:
            return True
        if polite and self._polite.search(text) is not None:
            return True  # "… is too big: a size smaller please"
        return self._action.search(text) is not None

    def wants(self, text: str) -> bool:
        """Whether a part says how a thing ought to be (``wanted``: "should be", "I would
        like"), wherever in it: it may want something though no word of it asks."""
        return self._wanted is not None and self._wanted.search(text) is not None

    def wished(self, text: str) -> str | None:
        """The words from a wish after a comma on, when only such a wish makes a part ask
        ("the camera I got, its 20MP with a CF card, I want the 30MP one"): what the part's
        request is read from besides the whole part, whose story may pull it elsewhere ("the
        hose doesn't reach the yard, I want the longest one" is no return); None otherwise."""
        text = _LISTED.sub("", text)
        return None if self._asks_outright(text) else self._wished(text)

    def _wished(self, text: str) -> str | None:
        m = self._wish.search(text) if self._wish is not None else None
        return text[m.start() + 1 :].lstrip() if m is not None else None

    def clause(self, text: str) -> str | None:
        """The request of a part that names its topic first and asks after a comma ("And the
        order with the laptop and the mouse, I want to pay that with PayPal"): the words from
        the first comma a request follows, or None when no comma leads into one."""
        for m in re.finditer(r",\s+", text):
            topic, rest = text[: m.start()], text[m.end() :]
            if self._named.search(topic) is None or self._wording.search(topic) is not None:
                return None  # not a thing named first: "If I have to pay a difference, …"
            if (
                self._opens_request(rest)
                and self._continues.match(rest) is None
                and len(rest.split()) >= 3
            ):
                return rest
        return None

    def _opens_request(self, text: str) -> bool:
        """Whether ``text`` opens with a request's verb, a word of asking, or a wish — "you
        want" included, which asks only after a thing named first ("From the order with the
        earbuds, you want to return them"), never opening a part of its own."""
        if self._request.match(text) is not None:
            return True
        return self._wish_opening is not None and self._wish_opening.match(text) is not None

    def anew(self, text: str) -> bool:
        """Whether a part opens with a word saying a new request starts there ("And
        separately, please switch …", "Also …"): what comes before it is no lead-in to it."""
        return self._anew.match(text) is not None

    def counted(self, text: str) -> bool:
        """Whether a part opens with the number of a thing counted out in words ("First, the
        makeup kit I received …"): what it opens is asked for in its own right."""
        return self._ordinal is not None and self._ordinal.match(text) is not None

    def points_back(self, text: str) -> bool:
        """Whether a part opens with a verb whose object points back ("put it on my Mastercard
        ending 9536"): cut from the part before inside one sentence, it goes on with that
        part's request."""
        return self._back is not None and self._back.match(text) is not None

    def joined(self, text: str) -> bool:
        """Whether a part opens with a word joining it to the part before ("And the camera
        …")."""
        return self._joined.match(text) is not None

    def openings(self, text: str) -> list[tuple[int, bool]]:
        """Where a request may open inside ``text`` (not at its start), each with whether it
        opens at the record it is about ("… and for #W1234567 exchange …"): the places a
        message typed without full stops or capitals may be cut, if its reading agrees. Not
        after a mark the writer punctuates with (the cuts at marks are made already), and
        inside a question but at a wish or a record ("how long after delivery can I still send
        …" is one question)."""
        question = self._question.match(text) is not None
        places = []
        for m in self._opening.finditer(text):
            before = text[: m.start()].rstrip()
            if not before or not before[-1].isalnum():
                continue
            record = m.group("record") is not None
            if not record and self._bound.search(before) is not None:
                continue
            if question and not record and m.group("wish") is None:
                continue  # "how long after delivery can i still send it back"
            places.append((m.start(), record))
        return places

    def unpunctuated(self, text: str) -> bool:
        """Whether the writer of ``text`` left sentence ends out: no full stop, question or
        exclamation mark followed by more words. Only such a message is cut by reading."""
        return self._sentence_end.search(text) is None

    def corrected(self, text: str) -> str | None:
        """What follows the last correction in ``text`` ("… no wait, I mean return it"), or
        None when there is none."""
        pieces = self._correction.split(text)
        return pieces[-1] if len(pieces) > 1 else None

    def correction(self, text: str) -> tuple[int, int] | None:
        """Where the last correction in ``text`` stands (start, end), or None."""
        spans = [m.span() for m in self._correction.finditer(text)]
        return spans[-1] if spans else None
