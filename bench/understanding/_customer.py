"""The scripted customer: answers each reply from the task's facts, reading only the reply's text.

It plays the outside evaluator's customer: truthful, cooperative, saying yes to every
confirmation. It never looks at the engine's state or template names; which question was asked,
and which of its requests the bot is working on or has finished, are read from the words of the
replies with the generic rules below. These rules are the evaluator, not part of the product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from _tasks import Facts, WriteFacts

CLOSING = "no, that's all, thanks"

_ORDER_ID = re.compile(r"#?\bW\d{7}\b")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_REQUEST = re.compile(r"\b(please|tell me|let me know|give me|could you|can you|would you)\b")
_WH_START = re.compile(r"\W*(which|what|where|who|when|how|why)\b")
_CONFIRM = re.compile(
    r"\bto confirm\b|\(yes/no\)|\breply yes\b|\bshall i\b|\bshould i\b|\bis that right\b"
    r"|\bis that correct\b|\bcan i go ahead\b|\bok(ay)? to proceed\b|\bgo ahead\?"
)
_COMPLETED = re.compile(
    r"^\W*done\b|\bcompleted\b|\bhas been\b|\bhave been\b|\bis now\b|\bare now\b"
    r"|\bis cancell?ed\b|\bis requested\b|\bare changed\b|\bwill ship to\b"
)


class Ask(Enum):
    """What a reply asks the customer for."""

    OFFER = "offer"
    CONFIRM = "confirm"
    IDENTITY = "identity"
    REASON = "reason"
    ADDRESS = "address"
    PAYMENT = "payment"
    ORDER = "order"
    ITEMS = "items"
    OPTIONS = "options"
    NOTHING = "nothing"


# Checked in this order on the sentences that ask something; the first match decides.
_ASKS: tuple[tuple[Ask, re.Pattern[str]], ...] = (
    (
        Ask.OFFER,
        re.compile(
            r"would (that|this|it) (work|do)\b|\bhow about\b"
            r"|would you (like|take|accept|prefer) (that|this|it)\b|is (that|this) (ok|okay|fine)\b"
        ),
    ),
    (Ask.ADDRESS, re.compile(r"(?<!email )\baddress\b|ship(ped)? to\b|deliver(ed)? to\b")),
    (
        Ask.IDENTITY,
        re.compile(r"\bemail\b|\bzip\b|first name|last name|your name|\bverify|identif"),
    ),
    (Ask.REASON, re.compile(r"\breason\b|no longer need|by mistake|\bwhy\b")),
    (
        Ask.PAYMENT,
        re.compile(r"\bpayment\b|\bpay\b|\bpaid\b|\brefund|\bcard\b|paypal|\bdifference\b|charge"),
    ),
    (
        Ask.ORDER,
        re.compile(r"\b(which|what) orders?\b|order (number|id)\b|which of your orders|orders?:"),
    ),
    (
        Ask.ITEMS,
        re.compile(r"\b(which|what) (items?|products?)\b|which ones?\b.*\b(return|exchange)"),
    ),
    (
        Ask.OPTIONS,
        re.compile(
            r"\binstead\b|\boptions?\b|\bwhich one\b|\bdifferent\b|\bprefer\b|\bvariant|\bversion"
            r"|what would you like"
        ),
    ),
)

_DIFFERENCE = re.compile(r"\bdifference\b")
_WITH_DIFFERENCE = frozenset({"modify_pending_order_items", "exchange_delivered_order_items"})

# Words in a reply that point at a kind of request, and the writes of that kind.
_KIND_WORDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\bcancel"), frozenset({"cancel_pending_order"})),
    (re.compile(r"\breturn|\brefund"), frozenset({"return_delivered_order_items"})),
    (
        re.compile(r"\bexchang"),
        frozenset({"exchange_delivered_order_items", "modify_pending_order_items"}),
    ),
    (
        re.compile(r"default address"),
        frozenset({"modify_user_address"}),
    ),
    (
        re.compile(r"\baddress\b|\bship"),
        frozenset({"modify_pending_order_address", "modify_user_address"}),
    ),
    (re.compile(r"\bpaid with\b|\bpayment method\b"), frozenset({"modify_pending_order_payment"})),
    (
        re.compile(r"\bitems?\b"),
        frozenset(
            {
                "modify_pending_order_items",
                "exchange_delivered_order_items",
                "return_delivered_order_items",
            }
        ),
    ),
    (
        re.compile(r"\bdifference\b"),
        frozenset({"modify_pending_order_items", "exchange_delivered_order_items"}),
    ),
    (
        re.compile(r"\bchang|\bmodif"),
        frozenset(
            {
                "modify_pending_order_items",
                "modify_pending_order_address",
                "modify_pending_order_payment",
            }
        ),
    ),
)

# The fact a question needs from the write it is about.
_NEEDED_FACT: dict[Ask, str] = {
    Ask.REASON: "reason",
    Ask.ADDRESS: "address",
    Ask.PAYMENT: "payment",
    Ask.ORDER: "order",
    Ask.ITEMS: "items",
    Ask.OPTIONS: "new",
    Ask.OFFER: "new",
}


def asking_sentences(text: str) -> list[str]:
    """The sentences of a reply that ask for something: questions and requests."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    return [s for s in sentences if "?" in s or _REQUEST.search(s.lower())]


def _offer(text: str) -> str:
    """The sentence that offers something ('The closest one is X — would that work?')."""
    offer_pattern = _ASKS[0][1]
    return next((s for s in asking_sentences(text) if offer_pattern.search(s.lower())), text)


def classify(text: str) -> Ask:
    """What one reply asks for, judged from its words alone."""
    asking = asking_sentences(text)
    if not asking:
        return Ask.NOTHING
    lowered = " ".join(asking).lower()
    offer_pattern = _ASKS[0][1]
    if offer_pattern.search(lowered):
        return Ask.OFFER
    if _CONFIRM.search(text.lower()) and any(_is_yes_no(s) for s in asking):
        return Ask.CONFIRM
    for ask, pattern in _ASKS[1:]:
        if pattern.search(lowered):
            return ask
    return Ask.NOTHING


def _is_yes_no(sentence: str) -> bool:
    """A question to answer yes or no: not a which/what/where… question."""
    clause = sentence.rsplit(":", 1)[-1].lower()
    return "?" in sentence and not _WH_START.match(clause)


@dataclass
class ScriptedCustomer:
    """One customer working through its task's writes, one reply at a time."""

    facts: Facts
    targets: Sequence[Sequence[Sequence[str]]] = ()
    done: list[bool] = field(init=False)
    current: int = field(init=False, default=0)
    restatements: int = field(init=False, default=0)
    finished: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.done = [False] * len(self.facts.writes)

    @property
    def remaining(self) -> list[int]:
        """Positions of the writes the bot has not yet said it completed."""
        return [i for i, finished in enumerate(self.done) if not finished]

    def answer(self, replies: Sequence[str]) -> str:
        """The customer's next message after the bot's replies of one turn."""
        for reply in replies:
            self._note_completion(reply)
        asking = next((r for r in reversed(replies) if asking_sentences(r)), None)
        ask = classify(asking) if asking is not None else Ask.NOTHING
        text = asking or ""
        if ask is Ask.CONFIRM:
            return "yes"
        if ask is Ask.IDENTITY:
            return self._identity()
        if ask is Ask.NOTHING:
            return self._restate_or_close()
        write = self._write_for(ask, text)
        if write is None:
            return self._restate_or_close()
        if ask is Ask.OFFER and self._offer_is_wanted(_offer(text)):
            return "yes"
        return self._answer_about(ask, write, text)

    def _offer_is_wanted(self, offer: str) -> bool:
        """Whether the offered variant has every option value of a variant the current write
        wants; the customer knows exactly which variant they are after."""
        wanted = self.targets[self.current] if self.current < len(self.targets) else ()
        return any(all(_names(value, offer) for value in values) for values in wanted)

    def _answer_about(self, ask: Ask, write: WriteFacts, text: str) -> str:
        if ask is Ask.ORDER:
            return f"It's order {write.order}."
        if ask is Ask.ITEMS:
            return f"The {_join(write.items)}."
        if ask is Ask.PAYMENT:
            return _capitalised(f"{write.payment}, please.")
        if ask is Ask.REASON:
            return f"{write.reason}."
        if ask is Ask.ADDRESS:
            return f"{write.address}."
        wanted = _wanted_options(write, text)
        return " ".join(f"For the {item}: {options}." for item, options in wanted)

    def _identity(self) -> str:
        who = self.facts.identity
        if who.email is not None:
            return f"My email is {who.email}."
        return f"I'm {who.first_name} {who.last_name}, zip code {who.zip}."

    def _restate_or_close(self) -> str:
        remaining = self.remaining
        if not remaining:
            self.finished = True
            return CLOSING
        self.restatements += 1
        clauses = [_clause(self.facts.writes[i]) for i in remaining]
        return f"I'd like to {'; and '.join(clauses)}."

    def _write_for(self, ask: Ask, text: str) -> WriteFacts | None:
        """The write a question is about: the best-scoring one that has the needed fact."""
        needed = _NEEDED_FACT[ask]
        writes = self.facts.writes
        candidates = [i for i in range(len(writes)) if getattr(writes[i], needed)]
        if not candidates:
            return None
        open_ones = [i for i in candidates if not self.done[i]] or candidates
        best = max(open_ones, key=lambda i: (self._score(writes[i], text), i == self.current, -i))
        self.current = best
        return writes[best]

    def _score(self, write: WriteFacts, text: str) -> int:
        lowered = text.lower()
        mentioned = {_normal_order(m) for m in _ORDER_ID.findall(text)}
        score = 4 if write.order is not None and write.order in mentioned else 0
        if mentioned and write.order not in mentioned:
            score -= 4
        if _DIFFERENCE.search(lowered) and write.action in _WITH_DIFFERENCE:
            # Only an item change or an exchange has a price difference: "Which payment method
            # should pay the $119.95 difference?" is about one, whatever payment words it shares
            # with a change of the order's payment method.
            score += 1
        return score + _kind_matches(write, lowered)

    def _note_completion(self, reply: str) -> None:
        """Mark the write a 'Done — …' style reply reports as finished."""
        if not _COMPLETED.search(reply.lower()):
            return
        open_ones = self.remaining
        if not open_ones:
            return
        writes = self.facts.writes
        mentioned = {_normal_order(m) for m in _ORDER_ID.findall(reply)}
        if mentioned:
            open_ones = [i for i in open_ones if writes[i].order in mentioned]
        if not open_ones:
            return
        lowered = reply.lower()
        kinds = [i for i in open_ones if _kind_matches(writes[i], lowered)]
        if kinds:
            best = max(kinds, key=lambda i: (self._score(writes[i], reply), -i))
            self.done[best] = True
            self.current = best


def _kind_matches(write: WriteFacts, lowered: str) -> int:
    """How many of the reply's request words point at this write's kind."""
    return sum(
        1 for pattern, kinds in _KIND_WORDS if write.action in kinds and pattern.search(lowered)
    )


def _normal_order(text: str) -> str:
    return text if text.startswith("#") else f"#{text}"


def _join(parts: Sequence[str]) -> str:
    return " and the ".join(parts)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _base_name(item: str) -> str:
    return item.split(" (", 1)[0].lower()


def _wanted_options(write: WriteFacts, text: str) -> list[tuple[str, str]]:
    """The (item, wanted options) pairs a question is about; all of them if it names none."""
    pairs = list(zip(write.items, write.new, strict=True))
    lowered = text.lower()
    named = [pair for pair in pairs if _base_name(pair[0]) in lowered]
    return named or pairs


def _names(value: str, text: str) -> bool:
    """Whether the text names an option value as a whole word ('no' is not in 'none')."""
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text, re.IGNORECASE) is not None


def _clause(write: WriteFacts) -> str:
    """One request restated from its facts, as the rest of 'I'd like to …'."""
    action, order = write.action, write.order
    if action == "cancel_pending_order":
        return f"cancel order {order} because {_lower_first(write.reason or '')}"
    if action == "return_delivered_order_items":
        return f"return the {_join(write.items)} from order {order}, refunded to {write.payment}"
    if action == "modify_pending_order_address":
        return f"have order {order} shipped to {write.address}"
    if action == "modify_pending_order_payment":
        return f"pay for order {order} with {write.payment} instead"
    if action == "modify_user_address":
        return f"change my default address to {write.address}"
    pairs = zip(write.items, write.new, strict=True)
    if action == "exchange_delivered_order_items":
        changes = " and ".join(f"the {item} for one that is {options}" for item, options in pairs)
        return f"exchange {changes} from order {order}, paying any difference with {write.payment}"
    changes = " and ".join(f"the {item} to {options}" for item, options in pairs)
    return f"change {changes} in order {order}, paying any difference with {write.payment}"


def _lower_first(text: str) -> str:
    return text if text.startswith("I ") or text.startswith("I'") else text[:1].lower() + text[1:]
